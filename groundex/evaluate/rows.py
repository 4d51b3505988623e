"""Alignment of ground-truth list rows with predicted rows (Hungarian when scipy is there, else greedy)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence

from groundex.evaluate.boxes import set_iou
from groundex.evaluate.compare import anls
from groundex.evaluate.shapes import PredField
from groundex.evaluate.truth import TruthField

MIN_SIMILARITY = 0.25
VALUE_WEIGHT = 0.7


def row_similarity(
    truth: Mapping[str, TruthField],
    pred: Mapping[str, PredField],
    columns: Mapping[str, str],
    no_spaces: bool = False,
) -> float:
    """Mean over the columns either side fills of 0.7 x value ANLS + 0.3 x box IoU; ``columns`` maps the
    predicted column to the gt column."""
    scores = []
    for pcol, tcol in columns.items():
        t, p = truth.get(tcol), pred.get(pcol)
        p_value = p.value if p is not None and p.returned else None
        if t is None and p_value is None:
            continue
        if t is None or p is None or p_value is None:
            scores.append(0.0)
            continue
        iou = set_iou([b.bbox for b in p.boxes], t.options[0].boxes)
        scores.append(VALUE_WEIGHT * anls(t.value, p_value, no_spaces) + (1 - VALUE_WEIGHT) * iou)
    return sum(scores) / len(scores) if scores else 0.0


def _assign(sim: list[list[float]]) -> list[tuple[int, int]]:
    if not sim or not sim[0]:
        return []
    try:
        optimize = importlib.import_module("scipy.optimize")
    except ImportError:
        order = sorted(
            ((s, i, j) for i, row in enumerate(sim) for j, s in enumerate(row)), key=lambda t: -t[0]
        )
        used_i: set[int] = set()
        used_j: set[int] = set()
        pairs = []
        for _, i, j in order:
            if i not in used_i and j not in used_j:
                pairs.append((i, j))
                used_i.add(i)
                used_j.add(j)
        return pairs
    rows, cols = optimize.linear_sum_assignment([[-s for s in row] for row in sim])
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True)]


def align_rows(
    truth: Sequence[Mapping[str, TruthField]],
    pred: Sequence[Mapping[str, PredField]],
    columns: Mapping[str, str],
    no_spaces: bool = False,
) -> list[tuple[int | None, int | None]]:
    """Pairs ``(truth index, predicted index)``; a side is ``None`` for an unmatched row. Pairs less similar
    than 0.25 are split into a miss and a false positive."""
    sim = [[row_similarity(t, p, columns, no_spaces) for p in pred] for t in truth]
    pairs = [(i, j) for i, j in _assign(sim) if sim[i][j] >= MIN_SIMILARITY]
    matched_t = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    out: list[tuple[int | None, int | None]] = [(i, j) for i, j in sorted(pairs)]
    out.extend((i, None) for i in range(len(truth)) if i not in matched_t)
    out.extend((None, j) for j in range(len(pred)) if j not in matched_p)
    return out
