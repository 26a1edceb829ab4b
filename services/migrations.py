"""Apply Alembic migrations from code (setup command, tests, container start)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from services.config import ROOT, get_settings
from services.db import make_engine


def alembic_config(db_url: str | None = None) -> Config:
    """The project's Alembic config, optionally aimed at another database."""
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.attributes["configure_logger"] = False
    cfg.attributes["db_url"] = db_url or get_settings().db_url
    return cfg


def upgrade_to_head(db_url: str | None = None) -> None:
    """Bring the schema up to the newest revision."""
    command.upgrade(alembic_config(db_url), "head")


def is_current(db_url: str | None = None) -> bool:
    """True when the database is at the newest revision (for readiness checks)."""
    cfg = alembic_config(db_url)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    engine = make_engine(cfg.attributes["db_url"])
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision() == head
    finally:
        engine.dispose()
