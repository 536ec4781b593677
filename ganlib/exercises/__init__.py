"""Exercise checks: every exercise in the book is checked by a function in this package.

An exercise labelled ``first-gan-accuracy`` in a chapter ends with a cell::

    ganlib.check("first-gan-accuracy", discriminator_accuracy)

which prints one of three verdicts: passed, failed (with a hint), or not done
yet. The machinery (the registry :data:`CHECKS`, :func:`exercise`,
:func:`evaluate`, :func:`check`) is in ``_registry.py``; the checks are in one
module per chapter, named after the chapter's notebook and imported here in the
book's order.
"""

# Importing a chapter's module registers its checks.
from . import (  # noqa: F401
    adversarial_game,
    beyond_gans,
    brain_as_computer,
    collapse_reproduced,
    conditional_gan,
    dcgan_mnist,
    debugging_broken_listing,
    first_gan,
    fixes_side_by_side,
    gan_in_1d,
    generative_vs_discriminative,
    keep_your_training,
    learning_with_gradients,
    measuring_gans,
    optimal_discriminator,
    other_divergences,
    questions,
    saturation,
    self_conditioning,
    small_data,
    spikes_to_units,
)
from ._registry import (
    CHECKS,
    STRICT_VARIABLE,
    Checker,
    CheckResult,
    NotDone,
    answered,
    check,
    evaluate,
    exercise,
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
