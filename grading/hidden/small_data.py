"""Hidden tests of *Data-efficient GANs* (``book/part4/small_data.ipynb``)."""

from grading import hidden_test


@hidden_test("fewdata-translate")
def test_translate_a_tall_image_and_beyond_its_edge(translate):
    import numpy as np

    image = np.arange(10.0).reshape(5, 2)
    moved = np.asarray(translate(image.copy(), 2, -1, 7.0))
    want = np.full((5, 2), 7.0)
    want[2:, 0] = image[:3, 1]
    assert np.array_equal(moved, want)
    assert np.array_equal(np.asarray(translate(image.copy(), 0, 5, 0.5)), np.full((5, 2), 0.5)), "all moved out"


@hidden_test("fewdata-leak")
def test_leaked_variance_against_a_simulation(leaked_variance):
    import numpy as np

    rng = np.random.default_rng(31)
    sampled = np.var(rng.normal(size=2_000_000) + rng.uniform(-3.0, 3.0, size=2_000_000))
    assert abs(float(leaked_variance(3.0)) - sampled) < 0.03
    assert float(leaked_variance(0.0)) == 1.0


@hidden_test("fewdata-gap")
def test_overfitting_gap_on_column_logits_and_ties(overfitting_gap):
    import numpy as np

    train, held_out = np.array([[0.0], [2.0], [1.0], [-3.0]]), np.array([[0.0], [0.0], [5.0]])
    assert np.isclose(float(overfitting_gap(train, held_out)), 2 / 4 - 1 / 3), "a logit of 0 is not 'real'"
    assert np.isclose(float(overfitting_gap(held_out, train)), 1 / 3 - 2 / 4)


MISTAKE = (
    "fewdata-leak",
    """
    def leaked_variance(a):
        return 1.0 + a**2 / 12.0  # the variance of U[0, a], not of U[-a, a]
    """,
)
