import re

import keras
import numpy as np
import pytest
import tensorflow as tf

import ganlib


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_discriminator_loss_matches_binary_cross_entropy_by_hand():
    real = np.array([[2.0], [-1.0]], dtype=np.float32)
    fake = np.array([[0.5], [-3.0]], dtype=np.float32)
    by_hand = -np.mean(np.log(sigmoid(real))) - np.mean(np.log(1 - sigmoid(fake)))
    assert float(ganlib.discriminator_loss(real, fake)) == pytest.approx(by_hand, rel=1e-6)


def test_at_the_optimum_the_discriminator_loss_is_log_4():
    # D = 1/2 everywhere (logit 0): -log(1/2) - log(1/2) = log 4, i.e. V = -log 4.
    zeros = np.zeros((5, 1), dtype=np.float32)
    assert float(ganlib.discriminator_loss(zeros, zeros)) == pytest.approx(np.log(4), rel=1e-6)


def test_generator_losses_by_hand():
    fake = np.array([[1.5], [-0.5]], dtype=np.float32)
    assert float(ganlib.minimax_generator_loss(fake)) == pytest.approx(np.mean(np.log(1 - sigmoid(fake))), rel=1e-6)
    assert float(ganlib.non_saturating_generator_loss(fake)) == pytest.approx(-np.mean(np.log(sigmoid(fake))), rel=1e-6)


@pytest.mark.parametrize("name", ["minimax", "non_saturating"])
def test_generator_gradient_matches_finite_differences(name):
    loss = ganlib.get_loss(name).generator
    logits = tf.constant([[-2.0], [0.3], [1.7]], dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        value = loss(logits)
    grad = tape.gradient(value, logits).numpy()
    eps = 1e-6
    for i in range(3):
        step = np.zeros((3, 1))
        step[i] = eps
        numeric = (float(loss(logits + step)) - float(loss(logits - step))) / (2 * eps)
        assert grad[i, 0] == pytest.approx(numeric, rel=1e-5, abs=1e-9)


def test_minimax_generator_saturates_where_non_saturating_does_not():
    # A confident discriminator rejects the fakes: logit -8, D(G(z)) ~ 3e-4.
    logits = tf.constant([[-8.0]])
    grads = {}
    for name in ("minimax", "non_saturating"):
        with tf.GradientTape() as tape:
            tape.watch(logits)
            value = ganlib.get_loss(name).generator(logits)
        grads[name] = abs(float(tape.gradient(value, logits)[0, 0]))
    assert grads["minimax"] < 1e-3 < 0.99 < grads["non_saturating"]


def test_unknown_loss_name_lists_the_known_ones():
    with pytest.raises(ValueError, match=re.escape(f"loss: expected one of {list(ganlib.LOSSES)}, got 'wgan'")):
        ganlib.get_loss("wgan")
    with pytest.raises(TypeError, match="loss: expected one of"):
        ganlib.get_loss(3)


def test_wasserstein_losses_by_hand():
    real = np.array([[2.0], [-1.0], [0.5]], dtype=np.float32)
    fake = np.array([[0.5], [-3.0]], dtype=np.float32)
    # critic: E[f(fake)] - E[f(real)] = -1.25 - 0.5
    assert float(ganlib.wasserstein_critic_loss(real, fake)) == pytest.approx(-1.75, rel=1e-6)
    assert float(ganlib.wasserstein_generator_loss(fake)) == pytest.approx(1.25, rel=1e-6)


def test_hinge_losses_by_hand():
    real = np.array([[2.0], [0.5], [-1.0]], dtype=np.float32)
    fake = np.array([[-3.0], [0.0], [0.5]], dtype=np.float32)
    # relu(1 - real) = [0, 0.5, 2] -> 2.5/3; relu(1 + fake) = [0, 1, 1.5] -> 2.5/3
    assert float(ganlib.hinge_discriminator_loss(real, fake)) == pytest.approx(5 / 3, rel=1e-6)
    assert float(ganlib.hinge_generator_loss(fake)) == pytest.approx(2.5 / 3, rel=1e-6)
    # Outside the margin nothing is paid: the discriminator is done with these samples.
    assert float(ganlib.hinge_discriminator_loss(real[:1] + 5, fake[:1])) == 0.0


def test_new_losses_are_registered_by_name():
    assert ganlib.get_loss("hinge").discriminator is ganlib.hinge_discriminator_loss
    assert ganlib.get_loss("wasserstein").generator is ganlib.wasserstein_generator_loss
    assert {"wasserstein", "hinge"} <= set(ganlib.LOSSES)
    for name, loss in ganlib.LOSSES.items():
        assert loss.name == name and ganlib.get_loss(name) is loss


# At outputs of -100 and 100 every loss and its gradients stay finite. The discriminator's loss of the
# cross-entropy losses is 100 (each side is wrong on one of its two samples); the critic's Wasserstein
# loss is 0 (the means cancel); the hinge loss pays (101 + 0) / 2 on each side.
@pytest.mark.parametrize(
    "name, want_d", [("minimax", 100.0), ("non_saturating", 100.0), ("wasserstein", 0.0), ("hinge", 101.0)]
)
def test_losses_stay_finite_with_their_gradients_at_extreme_outputs(name, want_d):
    loss = ganlib.get_loss(name)
    outputs = tf.constant([[-100.0], [100.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(outputs)
        d = loss.discriminator(outputs, outputs)
        g = loss.generator(outputs)
    for value in (d, g, tape.gradient(d, outputs), tape.gradient(g, outputs)):
        assert np.all(np.isfinite(value.numpy()))
    assert float(d) == pytest.approx(want_d, rel=1e-4, abs=1e-4)


@pytest.mark.parametrize("name", ["wasserstein", "hinge"])
def test_score_losses_gradients_match_finite_differences(name):
    loss = ganlib.get_loss(name)
    # Away from the hinge's kinks at +-1, where the derivative is defined.
    real = tf.constant([[-2.0], [0.3], [1.7]], dtype=tf.float64)
    fake = tf.constant([[-1.6], [0.2]], dtype=tf.float64)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([real, fake])
        d = loss.discriminator(real, fake)
        g = loss.generator(fake)
    eps = 1e-6
    for fn, wrt, grad in (
        (lambda r: loss.discriminator(r, fake), real, tape.gradient(d, real)),
        (lambda f: loss.discriminator(real, f), fake, tape.gradient(d, fake)),
        (lambda f: loss.generator(f), fake, tape.gradient(g, fake)),
    ):
        for i in range(wrt.shape[0]):
            step = np.zeros(wrt.shape)
            step[i] = eps
            numeric = (float(fn(wrt + step)) - float(fn(wrt - step))) / (2 * eps)
            assert grad.numpy()[i, 0] == pytest.approx(numeric, rel=1e-5, abs=1e-9)


def test_hinge_gradient_is_zero_outside_the_margin():
    real = tf.constant([[3.0]])
    fake = tf.constant([[-3.0]])
    with tf.GradientTape() as tape:
        tape.watch([real, fake])
        d = ganlib.hinge_discriminator_loss(real, fake)
    grads = tape.gradient(d, [real, fake])
    assert float(grads[0][0, 0]) == 0.0 and float(grads[1][0, 0]) == 0.0


def linear_critic(weights):
    """f(x) = w . x, as a Keras model (no bias)."""
    w = np.asarray(weights, dtype="float32")
    layer = keras.layers.Dense(1, use_bias=False)
    model = keras.Sequential([keras.Input((len(w),)), layer])
    layer.set_weights([w.reshape(-1, 1)])
    return model


def test_gradient_penalty_is_zero_for_a_unit_slope_linear_critic():
    critic = linear_critic([0.6, 0.8])  # |w| = 1: 1-Lipschitz with gradient norm 1 everywhere
    rng = np.random.default_rng(0)
    real, fake = rng.normal(size=(64, 2)).astype("float32"), rng.normal(size=(64, 2)).astype("float32")
    assert float(ganlib.gradient_penalty(critic, real, fake, seed=0)) == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("weights", [[3.0, 4.0], [0.1, 0.0, 0.2], [0.0, 0.0]])
def test_gradient_penalty_of_a_linear_critic_is_its_slope_minus_one_squared(weights):
    critic = linear_critic(weights)
    rng = np.random.default_rng(1)
    real = rng.normal(size=(16, len(weights))).astype("float32")
    fake = rng.normal(size=(16, len(weights))).astype("float32")
    expected = (np.linalg.norm(weights) - 1.0) ** 2
    assert float(ganlib.gradient_penalty(critic, real, fake, seed=0)) == pytest.approx(expected, rel=1e-4, abs=1e-5)


def test_gradient_penalty_interpolates_between_real_and_fake():
    # f(x) = |x|^2 / 2 has gradient x: at x_hat = a*real + (1-a)*fake with real = 2, fake = 0
    # (one coordinate), the norm is 2a, so the penalty is E[(2a - 1)^2] = 1/3 for a ~ U[0, 1].
    inputs = keras.Input((1,))
    critic = keras.Model(
        inputs, keras.layers.Lambda(lambda x: 0.5 * keras.ops.sum(x * x, axis=1, keepdims=True))(inputs)
    )
    real, fake = np.full((20_000, 1), 2.0, "float32"), np.zeros((20_000, 1), "float32")
    assert float(ganlib.gradient_penalty(critic, real, fake, seed=0)) == pytest.approx(1 / 3, abs=0.01)


def test_gradient_penalty_is_differentiable_with_respect_to_the_critic():
    critic = linear_critic([3.0, 4.0])
    rng = np.random.default_rng(2)
    real, fake = rng.normal(size=(8, 2)).astype("float32"), rng.normal(size=(8, 2)).astype("float32")
    with tf.GradientTape() as tape:
        penalty = ganlib.gradient_penalty(critic, real, fake, seed=0)
    (grad,) = tape.gradient(penalty, critic.trainable_weights)
    # d/dw (|w| - 1)^2 = 2 (|w| - 1) w / |w| = 2 * 4 * (0.6, 0.8)
    np.testing.assert_allclose(grad.numpy().ravel(), [4.8, 6.4], rtol=1e-4)


def test_label_smoothing_moves_the_optimal_discriminator_to_one_minus_the_smoothing():
    loss = ganlib.label_smoothed("non_saturating", 0.1)
    assert loss.generator is ganlib.non_saturating_generator_loss
    # With real and fake data that D can tell apart, the real logit minimising the loss
    # gives D = 0.9, not 1: minimise over a grid of logits.
    logits = np.linspace(-6, 6, 121)
    values = [float(loss.discriminator(tf.constant([[float(v)]]), tf.constant([[-20.0]]))) for v in logits]
    best = logits[int(np.argmin(values))]
    assert 1 / (1 + np.exp(-best)) == pytest.approx(0.9, abs=0.01)
    # The smoothing lies in (0, 1), and only cross-entropy losses have labels to smooth.
    with pytest.raises(ValueError, match="^smoothing"):
        ganlib.label_smoothed("non_saturating", 1.0)
    with pytest.raises(ValueError, match="^loss: expected a cross-entropy loss"):
        ganlib.label_smoothed("hinge", 0.1)


def test_unsmoothed_discriminator_loss_is_unchanged_by_a_real_target_of_one():
    real, fake = tf.constant([[0.3], [-1.2]]), tf.constant([[0.5]])
    assert float(ganlib.discriminator_loss(real, fake, real_target=1.0)) == pytest.approx(
        float(ganlib.discriminator_loss(real, fake))
    )
