"""scheduler_heartbeat: when a scheduler last finished a pass

The workspace warns plainly when no scheduler has run in the last few minutes, because
without one no scheduled summary or outbox email is ever sent.

Revision ID: f4c2a9e1b7d3
Revises: b3e91d52c0a7
Create Date: 2026-12-03 07:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f4c2a9e1b7d3'
down_revision = 'b3e91d52c0a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'scheduler_heartbeat',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('last_pass_at', sa.DateTime(), nullable=False),
        sa.Column('runner', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduler_heartbeat')),
    )


def downgrade():
    op.drop_table('scheduler_heartbeat')
