"""The machinery of the exercise checks: the registry, the verdicts and :func:`check`.

An exercise labelled ``first-gan-accuracy`` in a chapter ends with a cell::

    ganlib.check("first-gan-accuracy", discriminator_accuracy)

which prints one of three verdicts: passed, failed (with a hint), or not done
yet (the answer is still the starter's ``...`` or returns nothing). The check
never raises in a reader's notebook; with ``GANLIB_STRICT_CHECKS=1`` (set by the
test command) anything but a pass raises ``AssertionError``, so the tests fail
when a worked solution stops passing its check.

A check is registered with :func:`exercise`; its label is the exercise's
``:label:`` in the book. The checks themselves live in one module per chapter,
next to this one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..language import translate

STRICT_VARIABLE = "GANLIB_STRICT_CHECKS"

Checker = Callable[[Any], "str | None"]
CHECKS: dict[str, Checker] = {}


class NotDone(Exception):
    """Raised inside a checker when the answer is still the starter's placeholder."""


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer: ``status`` is ``"passed"``, ``"failed"`` or ``"not done"``."""

    label: str
    status: str
    message: str

    def __bool__(self) -> bool:
        return self.status == "passed"

    def __str__(self) -> str:
        head = {
            "passed": f"[PASSED] exercise {self.label}: ",
            "failed": f"[FAILED] exercise {self.label}: ",
            "not done": f"[NOT DONE YET] exercise {self.label}: ",
        }[self.status]
        return translate(head) + translate(self.message)  # in the language of ganlib.set_language


def exercise(label: str) -> Callable[[Checker], Checker]:
    """Register ``checker`` as the check of the exercise labelled ``label``.

    A checker takes the reader's answer and returns ``None`` when it is right,
    or a hint (a string) when it is wrong. It calls :func:`answered` on values
    that may still be placeholders.
    """

    def register(checker: Checker) -> Checker:
        if label in CHECKS:
            raise ValueError(f"label: exercise {label!r} already has a check")
        CHECKS[label] = checker
        return checker

    return register


def answered(value: Any) -> Any:
    """Return ``value``, or raise :class:`NotDone` if it is a placeholder (``...`` or ``None``)."""
    if value is None or value is Ellipsis:
        raise NotDone
    return value


def evaluate(label: str, answer: Any) -> CheckResult:
    """Run the check of exercise ``label`` on ``answer`` and return the verdict, printing nothing."""
    if label not in CHECKS:
        raise ValueError(f"label: expected one of the book's exercises {sorted(CHECKS)}, got {label!r}")
    try:
        hint = CHECKS[label](answered(answer))
    except NotDone:
        return CheckResult(label, "not done", "replace the `...` with your answer, then run this cell again.")
    except Exception as error:  # the reader's code raised: that is a failed answer, not a crash
        return CheckResult(label, "failed", f"your answer raised {type(error).__name__}: {error}")
    if hint is None:
        return CheckResult(label, "passed", "well done.")
    return CheckResult(label, "failed", hint)


def check(label: str, answer: Any) -> None:
    """Check the answer to exercise ``label`` and print the verdict (use :func:`evaluate` to get it).

    With the environment variable ``GANLIB_STRICT_CHECKS`` set, a verdict other
    than passed raises ``AssertionError`` (the tests use this).
    """
    result = evaluate(label, answer)
    print(result)
    if os.environ.get(STRICT_VARIABLE) and not result:
        raise AssertionError(str(result))


def close(got: Any, want: Any, tol: float) -> bool:
    """Whether ``got`` has the shape of ``want`` and equals it within ``tol`` (relative and absolute)."""
    got = np.asarray(got, dtype=np.float64)
    return got.shape == np.shape(want) and bool(np.allclose(got, want, rtol=tol, atol=tol))
