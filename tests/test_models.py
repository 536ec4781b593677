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


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: ganlib.mlp_generator(latent_dim=0), ValueError, "latent_dim: expected a positive integer"),
        (lambda: ganlib.mlp_generator(hidden=()), TypeError, "hidden: expected a non-empty sequence"),
        (lambda: ganlib.mlp_discriminator(hidden=(8, -1)), ValueError, r"hidden\[1\]: expected a positive integer"),
        (lambda: ganlib.dcgan_generator(filters="64"), TypeError, "filters: expected a positive integer"),
    ],
)
def test_bad_model_arguments_fail_at_once(call, error, message):
    with pytest.raises(error, match=message):
        call()
