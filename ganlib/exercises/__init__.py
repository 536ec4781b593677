"""Exercise checks: every exercise in the book is checked by a function in this package.

An exercise labelled ``first-gan-accuracy`` in a chapter ends with a cell::

    ganlib.check("first-gan-accuracy", discriminator_accuracy)

which prints one of three verdicts: passed, failed (with a hint), or not done
yet. The machinery (the registry :data:`CHECKS`, :func:`exercise`,
:func:`evaluate`, :func:`check`) is in ``_registry.py``; the checks are in one
module per chapter, named after the chapter's notebook and imported here in the
book's order.
"""

from ._registry import (
    answered,
    check,
    CheckResult,
    Checker,
    CHECKS,
    evaluate,
    exercise,
    NotDone,
    STRICT_VARIABLE,
)
# Importing a chapter's module registers its checks.
from . import (  # noqa: F401
    first_gan,
    brain_as_computer,
    spikes_to_units,
    learning_with_gradients,
    generative_vs_discriminative,
    adversarial_game,
    optimal_discriminator,
    saturation,
    gan_in_1d,
    other_divergences,
    dcgan_mnist,
    debugging_broken_listing,
    conditional_gan,
    measuring_gans,
    self_conditioning,
    keep_your_training,
    collapse_reproduced,
    fixes_side_by_side,
    small_data,
    beyond_gans,
    questions,
)

__all__ = [
    "answered",
    "check",
    "CheckResult",
    "Checker",
    "CHECKS",
    "evaluate",
    "exercise",
    "NotDone",
    "STRICT_VARIABLE",
]
