"""Hidden tests of *Mode collapse, reproduced* (``book/part4/collapse_reproduced.ipynb``)."""

from grading import hidden_test


@hidden_test("modes-kl")
def test_mode_kl_on_four_modes_with_its_own_threshold(mode_kl):
    import numpy as np

    means = np.array([[0.0, 0.0], [0.0, 5.0], [5.0, 0.0], [5.0, 5.0]])
    assert np.isclose(mode_kl(np.repeat(means, 7, axis=0), means, 0.2), 0.0, atol=1e-9), "even: 0"
    assert np.isclose(mode_kl(np.repeat(means[3:], 9, axis=0), means, 0.2), np.log(4)), "one mode: log k"
    off = means[[1, 1, 2]] + np.array([0.3, 0.0])  # 1.5 std from their modes
    samples = np.concatenate([means[[0, 0]], off])
    assert np.isclose(mode_kl(samples, means, 0.2, n_std=1.0), np.log(4)), "only samples within n_std count"
    assert np.isclose(mode_kl(samples, means, 0.2), np.sum([0.4, 0.4, 0.2] * np.log(4 * np.array([0.4, 0.4, 0.2]))))


@hidden_test("modes-expected-covered")
def test_expected_covered_of_uneven_weights(expected_covered):
    import numpy as np

    assert np.isclose(expected_covered(0, np.array([0.5, 0.5])), 0.0)
    assert np.isclose(expected_covered(4, np.array([0.7, 0.2, 0.05])), 1 - 0.3**4 + 1 - 0.8**4 + 1 - 0.95**4)
    assert np.isclose(expected_covered(2, np.array([1.0, 0.0])), 1.0)


@hidden_test("modes-all-covered")
def test_p_all_covered_by_inclusion_exclusion(p_all_covered):
    import numpy as np

    assert np.isclose(float(p_all_covered(2, 5)), 0.0), "fewer samples than modes"
    assert np.isclose(float(p_all_covered(4, 2)), 1 - 2 * 0.5**4)
    assert np.isclose(float(p_all_covered(5, 3)), 1 - 3 * (2 / 3) ** 5 + 3 * (1 / 3) ** 5)
    assert float(p_all_covered(40, 8)) < float(p_all_covered(60, 8)) < 1


MISTAKE = (
    "modes-expected-covered",
    """
    def expected_covered(n, weights):
        weights = np.asarray(weights, dtype=float)
        return float(len(weights) * (1 - (1 - weights.mean()) ** n))  # as if every mode had the mean weight
    """,
)
