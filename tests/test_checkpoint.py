import hashlib
import json

import keras
import numpy as np
import pytest

import ganlib
from ganlib.checkpoint import latest_checkpoint, restore_checkpoint, save_checkpoint


def make_gan():
    keras.utils.set_random_seed(3)
    gan = ganlib.GAN(ganlib.mlp_generator(4, 2, (16,)), ganlib.mlp_discriminator(2, (16,)), seed=3)
    gan.compile(ema_decay=0.9)
    return gan


X = ganlib.ring_of_gaussians().sample(256, seed=0)


def test_resumed_training_matches_uninterrupted_training(tmp_path):
    straight = make_gan()
    straight.fit(X, batch_size=64, epochs=4, shuffle=False, verbose=0)

    first = make_gan()
    first.fit(X, batch_size=64, epochs=2, shuffle=False, verbose=0, callbacks=[ganlib.Checkpoint(tmp_path)])
    resumed = make_gan()  # a new process would start from scratch like this
    start = restore_checkpoint(resumed, tmp_path)
    assert start == 2
    assert int(resumed.g_optimizer.iterations) == int(first.g_optimizer.iterations) == 8
    for a, b in zip(resumed.weights, first.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    resumed.fit(X, batch_size=64, epochs=4, initial_epoch=start, shuffle=False, verbose=0)

    assert int(resumed.d_optimizer.iterations) == int(straight.d_optimizer.iterations) == 16
    for a, b in zip(
        resumed.generator.weights + resumed.ema_generator.weights,
        straight.generator.weights + straight.ema_generator.weights,
    ):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6)


def test_only_the_latest_checkpoints_are_kept(tmp_path):
    gan = make_gan()
    gan.fit(X, batch_size=64, epochs=4, verbose=0, callbacks=[ganlib.Checkpoint(tmp_path, keep=2)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["epoch-00003", "epoch-00004"]
    assert latest_checkpoint(tmp_path).name == "epoch-00004"


def test_an_interrupted_write_is_never_taken_for_a_checkpoint(tmp_path):
    gan = make_gan()
    save_checkpoint(gan, tmp_path, epoch=1)
    # A write killed half way leaves a partial folder (and perhaps a truncated file) behind.
    partial = tmp_path / ".epoch-00002.partial-999"
    partial.mkdir()
    (partial / "gan.weights.h5").write_bytes(b"\x89HDF\r\n truncated")
    assert latest_checkpoint(tmp_path).name == "epoch-00001"
    assert restore_checkpoint(make_gan(), tmp_path) == 1


def test_no_checkpoint_means_start_at_zero(tmp_path):
    assert restore_checkpoint(make_gan(), tmp_path / "missing") == 0


def test_checkpoint_arguments_are_checked(tmp_path):
    with pytest.raises(TypeError, match="gan: expected a ganlib.GAN"):
        save_checkpoint(keras.Sequential(), tmp_path, epoch=1)
    with pytest.raises(ValueError, match="epoch: expected a positive integer"):
        save_checkpoint(make_gan(), tmp_path, epoch=0)
    with pytest.raises(ValueError, match="keep: expected a positive integer"):
        ganlib.Checkpoint(tmp_path, keep=0)
    (tmp_path / "file").write_text("")
    with pytest.raises(ValueError, match="copy_to: .* is a file, not a folder"):
        ganlib.Checkpoint(tmp_path / "ok", copy_to=tmp_path / "file")
    with pytest.raises(TypeError, match="directory: expected a folder's path"):
        restore_checkpoint(make_gan(), 3)


def test_each_checkpoint_lists_its_files_sizes_and_hashes_in_a_manifest_written_last(tmp_path):
    path = save_checkpoint(make_gan(), tmp_path, epoch=1)
    manifest = json.loads((path / "manifest.json").read_text())
    assert sorted(manifest["files"]) == ["gan.weights.h5", "state.json"]
    for name, entry in manifest["files"].items():
        data = (path / name).read_bytes()
        assert entry == {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    assert (path / "manifest.json").stat().st_mtime_ns >= max((path / n).stat().st_mtime_ns for n in manifest["files"])
    assert ganlib.verify_checkpoint(path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["epoch-00001"]  # no lock or temporary files left
