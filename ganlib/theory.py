r"""Theory: the optimal discriminator, divergences and the value function on a grid.

The results of Goodfellow et al. (2014) are statements about densities: for a
fixed generator with density :math:`p_g`, the best discriminator is
:math:`D^*(x) = p_\text{data}(x) / (p_\text{data}(x) + p_g(x))`, and the value of
the game at :math:`D^*` is :math:`-\log 4 + 2\,\mathrm{JSD}(p_\text{data} \| p_g)`.
In one dimension all of these can be computed to many digits by numerical
integration on a grid, which is what this module does, so that a notebook can
check the theory against a trained network.

Densities are passed as arrays of their values on a grid ``x`` (1-D, strictly
increasing); integrals use the trapezoidal rule. Logarithms are natural, so
divergences are in nats and :math:`\mathrm{JSD} \le \log 2`.
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import tensorflow as tf

from . import _validate
from .losses import discriminator_loss


def _density(name: str, value: Any, like: np.ndarray | None = None) -> np.ndarray:
    _validate.float_array(name, value, ndim=1)  # raises, naming the parameter, on bad input
    array = np.asarray(value, dtype=np.float64)  # float64: the integrals are compared to 1e-6 and better
    if np.any(array < 0):
        raise ValueError(f"{name}: expected a density (values >= 0), got a minimum of {array.min():g}")
    if like is not None and array.shape != like.shape:
        raise ValueError(f"{name}: expected the shape {like.shape} of the other density, got {array.shape}")
    return array


def _grid(x: Any, n: int) -> np.ndarray:
    _validate.float_array("x", x, ndim=1, min_length=2)
    grid = np.asarray(x, dtype=np.float64)
    if grid.shape != (n,):
        raise ValueError(f"x: expected a grid of {n} points, one per density value, got shape {grid.shape}")
    if np.any(np.diff(grid) <= 0):
        raise ValueError("x: expected a strictly increasing grid")
    return grid


def optimal_discriminator(p_data: Any, p_g: Any) -> np.ndarray:
    r"""The optimal discriminator :math:`D^*(x) = p_\text{data}(x) / (p_\text{data}(x) + p_g(x))`.

    Args:
        p_data: the data density at some points, shape ``(n,)``.
        p_g: the generator's density at the same points, shape ``(n,)``.

    Returns:
        :math:`D^*` at each point, in [0, 1]. Where both densities are 0 any
        value is optimal (the point does not count in the value function); we
        return 1/2 there.
    """
    p_data = _density("p_data", p_data)
    p_g = _density("p_g", p_g, like=p_data)
    total = p_data + p_g
    safe = np.where(total > 0, total, 1.0)
    return np.where(total > 0, p_data / safe, 0.5)


def _xlogy(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a * log(b), with 0 * log(anything) = 0."""
    safe = np.where(a > 0, b, 1.0)
    with np.errstate(divide="ignore"):
        return np.where(a > 0, a * np.log(safe), 0.0)


def kl_divergence(p: Any, q: Any, x: Any) -> float:
    r"""The Kullback-Leibler divergence :math:`\int p \log(p / q)\,dx` in nats, on a grid.

    Args:
        p, q: densities on the grid ``x``, shape ``(n,)``.
        x: the grid, strictly increasing, shape ``(n,)``.

    Returns:
        The integral by the trapezoidal rule; ``inf`` if ``q`` is 0 where ``p`` is not.
    """
    p = _density("p", p)
    q = _density("q", q, like=p)
    x = _grid(x, len(p))
    if np.any((p > 0) & (q == 0)):
        return float("inf")
    integrand = _xlogy(p, p) - _xlogy(p, q)
    return float(np.trapezoid(integrand, x))


def js_divergence(p: Any, q: Any, x: Any) -> float:
    r"""The Jensen-Shannon divergence :math:`\tfrac12 \mathrm{KL}(p \| m) + \tfrac12 \mathrm{KL}(q \| m)`.

    Here :math:`m = (p + q)/2` is the mixture of the two.

    It is symmetric, 0 exactly when ``p == q`` and at most :math:`\log 2` (for
    densities with disjoint supports).

    Args:
        p, q: densities on the grid ``x``, shape ``(n,)``.
        x: the grid, strictly increasing, shape ``(n,)``.
    """
    p = _density("p", p)
    q = _density("q", q, like=p)
    x = _grid(x, len(p))
    m = (p + q) / 2
    # Where p + q is the smallest subnormal number, halving it underflows to 0 and
    # KL would call the point infinitely surprising; its true contribution is ~1e-324.
    m = np.where((m == 0) & (p + q > 0), np.maximum(p, q), m)
    return 0.5 * kl_divergence(p, m, x) + 0.5 * kl_divergence(q, m, x)


def value_function(d: Any, p_data: Any, p_g: Any, x: Any) -> float:
    r"""The value :math:`V(D, G) = \int p_\text{data} \log D + p_g \log(1 - D)\,dx` on a grid.

    Args:
        d: the discriminator's probabilities :math:`D(x)` on the grid, in [0, 1], shape ``(n,)``.
        p_data: the data density on the grid, shape ``(n,)``.
        p_g: the generator's density on the grid, shape ``(n,)``.
        x: the grid, strictly increasing, shape ``(n,)``.

    Returns:
        The integral by the trapezoidal rule. ``D`` is first clipped to
        :math:`[10^{-300}, 1 - 2^{-53}]`: far in a tail, :math:`D^*` rounds to
        exactly 0 or 1 in floating point while the other density is tiny but not
        0, and an unclipped :math:`0 \cdot \log 0` there would make the integral
        ``-inf`` instead of adding a negligible term.
    """
    p_data = _density("p_data", p_data)
    p_g = _density("p_g", p_g, like=p_data)
    _validate.float_array("d", d, shape=p_data.shape, value_range=(0, 1))
    d = np.clip(np.asarray(d, dtype=np.float64), 1e-300, 1.0 - 2.0**-53)
    x = _grid(x, len(p_data))
    integrand = _xlogy(p_data, d) + _xlogy(p_g, 1.0 - d)
    return float(np.trapezoid(integrand, x))


def train_discriminator(
    discriminator: keras.Model,
    real: Any,
    fake: Any,
    steps: int = 1000,
    batch_size: int = 256,
    learning_rate: float = 1e-3,
    seed: int | None = None,
) -> np.ndarray:
    """Train a discriminator alone on fixed real and fake samples; return its loss per step.

    This is the inner maximisation of the game with the generator frozen: each
    step draws a batch of real and of fake samples and takes an Adam step on
    :func:`ganlib.discriminator_loss` (binary cross-entropy from logits, i.e.
    :math:`-V`). With enough capacity and steps, ``sigmoid(discriminator(x))``
    approaches :math:`D^*(x)`.

    Args:
        discriminator: maps samples to one logit each, shape ``(batch, 1)``.
        real: samples of the data distribution, shape ``(n, ...)``.
        fake: samples of the generator's distribution, same sample shape.
        steps: gradient steps.
        batch_size: samples of each kind per step.
        learning_rate: Adam's learning rate.
        seed: seed of the batch draws.

    Returns:
        The discriminator loss at each step, shape ``(steps,)``.
    """
    if not isinstance(discriminator, keras.Model):
        raise TypeError(f"discriminator: expected a keras.Model, got {type(discriminator).__name__}")
    real = _validate.float_array("real", real)
    fake = _validate.float_array("fake", fake)
    if real.shape[1:] != fake.shape[1:]:
        raise ValueError(f"fake: expected samples of shape {real.shape[1:]} like real, got {fake.shape[1:]}")
    steps = _validate.positive_int("steps", steps)
    batch_size = _validate.positive_int("batch_size", batch_size)
    learning_rate = _validate.positive_float("learning_rate", learning_rate)
    optimizer = keras.optimizers.Adam(learning_rate=learning_rate)
    weights = discriminator.trainable_weights
    optimizer.build(weights)

    @tf.function
    def step(real_batch, fake_batch):
        with tf.GradientTape() as tape:
            loss = discriminator_loss(
                discriminator(real_batch, training=True), discriminator(fake_batch, training=True)
            )
        optimizer.apply(tape.gradient(loss, weights), weights)
        return loss

    rng = np.random.default_rng(seed)
    losses = np.empty(steps)
    for i in range(steps):
        real_batch = real[rng.integers(len(real), size=batch_size)]
        fake_batch = fake[rng.integers(len(fake), size=batch_size)]
        losses[i] = float(step(tf.constant(real_batch), tf.constant(fake_batch)))
    return losses


__all__ = ["js_divergence", "kl_divergence", "optimal_discriminator", "train_discriminator", "value_function"]
