"""Ground truth of a synthetic document: what is printed where."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from groundex.types import BBox

PixBox = tuple[float, float, float, float]
"""Corners ``x0, y0, x1, y1`` in the renderer's units (pixels or PDF points, top-left origin)."""


@dataclass(frozen=True)
class TruthField:
    """One printed leaf: its concrete path, normalized value and one box per printed run."""

    path: str
    value: object
    boxes: tuple[BBox, ...]


@dataclass(frozen=True)
class SynthDoc:
    """A generated document (file bytes) with the truth of every printed field."""

    name: str
    data: bytes
    media_type: str
    pages: int
    truth: Mapping[str, TruthField]


def union(*boxes: PixBox) -> PixBox:
    """The smallest box holding all ``boxes``."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@dataclass
class TruthBuilder:
    """Collects fields in renderer units while drawing; normalizes them at the end."""

    entries: dict[str, tuple[object, list[tuple[int, PixBox]]]] = field(default_factory=dict)

    def add(self, path: str, value: object, *boxes: PixBox, page: int = 0) -> None:
        """Record ``value`` at ``path``, printed in ``boxes`` on ``page`` (appends boxes if repeated)."""
        old = self.entries.get(path)
        runs = old[1] if old else []
        runs.extend((page, b) for b in boxes)
        self.entries[path] = (value, runs)

    def build(
        self, width: float, height: float, transform: Callable[[PixBox], PixBox] | None = None
    ) -> dict[str, TruthField]:
        """Normalized truth on a ``width`` x ``height`` page, after an optional pixel ``transform``."""
        out: dict[str, TruthField] = {}
        for path, (value, runs) in self.entries.items():
            boxes = []
            for page, box in runs:
                b = transform(box) if transform else box
                boxes.append(BBox.from_pixels(*b, width, height, page=page))
            out[path] = TruthField(path, value, tuple(boxes))
        return out


def truth_json(doc: SynthDoc) -> dict[str, object]:
    """The truth as plain JSON: ``path -> {value, boxes: [{page, bbox: [x, y, w, h]}]}``."""
    return {
        path: {
            "value": f.value,
            "boxes": [{"page": b.page, "bbox": b.xywh()} for b in f.boxes],
        }
        for path, f in doc.truth.items()
    }
