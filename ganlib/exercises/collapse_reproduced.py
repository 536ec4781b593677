"""Checks of the exercises of the chapter *Mode collapse, reproduced* (``book/part4/collapse_reproduced.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..data import ring_of_gaussians
from ._registry import answered, exercise


@exercise("modes-kl")
def _check_modes_kl(mode_kl: Callable) -> str | None:
    ring = ring_of_gaussians()
    rng = np.random.default_rng(0)
    far = rng.normal(scale=0.1, size=(30, 2))  # near the centre, far from every mode
    cases = {
        "samples of the ring itself": ring.sample(800, seed=0),
        "every sample at one mode": np.repeat(ring.means[:1], 50, axis=0),
        "two modes, 3 to 1": np.repeat(ring.means[[0, 0, 0, 5]], 10, axis=0),
        "one mode, and many samples far from every mode": np.concatenate([np.repeat(ring.means[2:3], 10, axis=0), far]),
        "four modes evenly, and samples far from every mode": np.concatenate(
            [np.repeat(ring.means[:4], 5, axis=0), far]
        ),
    }
    for name, samples in cases.items():
        close = np.linalg.norm(samples[:, None] - ring.means[None], axis=-1)
        nearest = close.argmin(axis=1)[close.min(axis=1) <= 3.0 * ring.std]
        p = np.bincount(nearest, minlength=len(ring.means)) / len(nearest)
        want = float(np.sum(p[p > 0] * np.log(p[p > 0] * len(ring.means))))
        got = answered(mode_kl(samples, ring.means, ring.std))
        if not np.isclose(float(got), want, atol=1e-6):
            return (
                f"for {name} expected {want:.4f}, got {got}: the shares of the high-quality samples only "
                "(within n_std * std of their nearest mode), compared with 1/k for each of the k modes."
            )
    return None


@exercise("modes-expected-covered")
def _check_expected_covered(expected_covered: Callable) -> str | None:
    cases = [
        (1, [0.125] * 8),
        (60, [0.04] * 25),
        (10, [0.5, 0.5]),
        (10, [0.9, 0.05, 0.05]),
        (5, [0.2, 0.1]),
        (3, [1.0]),
    ]
    for n, weights in cases:
        want = float(np.sum(1 - (1 - np.array(weights)) ** n))
        got = answered(expected_covered(n, np.array(weights)))
        if not np.isclose(float(got), want, rtol=1e-9):
            return (
                f"expected_covered({n}, {weights}) should be {want:.4f}, got {got}: mode i is missed by all n "
                "samples with probability (1 - w_i)^n."
            )
    return None


@exercise("modes-all-covered")
def _check_all_covered(p_all_covered: Callable) -> str | None:
    checks = {(1, 1): 1.0, (1, 2): 0.0, (2, 2): 0.5, (3, 2): 0.75, (3, 3): 2 / 9}
    for (n, k), want in checks.items():
        got = answered(p_all_covered(n, k))
        if not np.isclose(float(got), want, atol=1e-9):
            return f"p_all_covered({n}, {k}) should be {want:.4f}, got {got}."
    if not 0.0 < float(p_all_covered(150, 25)) < 1.0:
        return "p_all_covered(150, 25) should be a probability strictly between 0 and 1."
    return None
