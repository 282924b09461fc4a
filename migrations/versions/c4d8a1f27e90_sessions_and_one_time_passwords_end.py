"""user.session_generation and user.password_expires_at: sessions and one-time passwords end

A session cookie is signed but otherwise kept by the browser, so a copy of it kept working
after sign-out. Each account now has a counter that sign-out, a password change and
switching the account off move on; a cookie issued under an older number is refused.
One-time passwords (a new account, a reset) kept working until used, however long they
sat in an email or on a screen; each now has a moment it stops working.

Revision ID: c4d8a1f27e90
Revises: e5a7c3d91b20
Create Date: 2026-12-03 07:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4d8a1f27e90'
down_revision = 'e5a7c3d91b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('password_expires_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('password_expires_at')
        batch_op.drop_column('session_generation')
