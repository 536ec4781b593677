"""Grading material that stays with instructors: the hidden tests of the book's exercises.

``grading/hidden/<chapter>.py`` holds, for each exercise of the chapter that is graded
automatically, at least one test that differs from the exercise's public check (other inputs,
other seeds, properties instead of values). ``python -m tools.assign`` copies them into the
autograder of an assignment only: they are neither in ganlib's wheel nor in any file a student
gets (the tests check both). See ``grading/README.md`` for how to write one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LABEL_ATTRIBUTE = "exercise_label"  # what @hidden_test sets (tools/assign.py reads the files, never imports them)


def hidden_test(label: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a function as a hidden test of the exercise ``label`` (the decorator is not copied)."""

    def mark(test: Callable[..., Any]) -> Callable[..., Any]:
        setattr(test, LABEL_ATTRIBUTE, label)
        return test

    return mark
