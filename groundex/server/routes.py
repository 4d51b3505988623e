"""The ``/v1`` routes: VLM Run's API plus the page pictures viewers need."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from importlib.metadata import version
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Path, Query, Request, Response, UploadFile

from groundex.server import inputs
from groundex.server import models as m
from groundex.server.fetch import check_url
from groundex.server.jobs import Jobs
from groundex.server.problems import ApiError
from groundex.server.settings import Settings
from groundex.server.store import FileRecord, Store
from groundex.server.worker import compile_schema


@dataclass(frozen=True)
class Services:
    """What the routes work with; one per app."""

    settings: Settings
    store: Store
    jobs: Jobs


def _services(request: Request) -> Services:
    return cast(Services, request.app.state.services)


Svc = Annotated[Services, Depends(_services)]
Skip = Annotated[int, Query(ge=0, description="how many to skip (newest first)")]
Limit = Annotated[int, Query(ge=1, le=1000, description="how many to return")]
FileId = Annotated[str, Path(description="the id `POST /v1/files` returned")]
_PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": m.Problem, "description": text}
    for code, text in {
        400: "bad request: a bad option, or a URL refused or not fetched",
        401: "missing or wrong API key",
        404: "no such file or prediction",
        408: "the prediction (or fetching a URL) took longer than the time limit",
        413: "the upload or document is larger than the limits (bytes, pages, pixels)",
        415: "the file is not an image or PDF",
        422: "invalid schema, unknown domain, unreadable document or invalid body",
    }.items()
}
_PENDING_USAGE: dict[str, Any] = {"elements_processed": None, "element_type": None, "credits_used": 0}

router = APIRouter(responses=_PROBLEMS)


@router.get("/health", response_model=m.Health, tags=["meta"])
def health() -> m.Health:
    """200 when the server is up (and, with API keys configured, the key is valid)."""
    return m.Health(version=version("groundex"))


@router.get("/models", response_model=list[m.ModelInfo], tags=["meta"])
def models() -> list[m.ModelInfo]:
    """The model and the domains it serves (any ``model`` value is accepted by the generate routes)."""
    from groundex.domains import domain_names

    return [m.ModelInfo(model="groundex", domain=name) for name in domain_names()]


@router.get("/domains", response_model=list[m.Domain], tags=["meta"])
def domains() -> list[m.Domain]:
    """Every named domain (the VLM Run hub catalog)."""
    from groundex.domains import domain_names

    return [m.Domain(domain=name) for name in domain_names()]


@router.post("/schema", response_model=m.Schema, tags=["meta"])
def schema(body: m.SchemaRequest) -> m.Schema:
    """The JSON Schema of a domain (or of ``config.json_schema``) with a GraphQL-style field list."""
    from groundex.domains import domain_model

    description = None
    if body.config is not None and body.config.json_schema is not None:
        js = body.config.json_schema
    else:
        model = domain_model(body.domain)
        js = model.model_json_schema()
        description = (model.__doc__ or "").strip().split("\n")[0] or None
    compiled = compile_schema(None, js)
    canonical = json.dumps(js, sort_keys=True, separators=(",", ":"))
    return m.Schema(
        domain=body.domain,
        description=description,
        schema_version=version("vlmrun-hub"),
        schema_hash=hashlib.sha256(canonical.encode()).hexdigest()[:8],
        gql_stmt=_gql(compiled.root),
        json_schema=js,
    )


def _gql(node: Any) -> str:
    from groundex.schema import Arr, Obj

    parts = []
    for key, child in node.props:
        inner = child.item if isinstance(child, Arr) else child
        parts.append(f"{key} {_gql(inner)}" if isinstance(inner, Obj) else key)
    return "{ " + " ".join(parts) + " }"


def _check(svc: Services, body: m.ImageRequest | m.DocumentRequest) -> None:
    """Reject a bad schema or callback before any input is fetched or stored."""
    compile_schema(body.domain, body.config.json_schema)
    if body.callback_url is not None:
        check_url(body.callback_url, svc.settings.allow_private_urls)


def _generate(svc: Services, file: FileRecord, body: m.ImageRequest | m.DocumentRequest) -> m.Prediction:
    config = body.config
    request = {
        "file_id": file.id,
        "domain": body.domain,
        "json_schema": config.json_schema,
        "page_indices": config.page_indices,
        "grounding": config.grounding,
        "confidence": config.confidence,
        "prompt": config.prompt,
        "model": body.model,
        "metadata": body.metadata,
        "batch": body.batch,
    }
    record = svc.store.add_prediction(body.domain, request, _PENDING_USAGE, body.callback_url)
    future = svc.jobs.submit(record, wait=not body.batch)
    if future is None:
        return m.Prediction.of(record)
    try:
        outcome = future.result(timeout=svc.settings.request_timeout + 30)
    except FutureTimeout:
        raise ApiError(503, "the workers did not answer in time") from None
    if outcome.status != "completed":
        raise ApiError(outcome.http_status, outcome.message or "the prediction failed")
    done = svc.store.get_prediction(record.id)
    assert done is not None
    return m.Prediction.of(done)


@router.post("/image/generate", response_model=m.Prediction, status_code=201, tags=["generate"])
def image_generate(body: m.ImageRequest, svc: Svc) -> m.Prediction:
    """Extract from images (data URLs or http(s) URLs). ``batch=false`` answers with the completed
    prediction; ``batch=true`` answers at once with a ``pending`` one to poll."""
    _check(svc, body)
    return _generate(svc, inputs.image_file(svc.store, svc.settings, body.images), body)


@router.post("/document/generate", response_model=m.Prediction, status_code=201, tags=["generate"])
def document_generate(body: m.DocumentRequest, svc: Svc) -> m.Prediction:
    """Extract from an uploaded file (image or PDF) or a URL; ``batch`` as for images."""
    _check(svc, body)
    if body.file_id is not None:
        file = _file(svc, body.file_id)
    else:
        assert body.url is not None
        data, name = inputs.read_source(body.url, svc.settings)
        file = inputs.store_bytes(svc.store, svc.settings, data, name, "assistants")
    return _generate(svc, file, body)


@router.post("/files", response_model=m.File, status_code=201, tags=["files"])
def upload(file: UploadFile, svc: Svc, purpose: m.Purpose = "assistants") -> m.File:
    """Upload an image or PDF (multipart field ``file``); the same bytes again give the same file."""
    data = file.file.read(svc.settings.max_upload_bytes + 1)
    return m.File.of(inputs.store_bytes(svc.store, svc.settings, data, file.filename, purpose))


@router.get("/files", response_model=list[m.File], tags=["files"])
def list_files(svc: Svc, skip: Skip = 0, limit: Limit = 10) -> list[m.File]:
    """Stored files, newest first."""
    return [m.File.of(r) for r in svc.store.list_files(skip, limit)]


@router.get("/files/hash/{md5}", response_model=m.File, tags=["files"])
def file_by_hash(md5: str, svc: Svc) -> m.File:
    """The file with this MD5 (how clients skip uploading the same bytes twice); 404 when none."""
    record = svc.store.file_by_md5(md5)
    if record is None:
        raise ApiError(404, f"no file with md5 {md5}")
    return m.File.of(record)


def _file(svc: Services, file_id: str) -> FileRecord:
    record = svc.store.get_file(file_id)
    if record is None or not svc.store.path(file_id).exists():
        raise ApiError(404, f"no file {file_id}")
    return record


@router.get("/files/{file_id}", response_model=m.File, tags=["files"])
def get_file(file_id: FileId, svc: Svc) -> m.File:
    """One file's metadata."""
    return m.File.of(_file(svc, file_id))


@router.delete("/files/{file_id}", response_model=m.File, tags=["files"])
def delete_file(file_id: FileId, svc: Svc) -> m.File:
    """Delete a file and its bytes; returns what was deleted."""
    record = svc.store.delete_file(file_id)
    if record is None:
        raise ApiError(404, f"no file {file_id}")
    return m.File.of(record)


@router.get("/files/{file_id}/pages", response_model=m.Pages, tags=["files"])
def file_pages(file_id: FileId, svc: Svc) -> m.Pages:
    """How many pages the file has and each page's pixel size as rendered."""
    from groundex.server.pages import page_sizes

    _file(svc, file_id)
    sizes = page_sizes(svc.store.path(file_id), svc.settings.limits)
    return m.Pages(count=len(sizes), sizes=sizes)


@router.get(
    "/files/{file_id}/pages/{index}.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "the page as a PNG"}},
    tags=["files"],
)
def file_page_png(
    file_id: FileId,
    index: Annotated[int, Path(ge=0, description="0-based page index")],
    svc: Svc,
    max_side: Annotated[int, Query(ge=16, le=8192, description="longest side in pixels")] = 1600,
) -> Response:
    """Page ``index`` as a PNG, in the frame the boxes are normalized to (EXIF orientation applied)."""
    from groundex.server.pages import page_png

    _file(svc, file_id)
    png = page_png(svc.store.path(file_id), index, max_side, svc.settings.limits)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/predictions", response_model=list[m.Prediction], tags=["predictions"])
def list_predictions(svc: Svc, skip: Skip = 0, limit: Limit = 10) -> list[m.Prediction]:
    """Predictions, newest first."""
    return [m.Prediction.of(r) for r in svc.store.list_predictions(skip, limit)]


@router.get("/predictions/{prediction_id}", response_model=m.Prediction, tags=["predictions"])
def get_prediction(prediction_id: str, svc: Svc) -> m.Prediction:
    """One prediction: ``pending``, ``running``, ``completed`` (with ``response``) or ``failed`` (with
    ``message``)."""
    record = svc.store.get_prediction(prediction_id)
    if record is None:
        raise ApiError(404, f"no prediction {prediction_id}")
    return m.Prediction.of(record)
