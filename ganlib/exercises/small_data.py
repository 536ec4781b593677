"""Checks of the exercises of the chapter *Data-efficient GANs* (``book/part4/small_data.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._registry import answered, exercise


@exercise("fewdata-translate")
def _check_translate(translate: Callable) -> str | None:
    image = np.arange(12.0).reshape(3, 4)
    for dy, dx in ((0, 0), (1, 0), (0, -2), (-1, 1), (2, 3)):
        want = np.full_like(image, -1.0)
        for r in range(3):
            for c in range(4):
                if 0 <= r - dy < 3 and 0 <= c - dx < 4:
                    want[r, c] = image[r - dy, c - dx]
        got = np.asarray(answered(translate(image.copy(), dy, dx, -1.0)))
        if got.shape != want.shape or not np.array_equal(got, want):
            return f"translate(image, {dy}, {dx}, -1) should be {want.tolist()}, got {got.tolist()}."
    return None


@exercise("fewdata-leak")
def _check_leaked_variance(leaked_variance: Callable) -> str | None:
    for a in (0.0, 1.0, 2.0, 0.5):
        want = 1.0 + a**2 / 3.0
        got = answered(leaked_variance(a))
        if not np.isclose(float(got), want):
            return f"leaked_variance({a}) should be {want:.4f}, got {got}: the variances of independent x and u add."
    return None


@exercise("fewdata-gap")
def _check_overfitting_gap(overfitting_gap: Callable) -> str | None:
    cases = [
        ([1.0, 2.0, -1.0, 3.0], [-1.0, -2.0, 0.5, -3.0], 0.5),
        ([1.0], [1.0, 2.0], 0.0),
        ([-1.0, -1.0], [1.0, -1.0], -0.5),
    ]
    for train_logits, held_logits, want in cases:
        got = answered(overfitting_gap(np.array(train_logits), np.array(held_logits)))
        if not np.isclose(float(got), want):
            return f"for logits {train_logits} and {held_logits} the gap is {want}, got {got}."
    return None
