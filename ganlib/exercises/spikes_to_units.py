"""Checks of the exercises of the chapter *From spikes to units* (``book/part1/spikes_to_units.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..neurons import mcculloch_pitts
from ._registry import answered, exercise


@exercise("spikes-exponential-euler")
def _check_spikes_exponential_euler(exponential_euler_step: Callable) -> str | None:
    cases = [
        (0.0, 2.0, 1e-3, 0.02, 10.0, 0.0),
        (-70.0, 1.0, 1e-4, 0.01, 20.0, -70.0),
        (np.array([-65.0, -60.0]), np.array([0.5, 0.0]), 5e-3, 0.015, 40.0, -70.0),
    ]
    for v, current, dt, tau, resistance, v_rest in cases:
        v_inf = v_rest + resistance * current
        want = v_inf + (v - v_inf) * np.exp(-dt / tau)
        got = np.asarray(answered(exponential_euler_step(v, current, dt, tau, resistance, v_rest)), dtype=np.float64)
        if got.shape != np.shape(want) or not np.allclose(got, want, rtol=1e-9, atol=1e-12):
            return (
                f"for v={v}, current={current}, dt={dt}, tau={tau}, resistance={resistance}, v_rest={v_rest} the "
                f"potential one step later is {want}, you returned {got}. With the current constant over the step, "
                "V relaxes exponentially towards V_inf = v_rest + R I with time constant tau: "
                "V(t + dt) = V_inf + (V(t) - V_inf) exp(-dt / tau)."
            )
    return None


@exercise("spikes-rheobase")
def _check_spikes_rheobase(rheobase: Any) -> str | None:
    rheobase = float(answered(rheobase))
    want = (-54.0 - (-70.0)) / 20.0
    if not np.isclose(rheobase, want, rtol=0.01):
        return (
            f"you gave {rheobase:.4g} nA (tolerance 1%). The neuron fires when the potential it relaxes to, "
            "v_rest + R I, exceeds the threshold; the reset value matters for the rate, not for whether it fires."
        )
    return None


@exercise("spikes-xor-from-nand")
def _check_spikes_xor_from_nand(circuit: Any) -> str | None:
    gates = list(answered(circuit))
    if len(gates) != 4:
        return f"use exactly four NAND gates; your circuit has {len(gates)}."
    inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    signals = {"x1": inputs[:, 0], "x2": inputs[:, 1]}
    for number, gate in enumerate(gates, start=1):
        if not isinstance(gate, (tuple, list)) or len(gate) != 2 or any(name not in signals for name in gate):
            return (
                f"gate g{number} is {gate!r}: each gate is a pair of input names, each 'x1', 'x2' or the output "
                f"of an earlier gate ({', '.join(sorted(signals))})."
            )
        pair = np.stack([signals[gate[0]], signals[gate[1]]], axis=1)
        signals[f"g{number}"] = mcculloch_pitts(pair, [-1.0, -1.0], threshold=-1.0)
    got, want = signals["g4"], np.array([0, 1, 1, 0])
    if not np.array_equal(got, want):
        return (
            f"on inputs (0,0), (0,1), (1,0), (1,1) your circuit outputs {got.tolist()}, XOR is {want.tolist()}. "
            "Start with g1 = NAND(x1, x2); NAND(x1, g1) is 0 only for x1 = 1, x2 = 0."
        )
    return None
