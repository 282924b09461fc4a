"""The analyse and evaluate-analysis commands, run through click's CliRunner."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from feedback.tagging.csv_commands import COMMANDS, analyse_command, evaluate_command

ROWS = [
    {"id": "1", "question": "What could we improve?", "text": "Nothing", "sentiment": "positive", "themes": "Positive experience & gratitude"},
    {"id": "2", "question": "What was good?", "text": "The nurses were kind and explained everything", "sentiment": "positive", "themes": "Staff manner & personal attributes"},
    {"id": "3", "question": "FFT Why?", "text": "Waited four hours for the ambulance, call 07700 900123", "sentiment": "negative", "themes": "Timeliness of care"},
]


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture()
def labelled_csv(tmp_path: Path) -> Path:
    return _write(tmp_path / "answers.csv", ROWS)


def test_commands_are_exported_with_their_cli_names() -> None:
    assert [command.name for command in COMMANDS] == ["analyse", "evaluate-analysis"]


def test_analyse_adds_columns_to_every_row(labelled_csv: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    result = CliRunner().invoke(analyse_command, [
        str(labelled_csv), "--text-column", "text", "--question-column", "question",
        "--taxonomy", "qdc-v7", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "Analysed 3 answers" in result.output
    with open(output, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == ["1", "2", "3"]
    assert rows[0]["sentiment"] == "positive"  # "Nothing" to an improvement question
    assert rows[2]["sentiment"] == "negative"
    assert -1 <= float(rows[1]["sentiment_score"]) <= 1
    assert "Timeliness of care" in rows[2]["themes"].split("|")
    assert rows[2]["text"] == ROWS[2]["text"]  # the input row is kept as it was


def test_analyse_with_a_polarity_column(tmp_path: Path) -> None:
    source = _write(tmp_path / "p.csv", [{"answer": "Nothing", "polarity": "enabler"}])
    output = tmp_path / "out.csv"
    result = CliRunner().invoke(analyse_command, [
        str(source), "--text-column", "answer", "--polarity-column", "polarity", "-o", str(output)])
    assert result.exit_code == 0, result.output
    with open(output, encoding="utf-8", newline="") as handle:
        assert next(csv.DictReader(handle))["sentiment"] == "negative"


def test_analyse_bad_polarity_value_names_the_row(tmp_path: Path) -> None:
    source = _write(tmp_path / "p.csv", [{"text": "ok", "polarity": "enabler"}, {"text": "ok", "polarity": "upwards"}])
    result = CliRunner().invoke(analyse_command, [str(source), "--polarity-column", "polarity", "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 1
    assert "row 3" in result.output and "upwards" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"id,text\n1,caf\xe9 was closed\n", "not UTF-8"),
        (b"id,comment\n1,fine\n", "no column 'text'"),
        (b"id,text\n", "no answers"),
    ],
)
def test_analyse_bad_input_is_a_clear_error_not_a_traceback(tmp_path: Path, content: bytes, expected: str) -> None:
    source = tmp_path / "bad.csv"
    source.write_bytes(content)
    result = CliRunner().invoke(analyse_command, [str(source), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code != 0
    assert expected in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_analyse_missing_file_and_unknown_taxonomy(tmp_path: Path, labelled_csv: Path) -> None:
    missing = CliRunner().invoke(analyse_command, [str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    unknown = CliRunner().invoke(analyse_command, [str(labelled_csv), "--taxonomy", "astrology", "-o", str(tmp_path / "o.csv")])
    assert unknown.exit_code == 2 and "unknown taxonomy" in unknown.output


def test_evaluate_prints_per_class_and_averages(labelled_csv: Path) -> None:
    result = CliRunner().invoke(evaluate_command, [
        str(labelled_csv), "--text-column", "text", "--sentiment-column", "sentiment",
        "--themes-column", "themes", "--question-column", "question", "--taxonomy", "qdc-v7"])
    assert result.exit_code == 0, result.output
    assert "Sentiment (3 answers)" in result.output
    assert "Themes, taxonomy qdc-v7 (3 answers)" in result.output
    for expected in ("precision", "recall", "macro average", "micro average", "Timeliness of care", "negative"):
        assert expected in result.output


def test_evaluate_needs_a_label_column(labelled_csv: Path) -> None:
    result = CliRunner().invoke(evaluate_command, [str(labelled_csv)])
    assert result.exit_code == 2
    assert "--sentiment-column" in result.output


def test_evaluate_missing_label_column(labelled_csv: Path) -> None:
    result = CliRunner().invoke(evaluate_command, [str(labelled_csv), "--sentiment-column", "stars"])
    assert result.exit_code == 2 and "no column 'stars'" in result.output


def test_analyse_refuses_an_output_folder_that_does_not_exist(labelled_csv: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(analyse_command, [str(labelled_csv), "-o", str(tmp_path / "missing" / "out.csv")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_a_taxonomy_with_a_broken_pattern_names_the_phrase(labelled_csv: Path, tmp_path: Path) -> None:
    taxonomy = tmp_path / "mine.json"
    taxonomy.write_text('{"name": "mine", "themes": [{"name": "Travel", "phrases": ["bus", "re:fare(s"]}]}',
                        encoding="utf-8")
    result = CliRunner().invoke(analyse_command, [str(labelled_csv), "--taxonomy", str(taxonomy),
                                                  "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 2
    assert "'re:fare(s'" in result.output and "Travel" in result.output
    assert isinstance(result.exception, SystemExit)


def test_evaluate_counts_themes_tagged_but_never_labelled_as_wrong(tmp_path: Path) -> None:
    # Tagged with timeliness and staff manner, labelled with timeliness only: one of two
    # tags is wrong, so micro precision is 0.5, not 1.0 from leaving the extra tag out.
    source = _write(tmp_path / "l.csv", [{"text": "Waited four hours for the ambulance and the crew were rude to my mother",
                                          "themes": "Timeliness of care"}])
    result = CliRunner().invoke(evaluate_command, [str(source), "--themes-column", "themes", "--taxonomy", "qdc-v7"])
    assert result.exit_code == 0, result.output
    assert "Staff manner & personal attributes" in result.output
    micro = next(line for line in result.output.splitlines() if line.startswith("micro average")).split()
    assert (float(micro[2]), float(micro[3])) == (0.5, 1.0)  # precision, recall


def test_analyse_can_write_the_text_with_identifiers_removed(labelled_csv: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    result = CliRunner().invoke(analyse_command, [str(labelled_csv), "--redact", "-o", str(output)])
    assert result.exit_code == 0, result.output
    with open(output, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[2]["text"] == "Waited four hours for the ambulance, call [phone number removed]"
    assert rows[1]["text"] == ROWS[1]["text"]


def test_a_quote_left_open_stops_the_run_instead_of_swallowing_rows(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text('id,text\n1,"He said ""hi"" then\n2,Nobody paid me\n3,The bus was late\n', encoding="utf-8")
    output = tmp_path / "out.csv"
    result = CliRunner().invoke(analyse_command, [str(broken), "-o", str(output)])
    assert result.exit_code == 1
    assert "never closed" in result.output and "Traceback" not in result.output
    assert not output.exists()


def test_two_columns_with_one_name_are_refused(tmp_path: Path) -> None:
    doubled = tmp_path / "doubled.csv"
    doubled.write_text("text,id,id\nhello,1,2\n", encoding="utf-8")
    result = CliRunner().invoke(analyse_command, [str(doubled), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 1 and "more than one column called 'id'" in result.output


def test_writing_over_the_input_adds_the_columns_and_a_failed_write_keeps_the_old_file(
        labelled_csv: Path, tmp_path: Path, monkeypatch) -> None:
    result = CliRunner().invoke(analyse_command, [str(labelled_csv), "--taxonomy", "qdc-v7", "-o", str(labelled_csv)])
    assert result.exit_code == 0, result.output
    with open(labelled_csv, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == ["1", "2", "3"] and all(row["sentiment"] for row in rows)
    before = labelled_csv.read_bytes()

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(csv.DictWriter, "writerow", disk_full)
    failed = CliRunner().invoke(analyse_command, [str(labelled_csv), "-o", str(labelled_csv)])
    assert failed.exit_code == 1 and "No space left on device; nothing was written" in failed.output
    assert labelled_csv.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == [labelled_csv.name], "no partial file left behind"


def test_the_output_says_which_answers_raised_a_safeguarding_flag_and_why(tmp_path: Path) -> None:
    answers = _write(tmp_path / "in.csv", [{"text": "Lovely staff"}, {"text": "I keep thinking about ending my life"}])
    output = tmp_path / "out.csv"
    result = CliRunner().invoke(analyse_command, [str(answers), "-o", str(output)])
    assert "1 answer(s) may disclose risk: the safeguarding column says which" in result.output
    with open(output, encoding="utf-8", newline="") as handle:
        flags = [row["safeguarding"] for row in csv.DictReader(handle)]
    assert flags[0] == "" and "ending my life" in flags[1]


def test_evaluation_reads_mixed_as_neutral_and_refuses_labels_it_does_not_know(tmp_path: Path) -> None:
    mixed = _write(tmp_path / "mixed.csv", [{"text": "Kind staff but a long wait", "sentiment": "Mixed"}])
    result = CliRunner().invoke(evaluate_command, [str(mixed), "--sentiment-column", "sentiment"])
    assert result.exit_code == 0, result.output
    assert "mixed" not in result.output.lower().split("sentiment (")[1]
    wrong = _write(tmp_path / "wrong.csv", [{"text": "Good", "sentiment": "positive"}, {"text": "Bad", "sentiment": "neg"}])
    refused = CliRunner().invoke(evaluate_command, [str(wrong), "--sentiment-column", "sentiment"])
    assert refused.exit_code == 1 and "row 3: 'sentiment' is 'neg'" in refused.output


def test_evaluation_matches_theme_names_whatever_their_case_and_names_the_unknown(tmp_path: Path) -> None:
    rows = [{"text": "Nobody paid my travel expenses", "themes": "PAYMENT AND RECOGNITION|Timing"}]
    result = CliRunner().invoke(evaluate_command, [str(_write(tmp_path / "t.csv", rows)),
                                                   "--themes-column", "themes"])
    assert result.exit_code == 0, result.output
    assert "Payment and recognition" in result.output and "PAYMENT" not in result.output
    assert "not themes of participation and count as missed: Timing" in result.stderr
