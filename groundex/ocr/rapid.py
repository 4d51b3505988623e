"""RapidOCR 3.x (PP-OCR ONNX models bundled in the wheel), word boxes from its line results."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import math
import os
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from PIL import Image

from groundex.errors import EngineError
from groundex.ocr.base import split_line
from groundex.ocr.reread import missed_starts, stacked
from groundex.ocr.tighten import snap_to_gaps, tighten
from groundex.types import BBox, Word

__all__ = ["RapidEngine"]

MISSED_SCORE = 0.6
"""Least recognizer score for a word read from ink the detector missed (``RapidEngine._missed``)."""
_MODELS = ("PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx", "ch_ppocr_mobile_v2.0_cls_mobile.onnx")


def _quiet() -> None:
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)


class RapidEngine:
    """PP-OCR detection + recognition through onnxruntime, loaded once per engine.

    Lines are split into words with RapidOCR's word boxes when they agree with the line text,
    otherwise proportionally to character counts; rotated quadrilaterals become axis-aligned
    bounds. Calls are serialized with a lock.
    """

    name: ClassVar[str] = "rapidocr"

    def __init__(self) -> None:
        ok, reason = self.available()
        if not ok:
            raise EngineError(f"rapidocr unavailable: {reason}")
        _quiet()
        from rapidocr import RapidOCR

        self._lock = threading.Lock()
        try:
            self._ocr: Any = RapidOCR(params={"Global.log_level": "warning", **_thread_params()})
        except Exception as exc:
            raise EngineError(f"rapidocr failed to start: {exc}") from exc
        self._use_cls = bool(self._ocr.use_cls)
        _quiet()

    @classmethod
    def available(cls) -> tuple[bool, str]:
        """Whether rapidocr and onnxruntime import and the bundled models are present."""
        try:
            spec = importlib.util.find_spec("rapidocr")
            ort = importlib.util.find_spec("onnxruntime")
        except (ImportError, ValueError) as exc:
            return False, f"rapidocr not importable: {exc}"
        if spec is None or spec.origin is None:
            return False, "rapidocr not installed"
        if ort is None:
            return False, "onnxruntime not installed"
        models = Path(spec.origin).parent / "models"
        missing = [m for m in _MODELS if not (models / m).is_file()]
        if missing:
            return False, f"bundled model missing: {missing[0]} (models are never downloaded)"
        try:
            version = importlib.metadata.version("onnxruntime")
        except importlib.metadata.PackageNotFoundError:
            version = "?"
        return True, f"rapidocr PP-OCRv6 (onnxruntime {version})"

    def recognize(self, image: Image.Image, page: int) -> list[Word]:
        """Word-level OCR of ``image``; boxes normalized to ``image``."""
        width, height = image.size
        if width < 2 or height < 2:
            return []
        array = np.asarray(image.convert("RGB"))[:, :, ::-1].copy()  # BGR, as for ndarray input
        with self._lock:
            try:
                result = self._ocr(
                    array, use_det=True, use_cls=self._use_cls, use_rec=True, return_word_box=True
                )
            except Exception as exc:
                raise EngineError(f"rapidocr failed: {exc}") from exc
        txts = getattr(result, "txts", None)
        boxes = getattr(result, "boxes", None)
        scores = getattr(result, "scores", None)
        if not txts or boxes is None or scores is None:
            return []
        word_results = getattr(result, "word_results", ()) or ()
        gray = np.asarray(image.convert("L"))
        aligned = len(word_results) == len(txts)
        read: list[tuple[tuple[float, float, float, float], list[Word]]] = []
        for i, (text, quad, score) in enumerate(zip(txts, boxes, scores, strict=False)):
            text = " ".join(str(text).split())
            if not text:
                continue
            pts = np.asarray(quad, dtype=float).reshape(-1, 2)
            x0, y0 = pts.min(axis=0)
            x1, y1 = pts.max(axis=0)
            words = (
                _from_word_boxes(text, word_results[i], width, height, page, self.name) if aligned else None
            )
            if words is None:
                words = split_line(text, x0, y0, x1, y1, width, height, page, float(score), self.name)
            angle = _angle(pts)
            bounds = (float(x0), float(y0), float(x1), float(y1))
            snapped = snap_to_gaps(words, bounds, gray)
            read.append((bounds, [replace(w, angle=angle, line=i) for w in snapped]))
        drop = stacked([bounds for bounds, _ in read])
        kept = [line for i, line in enumerate(read) if i not in drop]
        out = [w for _, words in kept for w in words]
        out.extend(self._missed(array, gray, [bounds for bounds, _ in kept], page))
        return tighten(out, gray)

    def _missed(
        self, array: np.ndarray, gray: np.ndarray, lines: list[tuple[float, float, float, float]], page: int
    ) -> list[Word]:
        """Words read from the ink just left of detected lines that no detected box covers
        (``reread.missed_starts``; a box stacking several lines' tokens is dropped first, ``reread.stacked``):
        kept when the recognizer is sure of one plain token (``_plain_token``)."""
        height, width = gray.shape
        out = []
        for x0, y0, x1, y1 in missed_starts(gray, lines):
            with self._lock:
                try:
                    result = self._ocr(
                        array[y0:y1, x0:x1], use_det=False, use_cls=False, use_rec=True, return_word_box=False
                    )
                except Exception as exc:
                    raise EngineError(f"rapidocr failed: {exc}") from exc
            text = " ".join(str(t) for t in (getattr(result, "txts", None) or ())).strip()
            score = float((getattr(result, "scores", None) or [0.0])[0])
            if score < MISSED_SCORE or not _plain_token(text):
                continue
            out.append(Word(text, BBox.from_pixels(x0, y0, x1, y1, width, height, page), score, self.name))
        return out


_ROUND_MARKS = frozenset("CcOo")
"""Letters the recognizer makes of round marks (a bracket, a ring drawn around a value, a punched hole)."""


def _plain_token(text: str) -> bool:
    """One token of plain letters, digits and common punctuation with a letter or digit in it, and not a
    lone round letter (``_ROUND_MARKS``)."""
    return (
        bool(text)
        and " " not in text
        and all(c.isascii() and c.isprintable() for c in text)
        and any(c.isalnum() for c in text)
        and text not in _ROUND_MARKS
    )


def _thread_params() -> dict[str, int]:
    """onnxruntime keeps its own thread pool: honour ``OMP_NUM_THREADS`` (set by worker pools) for it too."""
    value = os.environ.get("OMP_NUM_THREADS", "")
    if not value.isdigit() or int(value) < 1:
        return {}
    return {"EngineConfig.onnxruntime.intra_op_num_threads": int(value)}


def _angle(pts: np.ndarray) -> float:
    """Slope of a detected text line (radians) from its top edge; 0 for short or odd boxes."""
    if len(pts) < 2:
        return 0.0
    dx, dy = float(pts[1][0] - pts[0][0]), float(pts[1][1] - pts[0][1])
    if dx <= 0 or abs(dy) > dx:
        return 0.0
    return math.atan2(dy, dx)


def _from_word_boxes(
    text: str, items: Sequence[Any], width: int, height: int, page: int, source: str
) -> list[Word] | None:
    """Regroup RapidOCR word/char boxes into whitespace words; None when they do not match."""
    parts: list[tuple[str, float, tuple[float, float, float, float]]] = []
    for item in items:
        try:
            part, conf, quad = item
        except (TypeError, ValueError):
            return None
        part = "".join(str(part).split())
        if not part or quad is None:
            continue
        pts = np.asarray(quad, dtype=float).reshape(-1, 2)
        if pts.size == 0:
            return None
        (bx0, by0), (bx1, by1) = pts.min(axis=0), pts.max(axis=0)
        parts.append((part, float(conf), (float(bx0), float(by0), float(bx1), float(by1))))
    if "".join(p[0] for p in parts) != text.replace(" ", ""):
        return None
    out: list[Word] = []
    k = 0
    for token in text.split():
        got = ""
        confs: list[float] = []
        box: list[float] = []
        while k < len(parts) and len(got) < len(token):
            part, conf, (bx0, by0, bx1, by1) = parts[k]
            got += part
            confs.append(conf)
            box = (
                [bx0, by0, bx1, by1]
                if not box
                else [min(box[0], bx0), min(box[1], by0), max(box[2], bx1), max(box[3], by1)]
            )
            k += 1
        if got != token or not box or box[2] <= box[0]:
            return None
        bbox = BBox.from_pixels(box[0], box[1], box[2], box[3], width, height, page)
        out.append(Word(token, bbox, min(max(min(confs), 0.0), 1.0), source))
    return out
