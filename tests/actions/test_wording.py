"""The checks on what an action says in public (feedback/actions/wording.py)."""
from __future__ import annotations

import pytest

from feedback.actions.wording import public_text_problem, team_name_problem
from feedback.reports.suppression import Rules

RULES = Rules(group_minimum=10, count_maximum=4)
STAFF = ["Sam Patel", "sam.patel@example.nhs.uk", "Al"]


@pytest.mark.parametrize("text", [
    "3 people said the room was cold.",
    "Two carers told us the bus was late.",
    "One person said the forms were long.",
    "Four of the carers said it was hard to park.",
    "Only one service user came.",
    "A couple of staff members found it hard.",
    "4 respondents mentioned jargon.",
])
def test_small_counts_of_people_are_refused(text):
    assert "Do not give a number of people under 5" in public_text_problem(text, RULES, STAFF)


@pytest.mark.parametrize("text", [
    "5 people said the room was cold.",
    "Some people said the room was cold.",
    "Many carers told us the bus was late.",
    "We held 2 meetings in March and moved to room 3.",
    "From 1 April the meetings start at 2pm.",
    "Several people found the forms long, so we cut them to 4 pages.",
])
def test_other_numbers_and_plain_words_are_allowed(text):
    assert public_text_problem(text, RULES, STAFF) is None


def test_the_limit_follows_the_setting():
    assert public_text_problem("6 people said so.", Rules(group_minimum=10, count_maximum=6), STAFF)
    assert public_text_problem("6 people said so.", RULES, STAFF) is None


@pytest.mark.parametrize("text, expected", [
    ("Email jo@example.org to hear more.", "Remove an email address"),
    ("Ring 07700 900123.", "Remove a phone number"),
    ("We met at SW1A 1AA.", "Remove a postcode"),
    ("Sam Patel booked a quieter room.", "Remove the name of a member of staff"),
    ("Ask SAM  PATEL about it.", "Remove the name of a member of staff"),
])
def test_identifiers_and_staff_names_are_refused(text, expected):
    assert public_text_problem(text, RULES, STAFF).startswith(expected)


def test_short_names_are_not_matched_inside_words():
    # "Al" is too short to look for: it would match "all", "also", "total".
    assert public_text_problem("We told all the teams, and also the board.", RULES, STAFF) is None


def test_a_team_name_must_name_a_team():
    assert team_name_problem("The Ward 4 team", STAFF) is None
    assert team_name_problem("sam patel", STAFF) == "Enter the name of a team, not a person"
    assert team_name_problem("qi@example.org", STAFF) == "Enter a team name, not an email address"


def test_a_name_written_after_a_title_is_refused_in_public_wording_and_as_a_team():
    assert public_text_problem("Dr Jones now meets people at the door", RULES) == (
        "Remove a person's name: public pages must not identify anyone")
    assert team_name_problem("Dr Jones", []) == "Enter the name of a team, not a person"
    assert public_text_problem("A doctor now meets people at the door", RULES) is None
    assert team_name_problem("Crisis Team", []) is None
