"""Metrics: how well generated samples cover a known distribution."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from . import _validate
from .data import GaussianMixture


class ModeCoverage(NamedTuple):
    """What :func:`mode_coverage` measures."""

    modes_covered: int
    """How many of the mixture's modes received at least one high-quality sample."""
    high_quality: float
    """The share of samples within ``n_std`` standard deviations of their nearest mode."""


def mode_coverage(samples: Any, mixture: GaussianMixture, n_std: float = 3.0) -> ModeCoverage:
    """Count the modes a set of samples covers, as in the Unrolled-GAN and PacGAN papers.

    A sample is *high quality* when it lies within ``n_std`` standard deviations
    of its nearest mode; a mode is *covered* when at least one high-quality
    sample is nearest to it.

    Args:
        samples: points of shape ``(n, d)``, ``d`` being the mixture's dimension.
        mixture: the target distribution (e.g. :func:`ganlib.ring_of_gaussians`).
        n_std: the distance, in standard deviations, that counts as close.
    """
    if not isinstance(mixture, GaussianMixture):
        raise TypeError(f"mixture: expected a ganlib.GaussianMixture, got {type(mixture).__name__}")
    samples = _validate.float_array("samples", samples, shape=(None, mixture.dim)).astype(np.float64)
    n_std = _validate.positive_float("n_std", n_std)
    distance = np.linalg.norm(samples[:, np.newaxis, :] - mixture.means[np.newaxis], axis=-1)
    nearest = distance.argmin(axis=1)
    close = distance.min(axis=1) <= n_std * mixture.std
    return ModeCoverage(int(np.unique(nearest[close]).size), float(close.mean()))
