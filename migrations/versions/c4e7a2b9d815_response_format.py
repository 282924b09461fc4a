"""response.format: whether a response answered the standard, Easy Read or large print questions

Revision ID: c4e7a2b9d815
Revises: b9e4d2c7a1f3
Create Date: 2026-12-04 23:40:00

Responses stored before this are given "standard" only where nothing else was possible:
kiosk responses (a kiosk shows the standard form only) and online responses to a survey
with no Easy Read version. The rest (online answers to a survey that has one, and paper
forms, which could have been printed in Easy Read or large print) stay empty: unknown.
"""
import sqlalchemy as sa
from alembic import op

revision = 'c4e7a2b9d815'
down_revision = 'b9e4d2c7a1f3'
branch_labels = None
depends_on = None

# The surveys with an Easy Read version when this was written (feedback/data/surveys/easy-read/).
EASY_READ_SLUGS = ('after-an-event', 'involving-people-in-qi-staff')


def upgrade():
    with op.batch_alter_table('response') as batch:
        batch.add_column(sa.Column('format', sa.Enum('standard', 'easy_read', 'large_print', name='responseformat',
                                                     native_enum=False, create_constraint=True, length=24),
                                   nullable=True))
    response = sa.table('response', sa.column('format', sa.String), sa.column('channel', sa.String),
                        sa.column('survey_version_id', sa.Integer))
    version = sa.table('survey_version', sa.column('id', sa.Integer), sa.column('survey_id', sa.Integer))
    survey = sa.table('survey', sa.column('id', sa.Integer), sa.column('slug', sa.String))
    without_easy_read = (sa.select(version.c.id).join(survey, survey.c.id == version.c.survey_id)
                         .where(survey.c.slug.not_in(EASY_READ_SLUGS)))
    op.execute(response.update().values(format='standard').where(sa.or_(
        response.c.channel == 'kiosk',
        sa.and_(response.c.channel == 'online', response.c.survey_version_id.in_(without_easy_read)))))


def downgrade():
    with op.batch_alter_table('response') as batch:
        batch.drop_constraint(batch.f('ck_response_responseformat'), type_='check')
        batch.drop_column('format')
