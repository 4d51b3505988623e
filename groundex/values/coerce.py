"""Turn a printed string into the schema's JSON type, and normalize values for comparison."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from groundex.types import Kind
from groundex.values.base import Match
from groundex.values.choices import match_enum, parse_bool
from groundex.values.contact import find_emails, find_urls
from groundex.values.dates import find_dates, find_datetimes, find_times, parse_date_loose
from groundex.values.money import Money, find_amounts, find_numbers, parse_number

__all__ = ["clean_string", "coerce", "normalize_for_compare"]

_STRIP = " \t\n:;,|•·_"
_END_PUNCT = " \t\n.,;:!?|•·_"


def clean_string(raw: str) -> str:
    """Collapse whitespace and strip stray ``: ; , | • · _`` from both ends.

    Periods, brackets, quotes, ``#`` and ``-`` are kept (``Inc.``, ``(555)``, ``#12``).
    """
    return " ".join(raw.split()).strip(_STRIP)


def _best(matches: Sequence[Match]) -> Match | None:
    return max(matches, key=lambda m: (m.score, m.end - m.start), default=None)


def _number(text: str) -> float | None:
    value = parse_number(text)
    if value is not None:
        return value
    amount = _best(find_amounts(text))
    if amount is not None and isinstance(amount.value, Money):
        return amount.value.amount
    num = _best(find_numbers(text))
    return float(num.value) if num is not None and isinstance(num.value, float) else None


def _date(text: str, fmt: str) -> dt.date | None:
    if "%" in fmt:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    best = _best(find_dates(text))
    if best is not None and isinstance(best.value, dt.date):
        return best.value
    loose = parse_date_loose(text)
    return loose.date() if loose else None


def _datetime(text: str, fmt: str) -> dt.datetime | None:
    if "%" in fmt:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            pass
    best = _best(find_datetimes(text))
    if best is not None and isinstance(best.value, dt.datetime):
        return best.value
    day = _best(find_dates(text))
    if day is not None and isinstance(day.value, dt.date):
        return dt.datetime.combine(day.value, dt.time())
    return parse_date_loose(text)


def _time(text: str) -> dt.time | None:
    best = _best(find_times(text))
    if best is not None and isinstance(best.value, dt.time):
        return best.value
    stamp = _best(find_datetimes(text))
    return stamp.value.time() if stamp is not None and isinstance(stamp.value, dt.datetime) else None


def _string(text: str, fmt: str) -> str:
    if fmt == "date":
        day = _date(text, fmt)
        return day.isoformat() if day else text
    if fmt == "date-time":
        stamp = _datetime(text, fmt)
        return stamp.strftime("%Y-%m-%dT%H:%M:%S") if stamp else text
    if fmt == "email":
        email = _best(find_emails(text))
        return str(email.value) if email else text
    if fmt in ("uri", "url"):
        url = _best(find_urls(text))
        return str(url.value) if url else text
    return text


def coerce(
    kind: Kind,
    raw: str,
    *,
    enum: Sequence[str] = (),
    enum_names: Sequence[str] = (),
    format: str | None = None,
) -> object | None:
    """Read ``raw`` as a value of ``kind``; None when it cannot be read.

    NUMBER -> float, INTEGER -> int (integral numbers only), BOOLEAN -> bool, DATE ->
    ``YYYY-MM-DD``, DATETIME -> ``YYYY-MM-DDTHH:MM:SS`` (a bare date gets midnight), TIME ->
    ``HH:MM:SS``, ENUM -> one of ``enum`` (cleaned text if no enum is given), STRING/ANY ->
    :func:`clean_string` (with ``format`` ``date``/``date-time``/``email``/``uri`` normalized when
    readable). ``format`` holding ``%`` codes is tried first with ``strptime`` for dates.
    """
    text = clean_string(raw)
    if not text:
        return None
    fmt = (format or "").strip()
    if kind == Kind.NUMBER:
        return _number(text)
    if kind == Kind.INTEGER:
        value = _number(text)
        if value is None or not math.isfinite(value) or abs(value - round(value)) > 1e-9:
            return None
        return round(value)
    if kind == Kind.BOOLEAN:
        return parse_bool(text)
    if kind == Kind.DATE:
        day = _date(text, fmt)
        return day.isoformat() if day else None
    if kind == Kind.DATETIME:
        stamp = _datetime(text, fmt)
        return stamp.strftime("%Y-%m-%dT%H:%M:%S") if stamp else None
    if kind == Kind.TIME:
        clock = _time(text)
        return clock.strftime("%H:%M:%S") if clock else None
    if kind == Kind.ENUM:
        if not enum:
            return text
        hit = match_enum(text, enum, enum_names)
        return hit.value if hit else None
    return _string(text, fmt.lower())


def normalize_for_compare(value: object) -> str:
    """A canonical string for equality checks: upper case, single spaces, no end punctuation.

    None -> ``""``, booleans -> ``TRUE``/``FALSE``, integral floats lose ``.0``, dates use ISO.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else f"{value:.10g}"
    elif isinstance(value, (dt.date, dt.time)):
        text = value.isoformat()
    else:
        text = str(value)
    return " ".join(text.upper().split()).strip(_END_PUNCT)
