"""Checks of the exercises of the chapter *Other divergences* (``book/part2/other_divergences.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable

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


@exercise("divergences-gaussian-jsd")
def _check_gaussian_jsd(gaussian_jsd: Callable) -> str | None:
    for theta, std in [(0.0, 0.1), (0.1, 0.1), (0.3, 0.1), (1.0, 0.5), (0.5, 1.0), (-0.4, 0.2)]:
        x = np.linspace(min(0.0, theta) - 15 * std, max(0.0, theta) + 15 * std, 200_001)
        p = np.exp(-0.5 * (x / std) ** 2)
        q = np.exp(-0.5 * ((x - theta) / std) ** 2)
        p, q = p / p.sum(), q / q.sum()
        m = (p + q) / 2
        kl_pm = np.sum(p[p > 0] * np.log(p[p > 0] / m[p > 0]))
        kl_qm = np.sum(q[q > 0] * np.log(q[q > 0] / m[q > 0]))
        want = 0.5 * kl_pm + 0.5 * kl_qm
        got = answered(gaussian_jsd(theta, std))
        if not close(got, want, 1e-4):
            return (
                f"the JSD between N(0, {std}^2) and N({theta}, {std}^2) is {want:.5f} nats, you returned {got}. "
                "Put both densities on one fine grid covering both (several standard deviations beyond each mean), "
                "normalise them to probabilities and use JSD = KL(p||m)/2 + KL(q||m)/2 with m = (p + q)/2."
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


@exercise("divergences-reverse-kl-conjugate")
def _check_reverse_kl_conjugate(reverse_kl_conjugate: Callable) -> str | None:
    ts = np.array([-3.0, -1.0, -0.3, -0.1])
    want = -1.0 - np.log(-ts)
    got = answered(reverse_kl_conjugate(ts))
    if not close(got, want, 1e-6):
        return (
            f"f*(t) at t = {ts.tolist()} is {np.round(want, 5).tolist()} for f(u) = -log u, you returned {got} "
            "(it must work on an array). Maximise t*u + log u over u > 0: the derivative t + 1/u vanishes at "
            "u = -1/t."
        )
    for t in ts:
        got = answered(reverse_kl_conjugate(float(t)))
        if not close(got, -1.0 - np.log(-t), 1e-6):
            return f"at the single number t = {t} you return {got}, not {-1 - np.log(-t):.5f}."
    return None
