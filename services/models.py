"""Every table module, imported in one place so Alembic and the tests see the whole
schema. A new area adds its `models` module here (and generates a migration)."""

from sqlmodel import SQLModel

import services.accounts.models
import services.ai.models
import services.audit
import services.billing.models
import services.billing.sandbox.models
import services.catalog.models
import services.counters
import services.events.models
import services.job_results
import services.label.content_models
import services.label.models
import services.live
import services.mail.models
import services.party.models
import services.releases.models
import services.scheduler
import services.spotify.models
import services.webhooks.models
import services.worlds.models  # noqa: F401

metadata = SQLModel.metadata
