"""Reading mode coverage: how many modes a number of samples covers by chance.

:func:`ganlib.mode_coverage` counts the modes that at least one high-quality sample
lands on. That count depends on how many high-quality samples there are: a generator
that spreads a few of them evenly over all modes covers several modes by luck alone.
:func:`expected_modes_covered` gives the count such an even spread reaches, the
yardstick to read a measured coverage against.
"""

from __future__ import annotations

from . import _validate


def expected_modes_covered(n_samples: int, n_modes: int) -> float:
    r"""The expected number of modes hit by ``n_samples`` samples spread evenly over ``n_modes`` modes.

    Each sample lands on each mode with probability :math:`1/K`, independently, so a
    mode is missed by all :math:`n` samples with probability :math:`(1 - 1/K)^n` and

    .. math:: \mathbb{E}[\text{modes covered}] = K \left(1 - (1 - 1/K)^n\right).

    Applied to the number of *high-quality* samples of a generator, it is the coverage
    that luck alone explains: a measured coverage near it says nothing about collapse.

    Args:
        n_samples: the number of samples, an integer >= 0 (e.g. the high-quality ones).
        n_modes: the number of equally likely modes :math:`K`, a positive integer.

    Returns:
        The expected number of modes covered, between 0 and ``n_modes``.
    """
    n_samples = _validate.non_negative_int("n_samples", n_samples)
    n_modes = _validate.positive_int("n_modes", n_modes)
    return float(n_modes * (1.0 - (1.0 - 1.0 / n_modes) ** n_samples))
