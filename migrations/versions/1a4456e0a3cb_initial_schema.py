"""initial schema

Revision ID: 1a4456e0a3cb
Revises:
Create Date: 2026-11-26 02:49:27.816372

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '1a4456e0a3cb'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('qi_project', sa.String(length=200), nullable=False),
    sa.Column('involvement', sa.Enum('big_i', 'little_i', 'unknown', name='involvement', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event')),
    sa.UniqueConstraint('code', name=op.f('uq_event_code'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_qi_project'), ['qi_project'], unique=False)

    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('inline_image', sa.LargeBinary(), nullable=True),
    sa.Column('inline_image_cid', sa.String(length=120), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('failed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_next_attempt_at'), ['next_attempt_at'], unique=False)

    op.create_table('survey',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('audience', sa.Enum('service_users_and_carers', 'staff', 'everyone', name='audience', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', name='surveystatus', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=True),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('built_in', sa.Boolean(), nullable=False),
    sa.Column('default_role', sa.Enum('service_user', 'carer', 'staff', 'other', 'prefer_not_to_say', 'not_asked', name='respondentrole', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('current_version_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey')),
    sa.UniqueConstraint('slug', name=op.f('uq_survey_slug'))
    )
    op.create_table('taxonomy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taxonomy')),
    sa.UniqueConstraint('key', name=op.f('uq_taxonomy_key'))
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('admin', 'organiser', 'viewer', name='userrole', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_sign_ins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_sign_in_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('target', sa.String(length=255), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_audit_log_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_user_id'), ['user_id'], unique=False)

    op.create_table('event_survey',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_survey_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_event_survey_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'survey_id', name=op.f('pk_event_survey'))
    )
    op.create_table('subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('scope_kind', sa.Enum('survey', 'event', 'qi_project', 'everything', name='scopekind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('scope_id', sa.Integer(), nullable=True),
    sa.Column('scope_name', sa.String(length=200), nullable=False),
    sa.Column('frequency', sa.Enum('daily', 'weekly', 'monthly', name='frequency', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=True),
    sa.Column('hour', sa.Integer(), nullable=False),
    sa.Column('timezone', sa.String(length=60), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('unsubscribed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_subscription_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscription'))
    )
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscription_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_subscription_user_id'), ['user_id'], unique=False)

    op.create_table('survey_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('what_happens_next', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_version_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_version')),
    sa.UniqueConstraint('survey_id', 'number', name=op.f('uq_survey_version_survey_id_number'))
    )
    with op.batch_alter_table('survey_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_version_survey_id'), ['survey_id'], unique=False)

    # survey and survey_version refer to each other, so this key waits for both tables.
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_survey_current_version_id_survey_version'), 'survey_version',
                                    ['current_version_id'], ['id'], ondelete='SET NULL')

    op.create_table('theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taxonomy_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['taxonomy_id'], ['taxonomy.id'], name=op.f('fk_theme_taxonomy_id_taxonomy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme')),
    sa.UniqueConstraint('taxonomy_id', 'key', name=op.f('uq_theme_taxonomy_id_key'))
    )
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_taxonomy_id'), ['taxonomy_id'], unique=False)

    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('type', sa.Enum('single_choice', 'multiple_choice', 'agreement', 'scale_0_10', 'yes_no', 'free_text', name='questiontype', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('hint', sa.Text(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('error_message', sa.Text(), nullable=False),
    sa.Column('polarity', sa.Enum('enabler', 'barrier', 'neutral', name='promptpolarity', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('max_chars', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['version_id'], ['survey_version.id'], name=op.f('fk_question_version_id_survey_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question')),
    sa.UniqueConstraint('version_id', 'key', name=op.f('uq_question_version_id_key'))
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_version_id'), ['version_id'], unique=False)

    op.create_table('response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('survey_version_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('respondent_role', sa.Enum('service_user', 'carer', 'staff', 'other', 'prefer_not_to_say', 'not_asked', name='respondentrole', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('channel', sa.Enum('online', 'paper', 'kiosk', name='channel', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('language', sa.String(length=12), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('submission_key', sa.String(length=32), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_response_entered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_response_event_id_event'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_version_id'], ['survey_version.id'], name=op.f('fk_response_survey_version_id_survey_version'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response')),
    sa.UniqueConstraint('public_id', name=op.f('uq_response_public_id')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_response_submission_key'))
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index('ix_response_event_day', ['event_id', 'submitted_on'], unique=False)
        batch_op.create_index('ix_response_version_day', ['survey_version_id', 'submitted_on'], unique=False)
        batch_op.create_index('ix_response_version_role', ['survey_version_id', 'respondent_role', 'submitted_on'], unique=False)

    op.create_table('summary_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'skipped', name='runstatus', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_message.id'], name=op.f('fk_summary_run_outbox_message_id_outbox_message'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subscription_id'], ['subscription.id'], name=op.f('fk_summary_run_subscription_id_subscription'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_run')),
    sa.UniqueConstraint('subscription_id', 'period_start', name=op.f('uq_summary_run_subscription_id_period_start'))
    )
    op.create_table('choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=60), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_choice_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_choice')),
    sa.UniqueConstraint('question_id', 'value', name=op.f('uq_choice_question_id_value'))
    )
    with op.batch_alter_table('choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_choice_question_id'), ['question_id'], unique=False)

    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('choice_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('original_text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['choice_id'], ['choice.id'], name=op.f('fk_answer_choice_id_choice'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_answer_question_id_question'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_answer_response_id_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index('ix_answer_question_choice', ['question_id', 'choice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_response_id'), ['response_id'], unique=False)

    op.create_table('answer_analysis',
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('sentiment', sa.Enum('positive', 'neutral', 'negative', name='sentiment', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('direction', sa.Enum('enabler', 'barrier', 'neutral', name='direction', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('model_version', sa.String(length=60), nullable=False),
    sa.Column('sentiment_by_human', sa.Boolean(), nullable=False),
    sa.Column('corrected_by_id', sa.Integer(), nullable=True),
    sa.Column('analysed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_answer_analysis_answer_id_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['corrected_by_id'], ['user.id'], name=op.f('fk_answer_analysis_corrected_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('answer_id', name=op.f('pk_answer_analysis'))
    )
    with op.batch_alter_table('answer_analysis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_analysis_direction'), ['direction'], unique=False)

    op.create_table('answer_theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('rule', 'model', 'human', name='tagsource', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_answer_theme_answer_id_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['user.id'], name=op.f('fk_answer_theme_set_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_answer_theme_theme_id_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_theme')),
    sa.UniqueConstraint('answer_id', 'theme_id', name=op.f('uq_answer_theme_answer_id_theme_id'))
    )
    with op.batch_alter_table('answer_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_theme_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_theme_theme_id'), ['theme_id'], unique=False)

    op.create_table('safeguarding_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('flagged_on', sa.Date(), nullable=False),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_safeguarding_flag_answer_id_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['handled_by_id'], ['user.id'], name=op.f('fk_safeguarding_flag_handled_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safeguarding_flag')),
    sa.UniqueConstraint('answer_id', name=op.f('uq_safeguarding_flag_answer_id'))
    )


def downgrade():
    op.drop_table('safeguarding_flag')
    with op.batch_alter_table('answer_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_theme_theme_id'))
        batch_op.drop_index(batch_op.f('ix_answer_theme_answer_id'))

    op.drop_table('answer_theme')
    with op.batch_alter_table('answer_analysis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_analysis_direction'))

    op.drop_table('answer_analysis')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_response_id'))
        batch_op.drop_index('ix_answer_question_choice')

    op.drop_table('answer')
    with op.batch_alter_table('choice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_choice_question_id'))

    op.drop_table('choice')
    op.drop_table('summary_run')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index('ix_response_version_role')
        batch_op.drop_index('ix_response_version_day')
        batch_op.drop_index('ix_response_event_day')

    op.drop_table('response')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_version_id'))

    op.drop_table('question')
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_taxonomy_id'))

    op.drop_table('theme')
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_survey_current_version_id_survey_version'), type_='foreignkey')
    with op.batch_alter_table('survey_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_version_survey_id'))

    op.drop_table('survey_version')
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscription_user_id'))
        batch_op.drop_index(batch_op.f('ix_subscription_email'))

    op.drop_table('subscription')
    op.drop_table('event_survey')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    op.drop_table('user')
    op.drop_table('taxonomy')
    op.drop_table('survey')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_next_attempt_at'))

    op.drop_table('outbox_message')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_qi_project'))

    op.drop_table('event')
