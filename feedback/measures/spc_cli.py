"""`flask --app wsgi spc`: an XmR chart's numbers for a CSV series, for analysts and for checks.

    flask --app wsgi spc series.csv -o classified.csv --improvement decrease --target 120 \
        --rebase 2024-04-01 2024-10-01 --fix-after 12

Each input row is written back in date order with mean, lower_limit, upper_limit,
special_cause_type and point_type added; then `variation: NAME` and `assurance: NAME`
(or `assurance: none`) are printed. It needs no database. Click only, no Flask.
"""
from __future__ import annotations

import csv
import math
import os
from datetime import date
from pathlib import Path
from typing import Any

import click

from .series import parse_date
from .spc import MINIMUM_FIX_AFTER, SHORT_GROUP, Improvement, SpcInputError, xmr

ADDED_COLUMNS = ("mean", "lower_limit", "upper_limit", "special_cause_type", "point_type")
DATE_HINT = "a date such as 2024-04-01 or 01/04/2024"
MAX_ROWS = 100_000                          # far beyond any monthly or weekly series


class _DatesOption(click.Option):
    """`--rebase DATE ...`: takes the dates after it up to the next option or non-date, and
    may also be repeated (`--rebase A --rebase B`)."""

    def add_to_parser(self, parser: Any, ctx: click.Context) -> None:
        super().add_to_parser(parser, ctx)
        for name in self.opts:
            option = parser._long_opt.get(name)
            if option is None:
                continue
            take_one = option.process

            def take_dates(value: str, state: Any, take_one: Any = take_one) -> None:
                take_one(value, state)
                while state.rargs and parse_date(state.rargs[0]) is not None:
                    take_one(state.rargs.pop(0), state)

            option.process = take_dates


def _rebase_dates(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[date]:
    dates = []
    for text in (part for value in values for part in value.split(",") if part.strip()):
        parsed = parse_date(text)
        if parsed is None:
            raise click.BadParameter(f"{text!r} is not {DATE_HINT}")
        dates.append(parsed)
    return dates


def _finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise click.BadParameter("give an ordinary number")
    return value


def read_series(path: Path, date_column: str, value_column: str) -> tuple[list[str], list[dict[str, str]], list[date], list[float]]:
    """The rows, dates and values of a CSV, or a click error naming the row at fault."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, strict=True)
            columns = list(reader.fieldnames or [])
            rows = []
            for row in reader:
                rows.append(row)
                if len(rows) > MAX_ROWS:
                    raise click.ClickException(f"{path} has more than {MAX_ROWS:,} rows: chart a shorter series.")
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} is not UTF-8 text: save it as CSV UTF-8 and retry.") from None
    except csv.Error as error:
        raise click.ClickException(f"{path} is not a readable CSV file (line {reader.line_num}): {error}.") from None
    missing = [column for column in (date_column, value_column) if column not in columns]
    if missing:
        found = ", ".join(repr(c) for c in columns) or "none (the file is empty)"
        raise click.ClickException(
            f"{path} has no column {' or '.join(repr(c) for c in missing)}; its columns are: {found}. "
            "Name the right ones with --date-column and --value-column.")
    dates, values, seen = [], [], {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        when = parse_date(row.get(date_column) or "")
        if when is None:
            raise click.ClickException(f"row {number}: {row.get(date_column) or ''!r} in {date_column!r} is not {DATE_HINT}.")
        if when in seen:
            raise click.ClickException(
                f"row {number}: the date {when.isoformat()} is also on row {seen[when]}; give one value per date.")
        seen[when] = number
        value = _number(row.get(value_column))
        if value is None:
            raise click.ClickException(f"row {number}: {row.get(value_column) or ''!r} in {value_column!r} is not a number.")
        dates.append(when)
        values.append(value)
    if len(rows) < 2:
        raise click.ClickException(f"{path} has {len(rows)} row(s) of data: a chart needs at least two points.")
    return columns, rows, dates, values


def _number(text: str | None) -> float | None:
    try:
        value = float((text or "").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _cell(number: float | None) -> str:
    return "" if number is None else repr(number)


@click.command("spc")
@click.argument("input_csv", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("-o", "--output", "output_csv", required=True,
              type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Where to write the rows, in date order, with the chart's numbers added.")
@click.option("--date-column", default="date", show_default=True)
@click.option("--value-column", default="value", show_default=True)
@click.option("--improvement", type=click.Choice([i.value for i in Improvement]), default="increase",
              show_default=True, help="Which way is better.")
@click.option("--target", type=float, default=None, callback=_finite, help="Target, for the assurance icon.")
@click.option("--rebase", "rebase", cls=_DatesOption, multiple=True, callback=_rebase_dates, metavar="DATE ...",
              help="Dates where limits are recalculated (a change was made).")
@click.option("--fix-after", type=click.IntRange(min=MINIMUM_FIX_AFTER), default=None,
              help=f"Fix each group's limits on its first N points (N >= {MINIMUM_FIX_AFTER}).")
@click.option("--no-screen-outliers", is_flag=True, help="Keep every moving range, however large.")
def spc_command(input_csv: Path, output_csv: Path, date_column: str, value_column: str, improvement: str,
                target: float | None, rebase: list[date], fix_after: int | None, no_screen_outliers: bool) -> None:
    """Classify the series in INPUT_CSV as an XmR chart (NHS Making Data Count rules)."""
    if not output_csv.parent.is_dir():
        raise click.BadParameter(f"folder {output_csv.parent} does not exist", param_hint="--output")
    columns, rows, dates, values = read_series(input_csv, date_column, value_column)
    try:
        result = xmr(dates, values, improvement=improvement, target=target, rebase_dates=rebase,
                     fix_after_n_points=fix_after, screen_outliers=not no_screen_outliers)
    except SpcInputError as error:
        raise click.ClickException(str(error)) from None
    by_date = dict(zip(dates, rows))
    out_columns = columns + [c for c in ADDED_COLUMNS if c not in columns]
    partial = output_csv.with_name(f".{output_csv.name}.{os.getpid()}.partial")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=out_columns, extrasaction="ignore")
            writer.writeheader()
            for point in result.points:
                writer.writerow({**by_date[point.date], "mean": _cell(point.mean), "lower_limit": _cell(point.lpl),
                                 "upper_limit": _cell(point.upl), "special_cause_type": point.special_cause_type,
                                 "point_type": point.point_type})
        os.replace(partial, output_csv)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {output_csv}: {error.strerror}; nothing was written") from None
    click.echo(f"variation: {result.variation}")
    click.echo(f"assurance: {result.assurance or 'none'}")
    if result.short_group_warning:
        click.echo(f"Warning: a group has fewer than {SHORT_GROUP} points, so its limits may not be reliable.",
                   err=True)


COMMANDS = [spc_command]
