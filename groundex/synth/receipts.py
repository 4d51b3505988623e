"""Synthetic thermal-paper receipts (monospace) with exact truth boxes."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from PIL import Image

from groundex.synth.canvas import RGB, Canvas, font, jpeg, noise_field, photograph, png
from groundex.synth.truth import SynthDoc, TruthBuilder

RECEIPT_VARIANTS = ("clean", "photo")
WIDTH, MARGIN, STEP = 600, 30, 32
INK: RGB = (38, 38, 44)


@dataclass(frozen=True)
class Merchant:
    name: str
    street: str
    city: str
    state: str
    postal_code: str
    phone: str
    tax_rate: float
    goods: Sequence[tuple[str, float]]


MERCHANTS = (
    Merchant("GREEN LEAF MARKET", "1200 HARBOR BLVD", "OAKLAND", "CA", "94607", "(510) 555-0147", 8.25, (
        ("ORGANIC BANANAS", 0.69), ("WHOLE MILK 1GAL", 4.29), ("SOURDOUGH LOAF", 5.49),
        ("FREE RANGE EGGS", 6.99), ("BABY SPINACH", 3.99), ("GREEK YOGURT", 1.25), ("CHEDDAR BLOCK", 7.49),
        ("AVOCADO", 1.50),
        ("COFFEE BEANS 12OZ", 11.99), ("OLIVE OIL 500ML", 9.79), ("PASTA PENNE", 2.19),
        ("TOMATO SAUCE", 3.29),
    )),
    Merchant("CORNER BEAN CAFE", "77 MAIN ST", "BURLINGTON", "VT", "05401", "(802) 555-0123", 6.0, (
        ("LATTE 16OZ", 4.75), ("DRIP COFFEE", 2.50), ("BLUEBERRY MUFFIN", 3.25), ("BAGEL CREAM CHS", 3.95),
        ("CHAI TEA LATTE", 4.95), ("CROISSANT", 3.50), ("ICED MOCHA", 5.25), ("OAT MILK ADD", 0.75),
        ("BREAKFAST WRAP", 7.95), ("SPARKLING WATER", 2.25),
    )),
    Merchant("HILLTOP HARDWARE", "3405 RIDGE RD", "DURHAM", "NC", "27705", "(919) 555-0166", 7.5, (
        ("WOOD SCREWS 1LB", 8.97), ("DUCT TAPE", 6.48), ("LED BULB 4PK", 12.99), ("PAINT ROLLER", 7.25),
        ("SANDPAPER 120G", 4.79), ("WORK GLOVES", 14.99), ("EXT CORD 25FT", 19.97), ("CAULK WHITE", 5.68),
        ("HEX KEY SET", 9.98), ("ZIP TIES 100CT", 4.47), ("WD-40 8OZ", 6.97),
    )),
    Merchant("SUNRISE PHARMACY", "510 W 5TH ST", "TULSA", "OK", "74103", "(918) 555-0102", 8.5, (
        ("IBUPROFEN 100CT", 9.49), ("COUGH DROPS", 3.29), ("BANDAGES 30CT", 4.99), ("HAND SOAP", 3.79),
        ("VITAMIN C 500MG", 8.99), ("TOOTHPASTE", 4.49), ("SUNSCREEN SPF50", 11.99), ("TISSUES 3PK", 5.99),
        ("LIP BALM", 2.79), ("ALLERGY RELIEF", 14.49),
    )),
)  # fmt: skip
CARDS = ("VISA", "MASTERCARD", "AMEX", "DISCOVER")


def _render(seed: int) -> tuple[Image.Image, TruthBuilder]:
    rng = random.Random(f"receipt:{seed}")
    m = MERCHANTS[seed % len(MERCHANTS)]
    when = datetime(2024, 1, 1, 8) + timedelta(days=rng.randint(0, 360), minutes=rng.randint(0, 13 * 60))
    picks = rng.sample(list(m.goods), rng.randint(4, min(8, len(m.goods))))
    card, last4 = rng.choice(CARDS), f"{rng.randint(0, 9999):04d}"
    reg = Canvas(Image.new("RGB", (WIDTH, 1400), (247, 246, 241)))
    t, f, bold, big = (
        TruthBuilder(),
        font("DejaVuSansMono", 22),
        font("DejaVuSansMono-Bold", 24),
        font("DejaVuSansMono-Bold", 32),
    )
    mid, right = WIDTH / 2, WIDTH - MARGIN
    y = 64
    t.add("merchant_name", m.name, reg.text(mid, y, m.name, big, INK, "m"))
    y += 38
    t.add("merchant_address.street", m.street, reg.text(mid, y, m.street, f, INK, "m"))
    y += STEP
    cb = reg.row(mid, y, [(m.city, "c", f, INK), (", ", None, f, INK), (m.state, "s", f, INK),
                          (" ", None, f, INK), (m.postal_code, "z", f, INK)], "m")  # fmt: skip
    t.add("merchant_address.city", m.city, cb["c"])
    t.add("merchant_address.state", m.state, cb["s"])
    t.add("merchant_address.postal_code", m.postal_code, cb["z"])
    y += STEP
    t.add(
        "merchant_phone", m.phone, reg.row(mid, y, [("TEL ", None, f, INK), (m.phone, "p", f, INK)], "m")["p"]
    )
    y += STEP + 14
    stamp = f"{when:%m/%d/%Y %H:%M}"
    t.add("transaction_date", when.isoformat(), reg.text(MARGIN, y, stamp, f, INK))
    reg.text(right, y, f"TRN {rng.randint(1000, 9999)}", f, INK, "r")
    rule = "-" * 38
    y += STEP
    reg.text(mid, y, rule, f, INK, "m")
    subtotal = 0.0
    for i, (name, price) in enumerate(picks):
        y += STEP
        qty = rng.choice((1, 1, 1, 2, 3))
        total = round(qty * price, 2)
        subtotal += total
        t.add(f"items[{i}].description", name, reg.text(MARGIN, y, name, f, INK))
        if qty > 1:
            q = reg.row(
                430, y, [(str(qty), "q", f, INK), (" x ", None, f, INK), (f"{price:.2f}", "u", f, INK)], "r"
            )
            t.add(f"items[{i}].quantity", float(qty), q["q"])
            t.add(f"items[{i}].unit_price", price, q["u"])
        t.add(f"items[{i}].total_price", total, reg.text(right, y, f"{total:.2f}", f, INK, "r"))
    subtotal = round(subtotal, 2)
    tax = round(subtotal * m.tax_rate / 100, 2)
    y += STEP
    reg.text(mid, y, rule, f, INK, "m")
    for path, label, value, face in (
        ("subtotal", "SUBTOTAL", subtotal, f),
        ("tax", f"TAX {m.tax_rate:g}%", tax, f),
        ("total", "TOTAL", round(subtotal + tax, 2), bold),
    ):
        y += STEP + (6 if face is bold else 0)
        reg.text(MARGIN, y, label, face, INK)
        t.add(path, value, reg.text(right, y, f"{value:.2f}", face, INK, "r"))
    y += STEP + 18
    pay = reg.row(MARGIN, y, [(card, "t", f, INK), (" ", None, f, INK), (f"****{last4}", "n", f, INK)])
    t.add("payment_method.type", card, pay["t"])
    t.add("payment_method.card_last_4", last4, pay["n"])
    reg.text(right, y, f"{subtotal + tax:.2f}", f, INK, "r")
    y += STEP
    reg.text(MARGIN, y, f"APPROVED  AUTH {rng.randint(100000, 999999)}", f, INK)
    y += STEP + 24
    reg.text(mid, y, "THANK YOU FOR SHOPPING!", f, INK, "m")
    image = reg.image.crop((0, 0, WIDTH, y + 50))
    paper = np.asarray(image, np.float32) + noise_field(image.size, rng, cells=12)[..., None] * 4
    return Image.fromarray(np.clip(paper, 0, 255).astype(np.uint8), "RGB"), t


def receipt_doc(seed: int = 0, variant: str = "clean") -> SynthDoc:
    """A fictional store receipt: ``clean`` is a ~600 px wide PNG, ``photo`` a JPEG of it on a table."""
    if variant not in RECEIPT_VARIANTS:
        raise ValueError(f"unknown receipt variant {variant!r}; choose from {RECEIPT_VARIANTS}")
    image, builder = _render(seed)
    name = f"receipt-{seed}-{variant}"
    if variant == "clean":
        return SynthDoc(name + ".png", png(image), "image/png", 1, builder.build(*image.size))
    rng = random.Random(f"receipt-photo:{seed}")
    photo, transform = photograph(image, rng, out=(960, 1280), fill=0.72, radius=2)
    return SynthDoc(name + ".jpg", jpeg(photo, 72), "image/jpeg", 1, builder.build(*photo.size, transform))
