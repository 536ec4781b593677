"""Model builders: small MLPs for toy data, a DCGAN pair for 28x28x1 digits, and a digit classifier.

Every discriminator outputs a *logit* (no sigmoid): the losses in
:mod:`ganlib.losses` take logits, which keeps them numerically stable.
Every model's last layer computes in float32 (``dtype="float32"``), so that under
the ``"mixed_float16"`` policy logits, losses and samples stay float32.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import keras
import numpy as np
from keras import layers, ops

from . import _validate


def _hidden_sizes(hidden: Sequence[int]) -> tuple[int, ...]:
    if isinstance(hidden, (str, bytes)) or not isinstance(hidden, Sequence) or not hidden:
        raise TypeError(f"hidden: expected a non-empty sequence of positive integers, got {hidden!r}")
    return tuple(_validate.positive_int(f"hidden[{i}]", size) for i, size in enumerate(hidden))


def mlp_generator(
    latent_dim: int = 2, output_dim: int = 2, hidden: Sequence[int] = (128, 128), name: str = "generator"
) -> keras.Model:
    """A fully connected generator: noise of size ``latent_dim`` to a point in ``output_dim`` dimensions.

    Hidden layers use ReLU; the output is linear, so it can reach any real value
    (toy data is not confined to [-1, 1]).
    """
    latent_dim = _validate.positive_int("latent_dim", latent_dim)
    output_dim = _validate.positive_int("output_dim", output_dim)
    inputs = keras.Input(shape=(latent_dim,), name="z")
    x = inputs
    for size in _hidden_sizes(hidden):
        x = layers.Dense(size, activation="relu")(x)
    outputs = layers.Dense(output_dim, name="sample", dtype="float32")(x)
    return keras.Model(inputs, outputs, name=name)


def spectral_norm(layer: layers.Layer, power_iterations: int = 1) -> layers.Layer:
    r"""Wrap a layer with a kernel (Dense, Conv2D, ...) in spectral normalisation (Miyato et al. 2018).

    Keras ships the wrapper, ``keras.layers.SpectralNormalization``; this checks
    the arguments and returns it. In every training call it refines an estimate
    of the kernel's largest singular value :math:`\sigma` by ``power_iterations``
    steps of power iteration and divides the kernel by it, so that the layer is
    (about) 1-Lipschitz. Keras stores the divided kernel back in the layer (the
    next gradient step then starts from a normalised kernel), where the paper
    keeps the raw kernel and divides it in every forward pass; both keep
    :math:`\sigma` near 1.

    Args:
        layer: a Keras layer with a ``kernel`` (or ``embeddings``), not yet built.
        power_iterations: power-iteration steps per training call.
    """
    if not isinstance(layer, layers.Layer):
        raise TypeError(f"layer: expected a keras.layers.Layer with a kernel, got {type(layer).__name__}")
    power_iterations = _validate.positive_int("power_iterations", power_iterations)
    # The wrapper computes in the layer's dtype, so a float32 output layer stays float32
    # under the "mixed_float16" policy.
    return layers.SpectralNormalization(
        layer, power_iterations=power_iterations, dtype=layer.dtype_policy, name=f"{layer.name}_sn"
    )


def _maybe_normalised(layer: layers.Layer, normalise: bool) -> layers.Layer:
    if not isinstance(normalise, bool):
        raise TypeError(f"spectral_norm: expected True or False, got {type(normalise).__name__}")
    return spectral_norm(layer) if normalise else layer


def mlp_discriminator(
    input_dim: int = 2, hidden: Sequence[int] = (128, 128), name: str = "discriminator", spectral_norm: bool = False
) -> keras.Model:
    """A fully connected discriminator: a point in ``input_dim`` dimensions to one logit.

    Hidden layers use LeakyReLU (slope 0.2), as recommended for discriminators
    by Radford et al. (2015). With ``spectral_norm=True`` every Dense layer is
    wrapped by :func:`spectral_norm`.
    """
    input_dim = _validate.positive_int("input_dim", input_dim)
    inputs = keras.Input(shape=(input_dim,), name="x")
    x = inputs
    for size in _hidden_sizes(hidden):
        x = _maybe_normalised(layers.Dense(size), spectral_norm)(x)
        x = layers.LeakyReLU(negative_slope=0.2)(x)
    outputs = _maybe_normalised(layers.Dense(1, name="logit", dtype="float32"), spectral_norm)(x)
    return keras.Model(inputs, outputs, name=name)


def dcgan_upsample(x: keras.KerasTensor, filters: int) -> keras.KerasTensor:
    """The layers of the DCGAN generator: a Keras tensor of vectors to a 28x28x1 tanh image.

    A dense projection to a 7x7 image with ``2 * filters`` channels, then two
    strided transposed convolutions, 7 -> 14 -> 28, with batch normalisation and
    ReLU in between and tanh at the output. :func:`dcgan_generator` applies it
    to the noise, :func:`dcgan_conditional_generator` to the noise and a label.

    Args:
        x: a symbolic tensor of shape ``(batch, n)`` (Keras functional API).
        filters: channels of the 14x14 layer; the 7x7 layer has twice as many.
    """
    x = _validate.keras_tensor("x", x, (None,), "a tensor of vectors, shape (batch, n)")
    filters = _validate.positive_int("filters", filters)
    x = layers.Dense(7 * 7 * 2 * filters, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.Reshape((7, 7, 2 * filters))(x)
    x = layers.Conv2DTranspose(filters, 4, strides=2, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    return layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh", name="image", dtype="float32")(x)


def dcgan_downsample(x: keras.KerasTensor, filters: int, spectral_norm: bool = False) -> keras.KerasTensor:
    """The layers of the DCGAN discriminator: a Keras tensor of 28x28 images to a feature vector.

    Two strided convolutions with LeakyReLU (slope 0.2), 28 -> 14 -> 7, and no
    batch normalisation, flattened to ``7 * 7 * 2 * filters`` features.
    :func:`dcgan_discriminator` and :func:`dcgan_conditional_discriminator`
    turn these features into a logit.

    Args:
        x: a symbolic tensor of images, shape ``(batch, 28, 28, channels)``.
        filters: channels of the 14x14 layer; the 7x7 layer has twice as many.
        spectral_norm: wrap both convolutions in :func:`spectral_norm`.
    """
    x = _validate.keras_tensor("x", x, (28, 28, None), "a tensor of 28x28 images, shape (batch, 28, 28, channels)")
    filters = _validate.positive_int("filters", filters)
    x = _maybe_normalised(layers.Conv2D(filters, 4, strides=2, padding="same"), spectral_norm)(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = _maybe_normalised(layers.Conv2D(2 * filters, 4, strides=2, padding="same"), spectral_norm)(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    return layers.Flatten(name="features")(x)


def dcgan_generator(latent_dim: int = 64, filters: int = 64, name: str = "generator") -> keras.Model:
    """A DCGAN generator for 28x28x1 images with values in [-1, 1].

    Following Radford et al. (2015): a dense projection to 7x7, then two
    strided transposed convolutions (7 -> 14 -> 28), batch normalisation and
    ReLU in between, and tanh at the output.

    Args:
        latent_dim: size of the noise vector z.
        filters: channels of the 14x14 layer; the 7x7 layer has twice as many.
    """
    latent_dim = _validate.positive_int("latent_dim", latent_dim)
    filters = _validate.positive_int("filters", filters)
    inputs = keras.Input(shape=(latent_dim,), name="z")
    return keras.Model(inputs, dcgan_upsample(inputs, filters), name=name)


def dcgan_discriminator(filters: int = 64, name: str = "discriminator", spectral_norm: bool = False) -> keras.Model:
    """A DCGAN discriminator for 28x28x1 images: two strided convolutions and a dense logit.

    LeakyReLU (slope 0.2) throughout and no batch normalisation, so that each
    image's logit depends on that image alone (as a gradient penalty needs).
    With ``spectral_norm=True`` every layer with a kernel is wrapped by :func:`spectral_norm`.
    """
    filters = _validate.positive_int("filters", filters)
    inputs = keras.Input(shape=(28, 28, 1), name="image")
    logit = _maybe_normalised(layers.Dense(1, name="logit", dtype="float32"), spectral_norm)
    outputs = logit(dcgan_downsample(inputs, filters, spectral_norm))
    return keras.Model(inputs, outputs, name=name)


def dcgan_conditional_generator(
    latent_dim: int = 64, num_classes: int = 10, filters: int = 64, name: str = "generator"
) -> keras.Model:
    """A DCGAN generator conditioned on a class label (Mirza & Osindero, 2014).

    Inputs ``[z, label]``: noise of shape ``(batch, latent_dim)`` and integer
    labels of shape ``(batch,)``. The label's learned embedding is concatenated
    to the noise before the same upsampling stack as :func:`dcgan_generator`.
    """
    latent_dim = _validate.positive_int("latent_dim", latent_dim)
    num_classes = _validate.positive_int("num_classes", num_classes)
    filters = _validate.positive_int("filters", filters)
    z = keras.Input(shape=(latent_dim,), name="z")
    label = keras.Input(shape=(), dtype="int32", name="label")
    embedded = layers.Embedding(num_classes, latent_dim, name="label_embedding")(label)
    x = layers.Concatenate()([z, embedded])
    return keras.Model([z, label], dcgan_upsample(x, filters), name=name)


def dcgan_conditional_discriminator(
    num_classes: int = 10, filters: int = 64, name: str = "discriminator"
) -> keras.Model:
    """A DCGAN discriminator conditioned on a class label, by projection (Miyato & Koyama, 2018).

    Inputs ``[image, label]``. With image features :math:`\\phi(x)` from the same
    convolutions as :func:`dcgan_discriminator`, the logit is
    :math:`w^\\top \\phi(x) + b + e_y^\\top \\phi(x)`, where :math:`e_y` is a learned
    embedding of the label: the label decides which direction of the features
    counts as real.
    """
    num_classes = _validate.positive_int("num_classes", num_classes)
    filters = _validate.positive_int("filters", filters)
    image = keras.Input(shape=(28, 28, 1), name="image")
    label = keras.Input(shape=(), dtype="int32", name="label")
    features = dcgan_downsample(image, filters)
    embedded = layers.Embedding(num_classes, 7 * 7 * 2 * filters, name="label_embedding")(label)
    projection = layers.Dot(axes=1)([features, embedded])
    outputs = layers.Add(name="logit", dtype="float32")([layers.Dense(1)(features), projection])
    return keras.Model([image, label], outputs, name=name)


def mnist_classifier(architecture: str = "cnn", hidden: int = 128, name: str = "mnist_classifier") -> keras.Model:
    """A small classifier of 28x28x1 digits with values in [-1, 1], returning 10 logits.

    Args:
        architecture: ``"mlp"`` (flatten, one hidden ReLU layer of ``hidden``
            units) or ``"cnn"`` (two 3x3 convolutions with 16 and 32 filters, each
            followed by 2x2 max pooling, then a hidden ReLU layer of ``hidden`` units).
        hidden: units of the last hidden layer.
        name: the model's name.

    Returns:
        An uncompiled ``keras.Model`` mapping ``(n, 28, 28, 1)`` images to
        ``(n, 10)`` logits (no softmax): train it with
        ``SparseCategoricalCrossentropy(from_logits=True)``.
    """
    architecture = _validate.one_of("architecture", architecture, ("mlp", "cnn"))
    hidden = _validate.positive_int("hidden", hidden)
    inputs = keras.Input(shape=(28, 28, 1), name="image")
    x = inputs
    if architecture == "cnn":
        x = layers.Conv2D(16, 3, activation="relu", padding="same")(x)
        x = layers.MaxPooling2D(2)(x)
        x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
        x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(hidden, activation="relu", name="features")(x)
    outputs = layers.Dense(10, name="logits")(x)
    return keras.Model(inputs, outputs, name=name)


def predict_in_batches(model: keras.Model, inputs: Any, batch_size: int = 1024) -> np.ndarray:
    """Run ``model`` in inference mode on ``inputs`` (an array, or a list of arrays) batch by batch.

    Unlike ``model.predict`` it builds no new ``tf.function`` per model, so it is
    cheap to call on many small models (and prints no retracing warnings).
    """
    batch_size = _validate.positive_int("batch_size", batch_size)
    parts = inputs if isinstance(inputs, (list, tuple)) else [inputs]
    outputs = [
        model(
            [part[i : i + batch_size] for part in parts] if len(parts) > 1 else parts[0][i : i + batch_size],
            training=False,
        )
        for i in range(0, len(parts[0]), batch_size)
    ]
    return np.concatenate([ops.convert_to_numpy(output) for output in outputs])
