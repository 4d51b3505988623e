"""What a field holds, read from its type, name and description, and how to find such a value in text."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache, lru_cache

from groundex import values
from groundex.locate.labels import expansions, head_phrase, word_set, words_of
from groundex.types import FieldSpec, Kind

PRINTED = frozenset({"date", "datetime", "time", "money", "number", "percent", "weight", "phone"})


class Role(str, Enum):
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    MONEY = "money"
    NUMBER = "number"
    PERCENT = "percent"
    WEIGHT = "weight"
    HEIGHT = "height"
    PHONE = "phone"
    EMAIL = "email"
    URL = "url"
    IBAN = "iban"
    CARD = "card"
    COUNTRY = "country"
    TENDER = "tender"
    CARD_KIND = "card_kind"
    POSTAL = "postal"
    STATE = "state"
    CURRENCY = "currency"
    ID = "id"
    ENUM = "enum"
    BOOL = "bool"
    NAME = "name"
    TEXT = "text"


_MONEY = {
    "amount",
    "total",
    "price",
    "cost",
    "subtotal",
    "tax",
    "fee",
    "fees",
    "balance",
    "due",
    "paid",
    "discount",
    "charge",
    "charges",
    "tip",
    "payment",
    "salary",
    "wage",
    "wages",
    "sum",
    "vat",
    "gst",
    "shipping",
    "deposit",
    "refund",
    "change",
    "cash",
}
_MONEY_HEAD = {
    "amount",
    "total",
    "subtotal",
    "tax",
    "tip",
    "tips",
    "price",
    "cost",
    "fee",
    "balance",
    "due",
    "paid",
    "charge",
    "discount",
    "vat",
    "gst",
    "sum",
    "gratuity",
}
_HEAD_WORDS = 3
"""How far into a description's head a money word names the value (``Final amount the customer ...``)."""
_GRAND = frozenset({"total", "amount", "due", "payable"})
_PAYING = frozenset({"paid", "payment"})
_PAYMENT = {"payment", "tender", "paid"}
_PHONE = frozenset({"phone", "telephone", "fax", "mobile", "tel"})
_TENDER_KIND = {"type", "method", "mode", "brand"}
_DATE = {"date", "day", "dob", "birth", "birthday", "expiration", "expiry", "expires", "issued"}
_ID = {"id", "number", "no", "identifier", "reference", "ref", "num", "nbr", "dln"}
_NAME = {"name", "surname", "firstname", "lastname"}
PARTY_WORDS = {
    "merchant",
    "issuer",
    "vendor",
    "seller",
    "company",
    "store",
    "business",
    "supplier",
    "shop",
    "organization",
    "organisation",
    "employer",
    "bank",
    "restaurant",
    "firm",
    "retailer",
    "payee",
}
"""Words naming a business or another party that is not a person (a described ``name`` is theirs)."""
_TEXT_FIRST = {
    "description",
    "notes",
    "note",
    "address",
    "street",
    "city",
    "country",
    "terms",
    "instructions",
    "details",
    "detail",
    "info",
    "information",
    "remarks",
    "comments",
}


@lru_cache(maxsize=4096)
def name_words(spec: FieldSpec) -> tuple[str, ...]:
    """The words of a field's name, an abbreviation read as the word it shortens (``subtot``: subtotal,
    ``tot``: total)."""
    return tuple(next(iter(expansions(w)), w) for w in words_of(spec.name))


def _words(spec: FieldSpec) -> set[str]:
    """The words of a field's name and title, an abbreviation with the word it shortens (``hgt``: height)."""
    words = set(words_of(spec.name)) | set(words_of(spec.title))
    return words | {full for w in words for full in expansions(w)}


@lru_cache(maxsize=4096)
def role_of(spec: FieldSpec) -> Role:
    """The role of a leaf: what kind of printed value to look for. A string field whose name says nothing
    typed (``amount_charged``, ``purchase_day``) or only that it is a number (``contact_number``) takes a
    typed role from the head of its description (``Final amount the customer paid``, ``Day the purchase
    happened``, ``Telephone the shop can be reached at``); a description saying when something happened is a
    date's; one whose head is a name and that speaks of no business is a person's name (``holder``: ``The
    driver's whole name``)."""
    kind = spec.kind
    name = _words(spec)
    desc = set(words_of(spec.description))
    if kind is Kind.DATE:
        return Role.DATE
    if kind is Kind.DATETIME:
        return Role.DATETIME
    if kind is Kind.TIME:
        return Role.TIME
    if kind is Kind.ENUM:
        return Role.ENUM
    if kind is Kind.BOOLEAN:
        return Role.BOOL
    if kind in (Kind.NUMBER, Kind.INTEGER):
        if name & {"weight"}:
            return Role.WEIGHT
        if name & {"percentage", "percent", "pct"}:
            return Role.PERCENT
        if name & _MONEY or (desc & _MONEY and not name & {"quantity", "qty", "count"}):
            return Role.MONEY
        return Role.NUMBER
    if kind is not Kind.STRING:
        return Role.TEXT
    role = _named_role(spec)
    if role in (Role.TEXT, Role.ID) and not name & _TEXT_FIRST:
        typed = _described_role(spec, desc)
        if typed not in (Role.TEXT, Role.NAME, Role.ID) and (role is Role.TEXT or typed is not Role.MONEY):
            return typed
        head = described(spec)[-1:]
        if role is Role.TEXT and head and head[0] in _NAME and not desc & PARTY_WORDS:
            return Role.NAME
    return role


def _described_role(spec: FieldSpec, desc: set[str]) -> Role:
    if words_of(spec.description)[:1] == ("when",):
        return Role.DATE
    if "state" in desc and {"two", "letter"} <= desc:
        return Role.STATE
    head = described(spec)
    last = next(([w] for w in head[:_HEAD_WORDS] if w in _MONEY_HEAD), list(head[-1:]))
    return _string_role(spec, set(head), last, desc)


def described_when(spec: FieldSpec) -> tuple[str, ...]:
    """For a date field whose description says when something happened (``When the driver was born``): its
    words after ``when``, stopwords aside (driver, born); empty otherwise."""
    words = words_of(spec.description)
    if words[:1] != ("when",) or role_of(spec) not in (Role.DATE, Role.DATETIME):
        return ()
    stop = word_set("stopwords")
    return tuple(w for w in words[1:] if w not in stop)


def described_label(spec: FieldSpec) -> tuple[str, ...]:
    """For a money, phone or name field whose description, not its name, says so (``levy``: ``Sales tax
    charged``, ``contact_number``: ``Telephone the shop ...``, ``holder``: ``The driver's whole name``): the
    head of the description up to that word (sales, tax; telephone; driver's, whole, name), else empty."""
    role = role_of(spec)
    words = {Role.MONEY: _MONEY_HEAD, Role.PHONE: _PHONE, Role.NAME: _NAME}.get(role)
    if spec.kind is not Kind.STRING or words is None:
        return ()
    if _named_role(spec) is role:
        return ()
    head = described(spec)
    at = next((i for i, w in enumerate(head[:_HEAD_WORDS]) if w in words), None)
    return () if at is None else head[: at + 1]


def named_plainly(spec: FieldSpec) -> bool:
    """Whether a string field's name says nothing of what it holds (``seller``, ``shop_location``): no typed
    role, no word of a free text (``street``, ``notes``)."""
    return spec.kind is Kind.STRING and not _words(spec) & _TEXT_FIRST and _named_role(spec) is Role.TEXT


@lru_cache(maxsize=4096)
def _named_role(spec: FieldSpec) -> Role:
    """The role a string field's name (and title) gives it, before its description is read. The name's head
    is its last word that is neither a stopword nor a number (``our_fax_number_is``: number;
    ``phone_booth_2``: booth), the word it abbreviates for an abbreviation (``tot``: total, ``ph``: phone); a
    phone word before a head of another kind only qualifies it (a phone booth is no phone); ``due`` after a
    word that is no money word says when something is due, not an amount (``final_report_due``;
    ``balance_due`` is money), so the other words of the name decide."""
    stop = word_set("stopwords")
    ordered = name_words(spec)
    content = [w for w in ordered if w not in stop and not w.isdigit()]
    last = content[-1:] or ordered[-1:]
    if content[-2:-1] and last == ["due"] and content[-2] not in _MONEY | _GRAND:
        last = []
    name = _words(spec)
    if last and last[0] not in _PHONE | _ID:
        name -= _PHONE
    return _string_role(spec, name, last, set(words_of(spec.description)))


def described(spec: FieldSpec) -> tuple[str, ...]:
    """The head of a field's description without its stopwords (``Postal address of the shop``: postal,
    address)."""
    stop = word_set("stopwords")
    return tuple(t for t in head_phrase(spec.description) if t not in stop)


def _string_role(spec: FieldSpec, name: set[str], last: Sequence[str], desc: set[str]) -> Role:
    head = last[0] if last else ""
    if head in _MONEY_HEAD:
        return Role.MONEY
    if head == "time":
        return Role.TIME
    if head in {"quantity", "qty", "count"}:
        return Role.NUMBER
    if "last" in name and name & {"4", "four", "digits"}:
        return Role.CARD
    if name & {"country", "nation"}:
        return Role.COUNTRY
    if (name | set(words_of(" ".join(spec.context[:1])))) & _PAYMENT and name & _TENDER_KIND:
        return Role.CARD_KIND if "card" in name else Role.TENDER
    if name & _PHONE:
        return Role.PHONE
    if name & {"email", "mail"}:
        return Role.EMAIL
    if name & {"website", "url", "link", "homepage"}:
        return Role.URL
    if "iban" in name:
        return Role.IBAN
    if name & {"zip", "postcode"} or ("postal" in name and not name & {"address", "addr"}):
        return Role.POSTAL
    if name & {"height", "tall", "stature"}:
        return Role.HEIGHT
    if name & {"currency"}:
        return Role.CURRENCY
    if "state" in name and ({"two", "letter", "code"} & (desc | name)):
        return Role.STATE
    if name & _DATE:
        return Role.DATE
    if name & _TEXT_FIRST:
        return Role.TEXT
    if name & _NAME:
        return Role.NAME
    if name & _ID:
        return Role.ID
    return Role.TEXT


@dataclass(frozen=True)
class Found:
    """A value recognized in a text: normalized value, its character span, how sure the recognizer is."""

    value: object
    start: int
    end: int
    score: float


def _first(matches: list[values.Match]) -> list[Found]:
    return [Found(m.value, m.start, m.end, m.score) for m in matches]


_PHONE_ALONE = 0.5
"""Score of a local number printed alone (``329-4418``): no numbering plan and no label vouch for it."""
_LOCAL_NUMBER = re.compile(r"\s*(\d{3,4}-\d{4})\s*")


def _phone_alone(text: str) -> list[Found]:
    """A text that is only a local phone number, without its area code (``329-4418``, ``1682-3264``)."""
    m = _LOCAL_NUMBER.fullmatch(text)
    return [Found(m.group(1), m.start(1), m.end(1), _PHONE_ALONE)] if m else []


def _amount(value: object) -> float:
    assert isinstance(value, (values.Money, values.Quantity, int, float))
    return float(value)


def _money(text: str) -> list[Found]:
    return [Found(_amount(m.value), m.start, m.end, m.score) for m in values.find_amounts(text)]


def _weights(text: str) -> list[Found]:
    found = [Found(_amount(m.value), m.start, m.end, m.score) for m in values.find_weights(text)]
    return found or [Found(f.value, f.start, f.end, f.score * 0.8) for f in _numbers(text)]


def _numbers(text: str) -> list[Found]:
    return [Found(_amount(m.value), m.start, m.end, m.score) for m in values.find_numbers(text)]


def _iso(matches: list[values.Match]) -> list[Found]:
    return [Found(m.value.isoformat(), m.start, m.end, m.score) for m in matches]  # type: ignore[attr-defined]


def _currency(text: str) -> list[Found]:
    out = []
    for m in values.find_amounts(text):
        code = getattr(m.value, "currency", None)
        if code:
            out.append(Found(code, m.start, m.end, 0.7))
    return out


FINDERS: dict[Role, Callable[[str, bool | None], list[Found]]] = {
    Role.DATE: lambda t, df: _iso(values.find_dates(t, df)),
    Role.DATETIME: lambda t, df: _iso(values.find_datetimes(t, df)) or _iso(values.find_dates(t, df)),
    Role.TIME: lambda t, df: _iso(values.find_times(t)),
    Role.MONEY: lambda t, df: _money(t),
    Role.NUMBER: lambda t, df: _numbers(t),
    Role.PERCENT: lambda t, df: _first(values.find_percentages(t)) or _numbers(t),
    Role.WEIGHT: lambda t, df: _weights(t),
    Role.HEIGHT: lambda t, df: _first(values.find_heights(t)),
    Role.PHONE: lambda t, df: _first(values.find_phones(t)) or _phone_alone(t),
    Role.EMAIL: lambda t, df: _first(values.find_emails(t)),
    Role.URL: lambda t, df: _first(values.find_urls(t)),
    Role.IBAN: lambda t, df: _first(values.find_ibans(t)),
    Role.CARD: lambda t, df: _first(values.find_card_endings(t)),
    Role.COUNTRY: lambda t, df: _first(values.find_countries(t)),
    Role.TENDER: lambda t, df: _first(values.find_tenders(t)),
    Role.CARD_KIND: lambda t, df: _first(values.find_tenders(t, cards=True)),
    Role.POSTAL: lambda t, df: _first(values.find_postal_codes(t)),
    Role.STATE: lambda t, df: _first(values.find_us_states(t)),
    Role.CURRENCY: lambda t, df: _currency(t),
    Role.ID: lambda t, df: _first(values.find_ids(t)),
}


def find_after_label(role: Role, text: str) -> tuple[Found, ...]:
    """Values that only a label makes readable: a phone number in any country's format after ``Tel:``."""
    return _joined(_first(values.find_printed_phones(text)), text) if role is Role.PHONE else ()


@lru_cache(maxsize=65536)
def find(role: Role, text: str, dayfirst: bool | None = None, region: str | None = None) -> tuple[Found, ...]:
    """Every value of ``role`` in ``text`` (memoized: the same text is read for many fields).

    ``dayfirst`` settles the order of numeric dates when the text alone does not; ``region`` (the page's
    country) reads phone numbers in that country's national format, then in the US one."""
    if role is Role.PHONE:
        national = _first(values.find_phones(text, region)) if region not in (None, "US") else []
        return _joined(national or FINDERS[role](text, dayfirst), text)
    return tuple(FINDERS[role](text, dayfirst))


_JOIN = re.compile(r"\s*[/,]\s*")
"""What joins two phone numbers printed as one (``019-260 6493 /012-286 8193``, ``(212) 966-7799, (212)
966-7907``)."""


def _joined(found: list[Found], text: str) -> tuple[Found, ...]:
    """Phone numbers with the next one each is joined to by a slash or a comma, as one value spanning both
    (the value is the first number's)."""
    out: list[Found] = []
    for f in sorted(found, key=lambda f: f.start):
        last = out[-1] if out else None
        if last is not None and last.end <= f.start and _JOIN.fullmatch(text[last.end : f.start]):
            out[-1] = Found(last.value, last.start, f.end, min(last.score, f.score))
        else:
            out.append(f)
    return tuple(out)


_BIRTH = {"birth", "dob", "born", "birthday", "birthdate"}


def zero_total(spec: FieldSpec, value: object) -> bool:
    """A grand total of nothing (``TOTAL 0.00``): plausible only when no other amount is."""
    return isinstance(value, float) and value == 0 and is_grand_total(spec)


def is_grand_total(spec: FieldSpec) -> bool:
    """A field for the amount a document comes to (``total``, ``total_amount``, ``amount_due``), not for a
    table's column (a line's ``amount``) nor a part of it (``tax_amount``, ``discount_amount``:
    ``total_partial`` and ``charges`` in ``data/synonyms.json``); a name that says neither
    (``amount_charged``) by the head of its description (``Final amount the customer paid``)."""
    if spec.in_list:
        return False
    words = name_words(spec)
    if words and words[-1] in _GRAND:
        return "sub" not in spec.name and not _total_parts().intersection(words)
    return not _total_parts().intersection(words) and total_by_description(spec)


@cache
def _total_parts() -> frozenset[str]:
    """Words naming a part of a total rather than the total (``tax``, ``discount``, ``tip``)."""
    return word_set("total_partial") | word_set("charges")


def total_by_description(spec: FieldSpec) -> bool:
    """Whether a money field whose name does not end in a total's word is a grand total by the head of its
    description (``Final amount the customer paid``)."""
    words = name_words(spec)
    if (words and words[-1] in _GRAND) or role_of(spec) is not Role.MONEY:
        return False
    head = set(described(spec)[:_HEAD_WORDS])
    final = word_set("total_final") | {"total", "grand"}
    return bool(head & _GRAND) and bool(head & final) and not head & (_total_parts() - _PAYING)


def plausible(spec: FieldSpec, value: object) -> bool:
    """Whether a value can be what the field names: a birth date lies at least ten years back; a total
    is not below zero."""
    if isinstance(value, float) and value < 0 and is_grand_total(spec):
        return False
    if isinstance(value, str) and set(name_words(spec)) & _BIRTH and len(value) >= 10:
        try:
            born = date.fromisoformat(value[:10])
        except ValueError:
            return True
        today = date.today()
        return born <= today.replace(year=today.year - 10)
    return True
