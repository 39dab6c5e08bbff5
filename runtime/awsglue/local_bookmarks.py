"""Job bookmarks kept in a local JSON file, so a re-run of a local job continues where it stopped.

Glue keeps, per job and per ``transformation_ctx``, the highest bookmark-key value a committed
run read. Here the state lives in ``$DDBM_GLUE_BOOKMARK_DIR/<job name>.json``; a read stages the new
high-water mark and only ``Job.commit()`` writes it (atomically: temp file + rename), so a failed
run leaves the previous state untouched.
"""

import datetime as _dt
import json
import os
import re
import tempfile
from decimal import Decimal
from typing import Any, Dict, Optional

ENV_DIR = "DDBM_GLUE_BOOKMARK_DIR"


class BookmarkError(ValueError):
    """The bookmark state file is unreadable or holds a value of an unknown type."""


def encode_value(value: Any) -> Dict[str, str]:
    """A bookmark value with its type, so it is compared as the same type on the next run."""
    if isinstance(value, bool):
        raise BookmarkError("a boolean column cannot be a bookmark key")
    if isinstance(value, int):
        return {"type": "int", "value": str(value)}
    if isinstance(value, Decimal):
        return {"type": "decimal", "value": str(value)}
    if isinstance(value, float):
        return {"type": "float", "value": repr(value)}
    if isinstance(value, _dt.datetime):
        return {"type": "datetime", "value": value.isoformat()}
    if isinstance(value, _dt.date):
        return {"type": "date", "value": value.isoformat()}
    if isinstance(value, str):
        return {"type": "str", "value": value}
    raise BookmarkError(f"unsupported bookmark value type {type(value).__name__}")


def decode_value(doc: Dict[str, str]) -> Any:
    kind, text = doc.get("type"), doc.get("value")
    if not isinstance(text, str):
        raise BookmarkError("bookmark value is missing")
    decoders = {
        "int": int, "decimal": Decimal, "float": float, "str": str,
        "datetime": _dt.datetime.fromisoformat, "date": _dt.date.fromisoformat,
    }
    if kind not in decoders:
        raise BookmarkError(f"unknown bookmark value type {kind!r}")
    try:
        return decoders[kind](text)
    except ValueError as exc:
        raise BookmarkError(f"bad {kind} bookmark value: {exc}") from None


class BookmarkStore:
    """Committed and staged bookmark values of one job, keyed by ``transformation_ctx``."""

    def __init__(self, job_name: str, directory: str):
        safe = re.sub(r"[^A-Za-z0-9_.\-]", "_", job_name) or "job"
        self.path = os.path.join(directory, f"{safe}.json")
        self._committed: Dict[str, Any] = {}
        self._staged: Dict[str, Any] = {}
        if os.path.exists(self.path):
            try:
                with open(self.path, encoding="utf-8") as handle:
                    doc = json.load(handle)
            except (OSError, ValueError) as exc:
                raise BookmarkError(f"cannot read bookmark state {self.path}: {exc}") from None
            self._committed = dict(doc.get("contexts", {})) if isinstance(doc, dict) else {}

    def last_value(self, ctx: str, key: str) -> Optional[Any]:
        """The committed high-water mark of ``key`` under ``ctx`` (None: never committed)."""
        entry = self._committed.get(ctx)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        return decode_value(entry["value"])

    def stage(self, ctx: str, key: str, value: Any) -> None:
        self._staged[ctx] = {"key": key, "value": encode_value(value)}

    def commit(self) -> None:
        if not self._staged:
            return
        state = dict(self._committed)
        state.update(self._staged)
        directory = os.path.dirname(self.path)
        os.makedirs(directory, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"contexts": state}, handle, indent=2, sort_keys=True)
        os.replace(temp, self.path)
        self._committed, self._staged = state, {}
