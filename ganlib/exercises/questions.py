"""Checks of the exercises of the chapter *Frequently asked questions* (``book/part4/questions.ipynb``)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._registry import answered, exercise


@exercise("questions-equilibrium-losses")
def _check_equilibrium_losses(losses_at: Callable) -> str | None:
    for d_real, d_fake in ((0.5, 0.5), (0.9, 0.1), (0.3, 0.6)):
        want = (-np.log(d_real) - np.log(1 - d_fake), -np.log(d_fake))
        got = answered(losses_at(d_real, d_fake))
        if not isinstance(got, tuple) or len(got) != 2 or not np.allclose([float(v) for v in got], want):
            return (f"losses_at({d_real}, {d_fake}) should be ({want[0]:.4f}, {want[1]:.4f}), got {got}: "
                    "d_loss = -log D(x) - log(1 - D(G(z))), g_loss = -log D(G(z)).")
    return None


@exercise("questions-adam-first-step")
def _check_adam_first_step(adam_first_step: Callable) -> str | None:
    for grad in (1e-3, 2.0, -50.0):
        want = -0.01 * grad / (abs(grad) + 1e-7)
        got = answered(adam_first_step(grad, 0.01))
        if not np.isclose(float(got), want, rtol=1e-4):
            return f"adam_first_step({grad}, 0.01) should be {want:.6f}, got {got}: correct both moments for their bias first."
    return None


@exercise("questions-diagnose")
def _check_diagnose(diagnose: Callable) -> str | None:
    cases = [
        (([1.4, 1.3, 1.35], [0.7, 0.8, 0.75]), "balanced"),
        (([1.0, 0.3, 0.05], [1.0, 2.5, 4.0]), "discriminator wins"),
        (([1.0, float("nan")], [1.0, 1.0]), "diverged"),
        (([1.0, 0.5], [1.0, float("inf")]), "diverged"),
        (([0.05], [2.0]), "balanced"),
    ]
    for (d_loss, g_loss), want in cases:
        got = answered(diagnose(d_loss, g_loss))
        if got != want:
            return f"diagnose({d_loss}, {g_loss}) should be {want!r}, got {got!r}."
    return None
