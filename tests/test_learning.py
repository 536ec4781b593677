import numpy as np
import pytest
import tensorflow as tf

import ganlib


def tape_gradients(params, x, y, activation="tanh"):
    """The same network and loss as mlp_forward_backward, differentiated by TensorFlow."""
    variables = {k: tf.Variable(v, dtype=tf.float64) for k, v in params.items()}
    x = tf.constant(x, dtype=tf.float64)
    y = tf.constant(np.reshape(y, (-1, 1)), dtype=tf.float64)
    act = tf.tanh if activation == "tanh" else tf.sigmoid
    with tf.GradientTape() as tape:
        h = act(x @ variables["W1"] + variables["b1"])
        logits = h @ variables["W2"] + variables["b2"]
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    grads = tape.gradient(loss, variables)
    return float(loss), {k: g.numpy() for k, g in grads.items()}


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_hand_backprop_matches_gradient_tape_and_finite_differences(activation):
    rng = np.random.default_rng(1)
    params = ganlib.init_tiny_mlp(2, 3, seed=1)
    x = rng.normal(size=(7, 2))
    y = rng.integers(0, 2, size=7)
    loss, grads = ganlib.mlp_forward_backward(params, x, y, activation)
    tape_loss, tape_grads = tape_gradients(params, x, y, activation)
    assert abs(loss - tape_loss) < 1e-12
    numeric = ganlib.numerical_gradient(lambda p: ganlib.mlp_forward_backward(p, x, y, activation)[0], params)
    for key in params:
        assert grads[key].shape == params[key].shape
        np.testing.assert_allclose(grads[key], tape_grads[key], rtol=0, atol=1e-6)
        np.testing.assert_allclose(grads[key], numeric[key], rtol=0, atol=1e-7)


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = ganlib.numerical_gradient(lambda a: np.sum(np.sin(a) * a**2), x, eps=1e-5)
    np.testing.assert_allclose(grad, np.cos(x) * x**2 + 2 * x * np.sin(x), atol=1e-8)
    assert grad.dtype == np.float64
    named = ganlib.numerical_gradient(
        lambda p: float(p["a"] @ p["b"]), {"a": np.array([1.0, 2.0]), "b": np.array([3.0, -1.0])}
    )
    np.testing.assert_allclose(named["a"], [3.0, -1.0], atol=1e-8)
    np.testing.assert_allclose(named["b"], [1.0, 2.0], atol=1e-8)


def test_oja_rule_converges_to_the_top_eigenvector():
    rng = np.random.default_rng(0)
    cov = np.array([[3.0, 1.2], [1.2, 1.0]])
    x = rng.multivariate_normal([0, 0], cov, size=2000)
    x -= x.mean(axis=0)
    w, history = ganlib.oja_rule(x, lr=0.001, epochs=10, seed=0)
    values, vectors = np.linalg.eigh(np.cov(x.T))
    top = vectors[:, np.argmax(values)]
    assert history.shape == (11, 2)
    assert abs(np.linalg.norm(w) - 1) < 0.02
    assert 1 - abs(w @ top) / np.linalg.norm(w) < 1e-3  # |cos angle| > 0.999


def test_mnist_classifier_outputs_ten_logits():
    for architecture in ("mlp", "cnn"):
        model = ganlib.mnist_classifier(architecture, hidden=16)
        out = model(np.zeros((3, 28, 28, 1), dtype=np.float32))
        assert out.shape == (3, 10)
        assert model.layers[-1].activation.__name__ == "linear"


def test_gaussian_class_model_recovers_a_known_mixture_and_samples():
    rng = np.random.default_rng(0)
    y = (rng.random(20000) < 0.3).astype(int)
    x = np.where(y == 1, rng.normal(2.0, 0.5, size=y.size), rng.normal(-1.0, 1.0, size=y.size))
    model = ganlib.GaussianClassModel().fit(x, y)
    np.testing.assert_allclose(model.priors, [0.7, 0.3], atol=0.01)
    np.testing.assert_allclose(model.means.ravel(), [-1.0, 2.0], atol=0.03)
    np.testing.assert_allclose(np.sqrt(model.variances.ravel()), [1.0, 0.5], atol=0.03)
    posterior = model.predict_proba(np.array([0.5]))

    def normal(t, m, s):
        return np.exp(-0.5 * ((t - m) / s) ** 2) / (s * np.sqrt(2 * np.pi))

    want = 0.3 * normal(0.5, 2, 0.5) / (0.3 * normal(0.5, 2, 0.5) + 0.7 * normal(0.5, -1, 1))
    assert abs(posterior[0, 1] - want) < 0.02
    np.testing.assert_allclose(posterior.sum(axis=1), 1.0)
    samples, labels = model.sample(5000, seed=1)
    assert samples.shape == (5000, 1) and abs(labels.mean() - 0.3) < 0.02


def test_inverse_cdf_samples_an_exponential():
    u = np.linspace(0.01, 0.99, 50)
    x = ganlib.inverse_cdf(lambda t: 1 - np.exp(-2 * t), u, 0.0, 50.0)
    np.testing.assert_allclose(x, -np.log(1 - u) / 2, atol=1e-8)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: ganlib.init_tiny_mlp(0, 3), ValueError, "n_inputs: expected a positive integer"),
        (
            lambda: ganlib.mlp_forward_backward({"W1": np.ones((2, 3))}, np.ones((1, 2)), [1]),
            ValueError,
            "params: expected a dict",
        ),
        (
            lambda: ganlib.mlp_forward_backward([np.ones((2, 3))], np.ones((1, 2)), [1]),
            TypeError,
            "params: expected a dict with keys",
        ),
        (lambda: ganlib.init_tiny_mlp(seed=-1), ValueError, "seed: expected None or an integer >= 0, got -1"),
        (lambda: ganlib.oja_rule(np.ones((5, 2)), seed="0"), TypeError, "seed: expected None or an integer, got str"),
        (
            lambda: ganlib.mlp_forward_backward(ganlib.init_tiny_mlp(), np.ones((4, 3)), np.ones(4)),
            ValueError,
            r"x: expected shape \(any, 2\)",
        ),
        (
            lambda: ganlib.mlp_forward_backward(ganlib.init_tiny_mlp(), np.ones((4, 2)), np.full(4, 2.0)),
            ValueError,
            r"y: expected values in \[0, 1\]",
        ),
        (
            lambda: ganlib.mlp_forward_backward(ganlib.init_tiny_mlp(), np.ones((4, 2)), np.ones(3)),
            ValueError,
            "y: expected 4 labels",
        ),
        (
            lambda: ganlib.mlp_forward_backward(ganlib.init_tiny_mlp(), np.ones((4, 2)), np.ones(4), "relu"),
            ValueError,
            "activation: expected one of",
        ),
        (lambda: ganlib.numerical_gradient("f", np.ones(2)), TypeError, "f: expected a function"),
        (lambda: ganlib.numerical_gradient(np.sum, np.ones(2), eps=0), ValueError, "eps: expected a finite number > 0"),
        (lambda: ganlib.oja_rule(np.ones(5)), ValueError, "x: expected a 2-D array"),
        (lambda: ganlib.oja_rule(np.ones((5, 2)), lr=-1.0), ValueError, "lr: expected a finite number > 0"),
        (lambda: ganlib.mnist_classifier("rnn"), ValueError, "architecture: expected one of"),
        (lambda: ganlib.GaussianClassModel().fit(np.ones(4), np.array([0, 0, 0, 1])), ValueError, "y: every class"),
        (lambda: ganlib.GaussianClassModel().predict_proba(np.ones(3)), RuntimeError, "call fit"),
        (lambda: ganlib.inverse_cdf(np.tanh, np.array([1.5]), 0.0, 1.0), ValueError, r"u: expected values in \[0, 1\]"),
        (lambda: ganlib.inverse_cdf(lambda t: t, np.array([0.5]), 0.6, 1.0), ValueError, "low, high"),
    ],
)
def test_bad_inputs_fail_at_once(call, error, message):
    with pytest.raises(error, match=message):
        call()
