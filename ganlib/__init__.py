"""ganlib: the library of the open textbook on Generative Adversarial Networks.

One module per concept, each public name re-exported here:

- :mod:`ganlib.budget`: the full/quick budget switch of the notebooks.
- :mod:`ganlib.data`: MNIST digits, their train/validation/test split, and toy distributions with known densities.
- :mod:`ganlib.models`: MLP and DCGAN generators and discriminators, plain and conditional.
- :mod:`ganlib.losses`: GAN losses (minimax, non-saturating, Wasserstein, hinge).
- :mod:`ganlib.augment`: differentiable augmentation for GANs trained on few images.
- :mod:`ganlib.gan`: the ``GAN`` model trained by ``compile`` and ``fit``.
- :mod:`ganlib.checkpoint`: saving and resuming training.
- :mod:`ganlib.callbacks`: snapshots of a GAN during training; a time limit.
- :mod:`ganlib.metrics`: mode coverage, classifier score, Frechet distance, memorisation; the scoring protocol.
- :mod:`ganlib.modes`: the mode coverage that chance alone explains.
- :mod:`ganlib.recipes`: the tested MNIST GAN settings and their builder (used by the CLI and the benchmarks).
- :mod:`ganlib.plot`: sample grids, loss curves, scatter plots, densities, GIFs, source listings.
- :mod:`ganlib.exercises`: the checks of the book's exercises.
- :mod:`ganlib.language`: the language of the checks' verdicts and hints (English, 简体中文).
- :mod:`ganlib.neurons`, :mod:`ganlib.learning`, :mod:`ganlib.theory`: the pieces of Parts I and II
  (spiking neurons and perceptrons; backpropagation and Hebbian learning; optimal discriminators
  and divergences).
"""

try:
    import tensorflow as _tf  # noqa: F401
except ImportError as _error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "ganlib needs TensorFlow >= 2.18 with Keras >= 3.10. Install one: "
        "`pip install 'ganlib[cpu]'` (CPU only), `pip install 'ganlib[tf]'`, or `pip install tensorflow`."
    ) from _error

from . import metrics, recipes, theory
from .augment import DiffAugment, diff_augment
from .budget import budget, current_budget
from .callbacks import Snapshot1D, SnapshotCallback, TimeLimit, snapshot_1d
from .checkpoint import (
    Checkpoint,
    CheckpointError,
    CheckpointWarning,
    FolderInUseError,
    copy_checkpoint,
    latest_checkpoint,
    restore_checkpoint,
    save_checkpoint,
    verify_checkpoint,
    writing_to,
)
from .data import (
    DigitSplits,
    GaussianMixture,
    MNISTFallbackWarning,
    cluster_images,
    cluster_prior,
    gaussian_mixture_1d,
    grid_of_gaussians,
    load_mnist,
    mnist_splits,
    ring_of_gaussians,
    scale_images,
    split_digits,
    unscale_images,
)
from .exercises import check
from .gan import GAN, NonFiniteLossError, StopOnNonFiniteLoss, default_optimizer
from .language import current_language, set_language
from .learning import (
    GaussianClassModel,
    init_tiny_mlp,
    inverse_cdf,
    mlp_forward_backward,
    numerical_gradient,
    oja_rule,
)
from .losses import (
    LOSSES,
    GANLoss,
    discriminator_loss,
    get_loss,
    gradient_penalty,
    hinge_discriminator_loss,
    hinge_generator_loss,
    label_smoothed,
    minimax_generator_loss,
    non_saturating_generator_loss,
    wasserstein_critic_loss,
    wasserstein_generator_loss,
)
from .metrics import (
    Memorisation,
    ModeCoverage,
    class_fractions,
    class_probabilities,
    classifier_features,
    classifier_score,
    classifier_score_from_probabilities,
    cluster_purity,
    digit_classifier,
    frechet_distance,
    frechet_distance_from_features,
    judged_real,
    memorisation_ratio,
    mode_coverage,
    nearest_neighbour_distances,
    score_digit_gan,
)
from .models import (
    dcgan_conditional_discriminator,
    dcgan_conditional_generator,
    dcgan_discriminator,
    dcgan_downsample,
    dcgan_generator,
    dcgan_upsample,
    mlp_discriminator,
    mlp_generator,
    mnist_classifier,
    predict_in_batches,
    spectral_norm,
)
from .modes import expected_modes_covered
from .neurons import (
    LIFTrace,
    PerceptronResult,
    lif_euler,
    lif_rate,
    lif_rate_theory,
    lif_simulate,
    mcculloch_pitts,
    multiply_accumulates,
    perceptron_train,
)
from .plot import (
    GifAnimation,
    density_panels,
    figure_to_rgb,
    loss_curves,
    make_gif,
    sample_grid,
    scatter_samples,
    scatter_snapshots,
    show_source,
)
from .recipes import mnist_gan
from .theory import js_divergence, kl_divergence, optimal_discriminator, train_discriminator, value_function

__version__ = "0.1.0"

__all__ = [
    "budget",
    "check",
    "Checkpoint",
    "CheckpointError",
    "CheckpointWarning",
    "copy_checkpoint",
    "class_fractions",
    "class_probabilities",
    "classifier_features",
    "classifier_score",
    "classifier_score_from_probabilities",
    "cluster_images",
    "cluster_prior",
    "cluster_purity",
    "current_budget",
    "dcgan_conditional_discriminator",
    "dcgan_conditional_generator",
    "dcgan_discriminator",
    "dcgan_downsample",
    "dcgan_generator",
    "dcgan_upsample",
    "default_optimizer",
    "FolderInUseError",
    "density_panels",
    "diff_augment",
    "DiffAugment",
    "digit_classifier",
    "DigitSplits",
    "discriminator_loss",
    "expected_modes_covered",
    "figure_to_rgb",
    "frechet_distance",
    "frechet_distance_from_features",
    "GAN",
    "GANLoss",
    "gaussian_mixture_1d",
    "GaussianClassModel",
    "GaussianMixture",
    "get_loss",
    "GifAnimation",
    "gradient_penalty",
    "grid_of_gaussians",
    "hinge_discriminator_loss",
    "hinge_generator_loss",
    "init_tiny_mlp",
    "inverse_cdf",
    "js_divergence",
    "judged_real",
    "kl_divergence",
    "label_smoothed",
    "latest_checkpoint",
    "lif_euler",
    "lif_rate",
    "lif_rate_theory",
    "lif_simulate",
    "LIFTrace",
    "load_mnist",
    "loss_curves",
    "LOSSES",
    "make_gif",
    "mcculloch_pitts",
    "Memorisation",
    "memorisation_ratio",
    "metrics",
    "minimax_generator_loss",
    "mlp_discriminator",
    "mlp_forward_backward",
    "mlp_generator",
    "mnist_classifier",
    "mnist_gan",
    "mnist_splits",
    "MNISTFallbackWarning",
    "mode_coverage",
    "ModeCoverage",
    "multiply_accumulates",
    "NonFiniteLossError",
    "nearest_neighbour_distances",
    "non_saturating_generator_loss",
    "numerical_gradient",
    "oja_rule",
    "optimal_discriminator",
    "perceptron_train",
    "PerceptronResult",
    "predict_in_batches",
    "recipes",
    "restore_checkpoint",
    "ring_of_gaussians",
    "sample_grid",
    "save_checkpoint",
    "verify_checkpoint",
    "writing_to",
    "scale_images",
    "scatter_samples",
    "scatter_snapshots",
    "score_digit_gan",
    "show_source",
    "Snapshot1D",
    "snapshot_1d",
    "SnapshotCallback",
    "spectral_norm",
    "split_digits",
    "StopOnNonFiniteLoss",
    "theory",
    "TimeLimit",
    "train_discriminator",
    "unscale_images",
    "value_function",
    "wasserstein_critic_loss",
    "wasserstein_generator_loss",
    "current_language",
    "set_language",
]
