"""Persistence: files (bytes on disk, rows in SQLite) and predictions, in one SQLite database in WAL mode."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY, filename TEXT, bytes INTEGER NOT NULL, md5 TEXT NOT NULL, purpose TEXT NOT NULL,
    media_type TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS files_md5 ON files (md5);
CREATE TABLE IF NOT EXISTS predictions (
    id TEXT PRIMARY KEY, created_at TEXT NOT NULL, completed_at TEXT, status TEXT NOT NULL, domain TEXT,
    request TEXT NOT NULL, response TEXT, usage TEXT NOT NULL, message TEXT, callback_url TEXT,
    callback_state TEXT, attempts INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS predictions_status ON predictions (status);
"""


def now() -> str:
    """The current UTC time, ISO 8601."""
    return datetime.now(timezone.utc).isoformat()


@dataclass(frozen=True)
class FileRecord:
    id: str
    filename: str | None
    bytes: int
    md5: str
    purpose: str
    media_type: str
    created_at: str


@dataclass(frozen=True)
class PredictionRecord:
    """``request`` holds what is needed to run (or re-run) the prediction: file id, schema, config."""

    id: str
    created_at: str
    completed_at: str | None
    status: str
    domain: str | None
    request: dict[str, Any]
    response: Any
    usage: dict[str, Any]
    message: str | None
    callback_url: str | None
    callback_state: str | None
    attempts: int


class Store:
    """One connection shared by the server's threads under a lock; the bytes of file ``id`` are at
    ``<data_dir>/files/<id>``."""

    def __init__(self, data_dir: Path) -> None:
        self.files_dir = data_dir / "files"
        self.files_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._save_lock = threading.Lock()
        self._db = sqlite3.connect(
            data_dir / "groundex.sqlite3", check_same_thread=False, isolation_level=None
        )
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _all(self, sql: str, *args: object) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _run(self, sql: str, *args: object) -> int:
        with self._lock:
            return self._db.execute(sql, args).rowcount

    # ------------------------------------------------------------ files

    def path(self, file_id: str) -> Path:
        return self.files_dir / file_id

    def save_file(self, data: bytes, filename: str | None, purpose: str, media_type: str) -> FileRecord:
        """Store ``data`` once: the same bytes uploaded again give the record already stored."""
        md5 = hashlib.md5(data).hexdigest()
        with self._save_lock:
            existing = self.file_by_md5(md5)
            if existing is not None:
                return existing
            record = FileRecord(str(uuid.uuid4()), filename, len(data), md5, purpose, media_type, now())
            tmp = self.path(record.id).with_suffix(".part")
            tmp.write_bytes(data)
            os.replace(tmp, self.path(record.id))
            self._run(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                record.id, record.filename, record.bytes, record.md5, record.purpose, record.media_type,
                record.created_at,
            )  # fmt: skip
            return record

    def get_file(self, file_id: str) -> FileRecord | None:
        rows = self._all("SELECT * FROM files WHERE id = ?", file_id)
        return FileRecord(**dict(rows[0])) if rows else None

    def file_by_md5(self, md5: str) -> FileRecord | None:
        rows = self._all("SELECT * FROM files WHERE md5 = ? ORDER BY created_at LIMIT 1", md5.lower())
        return FileRecord(**dict(rows[0])) if rows else None

    def list_files(self, skip: int, limit: int) -> list[FileRecord]:
        rows = self._all("SELECT * FROM files ORDER BY created_at DESC LIMIT ? OFFSET ?", limit, skip)
        return [FileRecord(**dict(r)) for r in rows]

    def delete_file(self, file_id: str) -> FileRecord | None:
        record = self.get_file(file_id)
        if record is not None:
            self._run("DELETE FROM files WHERE id = ?", file_id)
            self.path(file_id).unlink(missing_ok=True)
        return record

    # ------------------------------------------------------------ predictions

    def add_prediction(
        self, domain: str | None, request: dict[str, Any], usage: dict[str, Any], callback_url: str | None
    ) -> PredictionRecord:
        record = PredictionRecord(
            id=str(uuid.uuid4()), created_at=now(), completed_at=None, status="pending", domain=domain,
            request=request, response=None, usage=usage, message=None, callback_url=callback_url,
            callback_state="pending" if callback_url else None, attempts=0,
        )  # fmt: skip
        self._run(
            "INSERT INTO predictions VALUES (?, ?, NULL, 'pending', ?, ?, NULL, ?, NULL, ?, ?, 0)",
            record.id, record.created_at, domain, json.dumps(request), json.dumps(usage), callback_url,
            record.callback_state,
        )  # fmt: skip
        return record

    def get_prediction(self, prediction_id: str) -> PredictionRecord | None:
        rows = self._all("SELECT * FROM predictions WHERE id = ?", prediction_id)
        return _prediction(rows[0]) if rows else None

    def list_predictions(self, skip: int, limit: int) -> list[PredictionRecord]:
        rows = self._all("SELECT * FROM predictions ORDER BY created_at DESC LIMIT ? OFFSET ?", limit, skip)
        return [_prediction(r) for r in rows]

    def unfinished(self) -> list[PredictionRecord]:
        """Predictions still ``pending`` or ``running``, oldest first."""
        rows = self._all(
            "SELECT * FROM predictions WHERE status IN ('pending', 'running') ORDER BY created_at"
        )
        return [_prediction(r) for r in rows]

    def mark_running(self, prediction_id: str) -> bool:
        """``pending`` -> ``running`` (counting the attempt); False when the prediction is not pending."""
        changed = self._run(
            "UPDATE predictions SET status = 'running', attempts = attempts + 1 "
            "WHERE id = ? AND status = 'pending'",
            prediction_id,
        )
        return changed == 1

    def release(self, prediction_id: str, refund: bool) -> None:
        """``running`` -> ``pending``; ``refund`` uncounts the attempt (the server stopped it on purpose)."""
        self._run(
            "UPDATE predictions SET status = 'pending', attempts = MAX(attempts - ?, 0) "
            "WHERE id = ? AND status = 'running'",
            int(refund), prediction_id,
        )  # fmt: skip

    def finish(
        self, prediction_id: str, status: str, response: Any, usage: dict[str, Any], message: str | None
    ) -> None:
        """Record the outcome (``completed`` or ``failed``) of an unfinished prediction."""
        self._run(
            "UPDATE predictions SET status = ?, completed_at = ?, response = ?, usage = ?, message = ? "
            "WHERE id = ? AND status IN ('pending', 'running')",
            status, now(), json.dumps(response), json.dumps(usage), message, prediction_id,
        )  # fmt: skip

    def set_callback_state(self, prediction_id: str, state: str) -> None:
        self._run("UPDATE predictions SET callback_state = ? WHERE id = ?", state, prediction_id)

    def undelivered(self) -> list[PredictionRecord]:
        """Finished predictions whose callback has not been delivered yet."""
        rows = self._all(
            "SELECT * FROM predictions WHERE callback_state = 'pending' "
            "AND status IN ('completed', 'failed') ORDER BY completed_at"
        )
        return [_prediction(r) for r in rows]


def _prediction(row: sqlite3.Row) -> PredictionRecord:
    data = dict(row)
    data["request"] = json.loads(data["request"])
    data["usage"] = json.loads(data["usage"])
    data["response"] = json.loads(data["response"]) if data["response"] is not None else None
    return PredictionRecord(**data)
