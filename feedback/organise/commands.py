"""`flask --app wsgi create-user` adds an account from the command line (e.g. a second admin);
`unlock` ends an account's wait after wrong passwords (an administrator can always get back in)."""
from __future__ import annotations

import click
from flask import current_app

from ..extensions import db
from ..models import UserRole
from .accounts import AccountError, create_user, one_time_password_lifetime, user_by_email
from .throttle import unlock


@click.command("create-user")
@click.option("--email", required=True, help="Their email address; they sign in with it.")
@click.option("--role", type=click.Choice([role.value for role in UserRole]), default=UserRole.VIEWER.value,
              show_default=True, help="What they may do.")
@click.option("--name", default="", help="Their name, as shown in the workspace.")
def create_user_command(email: str, role: str, name: str) -> None:
    """Create an account and print its one-time password (shown once only)."""
    try:
        _user, password = create_user(db.session, email=email, name=name, role=UserRole(role), by=None,
                                      password_valid_for=one_time_password_lifetime(current_app.config))
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Account created for {email.strip().lower()} ({role}).")
    click.echo(f"One-time password: {password}   (shown once only; they must change it when they sign in,")
    click.echo(f"  and it stops working after {current_app.config['ONE_TIME_PASSWORD_HOURS']:g} hours)")


@click.command("unlock")
@click.argument("email")
def unlock_command(email: str) -> None:
    """End an account's wait after wrong passwords, so its owner can sign in now."""
    user = user_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"There is no account for {email.strip().lower()}")
    unlock(db.session, user, by=None, how="command line")
    db.session.commit()
    click.echo(f"{user.email} can sign in now.")
