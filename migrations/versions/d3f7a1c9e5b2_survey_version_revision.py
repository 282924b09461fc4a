"""survey_version.revision: raised on every change to a version's wording or translations,
so a worker's cached copy of a version is known to be current from one column

Revision ID: d3f7a1c9e5b2
Revises: d5f8b3c1e926
Create Date: 2026-12-04 23:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd3f7a1c9e5b2'
down_revision = 'd5f8b3c1e926'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survey_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    # Not in batch mode: on SQLite that copies the table, and the survey rows' foreign key
    # to it refuses the DROP TABLE. SQLite has had DROP COLUMN since 3.35.
    op.execute('ALTER TABLE survey_version DROP COLUMN revision')
