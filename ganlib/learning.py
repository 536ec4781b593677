"""Learning: backpropagation by hand, numerical gradients, Hebbian learning and simple models.

The pieces of Part I's chapters "Learning with gradients" and "Generative vs
discriminative models":

- :func:`init_tiny_mlp` and :func:`mlp_forward_backward`: a one-hidden-layer
  network in NumPy whose gradients are written out with the chain rule;
- :func:`numerical_gradient`: central finite differences, to check any gradient;
- :func:`oja_rule`: Oja's normalised Hebbian rule, which finds the first
  principal component of its inputs;
- :class:`GaussianClassModel`: class-conditional Gaussians, a generative
  classifier that can also sample;
- :func:`inverse_cdf`: invert a monotone CDF by bisection, for inverse-transform
  sampling.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from . import _validate
from ._numeric import sigmoid

ACTIVATIONS = ("tanh", "sigmoid")
PARAM_NAMES = ("W1", "b1", "W2", "b2")


def init_tiny_mlp(n_inputs: int = 2, n_hidden: int = 3, seed: int | None = 0) -> dict[str, np.ndarray]:
    """Random float64 parameters of a network ``n_inputs -> n_hidden -> 1``.

    Weights are drawn from a normal distribution with standard deviation
    ``1 / sqrt(fan_in)``; biases are small random numbers (not zero, so that a
    gradient check also exercises them).

    Returns:
        ``{"W1": (n_inputs, n_hidden), "b1": (n_hidden,), "W2": (n_hidden, 1), "b2": (1,)}``.
    """
    n_inputs = _validate.positive_int("n_inputs", n_inputs)
    n_hidden = _validate.positive_int("n_hidden", n_hidden)
    rng = np.random.default_rng(_validate.optional_seed("seed", seed))
    return {
        "W1": rng.normal(scale=1 / np.sqrt(n_inputs), size=(n_inputs, n_hidden)),
        "b1": rng.normal(scale=0.1, size=n_hidden),
        "W2": rng.normal(scale=1 / np.sqrt(n_hidden), size=(n_hidden, 1)),
        "b2": rng.normal(scale=0.1, size=1),
    }


def _check_params(params: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    if not isinstance(params, Mapping):
        raise TypeError(f"params: expected a dict with keys {list(PARAM_NAMES)}, got {type(params).__name__}")
    if set(params) != set(PARAM_NAMES):
        raise ValueError(f"params: expected a dict with keys {list(PARAM_NAMES)}, got {sorted(params)}")
    p = {key: _validate.float_array(f"params[{key!r}]", params[key], dtype=np.float64) for key in PARAM_NAMES}
    n_in, n_hidden = p["W1"].shape if p["W1"].ndim == 2 else (None, None)
    expected = {"W1": (n_in, n_hidden), "b1": (n_hidden,), "W2": (n_hidden, 1), "b2": (1,)}
    for key, shape in expected.items():
        if n_in is None or p[key].shape != shape:
            raise ValueError(
                f"params[{key!r}]: expected shapes W1 (n_in, n_hidden), b1 (n_hidden,), W2 (n_hidden, 1), "
                f"b2 (1,); got {key} of shape {p[key].shape}"
            )
    return p


def mlp_forward_backward(
    params: Mapping[str, np.ndarray], x: np.ndarray, y: np.ndarray, activation: str = "tanh"
) -> tuple[float, dict[str, np.ndarray]]:
    """Loss and gradients of a one-hidden-layer binary classifier, by backpropagation in NumPy.

    The network and its loss (mean binary cross-entropy over the batch of ``n``)::

        z1 = x @ W1 + b1,  h = act(z1),  z2 = h @ W2 + b2,  p = sigmoid(z2)
        L  = -mean(y * log(p) + (1 - y) * log(1 - p))

    and the backward pass, one chain-rule step per line::

        dL/dz2 = (p - y) / n
        dL/dW2 = h.T @ dL/dz2            dL/db2 = sum(dL/dz2)
        dL/dh  = dL/dz2 @ W2.T
        dL/dz1 = dL/dh * act'(z1)        (tanh' = 1 - h**2, sigmoid' = h * (1 - h))
        dL/dW1 = x.T @ dL/dz1            dL/db1 = sum(dL/dz1)

    Args:
        params: ``{"W1", "b1", "W2", "b2"}`` as made by :func:`init_tiny_mlp`.
        x: inputs, shape ``(n, n_inputs)``.
        y: labels in {0, 1} (or probabilities in [0, 1]), shape ``(n,)`` or ``(n, 1)``.
        activation: the hidden units' nonlinearity, ``"tanh"`` or ``"sigmoid"``.

    Returns:
        ``(loss, grads)``: the loss as a float and a dict of gradients with the
        keys and shapes of ``params``, all in float64.
    """
    p = _check_params(params)
    activation = _validate.one_of("activation", activation, ACTIVATIONS)
    x = _validate.float_array("x", x, shape=(None, p["W1"].shape[0]), dtype=np.float64)
    y = _validate.float_array("y", y, value_range=(0, 1), dtype=np.float64).reshape(-1, 1)
    if len(y) != len(x):
        raise ValueError(f"y: expected {len(x)} labels, one per row of x, got {len(y)}")
    n = len(x)
    # forward pass
    z1 = x @ p["W1"] + p["b1"]
    h = np.tanh(z1) if activation == "tanh" else sigmoid(z1)
    z2 = h @ p["W2"] + p["b2"]
    prob = sigmoid(z2)
    # -[y log p + (1-y) log(1-p)] = softplus(z2) - y z2, computed stably from the logit z2
    loss = float(np.mean(np.logaddexp(0.0, z2) - y * z2))
    # backward pass
    d_z2 = (prob - y) / n
    d_W2 = h.T @ d_z2
    d_b2 = d_z2.sum(axis=0)
    d_h = d_z2 @ p["W2"].T
    d_z1 = d_h * ((1.0 - h**2) if activation == "tanh" else h * (1.0 - h))
    d_W1 = x.T @ d_z1
    d_b1 = d_z1.sum(axis=0)
    return loss, {"W1": d_W1, "b1": d_b1, "W2": d_W2, "b2": d_b2}


def numerical_gradient(
    f: Callable[[dict[str, np.ndarray]], float], params: Mapping[str, np.ndarray] | np.ndarray, eps: float = 1e-6
) -> dict[str, np.ndarray] | np.ndarray:
    """The gradient of a scalar function by central finite differences.

    Each entry is ``(f(theta + eps e_i) - f(theta - eps e_i)) / (2 eps)``, whose
    error is of order ``eps**2`` (plus rounding error of order ``1e-16 / eps``).

    Args:
        f: a function of ``params`` (same structure) returning a number.
        params: a dict of float arrays, or a single float array.
        eps: the step, > 0.

    Returns:
        An array (or dict of arrays) shaped like ``params``, in float64.
    """
    if not callable(f):
        raise TypeError(f"f: expected a function of params returning a number, got {type(f).__name__}")
    eps = _validate.positive_float("eps", eps)
    single = not isinstance(params, Mapping)
    named = {"x": params} if single else dict(params)
    point = {}
    for key, value in named.items():
        name = f"params[{key!r}]" if not single else "params"
        point[key] = _validate.float_array(name, value, dtype=np.float64).copy()  # a copy: perturbed in place

    def evaluate() -> float:
        value = f(point["x"] if single else point)
        if isinstance(value, tuple):  # allow f = mlp_forward_backward-style (loss, grads)
            value = value[0]
        return float(value)

    grads = {}
    for key, array in point.items():
        grad = np.zeros_like(array)
        flat, gflat = array.reshape(-1), grad.reshape(-1)
        for i in range(flat.size):
            saved = flat[i]
            flat[i] = saved + eps
            up = evaluate()
            flat[i] = saved - eps
            down = evaluate()
            flat[i] = saved
            gflat[i] = (up - down) / (2 * eps)
        grads[key] = grad
    return grads["x"] if single else grads


def oja_rule(x: np.ndarray, lr: float = 0.01, epochs: int = 20, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Train one linear neuron ``y = w . x`` with Oja's rule (Oja, 1982).

    For every input (in a fresh random order each epoch)::

        y = w . x
        w <- w + lr * y * (x - y * w)

    The first term, ``lr * y * x``, is Hebb's rule; the second, ``-lr * y**2 * w``,
    keeps ``|w|`` near 1. For centred inputs and a small learning rate ``w``
    converges to a unit eigenvector of the input covariance with the largest
    eigenvalue (the first principal component), up to its sign.

    Args:
        x: inputs, shape ``(n, d)``; centre them first (subtract the mean).
        lr: the learning rate, > 0.
        epochs: passes over the data.
        seed: seeds the initial weights and the order of the inputs.

    Returns:
        ``(w, history)``: the final weights, shape ``(d,)``, and the weights
        before training and after every epoch, shape ``(epochs + 1, d)``.
    """
    x = _validate.float_array("x", x, ndim=2, dtype=np.float64)
    lr = _validate.positive_float("lr", lr)
    epochs = _validate.positive_int("epochs", epochs)
    seed = _validate.optional_seed("seed", seed)
    rng = np.random.default_rng(seed)
    w = rng.normal(size=x.shape[1])
    w /= np.linalg.norm(w)
    history = [w.copy()]
    for _ in range(epochs):
        for i in rng.permutation(len(x)):
            y = w @ x[i]
            w += lr * y * (x[i] - y * w)
        if not np.all(np.isfinite(w)):
            raise FloatingPointError(f"lr: the weights diverged with lr={lr:g}; use a smaller learning rate")
        history.append(w.copy())
    return w, np.array(history)


class GaussianClassModel:
    """A generative classifier: one Gaussian per class, fitted by maximum likelihood.

    It models the joint density ``p(x, y) = p(y) p(x | y)`` with
    ``p(x | y = k) = N(x; mean_k, diag(var_k))``, so it can both classify, through
    Bayes' rule ``p(y | x) = p(y) p(x | y) / sum_k p(k) p(x | k)``, and sample
    new points ``(x, y)``.

    Attributes (after :meth:`fit`):
        priors: class frequencies ``p(y = k)``, shape ``(k,)``.
        means: class means, shape ``(k, d)``.
        variances: per-class, per-axis variances, shape ``(k, d)`` (maximum
            likelihood: divided by the class count, not count - 1).
    """

    def __init__(self) -> None:
        self.priors: np.ndarray | None = None
        self.means: np.ndarray | None = None
        self.variances: np.ndarray | None = None

    def __repr__(self) -> str:
        if self.priors is None:
            return "GaussianClassModel(not fitted)"
        return f"GaussianClassModel({len(self.priors)} classes in {self.means.shape[1]}-D)"

    @staticmethod
    def _points(x: np.ndarray, name: str = "x") -> np.ndarray:
        x = _validate.float_array(name, x, dtype=np.float64)
        return x[:, np.newaxis] if x.ndim == 1 else x

    def fit(self, x: np.ndarray, y: np.ndarray) -> GaussianClassModel:
        """Fit priors, means and variances of each class from points ``x`` (``(n,)`` or ``(n, d)``) and labels ``y``."""
        x = self._points(x)
        if x.ndim != 2:
            raise ValueError(f"x: expected shape (n,) or (n, d), got {x.shape}")
        labels = np.asarray(y)
        if labels.shape != (len(x),) or not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0:
            raise ValueError(
                f"y: expected {len(x)} integer class labels 0, 1, ..., got shape {labels.shape}, dtype {labels.dtype}"
            )
        classes = int(labels.max()) + 1
        counts = np.bincount(labels, minlength=classes)
        if np.any(counts < 2):
            raise ValueError(f"y: every class 0..{classes - 1} needs at least 2 points, got counts {counts.tolist()}")
        self.priors = counts / len(x)
        self.means = np.stack([x[labels == k].mean(axis=0) for k in range(classes)])
        self.variances = np.stack([x[labels == k].var(axis=0) for k in range(classes)])
        return self

    def _fitted(self) -> None:
        if self.priors is None:
            raise RuntimeError("GaussianClassModel: call fit(x, y) first")

    def log_joint(self, x: np.ndarray) -> np.ndarray:
        """``log p(x, y = k)`` for every point and class, shape ``(n, k)``."""
        self._fitted()
        x = self._points(x)
        if x.ndim != 2 or x.shape[1] != self.means.shape[1]:
            raise ValueError(f"x: expected shape (n, {self.means.shape[1]}), got {x.shape}")
        diff = x[:, np.newaxis, :] - self.means[np.newaxis]
        log_px = -0.5 * (diff**2 / self.variances + np.log(2 * np.pi * self.variances)).sum(axis=-1)
        return log_px + np.log(self.priors)

    def pdf(self, x: np.ndarray) -> np.ndarray:
        """The model's density of the data, ``p(x) = sum_k p(k) p(x | k)``, shape ``(n,)``."""
        return np.exp(self.log_joint(x)).sum(axis=1)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """``p(y = k | x)`` by Bayes' rule, shape ``(n, k)``; rows sum to 1."""
        log_joint = self.log_joint(x)
        log_joint -= log_joint.max(axis=1, keepdims=True)
        joint = np.exp(log_joint)
        return joint / joint.sum(axis=1, keepdims=True)

    def sample(self, n: int, seed: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``n`` new pairs: ``y ~ p(y)``, then ``x ~ p(x | y)``. Returns ``(x, y)``, ``x`` of shape ``(n, d)``."""
        self._fitted()
        n = _validate.positive_int("n", n)
        rng = np.random.default_rng(_validate.optional_seed("seed", seed))
        y = rng.choice(len(self.priors), size=n, p=self.priors)
        x = rng.normal(self.means[y], np.sqrt(self.variances[y]))
        return x, y


def inverse_cdf(
    cdf: Callable[[np.ndarray], np.ndarray], u: np.ndarray, low: float, high: float, tol: float = 1e-10
) -> np.ndarray:
    """Solve ``cdf(x) = u`` for every ``u`` by bisection on ``[low, high]``.

    With ``u`` uniform on (0, 1), the result is a sample of the distribution
    whose CDF is ``cdf`` (inverse-transform sampling).

    Args:
        cdf: a non-decreasing function, vectorised over NumPy arrays.
        u: probabilities in [0, 1], any shape.
        low, high: an interval that contains the solutions (``cdf(low) <= u <= cdf(high)``).
        tol: the width of the final bracket, > 0.
    """
    if not callable(cdf):
        raise TypeError(f"cdf: expected a function, got {type(cdf).__name__}")
    _validate.float_array("u", u, value_range=(0, 1))
    u = np.asarray(u, dtype=np.float64)
    tol = _validate.positive_float("tol", tol)
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"low, high: expected finite numbers with low < high, got {low}, {high}")
    a = np.full(u.shape, float(low))
    b = np.full(u.shape, float(high))
    if np.any(cdf(a) > u) or np.any(cdf(b) < u):
        raise ValueError(f"low, high: [{low}, {high}] does not bracket every u; widen the interval")
    while np.max(b - a) > tol:
        mid = 0.5 * (a + b)
        below = cdf(mid) < u
        a = np.where(below, mid, a)
        b = np.where(below, b, mid)
    return 0.5 * (a + b)
