"""Load harness for the scale topology (issue 28): `room.py` prepares a party room,
`members.py` drives party pages over the websocket without a browser (reconnecting
like the page's Reflex client), `locustfile.py` loads the HTTP side. `bench/scale.py`
runs them bounded and prints the figures; the fault tests reuse them."""
