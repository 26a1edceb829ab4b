"""api: long work started through /api/v1 kept in the database (any worker answers its status)

Revision ID: 20261205_api_jobs
Revises: 20261205_events
Create Date: 2026-12-04 18:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '20261205_api_jobs'
down_revision: str | None = '20261205_events'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('api_job',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('area', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('message', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('api_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_job_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_job_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('api_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_job_user_id'))
        batch_op.drop_index(batch_op.f('ix_api_job_created_at'))
    op.drop_table('api_job')
