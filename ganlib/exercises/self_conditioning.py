"""Checks of the exercises of the chapter *Self-conditioning: sharper digits without labels*
(``book/part3/self_conditioning.ipynb``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ._registry import answered, close, exercise


@exercise("selfcond-gap-mass")
def _check_selfcond_gap_mass(gap_mass: Callable) -> str | None:
    for a in (0.5, 1.0, 2.0, 5.0, 20.0):
        for gap in (0.1, 0.5, 0.9):
            got = float(np.asarray(answered(gap_mass(a, gap)), dtype=np.float64))
            want = math.erf(math.atanh(gap) / (a * math.sqrt(2)))
            if not np.isclose(got, want, rtol=1e-6, atol=1e-9):
                return (
                    f"for a = {a} and gap {gap} expected {want:.6f}, got {got:.6f}: |tanh(a z)| < g exactly when "
                    "|z| < atanh(g) / a, and P(|z| < t) = erf(t / sqrt(2)) for a standard normal z"
                )
    return None


@exercise("selfcond-digit-distribution")
def _check_selfcond_digit_distribution(digit_distribution: Callable) -> str | None:
    rng = np.random.default_rng(0)
    hand = np.array([[8, 2, 0], [0, 1, 9], [5, 5, 0]])
    cases = [(hand, np.array([1.0, 0.0, 0.0])), (hand, np.full(3, 1 / 3)), (hand, hand.sum(axis=1) / hand.sum())]
    counts = rng.integers(1, 50, size=(20, 10))
    cases += [(counts, counts.sum(axis=1) / counts.sum()), (counts, rng.dirichlet(np.ones(20)))]
    for counts, weights in cases:
        got = np.asarray(answered(digit_distribution(counts.copy(), weights.copy())), dtype=np.float64)
        want = weights @ (counts / counts.sum(axis=1, keepdims=True))
        if not close(got, want, 1e-9):
            return (
                f"for {len(counts)} clusters with weights {np.round(weights, 3)[:4]}... expected "
                f"{np.round(want, 4)}, got {np.round(got, 4) if got.shape == want.shape else f'shape {got.shape}'}: "
                "within cluster c a drawn digit has label y with probability counts[c, y] / (cluster c's size)"
            )
    return None


@exercise("selfcond-inertia")
def _check_selfcond_inertia(kmeans_inertias: Callable) -> str | None:
    from sklearn.cluster import KMeans  # imported here: only this check needs scikit-learn

    rng = np.random.default_rng(1)
    x = np.concatenate([rng.normal(c, 0.3, size=(40, 5)) for c in (-2.0, 0.0, 2.0)])
    ks = [1, 2, 3, 5, 8]
    got = np.asarray(answered(kmeans_inertias(x.copy(), ks, 0)), dtype=np.float64)
    want = np.array([KMeans(k, n_init=4, random_state=0).fit(x).inertia_ for k in ks])
    if got.shape != want.shape:
        return f"expected one inertia per k, {len(ks)} numbers for ks = {ks}, got shape {got.shape}"
    if not np.allclose(got, want, rtol=1e-4):
        return (
            f"for ks = {ks} expected inertias {np.round(want, 2)}, got {np.round(got, 2)}: the inertia is the sum "
            "over all points of the squared distance to their nearest centre (KMeans(k, n_init=4, "
            "random_state=seed).fit(x).inertia_)"
        )
    return None
