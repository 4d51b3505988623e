"""Values printed without a label: the issuing party's name at the top, a state in the header, a free-text
address block."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache

from groundex import values
from groundex.locate.candidates import ADDRESS_WORDS, Candidate, Page, clean_text, parenthesized, read_value
from groundex.locate.labels import described_endings, description_cues, vocabulary, word_set, words_of
from groundex.locate.roles import PARTY_WORDS, Role, described, find, name_words, named_plainly, role_of
from groundex.locate.spans import Span
from groundex.types import FieldSpec, Line, Word

_CUSTOMER = {"customer", "buyer", "client", "recipient", "consignee", "billing", "bill", "ship", "shipping"}
_KEY_WORDS = 3
_ISSUER_FIRST = 0.05
"""The issuer prints its address first, under its name; a customer's or branch's address comes later."""
_TOP = 0.35
_MAX_NAME_LINES = 3
_NUMBERED = 5
"""Digits that make a line a number's (``Company Reg. No. 725186-V``), not the rest of a name."""
_DESCRIBED_END = 0.1
"""What a name line gains when it ends as the description says the name does (``often ending in 'SDN BHD'``):
the registered name, not the trading name over it."""
_FRAGMENT = 0.15
"""How much a name line loses when it cannot stand alone (it ends in ``&`` or continues the line above)."""
_MAX_ADDRESS_LINES = 5
_SAME_TYPE = 0.8
_LARGE_TYPE = 1.2
"""Name lines set in one large type: heights within this ratio, and this many times the median line."""
_ADDRESS_LIKE = 0.5
"""How much a line that reads like an address (``5080 Alpine Ave NW``, ``EUREKA, MO``) loses as a name."""
_ADDRESS_START = 0.3
"""An address block starts at a line with some address evidence (a street word, a postal code), not at a
bare number or a name that merely starts with a digit."""
_CITY_STATE = 0.5
"""Address likeness of a line naming only a place and its state: an address block of its own."""
_PLACE = re.compile(r"[A-Za-z][A-Za-z .'-]*,\s*")
"""A place name and the comma after it (``Santa Clara, ``)."""


@cache
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word matches of ``phrases``, each also glued as OCR may print it (``TAXINVOICE``)."""
    longest_first = sorted({g for p in phrases for g in (p, p.replace(" ", ""))}, key=len, reverse=True)
    alternatives = "|".join(re.escape(p.lower()) for p in longest_first) or r"(?!)"
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})s?(?![a-z0-9])")


def _has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``phrases`` as whole words (case-insensitive)."""
    return _phrase_pattern(phrases).search(f" {text.lower()} ") is not None


def _top_lines(page: Page) -> list[Line]:
    return page.near(page.lines[0].page, 0.0, _TOP) if page.lines else []


def is_party_name(spec: FieldSpec) -> bool:
    """A field naming the party that issued the document (merchant, company, store, issuer ...): by its own
    name, a plain ``name`` in an object about such a party (``merchant.name``, not ``bank.swift_code``), or a
    name that says nothing of it by the head of its description (``seller``: ``The business that ...``)."""
    name = set(words_of(spec.name))
    if name <= {"name"}:
        name |= set(words_of(" ".join(spec.context[:1])))
    head = set(described(spec)) if named_plainly(spec) else set()
    if not name & PARTY_WORDS:
        name |= head
    party = bool(name & PARTY_WORDS) and not (name | head) & ADDRESS_WORDS
    return party and role_of(spec) in (Role.NAME, Role.TEXT)


def party_name(page: Page, spec: FieldSpec) -> list[Candidate]:
    """Lines near the top that read like a business name: prominent, printed in capitals or title case,
    carrying a business word (``SDN BHD``, ``Inc``, ``Restaurant``) or a cue quoted in the description, not
    reading like an address, not on a row with an amount (an item of a short receipt), not a key and its
    figures (``Guests: 1``)."""
    top = _top_lines(page)
    if not top:
        return []
    big = max(ln.bbox.h for ln in top)
    cues = vocabulary("org_words") + description_cues(spec.description)[1]
    endings = tuple(_flat(e) for e in described_endings(spec.description) if _flat(e))
    out: list[Candidate] = []
    scores: dict[int, float] = {}
    for line in top:
        text = without_registration(clean_text(line.text))
        letters = [c for c in text if c.isalpha()]
        named = _STORE_NUMBER.sub("", text)
        if len(letters) < 3 or sum(c.isdigit() for c in named) > len(letters) / 2 or _priced(page, line):
            continue
        if _ENDS_PRICED.search(text):
            continue
        if named != text and set(words_of(named)) <= word_set("org_words"):
            continue
        if _KEYED_FIGURES.fullmatch(text):
            continue
        if _addressed(page, line) or values.country_code(text):
            continue
        score = 0.25 + 0.2 * (line.bbox.h / big) + 0.15 * (1.0 - line.bbox.y / _TOP)
        if _has_phrase(text, cues):
            score += 0.25
        if sum(c.islower() for c in letters) > 0.8 * len(letters) and not _title_case(text):
            score -= 0.2
        if (
            _has_phrase(text, vocabulary("not_address"))
            or values.find_phones(text)
            or values.find_dates(text)
        ):
            score -= 0.3
        if ":" in text or _has_phrase(text, vocabulary("not_party")):
            score -= 0.25
        score -= _ADDRESS_LIKE * address_likeness(text)
        score = min(score, 0.75)
        scores[id(line)] = score
        fragment = _open(text) or _tail(text, cues)
        out.append(_line_candidate(spec, (line,), score - (_FRAGMENT if fragment else 0.0)))
        above = page.above(line)
        if above is not None and _has_phrase(text, cues) and _name_part(above.text, cues) and above in top:
            whole = _ends_as_described(text, endings)
            out.append(_line_candidate(spec, (above, line), score + (-0.02 if whole else 0.02)))
    out.extend(_broken_names(page, top, scores, cues, spec))
    return [
        replace(c, score=c.score + _DESCRIBED_END) if _ends_as_described(str(c.value), endings) else c
        for c in out
    ]


def _flat(text: str) -> str:
    """Lower case without spaces and dots, so ``SDN. BHD.`` compares as ``SDN BHD``."""
    return re.sub(r"[\s.]", "", text.lower())


def _ends_as_described(text: str, endings: tuple[str, ...]) -> bool:
    """Whether ``text`` ends with one of the endings a description gives (``endings`` already ``_flat``)."""
    return _flat(text).endswith(endings)


_ENDS_PRICED = re.compile(r"\s\$?\d{1,5}[.,]\d{2}$")
"""A line ending in an amount with cents (``RegPrice 2.99``): an item or a summary, no name."""
_KEYED_FIGURES = re.compile(r"[^:\d]+:\s*[#\d][\d\s/.#-]*")
"""A key and the figures after it (``Store: 1``, ``Guests: 2``, ``Check: 6911``): no name."""
_STORE_NUMBER = re.compile(r"#\s*\d+\s*$")
"""A branch number after a name (``Pizza Hut #744007``); after a business word alone (``Store #1291``) it
makes no name."""


def _title_case(text: str) -> bool:
    """Whether every word of letters starts with a capital (``Jack's Seafood``): a name, not a sentence."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return bool(words) and all(w[0].isupper() for w in words)


def _addressed(page: Page, line: Line) -> bool:
    """Whether a line is under a short key naming the other party (``Bill To:``, ``Customer``): a name there
    is the customer's, not the issuer's."""
    above = page.above(line)
    return (
        above is not None and len(above.words) <= _KEY_WORDS and bool(set(words_of(above.text)) & _CUSTOMER)
    )


def _open(text: str) -> bool:
    """A name line that cannot end there: ``HOME MASTER HARDWARE &``, ``ENTERPRISE (SETIA``."""
    low = text.lower().rstrip()
    return low.endswith(("&", " and", " of", "-")) or low.count("(") > low.count(")")


def _tail(text: str, cues: tuple[str, ...]) -> bool:
    """A name line that continues the one above: it starts with a business word (``ENTERPRISE (SETIA``,
    ``SDN BHD``), ``&`` or closes a bracket it did not open (``ALAM) SDN BHD``)."""
    low = text.lower().lstrip()
    if low.startswith("&") or (")" in low and ("(" not in low or low.index(")") < low.index("("))):
        return True
    first = low.split()[0] if low.split() else ""
    phrased = any(low.startswith(f"{c} ") or low == c for c in cues if " " in c)
    return phrased or _opens_with_phrase(first, cues)


def _opens_with_phrase(word: str, phrases: tuple[str, ...]) -> bool:
    """Whether a word starts with one of ``phrases`` (``SDN``, ``ENTERPRISE (SETIA``; not the ``LLC`` closing
    ``G.W.P.LLC``)."""
    match = _phrase_pattern(phrases).search(f" {word} ")
    return match is not None and match.start() <= 1


def _broken_names(
    page: Page, top: list[Line], scores: dict[int, float], cues: tuple[str, ...], spec: FieldSpec
) -> list[Candidate]:
    """Business names printed over up to three lines: a line that cannot end there or a line that continues
    the one above joins its neighbour; the block scores as its best line."""
    out = []
    for line in top:
        if id(line) not in scores:
            continue
        block = [line]
        while len(block) < _MAX_NAME_LINES:
            below = page.below(block[-1].words, max_gap=1.0)
            if below is None or id(below) not in scores:
                break
            last = block[-1]
            joined = _open(last.text) or _tail(below.text, cues) or _set_in_lines(page, last, below, cues)
            other = sum(c.isdigit() for c in below.text) >= _NUMBERED or _has_phrase(
                below.text, vocabulary("not_party")
            )
            if not joined or ":" in below.text or other:
                break
            block.append(below)
        if len(block) > 1:
            best = max(scores[id(ln)] for ln in block)
            out.append(_line_candidate(spec, tuple(block), best + 0.03))
    return out


def _set_in_lines(page: Page, upper: Line, lower: Line, cues: tuple[str, ...]) -> bool:
    """Two lines of one name set large over each other (``BERGDORF`` / ``GOODMAN``): capitals without a
    business word, digit or greeting, of one height, larger than the text, centred alike."""
    a, b = upper.bbox, lower.bbox
    same = min(a.h, b.h) >= _SAME_TYPE * max(a.h, b.h)
    large = min(a.h, b.h) >= _LARGE_TYPE * page.median_height
    centred = abs(a.cx - b.cx) <= 0.25 * max(a.w, b.w)
    parts = all(_name_part(ln.text, cues) for ln in (upper, lower))
    return same and large and centred and parts


def _name_part(text: str, cues: tuple[str, ...]) -> bool:
    """The first line of a business name broken over two lines: capitals only, no business word, no digit,
    no boilerplate (``TAX INVOICE``)."""
    letters = [c for c in text if c.isalpha()]
    upper = len(letters) >= 3 and all(c.isupper() for c in letters)
    plain = not _has_phrase(text, cues) and not _has_phrase(text, vocabulary("not_party"))
    return upper and plain and not any(c.isdigit() for c in text)


def without_registration(text: str) -> str:
    """A business name without what follows its legal form when that holds a number, or without a bracketed
    company number at its end (a company registration number: ``ACME SDN BHD (123456-X)`` -> ``ACME SDN
    BHD``, ``KT WONG TRADING (001904043-H)`` -> ``KT WONG TRADING``)."""
    ends = [m.end() for m in _phrase_pattern(vocabulary("legal_forms")).finditer(f" {text.lower()} ")]
    if not ends:
        return _TRAILING_NUMBER.sub("", text) or text
    cut = ends[-1] - 1
    return clean_text(text[:cut]) if any(c.isdigit() for c in text[cut:]) else text


def _line_candidate(spec: FieldSpec, lines: tuple[Line, ...], score: float) -> Candidate:
    span = Span(tuple(w for ln in lines for w in ln.words))
    text = without_registration(clean_text(span.text))
    start = span.text.find(text)
    return Candidate(spec, text, span.pick(start, start + len(text)), score, "header-prior")


def state_header(page: Page, spec: FieldSpec) -> list[Candidate]:
    """A state named in big letters at the top (the issuer of an ID card)."""
    top = _top_lines(page)
    if not top or role_of(spec) is not Role.STATE:
        return []
    big = max(ln.bbox.h for ln in top)
    out = []
    for line in top:
        for value, pick, score, status in read_value(spec, Role.STATE, line.words):
            if len(pick.text) > 2:
                size = line.bbox.h / big
                out.append(
                    Candidate(spec, value, pick, 0.35 + 0.4 * size * score, "header-prior", (), status)
                )
    return out


_SURE_POSTAL = 0.85
"""Least score of a postal code that ends an address (``values.find_postal_codes``: a bare run of figures
scores below it)."""


@lru_cache(maxsize=16384)
def address_likeness(text: str) -> float:
    """0..1: how much a line reads like part of a postal address."""
    low = text.lower()
    tokens = [t.strip(",.;:") for t in low.replace(",", ", ").split()]
    if not tokens or _has_phrase(text, vocabulary("not_address") + vocabulary("sale_words")):
        return 0.0
    if values.find_phones(text) or values.find_card_endings(text):
        return 0.0
    bare = text.strip()
    if _has_phrase(text, vocabulary("legal_forms")) or parenthesized(bare):
        return 0.0
    if values.find_dates(text) or values.find_times(text) or _registration(tokens) or _keyed_line(text):
        return 0.0
    if _LONG_NUMBER.fullmatch(bare) or any(_COMPANY_NUMBER.fullmatch(t) for t in bare.split()):
        return 0.0
    street = (
        any(t in word_set("street_words") for t in tokens)
        or any(t in word_set("street_words") for t in low.replace(".", ". ").split())
        or any(_street_compound(t) for t in tokens)
    )
    if not street and _amount_like(text):
        return 0.0
    score = 0.0
    if street:
        score += 0.35
    if values.find_postal_codes(text):
        score += 0.35
    if values.find_us_states(text):
        score += 0.1
    numbered = tokens[0][:1].isdigit() or tokens[0].startswith("no") or bool(_UNIT.match(tokens[0]))
    if numbered or (street and _numbered_after(tokens)):
        score += 0.15
    if text.rstrip().endswith(",") or "," in text:
        score += 0.1
    if _city_state(text):
        score = max(score, _CITY_STATE)
    return min(score, 1.0)


def _city_state(text: str) -> bool:
    """A line naming only a place and its US state, spelled out or as its capital code after a capitalized
    place (``Everett, WA``, ``Gurnee, Illinois``)."""
    line = text.strip()
    place = _PLACE.match(line)
    rest = line[place.end() :].rstrip(".") if place else ""
    code = len(rest) == 2 and rest.isupper() and line[:1].isupper()
    return any(
        m.start == 0 and m.end == len(rest) and (m.score >= 0.9 or code) for m in values.find_us_states(rest)
    )


def _numbered_after(tokens: list[str]) -> bool:
    """Whether a house number follows a street word (``PIAZZA CADORNA N.23``, ``VIA ALEARDI 22``): the
    order of most of Europe."""
    streets = [
        i
        for i, t in enumerate(tokens)
        if (t in word_set("street_words") and not t.startswith("no")) or _street_compound(t)
    ]
    return bool(streets) and any(_HOUSE_NUMBER.fullmatch(t) for t in tokens[streets[0] + 1 :])


def _street_compound(token: str) -> bool:
    """A street name ending in a street word (``Hauptstrasse``, ``Kollnerhofgasse``, ``Kalverstraat``)."""
    return any(
        token.endswith(end) and len(token) >= len(end) + 3 and token[: -len(end)].isalpha()
        for end in vocabulary("street_suffixes")
    )


def _keyed_line(text: str) -> bool:
    """A ``Key: value`` line whose key starts with neither a street nor an address word (``Company No:
    SA0127959-D``, ``Site: 2395``); ``No: 28, JALAN ASTANA`` and ``Address: 12 Main St`` stay address
    lines."""
    key, colon, _ = text.partition(":")
    words = [t.strip(".#") for t in key.lower().split()]
    if not colon or not words or not all(w.isalpha() for w in words):
        return False
    return words[0] not in word_set("street_words") and words[0] not in ADDRESS_WORDS


_HOUSE_NUMBER = re.compile(r"(?:n[.°º]?)?\d{1,4}[a-z]?")
"""A house number (``22``, ``5a``, ``N.23``)."""
_UNIT = re.compile(r"#\d{1,3}-\d{1,4}")
"""A unit's floor and number (``#01-13``)."""
_LONG_NUMBER = re.compile(r"\d{8,}")
"""A number too long for a postal code or a house (a tax or account number on its own line)."""
_COMPANY_NUMBER = re.compile(r"\(\d{4,}-?[A-Za-z]\)")
"""A company registration number in brackets (``(519537-X)``): the business's name line, not its address."""
_TRAILING_NUMBER = re.compile(r"\s+\((?=.*\d{4})(?:[^()]|\([^()]*\))*\)\s*$")
"""A bracketed number at the end of a name line (``KT WONG TRADING (001904043-H)``, ``TONYMOLY VIVA CITY
(TONYMOLY SHOP (95874))``)."""


def _registration(tokens: list[str]) -> bool:
    """A line holding only a registration or account number such as ``(867388-U)``."""
    core = [t.strip("()[]") for t in tokens]
    return len(core) <= 2 and all(any(c.isdigit() for c in t) and "-" in t for t in core)


def _continues(line: Line) -> bool:
    """A short line of letters only (``JOHOR.``, ``SELANGOR DARUL EHSAN``) that ends an address."""
    words = line.text.split()
    low = line.text.lower()
    if any(stop in low for stop in ("invoice", "receipt", "tax", "tel", "fax")):
        return False
    return 0 < len(words) <= 4 and all(w.replace(".", "").strip(",").isalpha() for w in words)


def _ends_block(anchor: Line, line: Line) -> bool:
    """Whether ``line``, no address line itself, still ends the address above it (``_continues``): not a
    contact line, not a business name (``Esjay Fuel Enterprise``), and nothing after a country but a country
    (``..., Malaysia`` then ``SUNWAY VELOCITY``, a branch)."""
    if not _continues(line) or _has_phrase(line.text, vocabulary("not_address") + vocabulary("org_words")):
        return False
    return not _closed(anchor.text) or _closed(line.text)


def _closed(text: str) -> bool:
    """Whether an address line ends with a country."""
    core = text.rstrip(" .,;")
    return any(m.end == len(core) for m in values.find_countries(core))


def _last_line(text: str) -> bool:
    """Whether an address line ends as the last line of an address does: with a country, or with a postal
    code that reads as one beyond doubt (after a US state, ``OK 74137``, or of letters and figures,
    ``N1 6HG``), a country at most after it."""
    core = text.rstrip(" .,;")
    country = [m.start for m in values.find_countries(core) if m.end == len(core)]
    if country:
        core = core[: country[0]].rstrip(" .,;")
    return any(m.end == len(core) and m.score >= _SURE_POSTAL for m in values.find_postal_codes(core))


def _amount_like(text: str) -> bool:
    """Whether ``text`` holds an amount with cents or a currency, or a whole one with grouped thousands."""
    found = any(f.score >= 0.8 for f in find(Role.MONEY, text))
    return found or any(values.is_grouped_whole(t) for t in text.split())


def _priced(page: Page, line: Line) -> bool:
    """Whether another line of ``line``'s row reads as an amount (an item row, not an address)."""
    return any(other is not line and _amount_like(other.text) for other in page.row_of(line))


def _before_contact(line: Line) -> tuple[Word, ...]:
    """The words of an address line before a phone number or its label (``DURHAM, N.C. 27704 Tel (919)
    220-9638``), when they read like an address; else none."""
    contact = vocabulary("not_address")
    for k in range(1, len(line.words)):
        rest = " ".join(w.text for w in line.words[k:])
        if _has_phrase(line.words[k].text, contact) or any(m.start == 0 for m in values.find_phones(rest)):
            head = line.words[:k]
            while head and _misread_label(head[-1].text):
                head = head[:-1]
            text = " ".join(w.text for w in head)
            return head if address_likeness(text) >= _ADDRESS_START else ()
    return ()


def _closing_after_contact(page: Page, line: Line) -> Line | None:
    """The line under a contact line (a phone number, ``P212 966 7799``, or one its key opens) that closes
    an address beyond doubt (``NEW YORK NEW YORK 10012``, ``_last_line``): a street printed over the phone
    and the city under it are one address."""
    text = line.text
    phones = values.find_phones(text)
    if not (opens_contact(text) or any(m.end - m.start >= len(text.strip()) - 4 for m in phones)):
        return None
    nxt = page.below(line.words, max_gap=1.5)
    if nxt is None or _priced(page, nxt) or not _last_line(nxt.text):
        return None
    return nxt


def _misread_label(text: str) -> bool:
    """A short word of letters and digits or ending in a colon before a phone number (``Te1``, ``T:``)."""
    mixed = any(c.isalpha() for c in text) and any(c.isdigit() for c in text)
    return len(text) <= 4 and (mixed or text.endswith(":"))


def opens_contact(text: str) -> bool:
    """Whether a text starts with a contact or registration key (``GST No.``, ``Tel:``): no address."""
    words = text.split()
    return bool(words) and words[0].lower().rstrip(":.") in word_set("not_address")


def is_address_text(spec: FieldSpec) -> bool:
    """A free-text field for an address, by its name or, when its name does not say, its description's head
    (``shop_location``: ``Postal address of the shop``)."""
    name = set(words_of(spec.name))
    if named_plainly(spec):
        name |= set(described(spec))
    return role_of(spec) is Role.TEXT and bool(name & ADDRESS_WORDS)


def address_text(page: Page, spec: FieldSpec) -> list[Candidate]:
    """Blocks of consecutive lines that read as an address, for a free-text address field."""
    if not page.lines:
        return []
    first = page.lines[0].page
    lines = page.near(first, 0.0, 0.6)
    out = []
    for i, start in enumerate(lines):
        block = [start.words]
        lettered = any(c.isalpha() for c in start.text)
        likes = [address_likeness(start.text) if lettered and not _priced(page, start) else 0.0]
        if likes[0] < _ADDRESS_START:
            continue
        anchor = start
        for _ in range(_MAX_ADDRESS_LINES - 1):
            nxt = page.below(anchor.words, max_gap=1.5)
            if nxt is None or _priced(page, nxt):
                break
            if _last_line(anchor.text) and not _closed(nxt.text):
                break
            like = address_likeness(nxt.text)
            if like <= 0.0 and not _ends_block(anchor, nxt):
                head = _before_contact(nxt)
                if head:
                    block.append(head)
                    likes.append(address_likeness(" ".join(w.text for w in head)))
                elif (closing := _closing_after_contact(page, nxt)) is not None:
                    block.append(closing.words)
                    likes.append(address_likeness(closing.text))
                break
            block.append(nxt.words)
            likes.append(max(like, 0.3))
            anchor = nxt
        total = min(1.0, sum(likes) / max(1, len(likes)) + 0.15 * (len(block) - 1))
        if total < 0.45:
            continue
        words = tuple(w for part in block for w in part)
        span = Span(words)
        text = clean_text(span.text)
        start_at = span.text.find(text)
        score = 0.3 + 0.4 * total + (0.05 if i < 8 else 0.0)
        out.append(Candidate(spec, text, span.pick(start_at, start_at + len(text)), score, "address-text"))
    if out and _of_issuer(spec):
        out[0] = replace(out[0], score=out[0].score + _ISSUER_FIRST)
    return out


def for_customer(page: Page, cand: Candidate) -> bool:
    """Whether a labelled address is the customer's, for an issuer's address field: its label follows a
    customer's key on its row or starts the row under one (``BILL TO . WONG PEI HAR`` / ``ADDRESS : ...``)."""
    if not cand.label or not _of_issuer(cand.spec):
        return False
    line = page.line_of(cand.label[0])
    if line is None:
        return False
    rows = [row for row in page.rows() if row[0].page == line.page and line.row - 1 <= row[0].row <= line.row]
    before = [
        w.text
        for row in rows
        for ln in row
        for w in ln.words
        if (ln.row, w.bbox.x) < (line.row, cand.label[0].bbox.x)
    ]
    return bool(set(words_of(" ".join(before))) & _CUSTOMER)


def _of_issuer(spec: FieldSpec) -> bool:
    """Whether the schema ties an address to the party that issued the document (``store_addr``, "address
    of the issuing business"), not to its customer; a bare address (``addr``, no description) is the
    document's own, printed under its name."""
    if not spec.description and set(name_words(spec)) <= {"address"}:
        return True
    words = set(words_of(spec.name)) | set(words_of(spec.description))
    return bool(words & PARTY_WORDS) and not words & _CUSTOMER
