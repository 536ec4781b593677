"""Fault injection for checkpoints and run folders, as tests/test_bad_input.py is for bad calls.

The table: each file of the newest checkpoint truncated, emptied, with bytes flipped or deleted (a
deleted manifest is a checkpoint missing its commit marker). Restoring must say which file is wrong in
one line and fall back to the previous checkpoint, and training resumed from it must match an
uninterrupted run. Then: every checkpoint damaged, two writers at once, a stale lock, a copy to a
second folder (as to Google Drive), ``--out`` naming a file, a read-only folder, a damaged run.json.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys

import keras
import numpy as np
import pytest

import ganlib
from ganlib import cli
from ganlib.checkpoint import MANIFEST, STATE, WEIGHTS

X = ganlib.ring_of_gaussians().sample(256, seed=0)  # 4 steps of 64 per epoch


def make_gan():
    keras.utils.set_random_seed(3)
    gan = ganlib.GAN(ganlib.mlp_generator(4, 2, (16,)), ganlib.mlp_discriminator(2, (16,)), seed=3)
    gan.compile(ema_decay=0.9)
    return gan


def fit(gan, epochs, initial_epoch=0, callbacks=()):
    return gan.fit(
        X,
        batch_size=64,
        epochs=epochs,
        initial_epoch=initial_epoch,
        shuffle=False,
        verbose=0,
        callbacks=list(callbacks),
    )


def every_weight(gan):
    variables = gan.weights + gan.g_optimizer.variables + gan.d_optimizer.variables
    return [np.asarray(v) for v in variables]


def snapshot(folder):
    """Every file under ``folder`` with its SHA-256: to check that nothing was changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A folder with the checkpoints of epochs 1 and 2, and the weights of an uninterrupted 3-epoch run."""
    folder = tmp_path_factory.mktemp("faults") / "checkpoints"
    fit(make_gan(), 2, callbacks=[ganlib.Checkpoint(folder, keep=2)])
    straight = make_gan()
    fit(straight, 3)
    return folder, every_weight(straight)


def truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def empty(path):
    path.write_bytes(b"")


def flip_bytes(path):
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = bytes(b ^ 0xFF for b in data[middle : middle + 8])
    path.write_bytes(bytes(data))


def delete(path):
    path.unlink()


FAULTS = {"truncated": truncate, "emptied": empty, "bytes flipped": flip_bytes, "deleted": delete}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", [WEIGHTS, STATE, MANIFEST])  # a deleted manifest: no commit marker
def test_a_damaged_newest_checkpoint_is_named_and_training_resumes_from_the_one_before(saved, tmp_path, name, fault):
    source, straight = saved
    folder = tmp_path / "checkpoints"
    shutil.copytree(source, folder)
    damaged = folder / "epoch-00002" / name
    FAULTS[fault](damaged)

    with pytest.raises(ganlib.CheckpointError, match=str(damaged)):
        ganlib.verify_checkpoint(folder / "epoch-00002")
    assert ganlib.latest_checkpoint(folder).name == "epoch-00001"
    gan = make_gan()
    with pytest.warns(ganlib.CheckpointWarning) as warned:
        start = ganlib.restore_checkpoint(gan, folder)
    assert start == 1 and int(gan.g_optimizer.iterations) == 4
    assert len(warned) == 1
    message = str(warned[0].message)
    assert str(damaged) in message and "\n" not in message, message

    fit(gan, 3, initial_epoch=start, callbacks=[ganlib.Checkpoint(folder, keep=2)])
    for a, b in zip(every_weight(gan), straight):  # as if never interrupted
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    assert ganlib.verify_checkpoint(folder / "epoch-00002") == 2  # the damaged one was written anew
    assert ganlib.verify_checkpoint(folder / "epoch-00003") == 3


def test_when_no_checkpoint_verifies_restoring_stops_naming_the_folder_and_changes_nothing(saved, tmp_path):
    folder = tmp_path / "checkpoints"
    shutil.copytree(saved[0], folder)
    truncate(folder / "epoch-00002" / WEIGHTS)
    delete(folder / "epoch-00001" / MANIFEST)
    before = snapshot(folder)
    with pytest.warns(ganlib.CheckpointWarning), pytest.raises(ganlib.CheckpointError) as error:
        ganlib.restore_checkpoint(make_gan(), folder)
    message = str(error.value)
    assert f"none of the 2 checkpoints in {folder} verifies" in message and "\n" not in message
    assert snapshot(folder) == before


def test_a_run_that_did_not_resume_never_replaces_a_verified_checkpoint(saved, tmp_path):
    folder = tmp_path / "checkpoints"
    shutil.copytree(saved[0], folder)
    before = snapshot(folder)
    gan = make_gan()
    with pytest.raises(
        ganlib.CheckpointError, match="verified checkpoint of epoch 2, but this training starts at epoch 0"
    ):
        fit(gan, 3, callbacks=[ganlib.Checkpoint(folder)])
    assert int(gan.g_optimizer.iterations) == 0  # refused before the first step
    assert snapshot(folder) == before
    fit(gan, 1, callbacks=[ganlib.Checkpoint(tmp_path / "elsewhere")])  # the folder is free again


def test_interrupted_saves_are_cleaned_up_and_never_restored(saved, tmp_path):
    folder = tmp_path / "checkpoints"
    shutil.copytree(saved[0], folder)
    partial = folder / ".epoch-00003.partial-999999"  # what a process killed while saving leaves
    shutil.copytree(folder / "epoch-00002", partial)
    truncate(partial / WEIGHTS)
    gan = make_gan()
    assert ganlib.restore_checkpoint(gan, folder) == 2
    fit(gan, 3, initial_epoch=2, callbacks=[ganlib.Checkpoint(folder)])
    assert sorted(p.name for p in folder.iterdir()) == ["epoch-00002", "epoch-00003"]


# --- Google Drive: write locally, copy each verified checkpoint --------------------


def test_checkpoints_copied_to_a_second_folder_restore_there_and_a_half_synced_one_is_skipped(tmp_path):
    local, drive = tmp_path / "local", tmp_path / "drive" / "run"
    first = make_gan()
    fit(first, 3, callbacks=[ganlib.Checkpoint(local, copy_to=drive)])
    assert sorted(p.name for p in drive.iterdir()) == ["epoch-00002", "epoch-00003"]
    assert snapshot(drive) == snapshot(local)
    resumed = make_gan()  # a new session, whose local disk is gone
    assert ganlib.restore_checkpoint(resumed, drive) == 3
    for a, b in zip(every_weight(resumed), every_weight(first)):
        np.testing.assert_array_equal(a, b)

    truncate(drive / "epoch-00003" / WEIGHTS)  # the upload had not finished when the runtime died
    with pytest.warns(ganlib.CheckpointWarning, match="epoch-00003"):
        assert ganlib.restore_checkpoint(make_gan(), drive) == 2


def test_a_damaged_checkpoint_is_never_copied(saved, tmp_path):
    folder = tmp_path / "checkpoints"
    shutil.copytree(saved[0], folder)
    flip_bytes(folder / "epoch-00002" / WEIGHTS)
    with pytest.raises(ganlib.CheckpointError, match="SHA-256 differs"):
        ganlib.copy_checkpoint(folder / "epoch-00002", tmp_path / "drive")
    assert not (tmp_path / "drive").exists()


# --- one writer per folder ----------------------------------------------------------

HOLD = "import sys, ganlib.checkpoint as c; c._take_folder(sys.argv[1]); print('holding', flush=True); sys.stdin.read()"


@pytest.fixture
def holder(tmp_path):
    """Another live process holding the folder tmp_path/run; killed with SIGKILL (never released) at the end."""
    folder = tmp_path / "run"
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    try:
        assert process.stdout.readline().strip() == "holding"
        yield folder, process
    finally:
        process.kill()
        process.wait(timeout=60)


def test_a_second_writer_is_refused_at_once_naming_the_first_and_a_killed_one_blocks_nothing(holder, capsys):
    folder, process = holder
    named = f"process {process.pid} on "
    with pytest.raises(ganlib.FolderInUseError, match=named):
        ganlib.save_checkpoint(make_gan(), folder, epoch=1)
    gan = make_gan()
    with pytest.raises(ganlib.FolderInUseError, match=named):  # a notebook's fit
        fit(gan, 2, callbacks=[ganlib.Checkpoint(folder)])
    assert int(gan.g_optimizer.iterations) == 0
    assert cli.main(["train", "--model", "dcgan", "--epochs", "1", "--out", str(folder)]) == 1  # the command line
    err = capsys.readouterr().err
    assert named in err and err.count("\n") == 1, err
    assert not (folder / "run.json").exists() and not (folder / "checkpoints").exists()

    process.kill()  # no clean-up runs: the lock file stays behind
    process.wait(timeout=60)
    assert (folder / ".ganlib-writer.lock").exists()
    fit(gan, 2, callbacks=[ganlib.Checkpoint(folder)])
    assert ganlib.latest_checkpoint(folder).name == "epoch-00002"
    assert not (folder / ".ganlib-writer.lock").exists()  # released at the end of training


def test_the_same_process_may_train_into_its_folder_again_after_an_interruption(tmp_path):
    # A notebook cell stopped mid-training and run again: fit never reached on_train_end.
    class Stop(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            raise KeyboardInterrupt

    gan = make_gan()
    with pytest.raises(KeyboardInterrupt):
        fit(gan, 2, callbacks=[ganlib.Checkpoint(tmp_path), Stop()])
    start = ganlib.restore_checkpoint(gan, tmp_path)
    fit(gan, 2, initial_epoch=start, callbacks=[ganlib.Checkpoint(tmp_path)])
    assert ganlib.latest_checkpoint(tmp_path).name == "epoch-00002"


# --- the command line's run folder --------------------------------------------------


def test_out_naming_a_file_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("mine")
    for argv in (["train", "--model", "dcgan", "--epochs", "1"], ["sample"]):
        assert cli.main([*argv, "--out", str(path)]) == 2
        err = capsys.readouterr().err
        assert f"out: {path} is a file" in err and err.count("\n") == 1, err
    assert path.read_text() == "mine"


@pytest.fixture
def read_only(tmp_path):
    """A folder that cannot be written to: immutable (chattr +i) for root, mode 0o555 for other users."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)], check=False).returncode != 0:
            pytest.skip("root, and this file system cannot make a folder immutable")
        yield folder
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)


def test_a_read_only_folder_is_refused_before_training(read_only, capsys):
    assert cli.main(["train", "--model", "dcgan", "--epochs", "1", "--out", str(read_only / "run")]) == 1
    err = capsys.readouterr().err
    assert "cannot write there" in err and err.count("\n") == 1, err
    gan = make_gan()
    with pytest.raises(ganlib.CheckpointError, match="cannot write there"):
        fit(gan, 1, callbacks=[ganlib.Checkpoint(read_only)])
    assert int(gan.g_optimizer.iterations) == 0


def dcgan_run(out):
    ganlib.save_checkpoint(ganlib.mnist_gan("dcgan"), out / "checkpoints", epoch=1)
    (out / "run.json").write_text(json.dumps({"model": "dcgan", "seed": 0, "batch": 64}))


def test_a_damaged_run_json_is_named_with_what_to_do(tmp_path, capsys):
    dcgan_run(tmp_path)
    (tmp_path / "run.json").write_text('{"model": "dcg')  # cut off
    before = snapshot(tmp_path)
    for argv in (["sample"], ["train", "--model", "dcgan", "--epochs", "2"]):
        assert cli.main([*argv, "--out", str(tmp_path)]) == 1
        err = capsys.readouterr().err
        assert f"{tmp_path / 'run.json'} is damaged" in err and "Delete it" in err and err.count("\n") == 1, err
    assert snapshot(tmp_path) == before


def test_the_command_line_stops_when_no_checkpoint_verifies_and_loses_nothing(tmp_path, capsys):
    dcgan_run(tmp_path)
    truncate(tmp_path / "checkpoints" / "epoch-00001" / WEIGHTS)
    before = snapshot(tmp_path)
    for argv in (["sample"], ["train", "--model", "dcgan", "--epochs", "2"]):
        assert cli.main([*argv, "--out", str(tmp_path)]) == 1
        err = [line for line in capsys.readouterr().err.splitlines() if "GANLIB_OFFLINE" not in line]
        assert len(err) == 2 and err[0].startswith("warning: skipped a checkpoint: ") and "bytes" in err[0], err
        assert f"none of the 1 checkpoints in {tmp_path / 'checkpoints'} verifies" in err[1], err
    assert snapshot(tmp_path) == before
