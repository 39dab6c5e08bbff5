"""The core of every ddb-migrate Glue job: read, check, convert, write, report.

Generated job scripts (``glue/<table>.py``) only wire Glue to this module; everything that decides
*what* is read and written and *how* lives here so it can be unit-tested without Glue. This module
imports only the standard library at import time; boto3 is imported where it is used, and Spark is
reached only through the objects the job hands in (``spark.read``, DataFrames), so every function
can be driven by a fake in tests.

Sections, in order:
  1. the job spec (the JSON document the compiler embeds per table) and the run settings
  2. value conversion: view column value -> DynamoDB AttributeValue (docs/CONTRACT.md §5)
  3. item size by DynamoDB's rules, ``row_to_item``, key-collision marking
  4. the write policy (``build_put_request``, docs/CONTRACT.md §6)
  5. retry classification, the token bucket, the circuit breaker, counters, the ``Writer``
  6. dead-letter lines, outputs (file:// and s3://), ``process_partition``, the run summary
  7. reading MySQL with Spark's own JDBC source (connection, URL, ranges, sources)
  8. the checks a run makes at start (JDBC driver and session time zone, DynamoDB table)
  9. the high-water mark of incremental runs
 10. live progress files
 11. ``run_job``: one run, start to summary
"""

import base64
import binascii
import datetime as _dt
import json
import logging
import math
import os
import queue
import random
import re
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import reduce
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

log = logging.getLogger("ddbm")

SPEC_VERSION = 2
SUMMARY_VERSION = 1
HWM_VERSION = 1
PROGRESS_VERSION = 1

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
    """A ``--ddbm_*`` job argument (or the Glue connection it names) is missing or out of range."""


class StartupCheckError(RuntimeError):
    """An assumption the job checks at start does not hold; the message names the fix.

    Raised before any item is written; ``run_job`` records it as the run's error."""


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
class SourceSpec:
    """One MySQL view the job reads: one entity of the table (or the whole single-entity table).

    ``columns`` are the attributes this view delivers (a subset of the table's); ``bounds`` is the
    row-source table and integer key column whose values equal the view's partition key, or None
    when the view has no integer key (it is then read by one reader).
    """

    entity: Optional[str]
    view: str
    columns: Tuple[str, ...]
    bounds: Optional[Tuple[str, str]]

    @property
    def label(self) -> str:
        """How logs and errors name the source: its entity, else its view."""
        return f"entity {self.entity} (view {self.view})" if self.entity else f"view {self.view}"

    def bounds_query(self) -> Optional[str]:
        """MIN/MAX of the partition key, read from the row source's key column through its index
        (MariaDB would materialise a view whole to answer MIN/MAX over it). None: no bounds."""
        if self.bounds is None:
            return None
        table, column = self.bounds
        col = quote_identifier(column)
        return f"SELECT MIN({col}) AS lo, MAX({col}) AS hi FROM {quote_identifier(table)}"


@dataclass(frozen=True)
class JobSpec:
    """The per-table job spec embedded in the generated script (see templates/glue/README.md)."""

    table: str
    #: The table's whole view (a UNION ALL of the entity views); for people and preflight, not read.
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
    sources: Tuple[SourceSpec, ...]

    @property
    def key_names(self) -> Tuple[str, ...]:
        """The table key attribute names, pk first."""
        return (self.pk,) if self.sk is None else (self.pk, self.sk)

    def attribute(self, name: str) -> Optional[AttributeSpec]:
        for attr in self.attributes:
            if attr.name == name:
                return attr
        return None

    def read_columns(self, source: SourceSpec) -> Tuple[str, ...]:
        """The columns the job selects from a source view: reserved columns, then its attributes."""
        reserved = (self.partition_column,) + ((self.entity_column,) if self.entity_column else ())
        return reserved + source.columns

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
        if version == 1:
            raise SpecError("this job script carries a version 1 job spec, which this ddbm_core no longer reads: "
                            "regenerate the jobs with `ddb-migrate generate` and deploy them again")
        if version != SPEC_VERSION:
            raise SpecError(f"unsupported spec_version {version!r} (this ddbm_core reads {SPEC_VERSION}): "
                            "ship the ddbm_core.py that `ddb-migrate generate` wrote next to this script")
        _only_keys(doc, _SPEC_KEYS, "the job spec")

        def name(key: str, optional: bool = False, where: Dict[str, Any] = doc, label: str = "") -> Optional[str]:
            value = where.get(key)
            if value is None and optional:
                return None
            if not isinstance(value, str) or not value or len(value) > _IDENTIFIER_MAX:
                raise SpecError(f"spec field '{label or key}' must be a non-empty string of at most 255 characters")
            return value

        table = name("table")
        if not re.fullmatch(r"[A-Za-z0-9_.\-]{3,255}", table):
            raise SpecError(f"spec field 'table' is not a valid DynamoDB table name: {table!r}")
        view, pk = name("view"), name("pk")
        sk = name("sk", optional=True)
        # A single-entity view has no entity column: the compiler sends null for it.
        entity_column, partition_column = name("entity_column", optional=True), name("partition_column")
        if entity_column == partition_column:
            raise SpecError("spec fields 'entity_column' and 'partition_column' must differ")
        bookmark = name("bookmark_attribute", optional=True)

        raw_attrs = doc.get("attributes")
        if not isinstance(raw_attrs, list) or not raw_attrs:
            raise SpecError("spec field 'attributes' must be a non-empty array")
        attrs: List[AttributeSpec] = []
        seen = set()
        for index, raw in enumerate(raw_attrs):
            if not isinstance(raw, dict):
                raise SpecError(f"attributes[{index}] must be an object")
            _only_keys(raw, ("name", "type"), f"attributes[{index}]")
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

        # Null or absent: the defaults (as for every null-valued field); anything else must be an object.
        write = doc.get("write")
        write = {} if write is None else write
        if not isinstance(write, dict):
            raise SpecError("spec field 'write' must be an object")
        _only_keys(write, ("mode", "version_attribute"), "write")
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

        sources = _parse_sources(doc.get("sources"), by_name, (pk, sk), entity_column,
                                 version if mode == "if-newer" else None)
        return JobSpec(
            table=table, view=view, pk=pk, sk=sk, gsi_keys=tuple(gsi_keys), attributes=tuple(attrs),
            write_mode=mode, version_attribute=version if mode == "if-newer" else None,
            bookmark_attribute=bookmark, entity_column=entity_column, partition_column=partition_column,
            sources=sources,
        )


_SPEC_KEYS = ("spec_version", "table", "view", "pk", "sk", "gsi_keys", "attributes", "write",
              "bookmark_attribute", "entity_column", "partition_column", "sources")


def _only_keys(doc: Dict[str, Any], allowed: Sequence[str], where: str) -> None:
    """Strictness: a field this core does not know means compiler and core disagree on the format."""
    unknown = sorted(set(doc) - set(allowed))
    if unknown:
        raise SpecError(f"{where} has unknown field(s) {', '.join(map(repr, unknown))}: the script and its "
                        "ddbm_core.py come from different ddb-migrate versions; regenerate both")


def _parse_sources(raw: Any, by_name: Dict[str, AttributeSpec], keys: Tuple[Optional[str], ...],
                   entity_column: Optional[str], version: Optional[str]) -> Tuple[SourceSpec, ...]:
    if not isinstance(raw, list) or not raw:
        raise SpecError("spec field 'sources' must be a non-empty array (one source view per entity)")
    sources: List[SourceSpec] = []
    entities, views = set(), set()
    for index, source in enumerate(raw):
        where = f"sources[{index}]"
        if not isinstance(source, dict):
            raise SpecError(f"{where} must be an object")
        _only_keys(source, ("entity", "view", "columns", "bounds"), where)
        entity = source.get("entity")
        if entity_column is None:
            if entity is not None:
                raise SpecError(f"{where}.entity must be null: the table has no entity_column (single-entity)")
        elif not isinstance(entity, str) or not entity:
            raise SpecError(f"{where}.entity must name the entity (the table has entity_column '{entity_column}')")
        elif entity in entities:
            raise SpecError(f"{where}.entity '{entity}' is listed twice")
        entities.add(entity)
        view = source.get("view")
        if not isinstance(view, str) or not view or len(view) > _IDENTIFIER_MAX:
            raise SpecError(f"{where}.view must be a non-empty string of at most 255 characters")
        if view in views:
            raise SpecError(f"{where}.view '{view}' is read by two sources")
        views.add(view)
        columns = source.get("columns")
        if not isinstance(columns, list) or not columns or not all(isinstance(c, str) and c for c in columns):
            raise SpecError(f"{where}.columns must be a non-empty array of attribute names")
        if len(set(columns)) != len(columns):
            raise SpecError(f"{where}.columns lists a column twice")
        for column in columns:
            if column not in by_name:
                raise SpecError(f"{where}.columns names '{column}', which is not in 'attributes'")
        for key in keys:
            if key is not None and key not in columns:
                raise SpecError(f"{where}.columns lacks key attribute '{key}': every item needs its table key")
        if version is not None and version not in columns:
            raise SpecError(f"{where}.columns lacks version attribute '{version}', which write.mode 'if-newer' "
                            "needs on every item")
        bounds = source.get("bounds")
        if bounds is not None:
            if not isinstance(bounds, dict):
                raise SpecError(f"{where}.bounds must be null or an object with 'table' and 'column'")
            _only_keys(bounds, ("table", "column"), f"{where}.bounds")
            for key in ("table", "column"):
                value = bounds.get(key)
                if not isinstance(value, str) or not value or len(value) > _IDENTIFIER_MAX:
                    raise SpecError(f"{where}.bounds.{key} must be a non-empty string of at most 255 characters")
            bounds = (bounds["table"], bounds["column"])
        sources.append(SourceSpec(entity, view, tuple(columns), bounds))
    if entity_column is None and len(sources) != 1:
        raise SpecError("a single-entity table (entity_column null) must have exactly one source")
    return tuple(sources)


#: Job arguments every run needs. Glue passes DefaultArguments plus the run's own arguments;
#: these all come from the job's DefaultArguments, so a run started from the console or a
#: schedule works too.
REQUIRED_ARGUMENTS = ("ddbm_connection", "ddbm_dead_letter_uri", "ddbm_report_uri", "ddbm_region")
#: Optional job arguments and their defaults (as Glue passes them: strings). ``ddbm_run_id``
#: defaults to the id Glue gives the run (see ``resolve_job_arguments``). Where the config has the
#: setting (docs/CONFIG.md ``writes.*``), the default is the config's, so a run started without
#: DefaultArguments behaves as a generated job (tests/python/test_job_spec_schema.py checks it).
OPTIONAL_ARGUMENTS = {
    "ddbm_run_id": "",
    "ddbm_partitions": "8",
    "ddbm_min_range_keys": "25000",
    "ddbm_fetch_size": "1000",
    "ddbm_full": "false",
    "ddbm_progress_seconds": "5",
    "ddbm_max_concurrent_writes": "8",
    "ddbm_max_attempts": "8",
    "ddbm_failure_threshold": "0.2",
    "ddbm_failure_window": "200",
    "ddbm_max_write_units_per_second": "0",
    "ddbm_dynamodb_endpoint": "",
    "ddbm_metrics_namespace": "",
}
#: The key under which AWS's getResolvedOptions returns Glue's own run id. Glue passes
#: ``--JOB_RUN_ID`` to every run; getResolvedOptions refuses to be *asked* for it ("Using reserved
#: arguments") and always puts it into its result itself (awsglue/utils.py, Job.id_params).
GLUE_RUN_ID_KEY = "JOB_RUN_ID"
#: Where getResolvedOptions reports ``--job-bookmark-option`` (argparse's dest for it).
GLUE_BOOKMARK_KEY = "job_bookmark_option"


def given_argument_names(argv: Sequence[str]) -> set:
    """Names of the ``--name value`` and ``--name=value`` options in argv (without the dashes)."""
    return {token[2:].split("=", 1)[0] for token in argv[1:] if isinstance(token, str) and token.startswith("--")}


def resolve_job_arguments(argv: List[str], get_resolved_options: Callable,
                          required: Sequence[str] = REQUIRED_ARGUMENTS,
                          optional: Mapping[str, str] = OPTIONAL_ARGUMENTS) -> Dict[str, Any]:
    """The ``--ddbm_*`` arguments of this run, resolved with Glue's ``getResolvedOptions``.

    ``required``/``optional``: the job's argument names (and the optional ones' defaults): the load
    job's by default; the validation job (ddbm_validate) passes its own.

    ``getResolvedOptions`` (argparse underneath) fails on any name it is asked for that is absent,
    so optional names are only asked for when argv carries them, as ``--name value`` or
    ``--name=value``; the rest take their documented defaults. Glue's reserved names (JOB_ID,
    JOB_RUN_ID, job-bookmark-option, ...) are never asked for: asking raises "Using reserved
    arguments". The run id is ``--ddbm_run_id`` when given (``deploy --run`` names its runs),
    else the JOB_RUN_ID Glue gives every run, which getResolvedOptions returns unasked.
    """
    given = given_argument_names(argv)
    wanted = list(required) + [n for n in optional if n in given]
    resolved = get_resolved_options(argv, wanted)
    args: Dict[str, Any] = dict(optional)
    for name in wanted:
        args[name] = resolved[name]
    if "ddbm_run_id" not in given:
        glue_run_id = resolved.get(GLUE_RUN_ID_KEY)
        if not glue_run_id:
            raise SettingsError("this run has no id: pass --ddbm_run_id (Glue itself passes --JOB_RUN_ID to "
                                "every run, but it is missing here)")
        args["ddbm_run_id"] = glue_run_id
    args[GLUE_BOOKMARK_KEY] = resolved.get(GLUE_BOOKMARK_KEY)
    return args


@dataclass(frozen=True)
class RunSettings:
    """Run-time settings from the Glue job arguments (never from the contract)."""

    connection_name: str
    dead_letter_uri: str
    report_uri: str
    region: str
    run_id: str
    partitions: int = 8
    #: The fewest partition-key values one read range covers (see ``read_range_count``).
    min_range_keys: int = 25000
    #: Rows per JDBC round trip; with Connector/J's useCursorFetch no reader holds its whole range.
    fetch_size: int = 1000
    #: Read every row, ignoring the high-water mark (a new one is still written on success).
    full: bool = False
    #: How often each write partition publishes its progress file; 0 = no progress files.
    progress_seconds: float = 5.0
    max_concurrent_writes: int = 8
    max_attempts: int = 8
    failure_threshold: float = 0.2
    failure_window: int = 200
    max_write_units_per_second: float = 0.0
    dynamodb_endpoint: Optional[str] = None
    #: CloudWatch namespace for the run's counters; none published when unset (local runs).
    metrics_namespace: Optional[str] = None

    @staticmethod
    def from_arguments(args: Dict[str, Any]) -> "RunSettings":
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

        def boolean(key: str) -> bool:
            raw = str(args.get(key, OPTIONAL_ARGUMENTS[key])).strip().lower()
            if raw not in ("true", "false"):
                raise SettingsError(f"--{key} must be true or false, got {args.get(key)!r}")
            return raw == "true"

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
            min_range_keys=integer("ddbm_min_range_keys", 1, 1_000_000_000),
            fetch_size=integer("ddbm_fetch_size", 1, 1_000_000),
            full=boolean("ddbm_full"),
            progress_seconds=number("ddbm_progress_seconds", 0.0, 3600.0),
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
        parsed = json.loads(text, parse_float=Decimal, parse_int=Decimal, parse_constant=_reject_constant)
        # A \u escape may leave a lone UTF-16 surrogate (\ud800), which json keeps in a str but
        # which is no Unicode text: it cannot be encoded as UTF-8, so no item could carry it (and
        # item_size would raise, failing the whole partition). Only escapes make one.
        if "\\u" in text and _has_lone_surrogate(parsed):
            raise _Reject(REASON_INVALID_JSON, "JSON text holds a lone UTF-16 surrogate (\\ud800-\\udfff)")
        return parsed
    except RecursionError:
        raise _Reject(REASON_INVALID_JSON, "JSON nested too deeply") from None
    except ValueError as exc:
        raise _Reject(REASON_INVALID_JSON, f"invalid JSON: {exc}") from None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _LONE_SURROGATE.search(value) is not None
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    return False


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
    """Turns one view row into an item exactly as docs/CONTRACT.md §5 says, or a dead letter.

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
    """The ``put_item`` arguments for an item under the table's write mode (docs/CONTRACT.md §6).

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

    Invariant: ``read == written + skipped + dead_lettered``. ``throttled_retries`` (requests
    DynamoDB throttled and the writer retried) and ``consumed_write_units`` (the capacity DynamoDB
    reported for successful puts) describe how the writes went, not what happened to rows.
    """

    read: int = 0
    written: int = 0
    skipped: int = 0
    dead_lettered: int = 0
    reasons: Dict[str, int] = field(default_factory=dict)
    throttled_retries: int = 0
    consumed_write_units: float = 0.0

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
        self.throttled_retries += other.throttled_retries
        self.consumed_write_units += other.consumed_write_units

    @property
    def balanced(self) -> bool:
        return self.read == self.written + self.skipped + self.dead_lettered

    def as_dict(self) -> Dict[str, Any]:
        return {"read": self.read, "written": self.written, "skipped": self.skipped,
                "dead_lettered": self.dead_lettered, "reasons": dict(sorted(self.reasons.items())),
                "throttled_retries": self.throttled_retries,
                "consumed_write_units": round(self.consumed_write_units, 3)}

    def row_counters(self) -> Dict[str, int]:
        """The counters of the summary and of progress files (``consumed_write_units`` is separate)."""
        return {"read": self.read, "written": self.written, "skipped": self.skipped,
                "dead_lettered": self.dead_lettered, "throttled_retries": self.throttled_retries}

    @staticmethod
    def from_dict(doc: Dict[str, Any]) -> "Counters":
        return Counters(int(doc["read"]), int(doc["written"]), int(doc["skipped"]),
                        int(doc["dead_lettered"]), {str(k): int(v) for k, v in doc["reasons"].items()},
                        int(doc.get("throttled_retries", 0)), float(doc.get("consumed_write_units", 0.0)))


@dataclass
class _WriteResult:
    item: Item
    outcome: str  # "written" | "skipped" | "failed"
    attempts: int
    reason: Optional[str] = None
    last_error: Optional[str] = None
    #: Attempts DynamoDB throttled that were then retried (counted here, summed by the caller's
    #: thread, so worker threads never touch shared counters).
    throttled_retries: int = 0
    consumed_units: float = 0.0


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
        attempt = throttled = 0
        while True:
            attempt += 1
            if self.limiter is not None:
                self.limiter.acquire(units)
            try:
                response = self.client.put_item(**request)
            except Exception as exc:  # classified below; nothing escapes a worker thread
                code = error_code(exc)
                if code == CONDITIONAL_CHECK_FAILED:
                    return _WriteResult(item, "skipped", attempt, throttled_retries=throttled)
                retryable = is_retryable(exc)
                if self.limiter is not None and retryable:
                    self.limiter.settle(units, 0.0)  # a throttled or failed request consumed nothing
                if retryable and attempt < self.max_attempts:
                    if code in THROTTLING_CODES:
                        throttled += 1
                    self._sleep(self._delay(attempt))
                    continue
                reason = REASON_RETRIES_EXHAUSTED if retryable else REASON_WRITE_REJECTED
                return _WriteResult(item, "failed", attempt, reason, describe_error(exc), throttled_retries=throttled)
            consumed = ((response or {}).get("ConsumedCapacity") or {}).get("CapacityUnits")
            consumed = float(consumed) if isinstance(consumed, (int, float)) and not isinstance(consumed, bool) else None
            if self.limiter is not None:
                self.limiter.settle(units, consumed)
            return _WriteResult(item, "written", attempt, throttled_retries=throttled, consumed_units=consumed or 0.0)

    def _account(self, result: _WriteResult, counters: Counters) -> None:
        counters.throttled_retries += result.throttled_retries
        counters.consumed_write_units += result.consumed_units
        if result.outcome == "written":
            counters.written += 1
        elif result.outcome == "skipped":
            counters.skipped += 1
        else:
            counters.dead_letter(result.reason)
            self._emit(DeadLetter(result.item.row, result.reason, "write failed",
                                  result.attempts, result.last_error))
        self.breaker.record(result.outcome != "failed")

    def _work(self, requests: "queue.SimpleQueue", results: "queue.SimpleQueue") -> None:
        """A worker thread: puts items from ``requests`` until its ``None``; every result (or an
        unexpected exception, which the caller's thread re-raises) goes to ``results``."""
        while True:
            item = requests.get()
            if item is None:
                return
            try:
                results.put(self.put_with_retries(item))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread, never lost
                results.put(exc)

    def run(self, outcomes: Iterable[Union[Item, DeadLetter]], counters: Optional[Counters] = None) -> Counters:
        """Writes every item of ``outcomes``; raises ``CircuitOpen`` once if the breaker trips.

        Long-lived worker threads take items from one queue and hand results back on another:
        no future per item and no waiter installed on every pending put, which with puts that
        cost nothing took 126-142 us of CPU per item against 48-91 us now (a put to moto costs
        ~1.6-2 ms; on a busy machine the job's CPU is taken from the endpoint). At most
        2 x ``max_concurrent_writes`` items are in flight, so the partition is never buffered.
        """
        counters = counters if counters is not None else Counters()
        requests: queue.SimpleQueue = queue.SimpleQueue()
        results: queue.SimpleQueue = queue.SimpleQueue()
        limit = self.max_concurrent_writes * 2  # keep workers busy without buffering the partition
        in_flight = 0

        def account(result: Any) -> None:
            nonlocal in_flight
            in_flight -= 1
            if isinstance(result, BaseException):
                raise result
            self._account(result, counters)

        workers = [threading.Thread(target=self._work, args=(requests, results), name=f"ddbm-put-{i}", daemon=True)
                   for i in range(self.max_concurrent_writes)]
        for worker in workers:
            worker.start()
        try:
            for outcome in outcomes:
                counters.read += 1
                if isinstance(outcome, DeadLetter):
                    counters.dead_letter(outcome.reason)
                    self._emit(outcome)
                    continue
                requests.put(outcome)
                in_flight += 1
                if in_flight >= limit:
                    account(results.get())  # wait for one put, then take every other finished one
                    while not results.empty():
                        account(results.get())
                if self.breaker.is_open:
                    break
            while in_flight:
                account(results.get())
        finally:
            # Queued puts still run (as a pool's shutdown would); then every worker stops.
            for _ in workers:
                requests.put(None)
            for worker in workers:
                worker.join()
        if self.breaker.is_open:
            raise CircuitOpen(
                f"circuit breaker open: {self.breaker.failure_ratio:.0%} of the last {self.breaker.window} "
                f"writes to {self.spec.table} failed (threshold {self.breaker.threshold:.0%})", counters)
        return counters


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


_S3_CLIENTS: Dict[Optional[str], Any] = {}
_S3_CLIENTS_LOCK = threading.Lock()


def s3_client(region: Optional[str]):
    """One S3 client per process and region (endpoint per the usual AWS environment variables).

    boto3 clients are thread-safe once made, but making one is not, and costs more than the small
    PutObject of a progress file, so each executor process makes one, under a lock.
    """
    with _S3_CLIENTS_LOCK:
        client = _S3_CLIENTS.get(region)
        if client is None:
            import boto3

            client = boto3.client("s3", region_name=region)
            _S3_CLIENTS[region] = client
        return client


def _replace_file(path: str, write: Callable[[Any], None]) -> None:
    """Writes ``path`` atomically: a temp file in the same folder, then ``os.replace`` (atomic on
    POSIX within one file system), so a reader sees the old document or the new one, never half."""
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".ddbm-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def upload_file(path: str, uri: str, region: Optional[str] = None) -> None:
    """Copies a local file to an s3:// or file:// URI."""
    if uri.startswith("file://"):
        def copy(out):
            with open(path, "rb") as source:
                shutil.copyfileobj(source, out)
        _replace_file(_local_path(uri), copy)
    elif uri.startswith("s3://"):
        bucket, key = _s3_location(uri)
        s3_client(region).upload_file(path, bucket, key)
    else:
        raise SettingsError(f"unsupported output URI: {uri}")


def write_text(uri: str, text: str, region: Optional[str] = None) -> None:
    """Writes a small text document (summary, mark, progress) to an s3:// or file:// URI, atomically.

    S3: one PutObject, which S3 applies atomically (readers get the old object or the new one,
    never a mix: Amazon S3 User Guide, "Amazon S3 data consistency model",
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html#ConsistencyModel).
    file://: temp file + rename.
    """
    data = text.encode("utf-8")
    if uri.startswith("file://"):
        _replace_file(_local_path(uri), lambda out: out.write(data))
    elif uri.startswith("s3://"):
        bucket, key = _s3_location(uri)
        s3_client(region).put_object(Bucket=bucket, Key=key, Body=data, ContentType="application/json")
    else:
        raise SettingsError(f"unsupported output URI: {uri}")


def read_text(uri: str, region: Optional[str] = None) -> Optional[str]:
    """Reads a small text document from an s3:// or file:// URI; None when it does not exist.

    S3 answers a missing key with 404 NoSuchKey only to a caller allowed s3:ListBucket on the
    bucket; without it the answer is 403 AccessDenied (Amazon S3 API Reference, GetObject,
    "Permissions"), which is never taken for "absent" here: it raises, naming the permissions.
    """
    if uri.startswith("file://"):
        try:
            with open(_local_path(uri), encoding="utf-8") as handle:
                return handle.read()
        except FileNotFoundError:
            return None
    if uri.startswith("s3://"):
        bucket, key = _s3_location(uri)
        try:
            response = s3_client(region).get_object(Bucket=bucket, Key=key)
        except Exception as exc:
            code = error_code(exc)
            if code in ("NoSuchKey", "404", "NotFound"):
                return None
            if code in ("AccessDenied", "403", "Forbidden"):
                raise SettingsError(
                    f"cannot read {uri}: access denied. The job's role needs s3:GetObject on it and "
                    f"s3:ListBucket on bucket {bucket} (without ListBucket, S3 answers a missing object "
                    "with 403 instead of 404)") from None
            raise
        return response["Body"].read().decode("utf-8")
    raise SettingsError(f"unsupported URI: {uri}")


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
    with the first error (see ``summarize``), instead of a storm of task retries. While it runs,
    the partition publishes its counters every ``progress_seconds`` and once at its end.
    """
    counters = Counters()
    spool = DeadLetterSpool(spec, settings.run_id)
    error: Optional[str] = None
    progress = PeriodicPublisher(
        partition_progress_uri(settings, spec, index), settings.region, settings.progress_seconds,
        lambda done: partition_progress_document(spec, settings, index, counters, done),
        what=f"partition {index} progress")
    progress.start()
    try:
        if client is None:
            client = write_client(settings)
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
    progress.stop()  # publishes the final counters (done: true)
    log.info("partition %d of %s: read=%d written=%d skipped=%d dead_lettered=%d throttled_retries=%d%s",
             index, spec.table, counters.read, counters.written, counters.skipped, counters.dead_lettered,
             counters.throttled_retries, " (stopped: see error)" if error else "")
    return {"partition": index, "counters": counters.as_dict(), "error": error}


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def summarize(spec: JobSpec, settings: RunSettings, partition_results: List[Dict[str, Any]],
              started_at: str, finished_at: str, error: Optional[str] = None,
              high_water_mark: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
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
        "counters": total.row_counters(),
        "consumed_write_units": round(total.consumed_write_units, 3),
        "dead_letter_reasons": total.as_dict()["reasons"],
        "dead_letter_prefix": join_uri(settings.dead_letter_uri, spec.table, settings.run_id),
        "high_water_mark": high_water_mark,
        "error": first_error,
        "partition_errors": errors[:20],
    }


# ---------------------------------------------------------------------------------------------
# 7. Reading MySQL with Spark's own JDBC source
# ---------------------------------------------------------------------------------------------
#
# The job reads with ``spark.read.format("jdbc")`` and only the options Spark 3.5 documents
# (Spark SQL Guide, "JDBC To Other Databases", "Data Source Option",
# https://spark.apache.org/docs/3.5.1/sql-data-sources-jdbc.html): url, user, password, driver,
# dbtable/query, partitionColumn/lowerBound/upperBound/numPartitions, fetchsize,
# sessionInitStatement, pushDownPredicate. Glue's DynamicFrame reader documents none of the range
# options for connection_type "mysql", and job bookmarks are not used at all (section 9).

#: The JDBC driver class. AWS Glue 5.0 bundles MySQL Connector/J 8.0.33 (AWS Glue Developer Guide,
#: "JDBC connections", table "JDBC driver versions",
#: https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-jdbc-home.html),
#: whose driver class is this. Named always: Glue's extract_jdbc_conf has no driver entry.
JDBC_DRIVER = "com.mysql.cj.jdbc.Driver"
#: Every JDBC session this job opens reads and renders date/time values in UTC (docs/CONTRACT.md §5).
#: Spark runs it "after each database session is opened ... before starting to read data".
SESSION_INIT = "SET time_zone = '+00:00'"
#: What ``@@session.time_zone`` reads after SESSION_INIT (MySQL keeps the offset as written).
UTC_TIME_ZONES = ("+00:00", "UTC")
#: Connector/J reads a whole result set into memory unless useCursorFetch=true and the fetch
#: size is > 0 (MySQL Connector/J Developer Guide, "Performance Extensions", useCursorFetch,
#: https://dev.mysql.com/doc/connector-j/en/connector-j-connp-props-performance-extensions.html).
CURSOR_FETCH = ("useCursorFetch", "true")
#: Connector/J reports TINYINT(1) as BIT by default (tinyInt1isBit=true, MySQL Connector/J
#: Developer Guide, "Result Sets" properties,
#: https://dev.mysql.com/doc/connector-j/en/connector-j-connp-props-result-sets.html), which Spark
#: reads as a boolean: a stored 5 would arrive as True and be written as 1. Read it as the number
#: it is; a BOOL attribute still converts 0/1 (docs/CONTRACT.md §5).
TINYINT_AS_NUMBER = ("tinyInt1isBit", "false")
#: Spark parses lowerBound/upperBound as Long (JDBCRelation.columnPartition).
LONG_MIN, LONG_MAX = -(2 ** 63), 2 ** 63 - 1


@dataclass(frozen=True)
class JdbcTarget:
    """Where and as whom the job reads. ``repr`` never shows the password."""

    connection: str
    url: str
    user: str
    password: str = field(repr=False)

    def options(self, fetch_size: int) -> Dict[str, str]:
        """The Spark JDBC options every read of this job shares."""
        return {
            "url": self.url, "user": self.user, "password": self.password, "driver": JDBC_DRIVER,
            "sessionInitStatement": SESSION_INIT, "fetchsize": str(fetch_size),
            # Spark's default, stated: the high-water-mark filter must run in MySQL, per range.
            "pushDownPredicate": "true",
        }

    def redact(self, text: str) -> str:
        return redact(text, (self.password,))


_URL_SECRETS = re.compile(r"(?i)((?:password|pwd)\d*=)[^&;\s]*")
_URL_USERINFO = re.compile(r"(//[^/:@\s]+:)[^@/\s]*@")


def redact(text: str, secrets: Sequence[Optional[str]] = ()) -> str:
    """``text`` with every secret replaced by ``***``, and password-like URL parts masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = _URL_SECRETS.sub(r"\1***", text)
    return _URL_USERINFO.sub(r"\1***@", text)


def plain_map(conf: Any) -> Dict[str, Any]:
    """A plain dict from what Glue's ``extract_jdbc_conf`` returns.

    On Glue it is a py4j ``JavaMap`` over a Java map, not a dict: ``conf.get(k, default)`` goes
    through ``Mapping.get`` to Java's ``get``, which returns null (None) for a missing key, so the
    default is silently ignored; and its ``repr`` prints every entry, password included. Copy it
    first, key by key, and never log it.
    """
    if isinstance(conf, Mapping):
        return {str(key): conf[key] for key in list(conf.keys())}
    key_set = getattr(conf, "keySet", None)  # a java.util.Map that py4j did not convert
    if key_set is not None:
        try:
            return {str(key): conf.get(key) for key in key_set()}
        except Exception:  # noqa: BLE001 - reported below without the object's text
            pass
    raise SettingsError(f"extract_jdbc_conf returned a {type(conf).__name__}, not a map of JDBC settings")


def with_url_property(url: str, key: str, value: str) -> str:
    """``url`` with ``key=value`` in its query, unless the URL already sets ``key`` (any case:
    the user's own setting wins and is never duplicated)."""
    base, question, query = url.partition("?")
    pairs = [pair for pair in query.split("&") if pair] if question else []
    if any(pair.split("=", 1)[0].strip().lower() == key.lower() for pair in pairs):
        return url
    return base + "?" + "&".join(pairs + [f"{key}={value}"])


def jdbc_target(conf: Any, connection_name: str) -> JdbcTarget:
    """The JDBC URL (with cursor fetching), user and password of the Glue connection."""
    values = plain_map(conf)
    url, user, password = values.get("fullUrl"), values.get("user"), values.get("password")
    if not isinstance(url, str) or not url.strip():
        raise SettingsError(f"Glue connection '{connection_name}' has no JDBC URL (extract_jdbc_conf gave no "
                            "fullUrl): set its JDBC_CONNECTION_URL to jdbc:mysql://host:3306/database")
    url = url.strip()
    if not url.startswith("jdbc:mysql:"):
        scheme = url.split("//", 1)[0]
        raise SettingsError(f"Glue connection '{connection_name}' has a {scheme}// URL: Glue 5.0's MySQL "
                            "Connector/J reads jdbc:mysql:// URLs only (MariaDB servers too)")
    if not isinstance(user, str) or not user:
        raise SettingsError(f"Glue connection '{connection_name}' has no user name (USERNAME, or the "
                            "username of its Secrets Manager secret)")
    if password is None:
        raise SettingsError(f"Glue connection '{connection_name}' has no password (PASSWORD, or the "
                            "password of its Secrets Manager secret)")
    cursor_url = with_url_property(url, *CURSOR_FETCH)
    if cursor_url == url and not re.search(r"(?i)[?&]usecursorfetch=true(&|$)", url):
        log.warning("the URL of Glue connection '%s' sets useCursorFetch to something other than true: "
                    "Connector/J then reads each range whole into the executor's memory", connection_name)
    read_url = with_url_property(cursor_url, *TINYINT_AS_NUMBER)
    if read_url == cursor_url:
        log.warning("the URL of Glue connection '%s' sets tinyInt1isBit itself: with true, a TINYINT(1) "
                    "value other than 0 and 1 reaches the job as a boolean", connection_name)
    return JdbcTarget(connection_name, read_url, user, str(password))


def connection_target(glue_context: Any, connection_name: str) -> JdbcTarget:
    """The JDBC target of the Glue connection the job reads through (``extract_jdbc_conf``)."""
    try:
        conf = glue_context.extract_jdbc_conf(connection_name)
    except Exception as exc:
        raise SettingsError(f"cannot read Glue connection '{connection_name}': "
                            f"{_error_lines(exc, 2)} (check --ddbm_connection, and that the job's role may "
                            "glue:GetConnection it)") from None
    return jdbc_target(conf, connection_name)


def jdbc_reader(spark: Any, target: JdbcTarget, fetch_size: int):
    return spark.read.format("jdbc").options(**target.options(fetch_size))


def query_rows(spark: Any, target: JdbcTarget, fetch_size: int, sql: str) -> List[Dict[str, Any]]:
    """The rows of a small query (one row: bounds, maxima, the session time zone), with the same
    URL, driver and session settings as the reads."""
    return [row.asDict() for row in jdbc_reader(spark, target, fetch_size).option("query", sql).load().collect()]


def read_bounds(spark: Any, target: JdbcTarget, settings: RunSettings, source: SourceSpec
                ) -> Optional[Tuple[int, int]]:
    """MIN and MAX of a source's partition key, from its row source's key column; None when the
    source has no integer key or no rows (then: one reader, never "empty")."""
    query = source.bounds_query()
    if query is None:
        return None
    row = query_rows(spark, target, settings.fetch_size, query)[0]
    if row["lo"] is None or row["hi"] is None:
        return None
    return int(row["lo"]), int(row["hi"])


def range_bounds(bounds: Optional[Tuple[int, int]]) -> Optional[Tuple[int, int]]:
    """Spark's lowerBound/upperBound for key values in [lo, hi]: upperBound is exclusive, hence
    hi + 1; both are Longs to Spark, so hi + 1 is capped at Long.MAX_VALUE (the last range has no
    upper limit anyway). None (one reader) when there are no bounds or lo is beyond a Long
    (an unsigned BIGINT key above 2^63 - 1)."""
    if bounds is None:
        return None
    low, high = bounds
    if low > LONG_MAX or low < LONG_MIN:
        log.warning("partition key lower bound %d does not fit a Long: reading with one reader", low)
        return None
    return low, min(high + 1, LONG_MAX)


def read_range_count(lower: int, upper: int, partitions: int, min_keys: int) -> int:
    """numPartitions the job asks Spark for over keys [lower, upper): P (``--ddbm_partitions``),
    lowered so that a range covers at least ``min_keys`` key values (``--ddbm_min_range_keys``),
    and never below one. Each range is one SQL statement with a fixed cost (parse, plan, the
    view's joins set up, a round trip): 8 ranges of a 2,000-row view cost 1.85 times one read of
    it in ``make bench``. Read parallelism only: the writes are repartitioned to P whatever the
    read made (``write_items``)."""
    span = max(upper - lower, 0)
    return max(1, min(partitions, -(-span // min_keys)))


def expected_read_partitions(lower: int, upper: int, requested: int) -> int:
    """How many read partitions Spark makes for these options, exactly as Spark 3.5's
    ``JDBCRelation.columnPartition`` decides: one when numPartitions <= 1 or lowerBound ==
    upperBound; else numPartitions, lowered to upperBound - lowerBound when that span is smaller
    (unless the Long subtraction overflows, which keeps numPartitions)."""
    if requested <= 1 or lower == upper:
        return 1
    span = upper - lower
    if span >= requested or span > LONG_MAX:  # span > LONG_MAX: Spark's Long difference overflows
        return requested
    return span


def column_name(name: str) -> str:
    """A column reference Spark reads as exactly ``name`` (backticks: dots and spaces are literal)."""
    return "`" + name.replace("`", "``") + "`"


@dataclass
class SourceRead:
    """One source's DataFrame and what its read partitions must be."""

    source: SourceSpec
    frame: Any
    ranges: Optional[Tuple[int, int]]
    #: numPartitions given to Spark (``read_range_count``); 1 for one reader.
    asked_partitions: int
    expected_partitions: int
    filtered: bool


#: Spark SQL type names (DataType.typeName()) by the kind of mark value that compares with them.
_MARK_KIND_TYPES = {
    "number": ("byte", "short", "integer", "long", "decimal", "float", "double"),
    "str": ("string", "varchar", "char"),
    "datetime": ("timestamp", "timestamp_ntz"),
    "date": ("date",),
}


def mark_filter(frame: Any, attribute: str, value: Any):
    """``frame`` restricted to rows whose ``attribute`` >= ``value``.

    A Spark filter, not SQL text: with pushDownPredicate Spark puts it into each range's WHERE
    clause (Spark SQL Guide, JDBC, pushDownPredicate). The literal is cast to the column's own
    type, so the comparison needs no cast on the column, which would keep Spark from pushing it.
    """
    from pyspark.sql import functions as F

    matches = [f for f in frame.schema.fields if f.name.lower() == attribute.lower()]
    data_type = matches[0].dataType
    kind = _comparable(value)[0]
    type_name = data_type.typeName()
    if type_name not in _MARK_KIND_TYPES.get(kind, ()):
        raise StartupCheckError(
            f"the stored high-water mark is a {kind} but column {attribute} is now {data_type.simpleString()}: "
            "run once with --ddbm_full true to read everything and start a new mark")
    return frame.where(frame[column_name(attribute)] >= F.lit(value).cast(data_type))


def read_source(spark: Any, target: JdbcTarget, spec: JobSpec, settings: RunSettings, source: SourceSpec,
                mark: Optional["IncrementalPlan"] = None, filter_rows: Callable = mark_filter) -> SourceRead:
    """A source view as a DataFrame: P ranges of the partition key (or one reader), only its own
    columns, named exactly as the spec names them, and only rows at or past the mark."""
    bounds = read_bounds(spark, target, settings, source)
    ranges = range_bounds(bounds)
    reader = jdbc_reader(spark, target, settings.fetch_size).option("dbtable", quote_identifier(source.view))
    expected = 1
    asked = 1
    if ranges is not None:
        lower, upper = ranges
        asked = read_range_count(lower, upper, settings.partitions, settings.min_range_keys)
        reader = (reader.option("partitionColumn", spec.partition_column)
                  .option("lowerBound", str(lower)).option("upperBound", str(upper))
                  .option("numPartitions", str(asked)))
        expected = expected_read_partitions(lower, upper, asked)
        log.info("%s: partition key %s spans %d..%d, %d read ranges", source.label, spec.partition_column,
                 bounds[0], bounds[1], expected)
    else:
        # Never "empty, nothing to do" from MIN/MAX alone: a NULL key also gives no bounds.
        log.info("%s: one reader (%s)", source.label, "no integer key" if source.bounds is None else "no bounds")
    frame = reader.load()
    wanted = spec.read_columns(source)
    present = {c.lower() for c in frame.columns}  # MySQL column names are case-insensitive
    missing = [c for c in wanted if c.lower() not in present]
    if missing:
        raise StartupCheckError(
            f"{source.label} has no column(s) {', '.join(missing)}: the MySQL views are older or newer "
            "than this job; apply the views generated with it (`ddb-migrate apply-views`)")
    filtered = False
    if mark is not None and mark.start is not None and mark.attribute in source.columns:
        frame = filter_rows(frame, mark.attribute, mark.start)
        filtered = True
    frame = frame.select(*[frame[column_name(c)].alias(c) for c in wanted])
    return SourceRead(source, frame, ranges, asked, expected, filtered)


def check_read_partitions(read: SourceRead, settings: RunSettings, spec: JobSpec) -> None:
    """The reader made the ranges it was asked for (else some option was ignored: one reader,
    one executor holding the whole view)."""
    actual = read.frame.rdd.getNumPartitions()
    if actual == read.expected_partitions:
        return
    asked = (f"{read.asked_partitions} ranges of {spec.partition_column} in [{read.ranges[0]}, {read.ranges[1]})"
             if read.ranges else "one reader")
    raise StartupCheckError(
        f"{read.source.label}: the JDBC reader made {actual} read partition(s), expected "
        f"{read.expected_partitions} for {asked}: the partitionColumn/lowerBound/upperBound/numPartitions "
        "options were not applied. The job must read through Spark's own JDBC source "
        "(spark.read.format('jdbc')) on Glue 5.0 / Spark 3.5")


def union_sources(frames: Sequence[Any]):
    """All sources as one DataFrame: columns by name, a column a source lacks is NULL there (an
    absent attribute), as the spec says."""
    return reduce(lambda left, right: left.unionByName(right, allowMissingColumns=True), frames)


def write_items(df: Any, spec: JobSpec, settings: RunSettings, client: Any = None) -> List[Dict[str, Any]]:
    """Converts and writes every row; returns one result (counters, first error) per partition.

    Rows are hashed to partitions by table key and sorted by it, so the rows of a key are adjacent
    and a key collision is dead-lettered instead of silently overwritten. ``client``: the DynamoDB
    client every partition writes with (default: each makes its own boto3 client).
    """
    keys = [df[column_name(k)] for k in spec.key_names]
    ordered = df.repartition(settings.partitions, *keys).sortWithinPartitions(*keys)

    def run_partition(index, rows):
        yield process_partition(index, (row.asDict() for row in rows), spec, settings, client=client)

    return ordered.rdd.mapPartitionsWithIndex(run_partition).collect()


# ---------------------------------------------------------------------------------------------
# 8. Checks at start
# ---------------------------------------------------------------------------------------------


def _error_lines(exc: BaseException, limit: int = 4) -> str:
    """The first meaningful lines of an error (a Py4JJavaError carries a whole Java stack)."""
    lines = [line.strip() for line in str(exc).splitlines()]
    lines = [line for line in lines if line and not line.startswith(("at ", "..."))]
    return " | ".join(lines[:limit])[:1500] or type(exc).__name__


def jdbc_failure_message(exc: BaseException, target: JdbcTarget) -> str:
    """What a failed JDBC call means and what to do, from the driver's error text (redacted)."""
    text = target.redact(str(exc))
    detail = target.redact(_error_lines(exc))
    if "ClassNotFoundException" in text and JDBC_DRIVER in text:
        return (f"JDBC driver class {JDBC_DRIVER} not found. AWS Glue 5.0 bundles MySQL Connector/J 8.0.33, "
                "which provides it: run the job on Glue version 5.0, or add a Connector/J 8.x jar with "
                "--extra-jars s3://.../mysql-connector-j-8.0.33.jar")
    if re.search(r"(?i)access denied for user", text):
        return (f"MySQL refused the login of user '{target.user}' (Glue connection '{target.connection}'): "
                f"check the connection's user and password or its secret ({detail})")
    if re.search(r"(?i)communications link failure|connection refused|unknownhost|timed out|no route to host", text):
        return (f"cannot reach MySQL through Glue connection '{target.connection}': the connection's subnet and "
                "security group must reach the database (and the group needs a self-referencing inbound rule "
                f"for Glue's workers) ({detail})")
    return f"JDBC read through Glue connection '{target.connection}' failed: {detail}"


def check_jdbc_session(spark: Any, target: JdbcTarget, settings: RunSettings) -> str:
    """The driver class loads, the server answers, and the session time zone is UTC.

    The query runs in a session Spark opened the way every range's session is opened (same URL,
    driver and sessionInitStatement), so it proves the statement really runs; the time zone is
    what MySQL renders DATETIME/TIMESTAMP values in, and docs/CONTRACT.md §5 fixes it to UTC.
    """
    try:
        rows = query_rows(spark, target, settings.fetch_size, "SELECT @@session.time_zone AS tz")
    except Exception as exc:
        raise StartupCheckError(jdbc_failure_message(exc, target)) from None
    zone = rows[0]["tz"] if rows else None
    zone = zone.decode("utf-8", "replace") if isinstance(zone, (bytes, bytearray)) else zone
    if not isinstance(zone, str) or zone.strip() not in UTC_TIME_ZONES:
        raise StartupCheckError(
            f"the JDBC session's time zone is {zone!r}, not UTC, although every session runs "
            f"\"{SESSION_INIT}\" (sessionInitStatement): the driver or a proxy in between drops it. Add "
            "sessionVariables=time_zone='%2B00:00' to the Glue connection's JDBC URL (URL-encoded: Connector/J "
            "decodes URL properties, so a bare '+' would be a space), or read through a connection that keeps "
            "session statements")
    return zone.strip()


def _key_schema_text(keys: Sequence[Tuple[str, Optional[str]]]) -> str:
    return ", ".join(f"{name} ({kind or '?'})" for name, kind in keys) or "none"


def check_dynamodb_table(client: Any, spec: JobSpec, settings: RunSettings) -> None:
    """The table exists, is usable, and its key schema is the spec's (names and types)."""
    where = f"in {settings.region}" + (f" at {settings.dynamodb_endpoint}" if settings.dynamodb_endpoint else "")
    try:
        table = client.describe_table(TableName=spec.table)["Table"]
    except Exception as exc:
        code = error_code(exc)
        if code == "ResourceNotFoundException":
            raise StartupCheckError(
                f"DynamoDB table {spec.table} does not exist {where}: create it first (`ddb-migrate deploy` "
                "creates the contract's tables; `run-local --create-tables` locally) or check --ddbm_region") from None
        if code in ("AccessDeniedException", "UnrecognizedClientException"):
            raise StartupCheckError(
                f"not allowed to describe DynamoDB table {spec.table} {where}: the job's role needs "
                f"dynamodb:DescribeTable on it ({describe_error(exc)})") from None
        raise StartupCheckError(f"cannot describe DynamoDB table {spec.table} {where}: {describe_error(exc)}") from None
    status = table.get("TableStatus")
    if status not in (None, "ACTIVE", "UPDATING"):
        raise StartupCheckError(f"DynamoDB table {spec.table} is {status}, not ACTIVE: wait until it is, then run again")
    types = {d.get("AttributeName"): d.get("AttributeType") for d in table.get("AttributeDefinitions") or []}
    by_role = {k.get("KeyType"): k.get("AttributeName") for k in table.get("KeySchema") or []}
    actual = [(by_role.get("HASH"), types.get(by_role.get("HASH")))]
    if "RANGE" in by_role:
        actual.append((by_role["RANGE"], types.get(by_role["RANGE"])))
    wanted = [(name, spec.attribute(name).type) for name in spec.key_names]
    if actual != wanted:
        raise StartupCheckError(
            f"DynamoDB table {spec.table} has key {_key_schema_text(actual)}, but the contract says "
            f"{_key_schema_text(wanted)}: the table was made for another contract. Recreate it from this "
            "contract (a new table name, or delete it first), or fix the contract's keys")
    for name, kind in sorted((n, k) for n, k in types.items() if n):
        attr = spec.attribute(name)
        if attr is not None and attr.type != kind:
            raise StartupCheckError(
                f"DynamoDB table {spec.table} defines index key attribute {name} as {kind}, but the contract "
                f"writes it as {attr.type}: every put would be rejected. Align the contract with the table")


# ---------------------------------------------------------------------------------------------
# 9. High-water mark (incremental runs)
# ---------------------------------------------------------------------------------------------
#
# Not Glue job bookmarks: the job reads with Spark's JDBC source, and keeps its own mark at
# <report_uri>/<table>/high-water-mark.json. A run reads rows with bookmark >= mark (inclusive:
# rows that share the mark's value are read again, harmless under conditional writes); the new
# mark is the bookmark's MAX as it was when the run started, read before any row, so a row that
# changes during the run is read again next time. It is saved only after a successful run.

MARK_TYPES = ("int", "decimal", "float", "str", "datetime", "date")


def high_water_mark_uri(settings: RunSettings, spec: JobSpec) -> str:
    return join_uri(settings.report_uri, spec.table, "high-water-mark.json")


def encode_mark_value(value: Any) -> Optional[Dict[str, str]]:
    """A bookmark value as ``{"type", "value"}`` text that decodes to the same type (so it compares
    as that type again); None stays None (no mark: read everything)."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, _BYTES_TYPES):
        raise StartupCheckError(f"a bookmark attribute must be a number, text, date or timestamp column, "
                                f"not {type(value).__name__}: pick a column whose value only grows")
    if isinstance(value, int):
        return {"type": "int", "value": str(value)}
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise StartupCheckError(f"bookmark maximum {value} is not a finite number")
        return {"type": "decimal", "value": str(value)}
    if isinstance(value, float):
        if not math.isfinite(value):
            raise StartupCheckError(f"bookmark maximum {value} is not a finite number")
        return {"type": "float", "value": repr(value)}
    if isinstance(value, str):
        return {"type": "str", "value": value}
    if isinstance(value, _dt.datetime):
        # PySpark hands TimestampType values over as naive local times; astimezone() reads a naive
        # value as local time too, so the stored instant is exact wherever the driver runs.
        instant = value.astimezone(_dt.timezone.utc)
        return {"type": "datetime", "value": instant.isoformat().replace("+00:00", "Z")}
    if isinstance(value, _dt.date):
        return {"type": "date", "value": value.isoformat()}
    raise StartupCheckError(f"cannot keep a {type(value).__name__} as a high-water mark")


def decode_mark_value(doc: Any) -> Any:
    """The inverse of ``encode_mark_value``; raises ValueError on anything else."""
    if doc is None:
        return None
    if not isinstance(doc, dict) or set(doc) != {"type", "value"} or not isinstance(doc["value"], str):
        raise ValueError("value must be null or {\"type\": ..., \"value\": \"...\"}")
    kind, text = doc["type"], doc["value"]
    if kind == "int":
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(f"not an integer: {text!r}")
        return int(text)
    if kind == "decimal":
        number = Decimal(text)
        if not number.is_finite():
            raise ValueError(f"not a finite decimal: {text!r}")
        return number
    if kind == "float":
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(f"not a finite float: {text!r}")
        return number
    if kind == "str":
        return text
    if kind == "datetime":
        instant = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if instant.tzinfo is None:
            raise ValueError(f"datetime without a time zone: {text!r}")
        return instant
    if kind == "date":
        return _dt.date.fromisoformat(text)
    raise ValueError(f"unknown mark type {kind!r} (one of {', '.join(MARK_TYPES)})")


def _comparable(value: Any) -> Tuple[str, Any]:
    """A key under which bookmark values of one kind compare (ints, decimals and floats as numbers)."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return ("number", Decimal(value))
    if isinstance(value, float):
        return ("number", Decimal(repr(value)))
    if isinstance(value, _dt.datetime):
        return ("datetime", value if value.tzinfo else value.astimezone(_dt.timezone.utc))
    if isinstance(value, _dt.date):
        return ("date", value)
    return (type(value).__name__, value)


def newest(values: Sequence[Any], where: str = "") -> Any:
    """The largest non-None value (None when none); values must be of one kind."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    kinds = {_comparable(v)[0] for v in present}
    if len(kinds) > 1:
        raise StartupCheckError(f"the bookmark attribute has values of different kinds ({', '.join(sorted(kinds))})"
                                f"{where}: give it one column type in every entity view")
    return max(present, key=lambda v: _comparable(v)[1])


def mark_document(spec: JobSpec, settings: RunSettings, value: Optional[Dict[str, str]], updated_at: str) -> Dict[str, Any]:
    return {"hwm_version": HWM_VERSION, "table": spec.table, "attribute": spec.bookmark_attribute,
            "value": value, "run_id": settings.run_id, "updated_at": updated_at}


def parse_mark_document(text: str, spec: JobSpec, uri: str) -> Optional[Dict[str, str]]:
    """The encoded value of a stored mark, after checking it belongs to this table and attribute."""
    reset = "run once with --ddbm_full true to read everything and write a new mark"
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise StartupCheckError(f"high-water mark {uri} is not JSON ({exc}): {reset}") from None
    if not isinstance(doc, dict) or doc.get("hwm_version") != HWM_VERSION:
        raise StartupCheckError(f"high-water mark {uri} is not an hwm_version {HWM_VERSION} document: {reset}")
    if doc.get("table") != spec.table:
        raise StartupCheckError(f"high-water mark {uri} belongs to table {doc.get('table')!r}, not {spec.table}: {reset}")
    if doc.get("attribute") != spec.bookmark_attribute:
        raise StartupCheckError(f"high-water mark {uri} is for bookmark attribute {doc.get('attribute')!r}, but the "
                                f"contract's is {spec.bookmark_attribute!r}: {reset}")
    try:
        decode_mark_value(doc.get("value"))
    except (ValueError, ArithmeticError) as exc:
        raise StartupCheckError(f"high-water mark {uri} has an unreadable value ({exc}): {reset}") from None
    return doc.get("value")


@dataclass
class IncrementalPlan:
    """What an incremental run reads from, and the mark it saves when it succeeds."""

    attribute: str
    full: bool
    #: The stored mark (encoded) this run starts from; None: a first (or full) run.
    previous: Optional[Dict[str, str]]
    #: The mark as a value for the filter; None: read everything.
    start: Any
    #: The mark saved on success: the bookmark's MAX over the sources when the run started.
    next: Optional[Dict[str, str]]
    #: Sources whose view lacks the bookmark column: read whole on every run.
    unfiltered_sources: Tuple[str, ...] = ()
    saved: bool = False

    def summary(self) -> Dict[str, Any]:
        return {"attribute": self.attribute, "full": self.full, "from": self.previous, "to": self.next,
                "saved": self.saved, "unfiltered_sources": list(self.unfiltered_sources)}


def plan_incremental(spark: Any, target: JdbcTarget, spec: JobSpec, settings: RunSettings,
                     read: Optional[Callable[[str, Optional[str]], Optional[str]]] = None) -> Optional["IncrementalPlan"]:
    """Reads the stored mark (unless --ddbm_full) and each source's MAX of the bookmark, before any
    row is read. None when the table has no bookmark attribute."""
    attribute = spec.bookmark_attribute
    if attribute is None:
        return None
    uri = high_water_mark_uri(settings, spec)
    previous = None
    if not settings.full:
        text = (read or read_text)(uri, settings.region)
        previous = parse_mark_document(text, spec, uri) if text is not None else None
    maxima, unfiltered = [], []
    for source in spec.sources:
        if attribute not in source.columns:
            unfiltered.append(source.entity or source.view)
            continue
        sql = (f"SELECT MAX({quote_identifier(attribute)}) AS hi FROM {quote_identifier(source.view)}")
        maxima.append(query_rows(spark, target, settings.fetch_size, sql)[0]["hi"])
    current = newest(maxima, f" across the views of {spec.table}")
    start = decode_mark_value(previous)
    if current is None:
        # No rows with a bookmark now: keep the stored mark (a full run has none to keep).
        following = previous
    else:
        following = encode_mark_value(current)
    log.info("incremental read of %s on %s: %s, new mark %s", spec.table, attribute,
             "full run (mark ignored)" if settings.full else
             ("first run (no mark)" if previous is None else f"from {previous['value']} (inclusive)"),
             "none (no rows)" if following is None else following["value"])
    return IncrementalPlan(attribute, settings.full, previous, start, following, tuple(unfiltered))


def save_high_water_mark(plan: IncrementalPlan, spec: JobSpec, settings: RunSettings,
                         write: Optional[Callable[[str, str, Optional[str]], None]] = None) -> None:
    """Writes the new mark (only called after a successful run)."""
    doc = mark_document(spec, settings, plan.next, utc_now())
    (write or write_text)(high_water_mark_uri(settings, spec), json.dumps(doc, indent=2, sort_keys=True) + "\n", settings.region)
    plan.saved = True


# ---------------------------------------------------------------------------------------------
# 10. Live progress
# ---------------------------------------------------------------------------------------------
#
# <report_uri>/<table>/<run_id>/progress/part-NNNNN.json per write partition and driver.json,
# each replaced whole (write_text), read by `deploy --wait`, `status --watch` and `run-local`.
# Publishing never fails a run: the first failure is logged, later ones are silent.

DRIVER_PHASES = ("checking", "reading", "writing", "finished", "failed")


def progress_uri(settings: RunSettings, spec: JobSpec, name: str) -> str:
    return join_uri(settings.report_uri, spec.table, settings.run_id, "progress", name)


def partition_progress_uri(settings: RunSettings, spec: JobSpec, index: int) -> str:
    return progress_uri(settings, spec, f"part-{index:05d}.json")


def partition_progress_document(spec: JobSpec, settings: RunSettings, index: int, counters: Counters,
                                done: bool) -> Dict[str, Any]:
    # Read without a lock while the writer thread counts: each field is one int read, and a
    # snapshot a row out of step with itself is fine for progress (the summary is exact).
    return {
        "progress_version": PROGRESS_VERSION, "table": spec.table, "run_id": settings.run_id,
        "partition": index, "updated_at": utc_now(), "done": done,
        "counters": {"read": counters.read, "written": counters.written, "skipped": counters.skipped,
                     "dead_lettered": counters.dead_lettered},
        "consumed_write_units": round(counters.consumed_write_units, 3),
        "throttled_retries": counters.throttled_retries,
    }


def driver_progress_document(spec: JobSpec, settings: RunSettings, phase: str, started_at: str) -> Dict[str, Any]:
    if phase not in DRIVER_PHASES:
        raise ValueError(f"unknown phase {phase!r}")
    return {"progress_version": PROGRESS_VERSION, "table": spec.table, "run_id": settings.run_id,
            "phase": phase, "partitions": settings.partitions, "started_at": started_at,
            "updated_at": utc_now()}


class PeriodicPublisher:
    """Writes a document every ``interval`` seconds from a daemon thread, and once more at
    ``stop`` (``done: true``). ``interval`` 0 turns it off. Never raises."""

    def __init__(self, uri: str, region: Optional[str], interval: float,
                 document: Callable[[bool], Dict[str, Any]], what: str = "progress",
                 write: Callable[[str, str, Optional[str]], None] = None):
        self.uri, self.region, self.interval, self.what = uri, region, interval, what
        self._document, self._write = document, write
        self._stopped = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._lock = threading.Lock()
        self.failed = False
        self.published = 0

    def publish(self, done: bool = False) -> bool:
        if self.interval <= 0:
            return False
        with self._lock:  # the thread and stop() never write the same file at once
            try:
                (self._write or write_text)(self.uri, json.dumps(self._document(done), sort_keys=True) + "\n",
                                            self.region)
                self.published += 1
                return True
            except Exception as exc:  # noqa: BLE001 - progress is best effort by design
                if not self.failed:
                    log.warning("could not publish %s to %s (the run goes on; no further warnings): %s",
                                self.what, self.uri, exc)
                self.failed = True
                return False

    def start(self) -> None:
        if self.interval <= 0:
            return
        self.publish()

        def loop():
            while not self._stopped.wait(self.interval):
                self.publish()

        self._thread = threading.Thread(target=loop, name="ddbm-progress", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=max(5.0, self.interval))
        self.publish(done=True)


class DriverProgress:
    """The driver's progress file: its phase, written at each phase change (never raises).

    "reading" starts with the Spark job that reads, shuffles and writes; "writing" when that
    job's last stage (the write partitions) is active, seen through Spark's documented status
    tracker (``SparkContext.statusTracker()``), polled every ``progress_seconds``.
    """

    def __init__(self, spec: JobSpec, settings: RunSettings, started_at: str,
                 write: Callable[[str, str, Optional[str]], None] = None):
        self.spec, self.settings, self.started_at = spec, settings, started_at
        self.phase_name: Optional[str] = None
        self.phases: List[str] = []
        self._publisher = PeriodicPublisher(progress_uri(settings, spec, "driver.json"), settings.region,
                                            settings.progress_seconds, self._document, "driver progress", write)

    def _document(self, done: bool) -> Dict[str, Any]:
        return driver_progress_document(self.spec, self.settings, self.phase_name, self.started_at)

    def phase(self, name: str) -> None:
        if name == self.phase_name:
            return
        driver_progress_document(self.spec, self.settings, name, self.started_at)  # validates the name
        self.phase_name = name
        self.phases.append(name)
        self._publisher.publish()

    def watch_write_stage(self, spark_context: Any, job_group: str) -> "_StageWatch":
        return _StageWatch(self, spark_context, job_group)


class _StageWatch:
    """While the write job runs: switches the driver phase to "writing" once the job's result
    stage (its highest stage id: Spark creates the parent stages first) is active."""

    def __init__(self, progress: DriverProgress, spark_context: Any, job_group: str):
        self.progress, self.sc, self.group = progress, spark_context, job_group
        self._stopped = threading.Event()
        self._thread: Optional[threading.Thread] = None

    def _writing(self) -> bool:
        tracker = self.sc.statusTracker()
        active = set(tracker.getActiveStageIds())
        for job_id in tracker.getJobIdsForGroup(self.group):
            info = tracker.getJobInfo(job_id)
            if info is not None and info.stageIds and max(info.stageIds) in active:
                return True
        return False

    def __enter__(self) -> "_StageWatch":
        interval = self.progress.settings.progress_seconds
        if interval <= 0 or self.sc is None or not hasattr(self.sc, "statusTracker"):
            return self

        def loop():
            while not self._stopped.wait(min(interval, 2.0)):
                try:
                    if self._writing():
                        self.progress.phase("writing")
                        return
                except Exception as exc:  # noqa: BLE001 - a phase label is not worth a failed run
                    log.debug("cannot read Spark's status tracker: %s", exc)
                    return

        self._thread = threading.Thread(target=loop, name="ddbm-stage-watch", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)


# ---------------------------------------------------------------------------------------------
# 11. One run
# ---------------------------------------------------------------------------------------------


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
        log.warning("could not publish metrics to %s: %s", settings.metrics_namespace, exc)
        return False


def make_dynamodb_client(settings: RunSettings, retries: bool = False):
    """A boto3 DynamoDB client. For writes botocore's own retries are off (the Writer owns
    retrying), and so is its parameter validation: a put sends exactly what ``row_to_item`` and
    ``build_put_request`` built, AttributeValues of the PutItem shapes only (tests/python/
    test_writer.py holds every kind against botocore's own validator), so checking each request
    again would only spend ~5 % of a put's CPU on the cores the endpoint needs. The start-up
    check keeps botocore's standard retries and validation."""
    import boto3
    from botocore.config import Config

    config = Config(
        region_name=settings.region,
        retries={"total_max_attempts": 3 if retries else 1, "mode": "standard"},
        parameter_validation=retries,  # only the start-up check's client validates (see above)
        max_pool_connections=max(10, settings.max_concurrent_writes),
        connect_timeout=10, read_timeout=30,
    )
    return boto3.client("dynamodb", endpoint_url=settings.dynamodb_endpoint, config=config)


#: This Python process's write clients, by the settings they were made for (``write_client``).
_WRITE_CLIENTS: Dict[Tuple[Optional[str], Optional[str], int], Any] = {}
_WRITE_CLIENTS_LOCK = threading.Lock()


def write_client(settings: RunSettings):
    """The DynamoDB client a write partition puts with: made once per Python worker process (and
    settings), then reused by every partition that process runs. Spark reuses its Python workers
    across tasks (``spark.python.worker.reuse``, true by default, Glue included), and making a boto3
    client costs 50-100 ms of CPU (service model, endpoint rules) that a write partition would
    otherwise spend again, on the cores the endpoint needs. boto3 clients are thread-safe."""
    key = (settings.region, settings.dynamodb_endpoint, settings.max_concurrent_writes)
    with _WRITE_CLIENTS_LOCK:
        client = _WRITE_CLIENTS.get(key)
        if client is None:
            client = _WRITE_CLIENTS[key] = make_dynamodb_client(settings)
        return client


def read_all_sources(spark: Any, target: JdbcTarget, spec: JobSpec, settings: RunSettings,
                     plan: Optional[IncrementalPlan]):
    """Every source read (and its read partitions checked), as one DataFrame."""
    reads = [read_source(spark, target, spec, settings, source, plan) for source in spec.sources]
    for read in reads:
        check_read_partitions(read, settings, spec)
    return union_sources([read.frame for read in reads])


def run_job(glue_context: Any, spec: JobSpec, settings: RunSettings, *, dynamodb_client: Any = None,
            read_sources: Callable = read_all_sources, write: Callable = write_items) -> Dict[str, Any]:
    """One run: checks, plan, read, write, summary, mark; returns the summary (never raises for a
    failed run: the summary says why; the caller fails the Glue run).

    Order matters: every check runs before any item is written; the mark's new value is read
    before any row; the mark is saved only when everything else succeeded, and before the summary
    is written, so a "succeeded" summary always means the mark moved.
    """
    started = utc_now()
    progress = DriverProgress(spec, settings, started)
    progress.phase("checking")
    results: List[Dict[str, Any]] = []
    error: Optional[str] = None
    plan: Optional[IncrementalPlan] = None
    target: Optional[JdbcTarget] = None
    secrets: List[str] = []
    try:
        spark = glue_context.spark_session
        target = connection_target(glue_context, settings.connection_name)
        secrets.append(target.password)
        check_jdbc_session(spark, target, settings)
        check_dynamodb_table(dynamodb_client or make_dynamodb_client(settings, retries=True), spec, settings)
        plan = plan_incremental(spark, target, spec, settings)
        frame = read_sources(spark, target, spec, settings, plan)
        progress.phase("reading")
        group = f"ddbm-{spec.table}-{settings.run_id}"
        sc = getattr(spark, "sparkContext", None)
        if sc is not None and hasattr(sc, "setJobGroup"):
            sc.setJobGroup(group, f"ddb-migrate {spec.table} run {settings.run_id}")
        with progress.watch_write_stage(sc, group):
            results = write(frame, spec, settings)
    except Exception as exc:  # reported in the summary; the caller fails the run once
        error = redact(f"{type(exc).__name__}: {exc}" if not isinstance(exc, (StartupCheckError, SettingsError))
                       else str(exc), secrets)[:2000]
        if isinstance(exc, (StartupCheckError, SettingsError)):
            log.error("run %s stopped before writing: %s", settings.run_id, error)
        else:
            log.error("run %s failed: %s\n%s", settings.run_id, error, redact(traceback.format_exc(), secrets))

    summary = summarize(spec, settings, results, started, utc_now(), error,
                        plan.summary() if plan is not None else None)
    if summary["status"] == "succeeded" and plan is not None:
        try:
            save_high_water_mark(plan, spec, settings)
            summary["high_water_mark"] = plan.summary()
        except Exception as exc:  # the items are written, but the next run must not skip ahead
            summary["status"] = "failed"
            summary["error"] = redact(f"high-water mark not saved to {high_water_mark_uri(settings, spec)}: "
                                      f"{type(exc).__name__}: {exc}", secrets)[:2000]
            log.error("run %s: %s", settings.run_id, summary["error"])
    write_text(summary_uri(settings, spec), json.dumps(summary, indent=2, sort_keys=True) + "\n", settings.region)
    progress.phase("finished" if summary["status"] == "succeeded" else "failed")
    publish_metrics(settings, summary)
    counters = summary["counters"]
    log.info("run %s %s: read=%d written=%d skipped=%d dead_lettered=%d throttled_retries=%d reasons=%s",
             settings.run_id, summary["status"], counters["read"], counters["written"], counters["skipped"],
             counters["dead_lettered"], counters["throttled_retries"], json.dumps(summary["dead_letter_reasons"]))
    return summary
