"""ganlib: the library of the open textbook on Generative Adversarial Networks.

One module per concept, each public name re-exported here:

- :mod:`ganlib.budget`: the full/quick budget switch of the notebooks.
- :mod:`ganlib.data`: MNIST digits and toy distributions with known densities.
- :mod:`ganlib.models`: MLP and DCGAN generators and discriminators.
- :mod:`ganlib.losses`: GAN losses written from logits.
- :mod:`ganlib.gan`: the ``GAN`` model trained by ``compile`` and ``fit``.
- :mod:`ganlib.metrics`: how well samples cover a known distribution.
- :mod:`ganlib.plot`: sample grids, loss curves, scatter plots, source listings.
- :mod:`ganlib.exercises`: the checks of the book's exercises.
"""

import os as _os

# Keep TensorFlow's C++ start-up log lines out of notebooks and test output.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

try:
    import tensorflow as _tf  # noqa: F401
except ImportError as _error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "ganlib needs TensorFlow >= 2.16 (with Keras 3). Install one: "
        "`pip install 'ganlib[cpu]'` (CPU only), `pip install 'ganlib[tf]'`, or `pip install tensorflow`."
    ) from _error

from .budget import budget, current_budget
from .data import (
    GaussianMixture,
    MNISTFallbackWarning,
    gaussian_mixture_1d,
    grid_of_gaussians,
    load_mnist,
    ring_of_gaussians,
    scale_images,
    unscale_images,
)
from .exercises import check
from .gan import GAN, default_optimizer
from .losses import (
    LOSSES,
    GANLoss,
    discriminator_loss,
    get_loss,
    minimax_generator_loss,
    non_saturating_generator_loss,
)
from .models import dcgan_discriminator, dcgan_generator, mlp_discriminator, mlp_generator
from . import metrics
from .metrics import ModeCoverage, mode_coverage
from .plot import loss_curves, sample_grid, scatter_samples, scatter_snapshots, show_source

__version__ = "0.1.0"

__all__ = [
    "GAN",
    "GANLoss",
    "GaussianMixture",
    "LOSSES",
    "MNISTFallbackWarning",
    "ModeCoverage",
    "budget",
    "check",
    "current_budget",
    "dcgan_discriminator",
    "dcgan_generator",
    "default_optimizer",
    "discriminator_loss",
    "gaussian_mixture_1d",
    "get_loss",
    "grid_of_gaussians",
    "load_mnist",
    "loss_curves",
    "minimax_generator_loss",
    "mode_coverage",
    "metrics",
    "mlp_discriminator",
    "mlp_generator",
    "non_saturating_generator_loss",
    "ring_of_gaussians",
    "sample_grid",
    "scale_images",
    "scatter_samples",
    "scatter_snapshots",
    "show_source",
    "unscale_images",
]
