"""event tallies: each event's responses per day, and its agreement answers per day and question

event_day_tally and event_answer_tally are kept by the app as responses are stored
(feedback/models/event_tallies.py); this migration counts the responses already there, so
the compare page reads tallies from the first view. event_tally_built says they were.

Revision ID: a3e7c5d1f902
Revises: c4e7a2b9d815
Create Date: 2026-12-04 23:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a3e7c5d1f902'
down_revision = 'c4e7a2b9d815'
branch_labels = None
depends_on = None

AGREE_SCORE = 4       # as feedback.models.event_tallies.AGREE_SCORE when this was written
TALLY_METHOD = 1      # as feedback.models.event_tallies.EVENT_TALLY_METHOD


def upgrade():
    op.create_table('event_day_tally',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('responses', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_day_tally_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'day', name=op.f('pk_event_day_tally'))
    )
    op.create_table('event_answer_tally',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('agreed', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_answer_tally_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_event_answer_tally_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'day', 'question_id', name=op.f('pk_event_answer_tally'))
    )
    op.create_table('event_tally_built',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('method', sa.Integer(), nullable=False),
    sa.Column('built_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_tally_built'))
    )
    op.execute(
        "INSERT INTO event_day_tally (event_id, day, responses) "
        "SELECT event_id, submitted_on, count(*) FROM response WHERE event_id IS NOT NULL "
        "GROUP BY event_id, submitted_on")
    op.execute(
        "INSERT INTO event_answer_tally (event_id, day, question_id, answered, agreed) "
        "SELECT r.event_id, r.submitted_on, a.question_id, count(*), "
        f"sum(CASE WHEN c.score >= {AGREE_SCORE} THEN 1 ELSE 0 END) "
        "FROM answer a JOIN response r ON r.id = a.response_id JOIN question q ON q.id = a.question_id "
        "JOIN choice c ON c.id = a.choice_id "
        "WHERE r.event_id IS NOT NULL AND q.type = 'agreement' "
        "GROUP BY r.event_id, r.submitted_on, a.question_id")
    op.execute(f"INSERT INTO event_tally_built (id, method, built_at) VALUES (1, {TALLY_METHOD}, CURRENT_TIMESTAMP)")


def downgrade():
    op.drop_table('event_tally_built')
    op.drop_table('event_answer_tally')
    op.drop_table('event_day_tally')
