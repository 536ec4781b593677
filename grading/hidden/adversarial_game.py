"""Hidden tests of *The adversarial game* (``book/part2/adversarial_game.ipynb``)."""

from grading import hidden_test


@hidden_test("game-discriminator-gradient")
def test_value_gradient_against_finite_differences(value_gradient):
    import numpy as np

    rng = np.random.default_rng(5)
    x_real, x_fake = rng.normal(-1.0, 0.7, size=25), rng.normal(1.0, 2.0, size=15)

    def value(w, c):
        d_real, d_fake = 1 / (1 + np.exp(-(w * x_real + c))), 1 / (1 + np.exp(-(w * x_fake + c)))
        return np.mean(np.log(d_real)) + np.mean(np.log(1 - d_fake))

    w, c, h = 0.8, 0.3, 1e-6
    want = ((value(w + h, c) - value(w - h, c)) / (2 * h), (value(w, c + h) - value(w, c - h)) / (2 * h))
    got = value_gradient(w, c, x_real, x_fake)
    assert np.allclose([float(got[0]), float(got[1])], want, atol=1e-6)


@hidden_test("game-losses")
def test_minimax_game_is_zero_sum_and_the_non_saturating_one_is_not(game_losses):
    import numpy as np

    d_real = np.array([0.6, 0.95, 0.75, 0.8])
    sums, ns_sums = [], []
    for d_fake in (np.array([0.02, 0.4]), np.array([0.7, 0.9, 0.35])):
        d_loss, g_minimax, g_ns = (float(v) for v in game_losses(d_real, d_fake))
        assert np.isclose(g_ns, -np.mean(np.log(d_fake))) and g_ns > 0
        sums.append(d_loss + g_minimax)
        ns_sums.append(d_loss + g_ns)
    assert np.isclose(sums[0], sums[1]) and np.isclose(sums[0], -np.mean(np.log(d_real)))
    assert not np.isclose(ns_sums[0], ns_sums[1])


@hidden_test("game-gradient-sign")
def test_generator_gradient_against_finite_differences(generator_gradient):
    import numpy as np

    z = np.random.default_rng(8).normal(size=100)

    def loss(w, c, b):
        return np.mean(np.log(1 - 1 / (1 + np.exp(-(w * (z + b) + c)))))

    for w, c, b in [(0.7, 0.2, 0.5), (-2.0, 1.0, -0.3)]:
        want = (loss(w, c, b + 1e-6) - loss(w, c, b - 1e-6)) / 2e-6
        got = float(generator_gradient(w, c, b, z))
        assert np.isclose(got, want, atol=1e-6) and np.sign(got) == -np.sign(w)


MISTAKE = (
    "game-losses",
    """
    def game_losses(d_real, d_fake):
        v = np.mean(np.log(d_real)) + np.mean(np.log(1 - d_fake))
        return -v, -np.mean(np.log(1 - d_fake)), -np.mean(np.log(d_fake))  # minimax loss with the wrong sign
    """,
)
