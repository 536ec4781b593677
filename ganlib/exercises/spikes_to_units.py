"""Checks of the exercises of the chapter *From spikes to units* (``book/part1/spikes_to_units.ipynb``)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..neurons import mcculloch_pitts
from ._registry import answered, exercise


@exercise("spikes-euler-step")
def _check_spikes_euler_step(euler_step: Callable) -> str | None:
    cases = [
        (0.0, 2.0, 1e-4, 0.02, 10.0, 0.0),
        (-70.0, 1.0, 1e-4, 0.01, 20.0, -70.0),
        (np.array([-65.0, -60.0]), np.array([0.5, 0.0]), 5e-5, 0.015, 40.0, -70.0),
    ]
    for v, current, dt, tau, resistance, v_rest in cases:
        want = v + dt / tau * (-(v - v_rest) + resistance * current)
        got = np.asarray(answered(euler_step(v, current, dt, tau, resistance, v_rest)), dtype=np.float64)
        if got.shape != np.shape(want) or not np.allclose(got, want, rtol=1e-9, atol=1e-12):
            return (
                f"for v={v}, current={current}, dt={dt}, tau={tau}, resistance={resistance}, v_rest={v_rest} the "
                f"next potential is {want}, you returned {got}. Euler's method adds dt times dV/dt, with "
                "tau dV/dt = -(V - v_rest) + R I."
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


@exercise("spikes-nand")
def _check_spikes_nand(unit: Any) -> str | None:
    weights, threshold = answered(unit)
    inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    got = mcculloch_pitts(inputs, np.asarray(answered(weights), dtype=np.float64), float(answered(threshold)))
    want = np.array([1, 1, 1, 0])
    if not np.array_equal(got, want):
        return (
            f"on inputs (0,0), (0,1), (1,0), (1,1) your unit outputs {got.tolist()}, NAND is {want.tolist()}. "
            "Start from AND and turn it around: negative weights, and a threshold that only the input (1, 1) misses."
        )
    return None
