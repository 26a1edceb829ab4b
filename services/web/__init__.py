"""Rules for what arrives from the browser at the web edge, in plain Python (no web
framework): where a person may be sent back to, which client address a request
came from, which ids are ids. The HTTP routes and the states both use them."""
