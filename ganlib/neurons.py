"""Neurons: a leaky integrate-and-fire model, threshold units and the perceptron.

The chapters of Part I start from a biological neuron and end at the units of
a neural network. This module holds the pieces they compute with:

- :func:`lif_simulate` integrates a leaky integrate-and-fire (LIF) neuron by
  Euler's method (:func:`lif_euler`) and returns its voltage trace and spike times;
- :func:`lif_rate` measures its firing rate for constant (optionally noisy)
  currents, :func:`lif_rate_theory` gives the exact rate for constant ones;
- :func:`mcculloch_pitts` is a threshold logic unit, :func:`perceptron_train`
  Rosenblatt's learning rule for one such unit;
- :func:`multiply_accumulates` counts the multiply-accumulates of a Keras
  model's forward pass, the artificial side of the brain/network comparison.

Units of the LIF functions: times in seconds, voltages in millivolts (relative
to any origin you like), currents in nanoamperes and resistances in megaohms,
so that ``resistance * current`` is in millivolts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _validate


@dataclass(frozen=True)
class LIFTrace:
    """The result of :func:`lif_simulate`.

    Attributes:
        time: the time of each sample, shape ``(n_steps + 1,)``, starting at 0.
        voltage: the membrane potential at those times, shape ``(n_steps + 1,)``
            (at a spike it shows the reset value; the spike itself is instantaneous).
        spike_times: the times at which the potential reached the threshold.
    """

    time: np.ndarray
    voltage: np.ndarray
    spike_times: np.ndarray


def _lif_parameters(dt, tau, resistance, v_rest, v_reset, v_threshold, t_ref):
    dt = _validate.positive_float("dt", dt)
    tau = _validate.positive_float("tau", tau)
    resistance = _validate.positive_float("resistance", resistance)
    v_rest = _validate.finite_float("v_rest", v_rest)
    v_reset = _validate.finite_float("v_reset", v_reset)
    v_threshold = _validate.finite_float("v_threshold", v_threshold)
    if not v_threshold > v_reset:
        raise ValueError(f"v_threshold: expected a value above v_reset ({v_reset:g} mV), got {v_threshold:g}")
    t_ref = _validate.non_negative_float("t_ref", t_ref)
    if dt > tau / 5:
        raise ValueError(f"dt: expected a step well below tau (at most tau/5 = {tau / 5:g} s), got {dt:g}")
    return dt, tau, resistance, v_rest, v_reset, v_threshold, t_ref


def lif_euler(
    current: Any,
    dt: float = 1e-4,
    tau: float = 0.02,
    resistance: float = 10.0,
    v_rest: float = 0.0,
    v_reset: float = 0.0,
    v_threshold: float = 15.0,
    t_ref: float = 0.002,
    keep_voltage: bool = True,
) -> tuple[np.ndarray | None, list[tuple[int, np.ndarray]]]:
    """Integrate leaky integrate-and-fire neurons side by side by Euler's method.

    The loop behind :func:`lif_simulate` (one neuron, with its voltage trace)
    and :func:`lif_rate` (many neurons, spikes only).

    Args:
        current: the input current (nA) of each neuron at each time step, shape
            ``(n_steps, n_neurons)``.
        keep_voltage: whether to record the voltage at every step.
        Other arguments: as in :func:`lif_simulate`.

    Returns:
        ``(voltage, spikes)``: the potentials, shape ``(n_steps + 1, n_neurons)``
        starting at ``v_rest`` (``None`` without ``keep_voltage``), and one pair
        ``(step, fired)`` per step at which some neuron spiked, where ``fired`` is a
        boolean mask over the neurons and the spike time is ``step * dt``.
    """
    current = _validate.float_array("current", current, ndim=2, dtype=np.float64)
    dt, tau, resistance, v_rest, v_reset, v_threshold, t_ref = _lif_parameters(
        dt, tau, resistance, v_rest, v_reset, v_threshold, t_ref
    )
    if not isinstance(keep_voltage, bool):
        raise TypeError(f"keep_voltage: expected True or False, got {type(keep_voltage).__name__}")
    n_steps, n = current.shape
    v = np.full(n, v_rest, dtype=np.float64)
    refractory_left = np.zeros(n)
    voltage = np.empty((n_steps + 1, n)) if keep_voltage else None
    if keep_voltage:
        voltage[0] = v
    spikes: list[tuple[int, np.ndarray]] = []
    decay = dt / tau
    for step in range(n_steps):
        active = refractory_left <= 0
        # Euler step of tau dV/dt = -(V - V_rest) + R I, for neurons not refractory.
        v = np.where(active, v + decay * (-(v - v_rest) + resistance * current[step]), v)
        refractory_left = refractory_left - dt
        fired = v >= v_threshold
        if fired.any():
            spikes.append((step + 1, fired))
            v = np.where(fired, v_reset, v)
            refractory_left = np.where(fired, t_ref, refractory_left)
        if keep_voltage:
            voltage[step + 1] = v
    return voltage, spikes


def lif_simulate(
    current: Any,
    dt: float = 1e-4,
    tau: float = 0.02,
    resistance: float = 10.0,
    v_rest: float = 0.0,
    v_reset: float = 0.0,
    v_threshold: float = 15.0,
    t_ref: float = 0.002,
) -> LIFTrace:
    """Simulate one leaky integrate-and-fire neuron by Euler's method.

    Between spikes the membrane potential follows
    ``tau dV/dt = -(V - v_rest) + resistance * I(t)``; when ``V`` reaches
    ``v_threshold`` the neuron spikes, ``V`` is set to ``v_reset`` and held
    there for the refractory period ``t_ref``.

    Args:
        current: the input current (nA) at each time step, a 1-D array; its
            length is the number of steps.
        dt: the time step (s); at most ``tau / 5``.
        tau: the membrane time constant (s).
        resistance: the membrane resistance (MOhm).
        v_rest, v_reset, v_threshold: resting, reset and threshold potentials (mV).
        t_ref: the refractory period (s).

    Returns:
        A :class:`LIFTrace` with the time axis, the voltage and the spike times.
    """
    current = _validate.float_array("current", current, ndim=1, dtype=np.float64)
    params = _lif_parameters(dt, tau, resistance, v_rest, v_reset, v_threshold, t_ref)
    voltage, spikes = lif_euler(current[:, None], *params, keep_voltage=True)
    dt = params[0]
    time = np.arange(len(current) + 1) * dt
    spike_times = np.array([step * dt for step, _ in spikes])
    return LIFTrace(time=time, voltage=voltage[:, 0], spike_times=spike_times)


def lif_rate(
    currents: Any,
    duration: float = 2.0,
    dt: float = 1e-4,
    tau: float = 0.02,
    resistance: float = 10.0,
    v_rest: float = 0.0,
    v_reset: float = 0.0,
    v_threshold: float = 15.0,
    t_ref: float = 0.002,
    noise_std: float = 0.0,
    seed: int | None = None,
) -> np.ndarray:
    """Measure the firing rate (Hz) of the LIF neuron of :func:`lif_simulate` for constant currents.

    Each current is simulated for ``duration`` seconds (all side by side). With
    two or more spikes the rate is ``(n - 1) / (t_last - t_first)``, one over the
    mean interval between spikes, which does not depend on where the run
    happens to end; with fewer it is ``n / duration``.

    Args:
        currents: the constant input currents (nA), a scalar or a 1-D array.
        duration: how long to simulate each current (s).
        noise_std: the standard deviation (nA) of independent Gaussian noise added
            to the current at every step (0 for none). Because it is drawn per
            step, its effect on the voltage shrinks as ``dt`` shrinks.
        seed: seed of that noise.
        Other arguments: as in :func:`lif_simulate`.

    Returns:
        The rates in spikes per second, shape like ``currents``.
    """
    scalar = np.ndim(currents) == 0
    currents = _validate.float_array("currents", np.atleast_1d(currents), ndim=1, dtype=np.float64)
    duration = _validate.positive_float("duration", duration)
    params = _lif_parameters(dt, tau, resistance, v_rest, v_reset, v_threshold, t_ref)
    noise_std = _validate.non_negative_float("noise_std", noise_std)
    seed = _validate.optional_seed("seed", seed)
    dt = params[0]
    n_steps = int(round(duration / dt))
    if n_steps < 10:
        raise ValueError(f"duration: expected at least 10 time steps of dt = {dt:g} s, got {duration:g} s")
    current = np.broadcast_to(currents, (n_steps, len(currents))).copy()
    if noise_std > 0:
        current += np.random.default_rng(seed).normal(scale=noise_std, size=current.shape)
    _, spikes = lif_euler(current, *params, keep_voltage=False)
    count = np.zeros(len(currents))
    first = np.full(len(currents), np.nan)
    last = np.full(len(currents), np.nan)
    for step, fired in spikes:
        t = step * dt
        first = np.where(fired & np.isnan(first), t, first)
        last = np.where(fired, t, last)
        count += fired
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(count >= 2, (count - 1) / (last - first), count / duration)
    return float(rates[0]) if scalar else rates


def lif_rate_theory(
    currents: Any,
    tau: float = 0.02,
    resistance: float = 10.0,
    v_rest: float = 0.0,
    v_reset: float = 0.0,
    v_threshold: float = 15.0,
    t_ref: float = 0.002,
) -> np.ndarray:
    """The exact firing rate (Hz) of a noiseless LIF neuron driven by constant currents.

    Starting from ``v_reset``, the potential relaxes towards
    ``v_inf = v_rest + R I``; it reaches the threshold after
    ``T = tau * ln((v_inf - v_reset) / (v_inf - v_threshold))`` when
    ``v_inf > v_threshold``, and never otherwise. The rate is
    ``1 / (t_ref + T)``, and 0 at or below the rheobase ``(v_threshold - v_rest) / R``.
    With ``v_reset = v_rest = 0`` this is ``1 / (t_ref + tau ln(RI / (RI - V_th)))``.

    Args: as in :func:`lif_simulate`, with ``currents`` a scalar or an array (nA).
    """
    scalar = np.ndim(currents) == 0
    currents = _validate.float_array("currents", np.atleast_1d(currents), dtype=np.float64)
    _, tau, resistance, v_rest, v_reset, v_threshold, t_ref = _lif_parameters(
        tau / 10, tau, resistance, v_rest, v_reset, v_threshold, t_ref
    )
    v_inf = v_rest + resistance * currents
    rates = np.zeros_like(v_inf)
    above = v_inf > v_threshold
    period = t_ref + tau * np.log((v_inf[above] - v_reset) / (v_inf[above] - v_threshold))
    rates[above] = 1.0 / period
    return float(rates[0]) if scalar else rates


def mcculloch_pitts(x: Any, weights: Any, threshold: float) -> np.ndarray:
    """A McCulloch-Pitts threshold unit: output 1 where ``x @ weights >= threshold``, else 0.

    Args:
        x: inputs, shape ``(n, d)`` (or one input of shape ``(d,)``).
        weights: one weight per input, shape ``(d,)`` (negative weights inhibit).
        threshold: the unit fires when the weighted sum reaches it.

    Returns:
        An int array of 0s and 1s, shape ``(n,)`` (or a 0-D array for one input).
    """
    weights = _validate.float_array("weights", weights, ndim=1, dtype=np.float64)
    x = _validate.float_array("x", x, dtype=np.float64)
    if x.shape[-1:] != weights.shape or x.ndim > 2:
        raise ValueError(f"x: expected shape (n, {len(weights)}) or ({len(weights)},), got {x.shape}")
    threshold = _validate.finite_float("threshold", threshold)
    return (x @ weights >= threshold).astype(np.int64)


@dataclass(frozen=True)
class PerceptronResult:
    """The result of :func:`perceptron_train`.

    Attributes:
        weights: the learned weights, shape ``(d,)``.
        bias: the learned bias; the unit outputs 1 where ``x @ weights + bias >= 0``.
        errors: the number of misclassified examples in each epoch, in order.
        converged: whether an epoch made no error (training stops there).
    """

    weights: np.ndarray
    bias: float
    errors: np.ndarray
    converged: bool

    def predict(self, x: Any) -> np.ndarray:
        """The unit's output (0 or 1) for inputs ``x`` of shape ``(n, d)``."""
        return mcculloch_pitts(x, self.weights, -self.bias)


def perceptron_train(x: Any, y: Any, epochs: int = 100, lr: float = 1.0) -> PerceptronResult:
    """Train one threshold unit with Rosenblatt's perceptron rule.

    The examples are visited in order, epoch after epoch. After each example
    the prediction ``yhat = [x . w + b >= 0]`` is compared with the label and
    ``w += lr * (y - yhat) * x``, ``b += lr * (y - yhat)``: nothing changes on a
    right answer. Training stops after the first epoch without an error; on
    linearly separable data that epoch always comes (the perceptron
    convergence theorem), otherwise it never does.

    Args:
        x: inputs, shape ``(n, d)``.
        y: labels 0 or 1, shape ``(n,)``.
        epochs: the most passes over the data.
        lr: the learning rate.

    Returns:
        A :class:`PerceptronResult` (weights, bias, errors per epoch, converged).
    """
    x = _validate.float_array("x", x, ndim=2, dtype=np.float64)
    y = _validate.float_array("y", y, shape=(len(x),))
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y: expected labels 0 or 1, got the values {sorted(set(np.unique(y).tolist()))}")
    epochs = _validate.positive_int("epochs", epochs)
    lr = _validate.positive_float("lr", lr)
    weights = np.zeros(x.shape[1])
    bias = 0.0
    errors = []
    for _ in range(epochs):
        mistakes = 0
        for xi, yi in zip(x, y):
            delta = yi - float(xi @ weights + bias >= 0)
            if delta:
                weights += lr * delta * xi
                bias += lr * delta
                mistakes += 1
        errors.append(mistakes)
        if mistakes == 0:
            break
    return PerceptronResult(weights, float(bias), np.array(errors), errors[-1] == 0)


def multiply_accumulates(model: Any) -> dict[str, int]:
    """Count the multiply-accumulates (MACs) of one forward pass of a Keras model, per example.

    Counted layers: ``Dense`` (inputs x units), ``Conv2D`` (output pixels x
    kernel area x input channels x filters) and ``Conv2DTranspose`` (input
    pixels x kernel area x input channels x filters: every input pixel is
    multiplied by the whole kernel). Biases, batch normalisation and
    activations cost one operation per output or less and are left out.

    Args:
        model: a built ``keras.Model``.

    Returns:
        A dict from layer name to its MACs, in layer order, with a ``"total"`` entry last.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"model: expected a keras.Model, got {type(model).__name__}")
    counts: dict[str, int] = {}
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            counts[layer.name] = int(layer.kernel.shape[0] * layer.kernel.shape[1])
        elif isinstance(layer, (keras.layers.Conv2D, keras.layers.Conv2DTranspose)):
            kh, kw, a, b = layer.kernel.shape
            if isinstance(layer, keras.layers.Conv2DTranspose):
                # kernel shape (kh, kw, filters, in_channels); one MAC per input pixel and tap.
                pixels = int(np.prod(layer.input.shape[1:3]))
            else:
                # kernel shape (kh, kw, in_channels, filters); one MAC per output pixel and tap.
                pixels = int(np.prod(layer.output.shape[1:3]))
            counts[layer.name] = int(pixels * kh * kw * a * b)
    counts["total"] = sum(counts.values())
    return counts
