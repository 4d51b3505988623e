"""Scoring groundex (or any VLM Run-style output) against ground truth: values, boxes, confidence, speed."""

from groundex.evaluate.compare import anls, normalize_text, same_value
from groundex.evaluate.layout import SchemaLayout, schema_layout
from groundex.evaluate.metrics import Metrics, by_field, metrics
from groundex.evaluate.rows import align_rows
from groundex.evaluate.run import Evaluation, evaluate, safe_id
from groundex.evaluate.score import Outcome, score_document
from groundex.evaluate.shapes import PredBox, PredDoc, PredField, read_prediction
from groundex.evaluate.truth import TruthDoc, pair_rows, read_truth, truth_doc

__all__ = [
    "Evaluation",
    "Metrics",
    "Outcome",
    "PredBox",
    "PredDoc",
    "PredField",
    "SchemaLayout",
    "TruthDoc",
    "align_rows",
    "anls",
    "by_field",
    "evaluate",
    "metrics",
    "normalize_text",
    "pair_rows",
    "read_prediction",
    "read_truth",
    "safe_id",
    "same_value",
    "schema_layout",
    "score_document",
    "truth_doc",
]
