"""The worker process: one ``Extractor`` kept loaded, tasks in and outcomes out over a pipe."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from groundex.errors import GroundexError
from groundex.load import PDF_MEDIA_TYPE
from groundex.server.problems import one_line, status_for


@dataclass(frozen=True)
class Task:
    """One extraction: the file on disk, the domain and/or JSON Schema, and the generation options."""

    prediction_id: str
    path: str
    domain: str | None
    json_schema: dict[str, Any] | None
    pages: tuple[int, ...] | None
    grounding: bool
    confidence: bool


@dataclass(frozen=True)
class Outcome:
    """``completed`` with the grounded response, or ``failed`` with a one-line message and HTTP status."""

    status: str
    response: Any = None
    usage: dict[str, Any] = field(default_factory=dict)
    message: str | None = None
    http_status: int = 200


def compile_schema(domain: str | None, json_schema: dict[str, Any] | None) -> Any:
    """The schema of a request: its JSON Schema (with the domain's label hints) or the catalog domain."""
    from groundex.domains import domain_model
    from groundex.errors import SchemaError
    from groundex.schema import from_json_schema, from_model

    if json_schema is not None:
        compiled = from_json_schema(json_schema)
        return replace(compiled, domain=domain) if domain else compiled
    if domain is None:
        raise SchemaError("give a domain or config.json_schema")
    return from_model(domain_model(domain), domain=domain)


def run(extractor: Any, task: Task) -> Outcome:
    """Run one task; every error becomes a failed outcome."""
    started = time.perf_counter()
    try:
        schema = compile_schema(task.domain, task.json_schema)
        prediction = extractor.extract(Path(task.path), schema, pages=task.pages, grounding=task.grounding)
        response = prediction.response(confidence=task.confidence)
    except GroundexError as exc:
        return Outcome("failed", message=str(exc), http_status=status_for(exc))
    except Exception as exc:
        reason = one_line(str(exc)) or type(exc).__name__
        return Outcome("failed", message=f"internal error: {type(exc).__name__}: {reason}", http_status=500)
    pdf = prediction.document.media_type == PDF_MEDIA_TYPE
    usage = {
        "elements_processed": len(prediction.document.pages),
        "element_type": "page" if pdf else "image",
        "credits_used": 0,
        "duration_seconds": round(time.perf_counter() - started),
        **prediction.tokens,
    }
    return Outcome("completed", response=response, usage=usage)


def main(conn: Connection, options: dict[str, Any], threads: int) -> None:
    """Worker loop: serve tasks until the pipe closes (the server stopped or died)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for var in ("OMP_NUM_THREADS", "OMP_THREAD_LIMIT", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    from groundex.pipeline import Extractor

    extractor = Extractor(**options)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(run(extractor, task))
        except (BrokenPipeError, OSError):
            return
