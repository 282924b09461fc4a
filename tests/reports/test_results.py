"""Results in SQL: counts across survey versions, filters, themes, sentiment, quotes and flags."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from feedback.models import AnswerTheme, Direction, RespondentRole, Sentiment
from feedback.reports.filters import ResultsFilter
from feedback.reports.page import build_results
from feedback.reports.quotes import open_flags, quote_page, theme_quotes
from feedback.reports.results import distributions, role_counts, sentiment_counts, survey_questions, theme_counts
from feedback.reports.suppression import Cell, Hidden, Rules
from tests.factories import (
    QUESTIONS,
    add_version,
    analyse,
    flag,
    make_event,
    make_response,
    make_survey,
    make_theme,
    text_answer,
)

RULES = Rules()


def counts_of(items, key):
    item = next(item for item in items if item.key == key)
    return item.answered, {choice.value: choice.count for choice in item.choices}


def test_closed_questions_are_counted_across_versions_by_key(session):
    survey = make_survey(session)
    make_response(session, survey=survey, choices={"listened_to": "agree", "support": ["travel", "payment"]})
    make_response(session, survey=survey, choices={"listened_to": "agree", "support": ["travel"]})
    first = survey.current_version
    reworded = [dict(question) for question in QUESTIONS]
    reworded[1]["prompt"] = "People listened to what I said."
    reworded[2] = {**reworded[2], "choices": [["travel", "Help with travel"], ["childcare", "Childcare"]]}
    add_version(session, survey=survey, questions=reworded)
    make_response(session, survey=survey, choices={"listened_to": "disagree", "support": ["childcare", "travel"]})
    make_response(session, survey=survey, version=first, choices={"listened_to": "agree"})

    questions = survey_questions(session, survey.id)
    results = distributions(session, ResultsFilter(survey.id), questions)
    # Reworded: each wording shows the answers given to it, newest first, saying which versions.
    newer, older = [item for item in results if item.key == "listened_to"]
    assert newer.prompt == "People listened to what I said. (asked in version 2)"
    assert newer.answered == 1 and {c.value: c.count for c in newer.choices}["disagree"] == 1
    assert older.prompt == "People listened to me. (asked in version 1)"
    assert older.answered == 3 and {c.value: c.count for c in older.choices}["agree"] == 3
    answered, support = counts_of(results, "support")
    assert answered == 3, "a multiple-choice answer counts its respondent once"
    assert support == {"travel": 3, "childcare": 1, "payment": 1, "easy_read": 0}
    labels = [choice.label for choice in next(item for item in results if item.key == "support").choices]
    assert labels[:2] == ["Help with travel", "Childcare"]


def test_filters_narrow_every_count(session):
    survey = make_survey(session)
    event = make_event(session)
    make_response(session, survey=survey, role=RespondentRole.CARER, on=date(2026, 1, 10), choices={"listened_to": "agree"})
    make_response(session, survey=survey, role=RespondentRole.STAFF, on=date(2026, 2, 10), event=event,
                  choices={"listened_to": "disagree"})
    make_response(session, survey=survey, role=RespondentRole.CARER, on=date(2026, 3, 10), event=event,
                  choices={"listened_to": "agree"})
    other = make_survey(session, slug="other-survey")
    make_response(session, survey=other, choices={"listened_to": "agree"})

    def listened(**filters):
        questions = survey_questions(session, survey.id)
        return counts_of(distributions(session, ResultsFilter(survey.id, **filters), questions), "listened_to")[1]

    assert listened()["agree"] == 2
    assert listened(event_id=event.id) == {**listened(event_id=event.id), "agree": 1, "disagree": 1}
    assert listened(role=RespondentRole.STAFF)["agree"] == 0
    assert listened(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)) == {
        "strongly_agree": 0, "agree": 0, "neither": 0, "disagree": 1, "strongly_disagree": 0}
    assert role_counts(session, ResultsFilter(survey.id)) == {RespondentRole.CARER: 2, RespondentRole.STAFF: 1}
    assert role_counts(session, ResultsFilter(survey.id, date_from=date(2026, 3, 1))) == {RespondentRole.CARER: 1}


def test_themes_split_by_direction_and_role_without_removed_tags(session):
    survey = make_survey(session)
    travel, noise = make_theme(session, name="Travel"), make_theme(session, name="Noise")
    for role in (RespondentRole.CARER, RespondentRole.CARER, RespondentRole.STAFF):
        response = make_response(session, survey=survey, role=role,
                                 texts={"what_helped": "bus fare paid", "what_made_it_harder": "loud room and buses"})
        analyse(session, answer=text_answer(response, "what_helped"), sentiment=Sentiment.POSITIVE,
                direction=Direction.ENABLER, themes=[travel])
        analyse(session, answer=text_answer(response, "what_made_it_harder"), direction=Direction.BARRIER,
                themes=[noise, travel])
    removed = session.scalars(select(AnswerTheme).order_by(AnswerTheme.id.desc())).first()
    removed.removed = True  # the staff member's barrier "Travel" tag was taken off by a person
    session.flush()

    themes = {(theme.name, theme.direction): theme.by_role for theme in theme_counts(session, ResultsFilter(survey.id))}
    assert themes[("Travel", Direction.ENABLER)] == {RespondentRole.CARER: 2, RespondentRole.STAFF: 1}
    assert themes[("Noise", Direction.BARRIER)] == {RespondentRole.CARER: 2, RespondentRole.STAFF: 1}
    assert themes[("Travel", Direction.BARRIER)] == {RespondentRole.CARER: 2}

    sentiment = sentiment_counts(session, ResultsFilter(survey.id), survey_questions(session, survey.id))
    assert [(row.key, row.counts[Sentiment.POSITIVE], row.counts[Sentiment.NEGATIVE]) for row in sentiment] == [
        ("what_helped", 3, 0), ("what_made_it_harder", 0, 3)]


def test_quotes_are_the_newest_few_per_theme(session):
    survey = make_survey(session)
    travel = make_theme(session, name="Travel")
    for number in range(5):
        response = make_response(session, survey=survey, texts={"what_helped": f"quote {number}"})
        analyse(session, answer=text_answer(response, "what_helped"), direction=Direction.ENABLER, themes=[travel])
    quotes = theme_quotes(session, ResultsFilter(survey.id), [(travel.id, Direction.ENABLER)], per_theme=3)
    assert [quote.text for quote in quotes[(travel.id, Direction.ENABLER)]] == ["quote 4", "quote 3", "quote 2"]

    page = quote_page(session, ResultsFilter(survey.id), theme_id=travel.id, page=2, per_page=2)
    assert page.total == 5 and page.pages == 3
    assert [quote.text for quote in page.quotes] == ["quote 2", "quote 1"]
    assert [tag.name for tag in page.quotes[0].tags] == ["Travel"]


def test_open_flags_leave_out_handled_ones_and_other_surveys(session):
    survey, other = make_survey(session), make_survey(session, slug="other")
    waiting = flag(session, answer=text_answer(make_response(session, survey=survey, texts={"what_helped": "help me"}), "what_helped"))
    handled = flag(session, answer=text_answer(make_response(session, survey=survey, texts={"what_helped": "ok now"}), "what_helped"))
    handled.handled_at = datetime(2026, 3, 2)
    flag(session, answer=text_answer(make_response(session, survey=other, texts={"what_helped": "elsewhere"}), "what_helped"))
    assert [(item.id, item.text) for item in open_flags(session, survey.id)] == [(waiting.id, "help me")]


def make_group(session, survey, size, role=RespondentRole.CARER):
    theme = make_theme(session, name=f"Theme for {size}")
    for _ in range(size):
        response = make_response(session, survey=survey, role=role, choices={"listened_to": "agree"},
                                 texts={"what_helped": "the welcome"})
        analyse(session, answer=text_answer(response, "what_helped"), direction=Direction.ENABLER, themes=[theme])


def test_nine_responses_show_only_their_number(session):
    survey = make_survey(session)
    make_group(session, survey, 9)
    view = build_results(session, ResultsFilter(survey.id), RULES)
    assert view.responses == Cell(9) and not view.reportable
    assert view.distributions == [] and view.theme_sections == [] and view.sentiment == []


def test_ten_responses_show_the_breakdown_with_small_counts_hidden(session):
    survey = make_survey(session)
    make_group(session, survey, 8)
    make_group(session, survey, 2, role=RespondentRole.STAFF)
    view = build_results(session, ResultsFilter(survey.id), RULES)
    assert view.reportable and view.responses == Cell(10)
    assert view.roles == [RespondentRole.CARER, RespondentRole.STAFF]
    assert [cell.hidden for cell in view.role_cells] == [Hidden.SECONDARY, Hidden.SMALL_COUNT]
    listened = next(item for item in view.distributions if item.key == "listened_to")
    assert [(row.label, row.cell.count, row.percent) for row in listened.choices][:2] == [
        ("Strongly agree", 0, 0), ("Agree", 10, 100)]
    enablers = view.theme_sections[0]
    assert enablers.direction is Direction.ENABLER
    small = next(row for row in enablers.rows if row.name == "Theme for 2")
    assert small.total.hidden is Hidden.SMALL_COUNT
    assert all(cell.hidden for cell in small.cells), "both groups are under 10, so no column is shown"
    assert small.quotes == [], "two quotes would give away the hidden count"
    big = next(row for row in enabler_rows(view) if row.name == "Theme for 8")
    assert big.total == Cell(8) and len(big.quotes) == 3


def enabler_rows(view):
    return next(section for section in view.theme_sections if section.direction is Direction.ENABLER).rows
