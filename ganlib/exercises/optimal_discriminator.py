"""Checks of the exercises of the chapter *The optimal discriminator and the global optimum*
(``book/part2/optimal_discriminator.ipynb``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._numeric import sigmoid
from ._registry import answered, close, exercise


@exercise("optimal-d-gaussians")
def _check_optimal_d_gaussians(d_star: Callable) -> str | None:
    x = np.linspace(-4.0, 5.0, 37)
    want = sigmoid(0.5 - x)
    got = answered(d_star(x))
    if not close(got, want, 1e-6):
        return (
            "with p_data = N(0, 1) and p_g = N(1, 1), D*(x) = p_data / (p_data + p_g) = sigmoid(log p_data - log p_g) "
            "= sigmoid(1/2 - x). Return an array of the same shape as x; your values differ "
            f"(at x = 0 you give {np.ravel(got)[12] if np.size(got) == 37 else got}, expected {want[12]:.4f})."
        )
    return None


@exercise("optimal-d-jsd-discrete")
def _check_optimal_d_jsd_discrete(js: Callable) -> str | None:
    cases = [
        ([0.5, 0.5], [0.5, 0.5]),
        ([1.0, 0.0], [0.0, 1.0]),
        ([0.1, 0.2, 0.7], [0.3, 0.3, 0.4]),
        ([0.25, 0.25, 0.5, 0.0], [0.0, 0.5, 0.25, 0.25]),
    ]
    for p, q in cases:
        p, q = np.array(p), np.array(q)
        m = (p + q) / 2
        kl = lambda a, b: float(np.sum(np.where(a > 0, a * np.log(np.where(a > 0, a, 1) / np.where(a > 0, b, 1)), 0)))  # noqa: E731
        want = 0.5 * kl(p, m) + 0.5 * kl(q, m)
        got = answered(js(p, q))
        if not close(got, want, 1e-6):
            return (
                f"JSD({p.tolist()}, {q.tolist()}) = {want:.6f} nats, you returned {got}. "
                "Use the mixture m = (p + q)/2, "
                "natural logarithms, and 0 * log 0 = 0 (disjoint supports give log 2 = 0.693)."
            )
    return None


@exercise("optimal-d-recover-density")
def _check_optimal_d_recover_density(data_density: Callable) -> str | None:
    d = np.array([0.5, 0.25, 0.9, 0.01])
    p_g = np.array([0.2, 0.4, 0.1, 1.0])
    want = p_g * d / (1 - d)
    got = answered(data_density(d, p_g))
    if not close(got, want, 1e-6):
        return (
            f"for D* = {d.tolist()} and p_g = {p_g.tolist()}, p_data = {np.round(want, 6).tolist()}; you returned "
            f"{got}. Solve D* = p_data / (p_data + p_g) for p_data."
        )
    return None
