import keras
import numpy as np
import pytest

import ganlib


def dense_params(sizes):
    return sum(m * n + n for m, n in zip(sizes, sizes[1:]))


def test_mlp_shapes_and_parameter_counts():
    g = ganlib.mlp_generator(latent_dim=4, output_dim=3, hidden=(16, 8))
    d = ganlib.mlp_discriminator(input_dim=3, hidden=(16,))
    assert g.output_shape == (None, 3) and d.output_shape == (None, 1)
    assert g.count_params() == dense_params([4, 16, 8, 3])
    assert d.count_params() == dense_params([3, 16, 1])
    x = g(np.zeros((5, 4), dtype=np.float32))
    assert d(x).shape == (5, 1)


def test_dcgan_pair_makes_and_judges_28x28_images_in_tanh_range():
    g = ganlib.dcgan_generator(latent_dim=16, filters=8)
    d = ganlib.dcgan_discriminator(filters=8)
    images = g(np.random.default_rng(0).normal(size=(3, 16)).astype(np.float32) * 50, training=False)
    assert images.shape == (3, 28, 28, 1)
    assert np.all(np.abs(images) <= 1.0)
    assert d(images).shape == (3, 1)


def test_discriminators_output_unbounded_logits_not_probabilities():
    d = ganlib.mlp_discriminator(input_dim=2, hidden=(8,))
    assert d.layers[-1].activation.__name__ == "linear"


def test_dcgan_blocks_map_vectors_to_images_and_images_to_features():
    z = keras.Input((5,))
    images = ganlib.dcgan_upsample(z, filters=4)
    assert tuple(images.shape) == (None, 28, 28, 1)
    generator = keras.Model(z, images)
    # the same layers as the full generator builder
    assert generator.count_params() == ganlib.dcgan_generator(latent_dim=5, filters=4).count_params()
    out = generator(np.random.default_rng(0).normal(size=(3, 5)).astype("float32") * 50, training=False)
    assert np.all(np.abs(out) <= 1.0)  # tanh
    x = keras.Input((28, 28, 3))
    features = ganlib.dcgan_downsample(x, filters=4)
    assert tuple(features.shape) == (None, 7 * 7 * 8)
    plain = keras.Model(x, features)
    normalised = keras.Model(x, ganlib.dcgan_downsample(x, filters=4, spectral_norm=True))
    wrapped = [layer for layer in normalised.layers if isinstance(layer, keras.layers.SpectralNormalization)]
    assert len(wrapped) == 2 and not any(
        isinstance(layer, keras.layers.SpectralNormalization) for layer in plain.layers
    )


def largest_singular_value(kernel):
    kernel = np.asarray(kernel)
    return np.linalg.svd(kernel.reshape(-1, kernel.shape[-1]), compute_uv=False)[0]


@pytest.mark.parametrize("layer", [lambda: keras.layers.Dense(16), lambda: keras.layers.Conv2D(8, 3)])
def test_spectral_norm_brings_the_largest_singular_value_to_one(layer):
    wrapped = ganlib.spectral_norm(layer(), power_iterations=1)
    x = (
        np.random.default_rng(0)
        .normal(size=(4, 6, 6, 3) if isinstance(wrapped.layer, keras.layers.Conv2D) else (4, 10))
        .astype("float32")
    )
    wrapped(x)  # build
    kernel = wrapped.layer.kernel
    kernel.assign(5.0 * kernel)  # far from 1
    assert largest_singular_value(kernel) > 2
    for _ in range(10):  # each training call runs one power-iteration step and divides the kernel
        wrapped(x, training=True)
    assert largest_singular_value(kernel) == pytest.approx(1.0, abs=1e-2)


def test_spectral_norm_leaves_the_kernel_alone_outside_training():
    wrapped = ganlib.spectral_norm(keras.layers.Dense(4))
    x = np.ones((2, 3), "float32")
    wrapped(x)
    before = wrapped.layer.kernel.numpy()
    wrapped(x, training=False)
    np.testing.assert_array_equal(before, wrapped.layer.kernel.numpy())


def test_discriminators_with_spectral_norm_wrap_every_kernel():
    for d in (
        ganlib.mlp_discriminator(hidden=(8, 8), spectral_norm=True),
        ganlib.dcgan_discriminator(filters=4, spectral_norm=True),
    ):
        with_kernels = [layer for layer in d.layers if hasattr(layer, "kernel") or hasattr(layer, "layer")]
        assert with_kernels and all(isinstance(layer, keras.layers.SpectralNormalization) for layer in with_kernels)
        assert d.output_shape == (None, 1)
