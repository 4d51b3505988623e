"""One evaluation run: ground truth in, predictions (run here or read back), outcomes and timings out."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from groundex.errors import SchemaError, UsageError
from groundex.evaluate.fit import ROWS_FILE
from groundex.evaluate.layout import SchemaLayout, schema_layout
from groundex.evaluate.score import Outcome, score_document, unmapped_keys
from groundex.evaluate.shapes import PredDoc, read_prediction
from groundex.evaluate.truth import TruthDoc, read_truth
from groundex.evaluate.workers import DocRun, Task, run_all

SCHEMA_BUILDER = "make_funsd_schema.py"


@dataclass(frozen=True)
class Evaluation:
    """Everything a report needs. ``runs`` is empty when predictions were read back from files."""

    docs: list[TruthDoc]
    outcomes: list[Outcome]
    runs: dict[str, DocRun]
    errors: dict[str, str]
    wall_seconds: float
    unmapped: int


def safe_id(doc_id: str) -> str:
    """A file name for a document id (``Image_12/10/ab`` -> ``Image_12_10_ab``)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", doc_id).strip("._") or "doc"


def per_doc_builder(gt: Path) -> Callable[[Mapping[str, Any]], Mapping[str, Any]]:
    """``build_schema(record)`` from the ``make_funsd_schema.py`` next to ``gt``."""
    path = gt.parent / SCHEMA_BUILDER
    spec = importlib.util.spec_from_file_location("groundex_eval_schema_builder", path)
    if spec is None or spec.loader is None or not path.exists():
        raise UsageError(f"--schema-per-doc needs {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    build: Callable[[Mapping[str, Any]], Mapping[str, Any]] = module.build_schema
    return build


def shared_schema(ref: str) -> tuple[Any, SchemaLayout]:
    """A JSON Schema file (sent as a dict), or a domain / ``module:Model`` reference (sent as is)."""
    path = Path(ref)
    if path.is_file():
        try:
            js = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SchemaError(f"cannot read schema {ref}: {exc}") from None
        return js, schema_layout(js)
    from groundex.schema import load_schema

    return ref, schema_layout(load_schema(ref).json_schema)


def expected_values(doc: TruthDoc) -> tuple[str, ...]:
    """Every gt value of a document (scalar fields and list cells)."""
    cells = [f for row in (r for rows in doc.lists.values() for r in rows) for f in row.values()]
    return tuple(f.value for f in [*doc.fields.values(), *cells] if f.value)


def _progress(done: int, total: int, run: DocRun) -> None:
    status = "error" if run.error else f"{run.seconds:.1f}s"
    print(f"\r[{done}/{total}] {run.doc_id[:48]:<48} {status:<8}", end="", file=sys.stderr, flush=True)


def evaluate(
    gt: Path,
    schema: str | None = None,
    per_doc: bool = False,
    limit: int | None = None,
    jobs: int = 1,
    ocr: str = "auto",
    ocr_cache: str | None = None,
    predictions: Path | None = None,
    from_predictions: Path | None = None,
    progress: bool = True,
) -> Evaluation:
    """Run (or read back) predictions for the documents of ``gt`` and score them."""
    docs = list(read_truth(gt, limit))
    if per_doc:
        build = per_doc_builder(gt)
        schemas = {d.id: build(d.record) for d in docs}
        layouts = {d.id: schema_layout(schemas[d.id]) for d in docs}
    elif schema is not None:
        one, layout = shared_schema(schema)
        schemas = {d.id: one for d in docs}
        layouts = {d.id: layout for d in docs}
    else:
        raise UsageError("give --schema PATH or --schema-per-doc")
    t0 = time.perf_counter()
    runs: dict[str, DocRun] = {}
    responses: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    if from_predictions is not None:
        for d in docs:
            file = from_predictions / f"{safe_id(d.id)}.json"
            try:
                responses[d.id] = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                errors[d.id] = f"no prediction: {exc}"
    else:
        if predictions is not None:
            predictions.mkdir(parents=True, exist_ok=True)
        tasks = [Task(d.id, os.fspath(d.image), schemas[d.id], expected_values(d)) for d in docs]
        for n, run in enumerate(run_all(tasks, jobs, ocr, ocr_cache), 1):
            runs[run.doc_id] = run
            if progress:
                _progress(n, len(tasks), run)
            if run.error is not None or run.response is None:
                errors[run.doc_id] = run.error or "no response"
                continue
            responses[run.doc_id] = run.response
            if predictions is not None:
                text = json.dumps(run.response, indent=1, ensure_ascii=False)
                (predictions / f"{safe_id(run.doc_id)}.json").write_text(text + "\n", encoding="utf-8")
        if progress and tasks:
            print(file=sys.stderr)
    wall = time.perf_counter() - t0
    outcomes: list[Outcome] = []
    unmapped = 0
    for d in docs:
        pred = read_prediction(responses[d.id]) if d.id in responses else PredDoc({}, {})
        outcomes.extend(score_document(d, pred, layouts[d.id]))
        unmapped += len(unmapped_keys(d, layouts[d.id]))
    if predictions is not None and runs:
        _write_rows(predictions / ROWS_FILE, outcomes, runs)
    return Evaluation(docs, outcomes, runs, errors, wall, unmapped)


def _write_rows(path: Path, outcomes: list[Outcome], runs: Mapping[str, DocRun]) -> None:
    """One row per returned value: whether it was right, and the features its confidence came from."""
    with path.open("w", encoding="utf-8") as out:
        for o in outcomes:
            feats = (runs[o.doc].features or {}).get(o.source) if o.doc in runs else None
            if o.returned and feats is not None:
                row = {"doc": o.doc, "field": o.field, "correct": o.correct, "features": feats}
                out.write(json.dumps(row) + "\n")
