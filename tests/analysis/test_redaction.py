"""Personal identifiers are removed before storage; look-alikes are left alone."""

from __future__ import annotations

import pytest

from feedback.analysis import nhs_number_is_valid, redact
from feedback.analysis.redaction import PLACEHOLDERS

# 943 476 5919 is the NHS's published example of a valid number.
VALID_NHS = "943 476 5919"


@pytest.mark.parametrize("written", ["943 476 5919", "943-476-5919", "9434765919", "943.476.5919", "943  476  5919"])
def test_valid_nhs_numbers_in_every_layout_are_redacted(written: str) -> None:
    text, redactions = redact(f"My NHS number is {written}, please check.")
    assert text == "My NHS number is [NHS number removed], please check."
    assert [(r.kind, r.start, r.end) for r in redactions] == [("nhs_number", 17, 17 + len(written))]


def test_nhs_number_with_wrong_check_digit_is_not_redacted_as_nhs_number() -> None:
    assert not nhs_number_is_valid("9434765918")
    text, redactions = redact("Reference 943 476 5918 on my letter")
    assert all(r.kind != "nhs_number" for r in redactions)
    assert "943 476 5918" in text


def test_check_digit_of_ten_is_never_valid() -> None:
    # Weights 10..2 over 000000001 give 2, so 11 - 2 = 9; "1000000000" gives check 10.
    assert not nhs_number_is_valid("1000000000")


@pytest.mark.parametrize(
    "phone",
    [
        "07700 900123", "07700900123", "07700 900 123", "+44 7700 900123", "+447700900123",
        "(01632) 960123", "01632 960 123", "0161 496 0000", "020 7946 0000", "(020) 7946 0000",
        "+44 (0)20 7946 0000", "+44 20 7946 0000", "0300 123 4567", "0113-496-0000",
        "0044 7700 900123", "0044 (0)20 7946 0000",
    ],
)
def test_uk_phone_numbers_are_redacted(phone: str) -> None:
    text, redactions = redact(f"Ring me on {phone} after six")
    assert text == "Ring me on [phone number removed] after six"
    assert redactions[0].kind == "phone"
    assert (redactions[0].start, redactions[0].end) == (11, 11 + len(phone))


@pytest.mark.parametrize("not_phone", ["on 01/02/2024 at 3pm", "ward 12, bed 4", "09876 543210", "£1,200",
                                       "0033 1 42 68 53 00"])
def test_dates_and_other_numbers_are_not_phone_numbers(not_phone: str) -> None:
    assert redact(not_phone) == (not_phone, ())


def test_email_addresses_are_redacted() -> None:
    text, redactions = redact("Email jo.bloggs+qi@nhs.net or J_Smith@example.co.uk.")
    assert text == "Email [email address removed] or [email address removed]."
    assert [r.kind for r in redactions] == ["email", "email"]


@pytest.mark.parametrize("postcode", ["LS1 4AP", "ls1 4ap", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT"])
def test_uk_postcodes_are_redacted(postcode: str) -> None:
    text, redactions = redact(f"I live near {postcode} so travel is hard")
    assert text == "I live near [postcode removed] so travel is hard"
    assert redactions[0].kind == "postcode"


def test_time_expressions_do_not_look_like_postcodes() -> None:
    assert redact("meet at10 5pm in room B2") == ("meet at10 5pm in room B2", ())


@pytest.mark.parametrize("ni_number", ["AB 12 34 56 C", "AB123456C", "jg103759a", "AB-12-34-56-C", "AB 123 456 C",
                                       "AB 12 34 56", "AB123456"])
def test_national_insurance_numbers_are_redacted(ni_number: str) -> None:
    text, redactions = redact(f"My NI number is {ni_number}.")
    assert text == "My NI number is [National Insurance number removed]."
    assert redactions[0].kind == "ni_number"


def test_invalid_ni_prefixes_are_left_alone() -> None:
    # BG, GB, NK, KN, TN, NT and ZZ are never issued; D, F, I, Q, U, V are not used first.
    assert redact("code GB123456A and DA123456A") == ("code GB123456A and DA123456A", ())


def test_six_digits_after_a_lower_case_word_are_not_an_ni_number() -> None:
    assert redact("back at 12 34 56 on the form") == ("back at 12 34 56 on the form", ())


def test_several_kinds_in_one_answer_keep_their_order_and_spans() -> None:
    original = "Call 07700 900123 or email a@b.org, NHS no 9434765919"
    text, redactions = redact(original)
    assert text == "Call [phone number removed] or email [email address removed], NHS no [NHS number removed]"
    assert [r.kind for r in redactions] == ["phone", "email", "nhs_number"]
    assert [original[r.start:r.end] for r in redactions] == ["07700 900123", "a@b.org", "9434765919"]


@pytest.mark.parametrize(
    "written, kind",
    [
        ("07700\u2013900\u2013123", "phone"),          # en dashes, as phones' autocorrect writes them
        ("07700\n900123", "phone"),                     # split over two lines
        ("07700\u2009900\u202f123", "phone"),           # thin and narrow no-break spaces
        ("\uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12\uff13", "phone"),  # full-width
        ("\u0660\u0667\u0667\u0660\u0660\u0669\u0660\u0660\u0661\u0662\u0663", "phone"),  # Arabic-Indic digits
        ("0770\u200b0900123", "phone"),                 # a zero-width space inside
        ("94347 65919", "nhs_number"),
        ("943 4765 919", "nhs_number"),
        ("943/476/5919", "nhs_number"),
        ("943\u2013476\u20135919", "nhs_number"),
        ("943\t476\t5919", "nhs_number"),
        ("943\u200b476\u200b5919", "nhs_number"),
        ("john\uff20nhs.net", "email"),
        ("john\u200b@nhs.net", "email"),
        ("SW1A-1AA", "postcode"),
        ("\uff33\uff37\uff11\uff21 \uff11\uff21\uff21", "postcode"),
        ("SW1A\u200b1AA", "postcode"),
    ],
)
def test_identifiers_written_with_unusual_characters_are_still_redacted(written: str, kind: str) -> None:
    text, redactions = redact(f"Contact: {written} thanks")
    assert [(r.kind, r.start, r.end) for r in redactions] == [(kind, 9, 9 + len(written))]
    assert text == f"Contact: {PLACEHOLDERS[kind]} thanks"


@pytest.mark.parametrize("word, number, kind", [("tel", "07700900123", "phone"), ("nhs", "9434765919", "nhs_number")])
def test_a_number_straight_after_a_word_is_redacted_and_the_word_kept(word: str, number: str, kind: str) -> None:
    assert redact(f"{word}{number}")[0] == f"{word}{PLACEHOLDERS[kind]}"


def test_plain_copy_keeps_emoji_and_other_scripts_as_written() -> None:
    original = "Lovely staff \U0001f468\u200d\U0001f469\u200d\U0001f467 \u0634\u0643\u0631\u0627 \u4f60\u597d"
    assert redact(original) == (original, ())


def test_names_written_after_a_title_are_removed_and_words_like_them_are_not():
    text, found = redact("The facilitator, Dr Jones, and Mrs Anne Smith were kind. Dr. Patel too.")
    assert text == "The facilitator, [name removed], and [name removed] were kind. [name removed] too."
    assert [r.kind for r in found] == ["name", "name", "name"]
    for kept in ("I miss the group", "my doctor was kind", "jones for a coffee", "Mr", "Dr 7 was closed"):
        assert redact(kept)[0] == kept, kept
