"""Speed and memory of groundex on this machine, as ratios against the bare read (OCR or text layer).

Each case runs in a fresh process so its peak RSS is its own. Usage::

    python benchmarks/bench.py [--repeat 3] [--markdown]
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2 as pdfium

from groundex.load import load
from groundex.pipeline import Extractor
from groundex.read import read
from groundex.synth import invoice_doc, license_doc


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    schema: str
    pages: int


def _a4_scan() -> bytes:
    pdf = pdfium.PdfDocument(invoice_doc(pages=2, seed=3).data)
    image = pdf[0].render(scale=300 / 72).to_pil().convert("RGB")
    pdf.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def _digital(pages: int) -> bytes:
    src = pdfium.PdfDocument(invoice_doc(pages=3, seed=4).data)
    out = pdfium.PdfDocument.new()
    while len(out) < pages:
        out.import_pages(src, list(range(min(3, pages - len(out)))))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def cases() -> list[Case]:
    return [
        Case(
            "license photo (1280x960 JPEG)",
            license_doc("aamva-numbered", 1, "photo").data,
            "document.us-drivers-license",
            1,
        ),
        Case("A4 scan, 300 dpi (2480x3508 PNG)", _a4_scan(), "document.invoice", 1),
        Case("born-digital PDF, 10 pages", _digital(10), "document.invoice", 10),
        Case("born-digital PDF, 100 pages", _digital(100), "document.invoice", 100),
    ]


def _timed(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: engines load, caches fill
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _run_case(case: Case, repeat: int, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    ex = Extractor()

    def bare() -> None:
        with load(case.data) as loaded:
            read(loaded, ocr="auto")

    base = _timed(bare, repeat)
    full = _timed(lambda: ex.extract(case.data, case.schema), repeat)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((base, full, rss))


def _batch_worker(docs: list[bytes], threads: int, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    os.environ["OMP_NUM_THREADS"] = str(threads)
    ex = Extractor()
    for data in docs:
        ex.extract(data, "document.us-drivers-license")
    queue.put(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def batch(workers: int, docs: list[bytes]) -> tuple[float, float]:
    """Documents per second with ``workers`` processes (engine load included; the cores are split between
    them), and peak RSS per worker."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    t = time.perf_counter()
    threads = max(1, (os.cpu_count() or 1) // workers)
    procs = [
        ctx.Process(target=_batch_worker, args=(docs[i::workers], threads, queue)) for i in range(workers)
    ]
    for p in procs:
        p.start()
    rss = max(queue.get() for _ in procs)
    for p in procs:
        p.join()
    return len(docs) / (time.perf_counter() - t), rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch", type=int, default=16, help="license documents in the batch runs")
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    print(f"machine: {platform.machine()}, {mp.cpu_count()} cores, Python {platform.python_version()}")
    columns = (
        "document",
        "pages",
        "bare read s/page",
        "extract s/page",
        "pages/s",
        "ratio to bare read",
        "peak RSS MB",
    )
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|")
    for case in cases():
        queue = ctx.Queue()
        proc = ctx.Process(target=_run_case, args=(case, args.repeat, queue))
        proc.start()
        base, full, rss = queue.get()
        proc.join()
        print(
            f"| {case.name} | {case.pages} | {base / case.pages:.4f} | {full / case.pages:.4f} | "
            f"{case.pages / full:.1f} | {full / base:.2f} | {rss:.0f} |"
        )
    docs = [
        license_doc(layout, seed, "photo").data
        for seed in range(args.batch // 4)
        for layout in ("aamva-numbered", "classic", "labels-above", "colon")
    ]
    print()
    print("| batch of license photos | docs/s | peak RSS per worker MB |")
    print("|---|---|---|")
    for workers in (1, 2):
        rate, rss = batch(workers, docs)
        label = f"{workers} worker process{'es' if workers > 1 else ''}, {len(docs)} docs"
        print(f"| {label} | {rate:.2f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
