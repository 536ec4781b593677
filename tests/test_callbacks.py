import keras
import numpy as np
import pytest

import ganlib


def tiny_gan():
    keras.utils.set_random_seed(0)
    gan = ganlib.GAN(ganlib.mlp_generator(1, 1, (8,)), ganlib.mlp_discriminator(1, (8,)), seed=0)
    gan.compile()
    return gan


def test_snapshots_every_n_epochs_include_the_start_and_the_last_epoch():
    gan = tiny_gan()
    x = np.random.default_rng(0).normal(size=(64, 1)).astype("float32")
    calls = []
    recorder = ganlib.SnapshotCallback(lambda model: calls.append(model) or len(calls), every_n_epochs=2)
    gan.fit(x, batch_size=16, epochs=5, verbose=0, callbacks=[recorder])
    assert list(recorder.snapshots) == [0, 2, 4, 5]
    assert list(recorder.snapshots.values()) == [1, 2, 3, 4]
    assert all(model is gan for model in calls)
    # A second fit keeps counting epochs.
    gan.fit(x, batch_size=16, epochs=1, verbose=0, callbacks=[recorder])
    assert list(recorder.snapshots) == [0, 2, 4, 5, 6]


def test_snapshots_every_n_steps():
    gan = tiny_gan()
    x = np.zeros((64, 1), dtype="float32")
    recorder = ganlib.SnapshotCallback(lambda model: 0, every_n_steps=3, at_start=False)
    gan.fit(x, batch_size=16, epochs=2, verbose=0, callbacks=[recorder])  # 8 steps
    assert list(recorder.snapshots) == [3, 6]


def test_snapshot_callback_validates_its_arguments():
    with pytest.raises(TypeError, match="fn: expected a function"):
        ganlib.SnapshotCallback(3)
    with pytest.raises(ValueError, match="every_n_epochs, every_n_steps: expected at most one"):
        ganlib.SnapshotCallback(len, every_n_epochs=1, every_n_steps=1)
    with pytest.raises(ValueError, match="every_n_steps: expected a positive integer"):
        ganlib.SnapshotCallback(len, every_n_steps=0)


def test_snapshot_1d_records_samples_and_sigmoid_of_logits():
    gan = tiny_gan()
    grid = np.linspace(-3, 3, 7)
    z = np.random.default_rng(1).normal(size=(10, 1)).astype("float32")
    snap = ganlib.snapshot_1d(gan, grid, z)
    assert snap.samples.shape == (10,) and snap.d.shape == (7,)
    np.testing.assert_allclose(snap.samples, gan.generate(z=z)[:, 0], rtol=1e-6)
    logits = gan.discriminator(grid[:, None].astype("float32")).numpy()[:, 0]
    np.testing.assert_allclose(snap.d, 1 / (1 + np.exp(-logits)), rtol=1e-5)
    assert np.all((snap.d > 0) & (snap.d < 1))


def test_snapshot_1d_rejects_a_2d_gan():
    gan = ganlib.GAN(ganlib.mlp_generator(2, 2, (4,)), ganlib.mlp_discriminator(2, (4,)))
    with pytest.raises(ValueError, match=r"gan: expected a GAN with 1-D samples"):
        ganlib.snapshot_1d(gan, np.zeros(3), np.zeros((2, 2)))
