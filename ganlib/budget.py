"""The budget switch: one notebook, two sizes of run.

Every notebook runs in the *full* budget (what readers and Colab users get) or
the *quick* budget (what the tests run). The code is the same in both; only the
numbers differ, and they are picked here::

    epochs = ganlib.budget(full=40, quick=2)

The environment variable ``GANLIB_BUDGET`` (``full`` or ``quick``) selects the
budget; it is ``full`` when unset. The test command sets ``GANLIB_BUDGET=quick``.
"""

from __future__ import annotations

import os
from typing import TypeVar

BUDGET_VARIABLE = "GANLIB_BUDGET"
BUDGETS = ("full", "quick")

T = TypeVar("T")


def current_budget() -> str:
    """Return the budget in force, ``"full"`` or ``"quick"``, from ``GANLIB_BUDGET``.

    Raises:
        ValueError: if ``GANLIB_BUDGET`` is set to anything else.
    """
    value = os.environ.get(BUDGET_VARIABLE, "full").strip().lower() or "full"
    if value not in BUDGETS:
        raise ValueError(f"{BUDGET_VARIABLE}: expected one of {list(BUDGETS)}, got {value!r}")
    return value


def budget(full: T, quick: T) -> T:
    """Return ``full`` or ``quick`` depending on the budget in force.

    Args:
        full: the value for a reader's run (epochs, steps, sample counts, ...).
        quick: the value for the tests' run; same type as ``full``.

    Example:
        >>> epochs = budget(full=40, quick=2)
    """
    if type(full) is not type(quick):
        raise TypeError(f"quick: expected the same type as full ({type(full).__name__}), got {type(quick).__name__}")
    return quick if current_budget() == "quick" else full
