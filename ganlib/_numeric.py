"""Small numerical helpers shared by several modules (not part of the public API)."""

from __future__ import annotations

from typing import Any

import numpy as np


def sigmoid(x: Any) -> np.ndarray:
    """The logistic function ``1 / (1 + exp(-x))`` in float64, written with ``tanh`` so that it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))
