import numpy as np
import pytest

import ganlib
from ganlib.neurons import (
    lif_euler,
    lif_rate,
    lif_rate_theory,
    lif_simulate,
    mcculloch_pitts,
    multiply_accumulates,
    perceptron_train,
)

BINARY = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])


def test_no_spikes_below_rheobase_and_rate_rises_with_current():
    rheobase = 15.0 / 10.0  # v_threshold / resistance with the defaults
    below = lif_rate(np.array([0.0, 0.5, rheobase * 0.99]), duration=1.0)
    assert np.all(below == 0)
    rates = lif_rate(np.linspace(1.6, 5.0, 6), duration=1.0)
    assert np.all(rates > 0) and np.all(np.diff(rates) > 0)


def test_euler_integrates_neurons_side_by_side_as_if_alone():
    rng = np.random.default_rng(0)
    current = np.stack([np.full(2000, 2.0), rng.normal(2.5, 1.0, size=2000), np.zeros(2000)], axis=1)
    voltage, spikes = lif_euler(current)
    assert voltage.shape == (2001, 3) and np.all(voltage[0] == 0.0)
    for neuron in range(3):
        alone = lif_simulate(current[:, neuron])
        np.testing.assert_allclose(voltage[:, neuron], alone.voltage, rtol=1e-6, atol=1e-4)
        times = [step * 1e-4 for step, fired in spikes if fired[neuron]]
        np.testing.assert_allclose(times, alone.spike_times)
    assert not any(fired[2] for _, fired in spikes)  # no current, no spike
    # one step by hand: tau dV/dt = -(V - v_rest) + R I
    voltage, _ = lif_euler(
        np.array([[1.0]]), dt=1e-3, tau=0.01, resistance=5.0, v_rest=-70.0, v_reset=-80.0, v_threshold=0.0
    )
    assert voltage[1, 0] == pytest.approx(-70.0 + 0.1 * 5.0)
    assert lif_euler(current, keep_voltage=False)[0] is None


def test_measured_rate_matches_the_formula_for_small_dt():
    currents = np.array([1.8, 2.5, 3.5, 5.0])
    measured = lif_rate(currents, duration=2.0, dt=1e-4)
    theory = lif_rate_theory(currents)
    np.testing.assert_allclose(measured, theory, rtol=0.02)
    # the formula itself, written out for v_rest = v_reset = 0
    ri = 10.0 * currents
    np.testing.assert_allclose(theory, 1 / (0.002 + 0.02 * np.log(ri / (ri - 15.0))), rtol=1e-6)


def test_rate_theory_handles_reset_below_rest():
    # reset at -5 mV, rest at 0: the period is tau ln((v_inf - v_reset)/(v_inf - v_th)) + t_ref
    rate = lif_rate_theory(3.0, v_rest=0.0, v_reset=-5.0, t_ref=0.0)
    assert rate == pytest.approx(1 / (0.02 * np.log(35 / 15)))
    measured = lif_rate(3.0, v_rest=0.0, v_reset=-5.0, t_ref=0.0, dt=5e-5)
    assert measured == pytest.approx(rate, rel=0.02)


def test_simulation_trace_resets_and_respects_the_refractory_period():
    trace = lif_simulate(np.full(3000, 3.0), dt=1e-4, t_ref=0.004)
    assert trace.voltage.shape == trace.time.shape == (3001,)
    assert trace.voltage.max() < 15.0 + 1e-9 and len(trace.spike_times) >= 3
    assert np.all(np.diff(trace.spike_times) > 0.004)
    # during the refractory period after the first spike the voltage stays at reset
    k = int(round(trace.spike_times[0] / 1e-4))
    np.testing.assert_array_equal(trace.voltage[k : k + 39], 0.0)


def test_noise_makes_a_subthreshold_current_fire():
    assert lif_rate(1.3, duration=2.0) == 0
    assert lif_rate(1.3, duration=2.0, noise_std=20.0, seed=0) > 1


@pytest.mark.parametrize(
    "labels, weights, threshold",
    [([0, 0, 0, 1], [1, 1], 2), ([0, 1, 1, 1], [1, 1], 1), ([1, 1, 1, 0], [-1, -1], -1)],
)
def test_mcculloch_pitts_logic(labels, weights, threshold):
    np.testing.assert_array_equal(mcculloch_pitts(BINARY, weights, threshold), labels)


def test_mcculloch_pitts_not():
    np.testing.assert_array_equal(mcculloch_pitts([[0], [1]], [-1], 0), [1, 0])


@pytest.mark.parametrize("labels", [[0, 0, 0, 1], [0, 1, 1, 1], [1, 1, 1, 0]])
def test_perceptron_learns_and_or_nand(labels):
    result = perceptron_train(BINARY, labels, epochs=50)
    assert result.converged and result.errors[-1] == 0
    np.testing.assert_array_equal(result.predict(BINARY), labels)


def test_perceptron_never_learns_xor():
    result = perceptron_train(BINARY, [0, 1, 1, 0], epochs=500)
    assert not result.converged
    assert len(result.errors) == 500 and result.errors.min() >= 1
    assert np.sum(result.predict(BINARY) != [0, 1, 1, 0]) >= 1


def test_multiply_accumulates_of_the_dcgan_generator():
    counts = multiply_accumulates(ganlib.dcgan_generator(latent_dim=64, filters=64))
    assert counts["total"] == 64 * 7 * 7 * 128 + 7 * 7 * 4 * 4 * 128 * 64 + 14 * 14 * 4 * 4 * 64 * 1
    mlp = multiply_accumulates(ganlib.mlp_generator(8, 2, (128, 128)))
    assert mlp["total"] == 8 * 128 + 128 * 128 + 128 * 2


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: lif_simulate(np.ones((3, 3))), ValueError, "current: expected a 1-D array"),
        (lambda: lif_simulate(np.ones(10), dt=0.01), ValueError, "dt: expected a step well below tau"),
        (lambda: lif_simulate(np.ones(10), tau=-1.0), ValueError, "tau: expected a finite number > 0"),
        (lambda: lif_simulate(np.ones(10), v_threshold=-1.0), ValueError, "v_threshold: expected a value above"),
        (lambda: lif_simulate(np.ones(10), v_rest=np.nan), ValueError, "v_rest: expected a finite number, got nan"),
        (lambda: lif_simulate(np.ones(10), v_reset="0"), TypeError, "v_reset: expected a finite number, got str"),
        (lambda: lif_simulate(np.ones(10), t_ref=-0.1), ValueError, "t_ref: expected a finite number >= 0"),
        (lambda: lif_simulate(np.ones(10), t_ref="2 ms"), TypeError, "t_ref: expected a number >= 0, got str"),
        (lambda: lif_rate([1.0, np.nan]), ValueError, "currents: expected finite values"),
        (lambda: lif_rate(2.0, noise_std=-1.0), ValueError, "noise_std: expected a finite number >= 0"),
        (lambda: lif_rate(2.0, noise_std=0.1, seed=1.5), TypeError, "seed: expected None or an integer, got float"),
        (lambda: lif_rate(2.0, duration=1e-4), ValueError, "duration: expected at least 10 time steps"),
        (lambda: mcculloch_pitts(BINARY, [1, 1, 1], 1), ValueError, r"x: expected shape \(n, 3\)"),
        (lambda: mcculloch_pitts(BINARY, [1, 1], "1"), TypeError, "threshold: expected a finite number, got str"),
        (lambda: mcculloch_pitts(BINARY, [1, 1], np.inf), ValueError, "threshold: expected a finite number, got inf"),
        (lambda: perceptron_train(BINARY, [0, 1, 2, 0]), ValueError, "y: expected labels 0 or 1"),
        (lambda: perceptron_train(BINARY, [0, 1, 1]), ValueError, r"y: expected shape \(4,\)"),
        (lambda: perceptron_train(BINARY, [0, 1, 1, 0], epochs=0), ValueError, "epochs: expected a positive integer"),
        (lambda: perceptron_train(BINARY, [0, 1, 1, 0], lr=0), ValueError, "lr: expected a finite number > 0"),
        (lambda: multiply_accumulates("model"), TypeError, "model: expected a keras.Model"),
    ],
)
def test_bad_inputs_raise_naming_the_parameter(call, error, match):
    with pytest.raises(error, match="^" + match):
        call()
