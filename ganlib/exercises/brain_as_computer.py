"""Checks of the exercises of the chapter *The brain as a computer* (``book/part1/brain_as_computer.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np

from ..models import dcgan_generator
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


@exercise("brain-transposed-conv-macs")
def _check_brain_transposed_conv_macs(transposed_conv_macs: Callable) -> str | None:
    for height, width, kernel, in_channels, filters, strides in [
        (7, 7, 4, 128, 64, 2),
        (3, 5, 3, 2, 4, 1),
        (4, 4, 5, 3, 1, 3),
    ]:
        inputs = keras.Input(shape=(height, width, in_channels))
        layer = keras.layers.Conv2DTranspose(filters, kernel, strides=strides, padding="same")
        want = multiply_accumulates(keras.Model(inputs, layer(inputs)))["total"]
        got = answered(transposed_conv_macs(height, width, kernel, in_channels, filters))
        if got != want:
            return (
                f"a transposed convolution with a {kernel} x {kernel} kernel from {height} x {width} x {in_channels} "
                f"to {filters} channels (stride {strides}) makes {want} MACs per example, you returned {got}. Count "
                "per *input* pixel: each of its channels meets kernel x kernel x filters weights."
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
