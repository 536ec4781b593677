"""Checks of the exercises of the chapter *The adversarial game* (``book/part2/adversarial_game.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._numeric import sigmoid
from ._registry import answered, close, exercise

_GAME_CASES = [
    (np.array([0.9, 0.8, 0.7]), np.array([0.2, 0.1])),
    (np.array([0.5, 0.5]), np.array([0.5, 0.5, 0.5])),
    (np.array([0.99]), np.array([0.6, 0.3, 0.05, 0.5])),
]


@exercise("game-discriminator-gradient")
def _check_game_discriminator_gradient(value_gradient: Callable) -> str | None:
    rng = np.random.default_rng(0)
    x_real, x_fake = rng.normal(2.0, 0.5, size=40), rng.normal(0.0, 1.0, size=60)
    for w, c in [(0.0, 0.0), (1.5, -1.0), (-0.5, 2.0)]:
        d_real, d_fake = sigmoid(w * x_real + c), sigmoid(w * x_fake + c)
        want = (np.mean((1 - d_real) * x_real) - np.mean(d_fake * x_fake), np.mean(1 - d_real) - np.mean(d_fake))
        got = answered(value_gradient(w, c, x_real, x_fake))
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return f"return a pair (dV/dw, dV/dc); got {type(got).__name__}."
        if not (close(answered(got[0]), want[0], 1e-6) and close(answered(got[1]), want[1], 1e-6)):
            return (
                f"at w={w}, c={c} the gradient of V is ({want[0]:.6f}, {want[1]:.6f}), you returned "
                f"({got[0]}, {got[1]}). d/dl log sigmoid(l) = 1 - sigmoid(l), d/dl log(1 - sigmoid(l)) = "
                "-sigmoid(l), and dl/dw = x, dl/dc = 1; average over each batch."
            )
    return None


@exercise("game-losses")
def _check_game_losses(game_losses: Callable) -> str | None:
    for d_real, d_fake in _GAME_CASES:
        value = np.mean(np.log(d_real)) + np.mean(np.log(1 - d_fake))
        got = answered(game_losses(d_real, d_fake))
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            return f"return a triple (d_loss, g_loss_minimax, g_loss_ns); got {type(got).__name__}."
        d_loss, g_minimax, g_ns = (answered(v) for v in got)
        if not close(d_loss, -value, 1e-6):
            return (
                f"d_loss should be -V = {-value:.6f} (the discriminator maximises V, so it minimises -V); "
                f"you returned {d_loss}."
            )
        if not close(g_minimax, np.mean(np.log(1 - d_fake)), 1e-6):
            return (
                f"g_loss_minimax should be the part of V the generator can change, E[log(1 - D(G(z)))] = "
                f"{np.mean(np.log(1 - d_fake)):.6f} (the generator minimises V); you returned {g_minimax}."
            )
        if not close(g_ns, -np.mean(np.log(d_fake)), 1e-6):
            return f"g_loss_ns should be -E[log D(G(z))] = {-np.mean(np.log(d_fake)):.6f}; you returned {g_ns}."
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
