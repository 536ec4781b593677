"""Input checks shared by ganlib's public functions.

Every check raises at once, with a message that names the parameter and says
what was expected, so that nothing trains silently on garbage.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import keras
import numpy as np


def positive_int(name: str, value: Any) -> int:
    """Return ``value`` as an int if it is a positive integer, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected a positive integer, got {type(value).__name__} {value!r}")
    if value <= 0:
        raise ValueError(f"{name}: expected a positive integer, got {value}")
    return int(value)


def non_negative_int(name: str, value: Any) -> int:
    """Return ``value`` as an int if it is an integer >= 0 (a seed, a count), else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected a non-negative integer, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ValueError(f"{name}: expected a non-negative integer, got {value}")
    return int(value)


def optional_seed(name: str, value: Any) -> int | None:
    """Return ``value`` if it is None or an integer >= 0 (a random seed), else raise."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected None or an integer, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ValueError(f"{name}: expected None or an integer >= 0, got {value}")
    return int(value)


def positive_float(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a positive number, got {type(value).__name__} {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name}: expected a finite number > 0, got {value}")
    return float(value)


def non_negative_float(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is a finite number >= 0 (a weight, a duration), else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a number >= 0, got {type(value).__name__} {value!r}")
    if not (np.isfinite(value) and value >= 0):  # also refuses NaN
        raise ValueError(f"{name}: expected a finite number >= 0, got {value}")
    return float(value)


def finite_float(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is a finite real number (of any sign), else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a finite number, got {type(value).__name__} {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value}")
    return float(value)


def unit_interval(name: str, value: Any, *, include_zero: bool = False) -> float:
    """Return ``value`` as a float if it lies in (0, 1), or in [0, 1) with ``include_zero``, else raise."""
    interval = "[0, 1)" if include_zero else "(0, 1)"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a number in {interval}, got {type(value).__name__} {value!r}")
    if not (np.isfinite(value) and (value >= 0 if include_zero else value > 0) and value < 1):
        raise ValueError(f"{name}: expected a number in {interval}, got {value}")
    return float(value)


def probabilities(name: str, value: Any, size: int) -> np.ndarray:
    """Return ``value`` as ``size`` float64 probabilities summing to exactly 1 (e.g. for sampling), else raise."""
    p = float_array(name, value, shape=(size,), value_range=(0, 1), dtype=np.float64)
    if not np.isclose(p.sum(), 1.0, atol=1e-6):
        raise ValueError(f"{name}: expected probabilities summing to 1, got a sum of {p.sum():g}")
    # Exactly 1 in float64 (25 weights of 1/25 read as float32 are not), as numpy's sampling requires.
    return p / p.sum()


def one_of(name: str, value: Any, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices`` (strings), else raise."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected one of {list(choices)}, got {type(value).__name__} {value!r}")
    if value not in choices:
        raise ValueError(f"{name}: expected one of {list(choices)}, got {value!r}")
    return value


def float_array(
    name: str,
    value: Any,
    *,
    ndim: int | None = None,
    shape: Sequence[int | None] | None = None,
    value_range: tuple[float, float] | None = None,
    range_hint: str = "",
    min_length: int = 1,
    dtype: type = np.float32,
) -> np.ndarray:
    """Check a real-valued array and return it as a floating-point (float32) NumPy array.

    Args:
        name: the parameter's name, used in error messages.
        value: anything NumPy can turn into an array of real numbers.
        ndim: the number of dimensions expected, if fixed.
        shape: the shape expected; ``None`` entries match any size.
        value_range: inclusive ``(low, high)`` bounds on every value.
        range_hint: appended to a range error, e.g. how to rescale the data.
        min_length: the least number of entries along the first axis.
        dtype: the floating-point type returned.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name}: expected an array of real numbers, got {type(value).__name__}")
    array = np.asarray(value)
    if (
        array.dtype == object
        or not (np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer))
        or array.dtype == bool
    ):
        raise TypeError(f"{name}: expected an array of real numbers, got dtype {array.dtype}")
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name}: expected a {ndim}-D array, got shape {array.shape}")
    if shape is not None:
        if array.ndim != len(shape) or any(want is not None and got != want for got, want in zip(array.shape, shape)):
            wanted = (
                "(" + ", ".join("any" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
            )
            raise ValueError(f"{name}: expected shape {wanted}, got {array.shape}")
    if array.ndim >= 1 and array.shape[0] < min_length:
        raise ValueError(f"{name}: expected at least {min_length} entries, got {array.shape[0]}")
    if array.size and not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name}: expected finite values, got {bad} NaN or infinite entries")
    if value_range is not None and array.size:
        low, high = value_range
        lo, hi = float(array.min()), float(array.max())
        if lo < low or hi > high:
            raise ValueError(
                f"{name}: expected values in [{low:g}, {high:g}], got min {lo:g} and max {hi:g}"
                + (f"; {range_hint}" if range_hint else "")
            )
    return array.astype(dtype, copy=False)


def keras_tensor(name: str, value: Any, shape: tuple[int | None, ...], meaning: str) -> keras.KerasTensor:
    """Return ``value`` if it is a symbolic Keras tensor whose shape after the batch axis fits ``shape``, else raise.

    ``None`` in ``shape`` accepts any size; ``meaning`` describes the expected tensor in the message.
    """
    if not isinstance(value, keras.KerasTensor):
        raise TypeError(f"{name}: expected a Keras tensor (from keras.Input or a layer), got {type(value).__name__}")
    got = tuple(value.shape[1:])
    if len(got) != len(shape) or any(want is not None and size != want for size, want in zip(got, shape)):
        raise ValueError(f"{name}: expected {meaning}, got shape {(None, *got)}")
    return value
