"""Synthetic documents with known truth (values and boxes) for tests, benchmarks and samples."""

from groundex.synth.invoices import invoice_doc
from groundex.synth.licenses import LICENSE_LAYOUTS, LICENSE_VARIANTS, license_doc
from groundex.synth.receipts import RECEIPT_VARIANTS, receipt_doc
from groundex.synth.truth import SynthDoc, TruthField, truth_json

__all__ = [
    "LICENSE_LAYOUTS",
    "LICENSE_VARIANTS",
    "RECEIPT_VARIANTS",
    "SynthDoc",
    "TruthField",
    "invoice_doc",
    "license_doc",
    "receipt_doc",
    "truth_json",
]
