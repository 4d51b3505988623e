"""Write labelled sets of the project's synthetic documents in the dev sets' ``gt.jsonl`` format, so that
``groundex eval`` and ``groundex calibrate`` can use clean cards, invoices and receipts beside the real scans.

    python benchmarks/synth_set.py OUT_DIR [--seeds N]
    groundex eval OUT_DIR/licenses/gt.jsonl --schema OUT_DIR/licenses/schema.json \
        --predictions OUT_DIR/synth-licenses

Lists are left out of the schemas (their rows are not labelled here), so a returned row is never scored as a
false positive."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from groundex.schema import load_schema
from groundex.synth.invoices import invoice_doc
from groundex.synth.licenses import LICENSE_LAYOUTS, LICENSE_VARIANTS, license_doc
from groundex.synth.receipts import RECEIPT_VARIANTS, receipt_doc
from groundex.synth.truth import SynthDoc


def _scalar_schema(domain: str) -> dict[str, Any]:
    """The domain's JSON Schema without its list properties."""
    schema: dict[str, Any] = json.loads(json.dumps(load_schema(domain).json_schema))
    schema["properties"] = {k: v for k, v in schema["properties"].items() if not _is_list(v)}
    schema["required"] = [k for k in schema.get("required", []) if k in schema["properties"]]
    return schema


def _is_list(prop: dict[str, Any]) -> bool:
    options = [prop, *prop.get("anyOf", [])]
    return any(o.get("type") == "array" for o in options)


def _record(doc: SynthDoc) -> dict[str, Any]:
    fields = {}
    words = []
    for path, t in doc.truth.items():
        if "[" in path or t.value is None:
            continue
        boxes = [{"xywh": b.xywh(), "page": b.page} for b in t.boxes]
        fields[path] = {"value": str(t.value), "bboxes": boxes}
        words += [{"text": str(t.value), "bbox": box} for box in boxes]
    return {"id": doc.name, "image": doc.name, "fields": fields, "words": words}


def write_set(out: Path, domain: str, docs: Iterable[SynthDoc]) -> int:
    """Files, ``gt.jsonl`` and ``schema.json`` of one set; the number of documents."""
    out.mkdir(parents=True, exist_ok=True)
    lines = []
    for doc in docs:
        (out / doc.name).write_bytes(doc.data)
        lines.append(json.dumps(_record(doc)))
    (out / "gt.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "schema.json").write_text(json.dumps(_scalar_schema(domain), indent=1), encoding="utf-8")
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seeds", type=int, default=4, help="documents per layout and variant")
    args = parser.parse_args()
    seeds = range(100, 100 + args.seeds)
    sets = {
        "licenses": (
            "document.us-drivers-license",
            (license_doc(lay, s, v) for lay in LICENSE_LAYOUTS for v in LICENSE_VARIANTS for s in seeds),
        ),
        "invoices": (
            "document.invoice",
            (invoice_doc(pages=p, scanned=sc, seed=s) for p in (1, 2) for sc in (False, True) for s in seeds),
        ),
        "receipts": ("document.receipt", (receipt_doc(s, v) for v in RECEIPT_VARIANTS for s in seeds)),
    }
    for name, (domain, docs) in sets.items():
        print(f"{name}: {write_set(args.out / name, domain, docs)} documents")


if __name__ == "__main__":
    main()
