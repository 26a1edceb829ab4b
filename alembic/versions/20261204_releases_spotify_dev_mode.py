"""releases and Spotify as a development-mode app sees them; job results

* `jobrun` counts items done and failed with the reasons; `job_person_result` keeps
  each person's outcome of a job's latest run that covered them;
* `spotifyconnection.token_lifetime_s`: when to refresh depends on it;
* `followedartist.checked_at`: a failed check never moves a person's window on;
* `release.source`: Disconnect deletes what came from Spotify (existing rows are
  Spotify's when their link points there, else the demo catalog's);
* `releaseprefs`: `include_appearances` replaces the read-time `hide_compilations` /
  `hide_appears_on` (never shown on a page), plus the person's time zone and the
  playlist "Add to playlist" adds to; `releasewatch.last_error` gives way to the
  per-person job outcome.

Revision ID: 20261204_releases
Revises: 20261204_worlds_refresh
Create Date: 2026-12-04 13:59:34.642049
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '20261204_releases'
down_revision: str | None = '20261204_worlds_refresh'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('job_person_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('reasons', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('job_id', 'user_id')
    )
    with op.batch_alter_table('job_person_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_person_result_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('followedartist', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))

    with op.batch_alter_table('jobrun', schema=None) as batch_op:
        batch_op.add_column(sa.Column('items_done', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('items_failed', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('reasons', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False, server_default=''))

    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default='spotify'))
    op.execute("UPDATE release SET source = 'demo' WHERE url NOT LIKE 'https://open.spotify.com/%'")

    with op.batch_alter_table('releaseprefs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('include_appearances', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('time_zone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default='UTC'))
        batch_op.add_column(sa.Column('playlist_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('playlist_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('playlist_source', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default=''))
        batch_op.drop_column('hide_appears_on')
        batch_op.drop_column('hide_compilations')

    with op.batch_alter_table('releasewatch', schema=None) as batch_op:
        batch_op.drop_column('last_error')

    with op.batch_alter_table('spotifyconnection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_lifetime_s', sa.Integer(), nullable=False, server_default='3600'))


def downgrade() -> None:
    with op.batch_alter_table('spotifyconnection', schema=None) as batch_op:
        batch_op.drop_column('token_lifetime_s')

    with op.batch_alter_table('releasewatch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_error', sa.VARCHAR(length=500), nullable=False, server_default=''))

    with op.batch_alter_table('releaseprefs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hide_compilations', sa.BOOLEAN(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('hide_appears_on', sa.BOOLEAN(), nullable=False, server_default=sa.false()))
        batch_op.drop_column('playlist_source')
        batch_op.drop_column('playlist_name')
        batch_op.drop_column('playlist_id')
        batch_op.drop_column('time_zone')
        batch_op.drop_column('include_appearances')

    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.drop_column('source')

    with op.batch_alter_table('jobrun', schema=None) as batch_op:
        batch_op.drop_column('reasons')
        batch_op.drop_column('items_failed')
        batch_op.drop_column('items_done')

    with op.batch_alter_table('followedartist', schema=None) as batch_op:
        batch_op.drop_column('checked_at')

    with op.batch_alter_table('job_person_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_person_result_user_id'))

    op.drop_table('job_person_result')
