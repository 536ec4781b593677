"""Checks of the exercises of the chapter *Mode collapse, reproduced* (``book/part4/collapse_reproduced.ipynb``)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..data import ring_of_gaussians
from ..metrics import mode_coverage
from ._registry import answered, exercise


@exercise("modes-coverage-by-hand")
def _check_modes_coverage(coverage: Callable) -> str | None:
    ring = ring_of_gaussians()
    rng = np.random.default_rng(0)
    cases = {
        "samples of the ring itself": ring.sample(500, seed=0),
        "every sample at one mode": np.repeat(ring.means[:1], 50, axis=0),
        "samples far from every mode": rng.normal(scale=0.1, size=(50, 2)),
        "half near mode 0, half between modes": np.concatenate(
            [ring.means[:1] + 0.01, np.repeat((ring.means[:1] + ring.means[1:2]) / 2, 1, axis=0)]),
    }
    for name, samples in cases.items():
        want = mode_coverage(samples, ring)
        got = answered(coverage(samples, ring.means, ring.std))
        if not isinstance(got, tuple) or len(got) != 2:
            return "return a pair (modes_covered, high_quality)."
        if int(got[0]) != want.modes_covered or not np.isclose(float(got[1]), want.high_quality):
            return (f"for {name} expected ({want.modes_covered}, {want.high_quality:.3f}), got {got}: a sample is of "
                    "high quality within n_std * std of its nearest mode; count the distinct nearest modes of those.")
    return None


@exercise("modes-expected-covered")
def _check_expected_covered(expected_covered: Callable) -> str | None:
    for n, k in ((1, 8), (8, 8), (60, 25), (1000, 25), (3, 1)):
        want = k * (1 - (1 - 1 / k) ** n)
        got = answered(expected_covered(n, k))
        if not np.isclose(float(got), want, rtol=1e-9):
            return f"expected_covered({n}, {k}) should be {want:.4f}, got {got}: each mode is missed with probability (1 - 1/k)^n."
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
