"""Running the app as a public hosted demo: one demo account per visitor, their
expiry and clean-up, and the tables behind quotas and rate limits."""
