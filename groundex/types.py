"""Frozen core types shared by every stage. Coordinates are normalized (0..1, top-left origin)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from PIL import Image


@dataclass(frozen=True, slots=True)
class BBox:
    """A normalized box ``x, y, w, h`` on a 0-based ``page``."""

    x: float
    y: float
    w: float
    h: float
    page: int = 0

    @property
    def x1(self) -> float:
        return self.x + self.w

    @property
    def y1(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def area(self) -> float:
        return max(self.w, 0.0) * max(self.h, 0.0)

    @classmethod
    def from_xyxy(cls, x0: float, y0: float, x1: float, y1: float, page: int = 0) -> BBox:
        """Normalized corners to a box, clipped to the page."""
        x0, x1 = sorted((min(max(x0, 0.0), 1.0), min(max(x1, 0.0), 1.0)))
        y0, y1 = sorted((min(max(y0, 0.0), 1.0), min(max(y1, 0.0), 1.0)))
        return cls(x0, y0, x1 - x0, y1 - y0, page)

    @classmethod
    def from_pixels(
        cls, x0: float, y0: float, x1: float, y1: float, width: float, height: float, page: int = 0
    ) -> BBox:
        """Pixel corners on a ``width`` x ``height`` page to a normalized box."""
        return cls.from_xyxy(x0 / width, y0 / height, x1 / width, y1 / height, page)

    def to_pixels(self, width: float, height: float) -> tuple[float, float, float, float]:
        """Pixel corners ``x0, y0, x1, y1`` on a ``width`` x ``height`` page."""
        return (self.x * width, self.y * height, self.x1 * width, self.y1 * height)

    def union(self, other: BBox) -> BBox:
        """The smallest box holding both (same page)."""
        return BBox.from_xyxy(
            min(self.x, other.x),
            min(self.y, other.y),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
            self.page,
        )

    def shared_height(self, other: BBox) -> float:
        """Height this box shares with ``other``, pages aside (negative: the gap between them)."""
        return min(self.y1, other.y1) - max(self.y, other.y)

    def intersection(self, other: BBox) -> float:
        """Area shared with ``other``; 0 on different pages."""
        if self.page != other.page:
            return 0.0
        w = min(self.x1, other.x1) - max(self.x, other.x)
        h = min(self.y1, other.y1) - max(self.y, other.y)
        return w * h if w > 0 and h > 0 else 0.0

    def iou(self, other: BBox) -> float:
        """Intersection over union; 0 on different pages."""
        inter = self.intersection(other)
        if inter == 0.0:
            return 0.0
        return inter / (self.area + other.area - inter)

    def xywh(self, digits: int = 4) -> list[float]:
        return [round(self.x, digits), round(self.y, digits), round(self.w, digits), round(self.h, digits)]


@dataclass(frozen=True, slots=True)
class Word:
    """One recognized word with its box and reading confidence (0..1)."""

    text: str
    bbox: BBox
    confidence: float = 1.0
    source: str = "pdf-text"
    angle: float = 0.0
    """Slope of the printed line the word sits on, in radians of the image (0 = level)."""
    line: int = -1
    """The reader's own line this word was read in (words sharing one were detected as one line of text);
    -1 when the reader does not say."""


@dataclass(frozen=True, slots=True)
class Line:
    """Words printed together on one row with no wide gap between them (at least one word)."""

    words: tuple[Word, ...]
    row: int = 0
    bbox: BBox = field(init=False, compare=False, repr=False)
    text: str = field(init=False, compare=False, repr=False)
    page: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        boxes = [w.bbox for w in self.words]
        box = BBox.from_xyxy(
            min(b.x for b in boxes),
            min(b.y for b in boxes),
            max(b.x1 for b in boxes),
            max(b.y1 for b in boxes),
            boxes[0].page,
        )
        object.__setattr__(self, "bbox", box)
        object.__setattr__(self, "text", " ".join(w.text for w in self.words))
        object.__setattr__(self, "page", boxes[0].page)


@dataclass(frozen=True)
class Page:
    """A page as read: its words and lines, and the image it was read from (internal only)."""

    index: int
    width: int
    height: int
    words: tuple[Word, ...]
    lines: tuple[Line, ...]
    source: str
    image: Image.Image | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Document:
    """Pages plus provenance."""

    pages: tuple[Page, ...]
    name: str
    media_type: str
    page_count: int
    ocr_pages: tuple[int, ...] = ()


class Kind(str, Enum):
    """The value type of a schema leaf."""

    STRING = "string"
    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    ENUM = "enum"
    ANY = "any"


@dataclass(frozen=True)
class FieldSpec:
    """One leaf of the schema.

    ``path`` uses dots for nesting and ``[]`` for list elements (``items[].unit_price``);
    ``context`` holds the titles/descriptions of the enclosing objects, innermost first.
    """

    path: str
    name: str
    kind: Kind
    title: str = ""
    description: str = ""
    format: str | None = None
    enum: tuple[str, ...] = ()
    required: bool = False
    nullable: bool = True
    context: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()

    @property
    def in_list(self) -> bool:
        return "[]" in self.path

    @property
    def parent(self) -> str:
        return self.path.rpartition(".")[0]


Status = Literal["exact", "fuzzy", "inferred", "not_found"]
Bucket = Literal["hi", "med", "low"]


@dataclass(frozen=True)
class Evidence:
    """The words a value was read from and how well the value matches them."""

    words: tuple[Word, ...]
    status: Status
    label: tuple[Word, ...] = ()
    method: str = ""
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Grounding:
    """One box of a value: the raw text printed there and its reading confidence."""

    content: str
    bbox: BBox
    confidence: float


@dataclass(frozen=True)
class Signals:
    """What is known about one located value when its confidence is set."""

    method: str
    role: str
    status: Status
    score: float
    boxes: tuple[Grounding, ...]
    margin: float
    support: int
    labelled: bool
    in_list: bool


@dataclass(frozen=True)
class FieldResult:
    """A resolved, grounded leaf value. ``path`` has concrete list indices (``items[2].total_price``)."""

    path: str
    value: object
    evidence: Evidence
    confidence: float
    bucket: Bucket
    boxes: tuple[Grounding, ...] = ()
    spec: FieldSpec | None = field(default=None, repr=False, compare=False)
    features: Mapping[str, float] | None = field(default=None, repr=False, compare=False)
    """The named evidence features its confidence was computed from (``calibrate.features``)."""

    @property
    def status(self) -> Status:
        return self.evidence.status
