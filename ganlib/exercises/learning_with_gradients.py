"""Checks of the exercises of the chapter *Learning with gradients* (``book/part1/learning_with_gradients.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._registry import answered, close, exercise


@exercise("gradients-sigmoid-derivative")
def _check_sigmoid_derivative(sigmoid_derivative_from_output: Callable) -> str | None:
    z = np.array([-6.0, -1.5, 0.0, 0.3, 2.0, 8.0])
    s = 1.0 / (1.0 + np.exp(-z))
    want = np.exp(-z) / (1.0 + np.exp(-z)) ** 2  # the derivative computed from z, not from s
    got = answered(sigmoid_derivative_from_output(s))
    if not close(got, want, 1e-9):
        return (
            f"for outputs s = {np.round(s, 4).tolist()} the slopes are {np.round(want, 4).tolist()}, you returned "
            f"{np.round(np.asarray(got, dtype=float), 4).tolist() if np.shape(got) == s.shape else got}. Differentiate "
            "1 / (1 + exp(-z)) and write exp(-z) in terms of s."
        )
    return None


@exercise("gradients-neuron-step")
def _check_neuron_step(neuron_step: Callable) -> str | None:
    rng = np.random.default_rng(3)
    for y in (1.0, 0.0, 1.0):
        w, x = rng.normal(size=3), rng.normal(size=3)
        b, lr = float(rng.normal()), 0.5
        p = 1.0 / (1.0 + np.exp(-(w @ x + b)))
        result = answered(neuron_step(w.copy(), b, x, y, lr))
        if not isinstance(result, tuple) or len(result) != 2:
            return "return a pair (new_w, new_b)."
        new_w, new_b = result
        if not (close(new_w, w - lr * (p - y) * x, 1e-9) and close(new_b, b - lr * (p - y), 1e-9)):
            return (
                f"for w={np.round(w, 3).tolist()}, b={b:.3f}, x={np.round(x, 3).tolist()}, y={y:g}, lr={lr} the step "
                f"gives w={np.round(w - lr * (p - y) * x, 4).tolist()}, b={b - lr * (p - y):.4f}. With the "
                "cross-entropy loss, dL/dz = p - y; then dL/dw = (p - y) x and dL/db = p - y, and a step goes "
                "*against* the gradient."
            )
    return None


@exercise("gradients-hebbian-growth")
def _check_hebbian_pass(hebbian_pass: Callable) -> str | None:
    rng = np.random.default_rng(4)
    x = rng.normal(size=(50, 2)) @ np.array([[2.0, 0.5], [0.0, 0.5]])
    w0, lr = np.array([0.6, 0.8]), 0.01
    want = w0.copy()
    for row in x:
        want = want + lr * (want @ row) * row
    got = answered(hebbian_pass(w0.copy(), x, lr))
    if not close(got, want, 1e-9):
        return (
            f"after one pass over 50 inputs (in order) from w0={w0.tolist()} with lr={lr}, Hebb's rule gives "
            f"w={np.round(want, 4).tolist()}, you returned {got}. For each input in turn: y = w . x, then "
            "w <- w + lr * y * x (no normalisation)."
        )
    return None
