"""A full-text index of the demo catalog on SQLite (FTS5), so search does not scan
every row. Elsewhere (PostgreSQL) search falls back to `LIKE` on `search_text`.

One contentless FTS5 table per kind, keyed by the rows' `seq` (a stable integer
column, unlike SQLite's implicit rowid, which VACUUM may renumber). The tables sit
outside SQLModel's metadata and are rebuilt by `seed_catalog` (or on first use when
missing). Words match as prefixes: "synth" finds "synth-pop".
"""

from __future__ import annotations

import logging
import re
from typing import Any

from sqlalchemy import column, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

log = logging.getLogger(__name__)

SOURCES = {"track": "catalogtrack", "artist": "catalogartist", "album": "catalogalbum"}
_TOKEN = re.compile(r"\w+", re.UNICODE)
_ready: set[str] = set()


def table_name(kind: str) -> str:
    return f"catalog_fts_{kind}"


def supported(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def build(conn: Connection) -> None:
    """(Re)create the index from the catalog tables, inside the caller's transaction."""
    if conn.dialect.name != "sqlite":
        return
    _ready.discard(str(conn.engine.url))
    try:
        with conn.begin_nested():
            for kind, source in SOURCES.items():
                fts = table_name(kind)
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}")
                conn.exec_driver_sql(
                    f"CREATE VIRTUAL TABLE {fts} USING fts5(body, content='', "
                    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
                )
                conn.exec_driver_sql(f"INSERT INTO {fts} (rowid, body) SELECT seq, search_text FROM {source}")
    except OperationalError:  # an SQLite built without FTS5: search falls back to LIKE
        log.warning("SQLite has no FTS5; demo catalog search scans rows instead", exc_info=True)


def available(engine: Engine) -> bool:
    """The index exists and has rows (remembered once true for this engine)."""
    key = str(engine.url)
    if key in _ready:
        return True
    if not supported(engine):
        return False
    with engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'catalog_fts_%'")}
        if not all(table_name(k) in names for k in SOURCES):
            return False
        if conn.exec_driver_sql(f"SELECT 1 FROM {table_name('track')} LIMIT 1").first() is None:
            return False
    _ready.add(key)
    return True


def match_expression(words: list[str]) -> str | None:
    """An FTS5 query requiring every word as a prefix; None when no word has letters or digits."""
    tokens = [t for w in words for t in _TOKEN.findall(w.lower())]
    if not tokens:
        return None
    return " AND ".join(f'"{t}"*' for t in tokens)


def matching_seqs(kind: str, expression: str) -> Any:
    """A subquery of the `seq` of every row of `kind` that matches, for `seq.in_(...)`."""
    fts = table_name(kind)
    return (text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :fts_q")
            .bindparams(fts_q=expression).columns(column("rowid")))
