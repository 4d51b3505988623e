"""The ``groundex`` command as a user runs it: outputs, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF

from groundex.synth import invoice_doc, license_doc
from tests.test_load import _bomb_png

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "us-drivers-license.png"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "groundex.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def _one_line_error(proc: subprocess.CompletedProcess[str], code: int, needle: str) -> None:
    assert proc.returncode == code, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("groundex: error: ") and needle in lines[0].lower(), lines[0]
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_sample_license_end_to_end(tmp_path: Path) -> None:
    out, png = tmp_path / "out.json", tmp_path / "out.png"
    proc = run(
        "extract",
        str(SAMPLE),
        "--domain",
        "document.us-drivers-license",
        "-o",
        str(out),
        "--annotate",
        str(png),
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text())
    assert set(doc) == {"id", "created_at", "completed_at", "status", "response", "usage", "domain"}
    assert doc["status"] == "completed" and doc["domain"] == "document.us-drivers-license"
    assert doc["usage"]["elements_processed"] == 1
    truth = json.loads((ROOT / "samples" / "us-drivers-license.truth.json").read_text())
    resp = doc["response"]
    assert resp["license_number"] == truth["license_number"]["value"]
    assert resp["address"]["zip_code"] == truth["address.zip_code"]["value"]
    meta = resp["license_number_metadata"]
    assert meta["confidence"] in ("hi", "med", "low")
    (box,) = meta["bboxes"]
    assert box["page"] == 0 and box["content"] == truth["license_number"]["value"]
    assert all(0.0 <= v <= 1.0 for v in box["bbox"]["xywh"])
    assert "zip_code_metadata" in resp["address"] and "address_metadata" not in resp
    assert resp["donor"] is None and resp["donor_metadata"] is None
    assert png.exists() and png.stat().st_size > 10_000


def test_stdout_and_no_grounding(tmp_path: Path) -> None:
    proc = run(
        "extract",
        str(SAMPLE),
        "--domain",
        "document.us-drivers-license",
        "--no-grounding",
        "--ocr",
        "rapidocr",
    )
    assert proc.returncode == 0, proc.stderr
    resp = json.loads(proc.stdout)["response"]
    assert "bboxes" not in resp["license_number_metadata"]
    assert resp["license_number_metadata"]["confidence"] in ("hi", "med", "low")


def test_invoice_pdf_pages_and_annotations(tmp_path: Path) -> None:
    doc = invoice_doc(pages=3, seed=1)
    pdf = tmp_path / "inv.pdf"
    pdf.write_bytes(doc.data)
    png = tmp_path / "inv.png"
    proc = run("extract", str(pdf), "--domain", "document.invoice", "--annotate", str(png), "--pages", "1-2")
    assert proc.returncode == 0, proc.stderr
    resp = json.loads(proc.stdout)["response"]
    pages = {b["page"] for item in resp["items"] for b in item["total_price_metadata"]["bboxes"]}
    assert pages <= {1, 2} and pages
    assert resp["total_amount"] == doc.truth["total_amount"].value
    assert sorted(p.name for p in tmp_path.glob("inv-p*.png")) == ["inv-p1.png", "inv-p2.png"]


def test_schema_file_and_module(tmp_path: Path) -> None:
    schema = tmp_path / "card.json"
    schema.write_text(
        json.dumps(
            {
                "type": "object",
                "properties": {
                    "license_number": {"type": "string", "description": "Driver's license number"},
                    "date_of_birth": {"type": "string", "format": "date", "title": "Date of Birth"},
                },
                "required": ["license_number"],
            }
        )
    )
    proc = run("extract", str(SAMPLE), "--schema", str(schema))
    assert proc.returncode == 0, proc.stderr
    resp = json.loads(proc.stdout)["response"]
    truth = json.loads((ROOT / "samples" / "us-drivers-license.truth.json").read_text())
    assert resp["license_number"] == truth["license_number"]["value"]
    assert resp["date_of_birth"] == truth["date_of_birth"]["value"]
    proc = run(
        "extract", str(SAMPLE), "--schema", "vlmrun.hub.schemas.document.us_drivers_license:USDriversLicense"
    )
    assert proc.returncode == 0, proc.stderr


def test_domains_and_engines() -> None:
    proc = run("domains")
    assert proc.returncode == 0
    names = proc.stdout.split()
    assert {"document.us-drivers-license", "document.invoice", "document.receipt"} <= set(names)
    proc = run("engines")
    assert proc.returncode == 0
    rows = {ln.split()[0]: ln.split()[1] for ln in proc.stdout.splitlines()}
    assert rows == {"tesseract": "usable", "rapidocr": "usable", "auto": "usable"}


def _encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="secret")
    pdf.set_encryption(owner_password="owner", user_password="user")
    return bytes(pdf.output())


def _many_pages(n: int) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=14)
    for i in range(n):
        pdf.add_page()
        pdf.text(20, 30, f"Invoice # INV-{i:04d}")
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("empty.png", b"", "empty file"),
        ("cut.jpg", license_doc("classic", 0, "lowres").data[:3000], "truncated or corrupt"),
        ("cut.pdf", invoice_doc(2).data[:1500], "pdf"),
        ("notes.pdf", b"hello, this is plain text and not a document at all", "not an image or pdf"),
        ("locked.pdf", _encrypted_pdf(), "password required"),
        ("bomb.png", _bomb_png(40000, 40000), "pixels"),
    ],
    ids=["empty", "truncated-jpeg", "truncated-pdf", "not-a-document", "encrypted", "bomb"],
)
def test_bad_documents(tmp_path: Path, name: str, data: bytes, needle: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    _one_line_error(run("extract", str(path), "--domain", "document.invoice"), 1, needle)


def test_encrypted_pdf_with_password(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted_pdf())
    proc = run("extract", str(path), "--schema", str(_tiny_schema(tmp_path)), "--password", "user")
    assert proc.returncode == 0, proc.stderr


def _tiny_schema(tmp_path: Path) -> Path:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"type": "object", "properties": {"invoice_id": {"type": "string"}}}))
    return path


def test_500_page_pdf_reads_one_page(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(_many_pages(500))
    proc = run("extract", str(path), "--schema", str(_tiny_schema(tmp_path)), "--pages", "3")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["usage"]["elements_processed"] == 1
    assert doc["response"]["invoice_id"] == "INV-0003"
    assert doc["response"]["invoice_id_metadata"]["bboxes"][0]["page"] == 3
    _one_line_error(
        run("extract", str(path), "--schema", str(_tiny_schema(tmp_path)), "--pages", "500"), 1, "page"
    )


def test_bad_schemas_and_usage(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"type": "object", "properties": {"a": {"type": "strnig"}}}))
    _one_line_error(run("extract", str(SAMPLE), "--schema", str(bad)), 1, "unknown type")
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    _one_line_error(run("extract", str(SAMPLE), "--schema", str(broken)), 1, "not valid json")
    _one_line_error(run("extract", str(SAMPLE), "--domain", "document.nope"), 1, "unknown domain")
    _one_line_error(run("extract", str(SAMPLE), "--schema", "no_such_module:Model"), 1, "cannot import")
    _one_line_error(
        run("extract", str(SAMPLE), "--domain", "document.invoice", "--pages", "x"), 2, "page list"
    )
    _one_line_error(
        run("extract", str(tmp_path / "missing.png"), "--domain", "document.invoice"), 1, "no such file"
    )
    proc = run("extract", str(SAMPLE))
    assert proc.returncode == 2 and "one of the arguments --domain --schema is required" in proc.stderr
    proc = run("extract", str(SAMPLE), "--domain", "document.invoice", "--ocr", "magic")
    assert proc.returncode == 2
