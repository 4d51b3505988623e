"""Running the real pipeline over many documents: in-process, or a spawn pool of workers that each keep
one ``Extractor`` loaded. A document that fails is returned as an error; it does not stop the run."""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from groundex.pipeline import Extractor


@dataclass(frozen=True)
class Task:
    doc_id: str
    image: str
    schema: Any
    expected: tuple[str, ...] = ()
    """The document's gt values, to tell which of them the read text holds at all."""


@dataclass(frozen=True)
class DocRun:
    """The result of one document: the ``PredictionResponse`` JSON or an error, with its cost."""

    doc_id: str
    response: dict[str, Any] | None
    error: str | None
    seconds: float
    pages: int
    peak_rss_kb: int
    features: dict[str, dict[str, float]] | None = None
    """Per concrete path, the confidence features of the value (for fitting the calibration)."""
    unread: frozenset[str] = frozenset()
    """Expected values that the read text (OCR or text layer) does not hold: no locator can find them."""


_extractor: Extractor | None = None


def _init(ocr: str, threads: int | None, ocr_cache: str | None = None) -> None:
    global _extractor
    if threads is not None:
        for var in ("OMP_NUM_THREADS", "OMP_THREAD_LIMIT", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(threads)
    from groundex.pipeline import Extractor

    _extractor = Extractor(ocr=ocr, ocr_cache=ocr_cache)


def _peak_rss_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def run_one(task: Task) -> DocRun:
    """Extract one document with this process's extractor."""
    assert _extractor is not None, "worker not initialized"
    t0 = time.perf_counter()
    try:
        prediction = _extractor.extract(task.image, task.schema)
        response = prediction.to_vlmrun()
    except Exception as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        return DocRun(task.doc_id, None, f"{type(exc).__name__}: {reason}", time.perf_counter() - t0, 0,
                      _peak_rss_kb())  # fmt: skip
    pages = int(response.get("usage", {}).get("elements_processed", 1) or 1)
    feats = {p: dict(r.features) for p, r in prediction.fields.items() if r.features is not None}
    read = _squeeze("\n".join(ln.text for page in prediction.document.pages for ln in page.lines))
    unread = frozenset(v for v in task.expected if _squeeze(v) not in read)
    return DocRun(task.doc_id, response, None, time.perf_counter() - t0, pages, _peak_rss_kb(), feats, unread)


def _squeeze(text: str) -> str:
    return "".join(text.split()).casefold()


def run_all(
    tasks: Sequence[Task], jobs: int = 1, ocr: str = "auto", ocr_cache: str | None = None
) -> Iterator[DocRun]:
    """Results in completion order. ``jobs > 1`` uses a spawn pool with the CPU threads split evenly;
    ``ocr_cache`` is a directory of OCR results shared by the workers (``groundex.ocr.cache``)."""
    if jobs <= 1:
        _init(ocr, None, ocr_cache)
        for task in tasks:
            yield run_one(task)
        return
    threads = max(1, (os.cpu_count() or 1) // jobs)
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(
        jobs, mp_context=ctx, initializer=_init, initargs=(ocr, threads, ocr_cache)
    ) as pool:
        futures = {pool.submit(run_one, t): t for t in tasks}
        for fut in as_completed(futures):
            task = futures[fut]
            try:
                yield fut.result()
            except Exception as exc:
                yield DocRun(task.doc_id, None, f"worker failed: {type(exc).__name__}: {exc}", 0.0, 0, 0)
