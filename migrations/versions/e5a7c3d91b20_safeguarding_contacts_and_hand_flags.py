"""safeguarding contacts, alerts sent once, and flags raised or unflagged by hand

An administrator names the addresses emailed when an answer is flagged (per survey or for
the whole trust); safeguarding_alert's unique (flag, email) is what sends each once. Flags
gain their categories as keys (filled in here from the stored reasons, which begin each
reason with its category), who raised one by hand, and who unflagged a false alarm and
why; safeguarding_flag_change keeps that history.

Revision ID: e5a7c3d91b20
Revises: f4c2a9e1b7d3
Create Date: 2026-12-03 07:40:00

"""
import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e5a7c3d91b20'
down_revision = 'f4c2a9e1b7d3'
branch_labels = None
depends_on = None

# "self_harm: “cut myself”; overdose: “took all my tablets”" -> self_harm, overdose
STORED_CATEGORY = re.compile(r"(?:^|; )([a-z_]+): \u201c")


def upgrade():
    with op.batch_alter_table('safeguarding_flag', schema=None) as batch_op:
        batch_op.add_column(sa.Column('categories', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('raised_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('unflagged_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('unflagged_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('unflagged_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key('fk_safeguarding_flag_raised_by_id_user', 'user', ['raised_by_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_foreign_key('fk_safeguarding_flag_unflagged_by_id_user', 'user', ['unflagged_by_id'],
                                    ['id'], ondelete='SET NULL')
    flags = sa.table('safeguarding_flag', sa.column('id', sa.Integer), sa.column('reasons', sa.Text),
                     sa.column('categories', sa.String))
    connection = op.get_bind()
    for flag_id, reasons in connection.execute(sa.select(flags.c.id, flags.c.reasons)).all():
        keys = ",".join(dict.fromkeys(STORED_CATEGORY.findall(reasons or "")))
        if keys:
            connection.execute(flags.update().where(flags.c.id == flag_id).values(categories=keys[:200]))

    op.create_table(
        'safeguarding_contact',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_safeguarding_contact_survey_id_survey'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_safeguarding_contact')),
    )
    op.create_index('ix_safeguarding_contact_survey', 'safeguarding_contact', ['survey_id', 'email'])
    op.create_table(
        'safeguarding_alert',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('flag_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('outbox_message_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['flag_id'], ['safeguarding_flag.id'],
                                name=op.f('fk_safeguarding_alert_flag_id_safeguarding_flag'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_message.id'],
                                name=op.f('fk_safeguarding_alert_outbox_message_id_outbox_message'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_safeguarding_alert')),
        sa.UniqueConstraint('flag_id', 'email', name=op.f('uq_safeguarding_alert_flag_id_email')),
    )
    op.create_table(
        'safeguarding_flag_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('flag_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('change', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('categories', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['flag_id'], ['safeguarding_flag.id'],
                                name=op.f('fk_safeguarding_flag_change_flag_id_safeguarding_flag'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_safeguarding_flag_change_user_id_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_safeguarding_flag_change')),
    )
    op.create_index('ix_safeguarding_flag_change_flag_id', 'safeguarding_flag_change', ['flag_id'])


def downgrade():
    op.drop_index('ix_safeguarding_flag_change_flag_id', table_name='safeguarding_flag_change')
    op.drop_table('safeguarding_flag_change')
    op.drop_table('safeguarding_alert')
    op.drop_index('ix_safeguarding_contact_survey', table_name='safeguarding_contact')
    op.drop_table('safeguarding_contact')
    with op.batch_alter_table('safeguarding_flag', schema=None) as batch_op:
        batch_op.drop_constraint('fk_safeguarding_flag_unflagged_by_id_user', type_='foreignkey')
        batch_op.drop_constraint('fk_safeguarding_flag_raised_by_id_user', type_='foreignkey')
        batch_op.drop_column('unflagged_reason')
        batch_op.drop_column('unflagged_by_id')
        batch_op.drop_column('unflagged_at')
        batch_op.drop_column('raised_by_id')
        batch_op.drop_column('categories')
