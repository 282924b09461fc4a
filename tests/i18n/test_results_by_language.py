"""Results combine every language, and can be narrowed to one."""
from __future__ import annotations

from datetime import date

from feedback.models import RespondentRole, UserRole
from tests.factories import make_response, make_user, results_survey
from tests.organise.conftest import sign_in_as
from tests.pages import parse


def test_results_combine_languages_and_filter_by_one(client, session):
    survey = results_survey(session, carers=10, on=date(2026, 1, 5))
    for _ in range(12):
        response = make_response(session, survey=survey, role=RespondentRole.CARER, on=date(2026, 1, 6),
                                 choices={"listened_to": "agree"})
        response.language = "ur"
    session.commit()
    sign_in_as(client, make_user(session, role=UserRole.VIEWER))
    base = f"/organise/results/surveys/{survey.id}"
    assert "22 responses" in parse(client.get(base).get_data(as_text=True)).get_text(" ")
    urdu = parse(client.get(base + "?language=ur").get_data(as_text=True))
    assert "12 responses" in urdu.get_text(" ")
    assert urdu.select_one('select#language option[value="ur"]').has_attr("selected")
    english = parse(client.get(base + "?language=en").get_data(as_text=True))
    assert "10 responses" in english.get_text(" ")
    refused = client.get(base + "?language=xx")
    assert refused.status_code == 400 or "Select a language from the list" in refused.get_data(as_text=True)
    assert "Select a language from the list" in refused.get_data(as_text=True)
