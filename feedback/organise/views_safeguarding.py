"""Safeguarding contacts (administrators): who is emailed at once when an answer is flagged."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..extensions import db
from ..mail.safeguarding_contacts import ContactError, add_contact, all_contacts, remove_contact, scope_words
from ..models import SafeguardingContact, Survey, UserRole
from . import bp
from .access import current_user, requires
from .forms import ConfirmForm, error_list
from .forms_safeguarding import WHOLE_TRUST_CHOICE, ContactForm


@bp.route("/safeguarding/contacts", methods=["GET", "POST"])
@requires(UserRole.ADMIN)
def safeguarding_contacts() -> ResponseReturnValue:
    surveys = db.session.scalars(select(Survey).order_by(Survey.built_in.desc(), Survey.id)).all()
    form = ContactForm()
    form.survey.choices = [SelectChoice(WHOLE_TRUST_CHOICE, "Every survey (the whole trust)")] + [
        SelectChoice(str(survey.id), survey.title) for survey in surveys]
    if form.validate_on_submit():
        survey = next((survey for survey in surveys if str(survey.id) == form.survey.data), None)
        try:
            contact = add_contact(db.session, email=form.email.data, survey=survey, by=current_user())
        except ContactError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{contact.email} will be emailed when an answer to {scope_words(contact)} is flagged.",
                  "success")
            return redirect(url_for(".safeguarding_contacts"), code=303)
    errors = error_list(form)
    return render_template("organise/safeguarding/contacts.html", form=form, errors=errors,
                           contacts=all_contacts(db.session), scope_words=scope_words), 400 if errors else 200


@bp.post("/safeguarding/contacts/<int:contact_id>/remove")
@requires(UserRole.ADMIN)
def safeguarding_contact_remove(contact_id: int) -> ResponseReturnValue:
    contact = db.get_or_404(SafeguardingContact, contact_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    email, scope = contact.email, scope_words(contact)
    remove_contact(db.session, contact=contact, by=current_user())
    db.session.commit()
    flash(f"{email} is no longer emailed about {scope}.", "success")
    return redirect(url_for(".safeguarding_contacts"), code=303)
