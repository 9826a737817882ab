"""reviewer session version: signing out revokes the session cookie (web/review.py)

Revision ID: ed6d91d18ea7
Revises: 113cbbc65881
Create Date: 2026-11-30 02:51:53.470760+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'ed6d91d18ea7'
down_revision: str | None = '113cbbc65881'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('reviewer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('reviewer', schema=None) as batch_op:
        batch_op.drop_column('session_version')
