"""covering indexes for the results page's theme counts and the summaries' agreement counts

The heaviest report queries read only indexes, not the answer and tag rows themselves
(figures in docs/benchmarks.md, on 100,000 and 1,000,000 responses):

- answer (question, choice) also carries the response id: theme and sentiment counts;
- a new answer (response, question, choice) index: a period's agreement counts;
- answer_theme (answer) also carries whether the tag stands and its theme.

The plain answer (response) index stays: replaced by the wide one, PostgreSQL's planner
chose to scan every response for each page of an export.

Revision ID: 7c2f0e4b9d31
Revises: 1a4456e0a3cb
Create Date: 2026-11-26 04:45:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '7c2f0e4b9d31'
down_revision = '1a4456e0a3cb'
branch_labels = None
depends_on = None

WIDER = [
    ('answer', 'ix_answer_question_choice', ['question_id', 'choice_id'], ['question_id', 'choice_id', 'response_id']),
    ('answer_theme', 'ix_answer_theme_answer_id', ['answer_id'], ['answer_id', 'removed', 'theme_id']),
]


def upgrade():
    for table, name, _before, after in WIDER:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
            batch_op.create_index(name, after, unique=False)
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index('ix_answer_response_question_choice', ['response_id', 'question_id', 'choice_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_response_question_choice')
    for table, name, before, _after in reversed(WIDER):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
            batch_op.create_index(name, before, unique=False)
