"""Reusable UI functions: they take Vars and plain values and know no service."""
