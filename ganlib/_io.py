"""Durable file writes, file digests and one-writer-per-folder locks, for checkpoints and run folders.

- :func:`write_json`: write a JSON file under a temporary name, flush it to disk and rename it into
  place, so that a reader sees the old file or the new one, never half of one.
- :func:`fsync_file`, :func:`fsync_dir`: push a file's data, or a folder's entries (renames), to disk,
  so that a power loss after the call does not undo them.
- :func:`file_digest`: a file's size and SHA-256.
- :class:`FolderLock`: the operating system's own lock on a file in a folder (``flock`` on POSIX,
  ``msvcrt.locking`` on Windows). The system drops it when its process ends, however it ends, so a
  killed process never leaves a lock that blocks the next one.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any

LOCK_NAME = ".ganlib-writer.lock"
_NO_LOCKS = {errno.ENOLCK, errno.ENOSYS, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}
_WINDOWS_LOCK_OFFSET = 1 << 20  # Windows locks a byte range: lock one byte past the holder's description


def fsync_file(path: Path) -> None:
    """Flush the data of the file ``path`` to disk."""
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def fsync_dir(path: Path) -> None:
    """Flush the entries of the folder ``path`` (files created or renamed in it) to disk, where possible."""
    if os.name != "posix":  # Windows cannot open a folder; its renames are flushed with the files
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError:  # some file systems (network mounts, FUSE) do not sync folders
        pass
    finally:
        os.close(descriptor)


def write_json(path: Path, content: Any) -> None:
    """Write ``content`` as JSON to ``path`` atomically and durably (temporary file, fsync, rename)."""
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    with open(partial, "w") as file:
        file.write(json.dumps(content, indent=2) + "\n")
        file.flush()
        os.fsync(file.fileno())
    os.replace(partial, path)  # never a half-written file under the real name
    fsync_dir(path.parent)


def file_digest(path: Path) -> dict[str, Any]:
    """The size in bytes and the SHA-256 (hex) of the file ``path``."""
    sha = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            sha.update(block)
    return {"size": path.stat().st_size, "sha256": sha.hexdigest()}


def _try_lock(descriptor: int) -> bool:
    """Take the system's exclusive lock on the open file without waiting; False if another process has it."""
    if os.name == "nt":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as error:  # a file system without locks (rare: Linux emulates them on FUSE mounts)
        if error.errno not in _NO_LOCKS:
            raise
    return True


def _describe_this_process() -> str:
    argv = list(sys.argv)
    if argv and Path(argv[0]).parts[-2:] == ("ganlib", "__main__.py"):
        argv[0] = "python -m ganlib"
    command = " ".join(argv) or sys.executable
    return json.dumps(
        {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": command[:300],
            "since": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
    )


def describe_holder(folder: Path) -> str:
    """Who holds the lock of ``folder``, as written by its holder: "process PID on HOST (COMMAND), since TIME"."""
    try:
        holder = json.loads((folder / LOCK_NAME).read_text())
        return f"process {holder['pid']} on {holder['host']} ({holder['command']}), writing since {holder['since']}"
    except (OSError, ValueError, KeyError, TypeError):  # it is writing its description right now
        return "another process"


class FolderLock:
    """An exclusive lock on ``folder`` held by this process (see :func:`FolderLock.acquire`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self.descriptor: int | None = None

    def acquire(self) -> bool:
        """Take the lock without waiting. True if taken; False if another live process holds it."""
        while True:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if not _try_lock(descriptor):
                os.close(descriptor)
                return False
            try:  # the holder before us may have removed the file between our open and our lock
                same = os.path.samestat(os.fstat(descriptor), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(descriptor)
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, _describe_this_process().encode())
        self.descriptor = descriptor
        return True

    def release(self) -> None:
        """Remove the lock file, then drop the lock (in this order, so no one locks a removed file)."""
        if self.descriptor is None:
            return
        if os.name != "nt":  # Windows cannot remove an open file; the next holder reuses it
            try:
                self.path.unlink()
            except OSError:
                pass
        os.close(self.descriptor)  # closing drops the system's lock
        self.descriptor = None
