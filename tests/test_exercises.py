import math
import re

import numpy as np
import pytest
from sklearn.cluster import KMeans

import ganlib
from ganlib.exercises import CHECKS, evaluate


def starter(*args, **kwargs): ...  # your code here


# A plausible wrong answer for every exercise: its check must fail on it.
WRONG_ANSWERS = {
    # Chapter: A first GAN
    "first-gan-accuracy": lambda real, fake: float(np.mean(np.asarray(real) > 0)),
    "first-gan-parameters": lambda sizes: sum(m * n for m, n in zip(sizes, sizes[1:])),
    # real grid points reach all nine modes, not the eight claimed
    "first-gan-grid": (ganlib.grid_of_gaussians(size=3, spacing=2.0, std=0.1).sample(2000, seed=0), 8),
    # Chapter: The brain as a computer
    "brain-events": (2e9 * 5_000, 5e9 * 10_000),
    # counts per output pixel of a stride-2 layer, as for a convolution
    "brain-transposed-conv-macs": lambda h, w, k, c_in, f: 4 * h * w * k * k * c_in * f,
    "brain-forward-energy": 64 * ganlib.dcgan_generator(latent_dim=64, filters=32).count_params() * 4.6e-12,
    # Chapter: From spikes to units
    # the plain Euler step, not the exact one
    "spikes-exponential-euler": lambda v, current, dt, tau, resistance, v_rest: (
        v + dt / tau * (-(v - v_rest) + resistance * current)
    ),
    "spikes-rheobase": (-54.0 - (-75.0)) / 20.0,
    # the last gate reads one signal twice: NOT g2, which is wrong on (0, 1)
    "spikes-xor-from-nand": [("x1", "x2"), ("x1", "g1"), ("x2", "g1"), ("g2", "g2")],
    # Chapter: Learning with gradients
    "gradients-sigmoid-derivative": lambda s: np.asarray(s) * (1 + np.asarray(s)),
    "gradients-neuron-step": lambda w, b, x, y, lr: (w + lr * (1 / (1 + np.exp(-(w @ x + b))) - y) * x, b),
    "gradients-hebbian-growth": lambda w, x, lr: (lambda v: v / np.linalg.norm(v))(w + lr * (x @ w) @ x),
    # Chapter: Generative vs discriminative models
    "generative-posterior": lambda x, means, stds, priors: (
        np.exp(-0.5 * ((np.asarray(x)[:, None] - means) / stds) ** 2) * priors
    ),
    "generative-exponential-sampler": lambda u, rate: -np.log(1 - np.asarray(u)) * rate,
    "generative-parameters": lambda k, d, covariance: k + k * d + (k * d * d if covariance == "full" else k * d),
    # Chapter: The adversarial game
    # the gradient of -V, the descent direction of the discriminator's loss (1 - sigmoid(l) = 1 / (1 + e^l))
    "game-discriminator-gradient": lambda w, c, x_real, x_fake: (
        np.mean(x_fake / (1 + np.exp(-(w * x_fake + c)))) - np.mean(x_real / (1 + np.exp(w * x_real + c))),
        np.mean(1 / (1 + np.exp(-(w * x_fake + c)))) - np.mean(1 / (1 + np.exp(w * x_real + c))),
    ),
    # the seed article: both players given the same expression
    "game-losses": lambda d_real, d_fake: (np.mean(np.log(d_real)) + np.mean(np.log(1 - d_fake)),) * 3,
    "game-gradient-sign": lambda w, c, b, z: w * np.mean(1 / (1 + np.exp(-(w * (np.asarray(z) + b) + c)))),
    # Chapter: The optimal discriminator
    "optimal-d-gaussians": lambda x: 1 / (1 + np.exp(-(np.asarray(x) - 0.5))),
    "optimal-d-jsd-discrete": lambda p, q: float(
        np.sum(np.asarray(p) * np.log((np.asarray(p) + 1e-12) / (np.asarray(q) + 1e-12)))
    ),
    "optimal-d-recover-density": lambda d, p_g: np.asarray(p_g) * (1 - np.asarray(d)) / np.asarray(d),
    # Chapter: Saturation
    "saturation-ratio": lambda d: d / (1 - d),
    # (1 - D)/D at the mean D, which ignores how much each sample weighs
    "saturation-batch-ratio": lambda d, v: (1 - np.mean(d)) / np.mean(d),
    "saturation-threshold": 0.01,
    # Chapter: Watching a GAN learn in 1-D
    "gan1d-histogram": lambda samples, edges: np.histogram(samples, bins=edges)[0] / len(samples),
    "gan1d-kde": lambda samples, points, bandwidth: (
        np.exp(-0.5 * ((np.ravel(points)[:, None] - np.ravel(samples)[None, :]) / bandwidth) ** 2).mean(axis=1)
        / np.sqrt(2 * np.pi)
    ),
    "gan1d-expected-d": lambda p_data, p_g, dx: float(np.mean(p_data / (p_data + p_g + 1e-12))),
    # Chapter: Other divergences
    "divergences-w1-samples": lambda a, b: float(np.mean(np.abs(np.asarray(a) - np.asarray(b)))),
    # the small-shift approximation theta^2 / (8 std^2), which never levels off at log 2
    "divergences-gaussian-jsd": lambda theta, std: theta**2 / (8 * std**2),
    "divergences-hinge": lambda real, fake: float(np.mean(1 - np.asarray(real)) + np.mean(1 + np.asarray(fake))),
    "divergences-reverse-kl-conjugate": lambda t: -1.0 + np.log(-np.asarray(t, dtype=float)),
    # Chapter: A DCGAN on MNIST
    "dcgan-transpose-size": lambda start, strides: [start + 2 * s for s in strides],
    "dcgan-conv-params": lambda kernel, cin, cout, bias: kernel * kernel * cin * cout,
    "dcgan-interpolate": lambda z0, z1, n: np.linspace(z0, z1, n + 1)[1:],
    # Chapter: Debugging a broken GAN listing
    # forgets the channel axis: 7 * 7 for (7, 7, 128)
    "debug-reshape": lambda shape: int(shape[0] * (shape[1] if len(shape) > 1 else 1)),
    # the broken listing's labels: "real" for everything
    "debug-labels": lambda n_real, n_fake: np.ones((n_real + n_fake, 1)),
    # adds a channel axis at the end instead of the batch axis in front
    "debug-batch-axis": lambda image: np.asarray(image)[..., np.newaxis],
    # compares sums, which a change that cancels out fools
    "debug-changed-weights": lambda before, after: [
        float(np.sum(b)) != float(np.sum(a)) for b, a in zip(before, after)
    ],
    # Chapter: Conditional GANs
    "cgan-grid-inputs": lambda z, n: (np.repeat(np.asarray(z), n, axis=0), np.tile(np.arange(n), len(z))),
    "cgan-label-accuracy": lambda logits, asked: {int(k): 1.0 for k in np.unique(asked)},
    "cgan-projection": lambda features, w, b, embeddings, label: float(np.asarray(features) @ np.asarray(w) + b),
    # Chapter: Measuring GANs
    # the KL divergence the wrong way round: KL(p(y) || p(y|x))
    "measuring-score-by-hand": lambda p: float(
        np.exp(
            np.mean(
                np.sum(
                    np.asarray(p).mean(axis=0) * np.log((np.asarray(p).mean(axis=0) + 1e-12) / (np.asarray(p) + 1e-12)),
                    axis=1,
                )
            )
        )
    ),
    # the variances' gap instead of the standard deviations'
    "measuring-frechet-1d": lambda mean_a, std_a, mean_b, std_b: (mean_a - mean_b) ** 2 + (std_a**2 - std_b**2) ** 2,
    # ignores the confidence: right only for perfectly confident predictions
    "measuring-k-classes": lambda k, confidence: float(k),
    # Chapter: Self-conditioning
    # forgets the sqrt(2) of the standard normal's cumulative distribution
    "selfcond-gap-mass": lambda a, gap: float(math.erf(np.arctanh(gap) / a)),
    # pools the counts instead of weighting each cluster's own label shares
    "selfcond-digit-distribution": lambda counts, weights: (weights @ counts) / (weights @ counts).sum(),
    # the mean squared distance instead of the sum
    "selfcond-inertia": lambda x, ks, seed: [
        KMeans(k, n_init=4, random_state=seed).fit(x).inertia_ / len(x) for k in ks
    ],
    # Chapter: Keep your training
    # counts the half-written .partial folder as a checkpoint
    "keep-resume-epoch": lambda names: max([int(d) for n in names for d in re.findall(r"\d+", n)], default=0),
    "keep-steps-lost": lambda n, every=1: n * every - 1,
    "keep-checkpoint-contents": {"generator", "discriminator", "epoch"},
    "keep-adam-first-step": lambda g, lr: -lr * np.asarray(g, dtype=np.float64),  # plain SGD, no Adam
    # Chapter: Mode collapse, reproduced
    # the shares of all samples, the far ones included, not of the high-quality ones only
    "modes-kl": lambda s, m, std, n_std=3.0: float(
        np.sum(
            [
                p * np.log(p * len(m))
                for p in np.bincount(np.linalg.norm(s[:, None] - m[None], axis=-1).argmin(1), minlength=len(m)) / len(s)
                if p > 0
            ]
        )
    ),
    # treats every mode as equally likely, whatever the weights
    "modes-expected-covered": lambda n, w: len(w) * (1 - (1 - 1 / len(w)) ** n),
    "modes-all-covered": lambda n, k: (1 - (1 - 1 / k) ** n) ** k,
    # Chapter: Instability and its usual fixes
    "fixes-linear-penalty": lambda w: float(np.linalg.norm(w) - 1.0) ** 1,
    "fixes-power-iteration": lambda W, steps, seed=0: float(np.abs(W).max()),
    # the one-sided optimum whatever the fake target: right only when it is 0
    "fixes-smoothed-optimum": lambda p_data, p_g, real_target, fake_target: (
        real_target * np.asarray(p_data) / (np.asarray(p_data) + np.asarray(p_g))
    ),
    # Chapter: Data-efficient GANs
    "fewdata-translate": lambda image, dy, dx, fill: np.roll(image, (dy, dx), axis=(0, 1)),  # wraps around
    "fewdata-leak": lambda a: 1.0 + a**2 / 12.0,
    "fewdata-gap": lambda t, h: float(np.mean(np.asarray(t) > 0) + np.mean(np.asarray(h) > 0)),
    # Chapter: Where GANs went next
    "next-downsample": lambda image, factor: image[::factor, ::factor],  # subsampling, not averaging
    # batch normalisation: the statistics of the whole batch, not of each image
    "next-adain": lambda x, scale, bias, eps=1e-5: (
        scale[:, None, None, :] * (x - x.mean(axis=(0, 1, 2))) / np.sqrt(x.var(axis=(0, 1, 2)) + eps)
        + bias[:, None, None, :]
    ),
    "next-cycle-loss": lambda x, y, G, F: float(np.mean(np.abs(F(G(x)) - x))),  # one direction only
    # Chapter: Frequently asked questions
    "questions-equilibrium-losses": lambda d_real, d_fake: (-np.log(d_real) - np.log(d_fake), -np.log(1 - d_fake)),
    # counts each sample as its own duplicate: always 1
    "questions-duplicates": lambda samples, tol: float(
        np.mean(
            np.linalg.norm(
                np.reshape(samples, (len(samples), -1))[:, None] - np.reshape(samples, (len(samples), -1))[None],
                axis=-1,
            ).min(axis=1)
            <= tol
        )
    ),
    "questions-diagnose": lambda d_loss, g_loss: "discriminator wins" if d_loss[-1] < 0.1 else "balanced",
}


def test_every_check_has_a_wrong_answer_here():
    assert set(WRONG_ANSWERS) == set(CHECKS)


@pytest.mark.parametrize("label", sorted(CHECKS))
def test_an_empty_answer_is_not_done(label):
    # The starter leaves `...` in place of a value, or a function whose body is `...`.
    empties = (..., None, starter) if callable(WRONG_ANSWERS[label]) else (..., None)
    for empty in empties:
        assert evaluate(label, empty).status == "not done"


@pytest.mark.parametrize("label", sorted(CHECKS))
def test_a_wrong_answer_fails_with_a_hint(label):
    result = evaluate(label, WRONG_ANSWERS[label])
    assert result.status == "failed" and len(result.message) > 20


def test_an_answer_that_raises_fails_without_crashing():
    def broken(real, fake):
        raise ZeroDivisionError("oops")

    result = evaluate("first-gan-accuracy", broken)
    assert result.status == "failed" and "ZeroDivisionError" in result.message


def test_check_prints_the_verdict_and_strict_mode_raises(capsys, monkeypatch):
    monkeypatch.delenv("GANLIB_STRICT_CHECKS", raising=False)
    ganlib.check("first-gan-parameters", ...)
    assert "NOT DONE YET" in capsys.readouterr().out
    monkeypatch.setenv("GANLIB_STRICT_CHECKS", "1")
    with pytest.raises(AssertionError, match="first-gan-parameters"):
        ganlib.check("first-gan-parameters", ...)


def test_unknown_label_lists_the_exercises():
    with pytest.raises(ValueError, match="label: expected one of the book's exercises"):
        evaluate("no-such-exercise", 1)
