"""World builder: answers read as rules and bands, genre families, scoring, one identity per
playlist, diversity, texts written from the tracks and checked, refresh, export, covers, demo sounds.

The engine (`engine.build_world`) is pure and fast: plain inputs (numpy arrays and small
dataclasses), so the catalog and AI layers feed it without it knowing their code;
`builder.build_for_user` does the remote work around it.
"""
