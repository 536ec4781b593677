"""Hidden tests of *Watching a GAN learn in 1-D* (``book/part2/gan_in_1d.ipynb``)."""

from grading import hidden_test


@hidden_test("gan1d-histogram")
def test_histogram_density_on_uneven_bins_with_samples_outside(histogram_density):
    import numpy as np

    samples = np.random.default_rng(2).normal(size=1000)
    edges = np.array([-1.0, -0.5, 0.0, 0.25, 1.5])
    counts = np.array([np.sum((samples >= lo) & (samples < hi)) for lo, hi in zip(edges[:-2], edges[1:-1])])
    counts = np.append(counts, np.sum((samples >= edges[-2]) & (samples <= edges[-1])))
    got = np.asarray(histogram_density(samples, edges))
    assert np.allclose(got, counts / 1000 / np.diff(edges)), "share of ALL samples, over the bin's width"
    inside = np.mean((samples >= -1.0) & (samples <= 1.5))
    assert np.isclose(np.sum(got * np.diff(edges)), inside), "it integrates to the share of samples inside"


@hidden_test("gan1d-kde")
def test_kde_of_one_sample_is_a_normal_density_and_integrates_to_one(gaussian_kde):
    import numpy as np

    points = np.linspace(-3.0, 5.0, 9)
    want = np.exp(-0.5 * ((points - 1.0) / 0.7) ** 2) / (np.sqrt(2 * np.pi) * 0.7)
    assert np.allclose(gaussian_kde(np.array([1.0]), points, 0.7), want)
    samples = np.random.default_rng(4).normal(size=200)
    grid = np.linspace(-10.0, 10.0, 4001)
    assert np.isclose(np.sum(gaussian_kde(samples, grid, 0.3)) * (grid[1] - grid[0]), 1.0, atol=1e-3)


@hidden_test("gan1d-expected-d")
def test_expected_optimal_d_between_a_half_and_one(expected_optimal_d):
    import numpy as np

    x = np.linspace(-10.0, 12.0, 2201)
    dx = float(x[1] - x[0])
    p, q = np.exp(-0.5 * x**2) / np.sqrt(2 * np.pi), np.exp(-0.5 * ((x - 3) / 2) ** 2) / (2 * np.sqrt(2 * np.pi))
    want = float(np.sum(p * p / (p + q)) * dx)
    assert np.isclose(expected_optimal_d(p, q, dx), want, rtol=1e-3) and 0.5 < want < 1
    assert np.isclose(expected_optimal_d(q, q, dx), 0.5, atol=1e-3)


MISTAKE = (
    "gan1d-histogram",
    """
    def histogram_density(samples, edges):
        return np.histogram(samples, bins=edges, density=True)[0]  # a share of the samples inside only
    """,
)
