"""survey.one_question_per_page: show a survey one question at a time

The organiser chooses it per survey (the GOV.UK Forms pattern: a page per question, then
"check your answers"); the long one-page form stays the default.

Revision ID: d2b6f0a4c871
Revises: d2b6f0a4c913
Create Date: 2026-12-03 12:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'd2b6f0a4c871'
down_revision = 'd2b6f0a4c913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survey') as batch:
        batch.add_column(sa.Column('one_question_per_page', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('survey') as batch:
        batch.drop_column('one_question_per_page')
