"""Flask commands: `flask --app wsgi <command>`."""
from __future__ import annotations

import click
from flask import Flask
from flask_migrate import upgrade

from .extensions import db
from .setup_data import ensure_demo_event, ensure_first_organiser, load_builtin_surveys, load_taxonomies


def register_commands(app: Flask) -> None:
    app.cli.add_command(load_surveys_command)
    app.cli.add_command(setup_command)
    app.cli.add_command(reanalyse_command)
    from .theme_training_cli import train_themes_command
    app.cli.add_command(train_themes_command)
    from .organise.commands import create_user_command
    app.cli.add_command(create_user_command)
    from .mail.commands import COMMANDS as MAIL_COMMANDS
    from .scheduling import COMMANDS as SCHEDULING_COMMANDS
    for command in MAIL_COMMANDS + SCHEDULING_COMMANDS:
        app.cli.add_command(command)
    from .analysis_cli import COMMANDS as ANALYSIS_COMMANDS
    for command in ANALYSIS_COMMANDS:
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
    load_taxonomies(db.session)
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


@click.command("reanalyse")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 10_000))
def reanalyse_command(batch_size: int) -> None:
    """Recompute sentiment and themes of stored answers after a model or taxonomy change.

    Corrections made by people are kept, and safeguarding flags are only ever added.
    """
    from datetime import date

    from .answer_analysis import reanalyse
    from .surveys.text import text_analyser  # picks up a model from `train-themes`

    load_taxonomies(db.session)
    analyser = text_analyser()
    count = reanalyse(db.session, analyser, batch_size=batch_size, today=date.today())
    db.session.commit()
    click.echo(f"Re-analysed {count} answer(s); corrections made by people were kept.")
