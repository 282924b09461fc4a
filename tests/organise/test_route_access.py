"""Every organiser route, walked as each kind of visitor, against the table of who may use it.

The walk reads app.url_map, so a new route is covered the moment it exists. A route that
is not in ROUTE_ROLES fails with a message saying to add it: decide who may use it there.
"""
from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.extensions import db
from feedback.models import (
    Action,
    Answer,
    Channel,
    Frequency,
    OrganiserMeasure,
    SafeguardingFlag,
    ScopeKind,
    Subscription,
    SurveyStatus,
    UserRole,
)
from feedback.models.types import utcnow
from feedback.organise.access import OWN_TOKEN_VIEWS
from feedback.organise.forms import NOT_SAVED_TIMED_OUT
from feedback.organise.forms_entry import STALE_PAGE_NOTICE
from feedback.organise.kiosk import make_token, start_kiosk
from feedback.organise.survey_editing import duplicate_survey
from feedback.organise.throttle import unlock_token
from feedback.responses.submission import Submission, record_response
from tests.factories import make_event, make_user
from tests.helpers import open_form
from tests.organise.conftest import sign_in_as

PUBLIC = "public"
VIEWER, ORGANISER, ADMIN = UserRole.VIEWER, UserRole.ORGANISER, UserRole.ADMIN

# Who may use each route: PUBLIC (anyone, signed in or not) or the lowest role allowed.
ROUTE_ROLES: dict[str, str | UserRole] = {
    # accounts (views_account.py, views_users.py)
    "organise.sign_in": PUBLIC,
    "organise.sign_out": PUBLIC,
    "organise.still_here": VIEWER,
    "organise.unlock_account": PUBLIC,
    "organise.home": VIEWER,
    "organise.change_password": VIEWER,
    "organise.users": ADMIN,
    "organise.user_new": ADMIN,
    "organise.user_detail": ADMIN,
    "organise.user_role": ADMIN,
    "organise.user_deactivate": ADMIN,
    "organise.user_reactivate": ADMIN,
    "organise.user_reset_password": ADMIN,
    "organise.audit_log": ADMIN,
    # events (views_events.py)
    "organise.events": ORGANISER,
    "organise.event_new": ORGANISER,
    "organise.event_detail": ORGANISER,
    "organise.event_edit": ORGANISER,
    "organise.event_close": ORGANISER,
    "organise.event_reopen": ORGANISER,
    "organise.event_poster": ORGANISER,
    "organise.event_qr_svg": ORGANISER,
    "organise.event_qr_png": ORGANISER,
    # QI projects (views_projects.py)
    "organise.projects": VIEWER,
    "organise.project_detail": VIEWER,
    "organise.project_new": ORGANISER,
    "organise.project_edit": ORGANISER,
    "organise.project_stage": ORGANISER,
    "organise.project_involvement": ORGANISER,
    "organise.project_export": ORGANISER,
    "organise.project_report_page": VIEWER,
    "organise.compare_page": VIEWER,
    "organise.project_import": ORGANISER,
    # surveys (views_surveys.py)
    "organise.surveys": ORGANISER,
    "organise.survey_detail": ORGANISER,
    "organise.survey_settings": ORGANISER,
    "organise.survey_duplicate": ORGANISER,
    "organise.survey_preview": ORGANISER,
    "organise.survey_translations": ORGANISER,
    "organise.translation_sheet": ORGANISER,
    "organise.translation_import": ORGANISER,
    "organise.survey_publish": ORGANISER,
    "organise.survey_close": ORGANISER,
    "organise.question_new": ORGANISER,
    "organise.question_edit": ORGANISER,
    "organise.question_move": ORGANISER,
    "organise.question_delete": ORGANISER,
    # paper and kiosk (views_entry.py); the kiosk pages are public behind a signed token
    "organise.paper_entry": ORGANISER,
    "organise.survey_print": ORGANISER,
    "organise.kiosk_start": ORGANISER,
    "organise.kiosk_end": ORGANISER,
    "organise.kiosk": PUBLIC,
    "organise.kiosk_thanks": PUBLIC,
    # results, exports, corrections (part B: views_results.py, views_exports.py)
    "organise.results_index": VIEWER,
    "organise.survey_results": VIEWER,
    "organise.event_results": VIEWER,
    "organise.survey_quotes": VIEWER,
    "organise.correct_tags": ORGANISER,
    "organise.handle_flag": ORGANISER,
    "organise.survey_flags": ORGANISER,
    "organise.export_responses": ORGANISER,
    # safeguarding contacts (views_safeguarding.py)
    "organise.safeguarding_contacts": ADMIN,
    "organise.safeguarding_contact_remove": ADMIN,
    "organise.flag_answer": ORGANISER,
    "organise.unflag_answer": ORGANISER,
    # email summaries (views_summaries.py)
    "organise.summaries": VIEWER,
    "organise.summary_new": VIEWER,
    "organise.summary_preview": VIEWER,
    "organise.summary_preview_page": VIEWER,
    "organise.summary_preview_html": VIEWER,
    "organise.summary_stop": VIEWER,
    "organise.summaries_log": ORGANISER,
    "organise.summaries_retry": ORGANISER,
    # measures over time (views_measures.py)
    "organise.measures_index": VIEWER,
    "organise.survey_measures": VIEWER,
    "organise.survey_measures_report": VIEWER,
    "organise.measure_new": ORGANISER,
    "organise.measure_edit": ORGANISER,
    "organise.measure_delete": ORGANISER,
    # you said, we did (views_actions.py)
    "organise.actions": VIEWER,
    "organise.action_detail": VIEWER,
    "organise.action_new": ORGANISER,
    "organise.action_edit": ORGANISER,
    "organise.action_close": ORGANISER,
    "organise.action_reopen": ORGANISER,
    "organise.action_quote": ORGANISER,
}
RANK = {VIEWER: 1, ORGANISER: 2, ADMIN: 3}
VISITORS = [None, VIEWER, ORGANISER, ADMIN]


@pytest.fixture
def world(app: Flask, session: Session, builtin) -> dict:
    """One of everything a route can be about, and an account of each role."""
    survey = duplicate_survey(session, builtin["after-an-event"], by=None)
    survey.status = SurveyStatus.OPEN
    event = make_event(session, surveys=[survey])
    version = survey.current_version
    response = record_response(session, version=version, event=event, today=date.today(),
                               submission=Submission(answers={"role": "carer", "what_helped": "The bus fare."},
                                                     channel=Channel.ONLINE))
    session.commit()
    answer = session.scalars(select(Answer).where(Answer.response_id == response.id, Answer.text.is_not(None))).one()
    flag = SafeguardingFlag(answer_id=answer.id, reasons="test", flagged_on=date.today())
    session.add(flag)
    session.commit()
    measure = OrganiserMeasure(survey_id=survey.id, question_key="listened_to", title="Listened to")
    session.add(measure)
    action = Action(said="The room was cold.", done="We moved to a warmer room.", responsible="QI team",
                    events=[event])
    session.add(action)
    session.commit()
    accounts = {role: make_user(session, email=f"{role.value}@example.org", role=role) for role in RANK}
    target = make_user(session, email="target@example.org", role=UserRole.VIEWER)
    kiosk, ticket = start_kiosk(session, event, survey, by=accounts[ORGANISER], lasts=timedelta(hours=10),
                                now=utcnow())
    session.commit()
    token = make_token(app.secret_key, ticket)
    target.failed_sign_ins = 4  # waiting after wrong passwords, with an emailed link to end it
    session.commit()
    # The viewer's own summary, which every role may read a preview of.
    subscription = Subscription(email="viewer@example.org", scope_kind=ScopeKind.EVERYTHING,
                                frequency=Frequency.WEEKLY, weekday=0, hour=7, timezone="Europe/London", active=True)
    session.add(subscription)
    session.commit()
    values = {
        "event_id": event.id, "survey_id": survey.id, "user_id": target.id, "answer_id": answer.id,
        "flag_id": flag.id, "subscription_id": subscription.id, "contact_id": 1, "format": "csv",
        "question_key": "what_helped", "measure_id": measure.id, "project_id": event.project_id, "action_id": action.id,
        "code": "ur",
        "kind": "csv",
        "token": token, "kiosk_id": kiosk.id, "unlock_token": unlock_token(app.secret_key, target),
    }
    return {"accounts": accounts, "values": values}


def organiser_routes(app: Flask) -> list[tuple[str, str, set[str]]]:
    return sorted((rule.endpoint, rule.rule, set(rule.methods or ()) - {"HEAD", "OPTIONS"})
                  for rule in app.url_map.iter_rules() if rule.endpoint.startswith("organise."))


def url_for_rule(app: Flask, endpoint: str, rule: str, values: dict) -> str:
    needed = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == rule).arguments
    missing = needed - values.keys()
    assert not missing, (f"{endpoint} takes {sorted(missing)}: add a value for each to `values` in the world "
                         "fixture of tests/organise/test_route_access.py")
    with app.test_request_context():
        return url_for(endpoint, **{name: values[name] for name in needed})


def test_every_organiser_route_is_in_the_role_table(app):
    unknown = [endpoint for endpoint, _rule, _methods in organiser_routes(app) if endpoint not in ROUTE_ROLES]
    assert not unknown, (f"New organiser routes {unknown}: add each to ROUTE_ROLES in "
                         "tests/organise/test_route_access.py with PUBLIC or the lowest UserRole allowed")


def _visit(client: FlaskClient, world: dict, visitor, method: str, url: str):
    if visitor is None:
        with client.session_transaction() as browser_session:
            browser_session.clear()
    else:
        sign_in_as(client, world["accounts"][visitor])
    if method == "GET":
        response = client.get(url)
    else:
        page = "/organise/sign-in" if visitor is None else "/organise/account/password"
        response = client.post(url, data={"csrf_token": open_form(client, page)["csrf_token"]})
    response.get_data()  # read streamed bodies (exports) to the end, as a browser would
    response.close()
    return response


def _check(endpoint: str, method: str, visitor, response) -> str | None:
    """What is wrong with the answer, or None."""
    if response.headers.get("Cache-Control") != "no-store":
        return f"Cache-Control is {response.headers.get('Cache-Control')!r}, expected 'no-store'"
    required = ROUTE_ROLES[endpoint]
    status, location = response.status_code, response.headers.get("Location", "")
    if required == PUBLIC:
        allowed = True
    elif visitor is None:
        return None if status == 302 and location.startswith("/organise/sign-in") else f"anonymous got {status}"
    else:
        allowed = RANK[visitor] >= RANK[required]
    if not allowed:
        return None if status == 403 else f"{visitor.value} got {status}, expected 403"
    who = getattr(visitor, "value", "anonymous")
    if endpoint == "organise.sign_out":
        return None if status == 303 and location.startswith("/organise/sign-in") else f"{who} got {status}"
    if endpoint == "organise.unlock_account" and method == "POST":
        # Ending the wait sends the owner to sign in; the link then no longer works (410).
        ok = (status == 303 and location.startswith("/organise/sign-in")) or status == 410
        return None if ok else f"{who} got {status}"
    if status >= 500 or status == 403 or location.startswith("/organise/sign-in"):
        return f"{who} got {status} {location}"
    # A page, or a page that sends you on to another workspace page.
    if method == "GET" and not (status == 200 or (status in (302, 303) and location.startswith("/organise/"))):
        return f"{who} got {status}, expected 200"
    return None


def test_each_route_answers_each_visitor_as_the_table_says(app, client, world):
    problems = []
    routes = organiser_routes(app)
    # Look at every page first, then send the forms (which change what later pages show).
    for phase in ("GET", "POST"):
        for endpoint, rule, methods in routes:
            if phase not in methods or endpoint not in ROUTE_ROLES:
                continue
            url = url_for_rule(app, endpoint, rule, world["values"])
            for visitor in VISITORS:
                response = _visit(client, world, visitor, phase, url)
                problem = _check(endpoint, phase, visitor, response)
                if problem:
                    problems.append(f"{phase} {url} ({endpoint}): {problem}")
    assert not problems, "\n".join(problems)


def snapshot() -> dict[str, list]:
    return {table.name: sorted(map(repr, db.session.execute(table.select()).all()))
            for table in db.metadata.sorted_tables}


def test_every_form_refuses_a_post_without_a_csrf_token(app, client, world):
    sign_in_as(client, world["accounts"][ADMIN])
    before = snapshot()
    problems = []
    for endpoint, rule, methods in organiser_routes(app):
        if "POST" not in methods or endpoint not in ROUTE_ROLES:
            continue
        url = url_for_rule(app, endpoint, rule, world["values"])
        sign_in_as(client, world["accounts"][ADMIN])
        response = client.post(url, data={"role": "viewer", "direction": "up", "email": "a@b.cd", "survey_id": "1"})
        response.close()
        if (endpoint in ("organise.kiosk", "organise.paper_entry")
                and response.headers.get("Location", "").startswith(url + "?answers=")):
            # Like the public survey form, the kiosk and paper entry check their own token so that
            # one expired on an idle tablet, or a session replaced while a paper form was being
            # typed, loses nothing: the form comes back by a redirect (web/redisplay.py), saying
            # the page timed out, the answers kept for it a moment in form_draft.
            continue
        if response.status_code != 400:
            problems.append(f"POST {url} without a CSRF token got {response.status_code}, expected 400")
    assert not problems, "\n".join(problems)
    after = snapshot()
    assert len(after.pop("form_draft")) <= 2 and before.pop("form_draft") == []
    assert after == before, "a POST without a CSRF token changed the database"



# What a person might have typed in any of the forms that check their own token.
TYPED = {"name": "Typed name", "email": "typed@example.nhs.uk", "password": "a typed password", "title": "Typed title",
         "role": "viewer", "status": "draft", "type": "free_text", "prompt": "Typed question", "polarity": "neutral",
         "place": "Typed place", "service": "Typed service", "aim": "Typed aim", "stage": "scoping",
         "involvement": "big_i", "note": "Typed note", "reason": "Typed reason", "category": "self_harm",
         "question": "listened_to", "improvement": "increase", "target": "80", "said": "Typed said",
         "done": "Typed done", "responsible": "Typed team", "quote": "none", "scope": "everything",
         "frequency": "daily", "day": "monday", "hour": "7", "listing": "listed", "layout": "one_page",
         **{f"{prefix}[{part}]": value for prefix in ("held_on", "started_on", "changed_on", "status_on")
            for part, value in (("day", "1"), ("month", "3"), ("year", "2026"))}}


def test_a_form_sent_with_a_stale_token_saves_nothing_and_comes_back_to_send_again(app, client, world):
    # The token of a session since renewed (signed out and in again, in another tab, say).
    sign_in_as(client, world["accounts"][ADMIN])
    stale = open_form(client, "/organise/account/password")["csrf_token"]
    before = snapshot()
    own_token = [(endpoint, rule) for endpoint, rule, methods in organiser_routes(app)
                 if "POST" in methods and "{0.__module__}.{0.__name__}".format(app.view_functions[endpoint])
                 in OWN_TOKEN_VIEWS]
    assert len(own_token) >= 20, own_token
    problems = []
    for endpoint, rule in own_token:
        url = url_for_rule(app, endpoint, rule, world["values"])
        sign_in_as(client, world["accounts"][ADMIN])
        response = client.post(url, data={"csrf_token": stale} | TYPED)
        if endpoint == "organise.paper_entry" and response.status_code == 303:
            # Shown again by a redirect, as a paper form with a problem is (web/redisplay.py).
            response.close()
            response = client.get(response.headers["Location"])
            if response.status_code == 200 and STALE_PAGE_NOTICE in html.unescape(response.get_data(as_text=True)):
                response.close()
                continue
        if response.status_code != 400 or NOT_SAVED_TIMED_OUT not in response.get_data(as_text=True):
            problems.append(f"POST {url} ({endpoint}) with a stale token got {response.status_code}"
                            " without the message to send it again")
        response.close()
    assert not problems, "\n".join(problems)
    after = snapshot()
    assert len(after.pop("form_draft")) <= 1 and before.pop("form_draft") == []
    assert after == before, "a POST with a stale CSRF token changed the database"

# Values that have broken forms elsewhere: NUL (PostgreSQL refuses it), too long, too big.
# (1,500 characters in each field keeps the whole post under MAX_CONTENT_LENGTH.)
NASTY_VALUES = ["\x00", "x" * 1500, "99999999999999999999999"]
FIELD_NAMES = ["name", "email", "password", "current_password", "new_password", "confirm_password", "role", "title",
               "intro", "what_happens_next", "status", "prompt", "hint", "type", "choices", "required",
               "error_message", "polarity", "max_chars", "place", "project", "involvement", "surveys",
               "service", "aim", "stage", "note", "started_on[day]", "started_on[month]", "started_on[year]",
               "changed_on[day]", "changed_on[month]", "changed_on[year]",
               "held_on[day]", "held_on[month]", "held_on[year]", "opens_on[day]", "opens_on[month]",
               "opens_on[year]", "direction", "survey_id", "submission_key", "what_helped", "role",
               "question", "improvement", "target", "changes", "said", "done", "responsible", "public_team",
               "themes", "surveys", "events", "status_on[day]", "status_on[month]", "status_on[year]",
               "due_on[day]", "due_on[month]", "due_on[year]", "note", "quote"]


def test_no_form_answers_bad_input_with_a_server_error(app, client, world):
    problems = []
    # Signing out and starting a kiosk end the session; they take no typed input anyway.
    forms = [(endpoint, url_for_rule(app, endpoint, rule, world["values"]))
             for endpoint, rule, methods in organiser_routes(app)
             if "POST" in methods and endpoint not in ("organise.sign_out", "organise.kiosk_start")]
    forms.sort(key=lambda form: "delete" in form[0])  # delete last, so the edits find their question
    for nasty in NASTY_VALUES:
        sign_in_as(client, world["accounts"][ADMIN])
        token = open_form(client, "/organise/account/password")["csrf_token"]
        for _endpoint, url in forms:
            response = client.post(url, data={"csrf_token": token} | dict.fromkeys(FIELD_NAMES, nasty))
            response.close()
            if response.status_code >= 500:
                problems.append(f"POST {url} with {nasty[:20]!r} got {response.status_code}")
    assert not problems, "\n".join(problems)


def test_error_pages_in_the_workspace_keep_its_header_and_lead_back_into_it(client, session, builtin, organiser):
    from tests.organise.conftest import sign_in_as
    from tests.pages import check_page
    sign_in_as(client, organiser)
    for path, status in [("/organise/events/999999", 404), ("/organise/users", 403)]:
        response = client.get(path)
        assert response.status_code == status, path
        page = check_page(response.get_data(as_text=True))
        assert page.select_one(".nhsuk-header__navigation"), f"{path}: the workspace menu is kept"
        assert page.find("a", string="Go to the workspace home page")["href"] == "/organise/"
        assert "scanned a QR code" not in page.get_text()
    public = check_page(client.get("/e/NO-SUCH-EVENT").get_data(as_text=True))
    assert public.find("a", string="Go to the start page") and not public.select_one(".nhsuk-header__navigation")
