"""A fault test: kill a real training process with SIGKILL in the middle of an epoch, then resume it.

The first run trains for many epochs; once it has saved at least one checkpoint and printed that it
started a later epoch, it is killed without warning (no handler runs, files may be half-written). A
second run with the same folder must resume from the latest complete checkpoint, losing at most the
epoch that was in progress, and finish. Everything is polled with generous timeouts: no fixed sleeps.
"""

import json
import math
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ganlib import cli
from ganlib.checkpoint import latest_checkpoint, verify_checkpoint
from tests.paths import ROOT

BATCH = 16
STEPS_PER_EPOCH = cli.QUICK_DIGITS // BATCH
EPOCH_LINE = re.compile(r"^Epoch (\d+)/\d+", re.MULTILINE)


def wait_for(condition, process, timeout, what):
    """Poll ``condition()`` until it is true; fail if ``process`` ends first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process.poll() is not None:
            pytest.fail(f"training ended (exit code {process.returncode}) before {what}")
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def epochs_started(log: Path) -> list[int]:
    return [int(m) for m in EPOCH_LINE.findall(log.read_text(errors="replace"))] if log.exists() else []


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_training_killed_mid_epoch_resumes_from_the_last_checkpoint(tmp_path, cli_env):
    out = tmp_path / "run"
    checkpoints = out / "checkpoints"
    log = tmp_path / "first.log"
    command = [sys.executable, "-m", "ganlib", "train", "--model", "dcgan", "--batch", str(BATCH), "--out", str(out)]

    with open(log, "w") as stdout:
        first = subprocess.Popen(
            command + ["--epochs", "1000"], cwd=ROOT, env=cli_env, stdout=stdout, stderr=subprocess.STDOUT
        )
    try:
        # Wait for the first checkpoint, then for the progress bar to announce an epoch after it:
        # the process is then inside that epoch, past its last checkpoint.
        wait_for(lambda: latest_checkpoint(checkpoints), first, 300, "the first checkpoint")
        saved_before = int(latest_checkpoint(checkpoints).name.split("-")[1])
        wait_for(
            lambda: any(e > saved_before for e in epochs_started(log)),
            first,
            300,
            f"an epoch after epoch {saved_before} to start",
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == -signal.SIGKILL
    assert (out / ".ganlib-writer.lock").exists()  # left behind by the killed process: it must not block
    in_progress = max(epochs_started(log))  # the epoch the process was in when it was killed
    last = latest_checkpoint(checkpoints)
    assert last is not None
    saved = int(last.name.split("-")[1])
    assert saved >= saved_before >= 1
    assert in_progress - saved <= 1, f"killed in epoch {in_progress}, but the last checkpoint is epoch {saved}"

    total = saved + 2
    second = subprocess.run(
        command + ["--epochs", str(total)], cwd=ROOT, env=cli_env, capture_output=True, text=True, timeout=600
    )
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    resumed = re.search(r"resuming from epoch (\d+) \(.*, optimizer step (\d+)\)", second.stdout)
    assert resumed, second.stdout[-3000:]
    assert int(resumed.group(1)) == saved  # at most one epoch (the one in progress) was lost
    assert int(resumed.group(2)) == saved * STEPS_PER_EPOCH  # the optimisers' state came back too
    assert latest_checkpoint(checkpoints).name == f"epoch-{total:05d}"
    assert verify_checkpoint(checkpoints / f"epoch-{total - 1:05d}") == total - 1
    assert not any(p.name.startswith(".epoch-") for p in checkpoints.iterdir())  # no leftovers of the killed save
    scores = json.loads((out / "scores.json").read_text())
    assert scores["epoch"] == total and math.isfinite(scores["frechet_distance"])
