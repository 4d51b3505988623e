"""The FastAPI app: ``/v1`` routes behind optional API keys, JSON errors, a request body cap, and the
playground's static files at ``/``."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from groundex.errors import GroundexError
from groundex.server import models as m
from groundex.server.jobs import Jobs
from groundex.server.problems import ApiError, one_line, status_for
from groundex.server.routes import Services, router
from groundex.server.settings import Settings
from groundex.server.store import PredictionRecord, Store
from groundex.server.webhooks import Webhooks

PLAYGROUND = Path(__file__).resolve().parent.parent / "playground" / "static"
log = logging.getLogger("groundex.server")
_bearer = HTTPBearer(auto_error=False, description="an API key given to `groundex serve`")

DESCRIPTION = """VLM Run-compatible extraction on this machine: send an image or PDF and a domain or JSON
Schema, get JSON that conforms to it with `f_metadata` (confidence and boxes) beside every value.
The official `vlmrun` client works with `base_url="http://HOST:PORT/v1"`."""


def prediction_body(record: PredictionRecord) -> bytes:
    """The JSON a callback receives: the prediction as ``GET /v1/predictions/{id}`` returns it."""
    return json.dumps(m.Prediction.of(record).model_dump(mode="json"), separators=(",", ":")).encode()


def _require_key(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    keys: tuple[str, ...] = request.app.state.services.settings.api_keys
    if not keys:
        return
    given = credentials.credentials.encode() if credentials is not None else b""
    if not any(hmac.compare_digest(given, key.encode()) for key in keys):
        raise ApiError(401, "missing or invalid API key: send Authorization: Bearer <key>",
                       headers={"WWW-Authenticate": "Bearer"})  # fmt: skip


class BodyLimit:
    """413 for a request body larger than ``limit`` bytes, declared or streamed. A declared excess of
    moderate size is read and dropped first, so the client gets the answer instead of a reset."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            if int(declared) <= 8 * self.limit and headers.get(b"expect", b"").lower() != b"100-continue":
                while (await receive()).get("more_body"):
                    pass
            detail = f"the request body is {int(declared)} bytes, above the limit of {self.limit}"
            await JSONResponse({"detail": detail}, 413)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise HTTPException(413, f"the request body is larger than the limit of {self.limit} bytes")
            return message

        await self.app(scope, counted, send)


def _validation_detail(exc: RequestValidationError) -> str:
    errors = list(exc.errors())
    if not errors:
        return "invalid request"
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    detail = f"{where}: {message}" if where else message
    return detail + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, exc.status, headers=exc.headers)

    @app.exception_handler(GroundexError)
    async def groundex_error(request: Request, exc: GroundexError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_for(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"detail": one_line(str(exc.detail))}, exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_detail(exc)}, 422)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        reason = one_line(str(exc)) or type(exc).__name__
        return JSONResponse({"detail": f"internal error: {type(exc).__name__}: {reason}"}, 500)


def create_app(settings: Settings) -> FastAPI:
    """The app for ``settings``; workers start and unfinished predictions resume when it starts."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(settings.data_dir)
    webhooks = Webhooks(settings, store, prediction_body)
    jobs = Jobs(settings, store, on_finish=webhooks.enqueue)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        webhooks.start()
        resumed = jobs.start()
        if resumed:
            log.warning("resumed %d unfinished prediction(s)", resumed)
        yield
        jobs.stop()
        webhooks.stop()
        store.close()

    from groundex import __version__

    app = FastAPI(title="groundex", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.services = Services(settings, store, jobs)
    app.add_middleware(BodyLimit, limit=settings.body_limit)
    _install_errors(app)
    app.include_router(router, prefix="/v1", dependencies=[Depends(_require_key)])
    if PLAYGROUND.is_dir():
        app.mount("/", StaticFiles(directory=PLAYGROUND, html=True), name="playground")
    return app
