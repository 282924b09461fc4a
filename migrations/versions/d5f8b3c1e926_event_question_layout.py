"""event.question_layout: an event can show its surveys one question per page, or all on one page, without copying them

Revision ID: d5f8b3c1e926
Revises: a3e7c5d1f902
Create Date: 2026-12-05 00:15:00

Existing events follow their surveys' own setting, as they did before.
"""
import sqlalchemy as sa
from alembic import op

revision = 'd5f8b3c1e926'
down_revision = 'a3e7c5d1f902'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event') as batch:
        batch.add_column(sa.Column('question_layout', sa.Enum('survey', 'one_page', 'one_per_page',
                                                              name='questionlayout', native_enum=False,
                                                              create_constraint=True, length=24),
                                   nullable=False, server_default='survey'))


def downgrade():
    with op.batch_alter_table('event') as batch:
        batch.drop_constraint(batch.f('ck_event_questionlayout'), type_='check')
        batch.drop_column('question_layout')
