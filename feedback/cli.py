"""Flask commands: `flask --app wsgi <command>`."""
from __future__ import annotations

import click
from flask import Flask
from flask_migrate import upgrade

from .extensions import db
from .setup_data import ensure_demo_event, ensure_first_organiser, load_builtin_surveys


def register_commands(app: Flask) -> None:
    app.cli.add_command(load_surveys_command)
    app.cli.add_command(setup_command)
    from .organise.commands import create_user_command
    app.cli.add_command(create_user_command)
    from .mail.commands import COMMANDS as MAIL_COMMANDS
    from .scheduling import COMMANDS as SCHEDULING_COMMANDS
    for command in MAIL_COMMANDS + SCHEDULING_COMMANDS:
        app.cli.add_command(command)
    try:
        from .analysis_cli import COMMANDS
    except ImportError:  # the analysis package is optional while it is being built
        COMMANDS = []
    for command in COMMANDS:
        app.cli.add_command(command)


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
    upgrade()
    added = load_builtin_surveys(db.session)
    demo = None if no_demo else ensure_demo_event(db.session)
    password = ensure_first_organiser(db.session, email)
    db.session.commit()
    click.echo(f"Database ready. Built-in surveys added: {len(added)}.")
    if demo:
        click.echo(f"Demo event added: /e/{demo.code}")
    if password:
        click.echo("")
        click.echo("An administrator account was created. Sign in and change this password:")
        click.echo(f"  email:    {email}")
        click.echo(f"  password: {password}   (shown once only)")
        click.echo("")
