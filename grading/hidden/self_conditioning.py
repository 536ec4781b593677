"""Hidden tests of *Self-conditioning: sharper digits without labels* (``book/part3/self_conditioning.ipynb``)."""

from grading import hidden_test


@hidden_test("selfcond-gap-mass")
def test_gap_mass_against_a_simulation(gap_mass):
    import numpy as np

    samples = np.tanh(1.5 * np.random.default_rng(23).normal(size=400_000))
    assert abs(float(gap_mass(1.5, 0.3)) - np.mean(np.abs(samples) < 0.3)) < 0.004
    assert float(gap_mass(4.0, 0.5)) < float(gap_mass(2.0, 0.5)) < float(gap_mass(2.0, 0.8)), "steeper: less"


@hidden_test("selfcond-digit-distribution")
def test_digit_distribution_is_a_distribution_and_selects_clusters(digit_distribution):
    import numpy as np

    counts = np.random.default_rng(8).integers(0, 30, size=(6, 10))
    counts[:, 0] += 1  # no empty cluster
    got = np.asarray(digit_distribution(counts, np.random.default_rng(9).dirichlet(np.ones(6))))
    assert got.shape == (10,) and np.isclose(got.sum(), 1.0) and (got >= 0).all()
    one_hot = np.eye(6)[2]
    assert np.allclose(digit_distribution(counts, one_hot), counts[2] / counts[2].sum())


@hidden_test("selfcond-inertia")
def test_inertia_of_one_cluster_and_of_one_cluster_per_point(kmeans_inertias):
    import numpy as np

    x = np.random.default_rng(4).normal(size=(12, 3))
    one, every = (float(v) for v in kmeans_inertias(x, [1, 12], 3))
    assert np.isclose(one, np.sum((x - x.mean(axis=0)) ** 2), rtol=1e-6), "k = 1: squared distances to the mean"
    assert np.isclose(every, 0.0, atol=1e-9), "one cluster per point: inertia 0"


MISTAKE = (
    "selfcond-digit-distribution",
    """
    def digit_distribution(counts, weights):
        counts = np.asarray(counts, dtype=np.float64)
        return np.asarray(weights) @ counts / counts.sum()  # not normalised within each cluster
    """,
)
