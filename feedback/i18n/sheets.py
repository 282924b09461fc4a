"""A survey's wording side by side with one language, as CSV or XLSX for a translator, and
the same sheet read back. No Flask.

An import is all or nothing: every text of the survey must have a row, with a translation
within the text's limit, and nothing else may be there. Every problem is listed at once,
so a translator can fix the sheet in one go.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from ..form_input import strip_blank_edges
from ..models import SurveyVersion
from ..reports.xlsx import write_xlsx
from .content import SourceText, current_texts, source_texts, translation_for
from .languages import Language

PLACE, WHAT, ENGLISH, LIMIT = "Place (do not change)", "What it is", "English", "Most characters"
# The page says this limit, the upload's body is allowed it and read_sheet checks it.
MAX_SHEET_BYTES = 2 * 1024 * 1024      # a survey of 40 questions is a few tens of KB
SHEET_TOO_BIG = (f"The file is bigger than {MAX_SHEET_BYTES // (1024 * 1024)} MB. "
                 "Choose the sheet exported from this page")
MAX_UNZIPPED_BYTES = 10 * 1024 * 1024  # an XLSX is a zip: refuse one that unpacks to more
MAX_ROWS = 2000
_FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SHEET_NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def translation_heading(language: Language) -> str:
    return f"{language.english_name} ({language.code})"


def sheet_rows(version: SurveyVersion, language: Language) -> tuple[list[str], list[list[str | int]]]:
    """The headings and one row per text: place, what it is, English, translation so far, limit."""
    kept = current_texts(version, translation_for(version, language.code))
    rows: list[list[str | int]] = [[text.place, text.description, text.english, kept.get(text.place, ""), text.limit]
                                   for text in source_texts(version)]
    return [PLACE, WHAT, ENGLISH, translation_heading(language), LIMIT], rows


def sheet_csv(version: SurveyVersion, language: Language) -> bytes:
    headings, rows = sheet_rows(version, language)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    # A text that starts like a formula is opened as text, not run, by a spreadsheet.
    writer.writerows([[f"'{cell}" if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS) else cell
                       for cell in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM tells Excel it is UTF-8


def sheet_xlsx(version: SurveyVersion, language: Language) -> bytes:
    headings, rows = sheet_rows(version, language)
    target = io.BytesIO()
    write_xlsx(headings, rows, target, sheet_title=language.english_name)
    return target.getvalue()


class SheetError(ValueError):
    """A sheet that cannot be imported; `problems` says each thing to fix."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class _Row:
    number: int   # as the spreadsheet numbers it (the heading is row 1)
    cells: dict[str, str]


def read_sheet(data: bytes, filename: str, version: SurveyVersion, language: Language) -> dict[str, str]:
    """The translations of a filled-in sheet, by place; SheetError names every problem."""
    if not data:
        raise SheetError(["The file is empty. Choose the sheet you filled in"])
    if len(data) > MAX_SHEET_BYTES:
        raise SheetError([SHEET_TOO_BIG])
    table = _xlsx_table(data) if data[:2] == b"PK" else _csv_table(data, filename)
    if not table:
        raise SheetError(["The sheet has no rows. Choose the sheet exported from this page"])
    headings = [cell.strip() for cell in table[0]]
    wanted = translation_heading(language)
    missing_columns = [name for name in (PLACE, ENGLISH, wanted) if name not in headings]
    if missing_columns:
        raise SheetError([f"The sheet has no column headed '{name}'" + (
            f". Is this the sheet for {language.english_name}?" if name == wanted else "") for name in missing_columns])
    rows = [_Row(number, {heading: (row[index] if index < len(row) else "") for index, heading in enumerate(headings)})
            for number, row in enumerate(table[1:], start=2) if any(cell.strip() for cell in row)]
    return _check(rows, source_texts(version), wanted)


def _check(rows: list[_Row], texts: list[SourceText], column: str) -> dict[str, str]:
    by_place = {text.place: text for text in texts}
    problems: list[str] = []
    found: dict[str, str] = {}
    for row in rows:
        place = row.cells.get(PLACE, "").strip()
        text = by_place.get(place)
        if text is None:
            problems.append(f"Row {row.number}: '{place[:60]}' is not a text of this survey. "
                            "Delete the row, or export a new sheet")
            continue
        if place in found:
            problems.append(f"Row {row.number}: {text.description} appears twice. Delete one of the rows")
            continue
        english = _uncell(row.cells.get(ENGLISH, ""))
        translated = _uncell(row.cells.get(column, ""))
        if english.strip() != text.english.strip():
            problems.append(f"Row {row.number}: the English of {text.description} has changed since this sheet "
                            "was made. Export a new sheet and translate the new English")
        elif not translated:
            problems.append(f"Row {row.number}: enter the translation of {text.description}")
        elif len(translated) > text.limit:
            problems.append(f"Row {row.number}: the translation of {text.description} is {len(translated):,} "
                            f"characters. Make it {text.limit:,} or fewer")
        found[place] = translated
    for text in texts:
        if text.place not in found:
            problems.append(f"{text.description} ('{text.english[:40]}') has no row. Export a new sheet, "
                            "or add the row back")
    if problems:
        raise SheetError(problems)
    return found


def _uncell(value: str) -> str:
    # Spaces and invisible characters at the ends go too: a cell of "\u200b" is empty.
    value = strip_blank_edges(_CONTROL.sub("", str(value)).replace("\r\n", "\n"))
    if value.startswith("'") and value[1:].startswith(_FORMULA_STARTS):
        value = value[1:]  # the export's protection against formulas, taken off again
    return value


def _csv_table(data: bytes, filename: str, max_rows: int = MAX_ROWS) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError(["The file is not a CSV saved as UTF-8, or an XLSX workbook. In Excel, "
                          "save it as 'CSV UTF-8', or as an Excel workbook"]) from None
    if "\x00" in text:
        raise SheetError(["The file is not a CSV or XLSX sheet. Choose the sheet exported from this page"])
    try:
        rows = list(_limited(csv.reader(io.StringIO(text)), max_rows))
    except csv.Error:
        raise SheetError(["The CSV file could not be read. Export a new sheet and copy the translations into it"]) \
            from None
    return rows


def _limited(rows: Iterator[list[str]], max_rows: int = MAX_ROWS) -> Iterator[list[str]]:
    for count, row in enumerate(rows):
        if count > max_rows:
            raise SheetError([f"The sheet has more than {max_rows:,} rows. Choose the sheet exported from this page"])
        yield row


# What zipfile and ElementTree raise on a damaged or hostile workbook: a missing part, a
# compression method it cannot read (NotImplementedError), a cut or corrupted stream
# (zlib.error, EOFError, OSError), broken XML.
_DAMAGED_WORKBOOK = (zipfile.BadZipFile, KeyError, IndexError, ElementTree.ParseError, ValueError,
                     NotImplementedError, RuntimeError, EOFError, OSError, zlib.error)


def _xlsx_table(data: bytes, max_rows: int = MAX_ROWS) -> list[list[str]]:
    """The first sheet of a workbook as rows of text: enough for the sheets we export and
    for the same sheets saved again by Excel, LibreOffice or Google Sheets."""
    unreadable = SheetError(["The file could not be read as an XLSX workbook. Save it again as an Excel "
                             "workbook (.xlsx) or as CSV UTF-8"])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as workbook:
            if sum(item.file_size for item in workbook.infolist()) > MAX_UNZIPPED_BYTES:
                raise unreadable
            names = set(workbook.namelist())
            shared = _shared_strings(workbook.read("xl/sharedStrings.xml")) if "xl/sharedStrings.xml" in names else []
            sheet = min((name for name in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name)),
                        key=lambda name: int(re.sub(r"\D", "", name)), default=None)
            if sheet is None:
                raise unreadable
            return _sheet_table(workbook.read(sheet), shared, max_rows)
    except _DAMAGED_WORKBOOK as error:
        if isinstance(error, SheetError):
            raise
        raise unreadable from None


def _parse(xml: bytes) -> ElementTree.Element:
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:  # no workbook needs them; entity tricks do
        raise ValueError("document type declarations are refused")
    return ElementTree.fromstring(xml)


def _text_of(element: ElementTree.Element) -> str:
    return "".join(part.text or "" for part in element.iter(f"{{{_SHEET_NS['x']}}}t"))


def _shared_strings(xml: bytes) -> list[str]:
    return [_text_of(item) for item in _parse(xml).findall("x:si", _SHEET_NS)]


def _column_index(reference: str) -> int:
    letters = re.match(r"[A-Z]+", reference or "")
    if not letters:
        raise ValueError("a cell without a reference")
    index = 0
    for letter in letters.group(0):
        index = index * 26 + ord(letter) - 64
    return index - 1


def _sheet_table(xml: bytes, shared: list[str], max_rows: int = MAX_ROWS) -> list[list[str]]:
    table: list[list[str]] = []
    for row in _parse(xml).iterfind("x:sheetData/x:row", _SHEET_NS):
        if len(table) > max_rows:
            raise SheetError([f"The sheet has more than {max_rows:,} rows. Choose the sheet exported from this page"])
        # Spreadsheets leave out empty rows and cells, saying where each one is in `r`;
        # a writer may leave out `r` instead (ours does), and then position counts.
        number = int(row.get("r") or len(table) + 1)
        if not len(table) < number <= max_rows + 1:
            raise ValueError("rows out of order")
        table.extend([] for _ in range(number - 1 - len(table)))
        cells: dict[int, str] = {}
        for cell in row.findall("x:c", _SHEET_NS):
            kind = cell.get("t")
            value = cell.find("x:v", _SHEET_NS)
            if kind == "inlineStr":
                text = _text_of(cell)
            elif kind == "s" and value is not None:
                text = shared[int(value.text or "")]
            else:
                text = value.text or "" if value is not None else ""
            index = _column_index(cell.get("r")) if cell.get("r") else max(cells, default=-1) + 1
            if index > 50:
                continue  # nothing we read is that far right
            cells[index] = text
        table.append([cells.get(index, "") for index in range(max(cells, default=-1) + 1)])
    return table
