"""Body heights and weights as printed on IDs and forms."""

from __future__ import annotations

import re
from dataclasses import dataclass

from groundex.values.base import Match, fix_ocr_digits, select_non_overlapping

__all__ = ["Quantity", "find_heights", "find_weights"]


@dataclass(frozen=True)
class Quantity:
    """A measured amount in the printed unit (``lb``, ``kg``, ``oz``, ``g``; None when unprinted).

    ``float(quantity)`` is the amount.
    """

    amount: float
    unit: str | None

    def __float__(self) -> float:
        return float(self.amount)


_FT = r"(?:'|\u2019|\u2032|`|\s?ft\.?|\s?feet|\s?foot)"
_IN = r"(?:\"|”|″|''|\u2019\u2019|'|\u2019|\s?in\.?(?![^\W_])|\s?inch(?:es)?)"
_LABEL = r"(?:HGT|HT|HEIGHT|HEI)\.?\s*[:\-]?\s*"
_FEET_INCHES = re.compile(
    r"(?<![\w.'\u2019])(?P<ft>[1-8])"
    + _FT
    + r"\s?-?\s?(?:(?P<inch>\d{1,2})(?:\s?"
    + _IN
    + r")?)?(?![\w'\u2019\"])",
    re.IGNORECASE,
)
_DASHED = re.compile(r"(?<![\w./-])(?P<ft>[3-8])-(?P<inch>\d{2})(?![^\W_])(?![-./]\d)")
_LABELLED = re.compile(_LABEL + r"(?P<ft>[3-8])(?P<inch>[01]\d)(?!\d)", re.IGNORECASE)
_LABEL_BEFORE = re.compile(_LABEL + r"$", re.IGNORECASE)
_CM = re.compile(r"(?<![\w.,])(?P<cm>\d{2,3}(?:[.,]\d)?)\s?cm(?![^\W_])", re.IGNORECASE)
_M = re.compile(r"(?<![\w.,])(?P<m>[12][.,]\d{1,2})\s?m(?![^\W_])")

_UNITS = {
    "lb": "lb",
    "lbs": "lb",
    "ib": "lb",
    "ibs": "lb",
    "1b": "lb",
    "1bs": "lb",
    "|b": "lb",
    "|bs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "kg": "kg",
    "kgs": "kg",
    "kilo": "kg",
}
_UNITS |= {"kilos": "kg", "kilogram": "kg", "kilograms": "kg", "oz": "oz", "ounce": "oz", "ounces": "oz"}
_UNITS |= {"g": "g", "gram": "g", "grams": "g"}
_WEIGHT = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,4}(?:[.,]\d{1,3})?)\s?(?P<unit>[lI1|]bs?|pounds?|kgs?|kilos?|kilograms?|oz|ounces?|grams?|g)"
    r"\.?(?![^\W_])",
    re.IGNORECASE,
)
_WEIGHT_LABELLED = re.compile(
    r"(?:WGT|WT|WEIGHT)\.?\s*[:\-]?\s*(?P<num>\d{2,3})(?!\d)(?![.,]\d|\s?[A-Za-z])", re.IGNORECASE
)


def _feet_inches(ft: int, inch: int) -> str:
    return f"{ft}'{inch}\""


def find_heights(text: str) -> list[Match]:
    """Heights (value: ``5'7"`` for feet-inches, ``170 cm`` for metric; metres become cm).

    Reads ``5'-07"``, ``5' 7"``, ``5ft 7in``, ``6'``, ``5-07`` (0.85 after a HGT label, else 0.4),
    ``507`` right after HGT/HT, ``170 cm`` and ``1.70 m``.
    """
    fixed = fix_ocr_digits(text)
    found: list[Match] = []
    for m in _FEET_INCHES.finditer(fixed):
        inch = int(m["inch"] or 0)
        if inch > 11:
            continue
        end = m.end()
        while end > m.start() and fixed[end - 1].isspace():
            end -= 1
        score = 0.95 if m["inch"] else 0.8
        found.append(Match(_feet_inches(int(m["ft"]), inch), m.start(), end, score))
    for m in _DASHED.finditer(fixed):
        inch = int(m["inch"])
        if inch <= 11:
            labelled = _LABEL_BEFORE.search(fixed[max(0, m.start() - 12) : m.start()]) is not None
            found.append(
                Match(_feet_inches(int(m["ft"]), inch), m.start(), m.end(), 0.85 if labelled else 0.4)
            )
    for m in _LABELLED.finditer(fixed):
        inch = int(m["inch"])
        if inch <= 11:
            found.append(Match(_feet_inches(int(m["ft"]), inch), m.start("ft"), m.end(), 0.85))
    for m in _CM.finditer(fixed):
        cm = float(m["cm"].replace(",", "."))
        if 40 <= cm <= 250:
            found.append(Match(f"{cm:g} cm", m.start(), m.end(), 0.95))
    for m in _M.finditer(fixed):
        cm = round(float(m["m"].replace(",", ".")) * 100)
        if 40 <= cm <= 250:
            found.append(Match(f"{cm} cm", m.start(), m.end(), 0.85))
    return select_non_overlapping(found)


def find_weights(text: str) -> list[Match]:
    """Weights (value: :class:`Quantity` in the printed unit): ``150 lb``, ``150 lbs``, ``68 kg``,
    ``12 oz``, ``500 g`` (0.6), or a bare number after WGT/WT/WEIGHT (unit None, 0.7).
    """
    fixed = fix_ocr_digits(text)
    found: list[Match] = []
    for m in _WEIGHT.finditer(fixed):
        unit = _UNITS[m["unit"].lower()]
        amount = float(m["num"].replace(",", "."))
        found.append(Match(Quantity(amount, unit), m.start(), m.end(), 0.6 if unit == "g" else 0.95))
    for m in _WEIGHT_LABELLED.finditer(fixed):
        found.append(Match(Quantity(float(m["num"]), None), m.start("num"), m.end(), 0.7))
    return select_non_overlapping(found)
