"""Checks of the exercises of the chapter *Saturation and the non-saturating loss* (``book/part2/saturation.ipynb``)."""

from __future__ import annotations

from typing import Any, Callable

from .._numeric import sigmoid
from ._registry import answered, close, exercise


@exercise("saturation-gradients")
def _check_saturation_gradients(generator_gradients: Callable) -> str | None:
    for logit in (-6.0, -1.0, 0.0, 2.5):
        s = float(sigmoid(logit))
        got = answered(generator_gradients(logit))
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return f"return a pair (minimax, non_saturating); got {type(got).__name__}."
        if not (close(got[0], -s, 1e-6) and close(got[1], -(1 - s), 1e-6)):
            return (
                f"at logit {logit}: d/dl log(1 - sigmoid(l)) = -sigmoid(l) = {-s:.6f} and "
                f"d/dl -log sigmoid(l) = -(1 - sigmoid(l)) = {-(1 - s):.6f}; you returned {tuple(got)}."
            )
    return None


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


@exercise("saturation-threshold")
def _check_saturation_threshold(threshold: Any) -> str | None:
    if not close(answered(threshold), 1 / 101, 1e-6):
        return (
            f"you gave {threshold}. The minimax gradient is below 1% of the non-saturating one when "
            "D / (1 - D) < 0.01; solve D / (1 - D) = 0.01 for D."
        )
    return None
