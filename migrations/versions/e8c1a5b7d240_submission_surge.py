"""submission_surge: a day far busier than a survey's usual, noticed once

One client stored 1,000 made-up answers in 25 seconds. Beside the rate limit (kept in
memory or Redis, never here), a survey's day of far more responses than usual is recorded
once, and its organisers are emailed. No client address is stored.

Revision ID: e8c1a5b7d240
Revises: e8c1f5a2d604
Create Date: 2026-12-03 13:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e8c1a5b7d240'
down_revision = 'e8c1f5a2d604'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'submission_surge',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('responses', sa.Integer(), nullable=False),
        sa.Column('usual_per_day', sa.Integer(), nullable=False),
        sa.Column('noticed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_submission_surge_survey_id_survey'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_submission_surge')),
        sa.UniqueConstraint('survey_id', 'day', name=op.f('uq_submission_surge_survey_id_day')),
    )


def downgrade():
    op.drop_table('submission_surge')
