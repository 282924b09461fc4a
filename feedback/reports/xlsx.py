"""A small streaming XLSX writer: one sheet, a bold header row, numbers, dates and text.

Written for the response exports, where openpyxl's write-only mode took about 7.5 s and
XlsxWriter's constant-memory mode about 6 s for 100,000 rows of 18 columns (docs/benchmarks.md);
this takes under a second. The workbook comes out as bytes, a chunk at a time, while the rows
are read, so neither the rows nor the file are ever held whole.

Every text cell is an inline string (t="inlineStr"): nothing is ever written as a formula,
whatever the text starts with. Characters XML 1.0 cannot hold are dropped, the rest escaped.
"""
from __future__ import annotations

import math
import queue
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

# The media types of the sheets people download (exports, translation sheets, the project register).
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE}

CHUNK_SIZE = 64 * 1024
COMPRESS_LEVEL = 1  # 11.3 MB in 0.70 s; level 6 made 8.9 MB but took 1.1 s (100,000 rows)
ROWS_PER_WRITE = 500  # rows joined into one string before compressing: fewer, larger writes
EXCEL_EPOCH = datetime(1899, 12, 30)  # day 0 of Excel's 1900 date system (with its leap-year quirk)
# Control characters, lone surrogates and the two non-characters XML 1.0 forbids.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

BOLD_STYLE, DATE_STYLE, DATETIME_STYLE = 1, 2, 3
EMPTY_CELL = "<c/>"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>')
# Style 0 plain, 1 bold (the header), 2 a date, 3 a date and time. Excel insists on the
# two fills "none" and "gray125" coming first.
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_END = '</sheetData></worksheet>'


def write_xlsx(headings: Sequence[str], rows: Iterable[Sequence[Any]], target: Any, *,
               sheet_title: str = "Responses", prepare: Callable[[str], str] = str) -> int:
    """Write a workbook to a binary file object; return the number of rows (not counting
    the header)."""
    counter = _Counter(rows)
    for chunk in xlsx_chunks(headings, counter, sheet_title=sheet_title, prepare=prepare):
        target.write(chunk)
    return counter.count


def xlsx_chunks(headings: Sequence[str], rows: Iterable[Sequence[Any]], *,
                sheet_title: str = "Responses", prepare: Callable[[str], str] = str) -> Iterator[bytes]:
    """The bytes of a workbook, about CHUNK_SIZE at a time, as the rows are read.

    `prepare` is applied to every text (headings too) once illegal characters are gone:
    the exports use it to neutralise would-be formulas.

    The sheet's XML is compressed in a second thread while the next rows are read and
    written out: zlib does its work without holding Python's lock, so on a machine with two
    CPUs the compression (a tenth of the export's time) comes almost free.
    """
    # Answers repeat a lot (choice labels, sentiments, events, themes): each distinct short
    # text is turned into XML once.
    text = lru_cache(maxsize=4096)(lambda value: _text(prepare(ILLEGAL_XML.sub("", value))))
    compressor = _Compressor(sheet_title)
    try:
        for xml in _sheet_xml(headings, rows, text):
            yield from compressor.send(xml)
        yield from compressor.finish()
    finally:
        compressor.stop()


class _Compressor:
    """Zips the sheet's XML in a thread of its own; its output is taken a chunk at a time."""

    def __init__(self, sheet_title: str) -> None:
        self.sheet_title = sheet_title
        self.pending: queue.Queue[str | None] = queue.Queue(maxsize=4)  # XML waiting to be compressed
        self.ready: queue.Queue[bytes | BaseException | None] = queue.Queue()  # chunks; None at the end
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="xlsx-compressor", daemon=True)
        self.thread.start()

    def send(self, xml: str) -> Iterator[bytes]:
        """Queue some XML; return the chunks that are ready by now."""
        self._put(xml)
        return self._taken(block=False)

    def finish(self) -> Iterator[bytes]:
        """Every chunk left, once the workbook is complete."""
        self._put(None)
        return self._taken(block=True)

    def _put(self, item: str | None) -> None:
        while self.thread.is_alive():  # if it failed, its error is waiting in `ready`
            try:
                self.pending.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def stop(self) -> None:
        """End the thread, whether or not the workbook was finished (a download cut off)."""
        self.stopping.set()
        self.thread.join()

    def _taken(self, *, block: bool) -> Iterator[bytes]:
        while True:
            try:
                item = self.ready.get(block=block)
            except queue.Empty:
                return
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _run(self) -> None:
        sink = _Sink()
        try:
            # The sink cannot seek, so zipfile writes each entry's sizes after its data.
            with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as package:
                for name, part in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                                   ("xl/workbook.xml", WORKBOOK.format(name=_sheet_name(self.sheet_title))),
                                   ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), ("xl/styles.xml", STYLES)):
                    package.writestr(name, part)
                with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
                    while not self.stopping.is_set():
                        try:
                            xml = self.pending.get(timeout=0.1)
                        except queue.Empty:
                            continue
                        if xml is None:
                            break
                        sheet.write(xml.encode("utf-8"))
                        if sink.size >= CHUNK_SIZE:
                            self.ready.put(sink.take())
            self.ready.put(sink.take())
            self.ready.put(None)
        except BaseException as error:  # handed to the request's thread, which raises it
            self.ready.put(error)


def _sheet_xml(headings: Sequence[str], rows: Iterable[Sequence[Any]], text: Callable[[str], str]) -> Iterator[str]:
    """The sheet's XML, ROWS_PER_WRITE rows at a time.

    Rows and cells carry no reference (r="B7"): the format lets each follow the one before,
    so an empty value is an empty cell, <c/>. Leaving the references out made the sheet a
    third smaller and quicker to write and compress.
    """
    letters: list[str] = []
    header = [f'<c r="{_column_letter(index, letters)}1" s="{BOLD_STYLE}"{text(str(heading))[2:]}'
              for index, heading in enumerate(headings)]
    yield SHEET_START + '<row r="1">' + "".join(header) + "</row>"
    others: dict[Any, str] = {}  # numbers, dates and other values that repeat, as XML

    def other(value: Any) -> str:
        xml = others.get((value.__class__, value)) if value is not None else EMPTY_CELL
        if xml is None:
            xml = _cell(value, text)
            if len(others) < 10_000:
                others[(value.__class__, value)] = xml
        return xml

    parts: list[str] = []
    for number, row in enumerate(rows, start=2):
        # Text first: most cells are text, and the cache answers those without a call here.
        parts.append("<row>" + "".join([text(value) if value.__class__ is str else other(value)
                                        for value in row]) + "</row>")
        if number % ROWS_PER_WRITE == 0:
            yield "".join(parts)
            parts.clear()
    yield "".join(parts) + SHEET_END


def _cell(value: Any, text: Callable[[str], str]) -> str:
    """A cell without its reference: "<c", attributes, value and closing tag."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f"<c><v>{int(value)}</v></c>"
    if isinstance(value, float) and math.isfinite(value):
        return f"<c><v>{float(value)!r}</v></c>"
    if isinstance(value, datetime):
        serial = (value.replace(tzinfo=None) - EXCEL_EPOCH).total_seconds() / 86400
        return f'<c s="{DATETIME_STYLE}"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        return f'<c s="{DATE_STYLE}"><v>{(value - EXCEL_EPOCH.date()).days}</v></c>'
    return text(str(value))


def _text(value: str) -> str:
    if not value:
        return EMPTY_CELL
    space = ' xml:space="preserve"' if value != value.strip() else ""
    # str.replace only when needed: most text has nothing to escape (saxutils.escape took
    # a tenth of the writer's time). A bare carriage return would be read back as a line
    # feed (XML normalises line ends), so it is written as a character reference.
    if "&" in value or "<" in value or ">" in value or "\r" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return f'<c t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _column_letter(index: int, letters: list[str]) -> str:
    """Column letters (A, B, ..., Z, AA, ...), extending the list up to `index`."""
    while len(letters) <= index:
        number, name = len(letters) + 1, ""
        while number:
            number, remainder = divmod(number - 1, 26)
            name = chr(65 + remainder) + name
        letters.append(name)
    return letters[index]


def _sheet_name(title: str) -> str:
    """A name Excel accepts: up to 31 characters, none of []:*?/\\, escaped for XML."""
    cleaned = SHEET_NAME_FORBIDDEN.sub(" ", ILLEGAL_XML.sub("", title)).strip("' ")[:31] or "Sheet1"
    return escape(cleaned, {'"': "&quot;"})


class _Sink:
    """A write-only file that collects bytes until they are taken."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        return data


class _Counter:
    """Counts the rows as they pass through."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Sequence[Any]]:
        for row in self.rows:
            self.count += 1
            yield row
