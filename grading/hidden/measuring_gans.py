"""Hidden tests of *How good is a GAN? Measuring it* (``book/part3/measuring_gans.ipynb``)."""

from grading import hidden_test


@hidden_test("measuring-score-by-hand")
def test_score_of_identical_rows_one_hot_rows_and_a_shuffled_table(score_by_hand):
    import numpy as np

    from ganlib.metrics import classifier_score_from_probabilities

    assert np.isclose(score_by_hand(np.tile([0.2, 0.3, 0.5], (6, 1))), 1.0), "identical rows: score 1"
    assert np.isclose(score_by_hand(np.eye(4)[[0, 1, 2, 3, 0, 1, 2, 3]]), 4.0), "k classes made evenly: k"
    p = np.random.default_rng(17).dirichlet(np.full(6, 0.5), size=30)
    assert np.isclose(score_by_hand(p[::-1].copy()), classifier_score_from_probabilities(p), rtol=1e-6)


@hidden_test("measuring-frechet-1d")
def test_frechet_1d_is_symmetric_and_separates_means_and_spreads(frechet_1d):
    import numpy as np

    assert np.isclose(frechet_1d(-2.0, 0.1, 1.0, 0.1), 9.0)
    assert np.isclose(frechet_1d(0.0, 2.0, 0.0, 1.0), 1.0), "standard deviations, not variances"
    assert np.isclose(frechet_1d(0.3, 0.4, -1.2, 2.2), frechet_1d(-1.2, 2.2, 0.3, 0.4))


@hidden_test("measuring-k-classes")
def test_k_class_score_against_a_table_and_its_limits(k_class_score):
    import numpy as np

    from ganlib.metrics import classifier_score_from_probabilities

    for k, c in [(3, 0.7), (7, 0.35)]:
        table = np.full((5 * k, 10), (1 - c) / 9)
        for i in range(5 * k):
            table[i, i % k] = c
        assert np.isclose(k_class_score(k, c), classifier_score_from_probabilities(table), rtol=1e-6)
    assert np.isclose(k_class_score(4, 1.0), 4.0) and np.isclose(k_class_score(4, 0.1), 1.0)


MISTAKE = (
    "measuring-frechet-1d",
    """
    def frechet_1d(mean_a, std_a, mean_b, std_b):
        return (mean_a - mean_b) ** 2 + (std_a**2 - std_b**2) ** 2  # variances where standard deviations belong
    """,
)
