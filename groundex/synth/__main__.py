"""``python -m groundex.synth``: write synthetic documents and their truth JSON.

    python -m groundex.synth sample OUT.png                      # the bundled license sample
    python -m groundex.synth license LAYOUT OUT [--seed N] [--variant clean|photo|lowres]
    python -m groundex.synth invoice OUT.pdf [--pages N] [--scanned] [--seed N]
    python -m groundex.synth receipt OUT [--seed N] [--variant clean|photo]

Each document is written with ``OUT``'s stem + ``.truth.json`` next to it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from groundex.synth.invoices import invoice_doc
from groundex.synth.licenses import LICENSE_LAYOUTS, LICENSE_VARIANTS, license_doc
from groundex.synth.receipts import RECEIPT_VARIANTS, receipt_doc
from groundex.synth.truth import SynthDoc, truth_json

SAMPLE_LIMIT = 300_000


def write(doc: SynthDoc, out: Path) -> Path:
    """Write ``doc`` to ``out`` and its truth to ``<stem>.truth.json``; returns the truth path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(doc.data)
    truth = out.with_name(out.stem + ".truth.json")
    rows = [f"  {json.dumps(path)}: {json.dumps(entry)}" for path, entry in truth_json(doc).items()]
    truth.write_text("{\n" + ",\n".join(rows) + "\n}\n")
    return truth


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m groundex.synth", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="kind", required=True)
    sample = sub.add_parser("sample", help="the bundled clean aamva-numbered license PNG")
    sample.add_argument("out", type=Path)
    lic = sub.add_parser("license")
    lic.add_argument("layout", choices=LICENSE_LAYOUTS)
    lic.add_argument("out", type=Path)
    lic.add_argument("--variant", choices=LICENSE_VARIANTS, default="clean")
    inv = sub.add_parser("invoice")
    inv.add_argument("out", type=Path)
    inv.add_argument("--pages", type=int, default=2)
    inv.add_argument("--scanned", action="store_true")
    rec = sub.add_parser("receipt")
    rec.add_argument("out", type=Path)
    rec.add_argument("--variant", choices=RECEIPT_VARIANTS, default="clean")
    for p in (lic, inv, rec):
        p.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    if args.kind == "sample":
        doc = license_doc("aamva-numbered", 0, "clean")
        if len(doc.data) > SAMPLE_LIMIT:
            print(f"sample is {len(doc.data)} bytes (> {SAMPLE_LIMIT})", file=sys.stderr)
            return 1
    elif args.kind == "license":
        doc = license_doc(args.layout, args.seed, args.variant)
    elif args.kind == "invoice":
        doc = invoice_doc(args.pages, args.scanned, args.seed)
    else:
        doc = receipt_doc(args.seed, args.variant)
    truth = write(doc, args.out)
    print(f"{args.out} ({len(doc.data)} bytes, {doc.pages} page(s), {len(doc.truth)} fields); {truth}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
