"""Checkpoints: keep a GAN's training across interruptions (a Colab disconnect, a killed job).

At the end of every epoch :class:`Checkpoint` saves everything training needs to
go on: both networks, both optimisers (their step counts and moments), the
averaged generator if there is one, and the state of the training noise. A new
process resumes from the latest one::

    start = ganlib.restore_checkpoint(gan, "checkpoints")   # 0 when there is none
    gan.fit(x, epochs=40, initial_epoch=start, callbacks=[ganlib.Checkpoint("checkpoints")])

Each checkpoint is written into a temporary folder and then renamed into place,
so an interrupted write never leaves a checkpoint that loads wrongly: the
folder either is complete or does not carry a checkpoint's name. Weights are
stored with Keras's ``save_weights`` (HDF5, no pickle).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import keras
import numpy as np

from . import _validate
from .gan import GAN

WEIGHTS = "gan.weights.h5"
STATE = "state.json"
NAME = re.compile(r"^epoch-(\d{5})$")


def _require_gan(gan: Any) -> None:
    if not isinstance(gan, GAN):
        raise TypeError(f"gan: expected a ganlib.GAN, got {type(gan).__name__}")
    if not hasattr(gan, "gan_loss"):
        raise RuntimeError("gan: call compile() before saving or restoring a checkpoint")


def save_checkpoint(gan: Any, directory: str | os.PathLike, epoch: int, keep: int = 2) -> Path:
    """Save ``gan`` after ``epoch`` completed epochs into ``directory/epoch-NNNNN``; return that path.

    Only the ``keep`` most recent checkpoints are kept.
    """
    _require_gan(gan)
    epoch = _validate.positive_int("epoch", epoch)
    keep = _validate.positive_int("keep", keep)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"epoch-{epoch:05d}"
    partial = directory / f".{final.name}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    gan.build_optimizers()  # so that a checkpoint saved before any step has the same variables
    gan.save_weights(partial / WEIGHTS)
    state = {"epoch": epoch, "noise_seed_state": np.asarray(gan.seed_generator.state.numpy()).tolist()}
    (partial / STATE).write_text(json.dumps(state))
    if final.exists():  # the same epoch saved again (a rerun): replace it
        shutil.rmtree(final)
    partial.rename(final)
    for old in sorted(p for p in directory.iterdir() if NAME.match(p.name))[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    return final


def latest_checkpoint(directory: str | os.PathLike) -> Path | None:
    """The most recent complete checkpoint in ``directory``, or ``None``."""
    directory = Path(directory)
    if not directory.is_dir():
        return None
    complete = [p for p in directory.iterdir() if NAME.match(p.name) and (p / STATE).is_file()]
    return max(complete, default=None)


def restore_checkpoint(gan: Any, directory: str | os.PathLike) -> int:
    """Load the latest checkpoint in ``directory`` into ``gan``; return its epoch (0 if there is none).

    ``gan`` must be built and compiled like the one that was saved. Pass the
    returned epoch to ``fit(initial_epoch=...)``.
    """
    _require_gan(gan)
    path = latest_checkpoint(directory)
    if path is None:
        return 0
    gan.build_optimizers()
    gan.load_weights(path / WEIGHTS)
    state = json.loads((path / STATE).read_text())
    gan.seed_generator.state.assign(np.asarray(state["noise_seed_state"], dtype=gan.seed_generator.state.dtype))
    return int(state["epoch"])


class Checkpoint(keras.callbacks.Callback):
    """Save a :class:`ganlib.GAN` at the end of every epoch (see :func:`save_checkpoint`).

    Args:
        directory: where the checkpoints go.
        keep: how many of the most recent checkpoints to keep.
    """

    def __init__(self, directory: str | os.PathLike, keep: int = 2) -> None:
        super().__init__()
        self.directory = Path(directory)
        self.keep = _validate.positive_int("keep", keep)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        save_checkpoint(self.model, self.directory, epoch + 1, keep=self.keep)
