"""demo release dates come from a rolling schedule, not stored rows

`services.catalog.fresh` dates each demo listener's new releases from the day itself, so
the release feed's four-week window is full on any date; the per-listener table that froze
the dates at sign-up goes.

Revision ID: 0003_demo_release_schedule
Revises: 0002_party_device
Create Date: 2026-12-04 14:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0003_demo_release_schedule'
down_revision: str | None = '0002_party_device'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table('demoreleasedate')


def downgrade() -> None:
    op.create_table('demoreleasedate',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('album_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('release_date', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'album_id')
    )
