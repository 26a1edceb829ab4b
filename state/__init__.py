"""Thin Reflex states: they call `services` and hold only what pages show."""
