"""Checks of the exercises of the chapter *Generative vs discriminative models*
(``book/part1/generative_vs_discriminative.ipynb``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._registry import answered, close, exercise


@exercise("generative-posterior")
def _check_posterior(posterior: Callable) -> str | None:
    x = np.array([-3.0, -0.5, 0.0, 0.7, 2.5])
    means, stds, priors = np.array([-1.0, 1.5, 0.0]), np.array([1.0, 0.5, 2.0]), np.array([0.5, 0.2, 0.3])
    dens = np.exp(-0.5 * ((x[:, None] - means) / stds) ** 2) / (stds * np.sqrt(2 * np.pi))
    want = dens * priors / (dens * priors).sum(axis=1, keepdims=True)
    got = answered(posterior(x, means, stds, priors))
    if not close(got, want, 1e-6):
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
        if not close(got, want, 1e-9):
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
