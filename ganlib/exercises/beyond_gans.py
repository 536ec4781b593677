"""Checks of the exercises of the chapter *Where GANs went next* (``book/part4/beyond_gans.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable

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


@exercise("next-adain")
def _check_adain(adain: Callable) -> str | None:
    rng = np.random.default_rng(0)
    x = rng.normal(loc=rng.normal(size=(3, 1, 1, 2)), scale=rng.uniform(0.5, 2, size=(3, 1, 1, 2)), size=(3, 4, 5, 2))
    scale, bias = rng.uniform(0.5, 2.0, size=(3, 2)), rng.normal(size=(3, 2))
    mean = x.mean(axis=(1, 2), keepdims=True)
    std = np.sqrt(x.var(axis=(1, 2), keepdims=True) + 1e-5)
    want = scale[:, None, None, :] * (x - mean) / std + bias[:, None, None, :]
    got = np.asarray(answered(adain(x, scale, bias)), dtype=np.float64)
    if got.shape != x.shape:
        return f"expected an array of the input's shape {x.shape}, got shape {got.shape}."
    if not np.allclose(got, want, atol=1e-4):
        return (
            "each image's own channels are normalised (mean and variance over its pixels, not over the batch), "
            "then scaled by its scale[i] and shifted by its bias[i]."
        )
    return None


@exercise("next-cycle-loss")
def _check_cycle_loss(cycle_loss: Callable) -> str | None:
    x, y = np.array([0.0, 1.0, 2.0]), np.array([-1.0, 1.0])
    cases = [
        ((lambda v: v + 1, lambda v: v - 1), 0.0),
        ((lambda v: 2 * v, lambda v: v), 1.0 + 1.0),
        ((lambda v: v, lambda v: v + 0.5), 0.5 + 0.5),
    ]
    for (G, F), want in cases:
        got = answered(cycle_loss(x, y, G, F))
        if not np.isclose(float(got), want):
            return f"expected {want}, got {got}: mean |F(G(x)) - x| + mean |G(F(y)) - y|."
    return None
