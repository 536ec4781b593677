"""Recipes: ganlib's tested settings for MNIST GANs, and the one function that builds them.

The command line (``python -m ganlib train``), the benchmark (``bench/mnist_gan.py``)
and the chapters that train these models build them with :func:`mnist_gan`, so
that a checkpoint always fits the model it is loaded into and every figure of the
book is measured on the same models.

The settings were measured with ``bench/mnist_gan.py`` on the 5,000 offline
digits (see the README's "Benchmarks"); the choice of :data:`N_CLUSTERS` and
:data:`LEARNING_RATE` was made before the book kept separate validation digits
(:func:`ganlib.split_digits`): rerun the comparison with ``--on validation`` before
changing them.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras

from . import _validate
from .gan import GAN
from .models import (
    dcgan_conditional_discriminator,
    dcgan_conditional_generator,
    dcgan_discriminator,
    dcgan_generator,
)

MODELS = ("conditional", "dcgan", "selfcond")
"""The MNIST models: a DCGAN; a DCGAN conditioned on the digit's label; and the
self-conditioned DCGAN, the best unconditional one: conditioned on :data:`N_CLUSTERS` clusters
of the training digits (:func:`ganlib.cluster_images`), never on their labels."""
DEFAULT_MODEL = "selfcond"
LATENT_DIM = 64
FILTERS = 32
EMA_DECAY = 0.999
LEARNING_RATE = 5e-4  # both players; measured faster to good digits than 2e-4 (bench/mnist_gan.py)
NUM_CLASSES = 10
N_CLUSTERS = 40  # measured against 10 and 20 with bench/mnist_gan.py --clusters


def mnist_gan(model: str, seed: int = 0, label_prior: Sequence[float] | None = None) -> GAN:
    """Build and compile the MNIST GAN named ``model``, the same way for training and for sampling.

    Args:
        model: one of :data:`MODELS`: ``"dcgan"`` (:func:`ganlib.dcgan_generator`
            and :func:`ganlib.dcgan_discriminator`) or ``"conditional"`` (their
            label-conditioned versions, 10 classes) or ``"selfcond"`` (the
            conditioned versions with :data:`N_CLUSTERS` classes, the clusters).
        seed: seeds Keras's random generators (the initial weights) and the
            training noise.
        label_prior: ``"selfcond"`` only, and required there: the clusters'
            frequencies (:func:`ganlib.cluster_prior`), from which it draws clusters to sample.

    Returns:
        A :class:`ganlib.GAN` with 64-dimensional noise and 32 filters, compiled
        with Adam (5e-4, beta_1 = 0.5) for both players, the non-saturating loss
        and an exponential moving average of the generator (decay 0.999).
    """
    model = _validate.one_of("model", model, MODELS)
    seed = _validate.non_negative_int("seed", seed)
    if (model == "selfcond") != (label_prior is not None):
        raise ValueError(
            f"label_prior: expected the clusters' frequencies for 'selfcond' and None otherwise, "
            f"got {'None' if label_prior is None else 'a prior'} for {model!r}"
        )
    keras.utils.set_random_seed(seed)
    if model == "dcgan":
        gan = GAN(dcgan_generator(LATENT_DIM, FILTERS), dcgan_discriminator(FILTERS), seed=seed)
    else:
        classes = NUM_CLASSES if model == "conditional" else N_CLUSTERS
        gan = GAN(
            dcgan_conditional_generator(LATENT_DIM, classes, FILTERS),
            dcgan_conditional_discriminator(classes, FILTERS),
            num_classes=classes,
            seed=seed,
            label_prior=label_prior,
        )
    gan.compile(
        d_optimizer=keras.optimizers.Adam(LEARNING_RATE, beta_1=0.5),
        g_optimizer=keras.optimizers.Adam(LEARNING_RATE, beta_1=0.5),
        loss="non_saturating",
        ema_decay=EMA_DECAY,
    )
    return gan
