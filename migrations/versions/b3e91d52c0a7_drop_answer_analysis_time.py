"""drop answer_analysis.analysed_at: it kept the time of day each written answer arrived

Responses keep only the date they were submitted, and the thank-you page promises no time
of day is recorded; but the analysis row of every free-text answer is written in the same
moment, so its timestamp told anyone with the database when each comment was sent, which
at a small event can point to who wrote it. Nothing reads the column: the model version
says which analysis an answer has, and the response's date says when.

Revision ID: b3e91d52c0a7
Revises: 7c2f0e4b9d31
Create Date: 2026-11-26 07:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3e91d52c0a7'
down_revision = '7c2f0e4b9d31'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answer_analysis', schema=None) as batch_op:
        batch_op.drop_column('analysed_at')


def downgrade():
    # The times are gone for good; rows get the moment of the downgrade.
    with op.batch_alter_table('answer_analysis', schema=None) as batch_op:
        batch_op.add_column(sa.Column('analysed_at', sa.DateTime(), nullable=False,
                                      server_default=sa.func.current_timestamp()))
