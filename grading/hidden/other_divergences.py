"""Hidden tests of *Other divergences* (``book/part2/other_divergences.ipynb``)."""

from grading import hidden_test


@hidden_test("divergences-w1-samples")
def test_w1_is_blind_to_order_and_measures_shifts(w1_empirical):
    import numpy as np

    rng = np.random.default_rng(12)
    a = rng.exponential(size=40)
    assert np.isclose(w1_empirical(a, a + 2.5), 2.5), "shifting a sample moves it by the shift"
    b = rng.normal(size=40)
    want = np.mean(np.abs(np.sort(a) - np.sort(b)))
    assert np.isclose(w1_empirical(rng.permutation(a), b), want) and np.isclose(w1_empirical(b, a), want)


@hidden_test("divergences-gaussian-jsd")
def test_gaussian_jsd_is_zero_symmetric_scale_free_and_saturates(gaussian_jsd):
    import numpy as np

    assert abs(gaussian_jsd(0.0, 0.3)) < 1e-6
    assert np.isclose(gaussian_jsd(0.7, 0.5), gaussian_jsd(-0.7, 0.5), atol=1e-5)
    assert np.isclose(gaussian_jsd(0.2, 0.1), gaussian_jsd(2.0, 1.0), atol=1e-5), "only theta / std matters"
    assert np.isclose(gaussian_jsd(5.0, 0.25), np.log(2), atol=1e-4), "far apart: log 2"


@hidden_test("divergences-hinge")
def test_hinge_loss_agrees_with_ganlib_on_random_scores(hinge_d_loss):
    import numpy as np

    import ganlib

    rng = np.random.default_rng(6)
    real, fake = rng.normal(0.5, 1.5, size=(30, 1)), rng.normal(-0.5, 1.5, size=(20, 1))
    assert np.isclose(hinge_d_loss(real, fake), float(ganlib.hinge_discriminator_loss(real, fake)), atol=1e-5)
    assert hinge_d_loss(np.array([1.0, 3.0]), np.array([-1.0, -2.0, -5.0])) == 0


@hidden_test("divergences-reverse-kl-conjugate")
def test_reverse_kl_conjugate_is_the_supremum(reverse_kl_conjugate):
    import numpy as np

    u = np.linspace(1e-3, 100.0, 400_001)
    for t in (-2.0, -0.5, -0.05):
        assert np.isclose(reverse_kl_conjugate(t), np.max(t * u + np.log(u)), atol=1e-4)
    t = -np.array([[0.2, 1.0], [4.0, 2.0]])
    assert np.shape(reverse_kl_conjugate(t)) == (2, 2)


MISTAKE = (
    "divergences-w1-samples",
    """
    def w1_empirical(a, b):
        return float(np.mean(np.abs(np.ravel(a) - np.ravel(b))))  # pairs in the given order, not sorted
    """,
)
