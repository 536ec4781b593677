"""Checks of the exercises of the chapter *A DCGAN on MNIST* (``book/part3/dcgan_mnist.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np

from ._registry import answered, exercise


@exercise("dcgan-transpose-size")
def _check_generator_sizes(generator_sizes: Callable) -> str | None:
    for start, strides, want in [(7, [2, 2], [14, 28]), (4, [2, 2, 2], [8, 16, 32]), (5, [1, 3], [5, 15]), (3, [], [])]:
        got = answered(generator_sizes(start, strides))
        if list(np.asarray(got).tolist()) != want:
            return f"generator_sizes({start}, {strides}) should be {want}, got {got}. Multiply by each stride in turn."
    return None


@exercise("dcgan-conv-params")
def _check_conv_parameters(conv_parameters: Callable) -> str | None:
    for kernel, cin, cout, bias in [(4, 1, 64, True), (4, 128, 64, False), (3, 16, 32, True), (1, 5, 7, False)]:
        layer = keras.layers.Conv2D(cout, kernel, use_bias=bias)
        layer.build((None, 8, 8, cin))
        got = answered(conv_parameters(kernel, cin, cout, bias))
        if got != layer.count_params():
            return (
                f"a {kernel}x{kernel} convolution from {cin} to {cout} channels {'with' if bias else 'without'} "
                f"bias has {layer.count_params()} parameters, you returned {got}: one kernel x kernel x in_channels "
                "filter per output channel, plus one bias per output channel."
            )
    return None


@exercise("dcgan-interpolate")
def _check_interpolate(interpolate: Callable) -> str | None:
    z0, z1 = np.array([0.0, 1.0, -2.0]), np.array([4.0, 1.0, 2.0])
    got = np.asarray(answered(interpolate(z0, z1, 5)), dtype=np.float64)
    want = np.array([[0, 1, -2], [1, 1, -1], [2, 1, 0], [3, 1, 1], [4, 1, 2]], dtype=np.float64)
    if got.shape != want.shape:
        return f"interpolate(z0, z1, 5) should have shape {want.shape}, got {got.shape}."
    if not np.allclose(got, want):
        return "the first row must be z0, the last z1, and the steps between rows equal."
    return None
