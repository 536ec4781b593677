"""The command line `python -m ganlib`: argument checks in-process, and end-to-end runs in a subprocess.

The subprocesses run in the quick budget (a subset of 512 digits, a classifier trained for 2 epochs), offline,
with a digit-classifier cache in a temporary folder shared by the whole test session.
"""

import json
import math
import shutil
import subprocess
import sys

import keras
import numpy as np
import pytest

import ganlib
from ganlib import cli
from tests.paths import ROOT


def run_cli(env, *args, timeout=600):
    result = subprocess.run(
        [sys.executable, "-m", "ganlib", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"exit code {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def finite_scores(path):
    scores = json.loads(path.read_text())
    for key in (
        "classifier_score",
        "frechet_distance",
        "real_classifier_score",
        "real_frechet_distance",
        "memorisation_ratio",
    ):
        assert math.isfinite(scores[key]), f"{key} = {scores[key]}"
    assert 1 - 1e-6 <= scores["classifier_score"] <= 10 + 1e-6
    assert scores["frechet_distance"] >= 0 and scores["memorisation_ratio"] > 0 and scores["on"] == "test"
    return scores


@pytest.fixture(scope="module")
def trained(tmp_path_factory, cli_env):
    """A conditional GAN trained for one epoch by the CLI."""
    out = tmp_path_factory.mktemp("cli") / "run"
    result = run_cli(cli_env, "train", "--model", "conditional", "--epochs", 1, "--out", out)
    return out, result


def test_train_writes_a_checkpoint_a_grid_and_finite_scores(trained):
    out, result = trained
    assert "starting from epoch 0" in result.stdout
    assert (out / "checkpoints" / "epoch-00001" / "gan.weights.h5").is_file()
    assert (out / "samples-epoch-00001.png").stat().st_size > 1000
    scores = finite_scores(out / "scores.json")
    assert scores["epoch"] == 1 and scores["model"] == "conditional"
    assert json.loads((out / "run.json").read_text())["model"] == "conditional"


def test_running_again_resumes_from_the_checkpoint(trained, tmp_path, cli_env):
    out = tmp_path / "run"
    shutil.copytree(trained[0], out)
    result = run_cli(cli_env, "train", "--model", "conditional", "--epochs", 2, "--out", out)
    steps = cli.QUICK_DIGITS // 64
    assert f"resuming from epoch 1 ({out / 'checkpoints' / 'epoch-00001'}, optimizer step {steps})" in result.stdout
    assert "starting from epoch 0" not in result.stdout
    assert (out / "checkpoints" / "epoch-00002").is_dir()
    assert finite_scores(out / "scores.json")["epoch"] == 2
    assert (out / "samples-epoch-00002.png").is_file()

    # A damaged latest checkpoint (a full disk, an unfinished copy or sync): named in one line, and the
    # run resumes from the checkpoint before it instead of ending in a traceback.
    damaged = out / "checkpoints" / "epoch-00002" / "gan.weights.h5"
    damaged.write_bytes(damaged.read_bytes()[:1000])
    result = run_cli(cli_env, "train", "--model", "conditional", "--epochs", 3, "--out", out)
    warning = [line for line in result.stderr.splitlines() if str(damaged) in line]
    assert len(warning) == 1 and "bytes, the manifest says" in warning[0], result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert f"resuming from epoch 1 ({out / 'checkpoints' / 'epoch-00001'}" in result.stdout
    assert ganlib.verify_checkpoint(out / "checkpoints" / "epoch-00003") == 3


def test_sample_writes_a_new_grid_from_the_latest_checkpoint(trained, tmp_path, cli_env):
    out = tmp_path / "run"
    shutil.copytree(trained[0], out)
    (out / "scores.json").unlink()
    result = run_cli(cli_env, "sample", "--out", out, "--n", 20, "--label", 3)
    assert "epoch 1" in result.stdout
    assert (out / "sample-epoch-00001-label-3.png").stat().st_size > 1000
    assert finite_scores(out / "scores.json")["epoch"] == 1


# --- in-process: argument checks fail at once, before any data is loaded ----------


@pytest.mark.parametrize(
    "argv, flag",
    [
        (["train", "--model", "dcgan", "--epochs", "0", "--out", "x"], "--epochs"),
        (["train", "--model", "dcgan", "--epochs", "-3", "--out", "x"], "--epochs"),
        (["train", "--model", "dcgan", "--seconds", "0", "--out", "x"], "--seconds"),
        (["train", "--model", "dcgan", "--seconds", "-1.5", "--out", "x"], "--seconds"),
        (["train", "--model", "dcgan", "--epochs", "2", "--batch", "0", "--out", "x"], "--batch"),
        (["sample", "--out", "x", "--n", "0"], "--n"),
    ],
)
def test_non_positive_sizes_fail_at_once_naming_the_flag(argv, flag, capsys):
    with pytest.raises(SystemExit) as error:
        cli.main(argv)
    assert error.value.code == 2
    assert f"argument {flag}" in capsys.readouterr().err


def test_unknown_models_fail_listing_the_known_ones(capsys):
    with pytest.raises(SystemExit):
        cli.main(["train", "--model", "wgan", "--epochs", "1", "--out", "x"])
    assert "invalid choice: 'wgan' (choose from 'conditional', 'dcgan', 'selfcond')" in capsys.readouterr().err
    with pytest.raises(ValueError, match=r"model: expected one of \['conditional', 'dcgan', 'selfcond'\], got 'wgan'"):
        ganlib.mnist_gan("wgan")


def test_train_needs_exactly_one_of_epochs_and_seconds(capsys, tmp_path):
    with pytest.raises(SystemExit):
        cli.main(["train", "--model", "dcgan", "--epochs", "1", "--seconds", "5", "--out", "x"])
    assert "not allowed with argument" in capsys.readouterr().err
    with pytest.raises(ValueError, match="epochs, seconds: expected exactly one of them"):
        cli.train("dcgan", tmp_path)
    with pytest.raises(ValueError, match="epochs: expected a positive integer"):
        cli.train("dcgan", tmp_path, epochs=0)
    with pytest.raises(ValueError, match="seconds: expected a finite number > 0"):
        cli.train("dcgan", tmp_path, seconds=-1.0)


def test_sample_without_a_checkpoint_says_to_train_first(tmp_path, capsys):
    assert cli.main(["sample", "--out", str(tmp_path)]) == 2
    assert "no checkpoint" in capsys.readouterr().err


def test_a_label_is_refused_for_the_unconditional_model(tmp_path, capsys):
    gan = ganlib.mnist_gan("dcgan")
    ganlib.save_checkpoint(gan, tmp_path / "checkpoints", epoch=1)
    (tmp_path / "run.json").write_text(json.dumps({"model": "dcgan", "seed": 0, "batch": 64}))
    assert cli.main(["sample", "--out", str(tmp_path), "--label", "3"]) == 2
    assert "label: only the conditional model takes a label" in capsys.readouterr().err
    with pytest.raises(ValueError, match="model: .* holds a 'dcgan' run"):
        cli.train("conditional", tmp_path, epochs=2)


@pytest.mark.parametrize(
    "model, classes", [("conditional", 10), ("dcgan", None), ("selfcond", ganlib.recipes.N_CLUSTERS)]
)
def test_build_gan_is_repeatable_and_has_an_averaged_generator(model, classes):
    assert set(ganlib.recipes.MODELS) == {"conditional", "dcgan", "selfcond"}
    prior = np.full(ganlib.recipes.N_CLUSTERS, 1 / ganlib.recipes.N_CLUSTERS) if model == "selfcond" else None
    first, second = (
        ganlib.mnist_gan(model, seed=5, label_prior=prior),
        ganlib.mnist_gan(model, seed=5, label_prior=prior),
    )
    assert first.ema_generator is not None and first.num_classes == classes
    for a, b in zip(first.weights, second.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_the_default_model_is_the_self_conditioned_one():
    args = cli.parser().parse_args(["train", "--seconds", "1", "--out", "runs/x"])
    assert args.model == cli.DEFAULT_MODEL == "selfcond"


def test_only_the_self_conditioned_model_takes_a_label_prior():
    with pytest.raises(ValueError, match="label_prior: expected the clusters' frequencies for 'selfcond'"):
        ganlib.mnist_gan("selfcond")
    with pytest.raises(ValueError, match="label_prior: .* got a prior for 'dcgan'"):
        ganlib.mnist_gan("dcgan", label_prior=[1.0])
    with pytest.raises(ValueError, match=f"label_prior: expected shape \\({ganlib.recipes.N_CLUSTERS},\\)"):
        ganlib.mnist_gan("selfcond", label_prior=[0.5, 0.5])


def test_the_time_limit_stops_at_the_end_of_the_epoch_in_which_it_runs_out():
    gan = ganlib.GAN(ganlib.mlp_generator(2, 2, (8,)), ganlib.mlp_discriminator(2, (8,)), seed=0)
    gan.compile()
    x = ganlib.ring_of_gaussians().sample(64, seed=0)
    steps = []
    count = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: steps.append(batch))
    history = gan.fit(x, batch_size=16, epochs=50, verbose=0, callbacks=[ganlib.TimeLimit(1e-9), count])
    assert len(history.epoch) == 1 and len(steps) == 4  # the whole first epoch, then a stop
    with pytest.raises(ValueError, match="seconds: expected a finite number > 0"):
        ganlib.TimeLimit(0)


def test_the_quick_budget_trains_on_a_fixed_subset(monkeypatch):
    images = np.linspace(-1, 1, 2000 * 4).reshape(2000, 2, 2, 1).astype("float32")
    labels = np.arange(2000) % 10
    monkeypatch.setenv("GANLIB_BUDGET", "quick")
    x, y = cli.training_digits((images, labels))
    x2, _ = cli.training_digits((images, labels))
    assert len(x) == len(y) == cli.QUICK_DIGITS
    np.testing.assert_array_equal(x, x2)
    monkeypatch.setenv("GANLIB_BUDGET", "full")
    assert len(cli.training_digits((images, labels))[0]) == 2000


def test_the_self_conditioned_model_clusters_trains_and_samples_from_its_prior(tmp_path, cli_env):
    out = tmp_path / "selfcond"
    result = run_cli(cli_env, "train", "--model", "selfcond", "--epochs", 1, "--out", out)
    assert f"clustered the digits into {ganlib.recipes.N_CLUSTERS} clusters" in result.stdout
    prior = np.array(json.loads((out / "run.json").read_text())["label_prior"])
    assert prior.shape == (ganlib.recipes.N_CLUSTERS,) and abs(prior.sum() - 1) < 1e-9 and prior.min() > 0
    assert finite_scores(out / "scores.json")["model"] == "selfcond"
    (out / "scores.json").unlink()
    run_cli(cli_env, "sample", "--out", out, "--n", 20)
    assert (out / "sample-epoch-00001.png").stat().st_size > 1000
    assert finite_scores(out / "scores.json")["n_scored"] == cli.QUICK_SCORED
    refused = subprocess.run(
        [sys.executable, "-m", "ganlib", "sample", "--out", str(out), "--label", "3"],
        cwd=ROOT,
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert refused.returncode == 2 and "only the conditional model takes a label" in refused.stderr
