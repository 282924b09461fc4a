"""Administrators manage accounts: list, create, change role, deactivate, reset a password."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from ..audit import describe_action, recent
from ..extensions import db
from ..models import User, UserRole
from .access import checks_its_own_token, current_user, requires
from .accounts import (
    AccountError,
    all_users,
    change_role,
    create_user,
    one_time_password_lifetime,
    reset_password,
    set_active,
)
from .blueprint import bp
from .forms import ConfirmForm, NewUserForm, RoleForm, error_list


def _no_store(page: str, status: int = 200) -> ResponseReturnValue:
    # The page shows a one-time password: it must not be kept by the browser or a proxy.
    return page, status, {"Cache-Control": "no-store"}


@bp.get("/users")
@requires(UserRole.ADMIN)
def users() -> ResponseReturnValue:
    people = all_users(db.session)
    return render_template("organise/users/list.html", people=people)


@bp.route("/users/new", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ADMIN)
def user_new() -> ResponseReturnValue:
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user, password = create_user(db.session, email=form.email.data, name=form.name.data,
                                         role=UserRole(form.role.data), by=current_user(),
                                         password_valid_for=one_time_password_lifetime(current_app.config))
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            return _no_store(render_template("organise/users/password.html", person=user, password=password,
                                             title="Account created"))
    status = 400 if form.is_submitted() else 200
    return render_template("organise/users/new.html", form=form, errors=error_list(form)), status


@bp.get("/users/<int:user_id>")
@requires(UserRole.ADMIN)
def user_detail(user_id: int) -> ResponseReturnValue:
    person = db.get_or_404(User, user_id)
    return _render_detail(person, RoleForm(data={"role": person.role.value}))


def _render_detail(person: User, role_form: RoleForm, problem: str | None = None, status: int = 200) -> ResponseReturnValue:
    errors = error_list(role_form)
    if problem:
        errors.append(("role", problem))
    return render_template("organise/users/detail.html", person=person, role_form=role_form, errors=errors,
                           is_me=person.id == current_user().id), status


@bp.post("/users/<int:user_id>/role")
@requires(UserRole.ADMIN)
def user_role(user_id: int) -> ResponseReturnValue:
    person = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _render_detail(person, form, status=400)
    try:
        change_role(db.session, person, UserRole(form.role.data), by=current_user())
    except AccountError as error:
        db.session.rollback()
        return _render_detail(person, form, problem=str(error), status=400)
    db.session.commit()
    flash(f"{person.email} is now a {person.role.value}.", "success")
    if person.id == current_user().id and person.role is not UserRole.ADMIN:
        return redirect(url_for(".home"), code=303)  # they can no longer see the users pages
    return redirect(url_for(".user_detail", user_id=person.id), code=303)


def _set_active(user_id: int, active: bool) -> ResponseReturnValue:
    person = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        set_active(db.session, person, active, by=current_user())
    except AccountError as error:
        db.session.rollback()
        return _render_detail(person, RoleForm(formdata=None, data={"role": person.role.value}), problem=str(error), status=400)
    db.session.commit()
    flash(f"{person.email} can {'now' if active else 'no longer'} sign in.", "success")
    return redirect(url_for(".user_detail", user_id=person.id), code=303)


@bp.post("/users/<int:user_id>/deactivate")
@requires(UserRole.ADMIN)
def user_deactivate(user_id: int) -> ResponseReturnValue:
    return _set_active(user_id, False)


@bp.post("/users/<int:user_id>/reactivate")
@requires(UserRole.ADMIN)
def user_reactivate(user_id: int) -> ResponseReturnValue:
    return _set_active(user_id, True)


@bp.post("/users/<int:user_id>/reset-password")
@requires(UserRole.ADMIN)
def user_reset_password(user_id: int) -> ResponseReturnValue:
    person = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    password = reset_password(db.session, person, by=current_user(),
                              password_valid_for=one_time_password_lifetime(current_app.config))
    db.session.commit()
    return _no_store(render_template("organise/users/password.html", person=person, password=password,
                                     title="New one-time password"))


@bp.get("/audit")
@requires(UserRole.ADMIN)
def audit_log() -> ResponseReturnValue:
    return render_template("organise/users/audit.html", entries=recent(db.session, limit=200),
                           describe_action=describe_action)
