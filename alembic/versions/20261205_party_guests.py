"""party room: bans that expire, per-person add cooldown, optional passcode

`party_member.banned_until` (a removed person may come back after it; null while
removed = until the party ends), `party_room.ban_minutes` (the host's choice, 60 by
default) and `party_room.add_cooldown_s` (seconds between two adds of a listener) and
`party_room.passcode` ("" = none: newcomers must type it to join).

Revision ID: 20261205_party
Revises: 20261204_security
Create Date: 2026-12-05 17:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '20261205_party'
down_revision: str | None = '20261205_accounts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('party_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('banned_until', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('party_room', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ban_minutes', sa.Integer(), nullable=False, server_default='60'))
        batch_op.add_column(sa.Column('add_cooldown_s', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('passcode', sa.String(length=20), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('party_room', schema=None) as batch_op:
        batch_op.drop_column('passcode')
        batch_op.drop_column('add_cooldown_s')
        batch_op.drop_column('ban_minutes')
    with op.batch_alter_table('party_member', schema=None) as batch_op:
        batch_op.drop_column('banned_until')
