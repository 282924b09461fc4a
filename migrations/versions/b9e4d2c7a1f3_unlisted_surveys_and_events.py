"""survey.listed, event.listed: unlisted ones are not on the home page, only reachable by link or QR code

Revision ID: b9e4d2c7a1f3
Revises: c7d1e5f2a9b4
Create Date: 2026-12-03 13:55:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b9e4d2c7a1f3'
down_revision = 'c7d1e5f2a9b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listed', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listed', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('listed')
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_column('listed')
