"""Fitting the confidence calibration on labelled runs: a regularized logistic model over the features
that ``groundex eval --predictions DIR`` logs (``DIR/calibration.jsonl``), thresholds chosen on the tuning
half, precision reported on the held-out half."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from groundex.calibrate import Calibration
from groundex.errors import UsageError

ROWS_FILE = "calibration.jsonl"
MIN_COUNT = 5
"""A feature seen on fewer tuning rows keeps weight 0 (the bias speaks for it)."""


def held_out(doc_id: str) -> bool:
    """The fixed half of every dataset that tuning and fitting never see."""
    return hashlib.sha1(doc_id.encode("utf-8")).digest()[0] % 2 == 1


@dataclass(frozen=True)
class Row:
    dataset: str
    doc: str
    correct: bool
    features: Mapping[str, float]


def read_rows(files: Iterable[Path]) -> list[Row]:
    """Rows of every ``calibration.jsonl``; the dataset is the name of the directory holding the file."""
    rows: list[Row] = []
    for file in files:
        path = file / ROWS_FILE if file.is_dir() else file
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}") from None
        for line in lines:
            if line.strip():
                rec = json.loads(line)
                rows.append(Row(path.parent.name, rec["doc"], bool(rec["correct"]), rec["features"]))
    if not rows:
        raise UsageError("no calibration rows: run `groundex eval ... --predictions DIR` first")
    return rows


def fit_weights(rows: Sequence[Row], l2: float = 1.0, steps: int = 50) -> dict[str, float]:
    """L2-regularized logistic regression by Newton's method (the bias is not penalized)."""
    counts = Counter(name for r in rows for name in r.features)
    names = sorted(n for n, c in counts.items() if c >= MIN_COUNT)
    col = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for i, r in enumerate(rows):
        for name, value in r.features.items():
            if name in col:
                x[i, col[name]] = value
    y = np.array([float(r.correct) for r in rows])
    penalty = np.full(len(names), l2)
    if "bias" in col:
        penalty[col["bias"]] = 0.0
    w = np.zeros(len(names))
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-7:
            break
    return {n: round(float(v), 5) for n, v in zip(names, w, strict=True) if abs(v) > 1e-6}


def pick_threshold(
    scored: Sequence[tuple[float, bool]], precision: float, floor: float, groups: Sequence[str] = ()
) -> float:
    """The lowest probability cut at or above ``floor`` at which the values at or above it reach
    ``precision`` in every group (each dataset: the cut must hold on each kind of document, not on their
    mix); 1.0 when none does."""
    if not scored:
        return 1.0
    probs = np.array([p for p, _ in scored])
    right = np.array([ok for _, ok in scored], dtype=float)
    names = sorted(set(groups)) or [""]
    gid = np.array([names.index(g) for g in groups]) if groups else np.zeros(len(scored), dtype=int)
    best = 1.0
    for cut in sorted(set(probs.tolist()), reverse=True):
        if cut < floor:
            break
        above = probs >= cut
        n = np.bincount(gid[above], minlength=len(names))
        hits = np.bincount(gid[above], weights=right[above], minlength=len(names))
        if all(k == 0 or h / k >= precision for h, k in zip(hits, n, strict=True)):
            best = cut
    return round(best, 4)


@dataclass(frozen=True)
class BucketStats:
    share: dict[str, float]
    precision: dict[str, float | None]
    count: int


def bucket_stats(cal: Calibration, rows: Sequence[Row]) -> BucketStats:
    """Share of values and precision per bucket under ``cal``."""
    tally: dict[str, list[bool]] = {"hi": [], "med": [], "low": []}
    for r in rows:
        tally[cal.bucket(cal.probability(r.features))].append(r.correct)
    n = max(len(rows), 1)
    return BucketStats(
        {b: len(v) / n for b, v in tally.items()},
        {b: (sum(v) / len(v) if v else None) for b, v in tally.items()},
        len(rows),
    )


def fit(
    rows: Sequence[Row], hi_precision: float = 0.985, med_precision: float = 0.7
) -> tuple[Calibration, dict[str, int]]:
    """The calibration fitted on the tuning half of ``rows``, and the size of each half."""
    tune = [r for r in rows if not held_out(r.doc)]
    if len(tune) < 20:
        raise UsageError(f"only {len(tune)} tuning rows: too few to fit")
    weights = fit_weights(tune)
    draft = Calibration(weights, 1.0, 0.0)
    scored = [(draft.probability(r.features), r.correct) for r in tune]
    groups = [r.dataset for r in tune]
    hi = pick_threshold(scored, hi_precision, 0.5, groups)
    below = [(p, ok) for p, ok in scored if p < hi]
    med = min(pick_threshold(below, med_precision, floor=0.05), hi)
    return Calibration(weights, hi, med), {"tune": len(tune), "held_out": len(rows) - len(tune)}


def report(cal: Calibration, rows: Sequence[Row]) -> list[str]:
    """A markdown table: per dataset and half, share and precision of each bucket."""

    def pct(v: float | None) -> str:
        return "-" if v is None else f"{100 * v:.1f} %"

    out = [
        "| dataset | half | values | hi share / precision | med share / precision | low share / precision |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for dataset in [*sorted({r.dataset for r in rows}), "all"]:
        mine = [r for r in rows if dataset in ("all", r.dataset)]
        for half, keep in (("tune", False), ("held-out", True)):
            part = [r for r in mine if held_out(r.doc) is keep]
            s = bucket_stats(cal, part)
            cells = " | ".join(f"{pct(s.share[b])} / {pct(s.precision[b])}" for b in ("hi", "med", "low"))
            out.append(f"| {dataset} | {half} | {s.count} | {cells} |")
    return out


def calibration_json(cal: Calibration, sizes: Mapping[str, int], sources: Sequence[str]) -> str:
    data = {
        "weights": dict(sorted(cal.weights.items())),
        "buckets": {"hi": cal.hi, "med": cal.med},
        "fitted_on": {"runs": [Path(s).name for s in sources], **sizes},
    }
    return json.dumps(data, indent=1) + "\n"
