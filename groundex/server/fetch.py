"""Outbound HTTP with limits: URL inputs and webhook deliveries. The host is resolved once, every address
is checked (private, loopback and link-local ones are refused unless allowed) and the connection goes to
the checked address, so a second DNS answer cannot redirect it."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from groundex.server.problems import ApiError

_REDIRECTS = 3
_CHUNK = 64 * 1024


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address
        self.tls = ssl.create_default_context()

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, allow_private: bool) -> tuple[str, int, str]:
    """``(host, port, address)`` for an http(s) URL whose host resolves to allowed addresses only;
    ApiError 400 otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ApiError(400, f"unsupported URL {url[:200]!r}: use an http or https URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, ValueError) as exc:
        raise ApiError(400, f"cannot resolve the host of {url[:200]!r}: {exc}") from None
    addresses = [str(info[4][0]) for info in infos]
    if not allow_private:
        refused = [a for a in addresses if not _public(a)]
        if refused:
            raise ApiError(
                400,
                f"refusing URL {url[:200]!r}: {parts.hostname} resolves to a private or local address"
                f" ({refused[0]}); start the server with --allow-private-urls to permit it",
            )
    return parts.hostname, port, addresses[0]


def _open(
    method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float, allow_private: bool
) -> tuple[http.client.HTTPResponse, str]:
    for _ in range(_REDIRECTS + 1):
        host, port, address = check_url(url, allow_private)
        parts = urlsplit(url)
        kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
        conn = kind(host, port, address, timeout)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target, body=body, headers={"User-Agent": "groundex", **headers})
        response = conn.getresponse()
        location = response.getheader("Location")
        if method == "GET" and response.status in (301, 302, 303, 307, 308) and location:
            response.close()
            conn.close()
            url = urljoin(url, location)
            continue
        return response, url
    raise ApiError(400, f"too many redirects fetching {url[:200]!r}")


def fetch(url: str, max_bytes: int, timeout: float, allow_private: bool) -> tuple[bytes, str]:
    """The body of ``url`` and a file name for it. ApiError: 400 refused or failed, 413 larger than
    ``max_bytes``, 408 slower than ``timeout`` seconds in all."""
    deadline = time.monotonic() + timeout
    try:
        response, final = _open("GET", url, None, {}, timeout, allow_private)
        with response:
            if response.status != 200:
                raise ApiError(400, f"fetching {url[:200]!r} failed: HTTP {response.status}")
            declared = response.getheader("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise ApiError(413, f"{url[:200]!r} is {declared} bytes, above the limit of {max_bytes}")
            chunks: list[bytes] = []
            total = 0
            while chunk := response.read(_CHUNK):
                total += len(chunk)
                if total > max_bytes:
                    raise ApiError(413, f"{url[:200]!r} is larger than the upload limit of {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunks.append(chunk)
    except TimeoutError:
        raise ApiError(408, f"fetching {url[:200]!r} took longer than {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise ApiError(400, f"cannot fetch {url[:200]!r}: {exc or type(exc).__name__}") from None
    name = PurePosixPath(unquote(urlsplit(final).path)).name or "download"
    return b"".join(chunks), name


def post(url: str, body: bytes, headers: dict[str, str], timeout: float, allow_private: bool) -> int:
    """POST ``body`` to ``url`` (no redirects); the HTTP status. Raises ApiError or OSError."""
    try:
        response, _ = _open("POST", url, body, headers, timeout, allow_private)
    except http.client.HTTPException as exc:
        raise OSError(str(exc) or type(exc).__name__) from None
    with response:
        response.read(_CHUNK)
        return response.status
