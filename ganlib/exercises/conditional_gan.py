"""Checks of the exercises of the chapter *Conditional GANs: choosing the digit*
(``book/part3/conditional_gan.ipynb``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._registry import answered, exercise


@exercise("cgan-grid-inputs")
def _check_grid_inputs(grid_inputs: Callable) -> str | None:
    z = np.arange(6, dtype=np.float64).reshape(3, 2)
    result = answered(grid_inputs(z, 4))
    if not isinstance(result, tuple) or len(result) != 2:
        return "return a pair (grid_z, grid_labels)."
    grid_z, grid_labels = (np.asarray(part) for part in result)
    if grid_z.shape != (12, 2) or grid_labels.shape != (12,):
        return (
            "for 3 noise vectors and 4 labels expect shapes (12, 2) and (12,), "
            f"got {grid_z.shape} and {grid_labels.shape}."
        )
    if not np.array_equal(grid_labels, np.repeat(np.arange(4), 3)):
        return f"labels should be [0, 0, 0, 1, 1, 1, ...] (one label per row), got {grid_labels.tolist()}."
    if not np.array_equal(grid_z, np.tile(z, (4, 1))):
        return "row r, column c must use noise vector z[c]: the noise repeats in every row."
    return None


@exercise("cgan-label-accuracy")
def _check_label_accuracy(label_accuracy: Callable) -> str | None:
    logits = np.eye(10)[[3, 3, 5, 1, 1, 1]] * 5.0
    asked = np.array([3, 3, 3, 1, 1, 2])
    got = answered(label_accuracy(logits, asked))
    want = {1: 1.0, 2: 0.0, 3: 2 / 3}
    if not isinstance(got, dict) or set(got) != set(want):
        return f"return a dict with one entry per label present in asked ({sorted(want)}), got {got!r}."
    if any(not np.isclose(got[k], want[k]) for k in want):
        return f"expected {want}, got {got}: the share of each label's digits read as that label."
    return None


@exercise("cgan-projection")
def _check_projection_logit(projection_logit: Callable) -> str | None:
    rng = np.random.default_rng(0)
    features, w, embeddings = rng.normal(size=5), rng.normal(size=5), rng.normal(size=(3, 5))
    for label in range(3):
        want = features @ w + 0.5 + embeddings[label] @ features
        got = answered(projection_logit(features, w, 0.5, embeddings, label))
        if not np.isclose(float(got), want):
            return f"for label {label} the logit is {want:.4f}, you returned {got}: w.phi + b + e_y.phi."
    return None
