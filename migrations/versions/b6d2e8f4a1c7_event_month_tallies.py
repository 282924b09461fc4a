"""event month tallies: the per-event daily tallies summed by month, for the compare page

event_month_tally and event_month_answer_tally are kept by the app with the daily ones
(feedback/models/event_month_tallies.py); this migration sums the daily rows already there,
and marks the tallies as counted by the method that includes months.

Revision ID: b6d2e8f4a1c7
Revises: d3f7a1c9e5b2
Create Date: 2026-12-07 03:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b6d2e8f4a1c7'
down_revision = 'd3f7a1c9e5b2'
branch_labels = None
depends_on = None

OLD_METHOD, NEW_METHOD = 1, 2   # feedback.models.event_tallies.EVENT_TALLY_METHOD before and after


def upgrade():
    op.create_table('event_month_tally',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('responses', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_month_tally_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'month', name=op.f('pk_event_month_tally'))
    )
    op.create_table('event_month_answer_tally',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('agreed', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_month_answer_tally_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_event_month_answer_tally_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'month', 'question_id', name=op.f('pk_event_month_answer_tally'))
    )
    # SQLite keeps a date as 'YYYY-MM-DD' text.
    month = "CAST(date_trunc('month', day) AS DATE)" if op.get_bind().dialect.name == "postgresql" \
        else "date(day, 'start of month')"
    op.execute(
        "INSERT INTO event_month_tally (event_id, month, responses) "
        f"SELECT event_id, {month}, sum(responses) FROM event_day_tally GROUP BY event_id, {month}")
    op.execute(
        "INSERT INTO event_month_answer_tally (event_id, month, question_id, answered, agreed) "
        f"SELECT event_id, {month}, question_id, sum(answered), sum(agreed) FROM event_answer_tally "
        f"GROUP BY event_id, {month}, question_id")
    op.execute(f"UPDATE event_tally_built SET method = {NEW_METHOD} WHERE method = {OLD_METHOD}")


def downgrade():
    op.execute(f"UPDATE event_tally_built SET method = {OLD_METHOD} WHERE method = {NEW_METHOD}")
    op.drop_table('event_month_answer_tally')
    op.drop_table('event_month_tally')
