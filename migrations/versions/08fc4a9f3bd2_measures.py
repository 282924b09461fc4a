"""measures: daily tallies for charts over time, and organisers' own measures

daily_tally holds counts per survey, day and thing counted (a cache of the responses,
rebuilt on first read); tally_stale marks days to recount; tally_built says a survey was
counted in full. organiser_measure and measure_change hold measures organisers add, with
the dates where their limits are recalculated.

Revision ID: 08fc4a9f3bd2
Revises: c4d8a1f27e90
Create Date: 2026-12-03 07:49:57.902281

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '08fc4a9f3bd2'
down_revision = 'c4d8a1f27e90'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('daily_tally',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('counted', sa.String(length=120), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_daily_tally_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', 'day', 'counted', name=op.f('pk_daily_tally'))
    )
    op.create_table('organiser_measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('improvement', sa.Enum('increase', 'decrease', 'neutral', name='improvement', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_organiser_measure_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organiser_measure'))
    )
    with op.batch_alter_table('organiser_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organiser_measure_survey_id'), ['survey_id'], unique=False)

    op.create_table('tally_built',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('built_at', sa.DateTime(), nullable=False),
    sa.Column('method', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_tally_built_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', name=op.f('pk_tally_built'))
    )
    op.create_table('tally_stale',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_tally_stale_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', 'day', name=op.f('pk_tally_stale'))
    )
    op.create_table('measure_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['organiser_measure.id'], name=op.f('fk_measure_change_measure_id_organiser_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_change'))
    )
    with op.batch_alter_table('measure_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_change_measure_id'), ['measure_id'], unique=False)



def downgrade():
    with op.batch_alter_table('measure_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_change_measure_id'))

    op.drop_table('measure_change')
    op.drop_table('tally_stale')
    op.drop_table('tally_built')
    with op.batch_alter_table('organiser_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organiser_measure_survey_id'))

    op.drop_table('organiser_measure')
    op.drop_table('daily_tally')
