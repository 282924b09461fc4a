"""event.easy_read: an event's link opens the Easy Read version of its surveys

Revision ID: e8c1f5a2d604
Revises: 6543552d7db5
Create Date: 2026-12-03 12:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'e8c1f5a2d604'
down_revision = '6543552d7db5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event') as batch:
        batch.add_column(sa.Column('easy_read', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('event') as batch:
        batch.drop_column('easy_read')
