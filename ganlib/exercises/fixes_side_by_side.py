"""Checks of the exercises of the chapter *Instability and its usual fixes, side by side*
(``book/part4/fixes_side_by_side.ipynb``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._registry import answered, exercise


@exercise("fixes-linear-penalty")
def _check_linear_penalty(linear_penalty: Callable) -> str | None:
    for w in ([3.0, 4.0], [0.6, 0.8], [0.0, 0.0, 0.0], [0.1, -0.2, 2.0]):
        want = (np.linalg.norm(w) - 1.0) ** 2
        got = answered(linear_penalty(np.array(w)))
        if not np.isclose(float(got), want, rtol=1e-6, atol=1e-9):
            return f"for w = {w} the penalty is {want:.4f}, got {got}: the gradient of w.x is w at every point."
    return None


@exercise("fixes-power-iteration")
def _check_power_iteration(power_iteration: Callable) -> str | None:
    rng = np.random.default_rng(3)
    for shape in ((6, 4), (3, 8), (10, 10)):
        W = rng.normal(size=shape)
        sigma = np.linalg.svd(W, compute_uv=False)[0]
        got = answered(power_iteration(W, 200))
        if not np.isclose(float(got), sigma, rtol=1e-4):
            return f"for a {shape} matrix with largest singular value {sigma:.4f}, 200 steps gave {got}."
    W = np.diag([5.0, 1.0])
    if not np.isclose(float(power_iteration(W, 50)), 5.0, rtol=1e-6):
        return "for diag(5, 1) the estimate should converge to 5."
    return None


@exercise("fixes-smoothed-optimum")
def _check_smoothed_optimum(smoothed_optimal_d: Callable) -> str | None:
    p_data, p_g = np.array([1.0, 0.5, 0.0, 0.2]), np.array([0.0, 0.5, 1.0, 0.6])
    for real_target, fake_target in ((1.0, 0.0), (0.9, 0.0), (0.9, 0.1), (0.7, 0.3)):
        want = (real_target * p_data + fake_target * p_g) / (p_data + p_g)
        got = np.asarray(answered(smoothed_optimal_d(p_data, p_g, real_target, fake_target)), dtype=np.float64)
        if got.shape != want.shape or not np.allclose(got, want):
            return (
                f"with targets {real_target} (real) and {fake_target} (fake) expected "
                f"{np.round(want, 4).tolist()}, "
                f"got {np.round(got, 4).tolist()}: the fake samples' target weighs in where p_g > 0."
            )
    return None
