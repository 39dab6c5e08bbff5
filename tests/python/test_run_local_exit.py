"""When ``ddb-migrate run-local`` dies, its job runner (runtime/run_local.py, ``--exit-with-parent``)
leaves no process writing behind it, whatever process group the job's processes moved to.

The stand-ins here are plain processes shaped as a local run is (see ``kill_job_processes``):
run-local starts the runner in a process group of its own; below the runner, a process moves
itself into a group of its own, as PySpark's worker daemon does (``os.setpgid(0, 0)``), and forks a
"worker" there that keeps writing to a file. Killing the runner's group alone, as run_local did
before, left that worker writing; full CI runs saw the real one write 154 items after the kill."""

import os
import signal
import subprocess
import sys
import time

from conftest import RUNTIME

import run_local

#: The daemon: a group of its own, a worker in it writing a byte every 20 ms, both pids reported.
DAEMON = """
import os, sys, time
os.setpgid(0, 0)
worker = os.fork()
if worker == 0:
    with open(sys.argv[1], "a") as out:
        while True:
            out.write("x")
            out.flush()
            time.sleep(0.02)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(f"{os.getpid()} {worker}")
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
time.sleep(600)
"""

#: The runner: run_local's parent watch, then the daemon as its child.
RUNNER = """
import subprocess, sys, time
sys.path.insert(0, sys.argv[1])
import run_local
run_local.exit_with_parent(poll_seconds=0.05)
subprocess.Popen([sys.executable, "-c", sys.argv[2], sys.argv[3], sys.argv[4]])
time.sleep(600)
"""

#: run-local: the runner in a process group of its own, as Foundation's Process starts it.
RUN_LOCAL = """
import subprocess, sys, time
subprocess.Popen([sys.executable, "-c"] + sys.argv[1:], start_new_session=True)
time.sleep(600)
"""


def alive(pid):
    """Whether ``pid`` runs (a zombie has ended: nothing of it runs any more)."""
    fields = run_local.proc_stat(pid)
    return fields is not None and fields[0] != b"Z"


def test_killed_run_local_leaves_no_writer_in_another_process_group(tmp_path):
    beats, pids = tmp_path / "beats", tmp_path / "pids"
    launcher = subprocess.Popen([sys.executable, "-c", RUN_LOCAL, RUNNER, RUNTIME, DAEMON, str(beats), str(pids)])
    try:
        deadline = time.monotonic() + 60
        while not (pids.exists() and beats.exists() and beats.stat().st_size > 5):
            assert time.monotonic() < deadline, "the stand-in processes did not start"
            time.sleep(0.05)
        daemon, worker = (int(p) for p in pids.read_text().split())
        assert os.getpgid(worker) == daemon != os.getpgid(launcher.pid)
    finally:
        launcher.send_signal(signal.SIGKILL)
        launcher.wait(timeout=10)
    try:
        time.sleep(1.0)  # the watch polls every 0.05 s
        written = beats.stat().st_size
        time.sleep(0.5)
        assert beats.stat().st_size == written, "the worker still writes after run-local was killed"
        assert not alive(worker) and not alive(daemon)
    finally:
        if alive(worker) or alive(daemon):
            os.killpg(daemon, signal.SIGKILL)  # a failing run leaves nothing behind either


def test_descendants_are_found_through_every_level(tmp_path):
    """``descendants`` follows parent ids down the tree, and reports each process's group."""
    pids = tmp_path / "pids"
    child = subprocess.Popen([sys.executable, "-c", DAEMON, str(tmp_path / "beats"), str(pids)])
    try:
        deadline = time.monotonic() + 60
        while not pids.exists():
            assert time.monotonic() < deadline, "the stand-in processes did not start"
            time.sleep(0.05)
        daemon, worker = (int(p) for p in pids.read_text().split())
        found = dict(run_local.descendants(os.getpid()))
        assert daemon == child.pid
        assert found[daemon] == daemon and found[worker] == daemon
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
