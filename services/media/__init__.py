"""Checks shared by every upload of media: what a file really is, and whether it
fits the caps of its kind, before anything decodes it (see `probe`)."""
