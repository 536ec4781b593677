"""Checks of the exercises of the chapter *The brain as a computer* (``book/part1/brain_as_computer.ipynb``)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..models import dcgan_generator, mlp_generator
from ..neurons import multiply_accumulates
from ._registry import answered, exercise


@exercise("brain-events")
def _check_brain_events(events: Any) -> str | None:
    low, high = (float(answered(v)) for v in answered(events))
    want_low, want_high = 2e9 * 5_000 * 0.5, 5e9 * 10_000 * 5.0
    if not (np.isclose(low, want_low, rtol=1e-3) and np.isclose(high, want_high, rtol=1e-3)):
        return (
            f"you gave ({low:.3g}, {high:.3g}) synaptic events per second. Events per second are neurons x synapses "
            "per neuron x spikes per second per neuron; the lowest number takes the lowest value of all three "
            "factors, the highest number the highest of all three."
        )
    return None


@exercise("brain-dense-macs")
def _check_brain_dense_macs(mlp_macs: Callable) -> str | None:
    for sizes in ([2, 128, 128, 2], [8, 16, 3], [1, 4, 5, 6, 1], [100, 10]):
        model = mlp_generator(sizes[0], sizes[-1], tuple(sizes[1:-1])) if len(sizes) > 2 else None
        want = multiply_accumulates(model)["total"] if model is not None else sizes[0] * sizes[1]
        got = answered(mlp_macs(sizes))
        if got != want:
            return (
                f"an MLP with layer sizes {sizes} makes {want} multiply-accumulates per example, you returned {got}. "
                "A Dense layer from m inputs to n units multiplies each input by each of the n weight columns; "
                "the n biases are additions, not multiply-accumulates."
            )
    return None


@exercise("brain-forward-energy")
def _check_brain_forward_energy(energy: Any) -> str | None:
    energy = float(answered(energy))
    macs = multiply_accumulates(dcgan_generator(latent_dim=64, filters=32))["total"]
    want = 64 * macs * 4.6e-12
    if not np.isclose(energy, want, rtol=1e-3):
        return (
            f"you gave {energy:.4g} J. Count the multiply-accumulates of ganlib.dcgan_generator(latent_dim=64, "
            "filters=32) per image with ganlib.multiply_accumulates (not its parameters: a convolution reuses "
            "each weight at many pixels), multiply by the batch of 64 images and by 4.6e-12 J per MAC."
        )
    return None
