"""Checks of the exercises of the chapter *The adversarial game* (``book/part2/adversarial_game.ipynb``)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .._numeric import sigmoid
from ._registry import answered, close, exercise


def sigmoid(x: Any) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


_GAME_CASES = [
    (np.array([0.9, 0.8, 0.7]), np.array([0.2, 0.1])),
    (np.array([0.5, 0.5]), np.array([0.5, 0.5, 0.5])),
    (np.array([0.99]), np.array([0.6, 0.3, 0.05, 0.5])),
]


@exercise("game-value-estimate")
def _check_game_value_estimate(value_estimate: Callable) -> str | None:
    for d_real, d_fake in _GAME_CASES:
        want = np.mean(np.log(d_real)) + np.mean(np.log(1 - d_fake))
        got = answered(value_estimate(d_real, d_fake))
        if not close(got, want, 1e-6):
            return (
                f"for D(x) = {d_real.tolist()} on real points and D(G(z)) = {d_fake.tolist()} on fakes, the estimate "
                f"of V is {want:.6f}, you returned {got}. Average log D over the real points and log(1 - D) over the "
                "fakes, and add the two averages."
            )
    return None


@exercise("game-losses")
def _check_game_losses(game_losses: Callable) -> str | None:
    for d_real, d_fake in _GAME_CASES:
        value = np.mean(np.log(d_real)) + np.mean(np.log(1 - d_fake))
        got = answered(game_losses(d_real, d_fake))
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return f"return a pair (d_loss, g_loss); got {type(got).__name__}."
        d_loss, g_loss = (answered(v) for v in got)
        if not close(d_loss, -value, 1e-6):
            return (
                f"d_loss should be -V = {-value:.6f} (the discriminator maximises V, so it minimises -V); "
                f"you returned {d_loss}."
            )
        if not close(g_loss, np.mean(np.log(1 - d_fake)), 1e-6):
            return (
                f"g_loss should be the part of V the generator can change, E[log(1 - D(G(z)))] = "
                f"{np.mean(np.log(1 - d_fake)):.6f} (the generator minimises V); you returned {g_loss}."
            )
    return None


@exercise("game-gradient-sign")
def _check_game_gradient_sign(generator_gradient: Callable) -> str | None:
    z = np.random.default_rng(0).normal(size=64)
    for w, c, b in [(2.0, -1.0, 0.0), (1.0, 0.5, -1.0), (-1.5, 0.0, 2.0)]:
        want = -w * np.mean(sigmoid(w * (z + b) + c))
        got = answered(generator_gradient(w, c, b, z))
        if not close(got, want, 1e-6):
            return (
                f"for w={w}, c={c}, b={b} the derivative is {want:.6f}, you returned {got}. By the chain rule, "
                "d/db log(1 - sigmoid(l)) = -sigmoid(l) * dl/db, and dl/db = w; average over z."
            )
    return None
