"""Checks of the exercises of the chapter *Where GANs went next* (``book/part4/beyond_gans.ipynb``)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._registry import answered, exercise


@exercise("next-downsample")
def _check_downsample(downsample: Callable) -> str | None:
    image = np.arange(16.0).reshape(4, 4)
    want = {2: np.array([[2.5, 4.5], [10.5, 12.5]]), 4: np.array([[7.5]]), 1: image}
    for factor, expected in want.items():
        got = np.asarray(answered(downsample(image, factor)))
        if got.shape != expected.shape or not np.allclose(got, expected):
            return f"downsample(arange(16).reshape(4, 4), {factor}) should be {expected.tolist()}, got {got.tolist()}."
    return None


@exercise("next-frechet-diagonal")
def _check_frechet_diagonal(frechet_diagonal: Callable) -> str | None:
    cases = [
        (([0.0], [1.0], [0.0], [1.0]), 0.0),
        (([0.0, 0.0], [1.0, 1.0], [3.0, 4.0], [1.0, 1.0]), 25.0),
        (([1.0, 2.0], [1.0, 3.0], [1.0, 2.0], [2.0, 1.0]), 5.0),
    ]
    for args, want in cases:
        got = answered(frechet_diagonal(*(np.array(a) for a in args)))
        if not np.isclose(float(got), want):
            return f"frechet_diagonal{tuple(args)} should be {want}, got {got}: |mean_a - mean_b|^2 + sum (std_a - std_b)^2."
    return None


@exercise("next-cycle-loss")
def _check_cycle_loss(cycle_loss: Callable) -> str | None:
    x, y = np.array([0.0, 1.0, 2.0]), np.array([-1.0, 1.0])
    cases = [
        ((lambda v: v + 1, lambda v: v - 1), 0.0),
        ((lambda v: 2 * v, lambda v: v), 1.0 + 1.0),
        ((lambda v: v, lambda v: v + 0.5), 0.5 + 0.5),
    ]
    for (F, G), want in cases:
        got = answered(cycle_loss(x, y, F, G))
        if not np.isclose(float(got), want):
            return f"expected {want}, got {got}: mean |G(F(x)) - x| + mean |F(G(y)) - y|."
    return None
