"""events: tour alerts (new dates and on-sale dates of followed artists, each sent once)

Revision ID: 20261205_events
Revises: 20261204_security
Create Date: 2026-12-04 17:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '20261205_events'
down_revision: str | None = '20261205_billing'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('touralert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('artist', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('start', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('onsale_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'event_id', 'kind')
    )
    with op.batch_alter_table('touralert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_touralert_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('touralert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_touralert_user_id'))
    op.drop_table('touralert')
