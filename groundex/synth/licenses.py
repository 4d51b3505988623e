"""Synthetic US driver licenses in several layouts, with exact truth boxes."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PIL import Image

from groundex.synth.canvas import (
    RGB,
    Canvas,
    Font,
    font,
    gradient,
    guilloche,
    jpeg,
    photograph,
    png,
    silhouette,
)
from groundex.synth.truth import PixBox, SynthDoc, TruthBuilder, union

LICENSE_LAYOUTS = ("aamva-numbered", "classic", "labels-above", "colon")
LICENSE_VARIANTS = ("clean", "photo", "lowres")
CARD = (1000, 630)
INK: RGB = (16, 16, 22)
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@dataclass(frozen=True)
class State:
    code: str
    name: str
    street: str
    city: str
    zip_code: str
    number: str  # pattern: A letter, 9 digit, X letter-or-digit, else literal
    license_class: str
    colours: tuple[RGB, RGB]
    accent: RGB


@dataclass(frozen=True)
class Person:
    first: str
    middle: str
    last: str
    sex: str
    feet: int
    inches: int
    pounds: int
    eyes: str
    hair: str


STATES = (
    State("CA", "CALIFORNIA", "2570 24TH STREET", "SACRAMENTO", "95818", "A9999999", "C",
          ((238, 226, 196), (196, 220, 236)), (20, 42, 112)),
    State("TX", "TEXAS", "1400 CONGRESS AVE", "AUSTIN", "78701", "99999999", "C",
          ((236, 214, 200), (214, 226, 240)), (24, 40, 96)),
    State("NY", "NEW YORK", "89 STATE ST", "ALBANY", "12207", "999999999", "D",
          ((222, 232, 246), (246, 240, 222)), (16, 44, 104)),
    State("FL", "FLORIDA", "1020 OCEAN DR", "MIAMI BEACH", "33139", "A999999999999", "E",
          ((210, 236, 226), (246, 228, 206)), (12, 78, 70)),
    State("WA", "WASHINGTON", "415 PINE ST", "SEATTLE", "98101", "WDLXXXXXXXXX", "C",
          ((214, 232, 214), (226, 226, 242)), (22, 76, 40)),
    State("IL", "ILLINOIS", "600 N LAKE SHORE DR", "CHICAGO", "60611", "A99999999999", "D",
          ((232, 222, 240), (212, 232, 240)), (70, 26, 96)),
    State("AZ", "ARIZONA", "310 W ROOSEVELT ST", "PHOENIX", "85003", "A99999999", "D",
          ((246, 222, 200), (236, 214, 214)), (112, 40, 20)),
    State("CO", "COLORADO", "1550 LARIMER ST", "DENVER", "80202", "999999999", "C",
          ((220, 230, 240), (234, 240, 220)), (20, 60, 100)),
)  # fmt: skip

PEOPLE = (
    Person("JOHN", "MICHAEL", "DOE", "M", 5, 9, 180, "BRN", "BLK"),
    Person("JANE", "ANN", "DOE", "F", 5, 5, 125, "BLU", "BRN"),
    Person("MARIA", "ELENA", "GARCIA", "F", 5, 3, 138, "BRN", "BLK"),
    Person("ROBERT", "JAMES", "SMITH", "M", 6, 1, 200, "GRN", "BRO"),
    Person("LINDA", "KAY", "JOHNSON", "F", 5, 7, 142, "HAZ", "BLN"),
    Person("DAVID", "LEE", "NGUYEN", "M", 5, 8, 165, "BRN", "BLK"),
    Person("EMILY", "ROSE", "CARTER", "F", 5, 6, 130, "GRN", "RED"),
    Person("CARLOS", "ANDRES", "RIVERA", "M", 5, 11, 190, "BRN", "BRO"),
    Person("SAMUEL", "", "PARKER", "M", 6, 2, 210, "BLU", "GRY"),
    Person("AMY", "LYNN", "CHEN", "F", 5, 2, 118, "BRN", "BLK"),
)


@dataclass(frozen=True)
class License:
    state: State
    person: Person
    number: str
    dob: date
    issued: date
    expires: date
    donor: bool
    veteran: bool
    extra: str  # a decorative document discriminator


Boxes = defaultdict[str, list[PixBox]]


def _number(pattern: str, rng: random.Random) -> str:
    letters, alnum = "ABCDEFGHJKLMNPRSTUVWXY", "ABCDEFGHJKLMNPRTUVWXY23456789"
    pick = {"A": letters, "9": "0123456789", "X": alnum}
    return "".join(rng.choice(pick[c]) if c in pick else c for c in pattern)


def _license(layout: str, seed: int) -> License:
    li = LICENSE_LAYOUTS.index(layout)
    rng = random.Random(f"license:{layout}:{seed}")
    state = STATES[(seed * 3 + li) % len(STATES)]
    person = PEOPLE[(seed * 7 + li) % len(PEOPLE)]
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    issued = date(rng.randint(2017, 2023), month, day)
    return License(
        state=state,
        person=person,
        number=_number(state.number, rng),
        dob=date(rng.randint(1952, 2003), month, day),
        issued=issued,
        expires=date(issued.year + rng.choice((4, 5, 6, 8)), month, day),
        donor=rng.random() < 0.5,
        veteran=rng.random() < 0.35,
        extra=_number("9999A9XX9XX", rng),
    )


def _put(boxes: Boxes, found: dict[str, PixBox]) -> dict[str, PixBox]:
    for tag, box in found.items():
        boxes[tag].append(box)
    return found


def _card(lic: License, rng: random.Random) -> Canvas:
    left, right = lic.state.colours
    c = Canvas(gradient(CARD, left, right, rng))
    tint = tuple(max(0, v - 26) for v in right)
    guilloche(c, rng, (tint[0], tint[1], tint[2]), (0, 110, CARD[0], CARD[1]))
    return c


def _star(c: Canvas, cx: float, cy: float, r: float, fill: RGB) -> None:
    pts = [
        (cx + (r if k % 2 == 0 else r * 0.42) * math.sin(k * math.pi / 5),
         cy - (r if k % 2 == 0 else r * 0.42) * math.cos(k * math.pi / 5))
        for k in range(10)
    ]  # fmt: skip
    c.draw.polygon(pts, fill=fill)


def _city_runs(lic: License, f: Font, fill: RGB = INK) -> list[tuple[str, str | None, Font, RGB]]:
    s = lic.state
    return [(s.city, "city", f, fill), (", ", None, f, fill), (s.code, "st", f, fill),
            (" ", None, f, fill), (s.zip_code, "zip", f, fill)]  # fmt: skip


def _given(lic: License, f: Font, fill: RGB = INK) -> list[tuple[str, str | None, Font, RGB]]:
    p = lic.person
    runs: list[tuple[str, str | None, Font, RGB]] = [(p.first, "first", f, fill)]
    if p.middle:
        runs += [(" ", None, f, fill), (p.middle, "middle", f, fill)]
    return runs


def _signature(c: Canvas, lic: License, x: int, y: int) -> None:
    p = lic.person
    c.text(x, y, f"{p.first.title()} {p.last.title()}", font("DejaVuSerif-Italic", 30), (30, 40, 90))


def _aamva(c: Canvas, lic: License, b: Boxes) -> None:
    s, p = lic.state, lic.person
    red, lab, val = (150, 22, 32), font("DejaVuSans", 19), font("DejaVuSans-Bold", 28)
    big = font("DejaVuSans-Bold", 34)
    b["state"].append(c.text(36, 80, s.name, font("DejaVuSerif-BoldItalic", 60), s.accent))
    c.text(964, 62, "DRIVER LICENSE", font("DejaVuSans-Bold", 30), red, align="r")
    c.text(964, 100, "USA", font("DejaVuSans-Bold", 22), s.accent, align="r")
    silhouette(c, (36, 130, 276, 430))
    _signature(c, lic, 40, 490)
    date_ = _fmt_us
    _put(b, c.row(300, 165, [("4d DLN ", None, lab, red), (lic.number, "number", big, INK)]))
    _put(b, c.row(690, 165, [("4b EXP ", None, lab, red), (date_(lic.expires), "exp", val, INK)]))
    _put(b, c.row(300, 210, [("1 ", None, lab, red), (p.last, "last", val, INK)]))
    given = _put(b, c.row(300, 252, [("2 ", None, lab, red), *_given(lic, val)]))
    b["full"] += [union(*(given[k] for k in ("first", "middle") if k in given)), b["last"][-1]]
    _put(b, c.row(300, 296, [("8 ", None, lab, red), (s.street, "street", val, INK)]))
    _put(b, c.row(300 + c.width_of("8 ", lab), 334, _city_runs(lic, val)))
    _put(b, c.row(300, 384, [("3 DOB ", None, lab, red), (date_(lic.dob), "dob", val, red)]))
    _put(b, c.row(690, 384, [("4a ISS ", None, lab, red), (date_(lic.issued), "iss", val, INK)]))
    _put(b, c.row(300, 430, [("9 CLASS ", None, lab, red), (s.license_class, "class", val, INK)]))
    _put(b, c.row(490, 430, [("15 SEX ", None, lab, red), (p.sex, "sex", val, INK)]))
    _put(b, c.row(690, 430, [("16 HGT ", None, lab, red), (f"{p.feet}'-{p.inches:02d}\"", "hgt", val, INK)]))
    _put(b, c.row(300, 476, [("17 WGT ", None, lab, red), (f"{p.pounds} lb", "wgt", val, INK)]))
    _put(b, c.row(490, 476, [("18 EYES ", None, lab, red), (p.eyes, "eyes", val, INK)]))
    _put(b, c.row(690, 476, [("19 HAIR ", None, lab, red), (p.hair, "hair", val, INK)]))
    c.text(300, 560, f"DD {lic.extra}", font("DejaVuSans", 18), (60, 60, 70))
    marks = font("DejaVuSans-Bold", 24)
    if lic.donor:
        b["donor"].append(c.text(690, 530, "DONOR", marks, red))
    if lic.veteran:
        b["veteran"].append(c.text(690, 575, "VETERAN", marks, s.accent))
    _star(c, 930, 560, 34, (200, 160, 40))


def _classic(c: Canvas, lic: License, b: Boxes) -> None:
    s, p = lic.state, lic.person
    blue, lab = s.accent, font("DejaVuSansCondensed", 21)
    val, big = font("DejaVuSansCondensed-Bold", 29), font("DejaVuSansCondensed-Bold", 34)
    head = font("DejaVuSans-Bold", 54)
    b["state"].append(c.text(36, 76, s.name, head, blue))
    c.text(
        36 + c.width_of(s.name + "  ", head), 74, "DRIVER LICENSE", font("DejaVuSans-Bold", 26), (160, 30, 30)
    )
    c.text(964, 40, "USA", font("DejaVuSans-Bold", 20), blue, align="r")
    silhouette(c, (36, 120, 266, 410))
    _signature(c, lic, 40, 462)
    fmt = _fmt_dash
    _put(b, c.row(300, 165, [("DL ", None, lab, blue), (lic.number, "number", big, INK)]))
    _put(b, c.row(680, 165, [("CLASS ", None, lab, blue), (s.license_class, "class", val, INK)]))
    _put(b, c.row(300, 210, [("EXP ", None, lab, blue), (fmt(lic.expires), "exp", val, (170, 20, 20))]))
    _put(b, c.row(680, 210, [("ISS ", None, lab, blue), (fmt(lic.issued), "iss", val, INK)]))
    _put(b, c.row(300, 258, [("LN ", None, lab, blue), (p.last, "last", val, INK)]))
    given = _put(b, c.row(300, 300, [("FN ", None, lab, blue), *_given(lic, val)]))
    b["full"] += [union(*(given[k] for k in ("first", "middle") if k in given)), b["last"][-1]]
    _put(b, c.row(300, 342, [(s.street, "street", val, INK)]))
    _put(b, c.row(300, 378, _city_runs(lic, val)))
    _put(b, c.row(300, 428, [("DOB ", None, lab, blue), (fmt(lic.dob), "dob", val, INK)]))
    _put(b, c.row(680, 428, [("SEX ", None, lab, blue), (p.sex, "sex", val, INK)]))
    _put(b, c.row(300, 472, [("HGT ", None, lab, blue), (f"{p.feet}'-{p.inches:02d}\"", "hgt", val, INK)]))
    _put(b, c.row(680, 472, [("WGT ", None, lab, blue), (f"{p.pounds} lb", "wgt", val, INK)]))
    _put(b, c.row(300, 516, [("EYES ", None, lab, blue), (p.eyes, "eyes", val, INK)]))
    _put(b, c.row(680, 516, [("HAIR ", None, lab, blue), (p.hair, "hair", val, INK)]))
    c.text(300, 590, "NOT FOR FEDERAL PURPOSES", font("DejaVuSans", 17), (70, 70, 80))
    marks = font("DejaVuSansCondensed-Bold", 24)
    if lic.donor:
        b["donor"].append(c.text(36, 540, "DONOR", marks, (160, 30, 30)))
    if lic.veteran:
        b["veteran"].append(c.text(150, 540, "VETERAN", marks, blue))


def _labels_above(c: Canvas, lic: License, b: Boxes) -> None:
    s, p = lic.state, lic.person
    lab, val = font("DejaVuSans-Bold", 17), font("DejaVuSans-Bold", 27)
    grey = (64, 72, 104)
    b["state"].append(c.text(500, 66, s.name, font("DejaVuSerif-Bold", 50), s.accent, align="m"))
    c.text(500, 100, "D R I V E R   L I C E N S E", font("DejaVuSans", 21), (40, 40, 60), align="m")
    c.text(36, 40, "USA", font("DejaVuSans-Bold", 22), s.accent)
    silhouette(c, (724, 130, 964, 430))
    c.text(844, 462, "SAMPLE", font("DejaVuSans-Bold", 22), (150, 40, 40), align="m")
    fmt = _fmt_dmy

    def field(x: int, y: int, label: str, runs: list[tuple[str, str | None, Font, RGB]]) -> dict[str, PixBox]:
        c.text(x, y, label, lab, grey)
        return _put(b, c.row(x, y + 33, runs))

    field(36, 150, "LICENSE NO.", [(lic.number, "number", val, INK)])
    field(300, 150, "CLASS", [(s.license_class, "class", val, INK)])
    field(430, 150, "EXPIRES", [(fmt(lic.expires), "exp", val, (160, 20, 20))])
    name = field(36, 222, "NAME", [(p.last, "last", val, INK), (", ", None, val, INK), *_given(lic, val)])
    b["full"].append(union(*name.values()))
    field(36, 294, "ADDRESS", [(s.street, "street", val, INK)])
    _put(b, c.row(36, 361, _city_runs(lic, val)))
    field(36, 408, "DATE OF BIRTH", [(fmt(lic.dob), "dob", val, INK)])
    field(280, 408, "ISSUED", [(fmt(lic.issued), "iss", val, INK)])
    field(520, 408, "SEX", [(p.sex, "sex", val, INK)])
    field(36, 480, "HEIGHT", [(f"{p.feet}-{p.inches:02d}", "hgt", val, INK)])
    field(190, 480, "WEIGHT", [(f"{p.pounds} LBS", "wgt", val, INK)])
    field(370, 480, "EYES", [(p.eyes, "eyes", val, INK)])
    field(520, 480, "HAIR", [(p.hair, "hair", val, INK)])
    marks = font("DejaVuSans-Bold", 24)
    if lic.donor:
        b["donor"].append(c.text(36, 592, "DONOR", marks, (150, 20, 40)))
    if lic.veteran:
        b["veteran"].append(c.text(200, 592, "VETERAN", marks, s.accent))


def _colon(c: Canvas, lic: License, b: Boxes) -> None:
    s, p = lic.state, lic.person
    lab, val = font("DejaVuSans", 22), font("DejaVuSans-Bold", 26)
    grey = (70, 70, 76)
    b["state"].append(c.text(300, 72, s.name, font("DejaVuSansCondensed-Bold", 50), s.accent))
    c.text(964, 70, "DRIVER LICENSE", font("DejaVuSansCondensed", 28), (40, 40, 60), align="r")
    silhouette(c, (36, 110, 266, 400))
    c.text(151, 450, "USA", font("DejaVuSans-Bold", 26), s.accent, align="m")
    faint = s.colours[0]
    c.text(40, 600, "SAMPLE", font("DejaVuSans-Bold", 64), (faint[0] - 16, faint[1] - 16, faint[2] - 16))
    fmt = _fmt_iso if lic.dob.day % 2 else _fmt_words

    def field(
        x: float, y: int, label: str, runs: list[tuple[str, str | None, Font, RGB]]
    ) -> dict[str, PixBox]:
        return _put(b, c.row(x, y, [(label + " ", None, lab, grey), *runs]))

    field(300, 140, "License No:", [(lic.number, "number", val, INK)])
    name = field(300, 184, "Name:", [*_given(lic, val), (" ", None, val, INK), (p.last, "last", val, INK)])
    b["full"].append(union(*(name[k] for k in ("first", "middle", "last") if k in name)))
    city = _city_runs(lic, val)
    one = [(s.street, "street", val, INK), (", ", None, val, INK), *city]
    y = 228
    if 300 + c.width_of("Address: ", lab) + sum(c.width_of(t, f) for t, _, f, _ in one) < 966:
        field(300, y, "Address:", one)
    else:
        field(300, y, "Address:", [(s.street, "street", val, INK)])
        y += 38
        _put(b, c.row(300 + c.width_of("Address: ", lab), y, city))
    y += 46
    field(300, y, "Date of Birth:", [(fmt(lic.dob), "dob", val, INK)])
    y += 44
    field(300, y, "Issued:", [(fmt(lic.issued), "iss", val, INK)])
    field(630, y, "Expires:", [(fmt(lic.expires), "exp", val, INK)])
    y += 44
    field(300, y, "Sex:", [(p.sex, "sex", val, INK)])
    field(430, y, "Height:", [(f"{p.feet}'-{p.inches:02d}\"", "hgt", val, INK)])
    field(660, y, "Weight:", [(f"{p.pounds} lb", "wgt", val, INK)])
    y += 44
    field(300, y, "Eyes:", [(p.eyes, "eyes", val, INK)])
    field(470, y, "Hair:", [(p.hair, "hair", val, INK)])
    field(660, y, "Class:", [(s.license_class, "class", val, INK)])
    y += 56
    marks = font("DejaVuSans-Bold", 24)
    if lic.donor:
        b["donor"].append(c.text(300, y, "DONOR", marks, (170, 20, 30)))
    if lic.veteran:
        b["veteran"].append(c.text(470, y, "VETERAN", marks, s.accent))


def _fmt_us(d: date) -> str:
    return f"{d.month:02d}/{d.day:02d}/{d.year}"


def _fmt_dash(d: date) -> str:
    return f"{d.month:02d}-{d.day:02d}-{d.year}"


def _fmt_dmy(d: date) -> str:
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


def _fmt_iso(d: date) -> str:
    return d.isoformat()


def _fmt_words(d: date) -> str:
    return f"{MONTHS[d.month - 1].title()} {d.day}, {d.year}"


_LAYOUTS: dict[str, Callable[[Canvas, License, Boxes], None]] = {
    "aamva-numbered": _aamva,
    "classic": _classic,
    "labels-above": _labels_above,
    "colon": _colon,
}


def _truth(lic: License, b: Boxes) -> TruthBuilder:
    s, p = lic.state, lic.person
    t = TruthBuilder()
    t.add("issuing_state", s.code, *b["state"])
    t.add("license_number", lic.number, *b["number"])
    t.add("full_name", " ".join(n for n in (p.first, p.middle, p.last) if n), *b["full"])
    t.add("first_name", p.first, *b["first"])
    if p.middle:
        t.add("middle_name", p.middle, *b["middle"])
    t.add("last_name", p.last, *b["last"])
    t.add("address.street", s.street, *b["street"])
    t.add("address.city", s.city, *b["city"])
    t.add("address.state", s.code, *b["st"])
    t.add("address.zip_code", s.zip_code, *b["zip"])
    t.add("date_of_birth", lic.dob.isoformat(), *b["dob"])
    t.add("issue_date", lic.issued.isoformat(), *b["iss"])
    t.add("expiration_date", lic.expires.isoformat(), *b["exp"])
    t.add("gender", p.sex, *b["sex"])
    t.add("height", f"{p.feet}'{p.inches}\"", *b["hgt"])
    t.add("weight", float(p.pounds), *b["wgt"])
    t.add("eye_color", p.eyes, *b["eyes"])
    t.add("hair_color", p.hair, *b["hair"])
    t.add("license_class", s.license_class, *b["class"])
    if lic.donor:
        t.add("donor", True, *b["donor"])
    if lic.veteran:
        t.add("veteran", True, *b["veteran"])
    return t


def license_doc(layout: str, seed: int = 0, variant: str = "clean") -> SynthDoc:
    """A fictional driver license card in ``layout`` (see ``LICENSE_LAYOUTS``) and ``variant``.

    ``clean`` is a 1000x630 PNG; ``photo`` a JPEG phone photo of the card on a table;
    ``lowres`` a 500 px wide JPEG of the card.
    """
    if layout not in _LAYOUTS:
        raise ValueError(f"unknown license layout {layout!r}; choose from {LICENSE_LAYOUTS}")
    if variant not in LICENSE_VARIANTS:
        raise ValueError(f"unknown license variant {variant!r}; choose from {LICENSE_VARIANTS}")
    lic = _license(layout, seed)
    rng = random.Random(f"license-art:{layout}:{seed}:{variant}")
    canvas = _card(lic, rng)
    boxes: Boxes = defaultdict(list)
    _LAYOUTS[layout](canvas, lic, boxes)
    builder = _truth(lic, boxes)
    card = canvas.image
    name = f"license-{layout}-{seed}-{variant}"
    if variant == "clean":
        return SynthDoc(name + ".png", png(card), "image/png", 1, builder.build(*card.size))
    if variant == "lowres":
        small = card.resize((500, round(card.height * 500 / card.width)), Image.Resampling.LANCZOS)
        return SynthDoc(name + ".jpg", jpeg(small, 72), "image/jpeg", 1, builder.build(*card.size))
    photo, transform = photograph(card, rng)
    return SynthDoc(name + ".jpg", jpeg(photo, 70), "image/jpeg", 1, builder.build(*photo.size, transform))
