"""Plots: sample grids, loss curves and 2-D scatter plots, each returned as a Figure.

Each function closes its figure in pyplot before returning it, so a notebook
shows it once, as the value of the cell (or through ``display(fig)``), and a
script can save it with ``fig.savefig(...)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

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


def _fitting_limits(real: np.ndarray) -> tuple[float, float]:
    """Equal x and y limits that hold the real data with a margin."""
    reach = max(1.25 * float(np.abs(real).max()), 1.0)
    return (-reach, reach)


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
    limits = _fitting_limits(real) if limits is None else limits
    ax.set_xlim(limits)
    ax.set_ylim(limits)
    ax.set_aspect("equal")
    ax.legend(loc="upper right", markerscale=3)
    if title:
        ax.set_title(title)
    plt.close(fig)
    return fig


def scatter_snapshots(
    real: Any,
    snapshots: Mapping[int, Any],
    ncols: int = 4,
    limits: tuple[float, float] | None = None,
    label: str = "epoch",
) -> Figure:
    """Scatter generated 2-D points at several moments of training, each panel over the real data.

    Args:
        real: real samples, shape ``(n, 2)``.
        snapshots: ``{count: samples}``, each of shape ``(m, 2)``, shown in order of ``count``.
        ncols: panels per row.
        limits: equal x and y limits; default fits the real data with a margin.
        label: what the counts are, for the panel titles (``"epoch"`` or ``"step"``).
    """
    real = _validate.float_array("real", real, shape=(None, 2))
    if not isinstance(snapshots, Mapping) or not snapshots:
        raise TypeError(f"snapshots: expected a non-empty dict {{epoch: samples}}, got {type(snapshots).__name__}")
    ncols = _validate.positive_int("ncols", ncols)
    if not isinstance(label, str):
        raise TypeError(f"label: expected a string such as 'epoch' or 'step', got {type(label).__name__}")
    limits = _fitting_limits(real) if limits is None else limits
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
        ax.set_title(f"{label} {epoch}")
    fig.tight_layout()
    plt.close(fig)
    return fig


def show_source(*objs: Any):
    """Display the source code of ganlib functions, methods or classes in a notebook, highlighted.

    The book shows ganlib's real source this way rather than a copy of it.
    Several objects are shown one after the other, in the order given.
    """
    import inspect

    from IPython.display import Code

    if not objs:
        raise TypeError("objs: expected at least one function, method, class or module, got none")
    for obj in objs:
        if not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismethod(obj) or inspect.ismodule(obj)):
            raise TypeError(f"objs: expected functions, methods, classes or modules, got {type(obj).__name__}")
    return Code("\n".join(inspect.getsource(obj) for obj in objs), language="python")


# --- Densities in 1-D and animations (Part II: "Watching a GAN learn in 1-D") ---


def _density_panel(ax, grid, data_density, snapshot, bins, density_max, title, legend):
    edges = np.linspace(grid[0], grid[-1], bins + 1)
    ax.fill_between(grid, data_density, color="tab:blue", alpha=0.25, lw=0)
    ax.plot(grid, data_density, color="tab:blue", label=r"$p_\mathrm{data}$")
    ax.hist(snapshot.samples, bins=edges, density=True, histtype="step", color="tab:orange", lw=1.5, label=r"$p_g$")
    ax.set_xlim(grid[0], grid[-1])
    ax.set_ylim(0, density_max)
    ax.set_xlabel("$x$")
    ax.set_ylabel("density")
    d_ax = ax.twinx()
    d_ax.axhline(0.5, color="gray", lw=0.8, ls=":")
    d_ax.plot(grid, snapshot.d, color="tab:green", ls="--", lw=1.5, label="$D(x)$")
    d_ax.set_ylim(0, 1.05)
    d_ax.set_ylabel("$D(x)$", color="tab:green")
    ax.set_title(title)
    if legend:
        handles = ax.get_legend_handles_labels()[0] + d_ax.get_legend_handles_labels()[0]
        ax.legend(handles, [h.get_label() for h in handles], loc="upper left", fontsize="small")


def density_panels(
    data_pdf: Any,
    snapshots: Mapping[int, Any],
    ncols: int = 3,
    bins: int = 60,
    density_max: float | None = None,
    label: str = "epoch",
    size: tuple[float, float] = (3.6, 2.6),
) -> Figure:
    """Draw a 1-D GAN at several moments: data density, generator's histogram and :math:`D(x)`, one panel each.

    This is the picture of Goodfellow et al. (2014, figure 1): the data density
    (blue), the density of the generator's samples (orange histogram) and the
    discriminator's output :math:`D(x)` (dashed green, on the right axis, with
    the level 1/2 dotted).

    Args:
        data_pdf: the data density, a function of points of shape ``(m,)`` such as
            ``GaussianMixture.pdf``, evaluated on each snapshot's grid.
        snapshots: ``{count: ganlib.Snapshot1D}`` (what :class:`ganlib.SnapshotCallback`
            records with :func:`ganlib.snapshot_1d`), shown in order of ``count``.
        ncols: panels per row.
        bins: histogram bins across the grid.
        density_max: top of the density axis (default: 1.6 times the data density's peak).
        label: what the counts are, for the panel titles (``"epoch"`` or ``"step"``).
        size: inches per panel.
    """
    if not callable(data_pdf):
        raise TypeError(
            f"data_pdf: expected a density function such as GaussianMixture.pdf, got {type(data_pdf).__name__}"
        )
    if not isinstance(snapshots, Mapping) or not snapshots:
        raise TypeError(f"snapshots: expected a non-empty dict {{count: Snapshot1D}}, got {type(snapshots).__name__}")
    ncols = _validate.positive_int("ncols", ncols)
    bins = _validate.positive_int("bins", bins)
    counts = sorted(snapshots)
    for count in counts:
        if not all(hasattr(snapshots[count], field) for field in ("samples", "grid", "d")):
            raise TypeError(
                f"snapshots[{count}]: expected a Snapshot1D (samples, grid, d), got {type(snapshots[count]).__name__}"
            )
    densities = {
        c: np.asarray(data_pdf(_validate.float_array(f"snapshots[{c}].grid", snapshots[c].grid, ndim=1)))
        for c in counts
    }
    if density_max is None:
        density_max = 1.6 * max(float(d.max()) for d in densities.values())
    density_max = _validate.positive_float("density_max", density_max)
    ncols = min(ncols, len(counts))
    nrows = math.ceil(len(counts) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size[0] * ncols, size[1] * nrows), squeeze=False)
    for ax in axes.flat[len(counts) :]:
        ax.axis("off")
    for i, (ax, count) in enumerate(zip(axes.flat, counts)):
        snapshot = snapshots[count]
        _density_panel(
            ax,
            np.asarray(snapshot.grid),
            densities[count],
            snapshot,
            bins,
            density_max,
            f"{label} {count}",
            legend=i == 0,
        )
    fig.tight_layout()
    plt.close(fig)
    return fig


def figure_to_rgb(fig: Figure, dpi: float | None = None) -> np.ndarray:
    """Render a Figure to an RGB array of shape ``(height, width, 3)``, dtype uint8."""
    import io

    from PIL import Image

    if not isinstance(fig, Figure):
        raise TypeError(f"fig: expected a matplotlib Figure, got {type(fig).__name__}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi if dpi is not None else fig.dpi, facecolor="white")
    buffer.seek(0)
    return np.asarray(Image.open(buffer).convert("RGB"))


class GifAnimation:
    """An animated GIF in memory, shown in a notebook as an ``<img>`` (so it survives into the HTML book).

    Attributes:
        data: the GIF file's bytes.
        n_frames: how many frames it has.
        size: ``(width, height)`` in pixels.
        alt: the alternative text of the ``<img>``.
    """

    def __init__(self, data: bytes, n_frames: int, size: tuple[int, int], alt: str = "") -> None:
        self.data = data
        self.n_frames = n_frames
        self.size = size
        self.alt = alt

    def __repr__(self) -> str:
        return f"GifAnimation({self.n_frames} frames, {self.size[0]}x{self.size[1]} pixels, {len(self.data):,} bytes)"

    def _repr_html_(self) -> str:
        import base64
        import html

        encoded = base64.b64encode(self.data).decode("ascii")
        return (
            f'<img src="data:image/gif;base64,{encoded}" alt="{html.escape(self.alt, quote=True)}" '
            f'style="max-width: 100%; height: auto;" />'
        )

    def save(self, path: Any) -> None:
        """Write the GIF to ``path``."""
        with open(path, "wb") as file:
            file.write(self.data)


def make_gif(
    frames: Sequence[Any],
    fps: float = 4.0,
    alt: str = "",
    path: Any = None,
    dpi: float | None = None,
    hold_last: int = 1,
) -> GifAnimation:
    """Make an animated GIF from matplotlib Figures or RGB(A) arrays, e.g. sample grids over training.

    Args:
        frames: a non-empty sequence of Figures (rendered at ``dpi``) or arrays
            of shape ``(height, width, 3 or 4)``, uint8 or floats in [0, 1].
            Frames of another size than the first are resized to it.
        fps: frames per second.
        alt: the alternative text of the image in a notebook or book page.
        path: where to also save the GIF, if given.
        dpi: resolution at which Figures are rendered (default: each Figure's own).
        hold_last: how many frame durations the last frame stays (a pause before looping).

    Returns:
        A :class:`GifAnimation`, which a notebook displays as the animated image.
    """
    import io

    from PIL import Image

    if isinstance(frames, (str, bytes)) or not isinstance(frames, Sequence) or not frames:
        raise TypeError(f"frames: expected a non-empty list of Figures or RGB arrays, got {type(frames).__name__}")
    fps = _validate.positive_float("fps", fps)
    hold_last = _validate.positive_int("hold_last", hold_last)
    images = []
    for i, frame in enumerate(frames):
        if isinstance(frame, Figure):
            array = figure_to_rgb(frame, dpi)
        else:
            array = np.asarray(frame)
            if array.ndim != 3 or array.shape[-1] not in (3, 4):
                raise ValueError(
                    f"frames[{i}]: expected a Figure or an array (height, width, 3 or 4), got shape {array.shape}"
                )
            if np.issubdtype(array.dtype, np.floating):
                array = _validate.float_array(
                    f"frames[{i}]", array, value_range=(0, 1), range_hint="float frames must be RGB values in [0, 1]"
                )
                array = np.round(array * 255)
            array = array[..., :3].astype(np.uint8)
        image = Image.fromarray(array, mode="RGB")
        if images and image.size != images[0].size:
            image = image.resize(images[0].size)
        images.append(image)
    palette = [image.quantize(colors=255, method=Image.Quantize.MEDIANCUT) for image in images]
    duration = int(round(1000 / fps))
    durations = [duration] * (len(palette) - 1) + [duration * hold_last]
    buffer = io.BytesIO()
    palette[0].save(
        buffer, format="GIF", save_all=True, append_images=palette[1:], duration=durations, loop=0, disposal=1
    )
    gif = GifAnimation(buffer.getvalue(), len(palette), images[0].size, alt)
    if path is not None:
        gif.save(path)
    return gif
