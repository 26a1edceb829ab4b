"""Plain-Python domain layer of Simple Balance Music: never imports reflex."""
