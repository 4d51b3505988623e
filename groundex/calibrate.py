"""Confidence: evidence features to a probability (a logistic model fitted on labelled runs), and the
probability to a ``hi``/``med``/``low`` bucket. The weights and thresholds are data
(``data/calibration.json``, written by ``groundex calibrate``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from groundex.resources import data_json
from groundex.types import Bucket, Signals


def features(s: Signals) -> dict[str, float]:
    """Named features of a value; one-hot names carry the category (``method=label-right``)."""
    reading = min((b.confidence for b in s.boxes), default=0.0)
    return {
        "bias": 1.0,
        f"method={s.method}": 1.0,
        f"role={s.role}": 1.0,
        f"status={s.status}": 1.0,
        "score": min(max(s.score, 0.0), 1.5),
        "reading": reading,
        "low_reading": float(reading < 0.8),
        "margin": min(max(s.margin, -1.0), 1.0),
        "no_rival": float(s.margin >= 1.0),
        "support": float(min(s.support, 3)),
        "labelled": float(s.labelled),
        "in_list": float(s.in_list),
        "lines": float(min(len(s.boxes), 4)),
    }


@dataclass(frozen=True)
class Calibration:
    """Logistic weights over :func:`features` and the bucket thresholds on the probability."""

    weights: Mapping[str, float]
    hi: float
    med: float

    def probability(self, feats: Mapping[str, float]) -> float:
        """Probability that a value is right. A value with no box on the page is never above ``med``."""
        z = sum(self.weights.get(name, 0.0) * x for name, x in feats.items())
        p = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
        if not feats.get("lines"):
            p = min(p, self.med - 0.01)
        return round(min(max(p, 0.0), 1.0), 4)

    def bucket(self, p: float) -> Bucket:
        if p >= self.hi:
            return "hi"
        return "med" if p >= self.med else "low"


@cache
def calibration() -> Calibration:
    data = data_json("calibration.json")
    return Calibration(
        {str(k): float(v) for k, v in data["weights"].items()},
        float(data["buckets"]["hi"]),
        float(data["buckets"]["med"]),
    )
