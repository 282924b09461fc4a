"""Taxonomies load from data files; phrase rules handle negation and inflection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feedback.analysis import BUILT_IN_TAXONOMIES, TaxonomyError, analyse, load_taxonomy
from feedback.analysis.rules import rule_themes


def test_built_in_taxonomies_load_with_sources() -> None:
    participation = load_taxonomy("participation")
    qdc = load_taxonomy("qdc-v7")
    assert set(BUILT_IN_TAXONOMIES) == {"participation", "qdc-v7"}
    assert "Payment and recognition" in participation.theme_names
    assert len(participation.themes) >= 12
    assert all(theme.phrases and theme.description for theme in participation.themes)
    assert any("4Pi" in source for source in participation.sources)
    assert len(qdc.themes) == 33
    assert qdc.themes[0].category == "General"
    assert any("NHS England" in source for source in qdc.sources)


def test_taxonomy_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"name": "mine", "version": "2", "themes": [
        {"name": "Snacks", "description": "Food at meetings", "phrases": ["biscuit*", "sandwich*"]}]}))
    taxonomy = load_taxonomy(path)
    assert taxonomy.version == "2"
    assert [t.evidence for t in rule_themes("No biscuits again!", taxonomy)] == ["No biscuits"]


def test_unknown_or_malformed_taxonomy_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="unknown taxonomy"):
        load_taxonomy("nope")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "bad"}))
    with pytest.raises(TaxonomyError, match='a "name" and a list of "themes"'):
        load_taxonomy(bad)
    with pytest.raises(TaxonomyError, match="there is no taxonomy file at"):
        load_taxonomy(str(tmp_path / "missing.json"))
    for shape, message in [([1, 2], 'a "name" and a list of "themes"'),
                           ({"name": "x", "themes": [{"phrases": ["a"]}]}, 'theme 1 must be an object with a "name"'),
                           ({"name": "x", "themes": [{"name": "Buses", "phrases": "bus"}]}, "must be a list of strings")]:
        bad.write_text(json.dumps(shape))
        with pytest.raises(TaxonomyError, match=message):
            load_taxonomy(bad)


@pytest.mark.parametrize(
    ("text", "theme", "evidence"),
    [
        ("We were not paid for three months", "Payment and recognition", "not paid"),
        ("I never heard back about what changed", "Feedback loop", "never heard back"),
        ("Too much jargon - PDSA this, driver diagram that", "Plain language", "jargon"),
        ("I didn't understand half of it", "Plain language", "didn't understand"),
        ("I did not understand the papers", "Plain language", "did not understand"),
        ("The Zoom link never arrived", "Digital access", "Zoom"),
        ("Reimbursement for travel took ages", "Payment and recognition", "Reimbursement"),
        ("It felt like a tick-box exercise", "Power and equality", "tick-box"),
        ("Meetings were arranged at short notice", "Timing and logistics", "short notice"),
        ("There was no step free access", "Access and adjustments", "no step free"),
        ("Nobody checked i was ok after the session", "Wellbeing and safety", "Nobody checked i was ok"),
        ("Always the same faces at every meeting", "Diversity and reach", "same faces"),
        ("Meetings at 9am are impossible for me", "Timing and logistics", "9am"),
        ("They joined via Teams and the sound kept dropping", "Digital access", "via Teams"),
        ("Nothing ever comes of it", "Feedback loop", "Nothing ever comes of"),
    ],
)
def test_rules_tag_theme_and_keep_the_phrase_with_its_negation(text: str, theme: str, evidence: str) -> None:
    tags = {tag.theme: tag for tag in rule_themes(text, load_taxonomy("participation"))}
    assert theme in tags
    assert tags[theme].evidence == evidence
    assert tags[theme].source == "rule" and tags[theme].confidence is None


def test_an_answer_can_have_several_themes() -> None:
    result = analyse("Never paid my expenses and the Teams link kept failing", "barrier")
    assert {"Payment and recognition", "Digital access"} <= set(result.theme_names)


def test_phrases_match_whole_words_only() -> None:
    # "link" must not fire inside "linked", nor "board" inside "cupboard".
    assert rule_themes("Lovely people, all linked up, cupboard full", load_taxonomy("participation")) == []


def test_qdc_uses_the_model_with_name_and_confidence() -> None:
    result = analyse("The food was cold and the ambulance was two hours late", "barrier", taxonomy="qdc-v7")
    model_tags = [tag for tag in result.themes if tag.source == "model"]
    assert {"Food & drink provision & facilities", "Timeliness of care"} <= {t.theme for t in model_tags}
    assert all(t.evidence == "qdc-v7-ovr-logreg" and 0 < (t.confidence or 0) <= 1 for t in model_tags)
    assert result.versions["theme_model"].startswith("qdc-v7-ovr-logreg@")
    assert result.versions["taxonomy"] == "qdc-v7@7.0"


@pytest.mark.parametrize(
    ("text", "not_theme"),
    [
        ("Staff didnt pay any attention when I spoke", "Payment and recognition"),
        ("Nobody paid attention to the carers", "Payment and recognition"),
        ("They are not paying attention", "Payment and recognition"),
        ("The care teams on the ward were really busy", "Digital access"),
        ("I didn't know how long I would have to commit for", "Staff capacity"),
        ("The chair checked in with everyone at the start of the meeting", "Early involvement"),
    ],
)
def test_words_with_another_sense_do_not_tag_the_theme(text: str, not_theme: str) -> None:
    assert not_theme not in {tag.theme for tag in rule_themes(text, load_taxonomy("participation"))}
