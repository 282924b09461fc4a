"""Filtered views that, subtracted from wider ones, would pick out a few people are refused.

The finding: with 10 service users, 10 staff and 1 carer, quotes and counts for all roles
minus those for each large role left exactly the carer's."""
from __future__ import annotations

from datetime import date

from feedback.models import RespondentRole, ResponseFormat
from feedback.reports.differencing import refused_groups, refused_view
from feedback.reports.filters import ResultsFilter
from feedback.reports.page import build_results
from feedback.reports.quotes import quote_page
from feedback.reports.suppression import Rules
from tests.factories import make_event, make_response, make_survey

RULES = Rules()
SU, STAFF, CARER = RespondentRole.SERVICE_USER, RespondentRole.STAFF, RespondentRole.CARER


def respond(session, survey, count, *, role=SU, on=date(2026, 3, 1), event=None, language="en"):
    made = []
    for number in range(count):
        response = make_response(session, survey=survey, role=role, on=on, event=event,
                                 choices={"listened_to": "agree"},
                                 texts={"what_helped": f"{role.value} {language} {number} said the tea helped"})
        response.language = language
        made.append(response)
    session.flush()
    return made


def shown(session, filters) -> set[str]:
    """The written answers a viewer can read under these filters (empty if refused)."""
    view = build_results(session, filters, RULES)
    if not view.reportable:
        return set()
    page = quote_page(session, filters, theme_id=None, direction=None, page=1, per_page=1000)
    return {quote.text for quote in page.quotes}


def test_subtracting_every_role_shown_leaves_nobody_to_single_out(session):
    survey = make_survey(session)
    respond(session, survey, 10, role=SU)
    respond(session, survey, 10, role=STAFF)
    (carer,) = respond(session, survey, 1, role=CARER)
    everyone = shown(session, ResultsFilter(survey.id))
    assert len(everyone) == 21
    by_role = {role: shown(session, ResultsFilter(survey.id, role=role)) for role in (SU, STAFF, CARER)}
    assert by_role[CARER] == set(), "a small group is never shown"
    assert [role for role in (SU, STAFF) if by_role[role]] != [SU, STAFF], "one large role is refused too"
    left = everyone - set().union(*by_role.values())
    assert len(left) >= RULES.group_minimum, "the carer's quote is hidden among at least the minimum"
    refused = build_results(session, ResultsFilter(survey.id, role=SU), RULES)
    if refused.reportable:
        refused = build_results(session, ResultsFilter(survey.id, role=STAFF), RULES)
    assert refused.differencing and not refused.responses.shown, "not even the count, which would give 1 away"
    assert not refused.distributions, "agreement counts are refused with the quotes"


def test_a_view_that_leaves_out_a_few_by_event_is_refused(session):
    survey = make_survey(session)
    big, other, small = make_event(session, name="Big"), make_event(session, name="Other"), make_event(session, name="Small")
    respond(session, survey, 12, event=big)
    respond(session, survey, 12, event=other)
    respond(session, survey, 1, event=small)
    views = {event.name: build_results(session, ResultsFilter(survey.id, event_id=event.id), RULES)
             for event in (big, other, small)}
    assert not views["Small"].reportable
    assert sum(view.reportable for view in views.values()) == 1, "one large event is held back with the small one"


def test_responses_with_no_event_count_as_the_rest_of_an_events_view(session):
    survey = make_survey(session)
    event = make_event(session)
    respond(session, survey, 15, event=event)
    respond(session, survey, 2, event=None)  # the survey's own link
    assert refused_view(session, ResultsFilter(survey.id, event_id=event.id), RULES)


def test_a_date_range_that_leaves_out_one_response_is_refused(session):
    survey = make_survey(session)
    respond(session, survey, 15, on=date(2026, 3, 1))
    respond(session, survey, 1, on=date(2026, 3, 5))
    leaves_one = build_results(session, ResultsFilter(survey.id, date_to=date(2026, 3, 4)), RULES)
    assert leaves_one.differencing and not leaves_one.reportable
    assert build_results(session, ResultsFilter(survey.id, date_to=date(2026, 3, 5)), RULES).reportable, \
        "leaving out nobody is fine"
    respond(session, survey, 12, on=date(2026, 3, 9))
    assert build_results(session, ResultsFilter(survey.id, date_to=date(2026, 3, 8)), RULES).reportable, \
        "leaving out 12 is fine"
    # From the 2nd to the 8th is the one on the 5th alone (a small group); to the 8th from
    # the 1st leaves out the 12 of the 9th, and from the 5th leaves out 15: both fine.
    assert not refused_view(session, ResultsFilter(survey.id, date_from=date(2026, 3, 5)), RULES)
    assert refused_view(session, ResultsFilter(survey.id, date_from=date(2026, 3, 1), date_to=date(2026, 3, 5)),
                        RULES) is False
    respond(session, survey, 1, on=date(2026, 3, 10))
    assert refused_view(session, ResultsFilter(survey.id, date_from=date(2026, 3, 1), date_to=date(2026, 3, 9)),
                        RULES), "leaves out the one on the 10th"


def test_a_language_view_that_leaves_out_one_answer_is_refused(session):
    survey = make_survey(session)
    respond(session, survey, 12, language="en")
    respond(session, survey, 1, language="cy")
    english = build_results(session, ResultsFilter(survey.id, language="en"), RULES)
    assert english.differencing and not english.reportable
    respond(session, survey, 10, language="cy")
    assert build_results(session, ResultsFilter(survey.id, language="en"), RULES).reportable


def test_filters_together_are_checked_against_each_wider_view(session):
    survey = make_survey(session)
    event = make_event(session)
    respond(session, survey, 12, role=SU, event=event)
    respond(session, survey, 1, role=CARER, event=event)
    respond(session, survey, 30, role=SU)
    respond(session, survey, 30, role=CARER)
    # Service users at the event leave out one carer at the event: the event's view minus this is them.
    assert refused_view(session, ResultsFilter(survey.id, event_id=event.id, role=SU), RULES)
    assert not refused_view(session, ResultsFilter(survey.id, role=SU), RULES)


def test_refused_groups_add_the_smallest_others_until_the_minimum():
    assert refused_groups({"a": 10, "b": 10, "c": 1}, RULES) in ({"a", "c"}, {"b", "c"})
    assert refused_groups({"a": 30, "b": 12, "c": 3, "d": 4}, RULES) == {"b", "c", "d"}
    assert refused_groups({"a": 30, "b": 12, "c": 5, "d": 5}, RULES) == {"c", "d"}
    assert refused_groups({"a": 30, "b": 12}, RULES) == set()


def test_a_format_view_is_refused_as_a_language_view_is_and_unrecorded_ones_count_as_a_group(session):
    survey = make_survey(session)
    for response in respond(session, survey, 12):
        response.format = ResponseFormat.EASY_READ
    for response in respond(session, survey, 10):
        response.format = ResponseFormat.STANDARD
    easy, standard = (ResultsFilter(survey.id, format=chosen)
                      for chosen in (ResponseFormat.EASY_READ, ResponseFormat.STANDARD))
    assert build_results(session, easy, RULES).reportable and build_results(session, standard, RULES).reportable
    # Two from before formats were recorded cannot be picked, but standard alone, taken from
    # the whole survey and Easy Read, would leave them: so standard is refused with them.
    respond(session, survey, 2)
    assert build_results(session, easy, RULES).reportable
    refused = build_results(session, standard, RULES)
    assert refused.differencing and not refused.reportable
    assert shown(session, standard) == set()
