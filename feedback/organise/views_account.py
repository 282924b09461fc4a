"""Signing in and out, idle expiry, the forced first password change, and the home page."""
from __future__ import annotations

import time

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from ..audit import record
from ..extensions import db
from ..models import UserRole
from ..models.types import utcnow
from ..web.addresses import request_mail_settings
from ..web.redisplay import SESSION_KEY as DRAFT_SESSION_KEY
from ..web.submission_guard import client_key, seconds_to_wait
from .access import checks_its_own_token, clear_session, current_user, requires, safe_next
from .accounts import (
    authenticate,
    end_sessions,
    password_problem,
    session_stamp,
    session_values,
)
from .accounts import change_password as save_password
from .blueprint import bp
from .forms import ChangePasswordForm, ConfirmForm, SignInForm, error_list
from .throttle import FREE_FAILURES, MAX_WAIT, count_failure, unlock, user_for_unlock, waiting

# Pages anyone may open, and the pages a person who must change their password may use.
PUBLIC_ENDPOINTS = {"organise.sign_in", "organise.unlock_account", "organise.kiosk", "organise.kiosk_thanks"}
DURING_PASSWORD_CHANGE = PUBLIC_ENDPOINTS | {"organise.change_password", "organise.sign_out"}
SIGN_IN_FAILED = (f"Enter a correct email address and password. After {FREE_FAILURES} wrong attempts, each new "
                  f"try on an account waits a little longer (up to {int(MAX_WAIT.total_seconds() // 60)} minutes), "
                  "and the account's owner is emailed a link that ends the wait.")
TOO_MANY_TRIES = "Too many tries to sign in from this connection. Wait {wait}, then try again."
SWITCHED_OFF = "Your account has been switched off. Ask an administrator if you need to use the workspace again."
PASSWORD_EXPIRED = ("This one-time password has expired. Ask an administrator to reset your password "
                    "on the Users page to get a new one.")


def idle_timeout() -> int:
    return int(current_app.config["ORGANISER_IDLE_TIMEOUT"])


def session_lifetime() -> int:
    return int(float(current_app.config["ORGANISER_SESSION_MAX_HOURS"]) * 3600)


def _plural(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'}"


@bp.before_request
def _check_signed_in_session() -> ResponseReturnValue | None:
    """End sessions that have sat idle, outlived their absolute lifetime, or were ended on
    the server (sign-out, password change, switch-off); send people who must change their
    password to do that before anything else."""
    # g outlives a request when the caller already holds an app context (the test suite
    # does), so forget the user and CSRF token worked out for an earlier request.
    g.pop("current_user", None)
    g.pop("csrf_token", None)
    if "user_id" not in session:
        return None
    user = current_user()
    now = int(time.time())
    idle = now - int(session.get("seen", 0)) > idle_timeout()
    # A session from before the lifetime was kept has no start: it ends now, once.
    too_old = now - int(session.get("started", 0)) > session_lifetime()
    if user is None or idle or too_old or session.get("stamp") != session_stamp(user):
        clear_session()
        if user is not None and too_old:
            hours = max(1, session_lifetime() // 3600)
            flash(f"You were signed out because you had been signed in for {_plural(hours, 'hour')}. "
                  "Sign in again to carry on.")
        elif user is not None and idle:
            minutes = max(1, idle_timeout() // 60)
            flash(f"You were signed out because you had not used the workspace for {_plural(minutes, 'minute')}. "
                  "Sign in again to carry on.")
        return None
    session["seen"] = now
    if user.must_change_password and request.endpoint not in DURING_PASSWORD_CHANGE:
        return redirect(url_for("organise.change_password"))
    return None


@bp.route("/sign-in", methods=["GET", "POST"])
@checks_its_own_token
def sign_in() -> ResponseReturnValue:
    form = SignInForm()
    status = 200
    if form.validate_on_submit():
        wait = seconds_to_wait("SIGN_IN_RATE_LIMIT", ("client", client_key()))
        if wait is not None:
            form.password.errors.append(TOO_MANY_TRIES.format(wait=_plural(max(1, -(-wait // 60)), "minute")
                                                              if wait > 90 else _plural(wait, "second")))
            return render_template("organise/sign_in.html", form=form, errors=error_list(form),
                                   user=current_user()), 429, {"Retry-After": str(wait)}
        result = authenticate(db.session, email=form.email.data, password=form.password.data,
                              mail_settings=request_mail_settings())
        db.session.commit()
        if result.ok:
            user = result.user
            # A fresh session on sign-in, so nothing set before it (fixation) survives, but for
            # the token of answers kept while signed out (paper_kept.py): a random name of a
            # row, shown only with the same token in the address, to someone who may see it.
            kept = session.get(DRAFT_SESSION_KEY)
            clear_session()
            if isinstance(kept, str):
                session[DRAFT_SESSION_KEY] = kept
            session.permanent = True
            session.update(session_values(user, time.time()))
            if user.must_change_password:
                return redirect(url_for(".change_password"), code=303)
            return redirect(safe_next(request.args.get("next")) or url_for(".home"), code=303)
        form.password.errors.append(SWITCHED_OFF if result.switched_off
                                    else PASSWORD_EXPIRED if result.password_expired else SIGN_IN_FAILED)
        status = 400
    elif form.is_submitted():
        status = 400
    return render_template("organise/sign_in.html", form=form, errors=error_list(form),
                           user=current_user()), status


@bp.post("/still-here")
@requires(UserRole.VIEWER)
def still_here() -> ResponseReturnValue:
    """Called by the page (idle-warning.js) while someone types or chooses to stay signed
    in: the request itself resets the idle clock, so a long edit is not lost at sign-out."""
    return "", 204


@bp.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    user = current_user()
    if user is not None:
        # On the server, so a copy of this cookie (or any other of this account's) is dead too.
        end_sessions(db.session, user)
        record(db.session, user=user, action="sign_out", target=user.email)
        db.session.commit()
    clear_session()
    flash("You have signed out.", "success")
    return redirect(url_for(".sign_in"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@requires(UserRole.VIEWER)
def change_password() -> ResponseReturnValue:
    user = current_user()
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        if not user.check_password(form.current_password.data):
            # Counted as a wrong password at sign-in is: a borrowed session must not be a
            # way to guess the password without limit.
            count_failure(db.session, user, utcnow(), request_mail_settings())
            record(db.session, user=user, action="password.change_failed", target=user.email)
            if waiting(user, utcnow()):
                end_sessions(db.session, user)
                db.session.commit()
                clear_session()
                flash("You were signed out because the current password was wrong too many times. "
                      "Sign in again to carry on.")
                return redirect(url_for(".sign_in"), code=303)
            db.session.commit()
            form.current_password.errors.append("Enter your current password correctly")
        else:
            problem = password_problem(user, form.new_password.data, form.confirm_password.data)
            if problem is None:
                save_password(db.session, user, form.new_password.data)
                db.session.commit()
                session["stamp"] = session_stamp(user)
                flash("Your password has been changed.", "success")
                return redirect(url_for(".home"), code=303)
            form.new_password.errors.append(problem)
    if form.is_submitted():
        status = 400
    return render_template("organise/change_password.html", form=form, errors=error_list(form),
                           forced=user.must_change_password), status


@bp.route("/unlock/<unlock_token>", methods=["GET", "POST"])
def unlock_account(unlock_token: str) -> ResponseReturnValue:
    """The emailed link that ends an account's wait after wrong passwords. Opening it shows a
    button (mail scanners open links too); the button ends the wait. It signs nobody in."""
    user = user_for_unlock(db.session, current_app.secret_key, unlock_token)
    if user is None:
        return render_template("organise/unlock.html", gone=True, form=None), 410
    form = ConfirmForm()
    if form.validate_on_submit():
        unlock(db.session, user, by=None, how="emailed link")
        db.session.commit()
        flash("The wait has ended. Sign in with your email address and password.", "success")
        return redirect(url_for(".sign_in"), code=303)
    return render_template("organise/unlock.html", gone=False, form=form), 400 if form.is_submitted() else 200
