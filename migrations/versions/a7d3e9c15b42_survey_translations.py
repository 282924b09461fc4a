"""survey_translation: each survey version's wording in other languages

One row per version and language; `texts` keeps, for each text, the English it was made
from beside the translation, so a changed English text shows as out of date.

Revision ID: a7d3e9c15b42
Revises: 08fc4a9f3bd2
Create Date: 2026-12-03 08:25:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a7d3e9c15b42'
down_revision = '08fc4a9f3bd2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'survey_translation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=12), nullable=False),
        sa.Column('texts', sa.JSON(), nullable=False),
        sa.Column('reviewed_by', sa.String(length=120), nullable=True),
        sa.Column('reviewed_on', sa.Date(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['version_id'], ['survey_version.id'],
                                name=op.f('fk_survey_translation_version_id_survey_version'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_translation')),
        sa.UniqueConstraint('version_id', 'language', name=op.f('uq_survey_translation_version_id_language')),
    )
    with op.batch_alter_table('survey_translation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_translation_version_id'), ['version_id'], unique=False)


def downgrade():
    with op.batch_alter_table('survey_translation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_translation_version_id'))
    op.drop_table('survey_translation')
