import numpy as np
import pytest

import ganlib
from ganlib.exercises import CHECKS, evaluate


def starter(*args, **kwargs):
    ...  # your code here


# A plausible wrong answer for every exercise: its check must fail on it.
WRONG_ANSWERS = {
    "first-gan-accuracy": lambda real, fake: float(np.mean(np.asarray(real) > 0)),
    "first-gan-parameters": lambda sizes: sum(m * n for m, n in zip(sizes, sizes[1:])),
    "first-gan-grid": ganlib.ring_of_gaussians(radius=2.0, std=0.1).sample(2000, seed=0),
}


def test_every_check_has_a_wrong_answer_here():
    assert set(WRONG_ANSWERS) == set(CHECKS)


@pytest.mark.parametrize("label", sorted(CHECKS))
def test_an_empty_answer_is_not_done(label):
    # The starter leaves `...` in place of a value, or a function whose body is `...`.
    empties = (..., None, starter) if callable(WRONG_ANSWERS[label]) else (..., None)
    for empty in empties:
        assert evaluate(label, empty).status == "not done"


@pytest.mark.parametrize("label", sorted(CHECKS))
def test_a_wrong_answer_fails_with_a_hint(label):
    result = evaluate(label, WRONG_ANSWERS[label])
    assert result.status == "failed" and len(result.message) > 20


def test_an_answer_that_raises_fails_without_crashing():
    def broken(real, fake):
        raise ZeroDivisionError("oops")

    result = evaluate("first-gan-accuracy", broken)
    assert result.status == "failed" and "ZeroDivisionError" in result.message


def test_check_prints_the_verdict_and_strict_mode_raises(capsys, monkeypatch):
    monkeypatch.delenv("GANLIB_STRICT_CHECKS", raising=False)
    ganlib.check("first-gan-parameters", ...)
    assert "NOT DONE YET" in capsys.readouterr().out
    monkeypatch.setenv("GANLIB_STRICT_CHECKS", "1")
    with pytest.raises(AssertionError, match="first-gan-parameters"):
        ganlib.check("first-gan-parameters", ...)


def test_unknown_label_lists_the_exercises():
    with pytest.raises(ValueError, match="label: expected one of the book's exercises"):
        evaluate("no-such-exercise", 1)
