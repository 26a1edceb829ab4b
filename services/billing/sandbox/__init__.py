"""The built-in test-mode payment gateway ("test mode — no money moves")."""
