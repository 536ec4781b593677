"""Checks of the exercises of the chapter *How good is a GAN? Measuring it* (``book/part3/measuring_gans.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..metrics import classifier_score_from_probabilities
from ._registry import answered, exercise


def _measuring_k_class_table(k: int, confidence: float, per_class: int = 3) -> np.ndarray:
    """p(y|x) of a generator making classes 0..k-1 equally often, each with probability ``confidence``."""
    rest = (1.0 - confidence) / 9.0
    rows = np.full((k * per_class, 10), rest)
    for i in range(k * per_class):
        rows[i, i // per_class] = confidence
    return rows


@exercise("measuring-score-by-hand")
def _check_measuring_score_by_hand(score_by_hand: Callable) -> str | None:
    tables = [
        np.array([[0.9, 0.1], [0.2, 0.8]]),
        np.array([[0.5, 0.5, 0.0], [0.0, 0.5, 0.5], [0.5, 0.0, 0.5]]),
        np.eye(10),
        np.full((4, 3), 1 / 3),
        np.random.default_rng(0).dirichlet(np.full(10, 0.3), size=50),
    ]
    for p in tables:
        got = float(np.asarray(answered(score_by_hand(p.copy())), dtype=np.float64))
        want = classifier_score_from_probabilities(p)
        if not np.isfinite(got):
            return f"for a table with zeros the score must stay finite, got {got}: a term 0 * log 0 counts as 0"
        if not np.isclose(got, want, rtol=1e-6):
            return (
                f"for the {p.shape[0]}x{p.shape[1]} table expected {want:.6f}, got {got:.6f}: average "
                "KL(p(y|x) || p(y)) over the rows, with p(y) the mean of the rows, then take exp"
            )
    return None


@exercise("measuring-frechet-1d")
def _check_measuring_frechet_1d(frechet_1d: Callable) -> str | None:
    for mean_a, std_a, mean_b, std_b in [
        (0.0, 1.0, 0.0, 1.0),
        (0.0, 1.0, 3.0, 2.0),
        (1.5, 0.5, -1.0, 0.2),
        (2.0, 3.0, 2.0, 1.0),
    ]:
        got = float(np.asarray(answered(frechet_1d(mean_a, std_a, mean_b, std_b)), dtype=np.float64))
        want = (mean_a - mean_b) ** 2 + (std_a - std_b) ** 2
        if not np.isclose(got, want, rtol=1e-9, atol=1e-12):
            return (
                f"for N({mean_a}, {std_a}^2) and N({mean_b}, {std_b}^2) expected {want:g}, got {got:g}: in one "
                "dimension the covariances are variances, and (s_a^2 s_b^2)^(1/2) = s_a s_b"
            )
    return None


@exercise("measuring-k-classes")
def _check_measuring_k_classes(k_class_score: Callable) -> str | None:
    for k in (1, 2, 5, 10):
        for confidence in (1.0, 0.9, 0.5, 0.1):
            got = float(np.asarray(answered(k_class_score(k, confidence)), dtype=np.float64))
            want = classifier_score_from_probabilities(_measuring_k_class_table(k, confidence))
            if not np.isclose(got, want, rtol=1e-6):
                return (
                    f"for k = {k} classes with confidence {confidence} expected {want:.6f}, got {got:.6f}: the "
                    "marginal p(y) gives each used class (c + (k - 1)(1 - c)/9) / k and each unused one (1 - c)/9"
                )
    return None
