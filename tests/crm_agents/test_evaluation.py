"""Metric functions and the evaluation run, on tiny hand-made cases."""

import json

import pytest

from crm_agents.evaluation import (
    accuracy,
    evaluate,
    format_table,
    label_scores,
    macro_f1,
    missing_files,
    read_rows,
    vader_label,
)


def test_label_scores_precision_recall_f1():
    truth = ["neg", "neg", "pos", "neu"]
    predicted = ["neg", "pos", "pos", "neg"]
    scores = label_scores(truth, predicted, "neg")
    assert scores.precision == pytest.approx(1 / 2)
    assert scores.recall == pytest.approx(1 / 2)
    assert scores.f1 == pytest.approx(1 / 2)
    assert scores.support == 2


def test_label_never_predicted_or_absent_scores_zero_not_an_error():
    scores = label_scores(["a", "b"], ["b", "b"], "a")
    assert (scores.precision, scores.recall, scores.f1) == (0.0, 0.0, 0.0)
    assert label_scores(["a"], ["a"], "z").f1 == 0.0


def test_macro_f1_weighs_every_label_equally():
    truth = ["a", "a", "a", "b"]
    predicted = ["a", "a", "a", "a"]
    # a: P=3/4 R=1 F1=6/7; b: F1=0
    assert macro_f1(truth, predicted, ["a", "b"]) == pytest.approx((6 / 7) / 2)


def test_accuracy():
    assert accuracy(["x", "y", "z"], ["x", "y", "y"]) == pytest.approx(2 / 3)
    assert accuracy([], []) == 0.0
    with pytest.raises(ValueError):
        accuracy(["x"], [])


@pytest.mark.parametrize(
    ("compound", "label"),
    [
        (0.05, "positive"),
        (0.5, "positive"),
        (0.049, "neutral"),
        (-0.049, "neutral"),
        (-0.05, "negative"),
    ],
)
def test_vader_standard_thresholds(compound, label):
    assert vader_label(compound) == label


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_read_rows_halves_and_limit(tmp_path):
    path = tmp_path / "x.jsonl"
    write_jsonl(path, [{"n": i} for i in range(5)])
    assert [r["n"] for r in read_rows(path, half="even")] == [0, 2, 4]
    assert [r["n"] for r in read_rows(path, half="odd")] == [1, 3]
    assert [r["n"] for r in read_rows(path, limit=2)] == [0, 1]
    with pytest.raises(ValueError):
        read_rows(path, half="third")


def make_data_dir(tmp_path):
    write_jsonl(
        tmp_path / "en_sentiment.jsonl",
        [
            {
                "id": "1",
                "text": "This is the worst airline, terrible",
                "language": "en",
                "sentiment": "negative",
            },
            {
                "id": "2",
                "text": "Thank you so much, amazing crew!",
                "language": "en",
                "sentiment": "positive",
            },
            {
                "id": "3",
                "text": "What time is the flight?",
                "language": "en",
                "sentiment": "neutral",
            },
        ],
    )
    write_jsonl(
        tmp_path / "es_sentiment.jsonl",
        [
            {
                "id": "4",
                "text": "Qué vergüenza, el vuelo sigue retrasado",
                "language": "es",
                "sentiment": "negative",
            },
            {
                "id": "5",
                "text": "Muchas gracias por todo, excelente",
                "language": "es",
                "sentiment": "positive",
            },
        ],
    )
    write_jsonl(
        tmp_path / "en_intent.jsonl",
        [
            {
                "id": "6",
                "text": "I want a refund for my order",
                "language": "en",
                "intent": "refund_request",
            },
            {
                "id": "7",
                "text": "My card is not working",
                "language": "en",
                "intent": "support_request",
            },
            {
                "id": "8",
                "text": "How much is the exchange fee?",
                "language": "en",
                "intent": "general_inquiry",
            },
        ],
    )
    return tmp_path


def test_evaluate_builds_one_table_with_targets(tmp_path):
    rows = evaluate(make_data_dir(tmp_path))
    by_measure = {row.measure: row for row in rows}
    assert by_measure["EN negative F1"].local == "1.000"
    assert by_measure["EN negative F1"].vader != ""  # the baseline ran in the same run
    assert by_measure["refund_request F1"].met is True
    assert any(m.startswith("language accuracy (n=8)") for m in by_measure)
    assert any(m.startswith("messages per second") for m in by_measure)
    table = format_table(rows)
    assert table.splitlines()[0].startswith("| measure")
    assert len({len(line) for line in table.splitlines()}) == 1  # aligned columns


def test_missing_files_are_named(tmp_path):
    (tmp_path / "en_intent.jsonl").write_text("", encoding="utf-8")
    assert missing_files(tmp_path) == ["en_sentiment.jsonl", "es_sentiment.jsonl"]


def test_evaluate_command_prints_the_table(tmp_path, capsys):
    from crm_agents.cli import main

    assert main(["evaluate", str(make_data_dir(tmp_path)), "--half", "even"]) == 0
    out = capsys.readouterr().out
    assert "half=even" in out
    assert "| EN sentiment macro-F1" in out
