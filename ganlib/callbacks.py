"""Callbacks: record what a GAN looks like at moments of its training, and stop it after a time limit.

A :class:`SnapshotCallback` calls a function of the model every few epochs (or
every few training steps) during ``fit`` and keeps what it returns, keyed by
the epoch (or step) count. A notebook then plots or animates the snapshots::

    recorder = SnapshotCallback(lambda gan: gan.generate(z=z_fixed), every_n_epochs=5)
    gan.fit(x, epochs=40, callbacks=[recorder])
    recorder.snapshots  # {0: samples before training, 5: ..., 10: ..., ..., 40: ...}

:func:`snapshot_1d` is such a function for a GAN on 1-D data: the generator's
samples and the discriminator's output :math:`D(x)` on a grid of points.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, NamedTuple

import keras
import numpy as np
from keras import ops

from . import _validate
from ._numeric import sigmoid


class SnapshotCallback(keras.callbacks.Callback):
    """Call ``fn(model)`` before training and every ``every_n_epochs`` epochs (or ``every_n_steps`` steps).

    Args:
        fn: a function of the model being trained (e.g. a :class:`ganlib.GAN`);
            whatever it returns is stored. It runs outside the training step, so
            it may use NumPy and ``model.generate``.
        every_n_epochs: record after every this many epochs (the default, 1).
        every_n_steps: record after every this many training steps (batches)
            instead; give one of the two, not both.
        at_start: also record before the first step, under key 0.

    Attributes:
        snapshots: ``{count: fn(model)}`` in the order recorded, where ``count``
            is the number of epochs (or steps) completed, counted across
            successive ``fit`` calls. The last epoch of a ``fit`` is always
            recorded, even when it is not a multiple of ``every_n_epochs``.
    """

    def __init__(
        self,
        fn: Callable[[Any], Any],
        every_n_epochs: int | None = None,
        every_n_steps: int | None = None,
        at_start: bool = True,
    ) -> None:
        super().__init__()
        if not callable(fn):
            raise TypeError(f"fn: expected a function of the model, got {type(fn).__name__}")
        if every_n_epochs is not None and every_n_steps is not None:
            raise ValueError("every_n_epochs, every_n_steps: expected at most one of them")
        if every_n_steps is None:
            self.unit = "epoch"
            self.every = _validate.positive_int("every_n_epochs", 1 if every_n_epochs is None else every_n_epochs)
        else:
            self.unit = "step"
            self.every = _validate.positive_int("every_n_steps", every_n_steps)
        self.fn = fn
        self.at_start = bool(at_start)
        self.snapshots: dict[int, Any] = {}
        self._steps = 0
        self._epochs = 0

    def _record(self, count: int) -> None:
        self.snapshots[count] = self.fn(self.model)

    def on_train_begin(self, logs=None) -> None:
        if self.at_start and 0 not in self.snapshots:
            self._record(0)

    def on_train_batch_end(self, batch, logs=None) -> None:
        self._steps += 1
        if self.unit == "step" and self._steps % self.every == 0:
            self._record(self._steps)

    def on_epoch_end(self, epoch, logs=None) -> None:
        self._epochs += 1
        if self.unit == "epoch" and self._epochs % self.every == 0:
            self._record(self._epochs)

    def on_train_end(self, logs=None) -> None:
        if self.unit == "epoch" and self._epochs and self._epochs not in self.snapshots:
            self._record(self._epochs)


class Snapshot1D(NamedTuple):
    """A 1-D GAN at one moment: generated samples, and :math:`D(x)` on a grid of points.

    Attributes:
        samples: generated samples, shape ``(n,)``.
        grid: the points where the discriminator was evaluated, shape ``(m,)``.
        d: the discriminator's output :math:`D(x) = \\sigma(\\ell(x))` there, shape ``(m,)``.
    """

    samples: np.ndarray
    grid: np.ndarray
    d: np.ndarray


def snapshot_1d(gan: Any, grid: Any, z: Any) -> Snapshot1D:
    """Record a GAN on 1-D data: its samples for the noise ``z`` and ``D(x) = sigmoid(logit)`` on ``grid``.

    Use it with :class:`SnapshotCallback`::

        SnapshotCallback(lambda gan: snapshot_1d(gan, grid, z_fixed), every_n_epochs=2)

    Args:
        gan: a :class:`ganlib.GAN` whose samples have shape ``(1,)``.
        grid: points where to evaluate the discriminator, shape ``(m,)``.
        z: noise, shape ``(n, latent_dim)``.
    """
    if getattr(gan, "sample_shape", None) != (1,):
        raise ValueError(
            f"gan: expected a GAN with 1-D samples, shape (1,), got {getattr(gan, 'sample_shape', type(gan).__name__)}"
        )
    grid = _validate.float_array("grid", grid, ndim=1)
    samples = gan.generate(z=z)[:, 0]
    logits = ops.convert_to_numpy(gan.discriminator(grid[:, np.newaxis], training=False))[:, 0]
    d = sigmoid(logits)
    return Snapshot1D(samples=samples, grid=grid, d=d.astype(np.float32))


__all__ = ["Snapshot1D", "SnapshotCallback", "snapshot_1d"]


class TimeLimit(keras.callbacks.Callback):
    """Stop training at the end of the epoch in which ``seconds`` have passed since training began.

    Keras 3 has no such callback (TensorFlow Addons' ``TimeStopping`` is gone); the
    command line's ``--seconds`` and the book's fixed-time benchmarks use this one.

    Args:
        seconds: the training time, counted from ``on_train_begin``.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = _validate.positive_float("seconds", seconds)
        self.start = time.monotonic()

    def on_train_begin(self, logs=None) -> None:
        self.start = time.monotonic()

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        if time.monotonic() - self.start >= self.seconds:
            self.model.stop_training = True
