import pytest

import ganlib


def test_full_is_the_default(monkeypatch):
    monkeypatch.delenv("GANLIB_BUDGET", raising=False)
    assert ganlib.current_budget() == "full"
    assert ganlib.budget(full=40, quick=2) == 40


def test_quick_budget_picks_quick_numbers(monkeypatch):
    monkeypatch.setenv("GANLIB_BUDGET", "quick")
    assert ganlib.current_budget() == "quick"
    assert ganlib.budget(full=40, quick=2) == 2
    assert ganlib.budget(full=(1.0, 2.0), quick=(0.5, 0.5)) == (0.5, 0.5)


def test_budget_is_case_insensitive(monkeypatch):
    monkeypatch.setenv("GANLIB_BUDGET", " Quick ")
    assert ganlib.budget(full=1, quick=0) == 0


def test_unknown_budget_is_an_error_naming_the_variable(monkeypatch):
    monkeypatch.setenv("GANLIB_BUDGET", "tiny")
    with pytest.raises(ValueError, match="GANLIB_BUDGET.*'tiny'"):
        ganlib.budget(full=1, quick=0)


def test_full_and_quick_must_have_the_same_type():
    with pytest.raises(TypeError, match="quick: expected the same type as full"):
        ganlib.budget(full=10, quick=0.5)
