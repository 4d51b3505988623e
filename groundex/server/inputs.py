"""Request inputs turned into stored files: uploads, data URLs, http(s) URLs; several images become
the pages of one multi-page TIFF."""

from __future__ import annotations

import base64
import binascii
from io import BytesIO

from PIL import Image

from groundex.load import PDF_MEDIA_TYPE, load, sniff
from groundex.server import fetch
from groundex.server.problems import ApiError
from groundex.server.settings import Settings
from groundex.server.store import FileRecord, Store


def store_bytes(
    store: Store, settings: Settings, data: bytes, filename: str | None, purpose: str
) -> FileRecord:
    """Check size and format (413, 415, 422 for empty) and store ``data``."""
    if not data:
        raise ApiError(422, "the file is empty")
    if len(data) > settings.max_upload_bytes:
        limit = settings.max_upload_bytes
        raise ApiError(413, f"the file is {len(data)} bytes, above the upload limit of {limit}")
    return store.save_file(data, filename, purpose, sniff(data))


def decode_data_url(value: str, max_bytes: int) -> bytes:
    """The bytes of a ``data:<type>;base64,<data>`` URL."""
    head, sep, payload = value.partition(",")
    if not sep or not head.endswith(";base64"):
        raise ApiError(400, "an image is neither a base64 data URL (data:image/png;base64,...) nor a URL")
    if len(payload) > max_bytes * 4 // 3 + 4:
        raise ApiError(413, f"an image is larger than the upload limit of {max_bytes} bytes")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(400, "an image data URL is not valid base64") from None


def read_source(value: str, settings: Settings) -> tuple[bytes, str | None]:
    """The bytes (and a file name) of a data URL or an http(s) URL."""
    if value.startswith("data:"):
        return decode_data_url(value, settings.max_upload_bytes), None
    return fetch.fetch(value, settings.max_upload_bytes, settings.url_timeout, settings.allow_private_urls)


def image_file(store: Store, settings: Settings, images: list[str]) -> FileRecord:
    """One stored file for the images of ``POST /v1/image/generate``."""
    if len(images) > settings.max_pages:
        raise ApiError(413, f"{len(images)} images, above the page limit of {settings.max_pages}")
    sources = [read_source(value, settings) for value in images]
    if len(sources) == 1:
        data, name = sources[0]
        return store_bytes(store, settings, data, name, "vision")
    pages: list[Image.Image] = []
    for index, (data, _) in enumerate(sources):
        if not data:
            raise ApiError(422, f"image {index} is empty")
        if sniff(data) == PDF_MEDIA_TYPE:
            raise ApiError(415, f"image {index} is a PDF: send documents to /v1/document/generate")
        with load(data, pages=[0], limits=settings.limits) as loaded:
            pages.append(loaded.pages[0].render().copy())
    out = BytesIO()
    pages[0].save(out, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
    return store_bytes(store, settings, out.getvalue(), "images.tiff", "vision")
