import keras
import numpy as np
import pytest

import ganlib
from ganlib import theory

X = np.linspace(-12.0, 12.0, 4001)


def gauss(mean, std, x=X):
    return np.exp(-((x - mean) ** 2) / (2 * std**2)) / np.sqrt(2 * np.pi * std**2)


def test_optimal_discriminator_is_one_half_where_the_densities_are_equal():
    p = gauss(0.0, 1.0)
    assert np.allclose(theory.optimal_discriminator(p, p), 0.5)
    # Two Gaussians with equal spread cross half-way between their means.
    d = theory.optimal_discriminator(gauss(-1.0, 1.0), gauss(1.0, 1.0))
    assert d[len(X) // 2] == pytest.approx(0.5, abs=1e-12)
    assert np.all(np.diff(d) < 0)  # more real density on the left


def test_optimal_discriminator_by_hand_and_where_both_densities_vanish():
    d = theory.optimal_discriminator([3.0, 1.0, 0.0, 0.0], [1.0, 0.0, 2.0, 0.0])
    assert np.allclose(d, [0.75, 1.0, 0.0, 0.5])


def test_js_divergence_of_a_density_with_itself_is_zero():
    p = ganlib.gaussian_mixture_1d((-2.0, 1.0), 0.7, (0.3, 0.7)).pdf(X)
    assert theory.js_divergence(p, p, X) == pytest.approx(0.0, abs=1e-12)
    assert theory.kl_divergence(p, p, X) == pytest.approx(0.0, abs=1e-12)


def test_js_divergence_of_disjoint_supports_is_log_2():
    assert theory.js_divergence(gauss(-6.0, 0.3), gauss(6.0, 0.3), X) == pytest.approx(np.log(2), abs=1e-9)


def test_js_divergence_is_symmetric_and_kl_is_not():
    p, q = gauss(0.0, 1.0), gauss(1.0, 2.0)
    assert theory.js_divergence(p, q, X) == pytest.approx(theory.js_divergence(q, p, X), abs=1e-12)
    assert theory.kl_divergence(p, q, X) != pytest.approx(theory.kl_divergence(q, p, X), abs=1e-3)


def test_kl_divergence_of_two_gaussians_matches_the_closed_form():
    m1, s1, m2, s2 = 0.5, 1.0, -1.0, 1.5
    closed = np.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5
    assert theory.kl_divergence(gauss(m1, s1), gauss(m2, s2), X) == pytest.approx(closed, abs=1e-9)


def test_kl_divergence_is_infinite_where_q_misses_the_mass_of_p():
    assert theory.kl_divergence([1.0, 1.0], [1.0, 0.0], [0.0, 1.0]) == float("inf")


@pytest.mark.parametrize("seed", range(5))
def test_value_at_the_optimal_discriminator_is_minus_log_4_plus_twice_the_jsd(seed):
    rng = np.random.default_rng(seed)
    mixtures = [
        ganlib.gaussian_mixture_1d(
            tuple(rng.uniform(-4, 4, 3)), float(rng.uniform(0.3, 1.0)), tuple(rng.dirichlet(np.ones(3)))
        )
        for _ in range(2)
    ]
    p_data, p_g = (m.pdf(X).astype(np.float64) for m in mixtures)
    d_star = theory.optimal_discriminator(p_data, p_g)
    value = theory.value_function(d_star, p_data, p_g, X)
    assert value == pytest.approx(-np.log(4) + 2 * theory.js_divergence(p_data, p_g, X), abs=1e-6)
    # and no other discriminator does better
    for other in (np.full_like(X, 0.5), np.clip(d_star + 0.05, 0, 1), d_star**2):
        assert theory.value_function(other, p_data, p_g, X) < value


def test_value_function_with_a_constant_half_is_minus_log_4():
    p, q = gauss(0.0, 1.0), gauss(3.0, 1.0)
    assert theory.value_function(np.full_like(X, 0.5), p, q, X) == pytest.approx(-np.log(4), abs=1e-9)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: theory.optimal_discriminator([0.1, -0.2], [0.1, 0.1]), "p_data: expected a density"),
        (lambda: theory.optimal_discriminator([0.1, 0.2], [0.1]), "p_g: expected the shape"),
        (lambda: theory.js_divergence([1.0, 1.0], [1.0, 1.0], [1.0, 0.0]), "x: expected a strictly increasing"),
        (lambda: theory.kl_divergence([1.0, 1.0], [1.0, 1.0], [0.0, 1.0, 2.0]), "x: expected a grid of 2"),
        (
            lambda: theory.value_function([0.5, 1.5], [1.0, 1.0], [1.0, 1.0], [0.0, 1.0]),
            r"d: expected values in \[0, 1\]",
        ),
        (lambda: theory.js_divergence("abc", [1.0], [0.0]), "p: expected an array"),
        (lambda: theory.kl_divergence([np.nan, 1.0], [1.0, 1.0], [0.0, 1.0]), "p: expected finite values"),
    ],
)
def test_bad_input_raises_naming_the_parameter(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_train_discriminator_validates_its_input():
    disc = ganlib.mlp_discriminator(1, (4,))
    with pytest.raises(TypeError, match="discriminator: expected a keras.Model"):
        theory.train_discriminator("nope", np.zeros((4, 1)), np.zeros((4, 1)))
    with pytest.raises(ValueError, match="fake: expected samples of shape"):
        theory.train_discriminator(disc, np.zeros((4, 1)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match="steps: expected a positive integer"):
        theory.train_discriminator(disc, np.zeros((4, 1)), np.zeros((4, 1)), steps=0)


def test_a_trained_discriminator_approaches_the_optimal_one():
    keras.utils.set_random_seed(0)
    data, gen = ganlib.gaussian_mixture_1d((-1.0,), 1.0), ganlib.gaussian_mixture_1d((1.0,), 1.0)
    disc = ganlib.mlp_discriminator(1, (16,))
    losses = theory.train_discriminator(disc, data.sample(4000, seed=0), gen.sample(4000, seed=1), steps=400, seed=0)
    assert losses.shape == (400,) and np.all(np.isfinite(losses))
    assert losses[-50:].mean() < losses[:10].mean()
    grid = np.linspace(-2.0, 2.0, 41, dtype=np.float32)[:, None]
    d = 1 / (1 + np.exp(-disc(grid).numpy().ravel()))
    d_star = theory.optimal_discriminator(data.pdf(grid), gen.pdf(grid))  # = sigmoid(-2x)
    assert np.max(np.abs(d - d_star)) < 0.1


def test_js_divergence_stays_finite_where_a_density_underflows():
    x = np.linspace(-40.0, 40.0, 40001)
    value = theory.js_divergence(gauss(0.0, 1.0, x), gauss(12.0, 1.0, x), x)
    assert np.isfinite(value) and value == pytest.approx(np.log(2), abs=1e-6)
