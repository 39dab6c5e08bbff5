"""bench/glue/boto3_loader.py's parts that make the writer figure's rounds comparable: the items a
loader-first round writes are the ones the first round's job wrote (kept with their key schema),
and the server's CPU is read from /proc as proc(5) lays it out."""

import importlib.util
import os
import time

import pytest

from conftest import REPO

_spec = importlib.util.spec_from_file_location("bench_loader", os.path.join(REPO, "bench", "glue", "boto3_loader.py"))
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)

KEYS = [{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}]
DEFINITIONS = [{"AttributeName": "PK", "AttributeType": "S"}, {"AttributeName": "SK", "AttributeType": "S"}]


class FakeClient:
    """Two scan pages and a table description; counts the calls, so a kept file's use shows."""

    def __init__(self, items):
        self.items, self.calls = items, 0

    def scan(self, **kwargs):
        self.calls += 1
        if "ExclusiveStartKey" in kwargs:
            return {"Items": self.items[1:]}
        return {"Items": self.items[:1], "LastEvaluatedKey": {"PK": self.items[0]["PK"]}}

    def describe_table(self, TableName):
        self.calls += 1
        return {"Table": {"KeySchema": KEYS, "AttributeDefinitions": DEFINITIONS + [
            {"AttributeName": "GSI1PK", "AttributeType": "S"}]}}


def test_the_first_scan_is_kept_and_later_rounds_read_it_without_touching_the_table(tmp_path):
    items = [{"PK": {"S": f"E#{i}"}, "SK": {"S": "#META"}, "n": {"N": str(i)}} for i in range(3)]
    kept = str(tmp_path / "items.json")
    first = FakeClient(items)
    assert loader.source_items(first, "Events", kept) == (items, KEYS, DEFINITIONS)
    assert first.calls == 3 and os.path.exists(kept) and not os.path.exists(kept + ".tmp")
    later = FakeClient([])  # the job has not written yet in a loader-first round
    assert loader.source_items(later, "Events", kept) == (items, KEYS, DEFINITIONS)
    assert later.calls == 0


def test_items_that_json_cannot_hold_are_refused_by_name(tmp_path):
    with pytest.raises(SystemExit) as refused:
        loader.source_items(FakeClient([{"PK": {"S": "a"}, "B": {"B": b"\x00"}}, {"PK": {"S": "b"}}]), "Events",
                            str(tmp_path / "items.json"))
    assert "--items-file" in str(refused.value)
    assert not os.path.exists(tmp_path / "items.json")


def test_process_cpu_seconds_counts_this_process():
    before = loader.process_cpu_seconds(os.getpid())
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:
        pass
    spent = loader.process_cpu_seconds(os.getpid()) - before
    assert 0.1 <= spent <= 5.0
