"""Dates, times and date-times printed in the usual numeric and month-name formats.

Candidates are found with anchored patterns (so spans are exact and plain numbers, IDs,
phones and money never match) and validated with :mod:`datetime`; free-form phrases the
patterns miss are left to :func:`parse_date_loose` (dateparser), which ``coerce`` uses.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from groundex.values.base import Match, fix_ocr_digits, select_non_overlapping

__all__ = [
    "MONTH_ABBREVIATIONS",
    "NUMERIC_DATE",
    "find_dates",
    "find_datetimes",
    "find_times",
    "parse_date_loose",
    "pivot_year",
]

_LEFT = r"(?<![^\W_])(?<![#@$€£])(?<![^\W_][-/.,])"
_RIGHT = r"(?!(?![Tt]\d)[^\W_])(?![-/.,:]\d)"
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS = tuple(_MONTHS)
"""The English months' three-letter abbreviations, January first."""
_OTHER_MONTHS = {
    # French
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "décembre": 12, "déc": 12,
    # Spanish
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "dic": 12,
    # German
    "januar": 1, "februar": 2, "märz": 3, "maerz": 3, "mrz": 3, "juni": 6, "juli": 7, "oktober": 10,
    "okt": 10, "dezember": 12, "dez": 12,
    # Italian
    "gennaio": 1, "gen": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "mag": 5, "giugno": 6, "giu": 6,
    "luglio": 7, "lug": 7, "settembre": 9, "ottobre": 10, "ott": 10, "dicembre": 12,
}  # fmt: skip
"""Month names and their usual abbreviations in French, Spanish, German and Italian (English: ``_MONTHS``)."""
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    + "|".join(sorted(_OTHER_MONTHS, key=len, reverse=True))
    + r")(?![^\W\d_])\.?"
)

_ISO = re.compile(
    _LEFT + r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?:" + _RIGHT + r"|(?=\d{1,2}:\d\d))"
)
"""A year-first date, also glued to the clock time after it (``2018-01-0522:55:25``)."""
_NUMERIC = re.compile(
    _LEFT
    + r"(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?:(?P<y>\d{4}|\d{2})"
    + _RIGHT
    + r"|(?P<yt>(?:19|20)\d\d)(?=\d{1,2}:\d\d))"
)
NUMERIC_DATE = _NUMERIC
"""A date written in figures only (``12/01/25``, ``03.02.2018``), day and month in either order."""
_MDY = re.compile(
    _LEFT + _MON + r"[\s/-]?(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:(?:,\s?|\s|-|/)(?P<y>\d{4})|,\s?'?(?P<y2>\d{2})|[\s-]?['\u00b4\u2019](?P<y3>\d{2}))" + _RIGHT,
    re.IGNORECASE,
)
_DMY = re.compile(
    _LEFT
    + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s?of)?(?:[./-]?\s?)"
    + _MON
    + r"[\s,/-]{0,2}(?P<y>\d{4}|['\u00b4\u2019]?\d{2})"
    + _RIGHT,
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?:(?<![^\W_])(?<!\.)(?<!\w:)|(?<=\d[Tt]))(?:(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d{1,6})?)?"
    r"(?:\s?:?(?P<ap>[AaPp])\.?[Mm]\.?(?![^\W_])|(?P<ap3>[AaPp])(?![^\W_])|(?P<tz>Z|[+-]\d{2}:?\d{2})(?![\w:]))?"
    r"|(?P<h2>\d{1,2})(?:\.(?P<mi2>\d{2}))?\s?(?P<ap2>[AaPp])\.?[Mm]\.?(?![^\W_]))"
    r"(?![\w:])(?!\.\d)"
)
"""Clock times; besides the usual forms, a meridiem glued as one letter (``4:58P``) or after a colon
(``05:10:PM``), and a dotted time with its meridiem (``9.38 PM``)."""
_DT_GAP = re.compile(r"(?:[Tt]|,?\s?(?:(?:at|@)\s?)?)", re.IGNORECASE)


def pivot_year(yy: int, today: dt.date | None = None) -> int:
    """A two-digit year to four digits: 20yy unless that is more than 30 years ahead."""
    year = (today or dt.date.today()).year
    return 2000 + yy if 2000 + yy <= year + 30 else 1900 + yy


def _year(raw: str) -> tuple[int, bool]:
    raw = raw.lstrip("'\u00b4\u2019")
    return (int(raw), False) if len(raw) == 4 else (pivot_year(int(raw)), True)


def _make(y: int, m: int, d: int) -> dt.date | None:
    if not 1800 <= y <= 2199:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month(raw: str) -> int:
    low = raw.lower().rstrip(".")
    return _OTHER_MONTHS.get(low) or _MONTHS[low[:3]]


def _numeric_order(a: int, b: int) -> bool | None:
    """True if ``a/b`` must be day-first, False if month-first, None if either fits."""
    if a > 12 and b <= 12:
        return True
    if b > 12 and a <= 12:
        return False
    return None


def _order_of(numeric: list[re.Match[str]]) -> bool | None:
    orders = {_numeric_order(int(m["a"]), int(m["b"])) for m in numeric} - {None}
    return orders.pop() if len(orders) == 1 else None


def infer_dayfirst(text: str) -> bool | None:
    """Day-first (True) or month-first (False) when the numeric dates of ``text`` settle it, else None."""
    return _order_of(list(_NUMERIC.finditer(fix_ocr_digits(text))))


def find_dates(text: str, dayfirst: bool | None = None) -> list[Match]:
    """Calendar dates in ``text`` (value: :class:`datetime.date`), best non-overlapping first-to-last.

    Numeric day/month order: ``dayfirst`` forces it; with ``None`` a date whose day is
    over 12 decides for the whole text, else slash/dash dates read month-first and dotted
    dates day-first. Two-digit years pivot with :func:`pivot_year`.
    """
    fixed = fix_ocr_digits(text)
    found: list[Match] = []
    for m in _ISO.finditer(fixed):
        d = _make(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            found.append(Match(d, m.start(), m.end(), 0.97))
    numeric = list(_NUMERIC.finditer(fixed))
    prefer = dayfirst if dayfirst is not None else _order_of(numeric)
    for m in numeric:
        a, b = int(m["a"]), int(m["b"])
        y, short = _year(m["y"] or m["yt"])
        forced = _numeric_order(a, b)
        first_day = forced if forced is not None else (prefer if prefer is not None else m["s"] == ".")
        d = _make(y, b, a) if first_day else _make(y, a, b)
        if d is None:
            continue
        score = 0.95 if forced is not None or a == b else 0.85
        score -= 0.05 if short else 0.0
        score -= 0.1 if short and m["s"] == "." else 0.0
        found.append(Match(d, m.start(), m.end(), round(score, 2)))
    for m in _MDY.finditer(text):
        y, short = _year(m["y"] or m["y2"] or m["y3"])
        d = _make(y, _month(m["mon"]), int(m["d"]))
        if d:
            found.append(Match(d, m.start(), m.end(), 0.9 if short else 0.97))
    for m in _DMY.finditer(text):
        y, short = _year(m["y"])
        d = _make(y, _month(m["mon"]), int(m["d"]))
        if d:
            found.append(Match(d, m.start(), m.end(), 0.9 if short else 0.97))
    return select_non_overlapping(found)


_ZONE = re.compile(r"\s([A-Z]{2,5})\b")
"""A word of capitals right after a time: its time zone when ``dateparser`` knows it as one."""


@functools.cache
def _zones() -> frozenset[str]:
    """Time zone abbreviations (``CST``, ``EST``, ``GMT``) as ``dateparser`` knows them."""
    from dateparser.timezones import timezone_info_list

    return frozenset(name for info in timezone_info_list for name, _ in info["timezones"])


def _zone_end(text: str, end: int) -> int:
    """Where a time printed at ``text[:end]`` ends with the time zone printed after it (``3:28 CST``)."""
    m = _ZONE.match(text, end)
    return m.end() if m and m[1] in _zones() else end


def find_times(text: str) -> list[Match]:
    """Clock times ``14:05``, ``2:05 PM``, ``14:05:09``, ``2pm`` (value: naive :class:`datetime.time`); the
    span takes a time zone printed after the time (``3:28 CST``)."""
    found: list[Match] = []
    for m in _TIME.finditer(fix_ocr_digits(text)):
        h = int(m["h"] or m["h2"])
        minute = int(m["mi"] or m["mi2"] or 0)
        sec = int(m["s"] or 0)
        ap = (m["ap"] or m["ap2"] or m["ap3"] or "").lower()
        if ap:
            if not 1 <= h <= 12:
                continue
            h = h % 12 + (12 if ap == "p" else 0)
        if h > 23 or minute > 59 or sec > 59:
            continue
        full = (m["mi"] or m["mi2"]) and (ap or m["s"] or len(m["h"] or m["h2"]) == 2) and not m["ap3"]
        score = 0.9 if full else 0.8
        found.append(Match(dt.time(h, minute, sec), m.start(), _zone_end(text, m.end()), score))
    return found


def find_datetimes(text: str, dayfirst: bool | None = None) -> list[Match]:
    """A date followed by a time (``2019-03-28 14:05``, ``28/03/2019 2:05 PM``, ISO ``T``).

    Value: naive :class:`datetime.datetime`; a printed UTC offset stays in the span but is dropped.
    """
    times = find_times(text)
    found: list[Match] = []
    for d in find_dates(text, dayfirst):
        for t in times:
            if t.start < d.end or t.start - d.end > 6:
                continue
            if _DT_GAP.fullmatch(text[d.end : t.start]):
                assert isinstance(d.value, dt.date) and isinstance(t.value, dt.time)
                value = dt.datetime.combine(d.value, t.value)
                found.append(Match(value, d.start, t.end, min(d.score, t.score)))
            break
    return found


def parse_date_loose(raw: str, dayfirst: bool | None = None) -> dt.datetime | None:
    """Free-form date phrase to a datetime via dateparser (slow; imported on first use)."""
    import dateparser

    settings: dict[str, Any] = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
    if dayfirst is not None:
        settings["DATE_ORDER"] = "DMY" if dayfirst else "MDY"
    try:
        result = dateparser.parse(raw, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return result if isinstance(result, dt.datetime) else None
