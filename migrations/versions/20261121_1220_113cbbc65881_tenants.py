"""tenants: per-brand webhook secret and hashed read token (docs/operations.md, Security)

Revision ID: 113cbbc65881
Revises: f929c54d24dc
Create Date: 2026-11-21 12:20:46.890556+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '113cbbc65881'
down_revision: str | None = 'f929c54d24dc'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('tenant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('webhook_secret', sa.String(length=200), nullable=False),
    sa.Column('read_token_hash', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenant')),
    sa.UniqueConstraint('read_token_hash', name=op.f('uq_tenant_read_token_hash')),
    sa.UniqueConstraint('slug', name=op.f('uq_tenant_slug'))
    )


def downgrade() -> None:
    op.drop_table('tenant')
