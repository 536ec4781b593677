"""Checks of the exercises of the chapter *Frequently asked questions* (``book/part4/questions.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._registry import answered, exercise


@exercise("questions-equilibrium-losses")
def _check_equilibrium_losses(losses_at: Callable) -> str | None:
    for d_real, d_fake in ((0.5, 0.5), (0.9, 0.1), (0.3, 0.6)):
        want = (-np.log(d_real) - np.log(1 - d_fake), -np.log(d_fake))
        got = answered(losses_at(d_real, d_fake))
        if not isinstance(got, tuple) or len(got) != 2 or not np.allclose([float(v) for v in got], want):
            return (
                f"losses_at({d_real}, {d_fake}) should be ({want[0]:.4f}, {want[1]:.4f}), got {got}: "
                "d_loss = -log D(x) - log(1 - D(G(z))), g_loss = -log D(G(z))."
            )
    return None


@exercise("questions-duplicates")
def _check_duplicates(duplicate_share: Callable) -> str | None:
    rng = np.random.default_rng(0)
    spread = rng.uniform(-10, 10, size=(20, 3))
    cases = [
        ("20 points far apart", spread, 0.01, 0.0),
        ("two exact copies among 6", np.concatenate([spread[:5], spread[:1]]), 1e-9, 2 / 6),
        ("5 points, each twice", np.concatenate([spread[:5], spread[:5] + 1e-3]), 0.01, 1.0),
        ("a pair at exactly tol", np.array([[0.0, 0.0, 0.0], [3.0, 4.0, 0.0], [90.0, 90.0, 90.0]]), 5.0, 2 / 3),
        ("images of shape (2, 2)", np.concatenate([spread[:4, :2], spread[:4, :2]]).reshape(4, 2, 2), 1e-9, 1.0),
    ]
    for name, samples, tol, want in cases:
        got = answered(duplicate_share(samples, tol))
        if not np.isclose(float(got), want):
            return (
                f"for {name} (tol {tol}) expected {want:.3f}, got {got}: a sample counts when another sample, "
                "not itself, lies within tol of it (Euclidean distance over all its values)."
            )
    return None


@exercise("questions-diagnose")
def _check_diagnose(diagnose: Callable) -> str | None:
    cases = [
        (([1.4, 1.3, 1.35], [0.7, 0.8, 0.75]), "balanced"),
        (([1.0, 0.3, 0.05], [1.0, 2.5, 4.0]), "discriminator wins"),
        (([1.0, float("nan")], [1.0, 1.0]), "diverged"),
        (([1.0, 0.5], [1.0, float("inf")]), "diverged"),
        (([0.05], [2.0]), "discriminator wins"),
        (([1.3, 1.2], [3.5, 4.0]), "balanced"),
    ]
    for (d_loss, g_loss), want in cases:
        got = answered(diagnose(d_loss, g_loss))
        if got != want:
            return f"diagnose({d_loss}, {g_loss}) should be {want!r}, got {got!r}."
    return None
