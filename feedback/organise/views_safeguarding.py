"""Safeguarding: the contacts emailed at once when an answer is flagged (administrators),
and flagging an answer by hand or unflagging a false alarm (organisers)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from ..analysis.risk_categories import categories_label, reasons_in_words
from ..clock import trust_today
from ..extensions import db
from ..mail.flag_alerts import queue_flag_alerts, unalerted_open_flags
from ..mail.safeguarding_contacts import ContactError, add_contact, all_contacts, remove_contact, scope_words
from ..models import SafeguardingContact, Survey, UserRole
from ..models.types import utcnow
from ..reports.flags import FlagError, answer_to_flag, flag_by_hand, flag_history, flag_in_survey, unflag
from ..web.addresses import current_public_address, request_mail_settings
from .access import checks_its_own_token, current_user, requires
from .blueprint import bp
from .forms import ConfirmForm, error_list
from .forms_safeguarding import WHOLE_TRUST_CHOICE, ContactForm, HandFlagForm, UnflagForm
from .survey_editing import all_surveys


@bp.route("/safeguarding/contacts", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ADMIN)
def safeguarding_contacts() -> ResponseReturnValue:
    surveys = all_surveys(db.session)
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
                           contacts=all_contacts(db.session), scope_words=scope_words,
                           unalerted=unalerted_open_flags(db.session), address=current_public_address()), \
        400 if errors else 200


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


@bp.route("/results/answers/<int:answer_id>/flag", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def flag_answer(answer_id: int) -> ResponseReturnValue:
    answer = answer_to_flag(db.session, answer_id)
    if answer is None:
        abort(404)
    survey = db.get_or_404(Survey, answer.survey_id)
    form = HandFlagForm()
    if form.validate_on_submit():
        now = utcnow()
        try:
            flag = flag_by_hand(db.session, answer_id=answer_id, category=form.category.data, reason=form.reason.data,
                                user=current_user(), now=now, today=trust_today())
        except FlagError as error:
            db.session.rollback()
            form.category.errors.append(str(error))
        else:
            queue_flag_alerts(db.session, [flag], request_mail_settings(), now)
            db.session.commit()
            flash("Answer flagged for safeguarding. The safeguarding contacts will get an email.", "success")
            return redirect(url_for(".survey_flags", survey_id=survey.id, _anchor=f"flag-{flag.id}"), code=303)
    errors = error_list(form)
    return render_template("organise/results/flag_answer.html", survey=survey, answer=answer, form=form,
                           errors=errors), 400 if errors else 200


@bp.route("/results/surveys/<int:survey_id>/flags/<int:flag_id>/unflag", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def unflag_answer(survey_id: int, flag_id: int) -> ResponseReturnValue:
    survey = db.get_or_404(Survey, survey_id)
    flag = flag_in_survey(db.session, flag_id=flag_id, survey_id=survey_id)
    answer = answer_to_flag(db.session, flag.answer_id) if flag is not None else None
    if answer is None:
        abort(404)
    form = UnflagForm()
    if form.validate_on_submit():
        if unflag(db.session, flag=flag, reason=form.reason.data, user=current_user(), now=utcnow()):
            db.session.commit()
            flash("Unflagged as a false alarm. The answer is back among the written answers.", "success")
        return redirect(url_for(".survey_flags", survey_id=survey.id), code=303)
    errors = error_list(form)
    return render_template("organise/results/unflag.html", survey=survey, answer=answer, flag=flag, form=form,
                           history=flag_history(db.session, [flag.id]).get(flag.id, []),
                           errors=errors), 400 if errors else 200


# Pages show a flag's kinds of risk in words, from the one list of them.
bp.add_app_template_global(categories_label, "categories_label")
bp.add_app_template_filter(reasons_in_words, "reasons_in_words")
