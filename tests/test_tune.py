"""Threshold tuning: the sweep against sklearn.metrics, objectives, cross-validation that never
judges a pair with a threshold chosen on it, the labels CSV, the thresholds file, the page, and
the Clough & Stevenson acceptance run (tune -> thresholds file -> compare follows it)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    f1_score,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)

from rewrite_detect.config import load_config
from rewrite_detect.tune import (
    LabelsError,
    Objective,
    SweepPoint,
    average_precision,
    candidate_thresholds,
    check_cv,
    choose,
    cross_validate,
    fold_plan,
    objective_chooser,
    parse_label,
    parse_objective,
    read_labels_csv,
    roc_auc,
    run_tune_command,
    stratified_folds,
    sweep,
    tune_csv,
    tune_scores,
)

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "mali"


def tied_data(seed: int, n: int = 120) -> tuple[np.ndarray, np.ndarray]:
    """Scores with many ties (one decimal) and labels that depend on them, noisily."""
    rng = np.random.default_rng(seed)
    scores = np.round(rng.random(n), 1)
    labels = rng.random(n) < 0.2 + 0.6 * scores
    return scores, labels


def point_flagging_at_least(points: list[SweepPoint], score: float) -> SweepPoint:
    """The sweep point whose decisions are "score >= ``score``" (threshold just below it)."""
    below = [p for p in points if p.threshold <= score]
    return max(below, key=lambda p: p.threshold)


# --------------------------------------------------------------------------- sweep vs sklearn


@pytest.mark.parametrize("seed", range(6))
def test_sweep_matches_sklearn_precision_recall_curve(seed: int) -> None:
    scores, labels = tied_data(seed)
    points = sweep(scores, labels)
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    for p_ref, r_ref, t in zip(precision[:-1], recall[:-1], thresholds, strict=True):
        ours = point_flagging_at_least(points, t)
        assert ours.precision == pytest.approx(p_ref)
        assert ours.recall == pytest.approx(r_ref)


@pytest.mark.parametrize("seed", range(6))
def test_sweep_matches_sklearn_roc_curve(seed: int) -> None:
    scores, labels = tied_data(seed)
    points = sweep(scores, labels)
    fpr, tpr, thresholds = roc_curve(labels, scores, drop_intermediate=False)
    assert len(points) == len(thresholds)  # one candidate per distinct score, plus "nothing"
    top = points[0]
    assert (top.fpr, top.tpr) == (fpr[0], tpr[0]) == (0.0, 0.0)
    for f_ref, t_ref, t in zip(fpr[1:], tpr[1:], thresholds[1:], strict=True):
        ours = point_flagging_at_least(points, t)
        assert ours.fpr == pytest.approx(f_ref)
        assert ours.tpr == pytest.approx(t_ref)


@pytest.mark.parametrize("seed", range(6))
def test_every_candidate_matches_sklearn_f1_and_accuracy(seed: int) -> None:
    scores, labels = tied_data(seed, n=60)
    for p in sweep(scores, labels):
        pred = scores >= p.threshold
        assert p.f1 == pytest.approx(f1_score(labels, pred, zero_division=0.0))
        assert p.accuracy == pytest.approx(accuracy_score(labels, pred))
        assert p.tp + p.fp == int(pred.sum())


@pytest.mark.parametrize("seed", range(6))
def test_areas_match_sklearn(seed: int) -> None:
    scores, labels = tied_data(seed)
    points = sweep(scores, labels)
    assert roc_auc(points) == pytest.approx(roc_auc_score(labels, scores))
    assert average_precision(points) == pytest.approx(average_precision_score(labels, scores))


def test_candidates_are_midpoints_plus_both_ends() -> None:
    cands = candidate_thresholds([0.2, 0.4, 0.4, 0.9])
    assert cands[1:-1].tolist() == pytest.approx([0.3, 0.65])
    assert cands[0] < 0.2 and cands[-1] > 0.9
    assert [p.tp + p.fp for p in sweep([0.2, 0.4, 0.4, 0.9], [0, 1, 1, 1])] == [0, 1, 3, 4]


# --------------------------------------------------------------------------- objectives


@pytest.mark.parametrize("seed", range(4))
def test_objectives_pick_the_best_point_by_brute_force(seed: int) -> None:
    scores, labels = tied_data(seed)
    points = sweep(scores, labels)
    cands = candidate_thresholds(scores)
    f1s = [f1_score(labels, scores >= t, zero_division=0.0) for t in cands]
    assert parse_objective("f1").choose(points).f1 == pytest.approx(max(f1s))

    precision, recall, _ = precision_recall_curve(labels, scores)
    best_recall = max(r for p, r in zip(precision, recall, strict=True) if p >= 0.7)
    chosen = parse_objective("precision>=0.7").choose(points)
    assert chosen.precision >= 0.7 and chosen.recall == pytest.approx(best_recall)

    best_precision = max(p for p, r in zip(precision, recall, strict=True) if r >= 0.8)
    chosen = parse_objective("recall>=0.8").choose(points)
    assert chosen.recall >= 0.8 and chosen.precision == pytest.approx(best_precision)


def test_ties_go_to_the_higher_threshold() -> None:
    points = sweep([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])
    best = choose(points, "f1")
    assert best.f1 == 1.0 and 0.2 < best.threshold < 0.8 and best.threshold == pytest.approx(0.5)


def test_objectives_in_user_terms() -> None:
    assert parse_objective("precision>=0.95") == Objective("recall_at_precision", 0.95)
    assert parse_objective("recall >= 0.9") == Objective("precision_at_recall", 0.9)
    assert parse_objective("precision_at_recall", 0.8) == Objective("precision_at_recall", 0.8)
    assert parse_objective("F1") == Objective("f1")
    for bad, target in (("recall_at_precision", None), ("f1", 0.5), ("auc", None)):
        with pytest.raises(ValueError):
            parse_objective(bad, target)
    with pytest.raises(ValueError, match="between 0 and 1"):
        parse_objective("precision>=1.5")


def test_unreachable_precision_is_reported_not_written(tmp_path: Path) -> None:
    scores = [0.9, 0.9, 0.8, 0.8]  # tied across classes: precision never exceeds 0.5
    result = tune_scores(scores, [1, 0, 1, 0], objective="precision>=0.9", cv="loo")
    assert not result.feasible
    assert any("precision>=0.9" in w for w in result.warnings)


# --------------------------------------------------------------------------- cross-validation


def test_stratified_folds_are_balanced_and_seeded() -> None:
    labels = np.array([True] * 23 + [False] * 41)
    folds = stratified_folds(labels, 5, seed=3)
    assert np.array_equal(folds, stratified_folds(labels, 5, seed=3))
    assert not np.array_equal(folds, stratified_folds(labels, 5, seed=4))
    sizes = np.bincount(folds)
    assert sizes.max() - sizes.min() <= 1
    for f in range(5):
        pos = int(labels[folds == f].sum())
        assert pos in (4, 5)  # 23 positives over 5 folds


def test_small_classes_fall_back_to_leave_one_out() -> None:
    folds, scheme = fold_plan([True, True, True, False, False, False, False], 5)
    assert check_cv("5") == 5 and check_cv("LOO") == "loo"
    assert scheme.startswith("leave-one-out") and len(set(folds.tolist())) == 7
    with pytest.raises(ValueError):
        fold_plan([True, False], 1)


@pytest.mark.parametrize("cv", [3, 5, "loo"])
def test_cv_never_judges_a_pair_with_a_threshold_chosen_on_it(cv: int | str) -> None:
    """By construction: a spy chooser records what it saw; every pair's threshold must come
    from a call that did not see it, and its decision must use exactly that threshold."""
    rng = np.random.default_rng(7)
    scores = rng.permutation(np.linspace(0.01, 0.99, 40))  # distinct, so a score names its pair
    labels = scores + rng.normal(0, 0.2, 40) > 0.5
    calls: list[tuple[set[float], float]] = []
    real = objective_chooser(parse_objective("f1"))

    def spy(train_scores, train_labels):  # type: ignore[no-untyped-def]
        threshold = real(train_scores, train_labels)
        calls.append((set(train_scores), threshold))
        return threshold

    folds, scheme = fold_plan(labels, cv, seed=0)  # type: ignore[arg-type]
    result = cross_validate(scores, labels, folds, spy, scheme=scheme)
    assert len(calls) == len(set(folds.tolist()))
    for i, s in enumerate(scores):
        judged_by = [t for seen, t in calls if s not in seen]
        assert len(judged_by) == 1  # exactly one call did not see this pair: its own fold's
        assert result.threshold_of[i] == judged_by[0]
    pred = scores >= np.array(result.threshold_of)
    assert result.pooled.tp == int((pred & labels).sum())
    assert result.pooled.fn == int((~pred & labels).sum())


def test_leave_one_out_equals_refitting_without_each_pair() -> None:
    scores, labels = tied_data(11, n=30)
    result = tune_scores(scores, labels, objective="f1", cv="loo")
    for i in range(len(scores)):
        keep = np.arange(len(scores)) != i
        expected = choose(sweep(scores[keep], labels[keep]), "f1").threshold
        assert result.scores[i].cv_threshold == expected
    # the in-sample choice is the one written, and it differs from the held-out estimate's basis
    assert result.chosen == choose(sweep(scores, labels), "f1")


def test_memorising_leak_would_show() -> None:
    """A pair whose own score decides the threshold is missed when held out."""
    scores = [0.2, 0.3, 0.35, 0.6, 0.7, 0.8]
    labels = [0, 0, 1, 1, 1, 1]  # 0.35 is the only low rewrite: in-sample it is caught
    result = tune_scores(scores, labels, objective="f1", cv="loo")
    assert result.chosen.fn == 0
    held_out = {s.id: s.cv_prediction for s in result.scores}
    assert held_out["pair 3"] is False  # chosen without it, the threshold sits above 0.35


# --------------------------------------------------------------------------- labels CSV


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    write(tmp_path / "a" / "src.txt", "Title\n\nThe army said on Monday that ten people died.\n")
    write(tmp_path / "a" / "rw.txt", "Title\n\nThe army said Monday that ten people had died.\n")
    return tmp_path


def test_labels_accept_binary_and_graded_forms() -> None:
    assert parse_label("1") == (True, None) and parse_label("No") == (False, None)
    assert parse_label("rewrite") == (True, None) and parse_label("unrelated") == (False, None)
    assert parse_label("cut") == (True, "copy") and parse_label("light") == (True, "light_rewrite")
    assert parse_label("heavy-rewrite") == (True, "heavy_rewrite")
    assert parse_label("non") == (False, None) and parse_label(True) == (True, None)
    with pytest.raises(ValueError, match="unknown label"):
        parse_label("maybe")


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("source,rewrite\na/src.txt,a/rw.txt\n", 1, "missing column(s) label"),
        (
            "source,rewrite,label\na/src.txt,a/rw.txt,1\na/src.txt,a/rw.txt,maybe\n",
            3,
            "unknown label",
        ),
        ("source,rewrite,label\n,a/rw.txt,1\n", 2, "empty source"),
        ("source,rewrite,label\na/src.txt,a/rw.txt,1,extra\n", 2, "expected 3 fields, found 4"),
        ("", 1, "empty file"),
    ],
)
def test_malformed_csv_names_file_and_line(
    articles: Path, content: str, line: int, reason: str
) -> None:
    path = write(articles / "labels.csv", content)
    with pytest.raises(LabelsError) as info:
        read_labels_csv(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert reason in str(info.value)


def test_header_only_is_an_error(articles: Path) -> None:
    path = write(articles / "labels.csv", "source,rewrite,label\n\n")
    with pytest.raises(LabelsError, match="no labelled pairs"):
        read_labels_csv(path)


def test_missing_articles_are_listed_and_skipped(articles: Path) -> None:
    path = write(
        articles / "labels.csv",
        "\ufeffSource, Rewrite ,LABEL,id\n"
        "a/src.txt,a/rw.txt,copy,first\n"
        "a/src.txt,a/gone.txt,0,second\n",
    )
    pairs, missing = read_labels_csv(path)
    assert [p.id for p in pairs] == ["first"] and pairs[0].grade == "copy"
    assert len(missing) == 1 and missing[0].line == 3 and "gone.txt" in str(missing[0])


def test_ids_resolve_in_a_corpus_folder(articles: Path) -> None:
    corpus = articles / "corpus"
    write(corpus / "x" / "one.txt", "One\n\nA sentence about the army.\n")
    path = write(articles / "labels.csv", "source,rewrite,label\nx/one.txt,x/one.txt,1\n")
    pairs, missing = read_labels_csv(path, corpus=corpus)
    assert not missing and pairs[0].source.id == "x/one.txt"
    records = '{"id": "afp-1", "text": "Ten people died, the army said."}\n'
    write(corpus / "feed.jsonl", records)
    path = write(
        articles / "ids.csv", "source,rewrite,label\nafp-1,x/one.txt,0\nafp-9,x/one.txt,0\n"
    )
    pairs, missing = read_labels_csv(path, corpus=corpus)
    assert pairs[0].source.text.startswith("Ten people died")
    assert [m.reference for m in missing] == ["afp-9"] and "no article with that id" in missing[
        0
    ].reason


def test_command_exit_codes(articles: Path) -> None:
    messages: list[tuple[str, bool]] = []

    def echo(text: str, err: bool = False) -> None:
        messages.append((text, err))

    bad = write(articles / "bad.csv", "source,label\nx,1\n")
    assert run_tune_command(bad, out=articles / "t.json", echo=echo) == 2
    assert messages[-1][1] and f"{bad}:1:" in messages[-1][0]
    gone = write(articles / "gone.csv", "source,rewrite,label\nno.txt,nope.txt,1\n")
    assert run_tune_command(gone, out=articles / "t.json", echo=echo) == 1
    assert any("no such file" in m for m, _ in messages)
    ok = write(articles / "ok.csv", "source,rewrite,label\na/src.txt,a/rw.txt,1\n")
    assert run_tune_command(ok, objective="nonsense", echo=echo) == 2
    assert run_tune_command(ok, cv=1, echo=echo) == 2
    assert run_tune_command(ok, cv="five", echo=echo) == 2
    assert run_tune_command(ok, out=articles / "t.json", echo=echo) == 1  # one class only
    assert "both rewrites and unrelated" in messages[-1][0]
    assert not (articles / "t.json").exists()


# --------------------------------------------------------------------------- outputs


def test_thresholds_file_merges_and_config_reads_it(tmp_path: Path) -> None:
    out = write(
        tmp_path / "thresholds.json",
        json.dumps(
            {
                "parameters": {"align_min_similarity": 0.35, "rewrite_probability": 0.5},
                "provenance": {"align_min_similarity": {"command": "by hand"}},
            }
        ),
    )
    scores, labels = tied_data(2, n=50)
    result = tune_scores(scores, labels, objective="f1", cv=5)
    result.write_thresholds(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["parameters"]["align_min_similarity"] == 0.35
    assert data["parameters"]["rewrite_probability"] == result.threshold
    assert data["provenance"]["align_min_similarity"] == {"command": "by hand"}
    prov = data["provenance"]["rewrite_probability"]
    for key in ("objective", "target", "data", "data_sha256", "n", "cv", "cv_metrics"):
        assert key in prov
    for key in ("version", "date", "command"):
        assert prov[key]
    assert prov["n"] == 50 and prov["cv_metrics"]["folds"] == 5
    assert load_config(thresholds_file=out).rewrite_probability == result.threshold
    result2 = tune_scores(scores, labels, objective="recall>=0.99", cv=5)
    result2.write_thresholds(out)  # the same path again: config must not serve a stale value
    assert load_config(thresholds_file=out).rewrite_probability == result2.threshold


def test_unreadable_thresholds_file_is_not_overwritten(tmp_path: Path) -> None:
    out = write(tmp_path / "thresholds.json", "{not json")
    result = tune_scores(*tied_data(1, n=30), cv=3)
    with pytest.raises(ValueError, match="cannot read the existing thresholds file"):
        result.write_thresholds(out)
    assert out.read_text(encoding="utf-8") == "{not json"


def test_sweep_table_keeps_every_candidate() -> None:
    scores, labels = tied_data(5, n=40)
    result = tune_scores(scores, labels, objective="precision>=0.55", cv=4)
    rows = result.sweep_rows()
    assert len(rows) == len(candidate_thresholds(scores))
    assert set(rows[0]) == {
        "threshold", "precision", "recall", "f1", "accuracy", "fpr",
        "tp", "fp", "tn", "fn", "objective_value", "meets_target",
    }  # fmt: skip
    assert any(r["objective_value"] is None for r in rows)  # the precision floor bites somewhere
    chosen = [r for r in rows if r["threshold"] == result.chosen.threshold]
    assert chosen and chosen[0]["meets_target"]


def test_page_is_self_contained_escaped_and_marks_the_choice(tmp_path: Path) -> None:
    scores, labels = tied_data(3, n=40)
    hostile = '<script>alert("x")</script>'
    ids = [hostile if i == 0 else f"pair {i}" for i in range(40)]
    labels[0] = scores[0] < 0.5  # make the hostile pair a misjudged one, so it is listed
    result = tune_scores(scores, labels, ids=ids, cv=5, objective="precision>=0.6")
    page = result.write_report(tmp_path / "report", saved_to=tmp_path / "t.json")
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html
    for chart in ("chart-pr", "chart-roc", "chart-metrics", "chart-hist"):
        assert f'id="{chart}"' in html
    assert 'class="marker m-chosen"' in html and 'id="chosen-row"' in html
    assert f"{result.threshold:.4f}" in html
    assert (tmp_path / "report" / "sweep.csv").exists()
    with (tmp_path / "report" / "scores.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 40 and rows[0]["id"] == hostile


def test_python_api_is_callable_as_documented() -> None:
    import rewrite_detect
    import rewrite_detect.tune  # binds the submodule over the lazy attribute

    text = "The army said on Monday that ten people died in the attack near the border town."
    other = "Stock markets rose sharply on Friday after the central bank held interest rates."
    third = "A new library opened downtown with a large collection of children's books."
    pairs = [
        (text, text, "copy"),
        (other, other, "copy"),
        (text, other, "unrelated"),
        (other, third, "unrelated"),
    ]
    result = rewrite_detect.tune(pairs, objective="f1", cv="loo")
    assert result.n == 4 and 0.0 <= result.threshold <= 1.0
    assert result.chosen.f1 == 1.0
    assert [s.grade for s in result.scores] == ["copy", "copy", None, None]


def test_command_on_seed_articles_writes_page_and_file(tmp_path: Path) -> None:
    names = {p.name[:3]: p for p in SEEDS.glob("*.txt")}
    rows = [
        ("002", "001", "rewrite"),
        ("001", "002", "rewrite"),
        ("002", "000", "unrelated"),
        ("002", "003", "unrelated"),
        ("002", "004", "unrelated"),
        ("003", "000", "unrelated"),
    ]
    labels = tmp_path / "labels.csv"
    with labels.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "rewrite", "label"])
        for s, r, lab in rows:
            writer.writerow([names[s], names[r], lab])
    lines: list[str] = []
    code = run_tune_command(
        labels,
        out=tmp_path / "models" / "thresholds.json",
        report_dir=tmp_path / "tune",
        echo=lambda text, err=False: lines.append(text),
    )
    assert code == 0, lines
    assert (tmp_path / "tune" / "index.html").exists()
    data = json.loads((tmp_path / "models" / "thresholds.json").read_text(encoding="utf-8"))
    assert data["provenance"]["rewrite_probability"]["cv"].startswith("leave-one-out")
    assert any(line.startswith("rewrite_probability = ") for line in lines)


# --------------------------------------------------------------------------- Clough acceptance


@pytest.mark.slow
def test_clough_tune_writes_page_and_thresholds_that_compare_follows(tmp_path: Path) -> None:
    from rewrite_detect.pipeline import compare
    from tests.eval.datasets import CLOUGH, require_data

    data = require_data(CLOUGH)
    labels = tmp_path / "clough_labels.csv"
    subprocess.run(
        [sys.executable, str(REPO / "examples" / "clough_labels.py"), "--data", str(data),
         "--out", str(labels)],
        check=True,
    )  # fmt: skip
    low = tmp_path / "low.json"
    report = tmp_path / "report"
    assert run_tune_command(labels, objective="f1", out=low, report_dir=report, quiet=True) == 0
    html = (report / "index.html").read_text(encoding="utf-8")
    assert "Precision-recall curve" in html and "ROC curve" in html and "<svg" in html
    low_value = json.loads(low.read_text(encoding="utf-8"))["parameters"]["rewrite_probability"]
    cv_metrics = json.loads(low.read_text(encoding="utf-8"))["provenance"]["rewrite_probability"][
        "cv_metrics"
    ]
    assert cv_metrics["accuracy"] >= 0.9 and cv_metrics["folds"] == 5

    # A stricter operating point tuned on the same scores: recall >= 0.5 at the best precision.
    with (report / "scores.csv").open(encoding="utf-8") as handle:
        scored = list(csv.DictReader(handle))
    high_result = tune_scores(
        [float(r["score"]) for r in scored],
        [r["grade"] or r["label"] for r in scored],
        objective="recall>=0.5",
        ids=[r["id"] for r in scored],
    )
    high = high_result.write_thresholds(tmp_path / "high.json")
    assert high_result.threshold > low_value

    # A pair between the two thresholds is a rewrite under one file and unrelated under the other.
    between = [r for r in scored if low_value <= float(r["score"]) < high_result.threshold]
    assert between
    pick = min(between, key=lambda r: float(r["score"]))
    with labels.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["id"] == pick["id"])
    source, rewrite = (labels.parent / row["source"]), (labels.parent / row["rewrite"])
    under_low = compare(source, rewrite, thresholds_file=low)
    under_high = compare(source, rewrite, thresholds_file=high)
    assert under_low.thresholds["rewrite_probability"] == low_value
    assert under_high.thresholds["rewrite_probability"] == high_result.threshold
    assert under_low.verdict.probability == pytest.approx(float(pick["score"]))
    assert under_low.verdict.is_rewrite and under_low.verdict.label != "unrelated"
    assert not under_high.verdict.is_rewrite and under_high.verdict.label == "unrelated"


def test_tune_csv_raises_when_nothing_is_left(tmp_path: Path) -> None:
    path = write(tmp_path / "labels.csv", "source,rewrite,label\nno.txt,none.txt,1\n")
    with pytest.raises(ValueError, match="none of the 1 labelled pairs"):
        tune_csv(path)
