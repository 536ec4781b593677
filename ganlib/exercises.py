"""Exercise checks: every exercise in the book is checked by a function here.

An exercise labelled ``first-gan-accuracy`` in a chapter ends with a cell::

    ganlib.check("first-gan-accuracy", discriminator_accuracy)

which prints one of three verdicts: passed, failed (with a hint), or not done
yet (the answer is still the starter's ``...`` or returns nothing). The check
never raises in a reader's notebook; with ``GANLIB_STRICT_CHECKS=1`` (set by the
test command) anything but a pass raises ``AssertionError``, so the tests fail
when a worked solution stops passing its check.

A check is registered with :func:`exercise`; its label is the exercise's
``:label:`` in the book.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .data import grid_of_gaussians
from .metrics import mode_coverage
from .models import mlp_discriminator, mlp_generator

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
        mark = {"passed": "PASSED", "failed": "FAILED", "not done": "NOT DONE YET"}[self.status]
        return f"[{mark}] exercise {self.label}: {self.message}"


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


def _close(got: Any, want: Any, tol: float) -> bool:
    got = np.asarray(got, dtype=np.float64)
    return got.shape == np.shape(want) and bool(np.allclose(got, want, rtol=tol, atol=tol))


# --- Chapter: a first GAN ----------------------------------------------------


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
        if not _close(got, want, 1e-6):
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
def _check_grid_samples(samples: Any) -> str | None:
    samples = np.asarray(answered(samples), dtype=np.float64)
    if samples.ndim != 2 or samples.shape[1] != 2 or len(samples) < 500:
        return f"return at least 500 generated points of shape (n, 2); got shape {samples.shape}."
    coverage = mode_coverage(samples, grid_of_gaussians(size=3, spacing=2.0, std=0.1))
    if coverage.modes_covered < 7 or coverage.high_quality < 0.05:
        return (
            f"your points cover {coverage.modes_covered} of the 9 modes, with {coverage.high_quality:.1%} of them "
            "within 3 standard deviations of a mode; a GAN trained on grid_of_gaussians(size=3, spacing=2.0, "
            "std=0.1) covers at least 7 with at least 5% close. Did you train on the grid, and generate after "
            "training?"
        )
    return None
