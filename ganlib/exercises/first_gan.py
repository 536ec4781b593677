"""Checks of the exercises of the chapter *A first GAN: learning a ring of Gaussians* (``book/first_gan.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..data import grid_of_gaussians
from ..metrics import mode_coverage
from ..models import mlp_discriminator, mlp_generator
from ._registry import answered, close, exercise


@exercise("first-gan-accuracy")
def _check_discriminator_accuracy(discriminator_accuracy: Callable) -> str | None:
    cases = [
        (np.array([[2.0], [1.0]]), np.array([[-3.0], [-0.5]]), 1.0),
        (np.array([[-2.0], [1.0]]), np.array([[-3.0], [0.5]]), 0.5),
        (np.array([[-1.0], [-1.0], [-1.0]]), np.array([[1.0]]), 0.0),
        (np.array([[0.3], [-0.2], [4.0], [0.1]]), np.array([[-1.0], [-2.0]]), 5 / 6),
    ]
    for real, fake, want in cases:
        got = answered(discriminator_accuracy(real, fake))
        if not close(got, want, 1e-6):
            return (
                f"for real logits {real.ravel().tolist()} and fake logits {fake.ravel().tolist()} the accuracy "
                f"is {want:.3f}, you returned {got}. A logit above 0 means 'real'; count the real samples called "
                "real and the fakes called fake, over all samples."
            )
    return None


@exercise("first-gan-parameters")
def _check_parameter_count(mlp_parameter_count: Callable) -> str | None:
    for latent_dim, hidden, output_dim in [(2, (128, 128), 2), (8, (16,), 3), (1, (4, 5, 6), 1)]:
        want = mlp_generator(latent_dim, output_dim, hidden).count_params()
        got = answered(mlp_parameter_count([latent_dim, *hidden, output_dim]))
        if got != want:
            return (
                f"an MLP with layer sizes {[latent_dim, *hidden, output_dim]} has {want} parameters, you returned "
                f"{got}. Each Dense layer from m to n units has an m x n weight matrix and n biases."
            )
    want = mlp_discriminator(2, (128, 128)).count_params()
    if mlp_parameter_count([2, 128, 128, 1]) != want:
        return f"the chapter's discriminator (sizes [2, 128, 128, 1]) has {want} parameters."
    return None


@exercise("first-gan-grid")
def _check_grid_samples(answer: Any) -> str | None:
    answer = answered(answer)
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return "give the pair (grid_samples, modes_reached): your generated points and how many modes they reach."
    samples = np.asarray(answered(answer[0]), dtype=np.float64)
    modes_reached = answered(answer[1])
    if samples.ndim != 2 or samples.shape[1] != 2 or len(samples) < 500:
        return f"grid_samples: give at least 500 generated points of shape (n, 2); got shape {samples.shape}."
    coverage = mode_coverage(samples, grid_of_gaussians(size=3, spacing=2.0, std=0.1))
    if coverage.modes_covered < 6 or coverage.high_quality < 0.05:
        return (
            f"your points cover {coverage.modes_covered} of the 9 modes, with {coverage.high_quality:.1%} of them "
            "within 3 standard deviations of a mode; a GAN trained on grid_of_gaussians(size=3, spacing=2.0, "
            "std=0.1) covers at least 6 with at least 5% close. Did you train on the grid, and generate after "
            "training?"
        )
    if modes_reached != coverage.modes_covered:
        return (
            f"modes_reached: your points reach {coverage.modes_covered} of the 9 modes, you said {modes_reached}. "
            "Count them with ganlib.mode_coverage(grid_samples, grid).modes_covered."
        )
    return None
