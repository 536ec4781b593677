"""Hidden tests of *Saturation and the non-saturating loss* (``book/part2/saturation.ipynb``)."""

from grading import hidden_test


@hidden_test("saturation-ratio")
def test_ratio_on_an_array_and_at_the_middle(gradient_ratio):
    import numpy as np

    d = np.array([0.2, 0.5, 0.8])
    assert np.allclose(gradient_ratio(d), [4.0, 1.0, 0.25]), "gradient_ratio should work element-wise on arrays"


@hidden_test("saturation-batch-ratio")
def test_batch_ratio_of_one_sample_and_of_equal_gradients(batch_gradient_ratio):
    import numpy as np

    assert np.isclose(batch_gradient_ratio(np.array([0.25]), np.array([[2.0, -1.0, 0.5]])), 3.0)
    d = np.array([0.1, 0.3, 0.2])
    v = np.tile([1.0, 2.0], (3, 1))
    assert np.isclose(batch_gradient_ratio(d, v), (1 - d.mean()) / d.mean())


@hidden_test("saturation-threshold")
def test_threshold_is_where_the_ratio_is_one_percent(threshold):
    assert isinstance(threshold, float) and 0 < threshold < 0.5
    assert abs(threshold / (1 - threshold) - 0.01) < 1e-12


MISTAKE = (
    "saturation-ratio",
    """
    def gradient_ratio(d):
        return d / (1 - d)  # upside down: the minimax gradient over the non-saturating one
    """,
)
