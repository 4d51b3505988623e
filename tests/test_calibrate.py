"""The confidence calibration: features, the logistic fit, thresholds, the held-out split, the command."""

from __future__ import annotations

import json
import random
from pathlib import Path

from groundex.calibrate import Calibration, calibration, features
from groundex.cli import main
from groundex.evaluate.fit import Row, bucket_stats, fit, held_out, pick_threshold
from groundex.types import BBox, Grounding, Signals


def _signals(method: str, score: float, boxes: int = 1, margin: float = 1.0) -> Signals:
    box = Grounding("x", BBox(0.1, 0.1, 0.2, 0.05, 0), 0.95)
    return Signals(method, "money", "exact", score, (box,) * boxes, margin, 0, True, False)


def _rows(n: int, seed: int = 0) -> list[Row]:
    """Values found by a reliable method are right 99.5 % of the time, by a weak one 50 %."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        strong = rng.random() < 0.5
        ok = rng.random() < (0.995 if strong else 0.5)
        feats = features(_signals("label-right" if strong else "type-scan", rng.uniform(0.6, 1.0)))
        rows.append(Row("synthetic", f"doc-{i}", ok, feats))
    return rows


def test_features_are_named_and_bounded() -> None:
    f = features(_signals("label-right", 3.0, boxes=6, margin=-5.0))
    assert f["method=label-right"] == 1.0 and f["role=money"] == 1.0 and f["status=exact"] == 1.0
    assert f["score"] == 1.5 and f["margin"] == -1.0 and f["lines"] == 4.0 and f["reading"] == 0.95
    assert features(_signals("x", 0.5, boxes=0))["lines"] == 0.0


def test_boxless_value_is_never_above_med() -> None:
    cal = Calibration({"bias": 10.0}, 0.9, 0.5)
    assert cal.bucket(cal.probability(features(_signals("x", 1.0)))) == "hi"
    assert cal.probability(features(_signals("x", 1.0, boxes=0))) == 0.49


def test_pick_threshold_walks_down_from_the_top() -> None:
    scored = [(0.99, True), (0.95, True), (0.9, True), (0.8, False), (0.7, True), (0.6, False)]
    assert pick_threshold(scored, 1.0, floor=0.5) == 0.9
    assert pick_threshold(scored, 0.8, floor=0.5) == 0.7
    assert pick_threshold(scored, 0.8, floor=0.75) == 0.9
    assert pick_threshold(scored, 0.75, floor=0.75) == 0.8
    assert pick_threshold([(0.9, False)], 0.98, floor=0.5) == 1.0


def test_pick_threshold_holds_in_every_group() -> None:
    scored = [(0.99, True), (0.95, True), (0.9, True), (0.9, False), (0.85, True), (0.85, True)]
    assert pick_threshold(scored, 0.75, floor=0.5) == 0.85  # 5 of 6 right over the mix
    groups = ["a", "a", "a", "b", "a", "a"]
    assert pick_threshold(scored, 0.75, floor=0.5, groups=groups) == 0.95  # group b is 0 of 1 at 0.9


def test_held_out_is_a_stable_half() -> None:
    ids = [f"doc-{i}" for i in range(2000)]
    share = sum(map(held_out, ids)) / len(ids)
    assert 0.45 < share < 0.55 and held_out("doc-7") == held_out("doc-7")


def test_fit_separates_reliable_from_weak_methods() -> None:
    rows = _rows(3000)
    cal, sizes = fit(rows, hi_precision=0.98, med_precision=0.4)
    assert sizes["tune"] + sizes["held_out"] == 3000 and sizes["held_out"] > 1000
    assert cal.weights["method=label-right"] > cal.weights.get("method=type-scan", 0.0) + 2
    stats = bucket_stats(cal, [r for r in rows if held_out(r.doc)])
    hi = stats.precision["hi"]
    assert hi is not None and hi >= 0.97 and 0.4 < stats.share["hi"] < 0.6
    assert stats.precision["med"] is not None and stats.precision["med"] < 0.7


def test_calibrate_command_writes_a_loadable_file(tmp_path: Path, capsys: object) -> None:
    run = tmp_path / "synthetic"
    run.mkdir()
    lines = [
        json.dumps({"doc": r.doc, "field": "total", "correct": r.correct, "features": dict(r.features)})
        for r in _rows(800, seed=1)
    ]
    (run / "calibration.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "calibration.json"
    assert main(["calibrate", str(run), "--out", str(out), "--hi-precision", "0.98"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"weights", "buckets", "fitted_on"} and data["fitted_on"]["tune"] > 300
    assert 0.0 < data["buckets"]["med"] <= data["buckets"]["hi"] <= 1.0
    assert main(["calibrate", str(tmp_path / "missing")]) == 2


def test_shipped_calibration_loads() -> None:
    cal = calibration()
    assert 0.0 < cal.med < cal.hi <= 1.0 and "bias" in cal.weights
