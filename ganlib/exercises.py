"""Exercise checks: every exercise in the book is checked by a function here.

An exercise labelled ``first-gan-accuracy`` in a chapter ends with a cell::

    ganlib.check("first-gan-accuracy", discriminator_accuracy)

which prints one of three verdicts: passed, failed (with a hint), or not done
yet (the answer is still the starter's ``...`` or returns nothing). The check
never raises in a reader's notebook; with ``GANLIB_STRICT_CHECKS=1`` (set by the
test command) anything but a pass raises ``AssertionError``, so the tests fail
when a worked solution stops passing its check.

A check is registered with :func:`exercise`; its label is the exercise's
``:label:`` in the book.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .data import grid_of_gaussians, ring_of_gaussians
from .metrics import mode_coverage
from .models import mlp_discriminator, mlp_generator

STRICT_VARIABLE = "GANLIB_STRICT_CHECKS"

Checker = Callable[[Any], "str | None"]
CHECKS: dict[str, Checker] = {}


class NotDone(Exception):
    """Raised inside a checker when the answer is still the starter's placeholder."""


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer: ``status`` is ``"passed"``, ``"failed"`` or ``"not done"``."""

    label: str
    status: str
    message: str

    def __bool__(self) -> bool:
        return self.status == "passed"

    def __str__(self) -> str:
        mark = {"passed": "PASSED", "failed": "FAILED", "not done": "NOT DONE YET"}[self.status]
        return f"[{mark}] exercise {self.label}: {self.message}"


def exercise(label: str) -> Callable[[Checker], Checker]:
    """Register ``checker`` as the check of the exercise labelled ``label``.

    A checker takes the reader's answer and returns ``None`` when it is right,
    or a hint (a string) when it is wrong. It calls :func:`answered` on values
    that may still be placeholders.
    """

    def register(checker: Checker) -> Checker:
        if label in CHECKS:
            raise ValueError(f"label: exercise {label!r} already has a check")
        CHECKS[label] = checker
        return checker

    return register


def answered(value: Any) -> Any:
    """Return ``value``, or raise :class:`NotDone` if it is a placeholder (``...`` or ``None``)."""
    if value is None or value is Ellipsis:
        raise NotDone
    return value


def evaluate(label: str, answer: Any) -> CheckResult:
    """Run the check of exercise ``label`` on ``answer`` and return the verdict, printing nothing."""
    if label not in CHECKS:
        raise ValueError(f"label: expected one of the book's exercises {sorted(CHECKS)}, got {label!r}")
    try:
        hint = CHECKS[label](answered(answer))
    except NotDone:
        return CheckResult(label, "not done", "replace the `...` with your answer, then run this cell again.")
    except Exception as error:  # the reader's code raised: that is a failed answer, not a crash
        return CheckResult(label, "failed", f"your answer raised {type(error).__name__}: {error}")
    if hint is None:
        return CheckResult(label, "passed", "well done.")
    return CheckResult(label, "failed", hint)


def check(label: str, answer: Any) -> None:
    """Check the answer to exercise ``label`` and print the verdict (use :func:`evaluate` to get it).

    With the environment variable ``GANLIB_STRICT_CHECKS`` set, a verdict other
    than passed raises ``AssertionError`` (the tests use this).
    """
    result = evaluate(label, answer)
    print(result)
    if os.environ.get(STRICT_VARIABLE) and not result:
        raise AssertionError(str(result))


def _close(got: Any, want: Any, tol: float) -> bool:
    got = np.asarray(got, dtype=np.float64)
    return got.shape == np.shape(want) and bool(np.allclose(got, want, rtol=tol, atol=tol))


# --- Chapter: a first GAN ----------------------------------------------------


@exercise("first-gan-accuracy")
def _check_discriminator_accuracy(discriminator_accuracy: Callable) -> str | None:
    cases = [
        (np.array([[2.0], [1.0]]), np.array([[-3.0], [-0.5]]), 1.0),
        (np.array([[-2.0], [1.0]]), np.array([[-3.0], [0.5]]), 0.5),
        (np.array([[-1.0], [-1.0], [-1.0]]), np.array([[1.0]]), 0.0),
        (np.array([[0.3], [-0.2], [4.0], [0.1]]), np.array([[-1.0], [-2.0]]), 5 / 6),
    ]
    for real, fake, want in cases:
        got = answered(discriminator_accuracy(real, fake))
        if not _close(got, want, 1e-6):
            return (
                f"for real logits {real.ravel().tolist()} and fake logits {fake.ravel().tolist()} the accuracy "
                f"is {want:.3f}, you returned {got}. A logit above 0 means 'real'; count the real samples called "
                "real and the fakes called fake, over all samples."
            )
    return None


@exercise("first-gan-parameters")
def _check_parameter_count(mlp_parameter_count: Callable) -> str | None:
    for latent_dim, hidden, output_dim in [(2, (128, 128), 2), (8, (16,), 3), (1, (4, 5, 6), 1)]:
        want = mlp_generator(latent_dim, output_dim, hidden).count_params()
        got = answered(mlp_parameter_count([latent_dim, *hidden, output_dim]))
        if got != want:
            return (
                f"an MLP with layer sizes {[latent_dim, *hidden, output_dim]} has {want} parameters, you returned "
                f"{got}. Each Dense layer from m to n units has an m x n weight matrix and n biases."
            )
    want = mlp_discriminator(2, (128, 128)).count_params()
    if mlp_parameter_count([2, 128, 128, 1]) != want:
        return f"the chapter's discriminator (sizes [2, 128, 128, 1]) has {want} parameters."
    return None


@exercise("first-gan-grid")
def _check_grid_samples(samples: Any) -> str | None:
    samples = np.asarray(answered(samples), dtype=np.float64)
    if samples.ndim != 2 or samples.shape[1] != 2 or len(samples) < 500:
        return f"return at least 500 generated points of shape (n, 2); got shape {samples.shape}."
    coverage = mode_coverage(samples, grid_of_gaussians(size=3, spacing=2.0, std=0.1))
    if coverage.modes_covered < 7 or coverage.high_quality < 0.05:
        return (
            f"your points cover {coverage.modes_covered} of the 9 modes, with {coverage.high_quality:.1%} of them "
            "within 3 standard deviations of a mode; a GAN trained on grid_of_gaussians(size=3, spacing=2.0, "
            "std=0.1) covers at least 7 with at least 5% close. Did you train on the grid, and generate after "
            "training?"
        )
    return None


# --- Chapter: Learning with gradients -----------------------------------------


@exercise("gradients-sigmoid-derivative")
def _check_sigmoid_derivative(sigmoid_derivative_from_output: Callable) -> str | None:
    z = np.array([-6.0, -1.5, 0.0, 0.3, 2.0, 8.0])
    s = 1.0 / (1.0 + np.exp(-z))
    want = np.exp(-z) / (1.0 + np.exp(-z)) ** 2  # the derivative computed from z, not from s
    got = answered(sigmoid_derivative_from_output(s))
    if not _close(got, want, 1e-9):
        return (
            f"for outputs s = {np.round(s, 4).tolist()} the slopes are {np.round(want, 4).tolist()}, you returned "
            f"{np.round(np.asarray(got, dtype=float), 4).tolist() if np.shape(got) == s.shape else got}. Differentiate "
            "1 / (1 + exp(-z)) and write exp(-z) in terms of s."
        )
    return None


@exercise("gradients-neuron-step")
def _check_neuron_step(neuron_step: Callable) -> str | None:
    rng = np.random.default_rng(3)
    for y in (1.0, 0.0, 1.0):
        w, x = rng.normal(size=3), rng.normal(size=3)
        b, lr = float(rng.normal()), 0.5
        p = 1.0 / (1.0 + np.exp(-(w @ x + b)))
        result = answered(neuron_step(w.copy(), b, x, y, lr))
        if not isinstance(result, tuple) or len(result) != 2:
            return "return a pair (new_w, new_b)."
        new_w, new_b = result
        if not (_close(new_w, w - lr * (p - y) * x, 1e-9) and _close(new_b, b - lr * (p - y), 1e-9)):
            return (
                f"for w={np.round(w, 3).tolist()}, b={b:.3f}, x={np.round(x, 3).tolist()}, y={y:g}, lr={lr} the step "
                f"gives w={np.round(w - lr * (p - y) * x, 4).tolist()}, b={b - lr * (p - y):.4f}. With the "
                "cross-entropy loss, dL/dz = p - y; then dL/dw = (p - y) x and dL/db = p - y, and a step goes "
                "*against* the gradient."
            )
    return None


@exercise("gradients-hebbian-growth")
def _check_hebbian_pass(hebbian_pass: Callable) -> str | None:
    rng = np.random.default_rng(4)
    x = rng.normal(size=(50, 2)) @ np.array([[2.0, 0.5], [0.0, 0.5]])
    w0, lr = np.array([0.6, 0.8]), 0.01
    want = w0.copy()
    for row in x:
        want = want + lr * (want @ row) * row
    got = answered(hebbian_pass(w0.copy(), x, lr))
    if not _close(got, want, 1e-9):
        return (
            f"after one pass over 50 inputs (in order) from w0={w0.tolist()} with lr={lr}, Hebb's rule gives "
            f"w={np.round(want, 4).tolist()}, you returned {got}. For each input in turn: y = w . x, then "
            "w <- w + lr * y * x (no normalisation)."
        )
    return None


# --- Chapter: Generative vs discriminative models --------------------------------


@exercise("generative-posterior")
def _check_posterior(posterior: Callable) -> str | None:
    x = np.array([-3.0, -0.5, 0.0, 0.7, 2.5])
    means, stds, priors = np.array([-1.0, 1.5, 0.0]), np.array([1.0, 0.5, 2.0]), np.array([0.5, 0.2, 0.3])
    dens = np.exp(-0.5 * ((x[:, None] - means) / stds) ** 2) / (stds * np.sqrt(2 * np.pi))
    want = dens * priors / (dens * priors).sum(axis=1, keepdims=True)
    got = answered(posterior(x, means, stds, priors))
    if not _close(got, want, 1e-6):
        shape = np.shape(got)
        return (
            f"for x={x.tolist()} and three classes (means {means.tolist()}, stds {stds.tolist()}, priors "
            f"{priors.tolist()}) expected an array of shape {want.shape} with rows summing to 1, got shape {shape}. "
            "Multiply each class density by its prior, then divide by the sum over classes (Bayes' rule)."
        )
    return None


@exercise("generative-exponential-sampler")
def _check_exponential_sampler(exponential_sampler: Callable) -> str | None:
    u = np.array([0.0, 0.1, 0.5, 0.9, 0.999])
    for rate in (1.0, 3.0):
        want = -np.log1p(-u) / rate
        got = answered(exponential_sampler(u, rate))
        if not _close(got, want, 1e-9):
            return (
                f"for u={u.tolist()} and rate {rate} the inverse CDF gives {np.round(want, 4).tolist()}. The CDF of "
                "an exponential distribution is F(x) = 1 - exp(-rate x); solve F(x) = u for x."
            )
    return None


@exercise("generative-parameters")
def _check_parameter_count_gaussian(gaussian_class_parameters: Callable) -> str | None:
    for k, d in [(2, 1), (2, 2), (10, 784), (3, 5)]:
        want = {"diagonal": (k - 1) + k * d + k * d, "full": (k - 1) + k * d + k * d * (d + 1) // 2}
        for covariance, count in want.items():
            got = answered(gaussian_class_parameters(k, d, covariance))
            if got != count:
                return (
                    f"{k} classes in {d}-D with {covariance} covariances have {count} free parameters, you returned "
                    f"{got}. Count the priors (they sum to 1), the means, and the free entries of each covariance "
                    "(a symmetric d x d matrix has d(d+1)/2)."
                )
    return None


# --- Chapter: The adversarial game ---------------------------------------------


def _sigmoid(x: Any) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


_GAME_CASES = [
    (np.array([0.9, 0.8, 0.7]), np.array([0.2, 0.1])),
    (np.array([0.5, 0.5]), np.array([0.5, 0.5, 0.5])),
    (np.array([0.99]), np.array([0.6, 0.3, 0.05, 0.5])),
]


@exercise("game-value-estimate")
def _check_game_value_estimate(value_estimate: Callable) -> str | None:
    for d_real, d_fake in _GAME_CASES:
        want = np.mean(np.log(d_real)) + np.mean(np.log(1 - d_fake))
        got = answered(value_estimate(d_real, d_fake))
        if not _close(got, want, 1e-6):
            return (
                f"for D(x) = {d_real.tolist()} on real points and D(G(z)) = {d_fake.tolist()} on fakes, the estimate "
                f"of V is {want:.6f}, you returned {got}. Average log D over the real points and log(1 - D) over the "
                "fakes, and add the two averages."
            )
    return None


@exercise("game-losses")
def _check_game_losses(game_losses: Callable) -> str | None:
    for d_real, d_fake in _GAME_CASES:
        value = np.mean(np.log(d_real)) + np.mean(np.log(1 - d_fake))
        got = answered(game_losses(d_real, d_fake))
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return f"return a pair (d_loss, g_loss); got {type(got).__name__}."
        d_loss, g_loss = (answered(v) for v in got)
        if not _close(d_loss, -value, 1e-6):
            return (
                f"d_loss should be -V = {-value:.6f} (the discriminator maximises V, so it minimises -V); "
                f"you returned {d_loss}."
            )
        if not _close(g_loss, np.mean(np.log(1 - d_fake)), 1e-6):
            return (
                f"g_loss should be the part of V the generator can change, E[log(1 - D(G(z)))] = "
                f"{np.mean(np.log(1 - d_fake)):.6f} (the generator minimises V); you returned {g_loss}."
            )
    return None


@exercise("game-gradient-sign")
def _check_game_gradient_sign(generator_gradient: Callable) -> str | None:
    z = np.random.default_rng(0).normal(size=64)
    for w, c, b in [(2.0, -1.0, 0.0), (1.0, 0.5, -1.0), (-1.5, 0.0, 2.0)]:
        want = -w * np.mean(_sigmoid(w * (z + b) + c))
        got = answered(generator_gradient(w, c, b, z))
        if not _close(got, want, 1e-6):
            return (
                f"for w={w}, c={c}, b={b} the derivative is {want:.6f}, you returned {got}. By the chain rule, "
                "d/db log(1 - sigmoid(l)) = -sigmoid(l) * dl/db, and dl/db = w; average over z."
            )
    return None


# --- Chapter: The optimal discriminator and the global optimum --------------------


@exercise("optimal-d-gaussians")
def _check_optimal_d_gaussians(d_star: Callable) -> str | None:
    x = np.linspace(-4.0, 5.0, 37)
    want = _sigmoid(0.5 - x)
    got = answered(d_star(x))
    if not _close(got, want, 1e-6):
        return (
            "with p_data = N(0, 1) and p_g = N(1, 1), D*(x) = p_data / (p_data + p_g) = sigmoid(log p_data - log p_g) "
            "= sigmoid(1/2 - x). Return an array of the same shape as x; your values differ "
            f"(at x = 0 you give {np.ravel(got)[12] if np.size(got) == 37 else got}, expected {want[12]:.4f})."
        )
    return None


@exercise("optimal-d-jsd-discrete")
def _check_optimal_d_jsd_discrete(js: Callable) -> str | None:
    cases = [
        ([0.5, 0.5], [0.5, 0.5]),
        ([1.0, 0.0], [0.0, 1.0]),
        ([0.1, 0.2, 0.7], [0.3, 0.3, 0.4]),
        ([0.25, 0.25, 0.5, 0.0], [0.0, 0.5, 0.25, 0.25]),
    ]
    for p, q in cases:
        p, q = np.array(p), np.array(q)
        m = (p + q) / 2
        kl = lambda a, b: float(np.sum(np.where(a > 0, a * np.log(np.where(a > 0, a, 1) / np.where(a > 0, b, 1)), 0)))  # noqa: E731
        want = 0.5 * kl(p, m) + 0.5 * kl(q, m)
        got = answered(js(p, q))
        if not _close(got, want, 1e-6):
            return (
                f"JSD({p.tolist()}, {q.tolist()}) = {want:.6f} nats, you returned {got}. Use the mixture m = (p + q)/2, "
                "natural logarithms, and 0 * log 0 = 0 (disjoint supports give log 2 = 0.693)."
            )
    return None


@exercise("optimal-d-recover-density")
def _check_optimal_d_recover_density(data_density: Callable) -> str | None:
    d = np.array([0.5, 0.25, 0.9, 0.01])
    p_g = np.array([0.2, 0.4, 0.1, 1.0])
    want = p_g * d / (1 - d)
    got = answered(data_density(d, p_g))
    if not _close(got, want, 1e-6):
        return (
            f"for D* = {d.tolist()} and p_g = {p_g.tolist()}, p_data = {np.round(want, 6).tolist()}; you returned "
            f"{got}. Solve D* = p_data / (p_data + p_g) for p_data."
        )
    return None


# --- Chapter: Saturation and the non-saturating loss ------------------------------


@exercise("saturation-gradients")
def _check_saturation_gradients(generator_gradients: Callable) -> str | None:
    for logit in (-6.0, -1.0, 0.0, 2.5):
        s = float(_sigmoid(logit))
        got = answered(generator_gradients(logit))
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return f"return a pair (minimax, non_saturating); got {type(got).__name__}."
        if not (_close(got[0], -s, 1e-6) and _close(got[1], -(1 - s), 1e-6)):
            return (
                f"at logit {logit}: d/dl log(1 - sigmoid(l)) = -sigmoid(l) = {-s:.6f} and "
                f"d/dl -log sigmoid(l) = -(1 - sigmoid(l)) = {-(1 - s):.6f}; you returned {tuple(got)}."
            )
    return None


@exercise("saturation-ratio")
def _check_saturation_ratio(gradient_ratio: Callable) -> str | None:
    for d in (0.5, 0.1, 0.01, 0.9):
        want = (1 - d) / d
        got = answered(gradient_ratio(d))
        if not _close(got, want, 1e-6):
            return (
                f"at D(G(z)) = {d} the non-saturating gradient is {want:.4g} times the minimax one, you returned "
                f"{got}. Divide |-(1 - D)| by |-D|."
            )
    return None


@exercise("saturation-threshold")
def _check_saturation_threshold(threshold: Any) -> str | None:
    if not _close(answered(threshold), 1 / 101, 1e-6):
        return (
            f"you gave {threshold}. The minimax gradient is below 1% of the non-saturating one when "
            "D / (1 - D) < 0.01; solve D / (1 - D) = 0.01 for D."
        )
    return None


# --- Chapter: the brain as a computer ------------------------------------------


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


@exercise("brain-dense-macs")
def _check_brain_dense_macs(mlp_macs: Callable) -> str | None:
    from .neurons import multiply_accumulates

    for sizes in ([2, 128, 128, 2], [8, 16, 3], [1, 4, 5, 6, 1], [100, 10]):
        model = mlp_generator(sizes[0], sizes[-1], tuple(sizes[1:-1])) if len(sizes) > 2 else None
        want = multiply_accumulates(model)["total"] if model is not None else sizes[0] * sizes[1]
        got = answered(mlp_macs(sizes))
        if got != want:
            return (
                f"an MLP with layer sizes {sizes} makes {want} multiply-accumulates per example, you returned {got}. "
                "A Dense layer from m inputs to n units multiplies each input by each of the n weight columns; "
                "the n biases are additions, not multiply-accumulates."
            )
    return None


@exercise("brain-forward-energy")
def _check_brain_forward_energy(energy: Any) -> str | None:
    from .models import dcgan_generator
    from .neurons import multiply_accumulates

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


# --- Chapter: from spikes to units ------------------------------------------------


@exercise("spikes-euler-step")
def _check_spikes_euler_step(euler_step: Callable) -> str | None:
    cases = [
        (0.0, 2.0, 1e-4, 0.02, 10.0, 0.0),
        (-70.0, 1.0, 1e-4, 0.01, 20.0, -70.0),
        (np.array([-65.0, -60.0]), np.array([0.5, 0.0]), 5e-5, 0.015, 40.0, -70.0),
    ]
    for v, current, dt, tau, resistance, v_rest in cases:
        want = v + dt / tau * (-(v - v_rest) + resistance * current)
        got = np.asarray(answered(euler_step(v, current, dt, tau, resistance, v_rest)), dtype=np.float64)
        if got.shape != np.shape(want) or not np.allclose(got, want, rtol=1e-9, atol=1e-12):
            return (
                f"for v={v}, current={current}, dt={dt}, tau={tau}, resistance={resistance}, v_rest={v_rest} the "
                f"next potential is {want}, you returned {got}. Euler's method adds dt times dV/dt, with "
                "tau dV/dt = -(V - v_rest) + R I."
            )
    return None


@exercise("spikes-rheobase")
def _check_spikes_rheobase(rheobase: Any) -> str | None:
    rheobase = float(answered(rheobase))
    want = (-54.0 - (-70.0)) / 20.0
    if not np.isclose(rheobase, want, rtol=0.01):
        return (
            f"you gave {rheobase:.4g} nA (tolerance 1%). The neuron fires when the potential it relaxes to, "
            "v_rest + R I, exceeds the threshold; the reset value matters for the rate, not for whether it fires."
        )
    return None


@exercise("spikes-nand")
def _check_spikes_nand(unit: Any) -> str | None:
    from .neurons import mcculloch_pitts

    weights, threshold = answered(unit)
    inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    got = mcculloch_pitts(inputs, np.asarray(answered(weights), dtype=np.float64), float(answered(threshold)))
    want = np.array([1, 1, 1, 0])
    if not np.array_equal(got, want):
        return (
            f"on inputs (0,0), (0,1), (1,0), (1,1) your unit outputs {got.tolist()}, NAND is {want.tolist()}. "
            "Start from AND and turn it around: negative weights, and a threshold that only the input (1, 1) misses."
        )
    return None


# --- Chapter: Watching a GAN learn in 1-D ---


@exercise("gan1d-histogram")
def _check_histogram_density(histogram_density: Callable) -> str | None:
    cases = [
        (np.array([0.1, 0.2, 0.7, 1.5]), np.array([0.0, 0.5, 1.0, 2.0]), np.array([2 / 4 / 0.5, 1 / 4 / 0.5, 1 / 4 / 1.0])),
        (np.array([-1.0, 0.25, 0.75, 3.0]), np.array([0.0, 0.5, 1.0]), np.array([1 / 4 / 0.5, 1 / 4 / 0.5])),
        (np.array([0.0, 1.0]), np.array([0.0, 0.5, 1.0]), np.array([1 / 2 / 0.5, 1 / 2 / 0.5])),
    ]
    for samples, edges, want in cases:
        got = answered(histogram_density(samples, edges))
        if not _close(got, want, 1e-6):
            return (
                f"for samples {samples.tolist()} and edges {edges.tolist()} the density is {want.tolist()}, you "
                f"returned {np.asarray(got).tolist()}. Divide each bin's count by the number of ALL samples and by "
                "the bin's width (the last bin includes its right edge, as in np.histogram)."
            )
    return None


@exercise("gan1d-kde")
def _check_gaussian_kde(gaussian_kde: Callable) -> str | None:
    samples = np.array([0.0, 1.0, 3.0])
    points = np.array([0.0, 0.5, 2.0, 10.0])
    for bandwidth in (0.5, 1.0):
        z = (points[:, None] - samples[None, :]) / bandwidth
        want = (np.exp(-0.5 * z**2) / (np.sqrt(2 * np.pi) * bandwidth)).mean(axis=1)
        got = answered(gaussian_kde(samples, points, bandwidth))
        if not _close(got, want, 1e-6):
            return (
                f"for samples {samples.tolist()}, points {points.tolist()} and bandwidth {bandwidth} the KDE is "
                f"{np.round(want, 5).tolist()}, you returned {np.asarray(got).tolist()}. Average, over the samples, "
                "a normal density of standard deviation `bandwidth` centred on each sample (mind the 1/bandwidth)."
            )
    return None


@exercise("gan1d-expected-d")
def _check_expected_optimal_d(expected_optimal_d: Callable) -> str | None:
    x = np.linspace(-8, 8, 1601)
    dx = float(x[1] - x[0])
    gauss = lambda mean: np.exp(-0.5 * (x - mean) ** 2) / np.sqrt(2 * np.pi)  # noqa: E731
    p, q = gauss(0.0), gauss(1.0)
    total = p + q
    left, right = np.where(x < 0, 2 * gauss(0.0), 0.0), np.where(x >= 0, 2 * gauss(0.0), 0.0)
    cases = [  # the same Riemann sums as the answer's, so the grid's error cancels
        ("equal densities", p, p, float(np.sum(p) * dx / 2)),
        ("disjoint supports", left, right, float(np.sum(left) * dx)),
        ("N(0, 1) against N(1, 1)", p, q, float(np.sum(p * p / total) * dx)),
    ]
    for name, p_data, p_g, want in cases:
        got = answered(expected_optimal_d(p_data, p_g, dx))
        if not _close(got, want, 1e-3):
            return (
                f"for {name} E_data[D*] is {want:.4f}, you returned {got}. Sum p_data * D* * dx with "
                "D* = p_data / (p_data + p_g), taking care where both densities are 0."
            )
    return None


# --- Chapter: Other divergences ---


@exercise("divergences-w1-samples")
def _check_w1_samples(w1_empirical: Callable) -> str | None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=50), rng.normal(loc=1.0, size=50)
    cases = [
        (np.array([0.0, 1.0, 2.0]), np.array([3.0, 2.0, 1.0]), 1.0),
        (np.array([3.0, 0.0]), np.array([0.0, 0.0]), 1.5),
        (a, b, float(np.mean(np.abs(np.sort(a) - np.sort(b))))),
    ]
    for x, y, want in cases:
        got = answered(w1_empirical(x, y))
        if not _close(got, want, 1e-6):
            return (
                f"W1 between {np.round(x[:4], 3).tolist()}... and {np.round(y[:4], 3).tolist()}... is {want:.4f}, you "
                f"returned {got}. In 1-D the optimal transport plan matches the i-th smallest point of one sample "
                "with the i-th smallest of the other: sort both first."
            )
    return None


@exercise("divergences-jsd")
def _check_jsd(jsd: Callable) -> str | None:
    cases = [
        (np.array([0.2, 0.3, 0.5]), np.array([0.2, 0.3, 0.5]), 0.0),
        (np.array([1.0, 0.0]), np.array([0.0, 1.0]), float(np.log(2))),
        (np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.0, 1.0]), float(np.log(2))),
        (np.array([0.5, 0.5]), np.array([1.0, 0.0]), float(0.5 * (0.5 * np.log(0.5 / 0.75) + 0.5 * np.log(0.5 / 0.25))
                                                           + 0.5 * np.log(1 / 0.75))),
    ]
    for p, q, want in cases:
        got = answered(jsd(p, q))
        if not _close(got, want, 1e-6):
            return (
                f"JSD({p.tolist()}, {q.tolist()}) is {want:.5f} nats, you returned {got}. Use the mixture "
                "m = (p + q) / 2, JSD = KL(p||m)/2 + KL(q||m)/2 with natural logs, and 0 log 0 = 0."
            )
    return None


@exercise("divergences-hinge")
def _check_hinge(hinge_d_loss: Callable) -> str | None:
    cases = [
        (np.array([2.0, 0.5]), np.array([-3.0, 0.0]), (0.0 + 0.5) / 2 + (0.0 + 1.0) / 2),
        (np.array([-1.0]), np.array([1.0, -0.5, -2.0]), 2.0 + (2.0 + 0.5 + 0.0) / 3),
        (np.array([1.0, 1.0]), np.array([-1.0]), 0.0),
    ]
    for real, fake, want in cases:
        got = answered(hinge_d_loss(real, fake))
        if not _close(got, want, 1e-6):
            return (
                f"for real scores {real.tolist()} and fake scores {fake.tolist()} the hinge loss is {want:.4f}, you "
                f"returned {got}. It is mean(max(0, 1 - real)) + mean(max(0, 1 + fake)): each batch has its own mean."
            )
    return None


@exercise("divergences-kl-conjugate")
def _check_kl_conjugate(kl_conjugate: Callable) -> str | None:
    for t in (-2.0, 0.0, 1.0, 2.5):
        want = float(np.exp(t - 1))
        got = answered(kl_conjugate(t))
        if not _close(got, want, 1e-6):
            return (
                f"f*({t}) = {want:.5f} for f(u) = u log u, you returned {got}. Maximise t*u - u log u over u > 0: "
                "the derivative t - log u - 1 vanishes at u = exp(t - 1)."
            )
    return None


# --- Chapter: How good is a GAN? Measuring it --------------------------------------


def _measuring_k_class_table(k: int, confidence: float, per_class: int = 3) -> np.ndarray:
    """p(y|x) of a generator making classes 0..k-1 equally often, each with probability ``confidence``."""
    rest = (1.0 - confidence) / 9.0
    rows = np.full((k * per_class, 10), rest)
    for i in range(k * per_class):
        rows[i, i // per_class] = confidence
    return rows


@exercise("measuring-score-by-hand")
def _check_measuring_score_by_hand(score_by_hand: Callable) -> str | None:
    from .metrics import classifier_score_from_probabilities

    tables = [
        np.array([[0.9, 0.1], [0.2, 0.8]]),
        np.array([[0.5, 0.5, 0.0], [0.0, 0.5, 0.5], [0.5, 0.0, 0.5]]),
        np.eye(10),
        np.full((4, 3), 1 / 3),
        np.random.default_rng(0).dirichlet(np.full(10, 0.3), size=50),
    ]
    for p in tables:
        got = float(np.asarray(answered(score_by_hand(p.copy())), dtype=np.float64))
        want = classifier_score_from_probabilities(p)
        if not np.isfinite(got):
            return f"for a table with zeros the score must stay finite, got {got}: a term 0 * log 0 counts as 0"
        if not np.isclose(got, want, rtol=1e-6):
            return (
                f"for the {p.shape[0]}x{p.shape[1]} table expected {want:.6f}, got {got:.6f}: average "
                "KL(p(y|x) || p(y)) over the rows, with p(y) the mean of the rows, then take exp"
            )
    return None


@exercise("measuring-frechet-1d")
def _check_measuring_frechet_1d(frechet_1d: Callable) -> str | None:
    for mean_a, std_a, mean_b, std_b in [(0.0, 1.0, 0.0, 1.0), (0.0, 1.0, 3.0, 2.0), (1.5, 0.5, -1.0, 0.2), (2.0, 3.0, 2.0, 1.0)]:
        got = float(np.asarray(answered(frechet_1d(mean_a, std_a, mean_b, std_b)), dtype=np.float64))
        want = (mean_a - mean_b) ** 2 + (std_a - std_b) ** 2
        if not np.isclose(got, want, rtol=1e-9, atol=1e-12):
            return (
                f"for N({mean_a}, {std_a}^2) and N({mean_b}, {std_b}^2) expected {want:g}, got {got:g}: in one "
                "dimension the covariances are variances, and (s_a^2 s_b^2)^(1/2) = s_a s_b"
            )
    return None


@exercise("measuring-k-classes")
def _check_measuring_k_classes(k_class_score: Callable) -> str | None:
    from .metrics import classifier_score_from_probabilities

    for k in (1, 2, 5, 10):
        for confidence in (1.0, 0.9, 0.5, 0.1):
            got = float(np.asarray(answered(k_class_score(k, confidence)), dtype=np.float64))
            want = classifier_score_from_probabilities(_measuring_k_class_table(k, confidence))
            if not np.isclose(got, want, rtol=1e-6):
                return (
                    f"for k = {k} classes with confidence {confidence} expected {want:.6f}, got {got:.6f}: the "
                    "marginal p(y) gives each used class (c + (k - 1)(1 - c)/9) / k and each unused one (1 - c)/9"
                )
    return None


# --- Chapter: Self-conditioning ---


@exercise("selfcond-gap-mass")
def _check_selfcond_gap_mass(gap_mass: Callable) -> str | None:
    import math

    for a in (0.5, 1.0, 2.0, 5.0, 20.0):
        for gap in (0.1, 0.5, 0.9):
            got = float(np.asarray(answered(gap_mass(a, gap)), dtype=np.float64))
            want = math.erf(math.atanh(gap) / (a * math.sqrt(2)))
            if not np.isclose(got, want, rtol=1e-6, atol=1e-9):
                return (
                    f"for a = {a} and gap {gap} expected {want:.6f}, got {got:.6f}: |tanh(a z)| < g exactly when "
                    "|z| < atanh(g) / a, and P(|z| < t) = erf(t / sqrt(2)) for a standard normal z"
                )
    return None


@exercise("selfcond-digit-distribution")
def _check_selfcond_digit_distribution(digit_distribution: Callable) -> str | None:
    rng = np.random.default_rng(0)
    hand = np.array([[8, 2, 0], [0, 1, 9], [5, 5, 0]])
    cases = [(hand, np.array([1.0, 0.0, 0.0])), (hand, np.full(3, 1 / 3)), (hand, hand.sum(axis=1) / hand.sum())]
    counts = rng.integers(1, 50, size=(20, 10))
    cases += [(counts, counts.sum(axis=1) / counts.sum()), (counts, rng.dirichlet(np.ones(20)))]
    for counts, weights in cases:
        got = np.asarray(answered(digit_distribution(counts.copy(), weights.copy())), dtype=np.float64)
        want = weights @ (counts / counts.sum(axis=1, keepdims=True))
        if not _close(got, want, 1e-9):
            return (
                f"for {len(counts)} clusters with weights {np.round(weights, 3)[:4]}... expected "
                f"{np.round(want, 4)}, got {np.round(got, 4) if got.shape == want.shape else f'shape {got.shape}'}: "
                "within cluster c a drawn digit has label y with probability counts[c, y] / (cluster c's size)"
            )
    return None


@exercise("selfcond-inertia")
def _check_selfcond_inertia(kmeans_inertias: Callable) -> str | None:
    from sklearn.cluster import KMeans

    rng = np.random.default_rng(1)
    x = np.concatenate([rng.normal(c, 0.3, size=(40, 5)) for c in (-2.0, 0.0, 2.0)])
    ks = [1, 2, 3, 5, 8]
    got = np.asarray(answered(kmeans_inertias(x.copy(), ks, 0)), dtype=np.float64)
    want = np.array([KMeans(k, n_init=4, random_state=0).fit(x).inertia_ for k in ks])
    if got.shape != want.shape:
        return f"expected one inertia per k, {len(ks)} numbers for ks = {ks}, got shape {got.shape}"
    if not np.allclose(got, want, rtol=1e-4):
        return (
            f"for ks = {ks} expected inertias {np.round(want, 2)}, got {np.round(got, 2)}: the inertia is the sum "
            "over all points of the squared distance to their nearest centre (KMeans(k, n_init=4, "
            "random_state=seed).fit(x).inertia_)"
        )
    return None


# --- Chapter: Debugging a broken GAN listing ---


@exercise("debug-reshape")
def _check_dense_units_for(dense_units_for: Callable) -> str | None:
    for shape in [(28, 28, 1), (7, 7, 128), (7, 7, 1), (4, 4, 512), (10,)]:
        want = int(np.prod(shape))
        got = answered(dense_units_for(shape))
        if got != want:
            return (
                f"Reshape({shape}) needs a Dense layer with {want} units, you returned {got}. A reshape keeps "
                "every value, so the Dense layer must output exactly as many values as the target shape holds: "
                "the product of ALL its sizes, channels included."
            )
    return None


@exercise("debug-labels")
def _check_discriminator_labels(discriminator_labels: Callable) -> str | None:
    for n_real, n_fake in [(3, 2), (1, 4), (64, 64), (5, 0)]:
        want = np.concatenate([np.ones((n_real, 1)), np.zeros((n_fake, 1))])
        got = np.asarray(answered(discriminator_labels(n_real, n_fake)), dtype=np.float64)
        if got.shape != want.shape:
            return (
                f"for {n_real} real and {n_fake} fake images expected labels of shape {want.shape} (one label per "
                f"image, in a column, as the discriminator outputs them), got shape {got.shape}."
            )
        if not np.array_equal(got, want):
            return (
                f"for {n_real} real and {n_fake} fake images expected {n_real} ones followed by {n_fake} zeros, got "
                f"{got.ravel().tolist()}. Real images are labelled 1, generated ones 0: a discriminator that never "
                "sees a 0 learns to say 'real' to everything."
            )
    return None


@exercise("debug-batch-axis")
def _check_as_batch(as_batch: Callable) -> str | None:
    rng = np.random.default_rng(0)
    for shape in [(28, 28, 1), (7, 7, 1), (3,), (2, 5)]:
        image = rng.normal(size=shape).astype(np.float32)
        got = np.asarray(answered(as_batch(image)))
        if got.shape != (1, *shape):
            return (
                f"an image of shape {shape} should become a batch of one, shape {(1, *shape)}; got shape "
                f"{got.shape}. The batch axis comes first (image[np.newaxis] or np.expand_dims(image, 0))."
            )
        if not np.array_equal(got[0], image):
            return f"the batch of one must hold the image itself, unchanged (image of shape {shape})."
    return None


@exercise("debug-changed-weights")
def _check_changed_weights(changed_weights: Callable) -> str | None:
    before = [np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -0.5]), np.array([7.0])]
    cases = [
        ([before[0] + 0.0, before[1] + 0.0, before[2] + 0.0], [False, False, False]),
        ([before[0] + np.array([[1e-4, -1e-4], [0.0, 0.0]]), before[1] + 0.0, before[2] + 0.0], [True, False, False]),
        ([before[0] + 0.0, before[1] + 0.0, before[2] + 2e-4], [False, False, True]),
        ([before[0] + 1.0, before[1] * 2.0, before[2] + 0.0], [True, True, False]),
    ]
    for after, want in cases:
        got = answered(changed_weights([w.copy() for w in before], [w.copy() for w in after]))
        if [bool(value) for value in got] != want:
            return (
                f"expected {want}, got {list(got)}: a weight array has changed if ANY of its entries differs from "
                "before (changes can be tiny, about one learning rate, and can cancel in a sum: compare entry by "
                "entry, e.g. with np.any(before != after))."
            )
    return None


# --- Chapter: Keep your training (checkpoints and resuming) ---


@exercise("keep-resume-epoch")
def _check_keep_resume_epoch(resume_epoch: Callable) -> str | None:
    cases = [
        (["epoch-00003", ".epoch-00005.partial-4711", "epoch-00004", "scores.json", "epoch-4"], 4),
        ([], 0),
        ([".epoch-00001.partial-12"], 0),
        (["epoch-00009", "epoch-00010", "epoch-000011", "epoch-00012.old"], 10),
    ]
    for names, want in cases:
        got = answered(resume_epoch(list(names)))
        if got != want:
            return (
                f"for the folder entries {names} training resumes from epoch {want}, you returned {got!r}. "
                "Only names that are exactly 'epoch-' and five digits are complete checkpoints; a .partial "
                "folder is a write that never finished, and with no checkpoint training starts at 0."
            )
    return None


@exercise("keep-steps-lost")
def _check_keep_steps_lost(max_steps_lost: Callable) -> str | None:
    for n, every in [(16, 1), (16, 5), (1, 1), (300, 2)]:
        got = answered(max_steps_lost(n, every))
        if got != n * every:
            return (
                f"for n = {n} steps per epoch and a checkpoint every {every} epoch(s) you returned {got!r}. "
                "Think of an interruption during the write of a checkpoint: that checkpoint is still a "
                ".partial folder, so the run resumes from the one before it."
            )
    return None


@exercise("keep-checkpoint-contents")
def _check_keep_checkpoint_contents(must_save: Any) -> str | None:
    want = {"generator", "discriminator", "g_optimizer", "d_optimizer", "ema_generator", "noise_seed_state", "epoch"}
    if isinstance(must_save, str):
        return "give a set of names, e.g. {'generator', 'discriminator'}, not one string."
    got = {str(item) for item in must_save}
    missing, extra = sorted(want - got), sorted(got - want)
    if missing:
        return f"a resumed run would differ without: {missing}. What else changes from one training step to the next?"
    if extra:
        return f"{extra} need not be saved: they are rebuilt from code or are not part of the training state."
    return None


@exercise("keep-adam-first-step")
def _check_keep_adam_first_step(adam_first_step: Callable) -> str | None:
    import keras

    lr = 1e-3
    g = np.array([1e-2, 1e3, -2.0, 0.5, -3e-2], dtype=np.float32)
    weights = keras.Variable(np.zeros_like(g))
    keras.optimizers.Adam(learning_rate=lr, beta_1=0.5).apply([keras.ops.convert_to_tensor(g)], [weights])
    want = np.asarray(weights.numpy(), dtype=np.float64)
    got = np.asarray(answered(adam_first_step(g, lr)), dtype=np.float64)
    if got.shape != want.shape or not np.allclose(got, want, rtol=1e-3, atol=1e-9):
        return (
            f"for gradients {g.tolist()} a fresh Adam step changes the weights by {np.round(want, 7).tolist()}, "
            f"you returned {np.round(got, 7).tolist()}. Start from m_0 = v_0 = 0 at t = 1, apply both bias "
            "corrections, and mind the minus sign of gradient descent."
        )
    return None


# --- Chapter: a DCGAN on MNIST -------------------------------------------------


@exercise("dcgan-transpose-size")
def _check_generator_sizes(generator_sizes: Callable) -> str | None:
    for start, strides, want in [(7, [2, 2], [14, 28]), (4, [2, 2, 2], [8, 16, 32]), (5, [1, 3], [5, 15]), (3, [], [])]:
        got = answered(generator_sizes(start, strides))
        if list(np.asarray(got).tolist()) != want:
            return f"generator_sizes({start}, {strides}) should be {want}, got {got}. Multiply by each stride in turn."
    return None


@exercise("dcgan-conv-params")
def _check_conv_parameters(conv_parameters: Callable) -> str | None:
    import keras

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


# --- Chapter: conditional GANs -------------------------------------------------


@exercise("cgan-grid-inputs")
def _check_grid_inputs(grid_inputs: Callable) -> str | None:
    z = np.arange(6, dtype=np.float64).reshape(3, 2)
    result = answered(grid_inputs(z, 4))
    if not isinstance(result, tuple) or len(result) != 2:
        return "return a pair (grid_z, grid_labels)."
    grid_z, grid_labels = (np.asarray(part) for part in result)
    if grid_z.shape != (12, 2) or grid_labels.shape != (12,):
        return f"for 3 noise vectors and 4 labels expect shapes (12, 2) and (12,), got {grid_z.shape} and {grid_labels.shape}."
    if not np.array_equal(grid_labels, np.repeat(np.arange(4), 3)):
        return f"labels should be [0, 0, 0, 1, 1, 1, ...] (one label per row), got {grid_labels.tolist()}."
    if not np.array_equal(grid_z, np.tile(z, (4, 1))):
        return "row r, column c must use noise vector z[c]: the noise repeats in every row."
    return None


@exercise("cgan-label-accuracy")
def _check_label_accuracy(label_accuracy: Callable) -> str | None:
    logits = np.eye(10)[[3, 3, 5, 1, 1, 1]] * 5.0
    asked = np.array([3, 3, 3, 1, 1, 2])
    got = answered(label_accuracy(logits, asked))
    want = {1: 1.0, 2: 0.0, 3: 2 / 3}
    if not isinstance(got, dict) or set(got) != set(want):
        return f"return a dict with one entry per label present in asked ({sorted(want)}), got {got!r}."
    if any(not np.isclose(got[k], want[k]) for k in want):
        return f"expected {want}, got {got}: the share of each label's digits read as that label."
    return None


@exercise("cgan-projection")
def _check_projection_logit(projection_logit: Callable) -> str | None:
    rng = np.random.default_rng(0)
    features, w, embeddings = rng.normal(size=5), rng.normal(size=5), rng.normal(size=(3, 5))
    for label in range(3):
        want = features @ w + 0.5 + embeddings[label] @ features
        got = answered(projection_logit(features, w, 0.5, embeddings, label))
        if not np.isclose(float(got), want):
            return f"for label {label} the logit is {want:.4f}, you returned {got}: w.phi + b + e_y.phi."
    return None


# --- Chapter: mode collapse, reproduced ---------------------------------------------


@exercise("modes-coverage-by-hand")
def _check_modes_coverage(coverage: Callable) -> str | None:
    ring = ring_of_gaussians()
    rng = np.random.default_rng(0)
    cases = {
        "samples of the ring itself": ring.sample(500, seed=0),
        "every sample at one mode": np.repeat(ring.means[:1], 50, axis=0),
        "samples far from every mode": rng.normal(scale=0.1, size=(50, 2)),
        "half near mode 0, half between modes": np.concatenate(
            [ring.means[:1] + 0.01, np.repeat((ring.means[:1] + ring.means[1:2]) / 2, 1, axis=0)]),
    }
    for name, samples in cases.items():
        want = mode_coverage(samples, ring)
        got = answered(coverage(samples, ring.means, ring.std))
        if not isinstance(got, tuple) or len(got) != 2:
            return "return a pair (modes_covered, high_quality)."
        if int(got[0]) != want.modes_covered or not np.isclose(float(got[1]), want.high_quality):
            return (f"for {name} expected ({want.modes_covered}, {want.high_quality:.3f}), got {got}: a sample is of "
                    "high quality within n_std * std of its nearest mode; count the distinct nearest modes of those.")
    return None


@exercise("modes-expected-covered")
def _check_expected_covered(expected_covered: Callable) -> str | None:
    for n, k in ((1, 8), (8, 8), (60, 25), (1000, 25), (3, 1)):
        want = k * (1 - (1 - 1 / k) ** n)
        got = answered(expected_covered(n, k))
        if not np.isclose(float(got), want, rtol=1e-9):
            return f"expected_covered({n}, {k}) should be {want:.4f}, got {got}: each mode is missed with probability (1 - 1/k)^n."
    return None


@exercise("modes-all-covered")
def _check_all_covered(p_all_covered: Callable) -> str | None:
    checks = {(1, 1): 1.0, (1, 2): 0.0, (2, 2): 0.5, (3, 2): 0.75, (3, 3): 2 / 9}
    for (n, k), want in checks.items():
        got = answered(p_all_covered(n, k))
        if not np.isclose(float(got), want, atol=1e-9):
            return f"p_all_covered({n}, {k}) should be {want:.4f}, got {got}."
    if not 0.0 < float(p_all_covered(150, 25)) < 1.0:
        return "p_all_covered(150, 25) should be a probability strictly between 0 and 1."
    return None


# --- Chapter: instability and its usual fixes -------------------------------------


@exercise("fixes-linear-penalty")
def _check_linear_penalty(linear_penalty: Callable) -> str | None:
    for w in ([3.0, 4.0], [0.6, 0.8], [0.0, 0.0, 0.0], [0.1, -0.2, 2.0]):
        want = (np.linalg.norm(w) - 1.0) ** 2
        got = answered(linear_penalty(np.array(w)))
        if not np.isclose(float(got), want, rtol=1e-6, atol=1e-9):
            return f"for w = {w} the penalty is {want:.4f}, got {got}: the gradient of w.x is w at every point."
    return None


@exercise("fixes-power-iteration")
def _check_power_iteration(power_iteration: Callable) -> str | None:
    rng = np.random.default_rng(3)
    for shape in ((6, 4), (3, 8), (10, 10)):
        W = rng.normal(size=shape)
        sigma = np.linalg.svd(W, compute_uv=False)[0]
        got = answered(power_iteration(W, 200))
        if not np.isclose(float(got), sigma, rtol=1e-4):
            return f"for a {shape} matrix with largest singular value {sigma:.4f}, 200 steps gave {got}."
    W = np.diag([5.0, 1.0])
    if not np.isclose(float(power_iteration(W, 50)), 5.0, rtol=1e-6):
        return "for diag(5, 1) the estimate should converge to 5."
    return None


@exercise("fixes-smoothed-optimum")
def _check_smoothed_optimum(smoothed_optimal_d: Callable) -> str | None:
    p_data, p_g = np.array([1.0, 0.5, 0.0, 0.2]), np.array([0.0, 0.5, 1.0, 0.6])
    for s in (0.0, 0.1, 0.3):
        want = (1 - s) * p_data / (p_data + p_g)
        got = np.asarray(answered(smoothed_optimal_d(p_data, p_g, s)), dtype=np.float64)
        if got.shape != want.shape or not np.allclose(got, want):
            return f"with s = {s} expected {np.round(want, 4).tolist()}, got {np.round(got, 4).tolist()}."
    return None


# --- Chapter: data-efficient GANs -------------------------------------------------


@exercise("fewdata-translate")
def _check_translate(translate: Callable) -> str | None:
    image = np.arange(12.0).reshape(3, 4)
    for dy, dx in ((0, 0), (1, 0), (0, -2), (-1, 1), (2, 3)):
        want = np.full_like(image, -1.0)
        for r in range(3):
            for c in range(4):
                if 0 <= r - dy < 3 and 0 <= c - dx < 4:
                    want[r, c] = image[r - dy, c - dx]
        got = np.asarray(answered(translate(image.copy(), dy, dx, -1.0)))
        if got.shape != want.shape or not np.array_equal(got, want):
            return f"translate(image, {dy}, {dx}, -1) should be {want.tolist()}, got {got.tolist()}."
    return None


@exercise("fewdata-leak")
def _check_leaked_variance(leaked_variance: Callable) -> str | None:
    for a in (0.0, 1.0, 2.0, 0.5):
        want = 1.0 + a**2 / 3.0
        got = answered(leaked_variance(a))
        if not np.isclose(float(got), want):
            return f"leaked_variance({a}) should be {want:.4f}, got {got}: the variances of independent x and u add."
    return None


@exercise("fewdata-gap")
def _check_overfitting_gap(overfitting_gap: Callable) -> str | None:
    cases = [([1.0, 2.0, -1.0, 3.0], [-1.0, -2.0, 0.5, -3.0], 0.5), ([1.0], [1.0, 2.0], 0.0), ([-1.0, -1.0], [1.0, -1.0], -0.5)]
    for train_logits, held_logits, want in cases:
        got = answered(overfitting_gap(np.array(train_logits), np.array(held_logits)))
        if not np.isclose(float(got), want):
            return f"for logits {train_logits} and {held_logits} the gap is {want}, got {got}."
    return None


# --- Chapter: where GANs went next -------------------------------------------------


@exercise("next-downsample")
def _check_downsample(downsample: Callable) -> str | None:
    image = np.arange(16.0).reshape(4, 4)
    want = {2: np.array([[2.5, 4.5], [10.5, 12.5]]), 4: np.array([[7.5]]), 1: image}
    for factor, expected in want.items():
        got = np.asarray(answered(downsample(image, factor)))
        if got.shape != expected.shape or not np.allclose(got, expected):
            return f"downsample(arange(16).reshape(4, 4), {factor}) should be {expected.tolist()}, got {got.tolist()}."
    return None


@exercise("next-frechet-diagonal")
def _check_frechet_diagonal(frechet_diagonal: Callable) -> str | None:
    cases = [
        (([0.0], [1.0], [0.0], [1.0]), 0.0),
        (([0.0, 0.0], [1.0, 1.0], [3.0, 4.0], [1.0, 1.0]), 25.0),
        (([1.0, 2.0], [1.0, 3.0], [1.0, 2.0], [2.0, 1.0]), 5.0),
    ]
    for args, want in cases:
        got = answered(frechet_diagonal(*(np.array(a) for a in args)))
        if not np.isclose(float(got), want):
            return f"frechet_diagonal{tuple(args)} should be {want}, got {got}: |mean_a - mean_b|^2 + sum (std_a - std_b)^2."
    return None


@exercise("next-cycle-loss")
def _check_cycle_loss(cycle_loss: Callable) -> str | None:
    x, y = np.array([0.0, 1.0, 2.0]), np.array([-1.0, 1.0])
    cases = [
        ((lambda v: v + 1, lambda v: v - 1), 0.0),
        ((lambda v: 2 * v, lambda v: v), 1.0 + 1.0),
        ((lambda v: v, lambda v: v + 0.5), 0.5 + 0.5),
    ]
    for (F, G), want in cases:
        got = answered(cycle_loss(x, y, F, G))
        if not np.isclose(float(got), want):
            return f"expected {want}, got {got}: mean |G(F(x)) - x| + mean |F(G(y)) - y|."
    return None


# --- Chapter: frequently asked questions ---------------------------------------------


@exercise("questions-equilibrium-losses")
def _check_equilibrium_losses(losses_at: Callable) -> str | None:
    for d_real, d_fake in ((0.5, 0.5), (0.9, 0.1), (0.3, 0.6)):
        want = (-np.log(d_real) - np.log(1 - d_fake), -np.log(d_fake))
        got = answered(losses_at(d_real, d_fake))
        if not isinstance(got, tuple) or len(got) != 2 or not np.allclose([float(v) for v in got], want):
            return (f"losses_at({d_real}, {d_fake}) should be ({want[0]:.4f}, {want[1]:.4f}), got {got}: "
                    "d_loss = -log D(x) - log(1 - D(G(z))), g_loss = -log D(G(z)).")
    return None


@exercise("questions-adam-first-step")
def _check_adam_first_step(adam_first_step: Callable) -> str | None:
    for grad in (1e-3, 2.0, -50.0):
        want = -0.01 * grad / (abs(grad) + 1e-7)
        got = answered(adam_first_step(grad, 0.01))
        if not np.isclose(float(got), want, rtol=1e-4):
            return f"adam_first_step({grad}, 0.01) should be {want:.6f}, got {got}: correct both moments for their bias first."
    return None


@exercise("questions-diagnose")
def _check_diagnose(diagnose: Callable) -> str | None:
    cases = [
        (([1.4, 1.3, 1.35], [0.7, 0.8, 0.75]), "balanced"),
        (([1.0, 0.3, 0.05], [1.0, 2.5, 4.0]), "discriminator wins"),
        (([1.0, float("nan")], [1.0, 1.0]), "diverged"),
        (([1.0, 0.5], [1.0, float("inf")]), "diverged"),
        (([0.05], [2.0]), "balanced"),
    ]
    for (d_loss, g_loss), want in cases:
        got = answered(diagnose(d_loss, g_loss))
        if got != want:
            return f"diagnose({d_loss}, {g_loss}) should be {want!r}, got {got!r}."
    return None
