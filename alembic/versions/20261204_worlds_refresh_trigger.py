"""worlds: who started a refresh, and whether it is still running

`world_refresh.trigger` (manual | scheduled) counts a free plan's manual refreshes
per week; `status` (running | done | failed) is written when a refresh starts, so
the limit is checked and claimed in one transaction. Existing rows were scheduled
refreshes that finished.

Revision ID: 20261204_worlds_refresh
Revises: 0003_demo_release_schedule
Create Date: 2026-12-04 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '20261204_worlds_refresh'
down_revision: str | None = '0003_demo_release_schedule'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('worldrefresh', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trigger', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False,
                                      server_default='scheduled'))
        batch_op.add_column(sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False,
                                      server_default='done'))


def downgrade() -> None:
    with op.batch_alter_table('worldrefresh', schema=None) as batch_op:
        batch_op.drop_column('status')
        batch_op.drop_column('trigger')
