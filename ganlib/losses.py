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

from typing import Callable, NamedTuple

from keras import ops

from . import _validate


def discriminator_loss(real_logits, fake_logits):
    r"""Binary cross-entropy of the discriminator: :math:`-\mathbb{E}[\log D(x)] - \mathbb{E}[\log(1 - D(G(z)))]`.

    This is minus the value function :math:`V(D, G)` of Goodfellow et al. (2014),
    so minimising it is the discriminator maximising :math:`V`.

    Args:
        real_logits: the discriminator's logits on real data, shape ``(batch, 1)``.
        fake_logits: its logits on generated data, shape ``(batch, 1)``.

    Returns:
        A scalar tensor.
    """
    return ops.mean(ops.softplus(-real_logits)) + ops.mean(ops.softplus(fake_logits))


def minimax_generator_loss(fake_logits):
    r"""The generator's side of the minimax game: :math:`\mathbb{E}[\log(1 - D(G(z)))]`, minimised.

    Its gradient vanishes when the discriminator confidently rejects the fakes
    (:math:`D(G(z)) \to 0`), which is where a generator starts: it *saturates*.
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


def hinge_generator_loss(fake_scores):
    r"""The generator's side of the hinge loss: :math:`-\mathbb{E}[f(G(z))]`, minimised (as in WGAN)."""
    return -ops.mean(fake_scores)


class GANLoss(NamedTuple):
    """A GAN loss: the function each player minimises, both taking the discriminator's raw outputs (logits)."""

    name: str
    discriminator: Callable
    generator: Callable


LOSSES: dict[str, GANLoss] = {
    "minimax": GANLoss("minimax", discriminator_loss, minimax_generator_loss),
    "non_saturating": GANLoss("non_saturating", discriminator_loss, non_saturating_generator_loss),
    "wasserstein": GANLoss("wasserstein", wasserstein_critic_loss, wasserstein_generator_loss),
    "hinge": GANLoss("hinge", hinge_discriminator_loss, hinge_generator_loss),
}


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
    "hinge_discriminator_loss",
    "hinge_generator_loss",
    "minimax_generator_loss",
    "non_saturating_generator_loss",
    "wasserstein_critic_loss",
    "wasserstein_generator_loss",
]
