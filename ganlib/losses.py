r"""GAN losses, written from the discriminator's logits.

The discriminator outputs a logit :math:`l`, and :math:`D = \sigma(l)`. Writing
the losses from :math:`l` with the softplus function,
:math:`\log \sigma(l) = -\operatorname{softplus}(-l)` and
:math:`\log(1 - \sigma(l)) = -\operatorname{softplus}(l)`, keeps them finite for
any logit, where ``log(sigmoid(l))`` would give ``-inf`` at ``l = -100``.

Each loss is a :class:`GANLoss`: a pair of functions that the two players
*minimise*. The discriminator's is the same in both classic losses; the
generators' differ.

Two more losses take the discriminator's raw output as a *critic score*
:math:`f(x)` rather than a logit (no sigmoid is ever applied): the Wasserstein
loss of Arjovsky et al. (2017), which needs a Lipschitz constraint on the critic
that these functions do not impose, and the hinge loss of Lim & Ye (2017) and
Miyato et al. (2018).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple

import keras
import tensorflow as tf
from keras import ops

from . import _validate


def discriminator_loss(real_logits, fake_logits, real_target: float = 1.0):
    r"""Binary cross-entropy of the discriminator: :math:`-\mathbb{E}[\log D(x)] - \mathbb{E}[\log(1 - D(G(z)))]`.

    This is minus the value function :math:`V(D, G)` of Goodfellow et al. (2014),
    so minimising it is the discriminator maximising :math:`V`. It is the *sum* of
    the mean over the real batch and the mean over the fake batch, so for batches of
    equal size it is twice the binary cross-entropy that
    ``keras.losses.BinaryCrossentropy`` computes on the pooled batch: at
    :math:`D = 1/2` everywhere it is :math:`2 \log 2`, not :math:`\log 2`.

    Args:
        real_logits: the discriminator's logits on real data, shape ``(batch, 1)``.
        fake_logits: its logits on generated data, shape ``(batch, 1)``.
        real_target: the label of real data, 1; below 1 for one-sided label
            smoothing (see :func:`label_smoothed`).

    Returns:
        A scalar tensor.
    """
    real_loss = ops.softplus(-real_logits)
    if real_target != 1.0:  # cross-entropy with target t: t log(1/D) + (1 - t) log(1/(1 - D))
        real_loss = real_target * real_loss + (1.0 - real_target) * ops.softplus(real_logits)
    return ops.mean(real_loss) + ops.mean(ops.softplus(fake_logits))


def minimax_generator_loss(fake_logits):
    r"""The generator's side of the minimax game: :math:`\mathbb{E}[\log(1 - D(G(z)))]`, minimised.

    Its gradient vanishes when the discriminator confidently rejects the fakes
    (:math:`D(G(z)) \to 0`): it *saturates*. That happens early in training, as soon
    as the discriminator learns faster than a still poor generator.
    """
    return -ops.mean(ops.softplus(fake_logits))


def non_saturating_generator_loss(fake_logits):
    r"""The non-saturating generator loss :math:`-\mathbb{E}[\log D(G(z))]`, minimised.

    It has the same fixed point as the minimax loss but strong gradients where
    the discriminator rejects the fakes (Goodfellow et al. 2014, section 3).
    """
    return ops.mean(ops.softplus(-fake_logits))


def wasserstein_critic_loss(real_scores, fake_scores):
    r"""The WGAN critic's loss :math:`\mathbb{E}[f(G(z))] - \mathbb{E}[f(x)]`, minimised.

    Minimising it maximises :math:`\mathbb{E}[f(x)] - \mathbb{E}[f(G(z))]`, the
    Kantorovich-Rubinstein lower bound on the Wasserstein-1 distance, which is
    only a bound when the critic :math:`f` is 1-Lipschitz (Arjovsky et al. 2017).
    This function does not enforce that: without weight clipping, a gradient
    penalty or spectral normalisation the critic's scores grow without limit.

    Args:
        real_scores: the critic's raw outputs on real data, shape ``(batch, 1)``.
        fake_scores: its raw outputs on generated data, shape ``(batch, 1)``.
    """
    return ops.mean(fake_scores) - ops.mean(real_scores)


def wasserstein_generator_loss(fake_scores):
    r"""The WGAN generator's loss :math:`-\mathbb{E}[f(G(z))]`, minimised: push the critic's score of fakes up."""
    return -ops.mean(fake_scores)


def hinge_discriminator_loss(real_scores, fake_scores):
    r"""The hinge loss of the discriminator: :math:`\mathbb{E}[\max(0, 1 - f(x))] + \mathbb{E}[\max(0, 1 + f(G(z)))]`.

    Real samples scoring above 1 and fakes scoring below -1 cost nothing, so the
    discriminator stops pushing once a sample is on the right side of the
    margin (Lim & Ye 2017; Miyato et al. 2018). Piecewise linear, so finite with
    a gradient of 0 or +-1/batch for any score.

    Args:
        real_scores: the discriminator's raw outputs on real data, shape ``(batch, 1)``.
        fake_scores: its raw outputs on generated data, shape ``(batch, 1)``.
    """
    return ops.mean(ops.relu(1.0 - real_scores)) + ops.mean(ops.relu(1.0 + fake_scores))


# The generator's side of the hinge loss is WGAN's generator loss, -E[f(G(z))], minimised
# (Lim & Ye 2017; Miyato et al. 2018): one function under both names.
hinge_generator_loss = wasserstein_generator_loss


class GANLoss(NamedTuple):
    """A GAN loss: the function each player minimises, both taking the discriminator's raw outputs.

    ``logits`` says what those outputs are: logits of the probability that a
    sample is real (the cross-entropy losses), or critic scores that no sigmoid
    turns into probabilities (``"wasserstein"``, ``"hinge"``).
    """

    name: str
    discriminator: Callable
    generator: Callable
    logits: bool = True


LOSSES: dict[str, GANLoss] = {
    "minimax": GANLoss("minimax", discriminator_loss, minimax_generator_loss),
    "non_saturating": GANLoss("non_saturating", discriminator_loss, non_saturating_generator_loss),
    "wasserstein": GANLoss("wasserstein", wasserstein_critic_loss, wasserstein_generator_loss, logits=False),
    "hinge": GANLoss("hinge", hinge_discriminator_loss, hinge_generator_loss, logits=False),
}


def label_smoothed(loss: str | GANLoss = "non_saturating", smoothing: float = 0.1) -> GANLoss:
    """``loss`` with one-sided label smoothing: the discriminator's target for real data is ``1 - smoothing``.

    Salimans et al. (2016) smooth only the real side: smoothing the fake side
    too would reward the generator for staying where it is. Only the
    cross-entropy losses ("minimax", "non_saturating") have labels to smooth.

    Args:
        loss: a cross-entropy loss, by name or as a :class:`GANLoss`.
        smoothing: how much to take off the real label, in (0, 1), e.g. 0.1.
    """
    loss = get_loss(loss)
    if loss.discriminator is not discriminator_loss:
        raise ValueError(f"loss: expected a cross-entropy loss ('minimax' or 'non_saturating'), got {loss.name!r}")
    smoothing = _validate.unit_interval("smoothing", smoothing)
    return GANLoss(
        f"{loss.name}, real label {1 - smoothing:g}",
        partial(discriminator_loss, real_target=1.0 - smoothing),
        loss.generator,
    )


def gradient_penalty(critic: keras.Model, real: Any, fake: Any, labels: Any = None, seed: Any = None):
    r"""The gradient penalty of WGAN-GP: :math:`\mathbb{E}_{\hat x}[(\lVert \nabla_{\hat x} f(\hat x) \rVert_2 - 1)^2]`.

    :math:`\hat x = \alpha x + (1 - \alpha) \tilde x` lies on the line between a
    real sample :math:`x` and a generated one :math:`\tilde x`, with
    :math:`\alpha \sim U[0, 1]` drawn per sample (Gulrajani et al. 2017). A
    1-Lipschitz critic with gradient norm 1 everywhere pays nothing. The critic
    must score each sample on its own (no batch normalisation), so that the
    gradient of the summed scores is each sample's own gradient. A small
    epsilon inside the square root keeps the gradient of the norm finite at 0.

    Args:
        critic: the discriminator or critic, ``x -> (batch, 1)`` scores
            (conditional: ``[x, labels] -> (batch, 1)``).
        real: a batch of real samples.
        fake: a batch of generated samples of the same shape.
        labels: the batch's labels, for a conditional critic.
        seed: a seed or ``keras.random.SeedGenerator`` for :math:`\alpha`.

    Returns:
        A scalar tensor, differentiable with respect to the critic's weights.
    """
    real = ops.convert_to_tensor(real)
    fake = ops.cast(fake, real.dtype)
    if tuple(real.shape) != tuple(fake.shape):
        raise ValueError(f"fake: expected the shape of real, {tuple(real.shape)}, got {tuple(fake.shape)}")
    alpha_shape = (ops.shape(real)[0],) + (1,) * (len(real.shape) - 1)
    alpha = keras.random.uniform(alpha_shape, dtype=real.dtype, seed=seed)
    between = alpha * real + (1.0 - alpha) * fake
    with tf.GradientTape() as tape:
        tape.watch(between)
        scores = critic(between if labels is None else [between, labels], training=True)
    gradients = tape.gradient(scores, between)
    norms = ops.sqrt(ops.sum(ops.square(gradients), axis=tuple(range(1, len(real.shape)))) + 1e-12)
    return ops.mean(ops.square(norms - 1.0))


def get_loss(loss: str | GANLoss) -> GANLoss:
    """Return the :class:`GANLoss` called ``loss`` (one of ``ganlib.LOSSES``), or ``loss`` itself.

    Raises:
        ValueError: for an unknown name. TypeError: for anything but a name or a GANLoss.
    """
    if isinstance(loss, GANLoss):
        return loss
    return LOSSES[_validate.one_of("loss", loss, list(LOSSES))]


__all__ = [
    "GANLoss",
    "LOSSES",
    "discriminator_loss",
    "get_loss",
    "gradient_penalty",
    "hinge_discriminator_loss",
    "hinge_generator_loss",
    "label_smoothed",
    "minimax_generator_loss",
    "non_saturating_generator_loss",
    "wasserstein_critic_loss",
    "wasserstein_generator_loss",
]
