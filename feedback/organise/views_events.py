"""Events: list, create, edit, close and reopen; the link, QR code and printable poster."""
from __future__ import annotations

from flask import Response as HttpResponse
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from ..actions.records import actions_for_event
from ..clock import trust_today
from ..extensions import db
from ..models import Event, QuestionLayout, UserRole
from ..models.types import utcnow
from ..projects.register import INVOLVEMENT_WORDS, all_projects
from ..web.addresses import current_public_address
from .access import checks_its_own_token, current_user, requires
from .blueprint import bp
from .events import EventDetails, all_events, create_event, response_counts, set_closed, surveys_to_offer, update_event
from .forms import ConfirmForm, error_list
from .forms_events import EventForm
from .kiosk import live_kiosks
from .qr import qr_png, qr_svg


def event_link(event: Event) -> str:
    """The absolute public link for an event, on the public address (see public_address)."""
    return current_public_address().link(url_for("surveys.event", code=event.code))


def actions_link(event: Event) -> str:
    """The absolute link to the event's public 'You said, we did' page."""
    return current_public_address().link(url_for("surveys.actions_event", code=event.code))


def _details(form: EventForm) -> EventDetails:
    return EventDetails(name=form.name.data, held_on=form.held_on.data, place=form.place.data or "",
                        project_id=form.project_id(),
                        survey_ids=[int(value) for value in form.surveys.data], easy_read=form.easy_read.data,
                        listed=form.listing.data != "unlisted",
                        question_layout=QuestionLayout(form.question_layout.data or QuestionLayout.SURVEY.value))


@bp.get("/events")
@requires(UserRole.ORGANISER)
def events() -> ResponseReturnValue:
    found = all_events(db.session)
    return render_template("organise/events/list.html", events=found,
                           counts=response_counts(db.session, [event.id for event in found]))


@bp.route("/events/new", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def event_new() -> ResponseReturnValue:
    form = EventForm(data={"held_on": trust_today(), "project": request.args.get("project", "")})
    form.set_survey_choices(surveys_to_offer(db.session))
    form.set_project_choices(all_projects(db.session))
    if form.validate_on_submit():
        event = create_event(db.session, _details(form), by=current_user())
        db.session.commit()
        flash("Event created. Print the poster or share the link below.", "success")
        return redirect(url_for(".event_detail", event_id=event.id), code=303)
    return render_template("organise/events/form.html", form=form, errors=error_list(form), event=None,
                           title="Create an event"), 400 if form.is_submitted() else 200


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def event_edit(event_id: int) -> ResponseReturnValue:
    event = db.get_or_404(Event, event_id)
    form = EventForm(data={
        "name": event.name, "held_on": event.held_on, "place": event.place,
        "project": str(event.project_id or ""), "surveys": [str(survey.id) for survey in event.surveys],
        "easy_read": event.easy_read, "listing": "listed" if event.listed else "unlisted",
        "question_layout": event.question_layout.value,
    })
    form.set_survey_choices(surveys_to_offer(db.session, event))
    form.set_project_choices(all_projects(db.session))
    if form.validate_on_submit():
        update_event(db.session, event, _details(form), by=current_user())
        db.session.commit()
        flash("Event details saved.", "success")
        return redirect(url_for(".event_detail", event_id=event.id), code=303)
    return render_template("organise/events/form.html", form=form, errors=error_list(form), event=event,
                           title=f"Edit {event.name}"), 400 if form.is_submitted() else 200


@bp.get("/events/<int:event_id>")
@requires(UserRole.ORGANISER)
def event_detail(event_id: int) -> ResponseReturnValue:
    event = db.get_or_404(Event, event_id)
    return render_template("organise/events/detail.html", event=event, link=event_link(event),
                           involvement_words=INVOLVEMENT_WORDS,
                           address=current_public_address(),
                           responses=response_counts(db.session, [event.id]).get(event.id, 0),
                           kiosks=live_kiosks(db.session, event.id, utcnow()),
                           actions=actions_for_event(db.session, event))


def _close_or_reopen(event_id: int, closed: bool) -> ResponseReturnValue:
    event = db.get_or_404(Event, event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    set_closed(db.session, event, closed, by=current_user())
    db.session.commit()
    flash("Event closed: its link now says it has closed." if closed else "Event reopened: its link works again.",
          "success")
    return redirect(url_for(".event_detail", event_id=event.id), code=303)


@bp.post("/events/<int:event_id>/close")
@requires(UserRole.ORGANISER)
def event_close(event_id: int) -> ResponseReturnValue:
    return _close_or_reopen(event_id, True)


@bp.post("/events/<int:event_id>/reopen")
@requires(UserRole.ORGANISER)
def event_reopen(event_id: int) -> ResponseReturnValue:
    return _close_or_reopen(event_id, False)


@bp.get("/events/<int:event_id>/qr.svg")
@requires(UserRole.ORGANISER)
def event_qr_svg(event_id: int) -> ResponseReturnValue:
    event = db.get_or_404(Event, event_id)
    return HttpResponse(qr_svg(event_link(event), title=f"QR code for {event.name}"), mimetype="image/svg+xml")


@bp.get("/events/<int:event_id>/qr.png")
@requires(UserRole.ORGANISER)
def event_qr_png(event_id: int) -> ResponseReturnValue:
    event = db.get_or_404(Event, event_id)
    response = HttpResponse(qr_png(event_link(event)), mimetype="image/png")
    response.headers["Content-Disposition"] = f'inline; filename="event-{event.code}-qr.png"'
    return response


@bp.get("/events/<int:event_id>/poster")
@requires(UserRole.ORGANISER)
def event_poster(event_id: int) -> ResponseReturnValue:
    event = db.get_or_404(Event, event_id)
    return render_template("organise/events/poster.html", event=event, link=event_link(event),
                           address=current_public_address(), actions_link=actions_link(event))
