"""Class probabilities and class fractions: which digits a generator makes."""

import numpy as np
import pytest

import ganlib
from ganlib import metrics


def test_class_fractions_count_the_most_probable_class():
    p = np.array([[0.9, 0.1, 0.0], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8]])
    np.testing.assert_allclose(metrics.class_fractions(p), [0.5, 0.25, 0.25])


def test_class_fractions_of_a_collapsed_generator_put_everything_on_one_class():
    p = np.tile(np.eye(10)[7], (50, 1))
    fractions = metrics.class_fractions(p)
    assert fractions[7] == 1.0 and fractions.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(metrics.class_fractions(np.eye(10)), np.full(10, 0.1))


def test_class_fractions_reject_non_distributions():
    with pytest.raises(ValueError, match="probabilities: expected rows summing to 1"):
        metrics.class_fractions(np.full((4, 10), 0.2))
    with pytest.raises(ValueError, match="probabilities"):
        metrics.class_fractions(np.ones(10))


def test_class_probabilities_are_the_softmax_of_the_logits():
    import keras

    keras.utils.set_random_seed(0)
    classifier = ganlib.mnist_classifier("mlp", hidden=8)
    images = np.random.default_rng(0).uniform(-1, 1, size=(20, 28, 28, 1)).astype("float32")
    p = ganlib.class_probabilities(images, classifier)
    logits = np.asarray(classifier(images, training=False), dtype=np.float64)
    expected = np.exp(logits - logits.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    assert p.shape == (20, 10) and p.dtype == np.float64
    np.testing.assert_allclose(p, expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-12)
    # The score computed from these probabilities is the score of the images.
    assert metrics.classifier_score_from_probabilities(p) == pytest.approx(ganlib.classifier_score(images, classifier))


def test_class_probabilities_reject_images_of_the_wrong_shape_or_range():
    classifier = ganlib.mnist_classifier("mlp", hidden=4)
    with pytest.raises(ValueError, match="images"):
        ganlib.class_probabilities(np.zeros((3, 28, 28)), classifier)
    with pytest.raises(ValueError, match="images"):
        ganlib.class_probabilities(np.full((3, 28, 28, 1), 255.0), classifier)
