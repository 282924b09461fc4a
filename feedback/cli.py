"""Flask commands: `flask --app wsgi <command>`."""
from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from typing import Any

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .setup_data import ensure_demo_event, load_builtin_surveys, load_taxonomies

SETUP_LOCK_KEY = 72_031_866  # any number of our own, for pg_advisory_lock


def register_commands(app: Flask) -> None:
    from .mail.commands import COMMANDS as MAIL_COMMANDS
    from .measures.spc_cli import COMMANDS as SPC_COMMANDS
    from .measures.tally_commands import COMMANDS as TALLY_COMMANDS
    from .organise.commands import create_user_command, unlock_command
    from .tagging.commands import reanalyse_command, train_themes_command
    from .tagging.csv_commands import COMMANDS as ANALYSIS_COMMANDS
    app.cli.add_command(setup_command)
    for command in [load_surveys_command, reanalyse_command, train_themes_command, create_user_command, unlock_command,
                    *MAIL_COMMANDS, *TALLY_COMMANDS]:
        app.cli.add_command(_needs_database(command))
    for command in [*ANALYSIS_COMMANDS, *SPC_COMMANDS]:  # CSV in, CSV out: no database
        app.cli.add_command(command)


def _needs_database(command: click.Command) -> click.Command:
    """Stop with what to do, not a traceback, when the database is not set up or is older
    than the code (a common slip when upgrading)."""
    run = command.callback

    @functools.wraps(run)
    def checked(*args: Any, **kwargs: Any) -> Any:
        problem = database_problem()
        if problem:
            raise click.ClickException(f"{problem} Run `flask --app wsgi setup` (or `make run`) first.")
        return run(*args, **kwargs)

    command.callback = checked
    return command


def database_problem() -> str | None:
    """Why the database cannot be used yet, or None."""
    try:
        with db.engine.connect() as connection:
            if not inspect(connection).has_table("survey"):
                return "The database has not been set up."
            current = MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as error:
        return f"Cannot open the database ({getattr(error, 'orig', None) or error})."
    config = current_app.extensions["migrate"].migrate.get_config()
    if current is not None and current != ScriptDirectory.from_config(config).get_current_head():
        return "The database is older than this version of the app."
    return None


@click.command("load-surveys")
def load_surveys_command() -> None:
    """Add the built-in surveys that are missing (edited ones are left alone)."""
    added = load_builtin_surveys(db.session)
    db.session.commit()
    click.echo(f"Added {len(added)} built-in survey(s)." if added else "The built-in surveys are already loaded.")


@click.command("setup")
@click.option("--email", default="admin@example.org", show_default=True,
              help="Email address for the first administrator, if there is no account yet.")
@click.option("--no-demo", is_flag=True, help="Do not add the demo event.")
def setup_command(email: str, no_demo: bool) -> None:
    """Migrate the database, load the built-in surveys, the demo event and a first account."""
    from .organise.accounts import (
        AccountError,
        check_account_details,
        ensure_first_organiser,
        one_time_password_lifetime,
    )
    try:
        check_account_details(email)
    except AccountError as error:
        raise click.BadParameter(str(error), param_hint="--email") from None
    with _setup_lock():
        upgrade()
        added = load_builtin_surveys(db.session)
        load_taxonomies(db.session)
        demo = None if no_demo else ensure_demo_event(db.session)
        password = ensure_first_organiser(db.session, email,
                                          password_valid_for=one_time_password_lifetime(current_app.config))
        db.session.commit()
    click.echo(f"Database ready. Built-in surveys added: {len(added)}.")
    if demo:
        click.echo(f"Demo event added: /e/{demo.code}")
    if not password and click.get_current_context().get_parameter_source("email").name != "DEFAULT":
        click.echo(f"Accounts already exist, so none was made for {email}: use create-user to add one.")
    if password:
        click.echo("")
        click.echo("An administrator account was created. Sign in and change this password:")
        click.echo(f"  email:    {email}")
        click.echo(f"  password: {password}   (shown once only; it stops working after "
                   f"{current_app.config['ONE_TIME_PASSWORD_HOURS']:g} hours)")
        click.echo("")


@contextlib.contextmanager
def _setup_lock() -> Iterator[None]:
    """On PostgreSQL, one `setup` at a time (several hosts starting together would otherwise
    race to create the same tables); SQLite already lets only one writer in."""
    if db.engine.dialect.name != "postgresql":
        yield
        return
    with db.engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SETUP_LOCK_KEY})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SETUP_LOCK_KEY})
