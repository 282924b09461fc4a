"""you said, we did: actions, their links to themes, surveys and events, and their history

action_item holds what people said and what was done (status with a date per stage, who is
responsible, a team name for public pages, an optional chosen quote, closing); action_theme,
action_survey and action_event link it; action_change keeps every change, who and when.

Revision ID: a88e57899ba5
Revises: d2b6f0a4c871
Create Date: 2026-12-03 12:20:29.677134

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a88e57899ba5'
down_revision = 'd2b6f0a4c871'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('action_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('said', sa.Text(), nullable=False),
    sa.Column('done', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'in_progress', 'done', name='actionstatus', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('responsible', sa.String(length=200), nullable=False),
    sa.Column('public_team', sa.String(length=200), nullable=False),
    sa.Column('quote_answer_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_action_item_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['quote_answer_id'], ['answer.id'], name=op.f('fk_action_item_quote_answer_id_answer'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_item'))
    )
    with op.batch_alter_table('action_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_item_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_item_done_on'), ['done_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_item_status'), ['status'], unique=False)

    op.create_table('action_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('what', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action_item.id'], name=op.f('fk_action_change_action_id_action_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_action_change_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_change'))
    )
    with op.batch_alter_table('action_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_change_action_id'), ['action_id'], unique=False)

    op.create_table('action_event',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action_item.id'], name=op.f('fk_action_event_action_id_action_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_action_event_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'event_id', name=op.f('pk_action_event'))
    )
    with op.batch_alter_table('action_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_event_event_id'), ['event_id'], unique=False)

    op.create_table('action_survey',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action_item.id'], name=op.f('fk_action_survey_action_id_action_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_action_survey_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'survey_id', name=op.f('pk_action_survey'))
    )
    with op.batch_alter_table('action_survey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_survey_survey_id'), ['survey_id'], unique=False)

    op.create_table('action_theme',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action_item.id'], name=op.f('fk_action_theme_action_id_action_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_action_theme_theme_id_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'theme_id', name=op.f('pk_action_theme'))
    )
    with op.batch_alter_table('action_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_theme_theme_id'), ['theme_id'], unique=False)



def downgrade():
    with op.batch_alter_table('action_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_theme_theme_id'))

    op.drop_table('action_theme')
    with op.batch_alter_table('action_survey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_survey_survey_id'))

    op.drop_table('action_survey')
    with op.batch_alter_table('action_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_event_event_id'))

    op.drop_table('action_event')
    with op.batch_alter_table('action_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_change_action_id'))

    op.drop_table('action_change')
    with op.batch_alter_table('action_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_item_status'))
        batch_op.drop_index(batch_op.f('ix_action_item_done_on'))
        batch_op.drop_index(batch_op.f('ix_action_item_created_at'))

    op.drop_table('action_item')
