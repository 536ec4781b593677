"""Hidden tests of *Generative vs discriminative models* (``book/part1/generative_vs_discriminative.ipynb``)."""

from grading import hidden_test


@hidden_test("generative-posterior")
def test_posterior_of_two_mirrored_classes_and_of_four(posterior):
    import numpy as np

    x = np.array([-4.0, -1.0, 0.0, 1.0, 4.0])
    two = np.asarray(posterior(x, np.array([-2.0, 2.0]), np.array([1.0, 1.0]), np.array([0.5, 0.5])))
    assert two.shape == (5, 2) and np.allclose(two[2], [0.5, 0.5]) and np.allclose(two[::-1, 0], two[:, 1])
    assert np.allclose(two[:, 1], 1 / (1 + np.exp(-4 * x))), "equal variances: the posterior is a sigmoid"
    four = np.asarray(posterior(x, np.array([0.0, 1, 2, 3]), np.array([1.0, 2, 1, 2]), np.full(4, 0.25)))
    assert four.shape == (5, 4) and np.allclose(four.sum(axis=1), 1) and (four >= 0).all()


@hidden_test("generative-exponential-sampler")
def test_exponential_samples_have_the_right_mean_and_order(exponential_sampler):
    import numpy as np

    u = np.random.default_rng(21).random(20_000)
    samples = np.asarray(exponential_sampler(u, 0.5))
    assert samples.shape == u.shape and (samples >= 0).all()
    assert abs(samples.mean() - 2.0) < 0.1, "the mean of an exponential distribution is 1 / rate"
    assert np.all(np.diff(samples[np.argsort(u)]) >= 0), "the inverse CDF is increasing in u"


@hidden_test("generative-parameters")
def test_parameter_counts_of_small_models(gaussian_class_parameters):
    assert gaussian_class_parameters(1, 3, "diagonal") == 0 + 3 + 3
    assert gaussian_class_parameters(4, 2, "full") == 3 + 8 + 4 * 3
    assert gaussian_class_parameters(5, 1, "full") == gaussian_class_parameters(5, 1, "diagonal") == 4 + 5 + 5


MISTAKE = (
    "generative-exponential-sampler",
    """
    def exponential_sampler(u, rate):
        return -np.log1p(-np.asarray(u, dtype=np.float64)) * rate  # times the rate, not divided by it
    """,
)
