"""Synthetic multi-page invoices: a born-digital fpdf2 PDF (or its scan) with exact truth boxes."""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

import numpy as np
from PIL import Image, ImageFilter

from groundex.synth.truth import PixBox, SynthDoc, TruthBuilder

CAP, DESC = 0.718, 0.207  # Helvetica cap height and descender, in em
DESCENDERS = set("gjpqy,;$()@[]{}|Q")
M, ROW, HEAD_ROW, TOP0, TOP_NEXT, TOTALS_H = 54.0, 20.0, 20.0, 282.0, 96.0, 130.0
SCAN_DPI = 200

ISSUERS = (
    ("Northwind Supply Co.", "450 Market Street", "San Francisco", "CA", "94105",
     "billing@northwind-supply.example", "(415) 555-0132"),
    ("Bluebird Design Studio LLC", "88 Elm Avenue", "Portland", "OR", "97205",
     "accounts@bluebird-design.example", "(503) 555-0178"),
    ("Summit Industrial Parts Inc.", "2200 Commerce Drive", "Columbus", "OH", "43215",
     "ar@summit-parts.example", "(614) 555-0111"),
    ("Lakeside IT Services", "17 Harbor Road", "Madison", "WI", "53703",
     "invoices@lakeside-it.example", "(608) 555-0190"),
)  # fmt: skip
CUSTOMERS = (
    ("Acme Widgets Corp.", "1 Industrial Way", "Dayton", "OH", "45402"),
    ("Greenfield Dental Group", "305 Maple Street", "Boise", "ID", "83702"),
    ("Harbor View Hotel", "900 Bay Street", "Tampa", "FL", "33602"),
    ("Pinecrest Academy", "42 School Lane", "Raleigh", "NC", "27601"),
)
PRODUCTS = (
    ("USB-C Docking Station", 189.0), ("27-inch LED Monitor", 249.99), ("Wireless Mouse", 24.5),
    ("Mechanical Keyboard", 89.0), ("Ethernet Cable Cat6 10ft", 7.25), ("Laptop Stand Aluminum", 39.95),
    ("Noise-Cancelling Headset", 129.0), ("HDMI Cable 6ft", 9.99), ("Surge Protector 8-Outlet", 32.4),
    ("Webcam 1080p", 59.0), ("Printer Paper Case", 44.99), ("Toner Cartridge Black", 78.5),
    ("External SSD 1TB", 109.0), ("Office Chair Mat", 54.0), ("Desk Lamp LED", 29.99),
    ("Whiteboard Markers 12-Pack", 14.75), ("Network Switch 16-Port", 139.0), ("Wi-Fi Access Point", 165.0),
    ("Label Maker Tape", 18.6), ("Cable Ties 100-Pack", 6.2), ("UPS Battery Backup", 219.0),
    ("Ergonomic Footrest", 36.0), ("Document Scanner", 289.0), ("Conference Speakerphone", 179.0),
    ("Privacy Screen 14in", 42.0), ("Rack Shelf 1U", 38.75), ("Patch Panel 24-Port", 64.0),
    ("Fiber Patch Cord 3m", 12.8), ("Smart Power Strip", 27.5), ("Wireless Presenter", 31.0),
)  # fmt: skip
SERVICES = (
    ("Onsite support (hours)", 95.0), ("Network configuration (hours)", 120.0),
    ("Remote helpdesk (hours)", 65.0), ("Hardware installation (hours)", 85.0),
    ("Data migration (hours)", 110.0), ("Security audit (hours)", 150.0),
)  # fmt: skip
TERMS = (("Net 30", 30), ("Net 15", 15), ("Net 45", 45), ("Due on receipt", 0))
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Item:
    description: str
    quantity: float
    unit_price: float

    @property
    def total(self) -> float:
        return round(self.quantity * self.unit_price, 2)


def _money(v: float) -> str:
    return f"{v:,.2f}"


def _qty(q: float) -> str:
    return f"{q:g}"


def _date(d: date, style: int) -> str:
    if style == 0:
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == 1:
        return f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}"
    if style == 2:
        return d.isoformat()
    return f"{d.day:02d} {MONTH_NAMES[d.month - 1][:3]} {d.year}"


def _paginate(n: int, height: float) -> tuple[list[int], int]:
    """Rows per page and the page that holds the totals block."""
    bottom = height - 72
    rows: list[int] = []
    left, top = n, TOP0
    while left > 0 or not rows:
        cap = int((bottom - top - HEAD_ROW) // ROW)
        rows.append(min(cap, left))
        left -= rows[-1]
        top = TOP_NEXT
    last_y = (TOP0 if len(rows) == 1 else TOP_NEXT) + HEAD_ROW + rows[-1] * ROW
    return rows, len(rows) - 1 + (last_y + TOTALS_H > bottom)


def _items(rng: random.Random, pages: int, height: float) -> list[Item]:
    counts = []
    for n in range(4, 200):
        rows, totals = _paginate(n, height)
        if len(rows) == pages and totals == pages - 1 and rows[-1] >= 3:
            counts.append(n)
    n = counts[0] + rng.randint(0, min(6, len(counts) - 1))
    pool = [(d, p, False) for d, p in PRODUCTS] + [(d, p, True) for d, p in SERVICES]
    pool += [(f"{d} - Site B", p, s) for d, p, s in pool]
    out = []
    for desc, price, hours in rng.sample(pool, n):
        qty = rng.choice((1.5, 2.0, 2.5, 4.0, 6.0, 7.5)) if hours else float(rng.randint(1, 12))
        out.append(Item(desc, qty, round(price * rng.choice((1.0, 0.95, 1.1)), 2)))
    return out


@dataclass(frozen=True)
class Invoice:
    """Everything printed on one synthetic invoice."""

    issuer: tuple[str, str, str, str, str, str, str]
    customer: tuple[str, str, str, str, str]
    invoice_id: str
    labels: tuple[str, str, str]
    issued: date
    due: date
    date_style: int
    terms: str
    tax_rate: float
    items: list[Item]


def _invoice(seed: int, pages: int, height: float) -> Invoice:
    rng = random.Random(f"invoice:{seed}:{pages}")
    issued = date(2024, 1, 1) + timedelta(days=rng.randint(0, 330))
    terms, days = rng.choice(TERMS)
    number = rng.randint(17, 9800)
    return Invoice(
        issuer=ISSUERS[seed % len(ISSUERS)],
        customer=CUSTOMERS[(seed * 3 + 1) % len(CUSTOMERS)],
        invoice_id=rng.choice((f"INV-{issued.year}-{number:04d}", f"{number + 10000}", f"A-{number:05d}")),
        labels=(
            rng.choice(("Invoice #:", "Invoice No.", "Invoice Number:")),
            rng.choice(("Invoice Date:", "Date:", "Issue Date:")),
            rng.choice(("Due Date:", "Payment Due:")),
        ),
        issued=issued,
        due=issued + timedelta(days=days),
        date_style=rng.randrange(4),
        terms=terms,
        tax_rate=rng.choice((8.0, 7.25, 6.5)),
        items=_items(rng, pages, height),
    )


class _Writer:
    """Draws Helvetica text on an fpdf2 document and records truth boxes (points) on the current page."""

    def __init__(self, pdf: Any) -> None:
        self.pdf, self.truth, self.page = pdf, TruthBuilder(), 0

    def row(
        self, x: float, y: float, parts: list[tuple[str, str | None, str]], size: float, align: str = "l"
    ) -> dict[str, PixBox]:
        """Runs ``text, tag, style`` on baseline ``y``; tagged runs get boxes."""
        pdf, widths = self.pdf, []
        for text, _, style in parts:
            pdf.set_font("Helvetica", style, size)
            widths.append(float(pdf.get_string_width(text)))
        cur = x - sum(widths) * {"l": 0.0, "m": 0.5, "r": 1.0}[align]
        boxes: dict[str, PixBox] = {}
        for (text, tag, style), w in zip(parts, widths, strict=True):
            pdf.set_font("Helvetica", style, size)
            pdf.text(cur, y, text)
            core = text.strip()
            if tag and core:
                x0 = cur + float(pdf.get_string_width(text[: len(text) - len(text.lstrip())]))
                low = DESC * size if DESCENDERS & set(core) else 0.0
                boxes[tag] = (x0, y - CAP * size, x0 + float(pdf.get_string_width(core)), y + low)
            cur += w
        return boxes

    def one(self, x: float, y: float, text: str, size: float, style: str = "", align: str = "l") -> PixBox:
        return self.row(x, y, [(text, "t", style)], size, align)["t"]

    def field(self, path: str, value: object, x: float, y: float, text: str, size: float, **kw: str) -> None:
        """Print ``text`` and record it as the truth of ``path``."""
        self.truth.add(path, value, self.one(x, y, text, size, **kw), page=self.page)

    def address(self, prefix: str, x: float, y: float, city: str, state: str, code: str) -> None:
        """A ``City, ST 12345`` line with a box per part."""
        runs = [
            (city, "city", ""),
            (", ", None, ""),
            (state, "state", ""),
            (" ", None, ""),
            (code, "code", ""),
        ]
        box = self.row(x, y, runs, 10)
        for key, value in (("city", city), ("state", state), ("code", code)):
            self.truth.add(f"{prefix}.{'postal_code' if key == 'code' else key}", value, box[key])


def _header(w: _Writer, inv: Invoice, right: float) -> None:
    pdf = w.pdf
    name, street, city, st, zip_code, email, phone = inv.issuer
    w.field("issuer_name", name, M, 74, name, 18, style="B")
    pdf.set_text_color(60, 60, 60)
    w.field("issuer_address.street", street, M, 94, street, 10)
    w.address("issuer_address", M, 108, city, st, zip_code)
    w.field("issuer_email", email, M, 122, email, 10)
    w.field("issuer_phone", phone, M, 136, phone, 10)
    pdf.set_text_color(30, 60, 110)
    w.one(right, 80, "INVOICE", 26, "B", "r")
    pdf.set_text_color(20, 20, 20)
    meta = (
        ("invoice_id", inv.invoice_id, inv.invoice_id),
        ("invoice_issue_date", inv.issued.isoformat(), _date(inv.issued, inv.date_style)),
        ("invoice_due_date", inv.due.isoformat(), _date(inv.due, inv.date_style)),
    )
    for k, (label, (path, value, text)) in enumerate(zip(inv.labels, meta, strict=True)):
        w.one(right - 200, 110 + 16 * k, label, 10, "B")
        w.field(path, value, right, 110 + 16 * k, text, 10, align="r")
    cname, cstreet, ccity, cst, czip = inv.customer
    w.one(M, 184, "Bill To:", 11, "B")
    w.field("customer_name", cname, M, 200, cname, 10, style="B")
    w.field("customer_billing_address.street", cstreet, M, 214, cstreet, 10)
    w.address("customer_billing_address", M, 228, ccity, cst, czip)


def _table(w: _Writer, inv: Invoice, first: int, count: int, y: float, right: float) -> float:
    """Items ``first .. first+count`` under a header row from ``y``; returns the y below the table."""
    pdf = w.pdf
    cols = (M + 6, right - 230, right - 120, right - 6)  # description left; the rest right-aligned
    pdf.set_fill_color(225, 230, 238)
    pdf.rect(M, y, right - M, HEAD_ROW, style="F")
    pdf.set_text_color(20, 20, 20)
    w.one(cols[0], y + 14, "Description", 10, "B")
    for x, head in zip(cols[1:], ("Qty", "Unit Price", "Amount"), strict=True):
        w.one(x, y + 14, head, 10, "B", "r")
    y += HEAD_ROW
    pdf.set_draw_color(210, 210, 210)
    for index in range(first, first + count):
        it, p, base = inv.items[index], f"items[{index}]", y + 14
        w.field(f"{p}.description", it.description, cols[0], base, it.description, 9.5)
        w.field(f"{p}.quantity", it.quantity, cols[1], base, _qty(it.quantity), 9.5, align="r")
        w.field(f"{p}.unit_price", it.unit_price, cols[2], base, _money(it.unit_price), 9.5, align="r")
        w.field(f"{p}.total_price", it.total, cols[3], base, _money(it.total), 9.5, align="r")
        y += ROW
        pdf.line(M, y, right, y)
    return y


def _totals(w: _Writer, inv: Invoice, y: float, right: float) -> None:
    pdf = w.pdf
    pdf.set_text_color(20, 20, 20)
    subtotal = round(sum(i.total for i in inv.items), 2)
    tax = round(subtotal * inv.tax_rate / 100, 2)
    y += 22
    for path, label, value, style in (
        ("subtotal", "Subtotal", subtotal, ""),
        ("tax_amount", f"Tax ({inv.tax_rate:g}%)", tax, ""),
        ("total_amount", "Total", round(subtotal + tax, 2), "B"),
    ):
        if style:
            pdf.line(right - 200, y - 13, right, y - 13)
            y += 4
        size = 11 if style else 10
        w.one(right - 200, y, label, size, style)
        w.field(path, value, right, y, f"${_money(value)}", size, style=style, align="r")
        y += 18
    y += 20
    box = w.row(M, y, [("Payment Terms: ", None, "B"), (inv.terms, "t", "")], 10)
    w.truth.add("payment_terms", inv.terms, box["t"], page=w.page)
    pdf.set_text_color(90, 90, 90)
    w.one(M, y + 16, f"Please make checks payable to {inv.issuer[0]}", 9, "I")
    w.one(M, y + 30, "Thank you for your business!", 9, "I")


def _render(seed: int, pages: int) -> tuple[bytes, TruthBuilder, tuple[float, float]]:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=random.Random(f"invoice-paper:{seed}").choice(("letter", "A4")))
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2024, 3, 15, 12, 0, tzinfo=timezone.utc))
    width, height = float(pdf.w), float(pdf.h)
    right = width - M
    inv = _invoice(seed, pages, height)
    rows, totals_page = _paginate(len(inv.items), height)
    n_pages, w, first = totals_page + 1, _Writer(pdf), 0
    for page in range(n_pages):
        pdf.add_page()
        w.page = page
        if page == 0:
            _header(w, inv, right)
        else:
            pdf.set_text_color(110, 110, 110)
            w.one(M, 70, f"{inv.issuer[0]} - continued", 9, "I")
        y = TOP0 if page == 0 else TOP_NEXT
        if page < len(rows):
            y = _table(w, inv, first, rows[page], y, right)
            first += rows[page]
        if page == totals_page:
            _totals(w, inv, y, right)
        pdf.set_text_color(120, 120, 120)
        w.one(width / 2, height - 36, f"Page {page + 1} of {n_pages}", 9, align="m")
    return bytes(pdf.output()), w.truth, (width, height)


def _scan(data: bytes, seed: int) -> bytes:
    """Rasterize every page at ``SCAN_DPI`` with noise and save an image-only PDF."""
    import pypdfium2 as pdfium

    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(data)
    images = []
    for page in doc:
        img = page.render(scale=SCAN_DPI / 72).to_pil().convert("L").filter(ImageFilter.GaussianBlur(0.6))
        arr = np.asarray(img, np.float32) * rng.uniform(0.93, 0.97) + rng.uniform(4, 10)
        arr += rng.normal(0, 7, arr.shape)
        images.append(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L"))
    doc.close()
    buf = io.BytesIO()
    stamp = time.gmtime(1710504000)  # fixed dates keep the bytes deterministic
    images[0].save(
        buf, "PDF", save_all=True, append_images=images[1:], resolution=float(SCAN_DPI),
        creationDate=stamp, modDate=stamp,
    )  # fmt: skip
    return buf.getvalue()


def invoice_doc(pages: int = 2, scanned: bool = False, seed: int = 0) -> SynthDoc:
    """A fictional invoice PDF of ``pages`` pages whose items table continues across pages.

    ``scanned`` turns it into an image-only PDF (200 dpi, noisy); the truth boxes are the same.
    """
    if not 1 <= pages <= 3:
        raise ValueError("pages must be 1, 2 or 3")
    data, builder, (width, height) = _render(seed, pages)
    if scanned:
        data = _scan(data, seed)
    kind = "scanned" if scanned else "digital"
    return SynthDoc(
        f"invoice-{pages}p-{kind}-{seed}.pdf", data, "application/pdf", pages, builder.build(width, height)
    )
