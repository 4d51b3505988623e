"""The result of one extraction: typed data, grounded fields, and the VLM Run wire format."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PIL import Image

from groundex.render.annotate import annotate
from groundex.render.vlmrun import grounded_response
from groundex.schema import Schema
from groundex.types import Document, FieldResult


@dataclass(frozen=True)
class Prediction:
    """``data`` is the user's model instance (or a dict for a JSON Schema); ``fields`` maps concrete paths
    (``address.city``, ``items[2].total_price``) to results."""

    id: str
    data: Any
    fields: Mapping[str, FieldResult]
    schema: Schema = field(repr=False)
    document: Document = field(repr=False)
    created_at: datetime
    completed_at: datetime
    timings: Mapping[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    grounding: bool = True
    page_images: Callable[[], dict[int, Image.Image]] | None = field(default=None, repr=False, compare=False)
    tokens: Mapping[str, int] = field(default_factory=dict)
    """Model tokens spent (``prompt_tokens``, ``completion_tokens``, ``total_tokens``), if a model ran."""

    def response(self, *, confidence: bool = True) -> dict[str, Any]:
        """The grounded JSON (``f`` and ``f_metadata`` at every level)."""
        return grounded_response(self.schema, self.fields, grounding=self.grounding, confidence=confidence)

    def to_vlmrun(self) -> dict[str, Any]:
        """VLM Run's ``PredictionResponse``."""
        pdf = self.document.media_type == "application/pdf"
        return {
            "id": self.id,
            "created_at": self.created_at.isoformat(),
            "completed_at": self.completed_at.isoformat(),
            "status": "completed",
            "response": self.response(),
            "usage": {
                "elements_processed": len(self.document.pages),
                "element_type": "page" if pdf else "image",
                "credits_used": 0,
                "duration_seconds": round((self.completed_at - self.created_at).total_seconds()),
                **self.tokens,
            },
            "domain": self.schema.domain,
        }

    def annotate(self) -> list[Image.Image]:
        """The pages with every grounded field boxed and labelled, in page order."""
        if self.page_images is None:
            return []
        drawn = annotate(self.page_images(), self.fields)
        return [drawn[k] for k in sorted(drawn)]
