"""Checks of the exercises of the chapter *Other divergences* (``book/part2/other_divergences.ipynb``)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._registry import answered, close, exercise


@exercise("divergences-w1-samples")
def _check_w1_samples(w1_empirical: Callable) -> str | None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=50), rng.normal(loc=1.0, size=50)
    cases = [
        (np.array([0.0, 1.0, 2.0]), np.array([3.0, 2.0, 1.0]), 1.0),
        (np.array([3.0, 0.0]), np.array([0.0, 0.0]), 1.5),
        (a, b, float(np.mean(np.abs(np.sort(a) - np.sort(b))))),
    ]
    for x, y, want in cases:
        got = answered(w1_empirical(x, y))
        if not close(got, want, 1e-6):
            return (
                f"W1 between {np.round(x[:4], 3).tolist()}... and {np.round(y[:4], 3).tolist()}... is {want:.4f}, you "
                f"returned {got}. In 1-D the optimal transport plan matches the i-th smallest point of one sample "
                "with the i-th smallest of the other: sort both first."
            )
    return None


@exercise("divergences-jsd")
def _check_jsd(jsd: Callable) -> str | None:
    cases = [
        (np.array([0.2, 0.3, 0.5]), np.array([0.2, 0.3, 0.5]), 0.0),
        (np.array([1.0, 0.0]), np.array([0.0, 1.0]), float(np.log(2))),
        (np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.0, 1.0]), float(np.log(2))),
        (np.array([0.5, 0.5]), np.array([1.0, 0.0]), float(0.5 * (0.5 * np.log(0.5 / 0.75) + 0.5 * np.log(0.5 / 0.25))
                                                           + 0.5 * np.log(1 / 0.75))),
    ]
    for p, q, want in cases:
        got = answered(jsd(p, q))
        if not close(got, want, 1e-6):
            return (
                f"JSD({p.tolist()}, {q.tolist()}) is {want:.5f} nats, you returned {got}. Use the mixture "
                "m = (p + q) / 2, JSD = KL(p||m)/2 + KL(q||m)/2 with natural logs, and 0 log 0 = 0."
            )
    return None


@exercise("divergences-hinge")
def _check_hinge(hinge_d_loss: Callable) -> str | None:
    cases = [
        (np.array([2.0, 0.5]), np.array([-3.0, 0.0]), (0.0 + 0.5) / 2 + (0.0 + 1.0) / 2),
        (np.array([-1.0]), np.array([1.0, -0.5, -2.0]), 2.0 + (2.0 + 0.5 + 0.0) / 3),
        (np.array([1.0, 1.0]), np.array([-1.0]), 0.0),
    ]
    for real, fake, want in cases:
        got = answered(hinge_d_loss(real, fake))
        if not close(got, want, 1e-6):
            return (
                f"for real scores {real.tolist()} and fake scores {fake.tolist()} the hinge loss is {want:.4f}, you "
                f"returned {got}. It is mean(max(0, 1 - real)) + mean(max(0, 1 + fake)): each batch has its own mean."
            )
    return None


@exercise("divergences-kl-conjugate")
def _check_kl_conjugate(kl_conjugate: Callable) -> str | None:
    for t in (-2.0, 0.0, 1.0, 2.5):
        want = float(np.exp(t - 1))
        got = answered(kl_conjugate(t))
        if not close(got, want, 1e-6):
            return (
                f"f*({t}) = {want:.5f} for f(u) = u log u, you returned {got}. Maximise t*u - u log u over u > 0: "
                "the derivative t - log u - 1 vanishes at u = exp(t - 1)."
            )
    return None
