import numpy as np
import pytest

import ganlib


def test_expected_modes_covered_agrees_with_a_simulation():
    rng = np.random.default_rng(0)
    for n, k in ((10, 25), (60, 25), (5, 8), (40, 8)):
        simulated = np.mean([np.unique(rng.integers(0, k, size=n)).size for _ in range(4000)])
        assert ganlib.expected_modes_covered(n, k) == pytest.approx(simulated, abs=0.1)


def test_expected_modes_covered_at_the_extremes():
    assert ganlib.expected_modes_covered(0, 25) == 0.0
    assert ganlib.expected_modes_covered(1, 25) == pytest.approx(1.0)
    assert ganlib.expected_modes_covered(7, 1) == 1.0
    assert ganlib.expected_modes_covered(10_000, 8) == pytest.approx(8.0)


def test_expected_modes_covered_grows_with_the_samples_and_stays_below_the_modes():
    values = [ganlib.expected_modes_covered(n, 25) for n in range(0, 300, 10)]
    assert all(a < b for a, b in zip(values, values[1:], strict=False))
    assert values[-1] < 25


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: ganlib.expected_modes_covered(-1, 8), ValueError, "n_samples: expected a non-negative integer"),
        (lambda: ganlib.expected_modes_covered(2.5, 8), ValueError, "n_samples: expected a non-negative integer"),
        (lambda: ganlib.expected_modes_covered(10, 0), ValueError, "n_modes: expected a positive integer"),
        (lambda: ganlib.expected_modes_covered(10, 8.0), TypeError, "n_modes: expected a positive integer"),
    ],
)
def test_expected_modes_covered_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
