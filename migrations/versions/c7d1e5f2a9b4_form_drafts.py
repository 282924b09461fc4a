"""form_draft: a survey form sent with a problem, kept for a moment to show it again by redirect

Shown as the answer to the POST, the page with the errors stays in the browser's history
as a POST, and Back after the thank-you page asks to "confirm form resubmission".

Revision ID: c7d1e5f2a9b4
Revises: f1d9b3c6a852
Create Date: 2026-12-03 13:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c7d1e5f2a9b4'
down_revision = 'f1d9b3c6a852'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'form_draft',
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('errors', sa.JSON(), nullable=False),
        sa.Column('notice', sa.Text(), nullable=False),
        sa.Column('unsent', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_form_draft_survey_id_survey'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('token', name=op.f('pk_form_draft')),
    )
    with op.batch_alter_table('form_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_draft_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_form_draft_survey_id'), ['survey_id'], unique=False)


def downgrade():
    with op.batch_alter_table('form_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_draft_survey_id'))
        batch_op.drop_index(batch_op.f('ix_form_draft_created_at'))
    op.drop_table('form_draft')
