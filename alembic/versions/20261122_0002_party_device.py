"""party room drives the host's Spotify device

New columns on `party_room` remember what the host's Spotify device was told
(`services/party/player.py`); server defaults fill the rooms that already exist.

Revision ID: 0002_party_device
Revises: 0001
Create Date: 2026-11-22 17:25:33.982079
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002_party_device'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('party_room', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_seq', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('device_paused', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('device_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('device_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('device_detail', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('device_sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('device_checked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('device_retry_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('device_failures', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('device_lease_until', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('party_room', schema=None) as batch_op:
        batch_op.drop_column('device_lease_until')
        batch_op.drop_column('device_failures')
        batch_op.drop_column('device_retry_at')
        batch_op.drop_column('device_checked_at')
        batch_op.drop_column('device_sent_at')
        batch_op.drop_column('device_detail')
        batch_op.drop_column('device_name')
        batch_op.drop_column('device_status')
        batch_op.drop_column('device_paused')
        batch_op.drop_column('device_seq')
