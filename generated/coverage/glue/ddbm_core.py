"""The pure core of every ddb-migrate Glue job: row -> item, write policy, writer, outputs.

Generated job scripts (``glue/<table>.py``) only wire Spark and Glue together; everything that
decides *what* is written and *how* lives here so it can be unit-tested without Spark. This module
imports only the standard library and boto3 (lazily: converting rows needs neither).

Sections, in order:
  1. the job spec (the JSON document the compiler embeds per table) and the run settings
  2. value conversion: view column value -> DynamoDB AttributeValue (CONTRACT.md section 5)
  3. item size by DynamoDB's rules, ``row_to_item``, key-collision marking
  4. the write policy (``build_put_request``, CONTRACT.md section 6)
  5. retry classification, the token bucket, the circuit breaker, counters, the ``Writer``
  6. dead-letter lines, outputs (file:// and s3://), ``process_partition``, the run summary
"""

import base64
import binascii
import datetime as _dt
import json
import logging
import math
import os
import random
import re
import shutil
import tempfile
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple, Union

log = logging.getLogger("ddbm")

SPEC_VERSION = 1
SUMMARY_VERSION = 1

#: DynamoDB's maximum item size (names + values), 400 KB.
MAX_ITEM_BYTES = 400 * 1024
#: DynamoDB's maximum nesting depth for M and L values.
MAX_NESTING_DEPTH = 32
#: DynamoDB numbers carry at most 38 significant digits ...
MAX_NUMBER_DIGITS = 38
#: ... with a magnitude between 1E-130 and 9.99..E+125.
MIN_NUMBER_EXPONENT = -130
MAX_NUMBER_EXPONENT = 125

ATTRIBUTE_TYPES = ("S", "N", "B", "SS", "NS", "BS", "M", "L", "BOOL", "NULL")
KEY_TYPES = ("S", "N", "B")
WRITE_MODES = ("if-absent", "if-newer", "overwrite")

# Dead-letter reasons. They are part of the summary format that `status`/`report` read.
REASON_MISSING_KEY = "missing-key"
REASON_INVALID_JSON = "invalid-json"
REASON_INVALID_VALUE = "invalid-value"
REASON_MISSING_VERSION = "missing-version"
REASON_ITEM_TOO_LARGE = "item-too-large"
REASON_KEY_COLLISION = "key-collision"
REASON_RETRIES_EXHAUSTED = "retries-exhausted"
REASON_WRITE_REJECTED = "write-rejected"

_IDENTIFIER_MAX = 255


class SpecError(ValueError):
    """The embedded job spec is malformed: a compiler bug or a hand-edited script, never data."""


class SettingsError(ValueError):
    """A ``--ddbm_*`` job argument is missing or out of range."""


class CircuitOpen(RuntimeError):
    """Raised once by ``Writer.run`` when too many writes in the sliding window failed.

    It carries the partition's counters (already flushed: in-flight writes were awaited) so the
    caller can still report exactly what happened before it stopped.
    """

    def __init__(self, message: str, counters: "Counters"):
        super().__init__(message)
        self.counters = counters


# ---------------------------------------------------------------------------------------------
# 1. Job spec and run settings
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttributeSpec:
    """One attribute of the item: its name and DynamoDB type."""

    name: str
    type: str


@dataclass(frozen=True)
class JobSpec:
    """The per-table job spec embedded in the generated script (see templates/glue/README.md)."""

    table: str
    view: str
    pk: str
    sk: Optional[str]
    gsi_keys: Tuple[str, ...]
    attributes: Tuple[AttributeSpec, ...]
    write_mode: str
    version_attribute: Optional[str]
    bookmark_attribute: Optional[str]
    entity_column: Optional[str]
    partition_column: str
    #: False when some branch of the view has no integer key (its `_partition_key` is NULL):
    #: the view is then read by one reader instead of by key ranges.
    partitioned: bool = True
    #: (table, integer key column) of each branch's row source: MIN/MAX of `_partition_key`
    #: read from them through their indexes instead of from the view, which MariaDB would
    #: first materialise whole when it is a UNION ALL of entities.
    bounds_from: Tuple[Tuple[str, str], ...] = ()

    def bounds_query(self) -> str:
        """The SQL that yields ``lo`` and ``hi`` of the partition key (NULLs when no rows)."""
        if not self.bounds_from:
            column = quote_identifier(self.partition_column)
            return f"SELECT MIN({column}) AS lo, MAX({column}) AS hi FROM {quote_identifier(self.view)}"
        parts = [f"SELECT MIN({quote_identifier(c)}) AS lo, MAX({quote_identifier(c)}) AS hi FROM {quote_identifier(t)}"
                 for t, c in self.bounds_from]
        return "SELECT MIN(b.lo) AS lo, MAX(b.hi) AS hi FROM (" + " UNION ALL ".join(parts) + ") AS b"

    @property
    def key_names(self) -> Tuple[str, ...]:
        """The table key attribute names, pk first."""
        return (self.pk,) if self.sk is None else (self.pk, self.sk)

    def attribute(self, name: str) -> Optional[AttributeSpec]:
        for attr in self.attributes:
            if attr.name == name:
                return attr
        return None

    @staticmethod
    def from_json(text: str) -> "JobSpec":
        """Parses and validates the spec document; raises ``SpecError`` with the exact problem."""
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise SpecError(f"job spec is not valid JSON: {exc}") from None
        return JobSpec.from_dict(doc)

    @staticmethod
    def from_dict(doc: Any) -> "JobSpec":
        if not isinstance(doc, dict):
            raise SpecError("job spec must be a JSON object")
        version = doc.get("spec_version")
        if version != SPEC_VERSION:
            raise SpecError(f"unsupported spec_version {version!r} (this core reads {SPEC_VERSION})")

        def name(key: str, optional: bool = False) -> Optional[str]:
            value = doc.get(key)
            if value is None and optional:
                return None
            if not isinstance(value, str) or not value or len(value) > _IDENTIFIER_MAX:
                raise SpecError(f"spec field '{key}' must be a non-empty string of at most 255 characters")
            return value

        table = name("table")
        if not re.fullmatch(r"[A-Za-z0-9_.\-]{3,255}", table):
            raise SpecError(f"spec field 'table' is not a valid DynamoDB table name: {table!r}")
        view, pk = name("view"), name("pk")
        sk = name("sk", optional=True)
        # A single-entity view has no entity column: the compiler sends null for it.
        entity_column, partition_column = name("entity_column", optional=True), name("partition_column")
        bookmark = name("bookmark_attribute", optional=True)

        raw_attrs = doc.get("attributes")
        if not isinstance(raw_attrs, list) or not raw_attrs:
            raise SpecError("spec field 'attributes' must be a non-empty array")
        attrs: List[AttributeSpec] = []
        seen = set()
        for index, raw in enumerate(raw_attrs):
            if not isinstance(raw, dict):
                raise SpecError(f"attributes[{index}] must be an object")
            attr_name, attr_type = raw.get("name"), raw.get("type")
            if not isinstance(attr_name, str) or not attr_name or len(attr_name.encode("utf-8")) > 65535:
                raise SpecError(f"attributes[{index}].name must be a non-empty string")
            if attr_type not in ATTRIBUTE_TYPES:
                raise SpecError(f"attributes[{index}] ('{attr_name}') has unknown type {attr_type!r}")
            if attr_name in (entity_column, partition_column):
                raise SpecError(f"attribute '{attr_name}' uses a reserved column name")
            if attr_name in seen:
                raise SpecError(f"attribute '{attr_name}' is listed twice")
            seen.add(attr_name)
            attrs.append(AttributeSpec(attr_name, attr_type))
        by_name = {a.name: a for a in attrs}

        for key_field, key_name in (("pk", pk), ("sk", sk)):
            if key_name is None:
                continue
            if key_name not in by_name:
                raise SpecError(f"key attribute '{key_name}' ({key_field}) is not in 'attributes'")
            if by_name[key_name].type not in KEY_TYPES:
                raise SpecError(f"key attribute '{key_name}' must be S, N or B, not {by_name[key_name].type}")

        gsi_keys = doc.get("gsi_keys", [])
        if not isinstance(gsi_keys, list) or not all(isinstance(g, str) and g for g in gsi_keys):
            raise SpecError("spec field 'gsi_keys' must be an array of attribute names")
        for gsi_key in gsi_keys:
            if gsi_key not in by_name:
                raise SpecError(f"GSI key attribute '{gsi_key}' is not in 'attributes'")
            if by_name[gsi_key].type not in KEY_TYPES:
                raise SpecError(f"GSI key attribute '{gsi_key}' must be S, N or B")

        write = doc.get("write") or {}
        if not isinstance(write, dict):
            raise SpecError("spec field 'write' must be an object")
        mode = write.get("mode", "if-absent")
        if mode not in WRITE_MODES:
            raise SpecError(f"write.mode must be one of {', '.join(WRITE_MODES)}, not {mode!r}")
        version = write.get("version_attribute")
        if mode == "if-newer":
            if not isinstance(version, str) or version not in by_name:
                raise SpecError("write.mode 'if-newer' needs write.version_attribute naming an attribute")
            if by_name[version].type not in ("N", "S"):
                raise SpecError(f"version attribute '{version}' must be N or S")
            if version in (pk, sk):
                raise SpecError(f"version attribute '{version}' cannot be a key attribute")
        elif version is not None and not isinstance(version, str):
            raise SpecError("write.version_attribute must be a string or null")
        if bookmark is not None and bookmark not in by_name:
            raise SpecError(f"bookmark attribute '{bookmark}' is not in 'attributes'")
        partitioned = doc.get("partitioned", True)
        if not isinstance(partitioned, bool):
            raise SpecError("spec field 'partitioned' must be true or false")
        raw_bounds = doc.get("bounds_from", [])
        if not isinstance(raw_bounds, list):
            raise SpecError("spec field 'bounds_from' must be an array")
        bounds_from = []
        for index, source in enumerate(raw_bounds):
            if not (isinstance(source, dict) and all(isinstance(source.get(k), str) and source.get(k)
                                                     and len(source[k]) <= _IDENTIFIER_MAX for k in ("table", "column"))):
                raise SpecError(f"bounds_from[{index}] must be an object with non-empty 'table' and 'column'")
            bounds_from.append((source["table"], source["column"]))

        return JobSpec(
            table=table, view=view, pk=pk, sk=sk, gsi_keys=tuple(gsi_keys), attributes=tuple(attrs),
            write_mode=mode, version_attribute=version if mode == "if-newer" else None,
            bookmark_attribute=bookmark, entity_column=entity_column, partition_column=partition_column,
            partitioned=partitioned, bounds_from=tuple(bounds_from),
        )


#: Job arguments the template requires (Glue fails the run early when one is missing).
REQUIRED_ARGUMENTS = (
    "JOB_NAME", "ddbm_connection", "ddbm_dead_letter_uri", "ddbm_report_uri", "ddbm_region",
)
#: Optional job arguments and their defaults (as Glue passes them: strings).
OPTIONAL_ARGUMENTS = {
    "ddbm_partitions": "4",
    "ddbm_max_concurrent_writes": "8",
    "ddbm_max_attempts": "8",
    "ddbm_failure_threshold": "0.5",
    "ddbm_failure_window": "100",
    "ddbm_max_write_units_per_second": "0",
    "ddbm_dynamodb_endpoint": "",
    "ddbm_metrics_namespace": "",
}


def resolve_job_arguments(argv: List[str], get_resolved_options: Callable) -> Dict[str, str]:
    """Reads required and optional ``--ddbm_*`` arguments with Glue's ``getResolvedOptions``.

    ``getResolvedOptions`` fails on any listed name that is absent, so optional names are only
    asked for when they appear in ``argv``; the rest take their documented defaults.
    """
    present = [n for n in OPTIONAL_ARGUMENTS if f"--{n}" in argv]
    resolved = dict(OPTIONAL_ARGUMENTS)
    # The run id names the summary and dead-letter files: `deploy --run` passes its own; a run
    # started any other way (console, schedule) uses the id Glue gives every run (JOB_RUN_ID).
    run_id = ["ddbm_run_id"] if "--ddbm_run_id" in argv else (["JOB_RUN_ID"] if "--JOB_RUN_ID" in argv else ["ddbm_run_id"])
    resolved.update(get_resolved_options(argv, list(REQUIRED_ARGUMENTS) + run_id + present))
    if "ddbm_run_id" not in resolved:
        resolved["ddbm_run_id"] = resolved.pop("JOB_RUN_ID")
    return resolved


@dataclass(frozen=True)
class RunSettings:
    """Run-time settings from the Glue job arguments (never from the contract)."""

    connection_name: str
    dead_letter_uri: str
    report_uri: str
    region: str
    run_id: str
    partitions: int = 4
    max_concurrent_writes: int = 8
    max_attempts: int = 8
    failure_threshold: float = 0.5
    failure_window: int = 100
    max_write_units_per_second: float = 0.0
    dynamodb_endpoint: Optional[str] = None
    #: CloudWatch namespace for the run's counters; none published when unset (local runs).
    metrics_namespace: Optional[str] = None

    @staticmethod
    def from_arguments(args: Dict[str, str]) -> "RunSettings":
        """Validates resolved job arguments; raises ``SettingsError`` naming the bad argument."""

        def text(key: str) -> str:
            value = args.get(key)
            if not isinstance(value, str) or not value.strip():
                raise SettingsError(f"--{key} is required")
            return value.strip()

        def integer(key: str, low: int, high: int) -> int:
            raw = args.get(key, OPTIONAL_ARGUMENTS[key])
            try:
                value = int(str(raw).strip())
            except ValueError:
                raise SettingsError(f"--{key} must be an integer, got {raw!r}") from None
            if not low <= value <= high:
                raise SettingsError(f"--{key} must be between {low} and {high}, got {value}")
            return value

        def number(key: str, low: float, high: float) -> float:
            raw = args.get(key, OPTIONAL_ARGUMENTS[key])
            try:
                value = float(str(raw).strip())
            except ValueError:
                raise SettingsError(f"--{key} must be a number, got {raw!r}") from None
            if not math.isfinite(value) or not low <= value <= high:
                raise SettingsError(f"--{key} must be between {low:g} and {high:g}, got {raw}")
            return value

        for key in ("ddbm_dead_letter_uri", "ddbm_report_uri"):
            if not text(key).startswith(("s3://", "file://")):
                raise SettingsError(f"--{key} must be an s3:// or file:// URI")
        run_id = text("ddbm_run_id")
        if not re.fullmatch(r"[A-Za-z0-9_.\-]{1,128}", run_id):
            raise SettingsError("--ddbm_run_id may only hold letters, digits, '_', '.', '-' (at most 128)")
        endpoint = (args.get("ddbm_dynamodb_endpoint") or "").strip() or None
        namespace = (args.get("ddbm_metrics_namespace") or "").strip() or None
        if namespace is not None and (len(namespace) > 255 or namespace.startswith("AWS/")):
            raise SettingsError("--ddbm_metrics_namespace must be at most 255 characters and not start with AWS/")
        return RunSettings(
            connection_name=text("ddbm_connection"),
            dead_letter_uri=text("ddbm_dead_letter_uri"),
            report_uri=text("ddbm_report_uri"),
            region=text("ddbm_region"),
            run_id=run_id,
            partitions=integer("ddbm_partitions", 1, 10000),
            max_concurrent_writes=integer("ddbm_max_concurrent_writes", 1, 256),
            max_attempts=integer("ddbm_max_attempts", 1, 100),
            failure_threshold=number("ddbm_failure_threshold", 0.0, 1.0),
            failure_window=integer("ddbm_failure_window", 1, 1_000_000),
            max_write_units_per_second=number("ddbm_max_write_units_per_second", 0.0, 1e9),
            dynamodb_endpoint=endpoint,
            metrics_namespace=namespace,
        )


def quote_identifier(name: str) -> str:
    """MySQL identifier quoting (backticks, embedded backticks doubled) for view/column names."""
    if "\x00" in name:
        raise SpecError("identifier contains a NUL character")
    return "`" + name.replace("`", "``") + "`"


# ---------------------------------------------------------------------------------------------
# 2. Value conversion
# ---------------------------------------------------------------------------------------------


class _Reject(Exception):
    """Internal: a value cannot become the declared DynamoDB type (reason + human detail)."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


_NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_BYTES_TYPES = (bytes, bytearray, memoryview)


def _text(value: Any) -> str:
    """S: the value as text, rendered the way MySQL's CAST(... AS CHAR) would."""
    if isinstance(value, str):
        return value
    if isinstance(value, _BYTES_TYPES):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise _Reject(REASON_INVALID_VALUE, "bytes are not valid UTF-8 text") from None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _Reject(REASON_INVALID_VALUE, "not a finite number")
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Reject(REASON_INVALID_VALUE, "not a finite number")
        return repr(value)
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    raise _Reject(REASON_INVALID_VALUE, f"cannot render a {type(value).__name__} as text")


def significant_digits(number: Decimal) -> int:
    """Digits between the first and last non-zero digit (exact: no context rounding)."""
    digits = "".join(map(str, number.as_tuple().digits)).strip("0")
    return max(1, len(digits))


def _decimal(value: Any) -> Decimal:
    """An exact Decimal for N; floats go through their shortest round-trip text, never binary."""
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _Reject(REASON_INVALID_VALUE, "not a finite number")
        number = Decimal(repr(value))
    elif isinstance(value, (str,) + _BYTES_TYPES):
        text = _text(value).strip()
        if not _NUMBER_TEXT.fullmatch(text):
            raise _Reject(REASON_INVALID_VALUE, "not a number")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise _Reject(REASON_INVALID_VALUE, "not a number") from None
    else:
        raise _Reject(REASON_INVALID_VALUE, f"cannot read a {type(value).__name__} as a number")
    if not number.is_finite():
        raise _Reject(REASON_INVALID_VALUE, "not a finite number")
    if number != 0:
        digits = significant_digits(number)
        if digits > MAX_NUMBER_DIGITS:
            raise _Reject(REASON_INVALID_VALUE, f"{digits} significant digits (DynamoDB keeps 38)")
        if not MIN_NUMBER_EXPONENT <= number.adjusted() <= MAX_NUMBER_EXPONENT:
            raise _Reject(REASON_INVALID_VALUE, "magnitude outside DynamoDB's range (1E-130 .. 1E+126)")
    return number


def _number_text(value: Any) -> str:
    number = _decimal(value)
    return "0" if number == 0 else str(number)


def _binary(value: Any) -> bytes:
    """B: raw bytes as they are; text is read as base64 (strictly)."""
    if isinstance(value, _BYTES_TYPES):
        return bytes(value)
    if isinstance(value, str):
        try:
            return base64.b64decode(value.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise _Reject(REASON_INVALID_VALUE, "text for a B attribute is not base64") from None
    raise _Reject(REASON_INVALID_VALUE, f"cannot read a {type(value).__name__} as binary")


_TRUE_TEXT = {"1", "true"}
_FALSE_TEXT = {"0", "false"}


def _boolean(value: Any) -> bool:
    """BOOL: from MySQL's 0/1 (any integer type, Decimal, text) or true/false."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        if value == 1:
            return True
        if value == 0:
            return False
    elif isinstance(value, (str,) + _BYTES_TYPES):
        try:
            text = _text(value).strip().lower()
        except _Reject:
            text = ""
        if text in _TRUE_TEXT:
            return True
        if text in _FALSE_TEXT:
            return False
    raise _Reject(REASON_INVALID_VALUE, "not a boolean (0/1/true/false)")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_json(value: Any) -> Any:
    """Parses JSON text with exact numbers (Decimal); NaN/Infinity and deep nesting are invalid."""
    if isinstance(value, (dict, list)):
        return value
    try:
        text = _text(value)
    except _Reject:
        raise _Reject(REASON_INVALID_JSON, "value is not JSON text") from None
    try:
        return json.loads(text, parse_float=Decimal, parse_int=Decimal, parse_constant=_reject_constant)
    except RecursionError:
        raise _Reject(REASON_INVALID_JSON, "JSON nested too deeply") from None
    except ValueError as exc:
        raise _Reject(REASON_INVALID_JSON, f"invalid JSON: {exc}") from None


def _json_to_av(value: Any, depth: int) -> Dict[str, Any]:
    """A parsed JSON value as an AttributeValue; depth is bounded by DynamoDB's 32 levels."""
    if depth > MAX_NESTING_DEPTH:
        raise _Reject(REASON_INVALID_JSON, f"JSON nested deeper than {MAX_NESTING_DEPTH} levels")
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, (Decimal, int, float)):
        return {"N": _number_text(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, list):
        return {"L": [_json_to_av(v, depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"M": {str(k): _json_to_av(v, depth + 1) for k, v in value.items()}}
    raise _Reject(REASON_INVALID_JSON, f"unexpected JSON value of type {type(value).__name__}")


def _set_elements(value: Any) -> List[Any]:
    if isinstance(value, (list, tuple, set, frozenset)):
        elements = list(value)
    else:
        elements = _parse_json(value)
        if not isinstance(elements, list):
            raise _Reject(REASON_INVALID_JSON, "a set attribute needs a JSON array")
    return [e for e in elements if e is not None]


def _string_set(value: Any) -> List[str]:
    out: List[str] = []
    seen = set()
    for element in _set_elements(value):
        if isinstance(element, (bool, dict, list)):
            raise _Reject(REASON_INVALID_VALUE, "SS elements must be strings")
        text = _text(element)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def _number_set(value: Any) -> List[str]:
    out: List[str] = []
    seen = set()
    for element in _set_elements(value):
        if isinstance(element, (bool, dict, list)):
            raise _Reject(REASON_INVALID_VALUE, "NS elements must be numbers")
        number = _decimal(element)
        if number not in seen:  # 1 and 1.0 are the same DynamoDB number
            seen.add(number)
            out.append(_number_text(number))
    return out


def _binary_set(value: Any) -> List[bytes]:
    out: List[bytes] = []
    seen = set()
    for element in _set_elements(value):
        data = _binary(element)
        if data not in seen:
            seen.add(data)
            out.append(data)
    return out


def to_attribute_value(value: Any, attr_type: str) -> Optional[Dict[str, Any]]:
    """Converts one non-NULL view value to a low-level AttributeValue (``{"S": "..."}``).

    Returns None when the value is present but must not be written (an empty set). Raises
    ``_Reject`` (internal) when the value cannot have the declared type.
    """
    if attr_type == "S":
        return {"S": _text(value)}
    if attr_type == "N":
        return {"N": _number_text(value)}
    if attr_type == "B":
        return {"B": _binary(value)}
    if attr_type == "BOOL":
        return {"BOOL": _boolean(value)}
    if attr_type == "NULL":
        return {"NULL": True}
    if attr_type in ("M", "L"):
        parsed = _parse_json(value)
        expected = dict if attr_type == "M" else list
        if not isinstance(parsed, expected):
            kind = "object" if attr_type == "M" else "array"
            raise _Reject(REASON_INVALID_JSON, f"an {attr_type} attribute needs a JSON {kind}")
        return _json_to_av(parsed, 1)
    if attr_type == "SS":
        elements = _string_set(value)
    elif attr_type == "NS":
        elements = _number_set(value)
    elif attr_type == "BS":
        elements = _binary_set(value)
    else:
        raise _Reject(REASON_INVALID_VALUE, f"unknown attribute type {attr_type}")
    return {attr_type: elements} if elements else None


# ---------------------------------------------------------------------------------------------
# 3. Item size, row_to_item, key collisions
# ---------------------------------------------------------------------------------------------


def number_size(text: str) -> int:
    """Bytes DynamoDB bills for a number: 1 byte per two significant digits, plus 1.

    This is the documented formula (leading and trailing zeros trimmed); a negative number takes
    one more byte in DynamoDB's encoding, which we count too so the estimate never falls short.
    """
    number = Decimal(text)
    if number == 0:
        return 2
    return (significant_digits(number) + 1) // 2 + 1 + (1 if number < 0 else 0)


def attribute_value_size(value: Dict[str, Any], depth: int = 1) -> int:
    """Bytes of one AttributeValue by DynamoDB's item-size rules.

    S: UTF-8 bytes; N: ``number_size``; B: raw bytes; BOOL/NULL: 1; sets: sum of elements;
    M/L: 3 bytes of overhead plus, per element, 1 byte and its value (and, for M, its key name).
    """
    if depth > MAX_NESTING_DEPTH + 1:
        raise ValueError("attribute value nested deeper than DynamoDB allows")
    (kind, inner), = value.items()
    if kind == "S":
        return len(inner.encode("utf-8"))
    if kind == "N":
        return number_size(inner)
    if kind == "B":
        return len(inner)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(s.encode("utf-8")) for s in inner)
    if kind == "NS":
        return sum(number_size(n) for n in inner)
    if kind == "BS":
        return sum(len(b) for b in inner)
    if kind == "L":
        return 3 + sum(1 + attribute_value_size(v, depth + 1) for v in inner)
    if kind == "M":
        return 3 + sum(1 + len(k.encode("utf-8")) + attribute_value_size(v, depth + 1) for k, v in inner.items())
    raise ValueError(f"unknown AttributeValue type {kind}")


def item_size(attributes: Dict[str, Dict[str, Any]]) -> int:
    """Bytes of a whole item: every attribute name (UTF-8) plus its value."""
    return sum(len(name.encode("utf-8")) + attribute_value_size(av) for name, av in attributes.items())


@dataclass
class Item:
    """A converted row ready to be written: low-level attributes, its size and its source row."""

    attributes: Dict[str, Dict[str, Any]]
    size: int
    row: Dict[str, Any]

    def key(self, spec: JobSpec) -> Tuple:
        """A hashable identity of the table key (numbers compared by value, as DynamoDB does)."""
        parts = []
        for name in spec.key_names:
            (kind, inner), = self.attributes[name].items()
            parts.append(Decimal(inner) if kind == "N" else inner)  # Decimal equality is exact
        return tuple(parts)


@dataclass
class DeadLetter:
    """A row that was not written, why, and (for write failures) how hard we tried."""

    row: Dict[str, Any]
    reason: str
    detail: str
    attempts: int = 0
    last_error: Optional[str] = None


def _is_empty(av: Dict[str, Any]) -> bool:
    (kind, inner), = av.items()
    return kind in ("S", "B") and len(inner) == 0


def row_to_item(row: Dict[str, Any], spec: JobSpec) -> Union[Item, DeadLetter]:
    """Turns one view row into an item exactly as CONTRACT.md section 5 says, or a dead letter.

    NULL values are absent attributes; reserved columns and columns not in the spec are never
    written; a NULL/empty table key is ``missing-key``; NULL/empty GSI keys are omitted (sparse);
    empty sets are omitted; over 400 KB is ``item-too-large``.
    """
    attributes: Dict[str, Dict[str, Any]] = {}
    for attr in spec.attributes:
        raw = row.get(attr.name)
        if raw is None:
            continue
        try:
            av = to_attribute_value(raw, attr.type)
        except _Reject as rejected:
            return DeadLetter(row, rejected.reason, f"attribute '{attr.name}' ({attr.type}): {rejected.detail}")
        if av is not None:
            attributes[attr.name] = av

    for key_name in spec.key_names:
        if key_name not in attributes or _is_empty(attributes[key_name]):
            return DeadLetter(row, REASON_MISSING_KEY, f"key attribute '{key_name}' is NULL or empty")
    for gsi_key in spec.gsi_keys:
        if gsi_key in attributes and _is_empty(attributes[gsi_key]):
            del attributes[gsi_key]
    if spec.write_mode == "if-newer" and spec.version_attribute not in attributes:
        return DeadLetter(row, REASON_MISSING_VERSION,
                          f"version attribute '{spec.version_attribute}' is NULL (needed by if-newer)")

    size = item_size(attributes)
    if size > MAX_ITEM_BYTES:
        return DeadLetter(row, REASON_ITEM_TOO_LARGE, f"item is {size} bytes (DynamoDB allows {MAX_ITEM_BYTES})")
    return Item(attributes, size, row)


def mark_key_collisions(outcomes: Iterable[Union[Item, DeadLetter]], spec: JobSpec
                        ) -> Iterator[Union[Item, DeadLetter]]:
    """Turns every group of *adjacent* items sharing a table key into ``key-collision`` dead letters.

    No item of a colliding key is written (which one would win is arbitrary). The job sorts each
    partition by key after hashing rows to partitions by key, so all rows of a key are adjacent;
    dead letters from conversion pass straight through.
    """
    group: List[Item] = []
    group_key: Optional[Tuple] = None

    def flush() -> Iterator[Union[Item, DeadLetter]]:
        if len(group) == 1:
            yield group[0]
        else:
            for item in group:
                yield DeadLetter(item.row, REASON_KEY_COLLISION, f"{len(group)} rows share one table key")

    for outcome in outcomes:
        if isinstance(outcome, DeadLetter):
            yield outcome
            continue
        key = outcome.key(spec)
        if group and key != group_key:
            yield from flush()
            group = []
        group.append(outcome)
        group_key = key
    if group:
        yield from flush()


# ---------------------------------------------------------------------------------------------
# 4. Write policy
# ---------------------------------------------------------------------------------------------


def build_put_request(item: Item, spec: JobSpec) -> Dict[str, Any]:
    """The ``put_item`` arguments for an item under the table's write mode (CONTRACT.md section 6).

    Every attribute name goes through ``ExpressionAttributeNames``: a name is never pasted into
    expression text, so reserved words and odd characters in names are harmless.
    """
    request: Dict[str, Any] = {
        "TableName": spec.table,
        "Item": item.attributes,
        "ReturnConsumedCapacity": "TOTAL",
    }
    if spec.write_mode == "if-absent":
        request["ConditionExpression"] = "attribute_not_exists(#pk)"
        request["ExpressionAttributeNames"] = {"#pk": spec.pk}
    elif spec.write_mode == "if-newer":
        request["ConditionExpression"] = "attribute_not_exists(#pk) OR #v < :v"
        request["ExpressionAttributeNames"] = {"#pk": spec.pk, "#v": spec.version_attribute}
        request["ExpressionAttributeValues"] = {":v": item.attributes[spec.version_attribute]}
    return request


def estimated_write_units(item: Item) -> int:
    """Write capacity units of a standard PutItem: one per started KB of item size."""
    return max(1, math.ceil(item.size / 1024))


# ---------------------------------------------------------------------------------------------
# 5. Retries, rate limit, circuit breaker, counters, writer
# ---------------------------------------------------------------------------------------------

CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailedException"
THROTTLING_CODES = frozenset({
    "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
    "Throttling", "TooManyRequestsException",
})
SERVER_ERROR_CODES = frozenset({"InternalServerError", "InternalFailure", "ServiceUnavailable"})


def error_code(exc: BaseException) -> Optional[str]:
    """The AWS error code of a botocore ``ClientError`` (duck-typed), else None."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code else None
    return None


def _http_status(exc: BaseException) -> Optional[int]:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return status if isinstance(status, int) else None
    return None


def _is_connection_error(exc: BaseException) -> bool:
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return True
    try:
        from botocore import exceptions as bce
    except ImportError:  # the core is usable without botocore (unit tests with fakes)
        return False
    return isinstance(exc, (bce.ConnectionError, bce.HTTPClientError))


def is_retryable(exc: BaseException) -> bool:
    """Throttling, 5xx and connection errors are retried; everything else is final."""
    code = error_code(exc)
    if code in THROTTLING_CODES or code in SERVER_ERROR_CODES:
        return True
    status = _http_status(exc)
    if status is not None and status >= 500:
        return True
    return code is None and _is_connection_error(exc)


def describe_error(exc: BaseException) -> str:
    """A one-line description of a write error (code and message; never the item)."""
    code = error_code(exc)
    if code:
        message = getattr(exc, "response", {}).get("Error", {}).get("Message", "")
        return f"{code}: {message}"[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


def full_jitter_delay(attempt: int, base: float, cap: float, rng: Callable[[], float]) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base * 2**(attempt-1))]."""
    return rng() * min(cap, base * (2 ** (attempt - 1)))


_TOKEN_EPSILON = 1e-9
_MIN_WAIT_SECONDS = 0.001


class TokenBucket:
    """A thread-safe token bucket in write capacity units per second.

    Writers take an *estimate* before a put and settle with the ``ConsumedCapacity`` DynamoDB
    reports after it, so the meter follows what was really consumed. The balance may go negative
    (a large item) and later writers wait it off. The burst is small (a tenth of a second of rate,
    at least one unit) so a run cannot overshoot the ceiling by a full second's worth at start.
    """

    def __init__(self, rate: float, burst: Optional[float] = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = float(rate)
        self.capacity = float(burst) if burst is not None else max(1.0, self.rate / 10.0)
        self._tokens = self.capacity
        self._clock, self._sleep = clock, sleep
        self._last = clock()
        self._lock = threading.Lock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
        self._last = now

    def acquire(self, units: float) -> None:
        """Blocks until the balance covers ``units`` (capped at the burst), then debits them."""
        need = min(units, self.capacity)
        while True:
            with self._lock:
                self._refill()
                if self._tokens + _TOKEN_EPSILON >= need:  # float refills may land a hair short
                    self._tokens -= units
                    return
                delay = max(_MIN_WAIT_SECONDS, (need - self._tokens) / self.rate)
            self._sleep(delay)

    def settle(self, estimated: float, consumed: Optional[float]) -> None:
        """Corrects an earlier ``acquire(estimated)`` by what was really consumed (None: keep)."""
        if consumed is None:
            return
        with self._lock:
            self._tokens = min(self.capacity, self._tokens + estimated - consumed)


class CircuitBreaker:
    """Trips when, over the last ``window`` writes, the failure ratio exceeds ``threshold``.

    Only completed write attempts are recorded (written or skipped = success, dead-lettered write =
    failure); rows rejected by conversion are data problems, not a sick target, and do not count.
    """

    def __init__(self, window: int, threshold: float):
        if window < 1:
            raise ValueError("window must be at least 1")
        self.window, self.threshold = window, threshold
        self._outcomes: List[bool] = []
        self._failures = 0
        self._position = 0

    def record(self, success: bool) -> None:
        if len(self._outcomes) < self.window:
            self._outcomes.append(success)
        else:
            if not self._outcomes[self._position]:
                self._failures -= 1
            self._outcomes[self._position] = success
            self._position = (self._position + 1) % self.window
        if not success:
            self._failures += 1

    @property
    def failure_ratio(self) -> float:
        return self._failures / len(self._outcomes) if self._outcomes else 0.0

    @property
    def is_open(self) -> bool:
        return len(self._outcomes) >= self.window and self.failure_ratio > self.threshold


@dataclass
class Counters:
    """What happened to the rows of a partition (or, merged, of a run).

    Invariant: ``read == written + skipped + dead_lettered``.
    """

    read: int = 0
    written: int = 0
    skipped: int = 0
    dead_lettered: int = 0
    reasons: Dict[str, int] = field(default_factory=dict)

    def dead_letter(self, reason: str) -> None:
        self.dead_lettered += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1

    def merge(self, other: "Counters") -> None:
        self.read += other.read
        self.written += other.written
        self.skipped += other.skipped
        self.dead_lettered += other.dead_lettered
        for reason, count in other.reasons.items():
            self.reasons[reason] = self.reasons.get(reason, 0) + count

    @property
    def balanced(self) -> bool:
        return self.read == self.written + self.skipped + self.dead_lettered

    def as_dict(self) -> Dict[str, Any]:
        return {"read": self.read, "written": self.written, "skipped": self.skipped,
                "dead_lettered": self.dead_lettered, "reasons": dict(sorted(self.reasons.items()))}

    @staticmethod
    def from_dict(doc: Dict[str, Any]) -> "Counters":
        return Counters(int(doc["read"]), int(doc["written"]), int(doc["skipped"]),
                        int(doc["dead_lettered"]), {str(k): int(v) for k, v in doc["reasons"].items()})


@dataclass
class _WriteResult:
    item: Item
    outcome: str  # "written" | "skipped" | "failed"
    attempts: int
    reason: Optional[str] = None
    last_error: Optional[str] = None


class Writer:
    """Writes one partition's items with bounded concurrency, retries, a rate limit and a breaker.

    ``run`` consumes items/dead letters, counts every one as read, and returns the counters. The
    caller's thread does all counting and dead-letter emission; worker threads only call DynamoDB.
    Clock, sleep and randomness are injectable so tests can check the backoff exactly.
    """

    def __init__(self, client: Any, spec: JobSpec, *, max_concurrent_writes: int, max_attempts: int,
                 breaker: CircuitBreaker, dead_letter: Callable[[DeadLetter], None],
                 limiter: Optional[TokenBucket] = None, base_delay: float = 0.05, max_delay: float = 10.0,
                 sleep: Callable[[float], None] = time.sleep, rng: Callable[[], float] = random.random):
        if max_concurrent_writes < 1 or max_attempts < 1:
            raise ValueError("max_concurrent_writes and max_attempts must be at least 1")
        self.client, self.spec = client, spec
        self.max_concurrent_writes, self.max_attempts = max_concurrent_writes, max_attempts
        self.breaker, self.limiter, self._emit = breaker, limiter, dead_letter
        self.base_delay, self.max_delay = base_delay, max_delay
        self._sleep, self._rng = sleep, rng
        self._rng_lock = threading.Lock()

    def _delay(self, attempt: int) -> float:
        with self._rng_lock:  # random.Random is not documented as thread-safe for injected fakes
            return full_jitter_delay(attempt, self.base_delay, self.max_delay, self._rng)

    def put_with_retries(self, item: Item) -> _WriteResult:
        """One item's conditional put, retried on throttling/5xx/connection errors."""
        request = build_put_request(item, self.spec)
        units = estimated_write_units(item)
        attempt = 0
        while True:
            attempt += 1
            if self.limiter is not None:
                self.limiter.acquire(units)
            try:
                response = self.client.put_item(**request)
            except Exception as exc:  # classified below; nothing escapes a worker thread
                code = error_code(exc)
                if code == CONDITIONAL_CHECK_FAILED:
                    return _WriteResult(item, "skipped", attempt)
                retryable = is_retryable(exc)
                if self.limiter is not None and retryable:
                    self.limiter.settle(units, 0.0)  # a throttled or failed request consumed nothing
                if retryable and attempt < self.max_attempts:
                    self._sleep(self._delay(attempt))
                    continue
                reason = REASON_RETRIES_EXHAUSTED if retryable else REASON_WRITE_REJECTED
                return _WriteResult(item, "failed", attempt, reason, describe_error(exc))
            if self.limiter is not None:
                consumed = (response or {}).get("ConsumedCapacity", {}).get("CapacityUnits")
                self.limiter.settle(units, float(consumed) if isinstance(consumed, (int, float)) else None)
            return _WriteResult(item, "written", attempt)

    def _account(self, result: _WriteResult, counters: Counters) -> None:
        if result.outcome == "written":
            counters.written += 1
        elif result.outcome == "skipped":
            counters.skipped += 1
        else:
            counters.dead_letter(result.reason)
            self._emit(DeadLetter(result.item.row, result.reason, "write failed",
                                  result.attempts, result.last_error))
        self.breaker.record(result.outcome != "failed")

    def run(self, outcomes: Iterable[Union[Item, DeadLetter]], counters: Optional[Counters] = None) -> Counters:
        """Writes every item of ``outcomes``; raises ``CircuitOpen`` once if the breaker trips."""
        counters = counters if counters is not None else Counters()
        in_flight = set()
        limit = self.max_concurrent_writes * 2  # keep workers busy without buffering the partition
        with ThreadPoolExecutor(max_workers=self.max_concurrent_writes, thread_name_prefix="ddbm-put") as pool:
            def drain(block_until: int) -> None:
                nonlocal in_flight
                while len(in_flight) > block_until:
                    done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                    for future in done:
                        self._account(future.result(), counters)

            for outcome in outcomes:
                counters.read += 1
                if isinstance(outcome, DeadLetter):
                    counters.dead_letter(outcome.reason)
                    self._emit(outcome)
                    continue
                in_flight.add(pool.submit(self.put_with_retries, outcome))
                if len(in_flight) >= limit:
                    drain(limit - 1)
                if self.breaker.is_open:
                    break
            drain(0)
        if self.breaker.is_open:
            raise CircuitOpen(
                f"circuit breaker open: {self.breaker.failure_ratio:.0%} of the last {self.breaker.window} "
                f"writes to {self.spec.table} failed (threshold {self.breaker.threshold:.0%})", counters)
        return counters


def metric_data(summary: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The run's counters as CloudWatch metrics (dimension Table), for dashboards and alarms."""
    dimensions = [{"Name": "Table", "Value": summary["table"]}]
    counters = summary["counters"]
    names = (("ItemsRead", "read"), ("ItemsWritten", "written"), ("ItemsSkipped", "skipped"),
             ("ItemsDeadLettered", "dead_lettered"))
    data = [{"MetricName": metric, "Dimensions": dimensions, "Value": float(counters.get(key, 0)), "Unit": "Count"}
            for metric, key in names]
    data.append({"MetricName": "RunFailed", "Dimensions": dimensions,
                 "Value": 0.0 if summary["status"] == "succeeded" else 1.0, "Unit": "Count"})
    return data


def publish_metrics(settings: RunSettings, summary: Dict[str, Any], client=None) -> bool:
    """Publishes the run's counters to ``settings.metrics_namespace`` (the only namespace the
    generated role may write). Never fails the run: a metrics outage is logged and ignored."""
    if not settings.metrics_namespace:
        return False
    try:
        if client is None:
            import boto3
            client = boto3.client("cloudwatch", region_name=settings.region)
        client.put_metric_data(Namespace=settings.metrics_namespace, MetricData=metric_data(summary))
        return True
    except Exception as exc:  # noqa: BLE001 - metrics are best effort by design
        logging.getLogger("ddbm").warning("could not publish metrics to %s: %s", settings.metrics_namespace, exc)
        return False


def make_dynamodb_client(settings: RunSettings):
    """A boto3 DynamoDB client with botocore's own retries off (the Writer owns retrying)."""
    import boto3
    from botocore.config import Config

    config = Config(
        region_name=settings.region,
        retries={"total_max_attempts": 1, "mode": "standard"},
        max_pool_connections=max(10, settings.max_concurrent_writes),
        connect_timeout=10, read_timeout=30,
    )
    return boto3.client("dynamodb", endpoint_url=settings.dynamodb_endpoint, config=config)


# ---------------------------------------------------------------------------------------------
# 6. Dead letters, outputs, partitions, summary
# ---------------------------------------------------------------------------------------------


def _json_safe(value: Any, depth: int = 0) -> Any:
    """A row value as JSON: bytes base64'd, decimals as strings, dates ISO 8601."""
    if depth > MAX_NESTING_DEPTH:
        return "<nested too deeply>"
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, _BYTES_TYPES):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_json_safe(v, depth + 1) for v in value]
    return str(value)


def dead_letter_line(letter: DeadLetter, spec: JobSpec, run_id: str) -> str:
    """One JSON line of the dead-letter output (the format `report` reads)."""
    return json.dumps({
        "table": spec.table, "run_id": run_id, "reason": letter.reason, "detail": letter.detail,
        "attempts": letter.attempts, "last_error": letter.last_error, "row": _json_safe(letter.row),
    }, ensure_ascii=False, sort_keys=True)


def join_uri(base: str, *parts: str) -> str:
    """``base`` + ``/part``... with exactly one slash between pieces."""
    return "/".join([base.rstrip("/")] + [p.strip("/") for p in parts])


def _s3_location(uri: str) -> Tuple[str, str]:
    rest = uri[len("s3://"):]
    bucket, _, key = rest.partition("/")
    if not bucket or not key:
        raise SettingsError(f"S3 URI needs a bucket and a key: {uri}")
    return bucket, key


def _local_path(uri: str) -> str:
    path = uri[len("file://"):]
    if not path.startswith("/"):
        raise SettingsError(f"file:// URI must be absolute: {uri}")
    return path


def upload_file(path: str, uri: str, region: Optional[str] = None) -> None:
    """Copies a local file to an s3:// or file:// URI (S3 endpoint per the usual AWS env vars)."""
    if uri.startswith("file://"):
        target = _local_path(uri)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(path, target)
    elif uri.startswith("s3://"):
        import boto3

        bucket, key = _s3_location(uri)
        boto3.client("s3", region_name=region).upload_file(path, bucket, key)
    else:
        raise SettingsError(f"unsupported output URI: {uri}")


def write_text(uri: str, text: str, region: Optional[str] = None) -> None:
    """Writes a small text document (the summary) to an s3:// or file:// URI."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".json", delete=False) as handle:
        handle.write(text)
        temp = handle.name
    try:
        upload_file(temp, uri, region)
    finally:
        os.unlink(temp)


def dead_letter_uri(settings: RunSettings, spec: JobSpec, partition: int) -> str:
    return join_uri(settings.dead_letter_uri, spec.table, settings.run_id, f"part-{partition:05d}.jsonl")


def summary_uri(settings: RunSettings, spec: JobSpec) -> str:
    return join_uri(settings.report_uri, spec.table, settings.run_id + ".json")


class DeadLetterSpool:
    """Collects a partition's dead-letter lines in a local temp file, then uploads them once."""

    def __init__(self, spec: JobSpec, run_id: str):
        self.spec, self.run_id, self.count = spec, run_id, 0
        self._file = tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".jsonl", delete=False)

    def __call__(self, letter: DeadLetter) -> None:
        self._file.write(dead_letter_line(letter, self.spec, self.run_id) + "\n")
        self.count += 1

    def publish(self, uri: str, region: Optional[str]) -> None:
        """Uploads the lines (if any) and removes the temp file."""
        self._file.close()
        try:
            if self.count:
                upload_file(self._file.name, uri, region)
        finally:
            os.unlink(self._file.name)


def partition_rate(settings: RunSettings) -> Optional[float]:
    """Each partition's share of the job's write-unit ceiling (None: no ceiling).

    Spark executors share no memory, so one bucket cannot span the job: each of the P write
    partitions gets ceiling/P. If fewer than P partitions run at once the job stays below the
    ceiling, never above it; size P to the executor cores to use the whole ceiling.
    """
    if settings.max_write_units_per_second <= 0:
        return None
    return settings.max_write_units_per_second / settings.partitions


def process_partition(index: int, rows: Iterable[Dict[str, Any]], spec: JobSpec, settings: RunSettings,
                      client: Any = None) -> Dict[str, Any]:
    """Converts and writes one Spark partition; returns its counters and first error, never raises.

    Executors count and dead-letter instead of raising, so a bad run fails once, on the driver,
    with the first error (see ``summarize``), instead of a storm of task retries.
    """
    counters = Counters()
    spool = DeadLetterSpool(spec, settings.run_id)
    error: Optional[str] = None
    try:
        if client is None:
            client = make_dynamodb_client(settings)
        rate = partition_rate(settings)
        writer = Writer(
            client, spec, max_concurrent_writes=settings.max_concurrent_writes,
            max_attempts=settings.max_attempts,
            breaker=CircuitBreaker(settings.failure_window, settings.failure_threshold),
            dead_letter=spool, limiter=TokenBucket(rate) if rate else None,
        )
        converted = (row_to_item(row, spec) for row in rows)
        writer.run(mark_key_collisions(converted, spec), counters)
    except CircuitOpen as exc:
        error = f"partition {index}: {exc}"
    except Exception as exc:  # reported once by the driver; the rows' fate is in the counters
        error = f"partition {index}: {type(exc).__name__}: {exc}"[:1000]
    try:
        spool.publish(dead_letter_uri(settings, spec, index), settings.region)
    except Exception as exc:
        error = error or f"partition {index}: dead letters not saved: {type(exc).__name__}: {exc}"[:1000]
    log.info("partition %d of %s: read=%d written=%d skipped=%d dead_lettered=%d%s", index, spec.table,
             counters.read, counters.written, counters.skipped, counters.dead_lettered,
             " (stopped: see error)" if error else "")
    return {"partition": index, "counters": counters.as_dict(), "error": error}


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def summarize(spec: JobSpec, settings: RunSettings, partition_results: List[Dict[str, Any]],
              started_at: str, finished_at: str, error: Optional[str] = None) -> Dict[str, Any]:
    """The run summary that `status`, `validate` and `report` read (see templates/glue/README.md)."""
    total = Counters()
    errors = []
    for result in sorted(partition_results, key=lambda r: r["partition"]):
        total.merge(Counters.from_dict(result["counters"]))
        if result.get("error"):
            errors.append(result["error"])
    first_error = error or (errors[0] if errors else None)
    if first_error is None and not total.balanced:
        first_error = "counters do not balance: read != written + skipped + dead_lettered"
    return {
        "summary_version": SUMMARY_VERSION,
        "table": spec.table,
        "view": spec.view,
        "run_id": settings.run_id,
        "status": "failed" if first_error else "succeeded",
        "started_at": started_at,
        "finished_at": finished_at,
        "write_mode": spec.write_mode,
        "partitions": len(partition_results),
        "counters": {k: v for k, v in total.as_dict().items() if k != "reasons"},
        "dead_letter_reasons": total.as_dict()["reasons"],
        "dead_letter_prefix": join_uri(settings.dead_letter_uri, spec.table, settings.run_id),
        "error": first_error,
        "partition_errors": errors[:20],
    }
