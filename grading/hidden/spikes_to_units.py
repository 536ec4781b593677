"""Hidden tests of *From spikes to units* (``book/part1/spikes_to_units.ipynb``)."""

from grading import hidden_test


@hidden_test("spikes-exponential-euler")
def test_exponential_euler_limits_and_arrays(exponential_euler_step):
    import numpy as np

    assert np.isclose(exponential_euler_step(-60.0, 1.5, 0.0, 0.02, 10.0, -70.0), -60.0), "dt = 0 changes nothing"
    assert np.isclose(exponential_euler_step(-60.0, 1.5, 10.0, 0.02, 10.0, -70.0), -55.0), "long steps reach V_inf"
    v = np.array([-80.0, -70.0, -50.0])
    got = exponential_euler_step(v, 0.2, 0.01, 0.01, 50.0, -65.0)
    assert np.allclose(got, -55.0 + (v + 55.0) / np.e), "one time constant: 1/e of the way left"


@hidden_test("spikes-rheobase")
def test_rheobase_separates_silence_from_firing(rheobase):
    import numpy as np

    import ganlib

    neuron = dict(tau=0.01, resistance=20.0, v_rest=-70.0, v_reset=-75.0, v_threshold=-54.0, duration=0.3)
    rheobase = float(rheobase)
    assert np.ravel(ganlib.lif_rate(0.98 * rheobase, **neuron))[0] == 0
    assert np.ravel(ganlib.lif_rate(1.02 * rheobase, **neuron))[0] > 0


@hidden_test("spikes-xor-from-nand")
def test_xor_circuit_with_plain_nand_gates(xor_circuit):
    import itertools

    gates = [tuple(gate) for gate in xor_circuit]
    assert len(gates) == 4
    for x1, x2 in itertools.product((0, 1), repeat=2):
        signals = {"x1": x1, "x2": x2}
        for number, (a, b) in enumerate(gates, start=1):
            assert a in signals and b in signals, f"gate g{number} reads a signal that does not exist yet"
            signals[f"g{number}"] = 1 - signals[a] * signals[b]
        assert signals["g4"] == x1 ^ x2, f"XOR({x1}, {x2})"


MISTAKE = (
    "spikes-exponential-euler",
    """
    def exponential_euler_step(v, current, dt, tau, resistance, v_rest):
        return v + dt / tau * (-(v - v_rest) + resistance * current)  # Euler's step, not the exact one
    """,
)
