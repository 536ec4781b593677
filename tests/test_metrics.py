import numpy as np
import pytest

import ganlib
from ganlib.metrics import mode_coverage


def test_samples_from_the_ring_cover_all_eight_modes():
    ring = ganlib.ring_of_gaussians()
    coverage = mode_coverage(ring.sample(2000, seed=0), ring)
    assert coverage.modes_covered == 8
    assert coverage.high_quality > 0.98  # 3 std in 2-D holds ~98.9% of a Gaussian


def test_samples_at_a_single_mode_cover_one():
    ring = ganlib.ring_of_gaussians()
    coverage = mode_coverage(np.repeat(ring.means[:1], 100, axis=0), ring)
    assert coverage == (1, 1.0)


def test_far_away_samples_are_low_quality_and_cover_nothing():
    ring = ganlib.ring_of_gaussians()
    assert mode_coverage(np.zeros((50, 2)), ring) == (0, 0.0)
    half = np.concatenate([np.zeros((50, 2)), ring.means[[2] * 50]])
    assert mode_coverage(half, ring) == (1, 0.5)


def test_mode_coverage_rejects_mismatched_dimensions():
    with pytest.raises(ValueError, match=r"samples: expected shape \(any, 2\)"):
        mode_coverage(np.zeros((10, 3)), ganlib.ring_of_gaussians())
    with pytest.raises(TypeError, match="mixture: expected a ganlib.GaussianMixture"):
        mode_coverage(np.zeros((10, 2)), "ring")
