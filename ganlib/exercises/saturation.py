"""Checks of the exercises of the chapter *Saturation and the non-saturating loss* (``book/part2/saturation.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._registry import answered, close, exercise


@exercise("saturation-ratio")
def _check_saturation_ratio(gradient_ratio: Callable) -> str | None:
    for d in (0.5, 0.1, 0.01, 0.9):
        want = (1 - d) / d
        got = answered(gradient_ratio(d))
        if not close(got, want, 1e-6):
            return (
                f"at D(G(z)) = {d} the non-saturating gradient is {want:.4g} times the minimax one, you returned "
                f"{got}. Divide |-(1 - D)| by |-D|."
            )
    return None


@exercise("saturation-batch-ratio")
def _check_saturation_batch_ratio(batch_gradient_ratio: Callable) -> str | None:
    rng = np.random.default_rng(0)
    cases = [
        (np.array([0.01, 0.02, 0.05]), np.ones((3, 2))),
        (np.array([0.01, 0.2, 0.05, 0.1]), rng.normal(size=(4, 2))),
        (np.array([0.3, 0.6]), np.array([[1.0], [-3.0]])),
    ]
    for d, v in cases:
        want = np.linalg.norm(((1 - d)[:, None] * v).sum(axis=0)) / np.linalg.norm((d[:, None] * v).sum(axis=0))
        got = answered(batch_gradient_ratio(d, v))
        if not close(got, want, 1e-6):
            return (
                f"for d = {d.tolist()} and v = {np.round(v, 3).tolist()} the ratio is {want:.6f}, you returned "
                f"{got}. Sum (1 - d_i) v_i and d_i v_i over the batch, then divide the norms of the two vectors."
            )
    return None


@exercise("saturation-threshold")
def _check_saturation_threshold(threshold: Any) -> str | None:
    if not close(answered(threshold), 1 / 101, 1e-6):
        return (
            f"you gave {threshold}. The minimax gradient is below 1% of the non-saturating one when "
            "D / (1 - D) < 0.01; solve D / (1 - D) = 0.01 for D."
        )
    return None
