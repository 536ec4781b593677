"""Hidden tests of *A first GAN: learning a ring of Gaussians* (``book/first_gan.ipynb``)."""

from grading import hidden_test


@hidden_test("first-gan-accuracy")
def test_accuracy_with_logits_at_zero_and_unequal_batches(discriminator_accuracy):
    import numpy as np

    real, fake = np.array([[0.0], [3.0]]), np.array([[0.0], [-1.0], [2.0]])
    assert np.isclose(discriminator_accuracy(real, fake), 3 / 5), "a logit of exactly 0 means 'fake'"
    rng = np.random.default_rng(7)
    real, fake = rng.normal(0.5, 1.0, size=(300, 1)), rng.normal(-0.5, 1.0, size=(100, 1))
    want = (np.sum(real > 0) + np.sum(fake <= 0)) / 400
    assert np.isclose(discriminator_accuracy(real, fake), want)


@hidden_test("first-gan-parameters")
def test_parameter_count_of_other_networks(mlp_parameter_count):
    assert mlp_parameter_count([3, 7, 1]) == 3 * 7 + 7 + 7 * 1 + 1
    assert mlp_parameter_count([10, 1]) == 11
    assert mlp_parameter_count([784, 256, 256, 1]) == 784 * 256 + 256 + 256 * 256 + 256 + 256 + 1


@hidden_test("first-gan-grid")
def test_grid_samples_are_two_thousand_points_near_the_grid(grid_samples, modes_reached):
    import numpy as np

    samples = np.asarray(grid_samples, dtype=float)
    assert samples.shape == (2000, 2) and np.isfinite(samples).all(), "2,000 points of shape (2000, 2)"
    means = np.array([(x, y) for x in (-2.0, 0.0, 2.0) for y in (-2.0, 0.0, 2.0)])
    distance = np.linalg.norm(samples[:, None, :] - means[None], axis=-1)
    close = distance.min(axis=1) <= 0.3
    assert int(modes_reached) == len(np.unique(distance.argmin(axis=1)[close])) >= 6, "modes within 3 std"


MISTAKE = (
    "first-gan-accuracy",
    """
    def discriminator_accuracy(real_logits, fake_logits):
        # the mean of the two accuracies, not the share of all samples
        return (np.mean(np.asarray(real_logits) > 0) + np.mean(np.asarray(fake_logits) <= 0)) / 2
    """,
)
