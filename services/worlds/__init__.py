"""World builder engine: taste profile, scoring, themed playlists, diversity, refresh, covers.

Pure and fast: every function takes plain inputs (numpy arrays and small
dataclasses) so the catalog and AI layers can feed it without the engine
knowing their code. `engine.build_world` runs the whole pipeline.
"""
