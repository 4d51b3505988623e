"""Test helpers: ``groundex serve`` as a subprocess on a free loopback port, and a venv with the official
``vlmrun`` client (its pins clash with ours). ``python -m tests.serving`` creates that venv."""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
VLMRUN = "vlmrun==0.9.2"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Served:
    """``groundex serve --data-dir DIR ARGS...`` on a free port; ``url`` is the server's root."""

    def __init__(self, data_dir: Path, *args: str, key: str | None = None) -> None:
        self.data_dir = data_dir
        self.args = args
        self.key = key
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data_dir.parent / f"{data_dir.name}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Served:
        command = [sys.executable, "-m", "groundex.cli", "serve", "--port", str(self.port)]
        command += ["--data-dir", str(self.data_dir), *self.args]
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"groundex serve exited {self.proc.returncode}:\n{self.log.read_text()}")
            try:
                httpx.get(f"{self.url}/v1/health", timeout=1)
                return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError(f"groundex serve did not answer within 60 s:\n{self.log.read_text()}")

    def client(self, key: str | None = None, timeout: float = 120) -> httpx.Client:
        key = self.key if key is None else key
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=f"{self.url}/v1", headers=headers, timeout=timeout)

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> Served:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def wait_for(client: httpx.Client, prediction_id: str, statuses: tuple[str, ...], seconds: float = 90) -> Any:
    """Poll ``GET /predictions/{id}`` until its status is one of ``statuses``."""
    deadline = time.monotonic() + seconds
    while True:
        body = client.get(f"/predictions/{prediction_id}").json()
        if body["status"] in statuses or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


def vlmrun_python() -> Path:
    """The python of a venv holding the official client (``$GROUNDEX_VLMRUN_VENV`` or
    ``.cache/vlmrun-venv``), created on first use under a file lock."""
    venv = Path(os.environ.get("GROUNDEX_VLMRUN_VENV") or ROOT / ".cache" / "vlmrun-venv")
    python = venv / "bin" / "python"
    venv.parent.mkdir(parents=True, exist_ok=True)
    with (venv.parent / f"{venv.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        check = [str(python), "-c", f"import vlmrun.version as v; assert v.__version__ == {VLMRUN[8:]!r}"]
        if not python.exists() or subprocess.run(check, capture_output=True).returncode != 0:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", VLMRUN]
            subprocess.run(pip, check=True, timeout=900)
    return python


if __name__ == "__main__":
    print(vlmrun_python())
