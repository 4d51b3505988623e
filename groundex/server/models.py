"""Request and response bodies of the REST API (VLM Run's shapes; unknown request fields are ignored)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from groundex.server.store import FileRecord, PredictionRecord

Purpose = Literal[
    "fine-tune", "assistants", "assistants_output", "batch", "batch_output", "vision", "datasets"
]
Status = Literal["enqueued", "pending", "running", "completed", "failed", "paused"]

_INVOICE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "invoice_number": {"type": "string", "description": "Invoice number"},
        "total_amount": {"type": "number", "description": "Total amount due"},
    },
}


class GenerationConfig(BaseModel):
    """How to generate. ``json_schema`` overrides the domain's schema; ``grounding`` adds the boxes and
    ``confidence`` the confidence to ``f_metadata`` (with neither, the response is plain JSON);
    ``page_indices`` selects 0-based pages; ``prompt`` is kept with the prediction (the local engine
    does not use it). VLM Run's other options (``temperature``, ``max_tokens``, ...) are accepted and
    ignored."""

    prompt: str | None = None
    json_schema: dict[str, Any] | None = None
    grounding: bool = False
    confidence: bool = False
    page_indices: list[int] | None = Field(default=None, min_length=1)

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"grounding": True, "confidence": True, "page_indices": [0]}]}
    )

    @model_validator(mode="after")
    def _pages(self) -> GenerationConfig:
        if self.page_indices is not None and min(self.page_indices) < 0:
            raise ValueError("page_indices are 0-based and must not be negative")
        return self


class _Generate(BaseModel):
    domain: str | None = Field(default=None, description="a domain of `GET /v1/domains`")
    model: str = Field(default="vlm-1", description="accepted for compatibility; the local engine runs")
    batch: bool = Field(default=False, description="answer at once with a `pending` prediction")
    config: GenerationConfig = Field(default_factory=GenerationConfig)
    metadata: dict[str, Any] | None = None
    callback_url: str | None = Field(default=None, description="POSTed the prediction when it is done")


class ImageRequest(_Generate):
    """Images as data URLs (``data:image/jpeg;base64,...``) or http(s) URLs; several images are read as
    the pages of one document, in order."""

    images: list[str] = Field(min_length=1)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "images": ["data:image/jpeg;base64,/9j/4AAQSkZJRg..."],
                    "domain": "document.us-drivers-license",
                    "config": {"grounding": True, "confidence": True},
                }
            ]
        }
    )


class DocumentRequest(_Generate):
    """An uploaded file (``file_id`` of ``POST /v1/files``, image or PDF) or an http(s) ``url``."""

    file_id: str | None = None
    url: str | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "file_id": "0b6d4f7e-5d7a-4c1e-9a53-2f1f2f6c1b9e",
                    "domain": "document.invoice",
                    "batch": True,
                    "config": {"grounding": True, "page_indices": [0, 1]},
                    "callback_url": "https://example.com/hooks/groundex",
                },
                {"url": "https://example.com/invoice.pdf", "config": {"json_schema": _INVOICE_SCHEMA}},
            ]
        }
    )

    @model_validator(mode="after")
    def _one_source(self) -> DocumentRequest:
        if (self.file_id is None) == (self.url is None):
            raise ValueError("give exactly one of file_id and url")
        return self


class SchemaRequest(BaseModel):
    """The domain whose JSON Schema to return (``config.json_schema`` is returned as given)."""

    domain: str
    config: GenerationConfig | None = None

    model_config = ConfigDict(json_schema_extra={"examples": [{"domain": "document.invoice"}]})


class Usage(BaseModel):
    """VLM Run's usage; a model backend adds ``prompt_tokens``, ``completion_tokens``, ``total_tokens``."""

    elements_processed: int | None = None
    element_type: Literal["image", "page"] | None = None
    credits_used: int = 0
    duration_seconds: int = 0

    model_config = ConfigDict(extra="allow")


class Prediction(BaseModel):
    """VLM Run's ``PredictionResponse``; a failed prediction says why in ``message``."""

    id: str
    created_at: str
    completed_at: str | None = None
    status: Status
    response: Any = None
    usage: Usage
    domain: str | None = None
    message: str | None = None

    @classmethod
    def of(cls, record: PredictionRecord) -> Prediction:
        fields = ("id", "created_at", "completed_at", "status", "response", "usage", "domain", "message")
        return cls.model_validate({name: getattr(record, name) for name in fields})


class File(BaseModel):
    """VLM Run's ``FileResponse`` plus the sniffed ``media_type`` and the ``md5`` it is found by."""

    id: str
    filename: str | None
    bytes: int
    purpose: Purpose
    created_at: str
    object: Literal["file"] = "file"
    public_url: str | None = None
    media_type: str
    md5: str

    @classmethod
    def of(cls, record: FileRecord) -> File:
        return cls.model_validate(record, from_attributes=True)


class Pages(BaseModel):
    """The page count and each page's pixel size as rendered (boxes are normalized to these pages)."""

    count: int
    sizes: list[tuple[int, int]]

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"count": 2, "sizes": [[2550, 3300], [2550, 3300]]}]}
    )


class Domain(BaseModel):
    domain: str


class ModelInfo(BaseModel):
    model: str
    domain: str


class Schema(BaseModel):
    """VLM Run's ``SchemaResponse``."""

    domain: str
    description: str | None = None
    schema_version: str
    schema_hash: str
    gql_stmt: str
    json_schema: dict[str, Any]


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str


class Problem(BaseModel):
    """Every error: a one-line reason."""

    detail: str = Field(examples=["not an image or PDF (starts with 'hello world!')"])
