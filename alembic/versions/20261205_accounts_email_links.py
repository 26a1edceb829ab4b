"""accounts: confirmed email addresses and emailed single-use links (confirm, reset)

Accounts that exist before this revision are taken as confirmed (they signed up
when no confirmation was asked for), demo accounts excepted.

Revision ID: 20261205_accounts
Revises: 20261204_security
Create Date: 2026-12-05 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '20261205_accounts'
down_revision: str | None = '20261205_api_tokens'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('emaillink',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('emaillink', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_emaillink_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_emaillink_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.execute(sa.text('UPDATE "user" SET email_confirmed_at = created_at WHERE is_demo = :no').bindparams(no=False))


def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
    with op.batch_alter_table('emaillink', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_emaillink_user_id'))
        batch_op.drop_index(batch_op.f('ix_emaillink_token_hash'))
    op.drop_table('emaillink')
