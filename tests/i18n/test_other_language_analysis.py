"""Answers in other languages: redacted and risk-checked, never given English-trained tags,
and counted on the results page as not analysed, with the reason."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from feedback.analysis.other_languages import check_risk
from feedback.models import AnswerAnalysis, AnswerTheme, RespondentRole, Response, SafeguardingFlag, UserRole
from feedback.tagging.tagger import Tagger, reanalyse
from tests.factories import make_response, make_user, results_survey
from tests.helpers import submit
from tests.organise.conftest import sign_in_as
from tests.pages import parse

SURVEY = "/s/after-an-event"


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_urdu_free_text_is_redacted_and_flagged_but_not_tagged(client, session, builtin):
    client.get(SURVEY + "?lang=ur")
    sent = submit(client, SURVEY, {"role": "carer",
                                   "what_helped": "عملہ بہت مہربان تھا، میرا فون ۰۷۷۰۰ ۹۰۰۱۲۳ ہے",
                                   "what_made_it_harder": "کبھی کبھی میں خودکشی کے بارے میں سوچتا ہوں"})
    assert sent.status_code == 303
    response = session.scalars(select(Response)).one()
    assert response.language == "ur"
    texts = {answer.question.key: answer.text for answer in response.answers if answer.text}
    assert "۰۷۷۰۰" not in texts["what_helped"] and "[phone number removed]" in texts["what_helped"]
    assert count(session, AnswerAnalysis) == 0 and count(session, AnswerTheme) == 0
    flag = session.scalars(select(SafeguardingFlag)).one()
    assert "suicide" in flag.categories and "خودکشی" in flag.reasons
    thanks = parse(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert thanks.select_one(".nhsuk-warning-callout") is not None


def test_the_same_answers_in_english_are_analysed(client, session, builtin):
    submit(client, SURVEY, {"role": "carer", "what_helped": "The staff were kind and explained everything."})
    assert count(session, AnswerAnalysis) == 1


def test_reanalysis_leaves_other_languages_untagged(client, session, builtin):
    client.get(SURVEY + "?lang=pl")
    submit(client, SURVEY, {"role": "carer", "what_helped": "Personel był bardzo miły i pomocny."})
    reanalyse(session, Tagger("participation"), today=date(2026, 12, 3))
    session.commit()
    assert count(session, AnswerAnalysis) == 0


@pytest.mark.parametrize("language, text", [
    ("bn", "আমি আর বাঁচতে চাই না"), ("tr", "Bazen ölmek istiyorum"), ("so", "Waxaan rabaa inaan dhinto"),
    ("pl", "Czasem chcę umrzeć"), ("cy", "Weithiau dw i eisiau marw"), ("ur", "میں مرنا چاہتا ہوں"),
])
def test_draft_risk_phrases_flag_each_built_in_language(language, text):
    assert check_risk(text, language).flagged


@pytest.mark.parametrize("language, text", [
    ("bn", "কর্মীরা খুব ভালো ছিল"), ("tr", "Çok güzel bir toplantıydı"), ("pl", "Bardzo miła obsługa"),
    ("cy", "Roedd y staff yn garedig iawn"), ("ur", "عملہ بہت مہربان تھا"), ("so", "Shaqaaluhu aad bay u wanaagsanaayeen"),
])
def test_ordinary_answers_are_not_flagged(language, text):
    assert not check_risk(text, language).flagged


def test_results_say_how_many_answers_were_not_analysed_and_why(client, session):
    survey = results_survey(session, carers=10)
    for _ in range(6):
        response = make_response(session, survey=survey, role=RespondentRole.CARER, on=date(2026, 3, 1),
                                 texts={"what_helped": "Personel był miły"})
        response.language = "pl"
    session.commit()
    sign_in_as(client, make_user(session, role=UserRole.VIEWER))
    page = parse(client.get(f"/organise/results/surveys/{survey.id}").get_data(as_text=True))
    note = page.select_one("#not-analysed").get_text(" ", strip=True)
    assert "6 written answers were not analysed for sentiment or themes, because they are not in English" in note
    assert "Polish 6." in note
