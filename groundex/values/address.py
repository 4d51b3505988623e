"""US states, postal codes and address splitting (usaddress for US-looking addresses)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pycountry
import us
import usaddress

from groundex.values.base import Match, covered, select_non_overlapping
from groundex.values.contact import find_phones
from groundex.values.dates import find_dates

__all__ = [
    "AddressPart",
    "country_code",
    "find_postal_codes",
    "find_us_states",
    "parse_address",
    "state_code",
]


@dataclass(frozen=True)
class AddressPart:
    """One component of an address: ``street``, ``city``, ``state``, ``postal_code`` or ``country``.

    ``value`` is the cleaned text (a US state as its two-letter code); ``text[start:end]`` is
    the printed form.
    """

    component: str
    value: str
    start: int
    end: int


_STATES = [*us.states.STATES_AND_TERRITORIES, us.states.DC]
_CODES = {s.abbr for s in _STATES}
_BY_NAME = {s.name.upper(): s.abbr for s in _STATES} | {"WASHINGTON DC": "DC", "WASHINGTON D.C.": "DC"}
_BY_AP = {s.ap_abbr.upper(): s.abbr for s in _STATES if s.ap_abbr and "." in s.ap_abbr}
_BY_AP |= {"CAL.": "CA", "PENN.": "PA", "PENNA.": "PA", "TENN.": "TN", "TEX.": "TX", "WISC.": "WI"}
# Codes that are also common English words or abbreviations score lower.
_WORDISH = frozenset(
    (
        "AL",
        "AR",
        "AS",
        "CO",
        "DE",
        "GA",
        "HI",
        "ID",
        "IN",
        "LA",
        "MA",
        "ME",
        "MI",
        "MO",
        "MT",
        "NE",
        "OH",
        "OK",
        "OR",
        "PA",
        "SC",
        "UT",
        "VA",
        "WA",
    )
)
_NAME_RE = re.compile(
    r"(?<![^\W_])(?:"
    + "|".join(
        sorted((re.escape(n).replace(r"\ ", r"\s+") for n in _BY_NAME), key=len, reverse=True)
        + sorted((re.escape(a) for a in _BY_AP), key=len, reverse=True)
    )
    + r")(?![^\W_])",
    re.IGNORECASE,
)
_CODE_RE = re.compile(r"(?<![^\W_])(?<![-/])([A-Z][A-Za-z])(?![^\W_])(?![-/]\w)")
_ZIP_AFTER = re.compile(r"\s*,?\s*\d{5}(?:-\d{4})?(?!\d)")
_GLUED = re.compile(r"(?<![^\W_])([A-Z]{2})(\d{5})(?:-(\d{4}))?(?![^\W_])")
"""A state's code glued to its ZIP code (``CA95139``)."""

_US_ZIP = re.compile(r"(?<![\w\-./,:#$€£])(\d{5})(?:-(\d{4}))?(?![^\W_])(?![-./,:]\d)")
_UK = re.compile(r"(?<![^\W_])(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})(?![^\W_])")
_CA = re.compile(r"(?<![^\W_])([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]) ?(\d[ABCEGHJ-NPRSTV-Z]\d)(?![^\W_])")
_GENERIC = re.compile(r"(?<![\w\-./,:#$€£])(\d{4}|\d{6})(?![^\W_])(?![-./,:]\d)")


_COUNTRY_ALIASES = {
    "UK": "GB",
    "GREAT BRITAIN": "GB",
    "ENGLAND": "GB",
    "SCOTLAND": "GB",
    "WALES": "GB",
    "NORTHERN IRELAND": "GB",
    "RUSSIA": "RU",
    "KOREA": "KR",
    "HOLLAND": "NL",
    "UAE": "AE",
    "ESPAÑA": "ES",
    "ESPANA": "ES",
    "DEUTSCHLAND": "DE",
    "ITALIA": "IT",
    "NEDERLAND": "NL",
    "ÖSTERREICH": "AT",
    "SCHWEIZ": "CH",
    "SUISSE": "CH",
    "BELGIQUE": "BE",
    "BELGIË": "BE",
    "BRASIL": "BR",
}
"""Common and native names ISO 3166 does not list."""


@cache
def _countries() -> dict[str, str]:
    """Upper-case country names, official and common names and codes, to the two-letter code."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                index.setdefault(name.upper(), str(country.alpha_2))
    index.update(_COUNTRY_ALIASES)
    return index


@lru_cache(maxsize=16384)
def country_code(raw: str) -> str | None:
    """A printed country (name, common or official name, or a two- or three-letter code in capitals; dots
    ignored: ``U.S.A.``) to its ISO 3166 two-letter code."""
    key = " ".join(raw.replace(".", "").split()).strip(",;")
    if len(key) < 2 or (len(key) <= 3 and not key.isupper()) or any(c.isdigit() for c in key):
        return None
    return _countries().get(key.upper())


_COUNTRY_WORDS = 4


def find_countries(text: str) -> list[Match]:
    """Countries named in ``text`` (value: the printed name, ``Malaysia``, ``U.S.A.``), longest names first; a
    two-letter code only when it is the whole text."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"[^\s,;:()]+", text)]
    found: list[Match] = []
    for i in range(len(tokens)):
        for n in range(min(_COUNTRY_WORDS, len(tokens) - i), 0, -1):
            start, end = tokens[i][0], tokens[i + n - 1][1]
            printed = text[start:end].rstrip(".")
            if len(printed) == 2 and printed != text.strip():
                continue
            if country_code(printed):
                found.append(Match(printed, start, start + len(printed), 0.9))
                break
    return select_non_overlapping(found)


def state_code(raw: str) -> str | None:
    """A printed state name, AP abbreviation or code (any case) to its two-letter code."""
    key = " ".join(raw.split()).upper()
    if key in _CODES:
        return key
    return _BY_NAME.get(key.rstrip(".,")) or _BY_AP.get(key if key.endswith(".") else key + ".")


def find_us_states(text: str) -> list[Match]:
    """US state names, AP abbreviations (``Calif.``) and two-letter codes (value: code, ``CA``), also glued to
    their ZIP code (``CA95139``).

    Names score 0.9. Codes score high only when uppercase and token-bounded (0.9, 0.97 before a
    ZIP); codes that are also words (``IN``, ``OR``) score 0.6, title-case codes (``Ca``) 0.3.
    """
    found: list[Match] = []
    for m in _NAME_RE.finditer(text):
        code = state_code(m.group(0))
        if code:
            found.append(Match(code, m.start(), m.end(), 0.9))
    for m in _CODE_RE.finditer(text):
        raw = m.group(1)
        code = raw.upper()
        if code not in _CODES:
            continue
        before_zip = _ZIP_AFTER.match(text, m.end()) is not None
        if raw.isupper():
            score = 0.97 if before_zip else 0.6 if code in _WORDISH else 0.9
        elif code in _WORDISH and not before_zip:
            continue
        else:
            score = 0.5 if before_zip else 0.3
        found.append(Match(code, m.start(), m.end(), score))
    found += [Match(m.group(1), m.start(1), m.end(1), 0.97) for m in _glued_zips(text)]
    return select_non_overlapping(found)


def _glued_zips(text: str) -> list[re.Match[str]]:
    """A state's code glued to its ZIP code (``CA95139``): the code in group 1, the ZIP in 2 and 3."""
    return [m for m in _GLUED.finditer(text) if m.group(1) in _CODES]


def find_postal_codes(text: str) -> list[Match]:
    """Postal codes (value: normalized string): US ZIP/ZIP+4 (0.8/0.9; 0.95 after a state, also glued to it),
    UK and Canadian codes (0.85), other 4- or 6-digit codes (0.3).
    """
    taken = [*find_dates(text), *find_phones(text)]
    states = find_us_states(text)
    found: list[Match] = []
    for m in _US_ZIP.finditer(text):
        after_state = any(0 <= m.start() - s.end <= 2 and s.score >= 0.6 for s in states)
        score = 0.95 if after_state else 0.9 if m.group(2) else 0.8
        value = m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")
        found.append(Match(value, m.start(), m.end(), score))
    for m in _glued_zips(text):
        value = m.group(2) + (f"-{m.group(3)}" if m.group(3) else "")
        found.append(Match(value, m.start(2), m.end(), 0.95))
    for m in _UK.finditer(text):
        compact = m.group(1).replace(" ", "")
        found.append(Match(f"{compact[:-3]} {compact[-3:]}", m.start(), m.end(), 0.85))
    for m in _CA.finditer(text):
        found.append(Match(f"{m.group(1)} {m.group(2)}", m.start(), m.end(), 0.85))
    for m in _GENERIC.finditer(text):
        found.append(Match(m.group(1), m.start(), m.end(), 0.3))
    return select_non_overlapping(m for m in found if not covered((m.start, m.end), taken))


_STREET_LABELS = frozenset(
    (
        "AddressNumberPrefix",
        "AddressNumber",
        "AddressNumberSuffix",
        "StreetNamePreModifier",
        "StreetNamePreDirectional",
        "StreetNamePreType",
        "StreetName",
        "StreetNamePostType",
        "StreetNamePostDirectional",
        "SubaddressType",
        "SubaddressIdentifier",
        "BuildingName",
        "OccupancyType",
        "OccupancyIdentifier",
        "USPSBoxType",
        "USPSBoxID",
        "USPSBoxGroupType",
        "USPSBoxGroupID",
        "CornerOf",
        "IntersectionSeparator",
        "LandmarkName",
    )
)
_COMPONENT = {"PlaceName": "city", "StateName": "state", "ZipCode": "postal_code", "CountryName": "country"}
_TRIM = " ,;"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _addressee(tagged: list[tuple[str, str]]) -> int:
    """How many leading tokens name whom the address is for: a building name ending in a comma (a line of its
    own, ``Harbor View Hotel,``) before the street's number."""
    for i, (token, label) in enumerate(tagged):
        if label != "BuildingName":
            return 0
        if token.endswith(","):
            return i + 1 if any(lb == "AddressNumber" for _, lb in tagged[i + 1 :]) else 0
    return 0


def _us_parts(text: str) -> list[AddressPart] | None:
    spans: dict[str, tuple[int, int]] = {}
    pos = 0
    tagged = list(usaddress.parse(text))
    for token, label in tagged[_addressee(tagged) :]:
        at = text.find(token, pos)
        if at < 0:
            continue
        pos = at + len(token)
        name = "street" if label in _STREET_LABELS else _COMPONENT.get(label)
        if name is None:
            continue
        start, end = _trimmed(text, at, pos)
        if start >= end or (name == "country" and country_code(text[start:end]) is None):
            continue
        old = spans.get(name)
        spans[name] = (min(old[0], start), max(old[1], end)) if old else (start, end)
    state = spans.get("state")
    code = state_code(text[state[0] : state[1]]) if state else None
    zip_ok = "postal_code" in spans and re.fullmatch(
        r"\d{5}(-\d{4})?", text[spans["postal_code"][0] : spans["postal_code"][1]]
    )
    if not code and not zip_ok:
        return None
    parts = []
    for name, (start, end) in sorted(spans.items(), key=lambda kv: kv[1][0]):
        value = code if name == "state" and code else " ".join(text[start:end].split())
        parts.append(AddressPart(name, value, start, end))
    return parts


def _fallback_parts(text: str) -> list[AddressPart]:
    chunks = [(m.start(), m.end()) for m in re.finditer(r"[^,\n;]+", text)]
    chunks = [_trimmed(text, s, e) for s, e in chunks]
    chunks = [(s, e) for s, e in chunks if s < e]
    parts: list[AddressPart] = []
    if not chunks:
        return parts
    s, e = chunks[0]
    parts.append(AddressPart("street", " ".join(text[s:e].split()), s, e))
    rest = chunks[1:]
    if rest and country_code(text[rest[-1][0] : rest[-1][1]]):
        s, e = rest.pop()
        parts.append(AddressPart("country", text[s:e], s, e))
    for s, e in rest:
        chunk = text[s:e]
        codes = [m for m in find_postal_codes(chunk) if m.score >= 0.3]
        if codes:
            code = codes[-1]
            parts.append(AddressPart("postal_code", str(code.value), s + code.start, s + code.end))
            left, right = _trimmed(chunk, 0, code.start), _trimmed(chunk, code.end, len(chunk))
            for a, b in (left, right):
                if a < b and re.search(r"[^\W\d_]", chunk[a:b]):
                    parts.append(AddressPart("city", " ".join(chunk[a:b].split()), s + a, s + b))
        elif not any(p.component == "city" for p in parts):
            parts.append(AddressPart("city", " ".join(chunk.split()), s, e))
    return sorted(parts, key=lambda p: p.start)


def parse_address(text: str) -> list[AddressPart]:
    """Split an address into street / city / state / postal_code / country parts with spans.

    US-looking addresses (a US state or ZIP found by usaddress) use usaddress labels; others
    fall back to a comma split: first chunk street, a last chunk naming a country the country, a chunk
    holding a postal code gives postal_code and city. A country is only ever a printed country name or code.
    """
    if not text.strip():
        return []
    return _us_parts(text) or _fallback_parts(text)
