"""Checks of the exercises of the chapter *Debugging a broken GAN listing*
(``book/part3/debugging_broken_listing.ipynb``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._registry import answered, exercise


@exercise("debug-reshape")
def _check_dense_units_for(dense_units_for: Callable) -> str | None:
    for shape in [(28, 28, 1), (7, 7, 128), (7, 7, 1), (4, 4, 512), (10,)]:
        want = int(np.prod(shape))
        got = answered(dense_units_for(shape))
        if got != want:
            return (
                f"Reshape({shape}) needs a Dense layer with {want} units, you returned {got}. A reshape keeps "
                "every value, so the Dense layer must output exactly as many values as the target shape holds: "
                "the product of ALL its sizes, channels included."
            )
    return None


@exercise("debug-labels")
def _check_discriminator_labels(discriminator_labels: Callable) -> str | None:
    for n_real, n_fake in [(3, 2), (1, 4), (64, 64), (5, 0)]:
        want = np.concatenate([np.ones((n_real, 1)), np.zeros((n_fake, 1))])
        got = np.asarray(answered(discriminator_labels(n_real, n_fake)), dtype=np.float64)
        if got.shape != want.shape:
            return (
                f"for {n_real} real and {n_fake} fake images expected labels of shape {want.shape} (one label per "
                f"image, in a column, as the discriminator outputs them), got shape {got.shape}."
            )
        if not np.array_equal(got, want):
            return (
                f"for {n_real} real and {n_fake} fake images expected {n_real} ones followed by {n_fake} zeros, got "
                f"{got.ravel().tolist()}. Real images are labelled 1, generated ones 0: a discriminator that never "
                "sees a 0 learns to say 'real' to everything."
            )
    return None


@exercise("debug-batch-axis")
def _check_as_batch(as_batch: Callable) -> str | None:
    rng = np.random.default_rng(0)
    for shape in [(28, 28, 1), (7, 7, 1), (3,), (2, 5)]:
        image = rng.normal(size=shape).astype(np.float32)
        got = np.asarray(answered(as_batch(image)))
        if got.shape != (1, *shape):
            return (
                f"an image of shape {shape} should become a batch of one, shape {(1, *shape)}; got shape "
                f"{got.shape}. The batch axis comes first (image[np.newaxis] or np.expand_dims(image, 0))."
            )
        if not np.array_equal(got[0], image):
            return f"the batch of one must hold the image itself, unchanged (image of shape {shape})."
    return None


@exercise("debug-changed-weights")
def _check_changed_weights(changed_weights: Callable) -> str | None:
    before = [np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -0.5]), np.array([7.0])]
    cases = [
        ([before[0] + 0.0, before[1] + 0.0, before[2] + 0.0], [False, False, False]),
        ([before[0] + np.array([[1e-4, -1e-4], [0.0, 0.0]]), before[1] + 0.0, before[2] + 0.0], [True, False, False]),
        ([before[0] + 0.0, before[1] + 0.0, before[2] + 2e-4], [False, False, True]),
        ([before[0] + 1.0, before[1] * 2.0, before[2] + 0.0], [True, True, False]),
    ]
    for after, want in cases:
        got = answered(changed_weights([w.copy() for w in before], [w.copy() for w in after]))
        if [bool(value) for value in got] != want:
            return (
                f"expected {want}, got {list(got)}: a weight array has changed if ANY of its entries differs from "
                "before (changes can be tiny, about one learning rate, and can cancel in a sum: compare entry by "
                "entry, e.g. with np.any(before != after))."
            )
    return None
