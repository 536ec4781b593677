"""Checks of the exercises of the chapter *Watching a GAN learn in 1-D* (``book/part2/gan_in_1d.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._registry import answered, close, exercise


@exercise("gan1d-histogram")
def _check_histogram_density(histogram_density: Callable) -> str | None:
    cases = [
        (
            np.array([0.1, 0.2, 0.7, 1.5]),
            np.array([0.0, 0.5, 1.0, 2.0]),
            np.array([2 / 4 / 0.5, 1 / 4 / 0.5, 1 / 4 / 1.0]),
        ),
        (np.array([-1.0, 0.25, 0.75, 3.0]), np.array([0.0, 0.5, 1.0]), np.array([1 / 4 / 0.5, 1 / 4 / 0.5])),
        (np.array([0.0, 1.0]), np.array([0.0, 0.5, 1.0]), np.array([1 / 2 / 0.5, 1 / 2 / 0.5])),
    ]
    for samples, edges, want in cases:
        got = answered(histogram_density(samples, edges))
        if not close(got, want, 1e-6):
            return (
                f"for samples {samples.tolist()} and edges {edges.tolist()} the density is {want.tolist()}, you "
                f"returned {np.asarray(got).tolist()}. Divide each bin's count by the number of ALL samples and by "
                "the bin's width (the last bin includes its right edge, as in np.histogram)."
            )
    return None


@exercise("gan1d-kde")
def _check_gaussian_kde(gaussian_kde: Callable) -> str | None:
    samples = np.array([0.0, 1.0, 3.0])
    points = np.array([0.0, 0.5, 2.0, 10.0])
    for bandwidth in (0.5, 1.0):
        z = (points[:, None] - samples[None, :]) / bandwidth
        want = (np.exp(-0.5 * z**2) / (np.sqrt(2 * np.pi) * bandwidth)).mean(axis=1)
        got = answered(gaussian_kde(samples, points, bandwidth))
        if not close(got, want, 1e-6):
            return (
                f"for samples {samples.tolist()}, points {points.tolist()} and bandwidth {bandwidth} the KDE is "
                f"{np.round(want, 5).tolist()}, you returned {np.asarray(got).tolist()}. Average, over the samples, "
                "a normal density of standard deviation `bandwidth` centred on each sample (mind the 1/bandwidth)."
            )
    return None


@exercise("gan1d-expected-d")
def _check_expected_optimal_d(expected_optimal_d: Callable) -> str | None:
    x = np.linspace(-8, 8, 1601)
    dx = float(x[1] - x[0])
    gauss = lambda mean: np.exp(-0.5 * (x - mean) ** 2) / np.sqrt(2 * np.pi)  # noqa: E731
    p, q = gauss(0.0), gauss(1.0)
    total = p + q
    left, right = np.where(x < 0, 2 * gauss(0.0), 0.0), np.where(x >= 0, 2 * gauss(0.0), 0.0)
    cases = [  # the same Riemann sums as the answer's, so the grid's error cancels
        ("equal densities", p, p, float(np.sum(p) * dx / 2)),
        ("disjoint supports", left, right, float(np.sum(left) * dx)),
        ("N(0, 1) against N(1, 1)", p, q, float(np.sum(p * p / total) * dx)),
    ]
    for name, p_data, p_g, want in cases:
        got = answered(expected_optimal_d(p_data, p_g, dx))
        if not close(got, want, 1e-3):
            return (
                f"for {name} E_data[D*] is {want:.4f}, you returned {got}. Sum p_data * D* * dx with "
                "D* = p_data / (p_data + p_g), taking care where both densities are 0."
            )
    return None
