"""Mending the words a reader returns before the layout is built: the commonest OCR confusions, accents put on
capitals, full-width signs, words glued across a label, counts hyphened to item names, misread legal forms and
misread currency signs and codes.
Each part keeps its word's box (a split word is boxed by its share of the characters)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cache

from groundex.resources import data_json
from groundex.types import Word
from groundex.values import MONTH_ABBREVIATIONS, currency_code, find_dates, state_code

__all__ = [
    "fix_confusions",
    "mend",
    "split_counts",
    "split_glued",
    "split_marks",
    "with_business_words",
    "with_cents",
    "with_counts",
    "with_legal_forms",
    "with_meridiem",
    "with_months",
    "with_pound_signs",
    "with_states",
    "without_stray_accents",
]


def mend(words: Sequence[Word]) -> tuple[Word, ...]:
    """The words of one page, mended."""
    fixed = fix_confusions(without_stray_accents(words))
    glued = split_marks(split_glued(fixed))
    mended = with_business_words(with_legal_forms(with_states(with_cents(with_meridiem(with_months(glued))))))
    return tuple(with_counts(split_counts(with_currency_codes(with_pound_signs(mended)))))


_ZERO_IN_WORD = re.compile(r"(?<=[A-Za-z]{2})0(?![0-9])|(?<![0-9])0(?=[A-Za-z]{2})")
_ZERO_IN_KEY = re.compile(r"^(?=[A-Z0]{2,3}:$)[A-Z]*0[A-Z]*:$")
"""A short capital key with a zero for its O before a colon (``T0:``, ``N0:``)."""
_ONE_IN_WORD = re.compile(r"(?<=[A-Za-z][a-z])1+(?=[a-z]|$)")
"""Ones after a lowercase letter and before one or the word's end (``Ro11``, ``Gr1ld``): the letter l."""
_DOTTED_INITIALS = re.compile(r"^(?=(?:[A-Z1]\.){3,}$)(?=.*[A-Z].*[A-Z])")
"""Three capital initials or more, each with its period, two letters at least and a one among them for an I
(``D.1.Y.``; not an outline number such as ``1.A.``)."""
_T_MISREAD = re.compile(r"^(?:[I1](?=[a-z]{2,}[:.]?$)|l(?=[a-z]{4,}[:.]?$))")
"""A capital T read as an I, a one or (before four letters or more) an l at a word's head (``Iax``,
``lotal``): mended only where it makes a summary word."""
_UNIT_OZ = re.compile(r"^(\d+)0Z$")
_POUNDS_UNIT = re.compile(r"^1bs(?=[.,;)]?$)")
_O_IN_FIGURES = re.compile(r"^[(\[]?\d(?=(?:[^\d]*\d))[\d.,/-]*[Oo][\dOo.,/-]*[)\],.]?$")
"""Two figures or more with a letter O after the first (``29O,``, ``4750O``, ``843-O455``): the O is a zero.
A leading O (``O18)``) may be a misread sign or letter as well."""


def fix_confusions(words: Iterable[Word]) -> Iterator[Word]:
    """Undo the commonest OCR confusions: a zero inside a run of letters (``HARB0R``, ``0AKLAND``) or a short
    capital key (``T0:``) and in the ounce unit (``120Z`` for ``12OZ``), a one among lowercase letters
    (``Ro11``), among dotted capital initials (``D.1.Y.``) or for the l of the pound unit (``1bs.``), a letter
    O among figures (``4750O``), a T read as an I or a one at the head of a summary word (``Iax``), and the
    full-width forms of ASCII signs in Latin text (a full-width colon or parenthesis after ``Phone``)."""
    for w in words:
        text = w.text
        if "0" in text and sum(c.isalpha() for c in text) >= 1:
            text = _UNIT_OZ.sub(r"\1OZ", _ZERO_IN_WORD.sub("O", text))
            if _ZERO_IN_KEY.match(text):
                text = text.replace("0", "O")
        if "1" in text:
            text = _ONE_IN_WORD.sub(lambda m: "l" * len(m.group()), text)
            if _DOTTED_INITIALS.match(text):
                text = text.replace("1", "I")
            text = _POUNDS_UNIT.sub("lbs", text)
        if _O_IN_FIGURES.match(text):
            text = text.replace("O", "0").replace("o", "0")
        if _T_MISREAD.match(text) and f"t{text[1:]}".rstrip(":.") in _summary_words():
            text = f"T{text[1:]}"
        if any(_FULL_WIDTH <= ord(c) <= _FULL_WIDTH_END for c in text) and any(
            c.isascii() and c.isalnum() for c in text
        ):
            text = "".join(
                unicodedata.normalize("NFKC", c) if _FULL_WIDTH <= ord(c) <= _FULL_WIDTH_END else c
                for c in text
            )
        yield replace(w, text=text) if text != w.text else w


_FULL_WIDTH, _FULL_WIDTH_END = 0xFF01, 0xFF5E
"""The full-width forms of the ASCII signs, letters and digits."""


def _accented(c: str) -> bool:
    """A Latin letter with a diacritic (``Á``, ``ü``) or of a language's own alphabet (``ß``, ``ø``)."""
    return "\u00c0" <= c <= "\u024f" and c.isalpha() and c not in "\u00d7\u00f7"


def _bare(c: str) -> str:
    return unicodedata.normalize("NFD", c)[0] if _accented(c) and c.isupper() else c


def without_stray_accents(words: Sequence[Word]) -> list[Word]:
    """Drop the accents the reader puts on capitals (``ÁLAM``, ``RECÉIPT``, ``DÉPARTMENT``: ink of the line
    above read as an accent) on a page where no lower-case letter carries one; a page of a language
    that writes accents (``Käse``, ``Übermünsterstraße``) keeps them."""
    if any(_accented(c) and c.islower() for w in words for c in w.text):
        return list(words)
    out = []
    for w in words:
        text = "".join(map(_bare, w.text))
        out.append(replace(w, text=text) if text != w.text else w)
    return out


#: ``Date:11/03/18``: a label of two or more letters glued by its colon to the value after it (not a URL).
_LABEL_VALUE = re.compile(r"^(?=(?:[^:]*[A-Za-z]){2})[^:]*[A-Za-z#)\].]:(?=[^/:])")
#: ``1993DEPARTMENT:``: a value glued to the capitalized label that follows it.
_VALUE_LABEL = re.compile(r"(?<=\d)(?=[A-Z]{2}[A-Z'#&/.-]*:$)")
#: ``7.99T``, ``12.50SR``: an amount glued to the tax flag printed after it.
_AMOUNT_FLAG = re.compile(r"^[-$]?\d{1,6}[.,]\d{2}(?=[A-Z]{1,2}$)")
#: ``4/10/20151:22PM``: a date with a four-digit year glued to the time after it.
_DATE_TIME = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?=\d{1,2}:\d{2})")
#: ``Ju1/15/2017_12:25``: a date joined to the time after it by an underscore.
_UNDERSCORED_TIME = re.compile(r"^[^_\s]*\d_(?=\d{1,2}:\d{2}(?::\d{2})?(?:[AaPp][Mm])?$)")
#: ``X_FAIR``: a mark typed on the blank before an option's word.
_MARK_WORD = re.compile(r"^_*[Xx✓✔]_+(?=[^\W_]|[(*#])")
#: ``Telephone(415)``, ``TEL(03)5241``: a label glued to the area code in parentheses after it.
_AREA_CODE = re.compile(r"(?<=[A-Za-z])(?=\(\d{2,4}\))")
#: ``MARKETLakeland``: a capitalized label glued to the capitalized word after it.
_CAPS_WORD = re.compile(r"(?<=[A-Z]{3})(?=[A-Z][a-z]{2,}$)")
#: ``DATE3/23/91``: a label glued to the date after it.
_LABEL_DATE = re.compile(r"^[A-Za-z]{2,}(?=\d{1,2}([/.-])\d{1,2}\1(?:\d{2}|\d{4})$)")
#: ``TOTAL.......EUROS``: dot leaders between two words.
_LEADER = re.compile(r"(?<=\w)\.{3,}(?=\w)")


def _cuts(text: str) -> list[tuple[int, int]]:
    """Character spans of the words ``text`` is made of."""
    spans = [(0, len(text))]
    head = _LABEL_VALUE.match(text) or _AMOUNT_FLAG.match(text) or _DATE_TIME.match(text)
    head = head or _MARK_WORD.match(text) or _label_date(text)
    joined = _UNDERSCORED_TIME.match(text)
    if joined:
        spans = [(0, joined.end() - 1), (joined.end(), len(text))]
    elif head:
        spans = [(0, head.end()), (head.end(), len(text))]
    else:
        tail = _VALUE_LABEL.search(text) or _AREA_CODE.search(text) or _CAPS_WORD.search(text)
        if tail:
            spans = [(0, tail.start()), (tail.start(), len(text))]
    out: list[tuple[int, int]] = []
    for start, end in spans:
        at = start
        for leader in _LEADER.finditer(text, start, end):
            out.append((at, leader.start()))
            at = leader.end()
        out.append((at, end))
    return out


_GLUED_MARK = re.compile(r"^[X✓✔](?=[A-Z]{2,}[*:.]?$)")
_MARK_AFTER = re.compile(r"^[A-Za-z][a-z]{2,}(?=[X✓✔]$)")


def split_marks(glued: Iterable[Word]) -> list[Word]:
    """A tick glued to the option it marks (``XYES``, ``XNO``) split from it when the page prints that option
    as a word of its own elsewhere (``_YES``, ``NO*``): a form's choices, not a word that starts with X; a
    capital tick after a lower-case word (``DomesticX``, ``yesX``) always."""
    words = list(glued)
    printed = {re.sub(r"\W|_", "", w.text) for w in words}
    out: list[Word] = []
    for w in words:
        m = _GLUED_MARK.match(w.text)
        option = re.sub(r"\W|_", "", w.text[1:])
        after = _MARK_AFTER.match(w.text)
        if m and option in printed and currency_code(option) is None:
            out.extend(_parts(w, [(0, 1), (1, len(w.text))]))
        elif after:
            out.extend(_parts(w, [(0, after.end()), (after.end(), len(w.text))]))
        else:
            out.append(w)
    return out


def _label_date(text: str) -> re.Match[str] | None:
    """A label glued to a date that reads as one (``DATE3/23/91``; not an article code ``CC22-52-62``)."""
    m = _LABEL_DATE.match(text)
    return m if m and any(d.start == 0 for d in find_dates(text[m.end() :])) else None


def split_glued(words: Iterable[Word]) -> Iterator[Word]:
    """Split OCR words that run a label into its value (``Date:11/03/18``, ``DATE3/23/91``,
    ``MARKETLakeland``) or into an area code, a value into the label after it (``923-9208BEEPER NUMBER:``),
    an amount into its tax flag, a date into its time (glued, or joined by an underscore), a form's mark
    into the option after it or two words across dot leaders; each part is boxed by its share of the
    characters."""
    listed = list(words)
    for w, after in zip(listed, [*listed[1:], None], strict=True):
        cuts = _cuts(w.text)
        if len(cuts) == 1 and after is not None:
            cuts = _before_key(w, after)
        yield from (_parts(w, cuts) if len(cuts) > 1 else (w,))


#: ``923-9208BEEPER``: figures glued to a word of capitals.
_FIGURES_CAPS = re.compile(r"^(?=(?:\D*\d){4})[\d()/.,-]*\d(?=[A-Z]{3,}$)")
#: ``NUMBER:``: the last word of a label in capitals.
_CAPS_KEY = re.compile(r"^[A-Z][A-Z'#&/.-]*:$")


def _before_key(word: Word, after: Word) -> list[tuple[int, int]]:
    """The cut between a value of four or more figures and the capitals glued to it when they start a label
    that the next word of the line ends (``923-9208BEEPER NUMBER:``)."""
    m = _FIGURES_CAPS.match(word.text)
    a, b = word.bbox, after.bbox
    level = a.page == b.page and a.shared_height(b) > 0.5 * min(a.h, b.h)
    if m is None or not _CAPS_KEY.match(after.text) or not level or not 0 <= b.x - a.x1 < 2 * a.h:
        return [(0, len(word.text))]
    return [(0, m.end()), (m.end(), len(word.text))]


def _parts(word: Word, spans: Sequence[tuple[int, int]]) -> list[Word]:
    """The parts of ``word`` at the character ``spans``, each boxed by its share of the characters."""
    step = word.bbox.w / len(word.text)
    return [
        replace(
            word, text=word.text[a:b], bbox=replace(word.bbox, x=word.bbox.x + a * step, w=(b - a) * step)
        )
        for a, b in spans
    ]


#: ``2-Tenderloin``: a count glued by a hyphen to the item name after it.
_HYPHEN_COUNT = re.compile(r"([1-9]\d?)-(?=[A-Za-z][A-Za-z'&]{2,}$)")


def split_counts(words: Iterable[Word]) -> list[Word]:
    """Split counts glued by a hyphen to the item name after them (``2-Tenderloin``, ``1-Large``) on a page
    that prints two or more such words opening their lines (one alone is a name: ``7-ELEVEN``; inside a line
    the number is part of a name: ``16-Port``, ``1 2-ENTREE PLATE``); month names are dates (``5-May``)."""
    out = list(words)
    glued = [
        i
        for i, w in enumerate(out)
        if (m := _HYPHEN_COUNT.match(w.text))
        and not _is_month(w.text[m.end() :])
        and not (i > 0 and _inside_line(out[i - 1], w))
    ]
    if len(glued) < 2:
        return out
    for i in reversed(glued):
        hyphen = out[i].text.index("-")
        out[i : i + 1] = _parts(out[i], [(0, hyphen), (hyphen + 1, len(out[i].text))])
    return out


_CLOCK = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
_MERIDIEM_MISREAD = {"PH": "PM", "AH": "AM", "PN": "PM", "AN": "AM"}
"""The half of the day with its M read as an H or an N (``5:11 PH``)."""


_SECONDS_UNMARKED = re.compile(r"^(\d{1,2}:[0-5]\d)([0-5]\d)$")
"""A clock time whose second colon the reader lost (``02:5621``)."""
_DATE_CLOCK_UNMARKED = re.compile(r"^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})(1[0-2]|0?[1-9])([0-5]\d)([0-5]\d)$")
"""A date glued to a clock time of the half-day whose colons the reader lost (``3/1/201852249`` for
``3/1/2018 5:22:49``)."""
_MERIDIEMS = frozenset({"AM", "PM"})


def with_meridiem(words: Iterable[Word]) -> list[Word]:
    """``PH``/``AH`` right after a clock time on its line read as ``PM``/``AM`` (``3:33 PH``); the clock time
    before ``PM``/``AM`` gets back the colons the reader lost (``_clock_before``)."""
    out: list[Word] = []
    for word in words:
        fixed = _MERIDIEM_MISREAD.get(word.text, word.text)
        if out and fixed in _MERIDIEMS and _inside_line(out[-1], word):
            out[-1:] = _clock_before(out[-1])
            if _CLOCK.match(out[-1].text):
                word = replace(word, text=fixed)
        out.append(word)
    return out


def _clock_before(word: Word) -> list[Word]:
    """A word before ``PM``/``AM`` with the colons of its clock time put back: before its seconds
    (``02:5621`` is ``02:56:21``), or all of them where it is glued to a date (``3/1/201852249`` is
    ``3/1/2018`` and ``5:22:49``)."""
    unmarked = _SECONDS_UNMARKED.match(word.text)
    if unmarked:
        return [replace(word, text=f"{unmarked[1]}:{unmarked[2]}")]
    glued = _DATE_CLOCK_UNMARKED.match(word.text)
    if glued:
        date, clock = _parts(word, [(0, glued.end(1)), (glued.end(1), len(word.text))])
        return [date, replace(clock, text=f"{glued[2]}:{glued[3]}:{glued[4]}")]
    return [word]


_SPLIT_CENTS = re.compile(r"^([$€£]?\d{1,4})[:-](\d{2})$")


@cache
def _summary_words() -> frozenset[str]:
    return frozenset(str(w) for w in data_json("synonyms.json")["summary_words"])


def with_cents(words: Iterable[Word]) -> list[Word]:
    """An amount whose decimal point the reader took for a colon or a hyphen (``2:44``, ``28-90``) right after
    a summary label on its line (``TAX``, ``Amount:``, ``Total``): a clock time is never printed there."""
    out = list(words)
    for i in range(1, len(out)):
        m = _SPLIT_CENTS.match(out[i].text)
        label = out[i - 1].text.lower().strip(":.")
        if m and label in _summary_words() and _inside_line(out[i - 1], out[i]):
            out[i] = replace(out[i], text=f"{m[1]}.{m[2]}")
    return out


@cache
def _business_words() -> frozenset[str]:
    """The one-word business words of ``data/synonyms.json`` of five letters or more (``trading``)."""
    return frozenset(
        str(w) for w in data_json("synonyms.json")["org_words"] if str(w).isalpha() and len(str(w)) >= 5
    )


def with_business_words(words: Sequence[Word]) -> list[Word]:
    """A business word the reader broke off a letter or two (``T RADING``, ``Hardwa e``): the two words of a
    line that spell it together are one."""
    out = list(words)
    for i in range(len(out) - 1, 0, -1):
        w, before = out[i], out[i - 1]
        if min(len(w.text), len(before.text)) > 2 or not _inside_line(before, w):
            continue
        joined = before.text + w.text
        if joined.isalpha() and joined.lower() in _business_words():
            out[i - 1 : i + 1] = [replace(before, text=joined, bbox=before.bbox.union(w.bbox))]
    return out


_COMPACT_DATE = re.compile(r"^\d{1,2}(?P<mon>[A-Za-z0-9]{3})['\u00b4\u2019]\d{2}$")
_MONTH_FIRST = re.compile(r"^(?P<mon>[A-Za-z0-9]{3})[/.-]\d{1,2}[/.-]\d{2,4}(?!\d)")
_LETTER_FOR = {"0": "od", "1": "li", "5": "s", "8": "b"}
"""The letters a figure in a month's name may stand for."""
_YEAR_COLON = re.compile(r"^(?P<mon>[A-Za-z]{3})\d{1,2}(?P<mark>:)\d{2}$")
"""``JAN09:03``: a month's name, its day and a two-digit year whose apostrophe was read as a colon."""


def with_months(words: Iterable[Word]) -> list[Word]:
    """A date whose month name the reader misread by one character (``270ec'16``, ``20Har'17``,
    ``Ju1/15/2017`` for ``27Dec'16``, ``20Mar'17``, ``Jul/15/2017``): the one month abbreviation it reads as,
    in the case the word prints. A figure must stand for the month's letter (``1`` for ``l``); a wrong letter
    may be any. The apostrophe before a year, read as a colon after a month's name and day, is mended
    (``JAN09:03`` for ``JAN09'03``)."""
    out = []
    for w in words:
        year = _YEAR_COLON.match(w.text)
        if year and year["mon"].lower() in MONTH_ABBREVIATIONS:
            w = replace(w, text=f"{w.text[: year.start('mark')]}'{w.text[year.end('mark') :]}")
        m = _COMPACT_DATE.match(w.text) or _MONTH_FIRST.match(w.text)
        month = _misread_month(m["mon"]) if m else None
        if m and month:
            shown = month.upper() if m["mon"][1:].isupper() else month.title()
            w = replace(w, text=f"{w.text[: m.start('mon')]}{shown}{w.text[m.end('mon') :]}")
        out.append(w)
    return out


def _misread_month(token: str) -> str | None:
    """The one month abbreviation a three-character token misses by a character, else None."""
    low = token.lower()
    if low in MONTH_ABBREVIATIONS or sum(c.isalpha() for c in low) < 2:
        return None
    if any(c.isdigit() for c in low):
        near = [
            name
            for name in MONTH_ABBREVIATIONS
            if all(a == b or a in _LETTER_FOR.get(b, "") for a, b in zip(name, low, strict=True))
        ]
    else:
        near = [
            name for name in MONTH_ABBREVIATIONS if sum(a != b for a, b in zip(name, low, strict=True)) == 1
        ]
    return near[0] if len(near) == 1 else None


_E_FOR_POUND = re.compile(r"^E(?=\d{1,5}[.,]\d{2}$)")
_POUND_AMOUNT = re.compile(r"^£\d{1,5}[.,]\d{2}$")


def with_pound_signs(words: Sequence[Word]) -> list[Word]:
    """An amount whose pound sign the reader took for an ``E`` (``E5.99``) on a page that prints the sign
    before other amounts (``£5.99``, ``£20.00``)."""
    if not any(_POUND_AMOUNT.match(w.text) for w in words):
        return list(words)
    return [replace(w, text=f"£{w.text[1:]}") if _E_FOR_POUND.match(w.text) else w for w in words]


_CODED_AMOUNT = re.compile(r"^(?P<code>[A-Z]{2,3})(?P<amount>\d{1,6}[.,]\d{2})$")
_CODE_PRINTS = 2
"""How often a page prints a currency's code before its amounts for a code one letter off to read as it."""


def with_currency_codes(words: Sequence[Word]) -> list[Word]:
    """An amount whose currency code the reader misread by one letter (``PM1.00``) on a page that prints the
    code before other amounts (``RM1.00`` twice)."""
    matches = [_CODED_AMOUNT.match(w.text) for w in words]
    printed = Counter(m["code"] for m in matches if m and currency_code(m["code"]))
    if not printed:
        return list(words)
    code, n = printed.most_common(1)[0]
    if n < _CODE_PRINTS:
        return list(words)
    out = []
    for w, m in zip(words, matches, strict=True):
        if (
            m
            and m["code"] != code
            and not currency_code(m["code"])
            and _one_off(m["code"].lower(), code.lower())
        ):
            w = replace(w, text=f"{code}{m['amount']}")
        out.append(w)
    return out


_STATE_MISREAD = re.compile(r"^(?:[A-Z][1|]|[1|][A-Z]),?$")
_ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")


def with_states(words: Iterable[Word]) -> list[Word]:
    """A US state code the reader printed with a one for its I or L right before a ZIP code on its line
    (``F1 32837``, ``W1 53706``), when only one of the two letters makes a state (``1A`` may be ``IA`` or
    ``LA`` and stays)."""
    out = list(words)
    for i in range(len(out) - 1):
        text = out[i].text
        if not _STATE_MISREAD.match(text) or not _ZIP.match(out[i + 1].text):
            continue
        if not _inside_line(out[i], out[i + 1]):
            continue
        spelled = (text.replace("1", x).replace("|", x).rstrip(",") for x in "IL")
        codes = {code for code in spelled if state_code(code) == code}
        if len(codes) == 1:
            out[i] = replace(out[i], text=codes.pop() + ("," if text.endswith(",") else ""))
    return out


_COUNT = re.compile(r"^[1-9]\d?$")
_ONE_LOOKALIKES = frozenset({"I", "l", "|"})
_COUNT_COLUMN = 0.02
"""Left edges within this share of the page width are one column."""


def with_counts(words: Sequence[Word]) -> list[Word]:
    """A letter the reader put for a count of one (``I pulao rice``, ``| GROCERY``) opening a line in the
    column where two or more other lines open with a count before their text (``1 plain naan``), and a count
    glued to the name there (``1NOTHING``) split from it."""
    out = list(words)
    openers = [
        i
        for i in range(len(out) - 1)
        if (i == 0 or not _inside_line(out[i - 1], out[i]))
        and _inside_line(out[i], out[i + 1])
        and sum(c.isalpha() for c in out[i + 1].text) >= 2
    ]
    counted = [out[i].bbox.x for i in openers if _COUNT.match(out[i].text)]
    glued = [i for i in range(len(out)) if (i == 0 or not _inside_line(out[i - 1], out[i]))]
    for i in reversed(sorted(set(openers) | set(glued))):
        aligned = sum(abs(x - out[i].bbox.x) < _COUNT_COLUMN for x in counted)
        if aligned < 2:
            continue
        if out[i].text in _ONE_LOOKALIKES and i in openers:
            out[i] = replace(out[i], text="1")
        elif m := _GLUED_COUNT.match(out[i].text):
            out[i : i + 1] = _parts(out[i], [(0, m.end()), (m.end(), len(out[i].text))])
    return out


_GLUED_COUNT = re.compile(r"^[1-9]\d?(?=[A-Z][A-Za-z]{2,}$)")
"""A count glued to the item name after it (``1NOTHING``, ``2SundaeChoc``)."""


def _inside_line(before: Word, word: Word) -> bool:
    """Whether ``word`` follows ``before`` on its line (``Network Switch 16-Port``, ``1 2-ENTREE PLATE``: the
    hyphened number is part of a name, not a count opening an item; ``FRESH MART SON BHD``: a legal form after
    a name). The two share a line when their middles lie within half the taller one's height."""
    level = abs(before.bbox.cy - word.bbox.cy) < max(word.bbox.h, before.bbox.h) / 2
    return level and before.bbox.x < word.bbox.x


def _is_month(text: str) -> bool:
    return bool(find_dates(f"1 {text} 2020"))


@cache
def _legal_forms() -> tuple[dict[str, str], frozenset[str]]:
    """The two-word legal forms of ``data/synonyms.json`` (second word -> first: ``bhd`` -> ``sdn``) and its
    one-word forms with a slash or dots (``s/b``, ``s.a.``)."""
    forms = [str(f) for f in data_json("synonyms.json")["legal_forms"]]
    pairs = {f.split()[1]: f.split()[0] for f in forms if len(f.split()) == 2 and f.split()[0].isalpha()}
    marked = frozenset(f for f in forms if " " not in f and any(c in f for c in "/."))
    return pairs, marked


_AS_LETTER = str.maketrans("5018", "soib")
"""Digits the reader puts for letters."""


def _one_off(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _one_letter_more(token: str, pairs: dict[str, str]) -> str | None:
    """The second word of a legal form that ``token`` spells with one letter more (``BHAD`` for ``BHD``)."""
    if not token.isalpha():
        return None
    return next(
        (
            k
            for k in pairs
            if len(token) == len(k) + 1 and any(token[:j] + token[j + 1 :] == k for j in range(len(token)))
        ),
        None,
    )


def _in_case(text: str, like: str) -> str:
    return text.upper() if like.isupper() else text


def with_legal_forms(words: Iterable[Word]) -> list[Word]:
    """Legal forms the reader misspelled after a name: a letter off before the form's second word (``SON BHD``
    for ``SDN BHD``), a letter more in the second word too (``SIN BHAD``), a comma for the first word's period
    (``Sdn, Bhd.``), glued to the name (``IMPRESSIONSDN BHD``), or with a digit for a letter (``5/B`` for
    ``S/B``)."""
    pairs, marked = _legal_forms()
    out = list(words)
    for i in range(len(out) - 1, 0, -1):
        w, before = out[i], out[i - 1]
        if not _inside_line(before, w) or not any(c.isalpha() for c in before.text):
            continue
        low = w.text.lower()
        first = pairs.get(low.rstrip("."))
        longer = None if first is not None else _one_letter_more(low, pairs)
        if longer is not None and (
            before.text.lower() == pairs[longer] or _one_off(before.text.lower(), pairs[longer])
        ):
            out[i - 1] = replace(before, text=_in_case(pairs[longer], before.text))
            out[i] = replace(w, text=_in_case(longer, w.text))
        elif (
            first is not None
            and before.text[:-1].lower() == first
            and before.text[-1:] == ","
            and low[-1:] == "."
        ):
            out[i - 1] = replace(before, text=f"{before.text[:-1]}.")
        elif first is not None and before.text.isalpha() and before.text.lower() != first:
            prev = before.text.lower()
            if _one_off(prev, first):
                out[i - 1] = replace(before, text=_in_case(first, before.text))
            elif prev.endswith(first) and len(prev) > len(first) + 2 and before.text.isupper():
                cut = len(before.text) - len(first)
                out[i - 1 : i] = _parts(before, [(0, cut), (cut, len(before.text))])
        elif (
            any(c.isdigit() for c in low)
            and any(c.isalpha() for c in low)
            and low.translate(_AS_LETTER) in marked
        ):
            out[i] = replace(w, text=_in_case(low.translate(_AS_LETTER), w.text))
    return out
