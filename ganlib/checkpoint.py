"""Checkpoints: keep a GAN's training across interruptions (a Colab disconnect, a killed job).

At the end of every epoch :class:`Checkpoint` saves everything training needs to
go on: both networks, both optimisers (their step counts and moments), the
averaged generator if there is one, and the state of the training noise. A new
process resumes from the latest one::

    start = ganlib.restore_checkpoint(gan, "checkpoints")   # 0 when there is none
    gan.fit(x, epochs=40, initial_epoch=start, callbacks=[ganlib.Checkpoint("checkpoints")])

What is guaranteed:

- **Written atomically and durably.** Each checkpoint is written into a temporary
  folder, flushed to disk (``fsync``) and renamed into place; its last file, the
  *manifest* (``manifest.json``), records the size and SHA-256 of every other file
  and is its commit marker.
- **Restored only when verified.** :func:`restore_checkpoint` checks every file
  against the manifest. When the newest checkpoint fails (truncated by a full
  disk, damaged, not yet fully synced by Google Drive) it says which file and what
  is wrong in one line (a :class:`CheckpointWarning`) and falls back to the newest
  one that verifies; when none does it raises :class:`CheckpointError` and
  changes nothing.
- **One writer per folder.** A process that writes into a folder holds the
  operating system's lock on it; a second one (another process, another notebook)
  is refused at once with :class:`FolderInUseError`, naming the first. The
  system drops the lock when its process ends, also when it is killed.
- **Nothing verified is lost to a run that did not read it.** A training run whose
  first epoch is older than a verified checkpoint in its folder is refused
  before it trains; old checkpoints are removed only after a newer one is written.

Weights are stored with Keras's ``save_weights`` (HDF5, no pickle). For folders
that sync slowly or unreliably (Google Drive in Colab), write locally and copy each
verified checkpoint there: ``Checkpoint("checkpoints", copy_to=".../MyDrive/run")``
(:func:`copy_checkpoint`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keras
import numpy as np

from . import _io, _validate
from .gan import GAN

WEIGHTS = "gan.weights.h5"
STATE = "state.json"
MANIFEST = "manifest.json"
NAME = re.compile(r"^epoch-(\d{5})$")
PARTIAL = re.compile(r"^\.epoch-\d{5}\.(partial|old)-\d+$")


class CheckpointError(RuntimeError):
    """A checkpoint folder cannot be used as asked: nothing in it verifies, it cannot be written, ..."""


class FolderInUseError(CheckpointError):
    """Another live process is writing to the folder."""


class CheckpointWarning(UserWarning):
    """A checkpoint failed its verification and was skipped for an older one."""


def _require_gan(gan: Any) -> None:
    if not isinstance(gan, GAN):
        raise TypeError(f"gan: expected a ganlib.GAN, got {type(gan).__name__}")
    if not hasattr(gan, "gan_loss"):
        raise RuntimeError("gan: call compile() before saving or restoring a checkpoint")


def _folder(name: str, directory: Any) -> Path:
    if not isinstance(directory, (str, os.PathLike)):
        raise TypeError(f"{name}: expected a folder's path (str or pathlib.Path), got {type(directory).__name__}")
    path = Path(directory)
    if path.exists() and not path.is_dir():
        raise ValueError(f"{name}: {path} is a file, not a folder; name a folder for the checkpoints")
    return path


def _epoch_of(path: Path) -> int:
    """The epoch in a checkpoint folder's name (``epoch-00007`` -> 7)."""
    return int(NAME.match(path.name).group(1))


def _checkpoint_folders(directory: Path) -> list[Path]:
    """The folders named ``epoch-NNNNN`` in ``directory``, newest first (verified or not)."""
    if not directory.is_dir():
        return []
    return sorted((p for p in directory.iterdir() if NAME.match(p.name) and p.is_dir()), reverse=True)


# --- the one writer of a folder ----------------------------------------------------

_held: dict[Path, list] = {}  # folder -> [FolderLock, how many holds of this process]


@contextlib.contextmanager
def writing_to(directory: str | os.PathLike) -> Iterator[Path]:
    """Hold ``directory`` (created if needed) as its only writer for the ``with`` block; yield its path.

    The same process may hold a folder several times (a save inside a training run
    that holds it). Raises :class:`FolderInUseError`, naming the other process, if
    another live process holds it, and :class:`CheckpointError` if the folder
    cannot be written.
    """
    path = _take_folder(directory)
    try:
        yield path
    finally:
        _drop_folder(path)


def _take_folder(directory: str | os.PathLike) -> Path:
    """Start holding ``directory`` as its only writer (see :func:`writing_to`); return its path."""
    path = _folder("directory", directory)
    key = path.resolve()
    if key in _held:
        _held[key][1] += 1
        return path
    try:
        path.mkdir(parents=True, exist_ok=True)
        lock = _io.FolderLock(path)
        taken = lock.acquire()
    except OSError as error:
        raise CheckpointError(
            f"{path}: cannot write there ({error.strerror or error}); choose a folder you can write to"
        ) from None
    if not taken:
        raise FolderInUseError(
            f"{path} is in use: {_io.describe_holder(path)}. Wait for it to finish or stop it, or use another "
            "folder (a notebook whose training was stopped holds it until its kernel restarts)"
        )
    _held[key] = [lock, 1]
    return path


def _drop_folder(directory: str | os.PathLike) -> None:
    """Stop holding ``directory`` (once for each :func:`_take_folder`); the last drop releases the lock."""
    key = Path(directory).resolve()
    if key in _held:
        _held[key][1] -= 1
        if _held[key][1] == 0:
            _held.pop(key)[0].release()


# --- writing ------------------------------------------------------------------------


def _write_manifest(folder: Path, epoch: int) -> None:
    """Record each file's size and SHA-256 in ``folder/manifest.json``, written last: the commit marker."""
    files = {name: _io.file_digest(folder / name) for name in (WEIGHTS, STATE)}
    for name in files:
        _io.fsync_file(folder / name)
    _io.write_json(folder / MANIFEST, {"format": 1, "epoch": epoch, "files": files})


def _rename_into_place(partial: Path, final: Path) -> None:
    """Rename ``partial`` to ``final``; an existing ``final`` (the same epoch saved again) is replaced."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    partial.rename(final)
    _io.fsync_dir(final.parent)
    shutil.rmtree(old, ignore_errors=True)


def _prune(directory: Path, epoch: int, keep: int) -> None:
    """Remove checkpoints older than the ``keep`` newest up to ``epoch``, and leftovers of killed writes.

    Checkpoints after ``epoch`` are never removed here. The caller holds the folder,
    so no other process is writing the leftovers.
    """
    older = [p for p in _checkpoint_folders(directory) if _epoch_of(p) <= epoch]
    for old in older[keep:]:
        shutil.rmtree(old, ignore_errors=True)
    for leftover in directory.iterdir():
        if PARTIAL.match(leftover.name) and not leftover.name.endswith(f"-{os.getpid()}"):
            shutil.rmtree(leftover, ignore_errors=True)


def save_checkpoint(gan: Any, directory: str | os.PathLike, epoch: int, keep: int = 2) -> Path:
    """Save ``gan`` after ``epoch`` completed epochs into ``directory/epoch-NNNNN``; return that path.

    The files are written into a temporary folder, flushed to disk, listed with
    their sizes and SHA-256 in ``manifest.json`` (written last), and the folder is
    renamed into place. Then only the ``keep`` most recent checkpoints up to
    ``epoch`` are kept. Raises :class:`FolderInUseError` if another process is
    writing to ``directory``.
    """
    _require_gan(gan)
    epoch = _validate.positive_int("epoch", epoch)
    keep = _validate.positive_int("keep", keep)
    with writing_to(_folder("directory", directory)) as folder:
        final = folder / f"epoch-{epoch:05d}"
        partial = folder / f".{final.name}.partial-{os.getpid()}"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        gan.build_optimizers()  # so that a checkpoint saved before any step has the same variables
        gan.save_weights(partial / WEIGHTS)
        state = {"epoch": epoch, "noise_seed_state": np.asarray(gan.seed_generator.state.numpy()).tolist()}
        (partial / STATE).write_text(json.dumps(state))
        _write_manifest(partial, epoch)
        _rename_into_place(partial, final)
        _prune(folder, epoch, keep)
    return final


def copy_checkpoint(path: str | os.PathLike, destination: str | os.PathLike, keep: int = 2) -> Path:
    """Copy the checkpoint folder ``path`` into ``destination`` and verify the copy; return the copy's path.

    For folders that sync slowly or unreliably (Google Drive mounted in Colab):
    train into a local folder and copy each checkpoint there. The copy is made like
    a save (temporary folder, fsync, rename) and read back against the manifest;
    then only the ``keep`` most recent checkpoints are kept in ``destination``.
    """
    source = Path(path)
    epoch = verify_checkpoint(source)
    keep = _validate.positive_int("keep", keep)
    with writing_to(_folder("destination", destination)) as folder:
        final = folder / source.name
        partial = folder / f".{source.name}.partial-{os.getpid()}"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        for name in (WEIGHTS, STATE, MANIFEST):  # the manifest last: the commit marker
            shutil.copyfile(source / name, partial / name)
            _io.fsync_file(partial / name)
        _io.fsync_dir(partial)
        _rename_into_place(partial, final)
        verify_checkpoint(final)
        _prune(folder, epoch, keep)
    return final


# --- verifying and restoring --------------------------------------------------------


def _read_manifest(path: Path) -> dict:
    manifest = path / MANIFEST
    if not manifest.is_file():
        raise CheckpointError(
            f"{manifest}: missing, so this checkpoint was never finished (or an older ganlib wrote it)"
        )
    try:
        content = json.loads(manifest.read_text())
        files = content["files"]
        for name in (WEIGHTS, STATE):
            if not (isinstance(files[name]["size"], int) and isinstance(files[name]["sha256"], str)):
                raise TypeError(f"bad entry for {name}")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"{manifest}: damaged, not a manifest ({type(error).__name__}: {error})") from None
    return files


def _verify_file(file: Path, expected: dict) -> None:
    if not file.is_file():
        raise CheckpointError(f"{file}: missing")
    actual = _io.file_digest(file)
    if actual["size"] != expected["size"]:
        raise CheckpointError(
            f"{file}: {actual['size']:,} bytes, the manifest says {expected['size']:,} "
            "(truncated or still being copied)"
        )
    if actual["sha256"] != expected["sha256"]:
        raise CheckpointError(f"{file}: its SHA-256 differs from the manifest's (damaged or still being copied)")


def _verified_state(path: Path) -> dict:
    """The state of the checkpoint folder ``path`` once every file verifies; else a :class:`CheckpointError`."""
    files = _read_manifest(path)
    for name in (WEIGHTS, STATE):
        _verify_file(path / name, files[name])
    state = json.loads((path / STATE).read_text())
    if NAME.match(path.name) and state.get("epoch") != _epoch_of(path):
        raise CheckpointError(f"{path / STATE}: epoch {state.get('epoch')!r}, but the folder is {path.name}")
    return state


def verify_checkpoint(path: str | os.PathLike) -> int:
    """Check every file of the checkpoint folder ``path`` against its manifest; return its epoch.

    Raises :class:`CheckpointError` naming the first file that is missing,
    truncated or damaged (or the manifest, if it is missing or damaged).
    """
    path = Path(_folder("path", path))
    if not path.is_dir():
        raise CheckpointError(f"{path}: no such checkpoint folder")
    return int(_verified_state(path)["epoch"])


def latest_checkpoint(directory: str | os.PathLike) -> Path | None:
    """The most recent checkpoint in ``directory`` that verifies (:func:`verify_checkpoint`), or ``None``."""
    for path in _checkpoint_folders(Path(directory)):
        try:
            _verified_state(path)
        except CheckpointError:
            continue
        return path
    return None


def _load(gan: Any, path: Path, state: dict) -> None:
    gan.build_optimizers()
    try:
        gan.load_weights(path / WEIGHTS)
    except (ValueError, OSError) as error:
        raise CheckpointError(
            f"{path}: its files verify but do not fit this GAN ({error}); build and "
            "compile it as the run that saved the checkpoint did"
        ) from None
    gan.seed_generator.state.assign(np.asarray(state["noise_seed_state"], dtype=gan.seed_generator.state.dtype))


def restore_checkpoint(gan: Any, directory: str | os.PathLike) -> int:
    """Load the latest checkpoint in ``directory`` that verifies into ``gan``; return its epoch (0 if none).

    ``gan`` must be built and compiled like the one that was saved. Pass the
    returned epoch to ``fit(initial_epoch=...)``. A newer checkpoint that fails
    its verification is skipped with a one-line :class:`CheckpointWarning` naming
    the file and what is wrong. If there are checkpoints but none verifies, raises
    :class:`CheckpointError` naming the folder, and changes nothing.
    """
    _require_gan(gan)
    folders = _checkpoint_folders(_folder("directory", directory))
    problems = []
    for path in folders:
        try:
            state = _verified_state(path)
        except CheckpointError as error:
            problems.append(str(error))
            warnings.warn(f"skipped a checkpoint: {error}", CheckpointWarning, stacklevel=2)
            continue
        _load(gan, path, state)
        return int(state["epoch"])
    if folders:
        raise CheckpointError(
            f"directory: none of the {len(folders)} checkpoints in {directory} verifies, so none was restored "
            "and nothing was changed. Copy an intact checkpoint back (on Google Drive: wait until it has "
            "synced), or train into another folder"
        )
    return 0


def _refuse_older_start(directory: Path, epoch: int) -> None:
    newest = latest_checkpoint(directory)
    if newest is not None and _epoch_of(newest) > epoch:
        raise CheckpointError(
            f"directory: {directory} holds a verified checkpoint of epoch {_epoch_of(newest)}, but this training "
            f"starts at epoch {epoch} and would replace it. Resume from it (start = "
            "ganlib.restore_checkpoint(gan, directory); fit(..., initial_epoch=start)) or use another folder"
        )


class Checkpoint(keras.callbacks.Callback):
    """Save a :class:`ganlib.GAN` at the end of every epoch (see :func:`save_checkpoint`).

    While training, this process holds ``directory`` (and ``copy_to``) as their only
    writer: a second training run into them is refused (:class:`FolderInUseError`).
    A run that starts before the newest verified checkpoint in them is refused
    before its first epoch (:class:`CheckpointError`): it would replace it.

    Args:
        directory: where the checkpoints go.
        keep: how many of the most recent checkpoints to keep.
        copy_to: optional second folder (on Google Drive, say) into which each
            checkpoint is copied and verified once it is written (:func:`copy_checkpoint`).
        verbose: 1 to print where each checkpoint went (as Keras's ``ModelCheckpoint``
            does), 0 to say nothing.
    """

    def __init__(
        self, directory: str | os.PathLike, keep: int = 2, copy_to: str | os.PathLike | None = None, verbose: int = 0
    ) -> None:
        super().__init__()
        self.directory = _folder("directory", directory)
        self.keep = _validate.positive_int("keep", keep)
        if isinstance(verbose, bool) or verbose not in (0, 1):
            raise ValueError(f"verbose: expected 0 or 1, got {verbose!r}")
        self.verbose = verbose
        self.copy_to = None if copy_to is None else _folder("copy_to", copy_to)
        self._held: list[Path] = []
        self._checked = False

    def _folders(self) -> list[Path]:
        return [self.directory] + ([self.copy_to] if self.copy_to is not None else [])

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._release()  # a fit of this callback that was interrupted never reached on_train_end
        try:
            for folder in self._folders():
                self._held.append(_take_folder(folder))
        except CheckpointError:
            self._release()
            raise
        self._checked = False

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        if not self._checked:  # the first epoch of this fit: `epoch` is fit's initial_epoch
            try:
                for folder in self._folders():
                    _refuse_older_start(folder, epoch)
            except CheckpointError:
                self._release()  # fit ends without on_train_end
                raise
            self._checked = True

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        path = save_checkpoint(self.model, self.directory, epoch + 1, keep=self.keep)
        if self.copy_to is not None:
            copy_checkpoint(path, self.copy_to, keep=self.keep)
        if self.verbose:
            print(f"saved checkpoint {path}", flush=True)

    def on_train_end(self, logs: dict | None = None) -> None:
        self._release()

    def _release(self) -> None:
        while self._held:
            _drop_folder(self._held.pop())
