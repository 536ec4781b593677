"""Hidden tests of *The optimal discriminator and the global optimum* (``book/part2/optimal_discriminator.ipynb``)."""

from grading import hidden_test


@hidden_test("optimal-d-gaussians")
def test_d_star_is_the_density_ratio_and_symmetric(d_star):
    import numpy as np

    x = np.random.default_rng(3).normal(0.5, 2.0, size=(6, 3))
    p_data, p_g = np.exp(-0.5 * x**2), np.exp(-0.5 * (x - 1) ** 2)
    got = np.asarray(d_star(x))
    assert got.shape == x.shape and np.allclose(got, p_data / (p_data + p_g))
    assert np.isclose(float(np.ravel(d_star(np.array([0.5])))[0]), 0.5), "halfway between the means D* = 1/2"
    assert np.allclose(d_star(x) + d_star(1 - x), 1)


@hidden_test("optimal-d-jsd-discrete")
def test_js_is_symmetric_bounded_and_zero_on_equal_distributions(js):
    import numpy as np

    p, q = np.array([0.6, 0.4, 0.0]), np.array([0.2, 0.2, 0.6])
    m = (p + q) / 2
    want = 0.5 * (0.6 * np.log(0.6 / m[0]) + 0.4 * np.log(0.4 / m[1])) + 0.5 * np.sum(q * np.log(q / m))
    assert np.isclose(js(p, q), want) and np.isclose(js(q, p), want)
    assert np.isclose(js(q, q), 0.0, atol=1e-12)
    assert np.isclose(js(np.array([0.0, 0.0, 1.0]), np.array([0.5, 0.5, 0.0])), np.log(2))


@hidden_test("optimal-d-recover-density")
def test_data_density_inverts_the_optimal_discriminator(data_density):
    import numpy as np

    rng = np.random.default_rng(9)
    p_data, p_g = rng.uniform(0.01, 2.0, size=(3, 4)), rng.uniform(0.01, 2.0, size=(3, 4))
    got = np.asarray(data_density(p_data / (p_data + p_g), p_g))
    assert got.shape == (3, 4) and np.allclose(got, p_data)


MISTAKE = (
    "optimal-d-recover-density",
    """
    def data_density(d, p_g):
        d = np.asarray(d, dtype=float)
        return np.asarray(p_g) * (1 - d) / d  # the odds of "fake", not of "real"
    """,
)
