"""Survey wording in other languages: shown to respondents, out of date after an English
edit, exported side by side for a translator and imported back all or nothing."""
from __future__ import annotations

import csv
import io
import struct
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from feedback.i18n.content import save_translation, source_texts, translation_for, translation_state
from feedback.i18n.languages import LANGUAGES
from feedback.i18n.sheets import SheetError, read_sheet, sheet_csv, sheet_xlsx
from feedback.models import Response, UserRole
from feedback.organise.survey_editing import duplicate_survey, save_spec, version_to_spec
from tests.factories import make_user
from tests.helpers import open_form, submit
from tests.organise.conftest import sign_in_as
from tests.pages import parse

URDU, POLISH = LANGUAGES["ur"], LANGUAGES["pl"]


def translate_all(version, language, mark="PL"):
    texts = {text.place: f"{mark} {text.english}"[:text.limit] for text in source_texts(version)}
    return save_translation(version, language.code, texts)


@pytest.fixture
def copy(session, builtin):
    made = duplicate_survey(session, builtin["after-an-event"], by=None)
    made.status = builtin["after-an-event"].status
    made.current_version.translations.clear()  # a survey of the trust's own, not translated yet
    session.commit()
    return made


def test_a_translated_survey_is_shown_in_the_language_and_untranslated_text_is_marked_english(
        client, session, copy):
    version = copy.current_version
    save_translation(version, "pl", {"title": "Powiedz nam o wydarzeniu", "question.role.prompt": "Kim jesteś?",
                                     "question.role.choice.carer": "Opiekuję się kimś"})
    session.commit()
    page = parse(client.get(f"/s/{copy.slug}?lang=pl").get_data(as_text=True))
    assert page.find("h1").get_text(strip=True) == "Powiedz nam o wydarzeniu"
    assert not page.find("h1").has_attr("lang")
    assert "Kim jesteś?" in page.select_one("fieldset legend").get_text()
    carer = page.find("label", attrs={"for": "role-2"})
    assert carer.get_text(strip=True) == "Opiekuję się kimś"
    english = page.find("label", attrs={"for": "role"})
    assert english.select_one('span[lang="en"][dir="ltr"]').get_text() == "I use mental health services"


def test_an_english_edit_marks_the_translation_out_of_date_until_it_is_updated(session, copy):
    translate_all(copy.current_version, POLISH)
    session.commit()
    assert translation_state(copy.current_version, translation_for(copy.current_version, "pl")).is_complete
    spec = version_to_spec(copy)
    spec["questions"][0]["prompt"] = "Who are you? Choose one."
    save_spec(session, copy, spec, by=None, action="edit")
    session.commit()
    state = translation_state(copy.current_version, translation_for(copy.current_version, "pl"))
    assert not state.is_complete
    assert [text.place for text in state.out_of_date] == ["question.role.prompt"]
    save_translation(copy.current_version, "pl", {"question.role.prompt": "Kim jesteś? Wybierz jedno."})
    assert translation_state(copy.current_version, translation_for(copy.current_version, "pl")).is_complete


def test_a_new_version_carries_the_translation_and_flags_only_what_changed(client, session, copy):
    translate_all(copy.current_version, POLISH)
    session.commit()
    assert open_form(client, f"/s/{copy.slug}")  # a response makes the next edit a new version
    session.add(Response(public_id="a" * 32, survey_version_id=copy.current_version.id,
                         respondent_role="carer", submitted_on=copy.created_at.date()))
    session.commit()
    first = copy.current_version
    spec = version_to_spec(copy)
    spec["title"] = "Tell us about today"
    save_spec(session, copy, spec, by=None, action="edit")
    session.commit()
    assert copy.current_version is not first
    state = translation_state(copy.current_version, translation_for(copy.current_version, "pl"))
    assert [text.place for text in state.out_of_date] == ["title"]
    page = parse(client.get(f"/s/{copy.slug}?lang=pl").get_data(as_text=True))
    assert page.find("h1")["lang"] == "en" and page.find("h1").get_text(strip=True) == "Tell us about today"
    assert "PL Who are you?" in page.select_one("fieldset legend").get_text()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_sheet_goes_out_and_comes_back_in(session, copy, kind):
    version = copy.current_version
    data = (sheet_csv if kind == "csv" else sheet_xlsx)(version, URDU)
    rows = _rows(data, kind)
    assert rows[0] == ["Place (do not change)", "What it is", "English", "Urdu (ur)", "Most characters"]
    assert len(rows) - 1 == len(source_texts(version))
    for row in rows[1:]:
        row[3] = "اردو " + row[2]
    texts = read_sheet(_file(rows, kind), f"sheet.{kind}", version, URDU)
    assert texts["question.role.prompt"] == "اردو Who are you?"


def test_a_bad_import_is_refused_whole_with_each_problem_named(session, copy):
    version = copy.current_version
    rows = _rows(sheet_csv(version, URDU), "csv")
    for row in rows[1:]:
        row[3] = "ترجمہ"
    removed = rows.pop(5)                                     # a question's row is missing
    rows[1][3] = "x" * 201                                    # the title is over its limit
    rows[2][3] = ""                                           # a text left untranslated
    rows[3][3] = "\u200b\ufeff "                              # one that only looks translated
    rows.append(["question.nope.prompt", "?", "Extra", "زائد", "2000"])  # a row this survey has not got
    with pytest.raises(SheetError) as refused:
        read_sheet(_file(rows, "csv"), "sheet.csv", version, URDU)
    problems = refused.value.problems
    assert any("Title is 201 characters. Make it 200 or fewer" in problem for problem in problems)
    assert any(problem.startswith("Row 3: enter the translation of") for problem in problems)
    assert any(problem.startswith("Row 4: enter the translation of") for problem in problems)
    assert any("'question.nope.prompt' is not a text of this survey" in problem for problem in problems)
    assert any(f"{removed[1]} (" in problem and "has no row" in problem for problem in problems)
    assert translation_for(version, "ur") is None, "nothing is saved from a refused sheet"


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty"),
    (b"\xff\xfe\x00bad", "not a CSV saved as UTF-8"),
    (b"PK\x03\x04broken", "could not be read as an XLSX workbook"),
    (b"Place (do not change),English\n", "no column headed 'Urdu (ur)'"),
])
def test_files_that_are_not_the_sheet_get_a_plain_message(session, copy, data, message):
    with pytest.raises(SheetError) as refused:
        read_sheet(data, "upload", copy.current_version, URDU)
    assert message in " ".join(refused.value.problems)


def _damaged(workbook: bytes, how: str) -> bytes:
    """The workbook with its first sheet's part damaged: stored with a compression method
    zipfile cannot read, or with its compressed stream broken."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        part = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(workbook)
    name_length, extra_length = struct.unpack_from("<HH", data, part.header_offset + 26)
    if how == "method":
        struct.pack_into("<H", data, part.header_offset + 8, 99)
        central = data.rindex(b"PK\x01\x02", 0, data.rindex(part.filename.encode()))  # its directory entry
        struct.pack_into("<H", data, central + 10, 99)
    else:
        start = part.header_offset + 30 + name_length + extra_length
        data[start:start + 4] = b"\xff\xff\xff\xff"   # a deflate block of the reserved type
    return bytes(data)


@pytest.mark.parametrize("how", ["method", "stream"])
def test_a_damaged_workbook_is_refused_with_a_plain_message(session, copy, how):
    workbook = sheet_xlsx(copy.current_version, URDU)
    with pytest.raises(SheetError) as refused:
        read_sheet(_damaged(workbook, how), "ur.xlsx", copy.current_version, URDU)
    assert "could not be read as an XLSX workbook" in " ".join(refused.value.problems)


def test_organisers_see_the_status_download_sheets_and_a_refused_import_changes_nothing(client, session, copy):
    sign_in_as(client, make_user(session, role=UserRole.ORGANISER))
    page = client.get(f"/organise/surveys/{copy.id}/translations")
    assert page.status_code == 200
    row = parse(page.get_data(as_text=True)).select_one("#language-ur")
    assert "0 of" in row.get_text() and "Draft" in row.get_text()
    sheet = client.get(f"/organise/surveys/{copy.id}/translations/ur.xlsx")
    assert sheet.status_code == 200 and sheet.data[:2] == b"PK"
    rows = _rows(sheet.data, "xlsx")
    token = parse(page.get_data(as_text=True)).select_one("input[name=csrf_token]")["value"]
    refused = client.post(f"/organise/surveys/{copy.id}/translations/ur",
                          data={"csrf_token": token, "sheet": (io.BytesIO(_file(rows, "xlsx")), "ur.xlsx")},
                          content_type="multipart/form-data")
    assert refused.status_code == 400
    summary = parse(refused.get_data(as_text=True)).select_one(".nhsuk-error-summary")
    assert "was not imported" in summary.get_text() and "enter the translation of Title" in summary.get_text()
    for row in rows[1:]:
        row[3] = "ترجمہ " + row[2]
    accepted = client.post(f"/organise/surveys/{copy.id}/translations/ur",
                           data={"csrf_token": token, "sheet": (io.BytesIO(_file(rows, "xlsx")), "ur.xlsx")},
                           content_type="multipart/form-data")
    assert accepted.status_code == 303
    session.expire_all()
    assert translation_state(copy.current_version, translation_for(copy.current_version, "ur")).is_complete


def _rows(data: bytes, kind: str) -> list[list[str]]:
    if kind == "csv":
        return [row for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))]
    sheet = load_workbook(io.BytesIO(data)).active
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def _file(rows: list[list[str]], kind: str) -> bytes:
    if kind == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue().encode("utf-8")
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_thank_you_page_says_what_happens_next_in_the_language_until_the_english_changes(
        client, session, copy):
    translate_all(copy.current_version, POLISH)
    session.commit()
    sent = submit(client, f"/s/{copy.slug}?lang=pl", {"role": "carer"})
    assert sent.status_code == 303
    english = copy.current_version.what_happens_next
    page = parse(client.get(sent.headers["Location"] + "?lang=pl").get_data(as_text=True))
    said = next(p for p in page.find_all("p") if english in p.get_text())
    assert said.get_text(strip=True) == f"PL {english}" and not said.has_attr("lang")
    copy.current_version.what_happens_next = "We will write to everyone in June."  # (a language switch keeps the full page)
    session.commit()
    page = parse(client.get(sent.headers["Location"] + "?lang=pl").get_data(as_text=True))
    said = next(p for p in page.find_all("p") if "June" in p.get_text())
    assert said["lang"] == "en" and said.get_text(strip=True) == "We will write to everyone in June."


def test_the_import_takes_a_sheet_up_to_the_limit_the_page_states_and_names_a_bigger_one(client, session, copy):
    sign_in_as(client, make_user(session, role=UserRole.ORGANISER))
    url = f"/organise/surveys/{copy.id}/translations"
    page = parse(client.get(url).get_data(as_text=True))
    assert page.select_one("label[for=sheet-ur]").get_text(strip=True) == "Urdu sheet (CSV or XLSX, up to 2 MB)"
    token = page.select_one("input[name=csrf_token]")["value"]

    def send(data: bytes):
        # The body written out here: the test client would spool a big one to a file it never closes.
        body = (f'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n--b\r\n'
                'Content-Disposition: form-data; name="sheet"; filename="ur.csv"\r\nContent-Type: text/csv\r\n\r\n'
                ).encode() + data + b"\r\n--b--\r\n"
        return client.post(f"{url}/ur", data=body, content_type="multipart/form-data; boundary=b")

    # 100 KB, over the ordinary 64 KB form limit but under the stated one: the sheet is read.
    read = send((b"Not,the,sheet," + b"x" * 86 + b"\n") * 1000)
    assert read.status_code == 400
    assert "The sheet has no column headed" in parse(read.get_data(as_text=True)).select_one(
        ".nhsuk-error-summary").get_text()
    too_big = send(b"x" * (3 * 1024 * 1024))
    assert too_big.status_code == 413
    summary = parse(too_big.get_data(as_text=True)).select_one(".nhsuk-error-summary")
    assert "The file is bigger than 2 MB. Choose the sheet exported from this page" in summary.get_text()
    assert parse(too_big.get_data(as_text=True)).select_one("input[name=sheet]"), "the form is there to try again"


def test_an_import_sent_from_a_page_open_too_long_says_to_choose_the_file_again(client, session, copy):
    sign_in_as(client, make_user(session, role=UserRole.ORGANISER))
    url = f"/organise/surveys/{copy.id}/translations"
    stale = client.post(f"{url}/ur", data={"csrf_token": "an-old-token", "sheet": (io.BytesIO(b"a,b\n"), "ur.csv")},
                        content_type="multipart/form-data")
    assert stale.status_code == 400
    summary = parse(stale.get_data(as_text=True)).select_one(".nhsuk-error-summary")
    assert "The page had been open too long, so the file was not imported" in summary.get_text()
