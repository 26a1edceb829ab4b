"""Running the app as a public hosted demo: one demo account per visitor, their
expiry and clean-up (the counters behind quotas and rate limits are in
`services/counters.py`)."""
