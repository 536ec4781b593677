"""Plots: sample grids, loss curves and 2-D scatter plots, each returned as a Figure.

Each function closes its figure in pyplot before returning it, so a notebook
shows it once, as the value of the cell (or through ``display(fig)``), and a
script can save it with ``fig.savefig(...)``.
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from . import _validate


def sample_grid(images: Any, ncols: int | None = None, title: str | None = None, size: float = 0.8) -> Figure:
    """Show images with values in [-1, 1] (a tanh generator's output) in a grid.

    Args:
        images: shape ``(n, height, width)`` or ``(n, height, width, 1)``.
        ncols: images per row (default: as square a grid as fits ``n``).
        title: the figure's title.
        size: inches per image.
    """
    images = _validate.float_array(
        "images", images, value_range=(-1, 1), range_hint="pass images as a tanh generator makes them"
    )
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3:
        raise ValueError(f"images: expected shape (n, height, width) or (n, height, width, 1), got {images.shape}")
    n = len(images)
    ncols = math.ceil(math.sqrt(n)) if ncols is None else _validate.positive_int("ncols", ncols)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * size, nrows * size + (0.3 if title else 0)), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, image in zip(axes.flat, images):
        ax.imshow(image, cmap="gray_r", vmin=-1, vmax=1)
    fig.subplots_adjust(wspace=0.05, hspace=0.05)
    if title:
        fig.suptitle(title)
    plt.close(fig)
    return fig


def loss_curves(history: Any, keys: Sequence[str] = ("d_loss", "g_loss"), title: str | None = None) -> Figure:
    """Plot training curves per epoch from a Keras ``History`` or a dict of lists.

    Args:
        history: what ``GAN.fit`` returns, or its ``.history`` dict.
        keys: the logged quantities to plot (``d_loss``, ``g_loss``, ``d_real``, ``d_fake``).
        title: the axes' title.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping):
        raise TypeError(f"history: expected a keras History or a dict of lists, got {type(history).__name__}")
    missing = [key for key in keys if key not in logs]
    if missing:
        raise ValueError(f"keys: {missing} not in history; it has {sorted(logs)}")
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for key in keys:
        values = _validate.float_array(f"history[{key!r}]", logs[key], ndim=1)
        ax.plot(np.arange(1, len(values) + 1), values, marker="o" if len(values) < 30 else None, label=key)
    ax.set_xlabel("epoch")
    ax.set_ylabel("value")
    ax.legend()
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    plt.close(fig)
    return fig


def scatter_samples(
    real: Any,
    fake: Any | None = None,
    title: str | None = None,
    limits: tuple[float, float] | None = None,
) -> Figure:
    """Scatter real and (optionally) generated 2-D points on the same axes.

    Args:
        real: real samples, shape ``(n, 2)``.
        fake: generated samples, shape ``(m, 2)``.
        title: the axes' title.
        limits: equal x and y limits; default fits the real data with a margin.
    """
    real = _validate.float_array("real", real, shape=(None, 2))
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.scatter(real[:, 0], real[:, 1], s=4, alpha=0.4, label="real", color="tab:blue")
    if fake is not None:
        fake = _validate.float_array("fake", fake, shape=(None, 2))
        ax.scatter(fake[:, 0], fake[:, 1], s=4, alpha=0.4, label="generated", color="tab:orange")
    if limits is None:
        reach = max(1.25 * float(np.abs(real).max()), 1.0)
        limits = (-reach, reach)
    ax.set_xlim(limits)
    ax.set_ylim(limits)
    ax.set_aspect("equal")
    ax.legend(loc="upper right", markerscale=3)
    if title:
        ax.set_title(title)
    plt.close(fig)
    return fig


def scatter_snapshots(
    real: Any, snapshots: Mapping[int, Any], ncols: int = 4, limits: tuple[float, float] | None = None
) -> Figure:
    """Scatter generated 2-D points at several moments of training, each panel over the real data.

    Args:
        real: real samples, shape ``(n, 2)``.
        snapshots: ``{epoch: samples}``, each of shape ``(m, 2)``, shown in epoch order.
        ncols: panels per row.
        limits: equal x and y limits; default fits the real data with a margin.
    """
    real = _validate.float_array("real", real, shape=(None, 2))
    if not isinstance(snapshots, Mapping) or not snapshots:
        raise TypeError(f"snapshots: expected a non-empty dict {{epoch: samples}}, got {type(snapshots).__name__}")
    ncols = _validate.positive_int("ncols", ncols)
    if limits is None:
        reach = max(1.25 * float(np.abs(real).max()), 1.0)
        limits = (-reach, reach)
    epochs = sorted(snapshots)
    nrows = math.ceil(len(epochs) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3 * ncols, 3 * nrows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, epoch in zip(axes.flat, epochs):
        fake = _validate.float_array(f"snapshots[{epoch}]", snapshots[epoch], shape=(None, 2))
        ax.axis("on")
        ax.scatter(real[:, 0], real[:, 1], s=2, alpha=0.3, color="tab:blue")
        ax.scatter(fake[:, 0], fake[:, 1], s=2, alpha=0.3, color="tab:orange")
        ax.set_xlim(limits)
        ax.set_ylim(limits)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"epoch {epoch}")
    fig.tight_layout()
    plt.close(fig)
    return fig


def show_source(obj: Any):
    """Display the source code of a ganlib function or class in a notebook, highlighted.

    The book shows ganlib's real source this way rather than a copy of it.
    """
    import inspect

    from IPython.display import Code

    if not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismethod(obj) or inspect.ismodule(obj)):
        raise TypeError(f"obj: expected a function, method, class or module, got {type(obj).__name__}")
    return Code(inspect.getsource(obj), language="python")
