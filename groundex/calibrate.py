"""Confidence: evidence features to a probability, and the probability to a ``hi``/``med``/``low`` bucket."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from groundex.resources import data_json
from groundex.types import Bucket, Grounding, Status


@dataclass(frozen=True)
class Calibration:
    """Per-method priors and bucket thresholds, stored as data (``data/calibration.json``)."""

    method_prior: dict[str, float]
    status_factor: dict[str, float]
    hi: float
    med: float

    def probability(self, method: str, score: float, status: Status, boxes: tuple[Grounding, ...]) -> float:
        """Probability that a value is right, from how it was found and how well it was read."""
        prior: float = self.method_prior.get(method, self.method_prior["default"])
        reading = min((b.confidence for b in boxes), default=0.5)
        p: float = (
            prior
            * float(min(max(score, 0.0), 1.0)) ** 0.5
            * (0.6 + 0.4 * reading)
            * self.status_factor.get(status, 0.5)
        )
        if not boxes:
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
        {str(k): float(v) for k, v in data["method_prior"].items()},
        {str(k): float(v) for k, v in data["status_factor"].items()},
        float(data["buckets"]["hi"]),
        float(data["buckets"]["med"]),
    )
