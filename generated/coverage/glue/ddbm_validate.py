"""The engine of every ddb-migrate Glue validation job: one table's *measurement* (docs/VALIDATE.md).

Generated validation scripts (``glue/validate_<table>.py``) only wire Glue to this module, as the
load job's scripts wire it to ``ddbm_core``; reading the sources, converting rows, the start-up
checks, clients and outputs are ``ddbm_core``'s own functions, so the rows validated are read and
converted exactly as the load job reads and converts them. This module adds what validation
measures: canonical keys, the sample hash, the segmented scans, the full outer join of expected and
actual keys, the read-back comparison and the GSI queries. Like ``ddbm_core`` it imports only the
standard library (and ``ddbm_core``) at import time; Spark is reached through the objects handed in.

Memory: the driver receives counts, bounded example lists and (only when the sample is smaller than
the matched items) the sample's hashes and keys; every row, item and key otherwise stays on the
executors, joined by Spark's shuffle (which spills to disk).

Sections: 1. arguments and settings; 2. canonical forms (decimal text, key bytes, sample hash,
values, DynamoDB JSON); 3. DynamoDB reads (scans, batch reads, queries); 4. the measurement.
"""

import base64
import bisect
import hashlib
import json
import logging
import math
import random
import re
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

import ddbm_core as core

log = logging.getLogger("ddbm")

#: A table expecting at most this many items is compared whole by default (docs/VALIDATE.md, Sample) ...
WHOLE_TABLE_LIMIT = 10_000
#: ... a larger one on a sample of this many items.
DEFAULT_SAMPLE_SIZE = 1_000
#: BatchGetItem reads at most 100 keys per request (DynamoDB API Reference, BatchGetItem).
BATCH_GET_LIMIT = 100
#: Attempts for one DynamoDB read (throttling, 5xx, connection errors; or unprocessed keys).
READ_ATTEMPTS = 10

#: Reason of rows whose table key another row has too (ddbm_core's, the load job's word for it).
REASON_KEY_COLLISION = core.REASON_KEY_COLLISION


class ValidationError(RuntimeError):
    """The table cannot be measured (unreachable table, missing view, bad argument...); the
    message names what to fix. The script fails the Glue run with it; no measurement is written."""


# ---------------------------------------------------------------------------------------------
# 1. Arguments and settings
# ---------------------------------------------------------------------------------------------

#: From the job's DefaultArguments: a run started with nothing else works.
REQUIRED_ARGUMENTS = ("ddbm_connection", "ddbm_report_uri", "ddbm_region")
#: Optional arguments and their defaults (as Glue passes them: text); see templates/glue/README.md.
OPTIONAL_ARGUMENTS = {
    "ddbm_run_id": "",
    "ddbm_partitions": "8",
    "ddbm_min_range_keys": "25000",
    "ddbm_fetch_size": "1000",
    "ddbm_sample": "0",
    "ddbm_sample_fraction": "0",
    "ddbm_seed": "1",
    "ddbm_full_compare": "false",
    "ddbm_examples": "10",
    "ddbm_dynamodb_endpoint": "",
}


def resolve_arguments(argv: List[str], get_resolved_options: Callable) -> Dict[str, Any]:
    """This run's arguments through AWS's ``getResolvedOptions``, asking only for names present
    (ddbm_core's rule: it fails on an absent name, and Glue reserves JOB_RUN_ID & co.)."""
    return core.resolve_job_arguments(argv, get_resolved_options, REQUIRED_ARGUMENTS, OPTIONAL_ARGUMENTS)


@dataclass(frozen=True)
class ValidationSettings:
    """Run-time settings of one validation run (never from the contract)."""

    connection_name: str
    report_uri: str
    region: str
    run_id: str
    partitions: int = 8
    min_range_keys: int = 25000
    fetch_size: int = 1000
    #: --ddbm_sample: N items; 0 = the default rule.
    sample: int = 0
    #: --ddbm_sample_fraction as given (exact: ⌈F × expected⌉ must not be off by a float's error).
    sample_fraction: Optional[Decimal] = None
    seed: int = 1
    full_compare: bool = False
    examples: int = 10
    dynamodb_endpoint: Optional[str] = None

    @staticmethod
    def from_arguments(args: Mapping[str, Any]) -> "ValidationSettings":
        """Validates resolved arguments; raises ``core.SettingsError`` naming the bad one."""

        def raw(key: str) -> str:
            return str(args.get(key, OPTIONAL_ARGUMENTS.get(key, ""))).strip()

        def text(key: str) -> str:
            value = raw(key)
            if not value:
                raise core.SettingsError(f"--{key} is required")
            return value

        def integer(key: str, low: int, high: int) -> int:
            try:
                value = int(raw(key))
            except ValueError:
                raise core.SettingsError(f"--{key} must be an integer, got {args.get(key)!r}") from None
            if not low <= value <= high:
                raise core.SettingsError(f"--{key} must be between {low} and {high}, got {value}")
            return value

        report_uri = text("ddbm_report_uri")
        if not report_uri.startswith(("s3://", "file://")):
            raise core.SettingsError("--ddbm_report_uri must be an s3:// or file:// URI")
        run_id = text("ddbm_run_id")
        if not re.fullmatch(r"[A-Za-z0-9_.\-]{1,128}", run_id):
            raise core.SettingsError("--ddbm_run_id may only hold letters, digits, '_', '.', '-' (at most 128)")
        try:
            fraction = Decimal(raw("ddbm_sample_fraction"))
        except InvalidOperation:
            raise core.SettingsError(f"--ddbm_sample_fraction must be a number, got "
                                     f"{args.get('ddbm_sample_fraction')!r}") from None
        if not fraction.is_finite() or not 0 <= fraction <= 1:
            raise core.SettingsError(f"--ddbm_sample_fraction must be between 0 and 1 (0: unset), got {fraction}")
        full = raw("ddbm_full_compare").lower()
        if full not in ("true", "false"):
            raise core.SettingsError(f"--ddbm_full_compare must be true or false, got {args.get('ddbm_full_compare')!r}")
        sample = integer("ddbm_sample", 0, 2 ** 63 - 1)
        chosen = [name for name, given in (("--ddbm_sample", sample > 0), ("--ddbm_sample_fraction", fraction > 0),
                                           ("--ddbm_full_compare true", full == "true")) if given]
        if len(chosen) > 1:
            raise core.SettingsError(f"give at most one of --ddbm_sample, --ddbm_sample_fraction and "
                                     f"--ddbm_full_compare true (got {', '.join(chosen)})")
        return ValidationSettings(
            connection_name=text("ddbm_connection"), report_uri=report_uri, region=text("ddbm_region"),
            run_id=run_id, partitions=integer("ddbm_partitions", 1, 10000),
            min_range_keys=integer("ddbm_min_range_keys", 1, 1_000_000_000),
            fetch_size=integer("ddbm_fetch_size", 1, 1_000_000), sample=sample,
            sample_fraction=fraction if fraction > 0 else None,
            # The seed's ASCII decimal text is hashed: no sign, no leading zeros beyond "0".
            seed=integer("ddbm_seed", 0, 2 ** 63 - 1), full_compare=full == "true",
            examples=integer("ddbm_examples", 0, 10000),
            dynamodb_endpoint=raw("ddbm_dynamodb_endpoint") or None,
        )

    def run_settings(self) -> core.RunSettings:
        """The load job's settings, for ddbm_core's functions this job shares with it (reading,
        start-up checks, clients, outputs). Validation writes no dead letters: no URI for them."""
        return core.RunSettings(
            connection_name=self.connection_name, dead_letter_uri="", report_uri=self.report_uri,
            region=self.region, run_id=self.run_id, partitions=self.partitions,
            min_range_keys=self.min_range_keys, fetch_size=self.fetch_size,
            dynamodb_endpoint=self.dynamodb_endpoint)


def wanted_size(settings: ValidationSettings, expected_items: int) -> Optional[int]:
    """N of docs/VALIDATE.md, "Sample", before it meets the table; None: every item."""
    if settings.full_compare:
        return None
    if settings.sample > 0:
        return settings.sample
    if settings.sample_fraction is not None:
        return math.ceil(settings.sample_fraction * expected_items)  # Decimal × int: exact
    return None if expected_items <= WHOLE_TABLE_LIMIT else DEFAULT_SAMPLE_SIZE


def sample_size(settings: ValidationSettings, expected_items: int, matched: int) -> int:
    """N of docs/VALIDATE.md, "Sample": capped at the matched items."""
    wanted = wanted_size(settings, expected_items)
    return matched if wanted is None else min(wanted, matched)


def sample_keys(joined: Any, seed: int, wanted: int) -> set:
    """The sample's keys (docs/VALIDATE.md, "Sample"): the 2N converted rows with the smallest
    (sample hash, key bytes) are the candidates — a collision's rows take a place each — and the
    sample is the first N of them whose key is expected once and present. Only 2N hashes and keys
    reach the driver."""
    def slots(entry):
        key, (expected, actual) = entry
        if isinstance(key, bytes) and expected is not None:
            usable = expected[0] == 1 and actual is not None
            ordered = (sample_hash(seed, key), key)
            for _ in range(min(expected[0], 2 * wanted)):
                yield ordered + (usable,)

    candidates = joined.flatMap(slots).takeOrdered(2 * wanted) if wanted > 0 else []
    return set([key for _, key, usable in candidates if usable][:wanted])


@dataclass(frozen=True)
class IndexSpec:
    """One GSI of the table as the contract defines it (the script's INDEXES_JSON)."""

    name: str
    pk: str
    sk: Optional[str]

    @property
    def key_names(self) -> Tuple[str, ...]:
        return (self.pk,) if self.sk is None else (self.pk, self.sk)


def parse_indexes(text: str, spec: core.JobSpec) -> Tuple[IndexSpec, ...]:
    """The embedded index list: ``[{"index", "pk", "sk"}]``, every key a GSI key of the spec."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise core.SpecError(f"the index list is not valid JSON: {exc}") from None
    if not isinstance(doc, list):
        raise core.SpecError("the index list must be a JSON array")
    indexes, names = [], set()
    for position, entry in enumerate(doc):
        where = f"indexes[{position}]"
        if not isinstance(entry, dict):
            raise core.SpecError(f"{where} must be an object")
        unknown = sorted(set(entry) - {"index", "pk", "sk"})
        if unknown:
            raise core.SpecError(f"{where} has unknown field(s) {', '.join(map(repr, unknown))}: the script and "
                                 "its ddbm_validate.py come from different ddb-migrate versions; regenerate both")
        name, pk, sk = entry.get("index"), entry.get("pk"), entry.get("sk")
        if not isinstance(name, str) or not name or name in names:
            raise core.SpecError(f"{where}.index must be a unique, non-empty index name")
        for key_name in (pk,) if sk is None else (pk, sk):
            if not isinstance(key_name, str) or key_name not in spec.gsi_keys:
                raise core.SpecError(f"{where} ({name}): key {key_name!r} is not one of the spec's gsi_keys")
        names.add(name)
        indexes.append(IndexSpec(name, pk, sk))
    return tuple(indexes)


# ---------------------------------------------------------------------------------------------
# 2. Canonical forms (docs/VALIDATE.md, "Sample")
# ---------------------------------------------------------------------------------------------

#: Number text as DynamoDB and the load job write it (Python's Decimal alone would also take
#: "1_000", "NaN" and surrounding blanks).
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def canonical_decimal(text: str) -> str:
    """The number written out in full: no exponent, no leading zeros in the integer part, no
    trailing zeros in the fraction, no "." without a fraction, "-" only when non-zero and negative.

    Built from the digits and exponent (never through a Decimal context, whose precision would
    round a 38-digit number)."""
    if not isinstance(text, str) or not _NUMBER.fullmatch(text):
        raise ValueError(f"not a number: {text!r}")
    sign, digit_tuple, exponent = Decimal(text).as_tuple()
    digits = "".join(map(str, digit_tuple)).lstrip("0")
    if not digits:
        return "0"
    significant = digits.rstrip("0")
    exponent += len(digits) - len(significant)
    if exponent >= 0:
        body = significant + "0" * exponent
    else:
        point = len(significant) + exponent
        body = significant[:point] + "." + significant[point:] if point > 0 else "0." + "0" * -point + significant
    return ("-" if sign else "") + body


def canonical_key_bytes(attributes: Mapping[str, Dict[str, Any]], key_names: Sequence[str]) -> bytes:
    """For each key attribute, pk first: type letter, payload length in bytes (decimal), ":",
    payload (S: UTF-8; N: canonical decimal text; B: the raw bytes)."""
    out = bytearray()
    for name in key_names:
        (kind, value), = attributes[name].items()
        if kind == "S":
            payload = value.encode("utf-8")
        elif kind == "N":
            payload = canonical_decimal(value).encode("ascii")
        elif kind == "B":
            payload = bytes(value)
        else:
            raise ValueError(f"key attribute {name} has type {kind}, not S, N or B")
        out += kind.encode("ascii") + str(len(payload)).encode("ascii") + b":" + payload
    return bytes(out)


def sample_hash(seed: int, key_bytes: bytes) -> int:
    """The first 8 bytes, big-endian, of SHA-256 over the ASCII decimal seed, ":", the key bytes."""
    return int.from_bytes(hashlib.sha256(str(seed).encode("ascii") + b":" + key_bytes).digest()[:8], "big")


def comparable(value: Optional[Dict[str, Any]]) -> Any:
    """An AttributeValue in a form whose equality is docs/VALIDATE.md's: N as exact decimals, sets
    unordered, M/L deep, S and B byte-exact (a type change is a difference). None: absent."""
    if value is None:
        return None
    (kind, inner), = value.items()
    if kind == "N":
        return ("N", canonical_decimal(inner))
    if kind == "B":
        return ("B", bytes(inner))
    if kind == "SS":
        return ("SS", frozenset(inner))
    if kind == "NS":
        return ("NS", frozenset(canonical_decimal(n) for n in inner))
    if kind == "BS":
        return ("BS", frozenset(bytes(b) for b in inner))
    if kind == "L":
        return ("L", tuple(comparable(v) for v in inner))
    if kind == "M":
        return ("M", frozenset((k, comparable(v)) for k, v in inner.items()))
    if kind in ("S", "BOOL", "NULL"):
        return (kind, inner)
    raise ValueError(f"unknown AttributeValue type {kind}")


def dynamodb_json(value: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """An AttributeValue as DynamoDB JSON for the measurement: B/BS base64, N/NS canonical decimal
    text, sets sorted (SS and BS bytewise, NS by value), so both engines write the same JSON for
    the same value. None stays None (absent)."""
    if value is None:
        return None
    (kind, inner), = value.items()
    if kind == "B":
        return {"B": _base64(inner)}
    if kind == "BS":
        return {"BS": [_base64(b) for b in sorted(bytes(b) for b in inner)]}
    if kind == "N":
        return {"N": canonical_decimal(inner)}
    if kind == "NS":
        return {"NS": sorted((canonical_decimal(n) for n in inner), key=Decimal)}
    if kind == "SS":
        return {"SS": sorted(inner, key=lambda s: s.encode("utf-8"))}
    if kind == "L":
        return {"L": [dynamodb_json(v) for v in inner]}
    if kind == "M":
        return {"M": {k: dynamodb_json(v) for k, v in inner.items()}}
    return {kind: inner}


def _base64(data: Any) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


def key_json(attributes: Mapping[str, Dict[str, Any]], key_names: Sequence[str]) -> Dict[str, Any]:
    """An item's key as DynamoDB JSON: ``{"PK": {"S": "USER#1"}, "SK": {"S": "#META"}}``."""
    return {name: dynamodb_json(attributes[name]) for name in key_names}


class Smallest:
    """The ``limit`` entries with the smallest sort keys seen so far, in O(limit) memory: how a
    partition keeps its examples and the driver merges them (docs/VALIDATE.md: examples are the
    first ones in the bytewise order of canonical key bytes, then attribute name)."""

    def __init__(self, limit: int, entries: Iterable[Tuple[Any, Any]] = ()):
        self.limit = limit
        self.entries: List[Tuple[Any, Any]] = []
        for sort_key, value in entries:
            self.add(sort_key, value)

    def add(self, sort_key: Any, value: Any) -> None:
        if self.limit <= 0 or (len(self.entries) >= self.limit and sort_key >= self.entries[-1][0]):
            return
        bisect.insort(self.entries, (sort_key, value), key=lambda entry: entry[0])
        del self.entries[self.limit:]

    def values(self) -> List[Any]:
        return [value for _, value in self.entries]


# ---------------------------------------------------------------------------------------------
# 3. DynamoDB reads
# ---------------------------------------------------------------------------------------------


_CLIENTS: Dict[Tuple[str, Optional[str]], Any] = {}
_CLIENTS_LOCK = threading.Lock()


def dynamodb_client(settings: "ValidationSettings") -> Any:
    """One DynamoDB client per process (ddbm_core's, with botocore's standard retries), reused by
    every task Spark runs in it: making a client costs more than a Scan page of a small segment."""
    with _CLIENTS_LOCK:
        client = _CLIENTS.get((settings.region, settings.dynamodb_endpoint))
        if client is None:
            client = core.make_dynamodb_client(settings.run_settings(), retries=True)
            _CLIENTS[(settings.region, settings.dynamodb_endpoint)] = client
        return client


def call_with_retries(operation: Callable[..., Dict[str, Any]], request: Dict[str, Any], *,
                      attempts: int = READ_ATTEMPTS, sleep: Callable[[float], None] = time.sleep,
                      rng: Callable[[], float] = random.random) -> Dict[str, Any]:
    """One DynamoDB read, retried on throttling, 5xx and connection errors (ddbm_core's
    classification) with exponential backoff and full jitter; anything else is raised at once."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return operation(**request)
        except Exception as exc:
            if attempt >= attempts or not core.is_retryable(exc):
                raise
            sleep(core.full_jitter_delay(attempt, 0.05, 10.0, rng))


def _names(names: Sequence[str]) -> Tuple[Dict[str, str], Dict[str, str]]:
    """Placeholders for attribute names (``#a0``...): a name is never pasted into an expression.
    Returns name -> placeholder and placeholder -> name (ExpressionAttributeNames)."""
    placeholders: Dict[str, str] = {}
    for name in names:
        placeholders.setdefault(name, f"#a{len(placeholders)}")
    return placeholders, {p: n for n, p in placeholders.items()}


def scan_pages(client: Any, request: Dict[str, Any], **retry) -> Iterator[Dict[str, Any]]:
    """Every page of a Scan (or Query) request, following LastEvaluatedKey."""
    request = dict(request)
    while True:
        page = call_with_retries(client.scan if "KeyConditionExpression" not in request else client.query,
                                 request, **retry)
        yield page
        last = page.get("LastEvaluatedKey")
        if not last:
            return
        request["ExclusiveStartKey"] = last


def scan_keys(client: Any, spec: core.JobSpec, segment: int, total: int) -> Iterator[Tuple[bytes, Dict[str, Any]]]:
    """(canonical key bytes, key attributes) of every item in one segment of a parallel Scan that
    projects only the table key (consistent: what the table holds now, not what a replica saw)."""
    placeholders, names = _names(spec.key_names)
    request = {"TableName": spec.table, "Segment": segment, "TotalSegments": total, "ConsistentRead": True,
               "ProjectionExpression": ", ".join(placeholders[n] for n in spec.key_names),
               "ExpressionAttributeNames": names}
    for page in scan_pages(client, request):
        for item in page.get("Items", []):
            yield canonical_key_bytes(item, spec.key_names), {n: item[n] for n in spec.key_names}


def count_segment(client: Any, table: str, index: Optional[str], segment: int, total: int) -> int:
    """Items in one segment of a ``Select=COUNT`` Scan of the table (or of an index)."""
    request: Dict[str, Any] = {"TableName": table, "Select": "COUNT", "Segment": segment, "TotalSegments": total}
    if index is None:
        request["ConsistentRead"] = True  # GSIs offer eventually consistent reads only
    else:
        request["IndexName"] = index
    return sum(int(page.get("Count", 0)) for page in scan_pages(client, request))


def batch_get(client: Any, table: str, keys: Sequence[Dict[str, Any]], key_names: Sequence[str], *,
              attempts: int = READ_ATTEMPTS, sleep: Callable[[float], None] = time.sleep,
              rng: Callable[[], float] = random.random) -> Dict[bytes, Dict[str, Any]]:
    """The items of up to 100 keys (consistent reads), by canonical key bytes; unprocessed keys
    are asked for again with backoff until none is left (or the attempts are spent: an error)."""
    found: Dict[bytes, Dict[str, Any]] = {}
    pending = list(keys)
    attempt = 0
    while pending:
        attempt += 1
        response = call_with_retries(client.batch_get_item,
                                     {"RequestItems": {table: {"Keys": pending, "ConsistentRead": True}}},
                                     attempts=attempts, sleep=sleep, rng=rng)
        for item in response.get("Responses", {}).get(table, []):
            found[canonical_key_bytes(item, key_names)] = item
        pending = list(((response.get("UnprocessedKeys") or {}).get(table) or {}).get("Keys") or [])
        if pending:
            if attempt >= attempts:
                raise ValidationError(f"DynamoDB left {len(pending)} key(s) of {table} unprocessed after "
                                      f"{attempts} BatchGetItem attempts (throttled): run again later")
            sleep(core.full_jitter_delay(attempt, 0.05, 10.0, rng))
    return found


def query_finds(client: Any, spec: core.JobSpec, index: IndexSpec, attributes: Mapping[str, Dict[str, Any]],
                key_bytes: bytes) -> bool:
    """Whether a Query on the index, with the item's expected GSI key, returns the item."""
    placeholders, names = _names(index.key_names + spec.key_names)
    condition = " AND ".join(f"{placeholders[n]} = :k{i}" for i, n in enumerate(index.key_names))
    request = {"TableName": spec.table, "IndexName": index.name, "KeyConditionExpression": condition,
               "ExpressionAttributeNames": names,
               "ExpressionAttributeValues": {f":k{i}": attributes[n] for i, n in enumerate(index.key_names)},
               # Every projection (KEYS_ONLY too) carries the table key.
               "ProjectionExpression": ", ".join(placeholders[n] for n in spec.key_names)}
    for page in scan_pages(client, request):
        for item in page.get("Items", []):
            if canonical_key_bytes(item, spec.key_names) == key_bytes:
                return True
    return False


def check_indexes(client: Any, spec: core.JobSpec, indexes: Sequence[IndexSpec]) -> None:
    """Every GSI of the contract exists on the table with the contract's key and is ACTIVE (a
    backfilling index would count short)."""
    table = client.describe_table(TableName=spec.table)["Table"]
    deployed = {g.get("IndexName"): g for g in table.get("GlobalSecondaryIndexes") or []}
    for index in indexes:
        found = deployed.get(index.name)
        if found is None:
            raise ValidationError(f"DynamoDB table {spec.table} has no GSI {index.name}, which the contract defines: "
                                  "`ddb-migrate deploy` verifies and reports the table's shape")
        roles = {k.get("KeyType"): k.get("AttributeName") for k in found.get("KeySchema") or []}
        if (roles.get("HASH"), roles.get("RANGE")) != (index.pk, index.sk):
            raise ValidationError(f"GSI {index.name} of {spec.table} is keyed on {roles.get('HASH')}/{roles.get('RANGE')}, "
                                  f"the contract says {index.pk}/{index.sk}")
        if found.get("IndexStatus") not in (None, "ACTIVE"):
            raise ValidationError(f"GSI {index.name} of {spec.table} is {found.get('IndexStatus')}, not ACTIVE: "
                                  "validate once it is")


# ---------------------------------------------------------------------------------------------
# 4. The measurement
# ---------------------------------------------------------------------------------------------

#: Keys of excluded rows in the keyed data: a tuple never equals a key's bytes, so these buckets
#: (one per reason, counted by Spark's map-side combine) travel with the expected keys through
#: the same shuffle and join without matching any item of the table.
_EXCLUDED = "excluded"


def expected_entries(rows: Iterable[Any], spec: core.JobSpec) -> Iterator[Tuple[Any, Tuple[int, Optional[str], Any]]]:
    """Each view row as (key, (rows, entity, item attributes)): converted by ``ddbm_core.row_to_item``
    exactly as the load job converts it; a row it turns into a dead letter is keyed by its reason."""
    for row in rows:
        values = row.asDict() if hasattr(row, "asDict") else row
        entity = values.get(spec.entity_column) if spec.entity_column else None
        outcome = core.row_to_item(values, spec)
        if isinstance(outcome, core.DeadLetter):
            yield (_EXCLUDED, outcome.reason), (1, None, None)
        else:
            yield canonical_key_bytes(outcome.attributes, spec.key_names), (1, entity, outcome.attributes)


def merge_expected(left: Tuple[int, Optional[str], Any], right: Tuple[int, Optional[str], Any]):
    """Rows sharing one key: counted (more than one is a key collision); one item is kept only to
    know the key is expected (a collision's items are never compared)."""
    return left[0] + right[0], left[1], left[2]


def is_matched(entry: Tuple[Any, Tuple[Any, Any]]) -> bool:
    """Expected exactly once (no collision) and present in the table."""
    key, (expected, actual) = entry
    return isinstance(key, bytes) and expected is not None and expected[0] == 1 and actual is not None


@dataclass
class KeyStats:
    """What one partition of the joined keys (or, merged, the table) adds up to."""

    view_rows: int = 0
    excluded: Dict[str, int] = field(default_factory=dict)
    expected: int = 0
    matched: int = 0
    missing: int = 0
    unexpected: int = 0
    missing_examples: List[Tuple[bytes, Any]] = field(default_factory=list)
    unexpected_examples: List[Tuple[bytes, Any]] = field(default_factory=list)
    #: entity -> [expected items, matched]
    entities: Dict[Optional[str], List[int]] = field(default_factory=dict)
    gsi_expected: List[int] = field(default_factory=list)
    #: per GSI: the expected items carrying its keys that are in the table
    gsi_present: List[int] = field(default_factory=list)

    def merge(self, other: "KeyStats", examples: int) -> None:
        self.view_rows += other.view_rows
        for reason, count in other.excluded.items():
            self.excluded[reason] = self.excluded.get(reason, 0) + count
        self.expected += other.expected
        self.matched += other.matched
        self.missing += other.missing
        self.unexpected += other.unexpected
        self.missing_examples = Smallest(examples, self.missing_examples + other.missing_examples).entries
        self.unexpected_examples = Smallest(examples, self.unexpected_examples + other.unexpected_examples).entries
        for entity, (expected, matched) in other.entities.items():
            counts = self.entities.setdefault(entity, [0, 0])
            counts[0] += expected
            counts[1] += matched
        self.gsi_expected = [a + b for a, b in zip(self.gsi_expected, other.gsi_expected)] or list(other.gsi_expected)
        self.gsi_present = [a + b for a, b in zip(self.gsi_present, other.gsi_present)] or list(other.gsi_present)


def key_stats(entries: Iterable[Tuple[Any, Tuple[Any, Any]]], spec: core.JobSpec, indexes: Sequence[IndexSpec],
              examples: int) -> KeyStats:
    """Counts one partition of the full outer join of expected and actual keys."""
    stats = KeyStats(gsi_expected=[0] * len(indexes), gsi_present=[0] * len(indexes))
    missing, unexpected = Smallest(examples), Smallest(examples)
    for key, (expected, actual) in entries:
        if not isinstance(key, bytes):  # an excluded-rows bucket
            count = expected[0]
            stats.view_rows += count
            stats.excluded[key[1]] = stats.excluded.get(key[1], 0) + count
            continue
        if expected is not None:
            rows, entity, attributes = expected
            stats.view_rows += rows
            if rows > 1:
                # The load job writes none of them: their key is expected by nobody.
                stats.excluded[REASON_KEY_COLLISION] = stats.excluded.get(REASON_KEY_COLLISION, 0) + rows
                expected = None
            else:
                stats.expected += 1
                counts = stats.entities.setdefault(entity, [0, 0])
                counts[0] += 1
                for position, index in enumerate(indexes):
                    if all(name in attributes for name in index.key_names):
                        stats.gsi_expected[position] += 1
                        if actual is not None:
                            stats.gsi_present[position] += 1
                if actual is not None:
                    stats.matched += 1
                    counts[1] += 1
                else:
                    stats.missing += 1
                    missing.add(key, key_json(attributes, spec.key_names))
        if expected is None and actual is not None:
            stats.unexpected += 1
            unexpected.add(key, key_json(actual, spec.key_names))
    stats.missing_examples, stats.unexpected_examples = missing.entries, unexpected.entries
    return stats


@dataclass
class CompareStats:
    """The sampled items of one partition (or, merged, all): compared, differing, and the GSI queries."""

    compared: int = 0
    mismatched: int = 0
    examples: List[Tuple[Tuple[bytes, bytes], Any]] = field(default_factory=list)
    queried: List[int] = field(default_factory=list)
    query_failures: List[int] = field(default_factory=list)

    def merge(self, other: "CompareStats", examples: int) -> None:
        self.compared += other.compared
        self.mismatched += other.mismatched
        self.examples = Smallest(examples, self.examples + other.examples).entries
        self.queried = [a + b for a, b in zip(self.queried, other.queried)] or list(other.queried)
        self.query_failures = [a + b for a, b in zip(self.query_failures, other.query_failures)] or list(other.query_failures)


def attribute_differences(expected: Mapping[str, Dict[str, Any]], actual: Optional[Mapping[str, Dict[str, Any]]]
                          ) -> List[str]:
    """Names of the attributes that differ (present on one side only counts), bytewise order."""
    actual = actual or {}
    names = sorted(set(expected) | set(actual), key=lambda n: n.encode("utf-8"))
    return [n for n in names if comparable(expected.get(n)) != comparable(actual.get(n))]


def compare_items(entries: Iterable[Tuple[bytes, Tuple[Any, Any]]], spec: core.JobSpec, indexes: Sequence[IndexSpec],
                  examples: int, client: Any) -> CompareStats:
    """Reads one partition's sampled items back (BatchGetItem, 100 at a time), compares each with
    its expected item, and queries each GSI it belongs to for it."""
    stats = CompareStats(queried=[0] * len(indexes), query_failures=[0] * len(indexes))
    found = Smallest(examples)

    def flush(batch: List[Tuple[bytes, Dict[str, Any]]]) -> None:
        if not batch:
            return
        items = batch_get(client, spec.table, [{n: attrs[n] for n in spec.key_names} for _, attrs in batch],
                          spec.key_names)
        for key, attributes in batch:
            actual = items.get(key)
            stats.compared += 1
            differing = attribute_differences(attributes, actual)
            if differing:
                stats.mismatched += 1
                shown = key_json(attributes, spec.key_names)
                for name in differing:
                    found.add((key, name.encode("utf-8")), {
                        "key": shown, "attribute": name, "expected": dynamodb_json(attributes.get(name)),
                        "actual": dynamodb_json((actual or {}).get(name))})
            for position, index in enumerate(indexes):
                if all(name in attributes for name in index.key_names):
                    stats.queried[position] += 1
                    if not query_finds(client, spec, index, attributes, key):
                        stats.query_failures[position] += 1

    batch: List[Tuple[bytes, Dict[str, Any]]] = []
    for key, (expected, _) in entries:
        batch.append((key, expected[2]))
        if len(batch) == BATCH_GET_LIMIT:
            flush(batch)
            batch = []
    flush(batch)
    stats.examples = found.entries
    return stats


def measurement(spec: core.JobSpec, indexes: Sequence[IndexSpec], keys: KeyStats, items: int,
                gsi_actual: Sequence[int], compared: CompareStats, size: int) -> Dict[str, Any]:
    """The table entry of docs/VALIDATE.md without accounting, score, score_terms and passed."""
    excluded = sum(keys.excluded.values())
    entities = []
    if spec.entity_column is not None:
        for source in spec.sources:  # every entity of the contract, in its order
            expected, matched = keys.entities.get(source.entity, [0, 0])
            entities.append({"entity": source.entity, "expected_items": expected, "matched": matched})
    return {
        "table": spec.table,
        "view_rows": keys.view_rows,
        "excluded_rows": {"count": excluded, "by_reason": dict(sorted(keys.excluded.items()))},
        "expected_items": keys.expected,
        "items": items,
        "matched": keys.matched,
        "missing_keys": {"count": keys.missing, "examples": [v for _, v in keys.missing_examples]},
        "unexpected_keys": {"count": keys.unexpected, "examples": [v for _, v in keys.unexpected_examples]},
        "attribute_mismatches": {"count": compared.mismatched, "compared": compared.compared,
                                 "examples": [v for _, v in compared.examples]},
        "gsis": [{"index": index.name, "expected": keys.gsi_expected[i], "present": keys.gsi_present[i],
                  "actual": gsi_actual[i],
                  "queried": compared.queried[i], "query_failures": compared.query_failures[i]}
                 for i, index in enumerate(indexes)],
        "entities": entities,
        "sample": {"size": size, "full": compared.compared == keys.matched},
    }


def measurement_uri(settings: ValidationSettings, spec: core.JobSpec) -> str:
    """``<report_uri>/validation/<table>/<run id>.json`` (docs/VALIDATE.md)."""
    return core.join_uri(settings.report_uri, "validation", spec.table, settings.run_id + ".json")


def measure(spark: Any, target: core.JdbcTarget, spec: core.JobSpec, indexes: Sequence[IndexSpec],
            settings: ValidationSettings) -> Dict[str, Any]:
    """One table's measurement with Spark: the sources read as the load job reads them, the table
    scanned in parallel segments, both joined by key on the executors."""
    from pyspark import StorageLevel

    run = settings.run_settings()
    sc = spark.sparkContext
    partitions, examples, seed = settings.partitions, settings.examples, settings.seed

    try:
        rows = core.read_all_sources(spark, target, spec, run, None)
    except core.StartupCheckError:
        raise
    except Exception as exc:  # the view is missing, or MySQL refused the read: the driver's words
        raise ValidationError(f"{core.jdbc_failure_message(exc, target)} (are the views generated with this "
                              "job applied? `ddb-migrate apply-views`)") from None
    expected = rows.rdd.mapPartitions(lambda part: expected_entries(part, spec)).reduceByKey(merge_expected, partitions)

    def scan_segment(segment: int) -> Iterator[Tuple[bytes, Dict[str, Any]]]:
        return scan_keys(dynamodb_client(settings), spec, segment, partitions)

    actual = sc.parallelize(range(partitions), partitions).flatMap(scan_segment)
    joined = expected.fullOuterJoin(actual, partitions).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        keys = KeyStats(gsi_expected=[0] * len(indexes), gsi_present=[0] * len(indexes))
        for part in joined.mapPartitions(lambda entries: [key_stats(entries, spec, indexes, examples)]).collect():
            keys.merge(part, examples)
        log.info("%s: %d view rows, %d excluded, %d expected, %d matched, %d missing, %d unexpected", spec.table,
                 keys.view_rows, sum(keys.excluded.values()), keys.expected, keys.matched, keys.missing, keys.unexpected)

        targets = [None] + [index.name for index in indexes]
        tasks = [(target_name, segment) for target_name in targets for segment in range(partitions)]

        def count_task(task: Tuple[Optional[str], int]) -> Tuple[Optional[str], int]:
            return task[0], count_segment(dynamodb_client(settings), spec.table, task[0], task[1], partitions)

        counts = dict(sc.parallelize(tasks, len(tasks)).map(count_task).reduceByKey(lambda a, b: a + b).collect())

        size = sample_size(settings, keys.expected, keys.matched)
        wanted = wanted_size(settings, keys.expected)
        sampled = joined.filter(is_matched)
        if wanted is not None:
            chosen = sc.broadcast(sample_keys(joined, seed, wanted))
            sampled = sampled.filter(lambda entry: entry[0] in chosen.value)
        compared = CompareStats(queried=[0] * len(indexes), query_failures=[0] * len(indexes))
        if size > 0:
            def compare_partition(entries):
                yield compare_items(entries, spec, indexes, examples, dynamodb_client(settings))

            for part in sampled.mapPartitions(compare_partition).collect():
                compared.merge(part, examples)
        return measurement(spec, indexes, keys, counts.get(None, 0), [counts.get(i.name, 0) for i in indexes],
                           compared, size)
    finally:
        joined.unpersist()


#: The last line of a Python traceback: "<module.Class(Error|Exception)>: <message>".
_PYTHON_ERROR = re.compile(r"([A-Za-z_][\w.]*(?:Error|Exception)): (.+)")


def describe_failure(exc: BaseException) -> str:
    """One line on why a Spark job failed. An error raised in an executor's Python (a DynamoDB
    call refused, say) reaches the driver inside a Java stack trace (Py4JJavaError wrapping
    PythonException); its own line, the first after the traceback, is the one that says why."""
    text = str(exc)
    marker = "Traceback (most recent call last):"
    if marker in text:
        for line in text.split(marker, 1)[1].splitlines():
            match = _PYTHON_ERROR.fullmatch(line.strip())
            if match:
                return f"an executor failed: {match.group(0)}"[:1500]
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith(("at ", "..."))]
    return f"{type(exc).__name__}: {' | '.join(lines[:4])}"[:1500]


def run_validation(glue_context: Any, spec: core.JobSpec, indexes: Sequence[IndexSpec],
                   settings: ValidationSettings, *, client_override: Any = None,
                   measure_table: Callable = measure, write: Callable = core.write_text) -> Dict[str, Any]:
    """Checks, measures and writes the measurement; returns it. Raises ``ValidationError`` (message
    redacted, naming the fix) when the table cannot be measured: then nothing is written."""
    run = settings.run_settings()
    secrets: List[str] = []
    try:
        spark = glue_context.spark_session
        target = core.connection_target(glue_context, settings.connection_name)
        secrets.append(target.password)
        # The load job's start-up checks that apply to reading: the driver, the login, the UTC
        # session, and the table with the contract's key schema (the views are checked as read).
        core.check_jdbc_session(spark, target, run)
        client = client_override or dynamodb_client(settings)
        core.check_dynamodb_table(client, spec, run)
        check_indexes(client, spec, indexes)
        doc = measure_table(spark, target, spec, indexes, settings)
    except (core.StartupCheckError, core.SettingsError, ValidationError) as exc:
        raise ValidationError(core.redact(str(exc), secrets)[:2000]) from None
    except Exception as exc:
        raise ValidationError(core.redact(describe_failure(exc), secrets)[:2000]) from None
    uri = measurement_uri(settings, spec)
    try:
        write(uri, json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n", settings.region)
    except Exception as exc:
        raise ValidationError(f"the measurement could not be written to {uri}: {type(exc).__name__}: {exc} "
                              "(the job's role needs s3:PutObject under the reports prefix)") from None
    log.info("validation run %s of %s: measurement written to %s", settings.run_id, spec.table, uri)
    return doc
