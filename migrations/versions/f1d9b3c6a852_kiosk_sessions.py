"""kiosk_session: kiosk links name a session kept on the server

A kiosk link worked for 24 hours for anyone who had it, even after the organiser who
opened it was switched off. Each start of kiosk mode is now a row: the link works while
the row is live (not ended from the workspace, not past its end, its organiser on).

Revision ID: f1d9b3c6a852
Revises: e8c1a5b7d240
Create Date: 2026-12-03 13:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f1d9b3c6a852'
down_revision = 'e8c1a5b7d240'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'kiosk_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('started_by_id', sa.Integer(), nullable=True),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.Column('ended_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_kiosk_session_event_id_event'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_kiosk_session_survey_id_survey'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['started_by_id'], ['user.id'], name=op.f('fk_kiosk_session_started_by_id_user'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['ended_by_id'], ['user.id'], name=op.f('fk_kiosk_session_ended_by_id_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kiosk_session')),
        sa.UniqueConstraint('key', name=op.f('uq_kiosk_session_key')),
    )
    with op.batch_alter_table('kiosk_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kiosk_session_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kiosk_session_started_by_id'), ['started_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('kiosk_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kiosk_session_started_by_id'))
        batch_op.drop_index(batch_op.f('ix_kiosk_session_event_id'))
    op.drop_table('kiosk_session')
