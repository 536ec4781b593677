"""Work that several test files need, done once per test run.

pytest-xdist runs test files in separate processes, so a session-scoped fixture would still run
once per process; :func:`once` makes the first process that asks do the work, in a folder that
every process of the run shares, while the others wait for it and then read it.
"""

import fcntl
import os
from collections.abc import Callable
from pathlib import Path

import pytest


def once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder ``name``, filled by ``make(folder)`` in the first test process of this run that asks for it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above the workers' own
    folder = base / name
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if make() fails
        if not (base / f"{name}.done").exists():
            make(folder)
            (base / f"{name}.done").touch()
    return folder


def english_messages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English book's message templates (``tools.translate.extract``: a gettext build, about 10 s)."""
    from tools import translate

    return once(tmp_path_factory, "gettext", translate.extract)
