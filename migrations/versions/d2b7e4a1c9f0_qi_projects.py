"""qi_project: QI projects first-class, with stage and involvement histories

Each distinct `event.qi_project` name becomes one project and its events point to it.
Each project's involvement history is built from its events' `involvement`, in the order
the events were held: a record wherever the known value changes, its note naming the
events it came from. An event with no project name but a known involvement gets a
project of its own (named after the event), so that answer is not lost. Subscriptions to
a project by name now also hold its id. Stage and start date are left unrecorded: the
events never said them.

Revision ID: d2b7e4a1c9f0
Revises: a7d3e9c15b42
Create Date: 2026-12-03 12:40:00

"""
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = 'd2b7e4a1c9f0'
down_revision = 'a7d3e9c15b42'
branch_labels = None
depends_on = None

INVOLVEMENT = ('big_i', 'little_i', 'not_involved', 'unknown')
OLD_INVOLVEMENT = ('big_i', 'little_i', 'unknown')
STAGES = ('scoping', 'testing_changes', 'implementing', 'sustaining', 'closed')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=24)


def _day(value):
    """A date from a Date/DateTime column as either driver returns it."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def upgrade():
    op.create_table(
        'qi_project',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('service', sa.String(length=200), nullable=False),
        sa.Column('aim', sa.Text(), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_qi_project')),
        sa.UniqueConstraint('name', name=op.f('uq_qi_project_name')),
    )
    for table, column, values, name in (('qi_project_stage', 'stage', STAGES, 'projectstage'),
                                        ('qi_project_involvement', 'involvement', INVOLVEMENT, 'involvement')):
        op.create_table(
            table,
            sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('project_id', sa.Integer(), nullable=False),
            sa.Column(column, _enum(values, name), nullable=False),
            sa.Column('changed_on', sa.Date(), nullable=False),
            sa.Column('note', sa.Text(), nullable=False),
            sa.Column('recorded_at', sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(['project_id'], ['qi_project.id'],
                                    name=op.f(f'fk_{table}_project_id_qi_project'), ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_project_id'), ['project_id'], unique=False)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_event_project_id'), ['project_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_event_project_id_qi_project'), 'qi_project',
                                    ['project_id'], ['id'], ondelete='SET NULL')
    _projects_from_event_text(op.get_bind())
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_qi_project'))
        batch_op.drop_constraint(batch_op.f('ck_event_involvement'), type_='check')
        batch_op.drop_column('qi_project')
        batch_op.drop_column('involvement')


def _projects_from_event_text(connection):
    meta = sa.MetaData()
    event = sa.Table('event', meta, autoload_with=connection)
    project = sa.Table('qi_project', meta, autoload_with=connection)
    involvement = sa.Table('qi_project_involvement', meta, autoload_with=connection)
    subscription = sa.Table('subscription', meta, autoload_with=connection)
    now = datetime.utcnow().replace(microsecond=0)
    rows = connection.execute(sa.select(event.c.id, event.c.code, event.c.name, event.c.held_on, event.c.created_at,
                                        event.c.qi_project, event.c.involvement)).all()
    groups: dict[str, list] = {}
    for row in rows:
        if row.qi_project:
            groups.setdefault(row.qi_project, []).append(row)
        elif row.involvement != 'unknown':
            groups.setdefault(f'{row.name} (event {row.code})'[:200], []).append(row)
    for name, events in groups.items():
        events.sort(key=lambda row: (_day(row.held_on) or _day(row.created_at), row.id))
        unnamed = not events[0].qi_project
        aim = ("Made from an event that had no QI project name, to keep its answer about who was on the team."
               if unnamed else "")
        project_id = connection.execute(project.insert().values(
            name=name, service='', aim=aim, started_on=None,
            created_at=min(row.created_at for row in events)).returning(project.c.id)).scalar_one()
        connection.execute(event.update().where(event.c.id.in_([row.id for row in events]))
                           .values(project_id=project_id))
        runs: list[tuple[str, date, list]] = []
        for row in events:
            if row.involvement == 'unknown':
                continue
            if runs and runs[-1][0] == row.involvement:
                runs[-1][2].append(row)
            else:
                runs.append((row.involvement, _day(row.held_on) or _day(row.created_at), [row]))
        for value, changed_on, sources in runs:
            named = ", ".join(f"{row.name} ({row.code})" for row in sources)
            connection.execute(involvement.insert().values(
                project_id=project_id, involvement=value, changed_on=changed_on,
                note=f"From what was recorded on the event form: {named}", recorded_at=now))
        if not unnamed:
            connection.execute(subscription.update().where(
                subscription.c.scope_kind == 'qi_project', subscription.c.scope_name == name)
                .values(scope_id=project_id))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('qi_project', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('involvement', _enum(OLD_INVOLVEMENT, 'involvement'), nullable=False,
                                      server_default='unknown'))
    connection = op.get_bind()
    meta = sa.MetaData()
    event = sa.Table('event', meta, autoload_with=connection)
    project = sa.Table('qi_project', meta, autoload_with=connection)
    involvement = sa.Table('qi_project_involvement', meta, autoload_with=connection)
    names = dict(connection.execute(sa.select(project.c.id, project.c.name)).all())
    history: dict[int, list] = {}
    for row in connection.execute(sa.select(involvement).order_by(involvement.c.changed_on, involvement.c.id)):
        history.setdefault(row.project_id, []).append((_day(row.changed_on), row.involvement))
    for row in connection.execute(sa.select(event.c.id, event.c.project_id, event.c.held_on, event.c.created_at)
                                  .where(event.c.project_id.is_not(None))).all():
        day = _day(row.held_on) or _day(row.created_at)
        known = [value for changed_on, value in history.get(row.project_id, []) if changed_on <= day]
        value = known[-1] if known and known[-1] in OLD_INVOLVEMENT else 'unknown'
        connection.execute(event.update().where(event.c.id == row.id)
                           .values(qi_project=names[row.project_id], involvement=value))
    connection.execute(sa.text("UPDATE subscription SET scope_id = NULL WHERE scope_kind = 'qi_project'"))
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.alter_column('qi_project', server_default=None)
        batch_op.alter_column('involvement', server_default=None)
        batch_op.create_index(batch_op.f('ix_event_qi_project'), ['qi_project'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_event_project_id_qi_project'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_event_project_id'))
        batch_op.drop_column('project_id')
    for table in ('qi_project_involvement', 'qi_project_stage'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_project_id'))
        op.drop_table(table)
    op.drop_table('qi_project')
