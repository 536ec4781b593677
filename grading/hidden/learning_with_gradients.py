"""Hidden tests of *Learning with gradients* (``book/part1/learning_with_gradients.ipynb``)."""

from grading import hidden_test


@hidden_test("gradients-sigmoid-derivative")
def test_sigmoid_derivative_against_finite_differences(sigmoid_derivative_from_output):
    import numpy as np

    z = np.random.default_rng(11).normal(0.0, 3.0, size=(4, 5))
    sigmoid = lambda t: 1 / (1 + np.exp(-t))  # noqa: E731
    slope = (sigmoid(z + 1e-6) - sigmoid(z - 1e-6)) / 2e-6
    got = np.asarray(sigmoid_derivative_from_output(sigmoid(z)))
    assert got.shape == z.shape and np.allclose(got, slope, atol=1e-8), "element-wise, any shape"
    assert np.allclose(sigmoid_derivative_from_output(np.array([0.0, 0.5, 1.0])), [0.0, 0.25, 0.0])


@hidden_test("gradients-neuron-step")
def test_neuron_step_from_zero_weights_and_its_loss(neuron_step):
    import numpy as np

    x = np.array([1.0, -2.0, 0.5, 3.0])
    for y in (0.0, 1.0):
        new_w, new_b = neuron_step(np.zeros(4), 0.0, x, y, 0.1)
        assert np.allclose(new_w, -0.1 * (0.5 - y) * x) and np.isclose(new_b, -0.1 * (0.5 - y))
    w, b = np.array([0.3, 0.1, -0.2, 0.4]), -0.5
    loss = lambda w, b: np.log1p(np.exp(-(w @ x + b)))  # noqa: E731  (cross-entropy for y = 1)
    new_w, new_b = neuron_step(w, b, x, 1.0, 0.01)
    assert loss(np.asarray(new_w), float(new_b)) < loss(w, b), "a small step lowers the loss"


@hidden_test("gradients-hebbian-growth")
def test_hebbian_pass_in_order_on_two_rows(hebbian_pass):
    import numpy as np

    x = np.array([[1.0, 0.0], [1.0, 1.0]])
    w = np.array([1.0, 1.0])
    after_first = w + 0.1 * 1.0 * x[0]  # y = 1
    want = after_first + 0.1 * (after_first @ x[1]) * x[1]  # y = 2.1
    assert np.allclose(hebbian_pass(w.copy(), x, 0.1), want)
    assert np.allclose(hebbian_pass(w.copy(), x, 0.0), w)


MISTAKE = (
    "gradients-neuron-step",
    """
    def neuron_step(w, b, x, y, lr):
        p = 1 / (1 + np.exp(-(np.dot(w, x) + b)))
        return w + lr * (p - y) * np.asarray(x), b + lr * (p - y)  # up the gradient, not down
    """,
)
