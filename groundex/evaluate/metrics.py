"""Aggregate metrics over outcomes: values, grounding, calibration, honesty."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from groundex.evaluate.score import Outcome

BUCKETS = ("hi", "med", "low")


def _ratio(num: int | float, den: int | float) -> float | None:
    return num / den if den else None


@dataclass(frozen=True)
class Metrics:
    """Counts and rates over a set of outcomes; a rate is ``None`` when it has no denominator.

    - ``value_accuracy``: correct slots / slots (a null for a field absent in gt is correct)
    - ``present_accuracy``: correct values / fields present in gt
    - ``anls``: mean ANLS over slots
    - ``ground_hit``, ``mean_iou``, ``page_accuracy``: over correct present values
    - ``bucket_share``, ``bucket_precision``: over returned values, by confidence bucket
    - ``wrong_hi``: share of the wrong returned values that were reported ``hi``
    """

    slots: int
    present: int
    returned: int
    correct_present: int
    value_accuracy: float | None
    present_accuracy: float | None
    anls: float | None
    ground_hit: float | None
    mean_iou: float | None
    page_accuracy: float | None
    bucket_share: dict[str, float | None]
    bucket_precision: dict[str, float | None]
    wrong_hi: float | None
    false_positives: int
    unsupported: int
    boxless: int


def _wrong_hi(wrong: Sequence[Outcome], returned: Sequence[Outcome]) -> float | None:
    if not wrong:
        return 0.0 if returned else None
    return sum(o.bucket == "hi" for o in wrong) / len(wrong)


def metrics(outcomes: Iterable[Outcome]) -> Metrics:
    items: Sequence[Outcome] = list(outcomes)
    present = [o for o in items if o.present]
    returned = [o for o in items if o.returned]
    right = [o for o in present if o.correct]
    wrong = [o for o in returned if not o.correct]
    ious = [o.iou or 0.0 for o in right]
    return Metrics(
        slots=len(items),
        present=len(present),
        returned=len(returned),
        correct_present=len(right),
        value_accuracy=_ratio(sum(o.correct for o in items), len(items)),
        present_accuracy=_ratio(len(right), len(present)),
        anls=_ratio(sum(o.anls for o in items), len(items)),
        ground_hit=_ratio(sum(o.grounded for o in right), len(right)),
        mean_iou=_ratio(sum(ious), len(ious)),
        page_accuracy=_ratio(sum(bool(o.page_ok) for o in right), len(right)),
        bucket_share={b: _ratio(sum(o.bucket == b for o in returned), len(returned)) for b in BUCKETS},
        bucket_precision={
            b: _ratio(sum(o.correct for o in returned if o.bucket == b), sum(o.bucket == b for o in returned))
            for b in BUCKETS
        },
        wrong_hi=_wrong_hi(wrong, returned),
        false_positives=sum(o.false_positive for o in items),
        unsupported=sum(o.unsupported for o in returned),
        boxless=sum(o.boxless for o in returned),
    )


def by_field(outcomes: Iterable[Outcome]) -> dict[str, Metrics]:
    """Metrics per schema path, in first-seen order."""
    groups: dict[str, list[Outcome]] = {}
    for o in outcomes:
        groups.setdefault(o.field, []).append(o)
    return {name: metrics(group) for name, group in groups.items()}
