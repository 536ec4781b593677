"""The command line: train a GAN on MNIST digits, resume it after an interruption, sample from it.

::

    python -m ganlib train --model dcgan --epochs 20 --out runs/dcgan
    python -m ganlib train --model conditional --seconds 600 --out runs/cgan
    python -m ganlib train --model selfcond --seconds 300 --out runs/selfcond
    python -m ganlib sample --out runs/cgan --n 100 --label 3

``train`` fits the model named by ``--model`` (see :data:`MODELS`; default ``selfcond``) on
the training digits of :func:`ganlib.mnist_splits` with Keras's progress bar, saves a checkpoint
after every epoch in ``OUT/checkpoints`` (:class:`ganlib.Checkpoint`), and at the
end writes a grid of samples (``OUT/samples-epoch-NNNNN.png``) and their scores
(``OUT/scores.json``, by :func:`ganlib.score_digit_gan`: the classifier score,
the Fréchet distance to the test digits and the memorisation ratio, with real
digits as yardsticks, judged by the same :func:`ganlib.digit_classifier` as the
book's tables). It never trains on the validation or test digits. Run the same
command again and it resumes from the latest checkpoint: ``--epochs N`` is the total
number of epochs, so a run killed in epoch 7 of 20 picks up after epoch 6 and trains
epochs 7 to 20. With
``--seconds S`` it trains for S more seconds, stopping at the end of the epoch in
which they run out.

``sample`` loads the latest checkpoint of ``OUT`` and writes a new grid
(``OUT/sample-epoch-NNNNN[-label-L].png``) and the scores.

Both commands build the networks, optimisers and the averaged (EMA) generator
with one function, :func:`ganlib.mnist_gan`, so that a checkpoint always fits the model
it is loaded into; ``OUT/run.json`` records which model a folder holds.

Budget: under ``GANLIB_BUDGET=quick`` (the tests' budget) ``train`` uses a fixed
subset of :data:`QUICK_DIGITS` training digits, and the digit classifier that scores
the samples is trained for :data:`QUICK_CLASSIFIER_EPOCHS` epochs instead of its
default; the models are the same.
"""

from __future__ import annotations

import argparse
import json
import numbers
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from . import _io, _validate
from .budget import budget, current_budget
from .callbacks import TimeLimit
from .checkpoint import Checkpoint, CheckpointError, latest_checkpoint, restore_checkpoint, writing_to
from .data import DigitSplits, cluster_images, cluster_prior, mnist_splits
from .gan import GAN
from .metrics import N_SCORED, digit_classifier, score_digit_gan
from .plot import sample_grid
from .recipes import DEFAULT_MODEL, MODELS, N_CLUSTERS, NUM_CLASSES, mnist_gan

QUICK_DIGITS = 512
QUICK_CLASSIFIER_EPOCHS = 2
QUICK_SCORED = 500
MAX_EPOCHS = 1_000_000  # the epoch count given to fit when --seconds decides when to stop


def _seed(value: object) -> int:
    return _validate.non_negative_int("seed", value)


def training_digits(digits: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The digits ``train`` fits: ``digits`` (default: the training digits of :func:`ganlib.mnist_splits`),
    or a fixed subset of :data:`QUICK_DIGITS` of them in the quick budget."""
    images, labels = mnist_splits().train if digits is None else digits
    n = budget(full=len(images), quick=min(QUICK_DIGITS, len(images)))
    if n < len(images):
        keep = np.random.default_rng(0).permutation(len(images))[:n]
        images, labels = images[keep], labels[keep]
    return images, labels


def _batches(x: np.ndarray, y: np.ndarray | None, batch: int, seed: int) -> tf.data.Dataset:
    """Shuffled batches of full size: a last, smaller batch would retrace the training step."""
    data = tf.data.Dataset.from_tensor_slices(x if y is None else (x, y))
    return data.shuffle(len(x), seed=seed, reshuffle_each_iteration=True).batch(batch, drop_remainder=True)


# --- the run folder ---------------------------------------------------------------


def _run_file(out: Path) -> Path:
    return out / "run.json"


def _run_folder(out: str | os.PathLike) -> Path:
    """``out`` as a path, refused at once if it names a file."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(
            f"out: {out} is a file; --out names the run's folder (checkpoints, samples, scores): choose another name"
        )
    return out


def _read_run(out: Path) -> dict | None:
    """The run's record ``OUT/run.json`` (None if there is none); a damaged one is a :class:`CheckpointError`."""
    path = _run_file(out)
    if not path.is_file():
        return None
    try:
        run = json.loads(path.read_text())
        if run["model"] not in MODELS or not isinstance(run["seed"], int):
            raise ValueError(f"model {run['model']!r}, seed {run['seed']!r}")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CheckpointError(
            f"{path} is damaged ({type(error).__name__}: {error}). It records which model the folder holds "
            f"(the checkpoints do not depend on it). Delete it and run: python -m ganlib train --model MODEL "
            f"--epochs 1 --out {out} (with the model this folder holds: it writes run.json anew and trains "
            "nothing more)"
        ) from None
    return run


def _noise_labels(gan: GAN, n: int, label: int | None) -> np.ndarray | None:
    if not gan.num_classes or (label is None and gan.label_prior is not None):
        return None  # unconditional, or labels drawn from the GAN's prior
    return np.full(n, label) if label is not None else np.arange(n) % gan.num_classes


def scores(gan: GAN, splits: DigitSplits | None = None, seed: int = 0) -> dict:
    """Score ``gan`` with :func:`ganlib.score_digit_gan` on the test digits, judged by the book's classifier."""
    quick = current_budget() == "quick"  # the tests' budget: a quickly trained judge, fewer samples
    classifier = digit_classifier(epochs=QUICK_CLASSIFIER_EPOCHS) if quick else digit_classifier()
    return score_digit_gan(
        gan, n=QUICK_SCORED if quick else N_SCORED, on="test", seed=seed, classifier=classifier, splits=splits
    )


def _finish(
    gan: GAN,
    out: Path,
    model: str,
    epoch: int,
    grid_path: Path,
    n: int,
    label: int | None,
    seed: int,
    splits: DigitSplits | None = None,
) -> dict:
    images = gan.generate(n=n, seed=seed, labels=_noise_labels(gan, n, label))
    title = f"{model}, epoch {epoch}" + (f", label {label}" if label is not None else "")
    sample_grid(images, ncols=min(n, 10), title=title).savefig(grid_path, dpi=80)
    print(f"wrote {grid_path}")
    result = {"model": model, "epoch": epoch, **scores(gan, splits, seed=seed)}
    _io.write_json(out / "scores.json", result)
    print(
        f"scores after epoch {epoch}: classifier score {result['classifier_score']:.2f} "
        f"(real digits: {result['real_classifier_score']:.2f}, at most 10), Frechet distance "
        f"{result['frechet_distance']:.2f} (real digits: {result['real_frechet_distance']:.2f}), memorisation "
        f"ratio {result['memorisation_ratio']:.2f} (about 1: no closer to the training digits than new digits are)"
    )
    print(f"wrote {out / 'scores.json'}")
    return result


# --- the commands -----------------------------------------------------------------


def train(
    model: str,
    out: str | os.PathLike,
    epochs: int | None = None,
    seconds: float | None = None,
    batch: int = 64,
    seed: int = 0,
) -> dict:
    """Train (or resume training) ``model`` into the folder ``out``; return its scores.

    Exactly one of ``epochs`` (the total number of epochs, counting those of
    earlier runs) and ``seconds`` (how long this run may train) must be given.
    See the module's documentation for the files written.
    """
    model = _validate.one_of("model", model, MODELS)
    if (epochs is None) == (seconds is None):
        raise ValueError("epochs, seconds: expected exactly one of them")
    epochs = None if epochs is None else _validate.positive_int("epochs", epochs)
    seconds = None if seconds is None else _validate.positive_float("seconds", seconds)
    batch = _validate.positive_int("batch", batch)
    seed = _seed(seed)
    out = _run_folder(out)
    with writing_to(out), writing_to(out / "checkpoints"):  # one writer per run folder
        return _train(model, out, epochs, seconds, batch, seed)


def _train(model: str, out: Path, epochs: int | None, seconds: float | None, batch: int, seed: int) -> dict:
    run = _read_run(out)
    if run is not None and run["model"] != model:
        raise ValueError(f"model: {out} holds a {run['model']!r} run, got --model {model!r}; use another --out")
    splits = mnist_splits()
    x, y = training_digits(splits.train)
    if batch > len(x):
        raise ValueError(f"batch: expected at most the {len(x)} training digits, got {batch}")
    prior = None
    if model == "selfcond":  # the clusters replace the labels, which are never used
        y = cluster_images(x, N_CLUSTERS)
        prior = cluster_prior(y, N_CLUSTERS).tolist()
        print(f"clustered the digits into {N_CLUSTERS} clusters by k-means on their pixels")
    print(f"training {model!r} on {len(x)} digits, batch {batch}, {len(x) // batch} steps per epoch")
    gan = mnist_gan(model, seed, prior)
    checkpoints = out / "checkpoints"
    start = restore_checkpoint(gan, checkpoints)  # only a verified checkpoint; none: CheckpointError
    _io.write_json(_run_file(out), {"model": model, "seed": seed, "batch": batch, "label_prior": prior})
    if start:
        print(
            f"resuming from epoch {start} ({latest_checkpoint(checkpoints)}, "
            f"optimizer step {int(gan.g_optimizer.iterations)})",
            flush=True,
        )
    else:
        print(f"no checkpoint in {checkpoints}: starting from epoch 0", flush=True)

    callbacks: list[keras.callbacks.Callback] = [Checkpoint(checkpoints, verbose=1)]
    if seconds is not None:
        total = start + MAX_EPOCHS
        callbacks.append(TimeLimit(seconds))
        print(f"training for {seconds:g} s, to the end of the epoch in which they run out", flush=True)
    else:
        total = epochs
    done = start
    if start < total:
        try:
            history = gan.fit(
                _batches(x, y if gan.num_classes else None, batch, seed),
                epochs=total,
                initial_epoch=start,
                callbacks=callbacks,
                verbose=1,
            )
        except KeyboardInterrupt:
            last = latest_checkpoint(checkpoints)
            print(f"\ninterrupted; the latest checkpoint is {last}. Run the same command again to resume.")
            raise
        done = start + len(history.epoch)
    else:
        print(f"already trained for {start} epochs (--epochs {epochs}): nothing to train")
    return _finish(gan, out, model, done, out / f"samples-epoch-{done:05d}.png", 100, None, seed, splits)


def sample(out: str | os.PathLike, n: int = 100, label: int | None = None, seed: int = 0) -> dict:
    """Load the latest checkpoint in ``out`` and write a grid of ``n`` samples and the scores; return them."""
    out = _run_folder(out)
    n = _validate.positive_int("n", n)
    seed = _seed(seed)
    if not out.is_dir():
        raise _no_checkpoint(out)
    with writing_to(out):  # it writes a grid and scores.json: not while train writes them
        return _sample(out, n, label, seed)


def _no_checkpoint(out: Path) -> FileNotFoundError:
    return FileNotFoundError(
        f"out: no checkpoint in {out / 'checkpoints'}; train first: python -m ganlib train --model ... --out {out}"
    )


def _sample(out: Path, n: int, label: int | None, seed: int) -> dict:
    run = _read_run(out)
    checkpoints = out / "checkpoints"
    if run is None:
        raise _no_checkpoint(out)
    if label is not None:
        if run["model"] != "conditional":
            raise ValueError(f"label: only the conditional model takes a label; {out} holds a {run['model']!r} run")
        if isinstance(label, bool) or not isinstance(label, numbers.Integral) or not 0 <= label < NUM_CLASSES:
            raise ValueError(f"label: expected a digit from 0 to {NUM_CLASSES - 1}, got {label!r}")
    gan = mnist_gan(run["model"], run["seed"], run.get("label_prior"))
    epoch = restore_checkpoint(gan, checkpoints)  # only a verified checkpoint; damaged ones: CheckpointError
    if epoch == 0:
        raise _no_checkpoint(out)
    print(f"loaded {latest_checkpoint(checkpoints)} ({run['model']!r}, epoch {epoch})")
    name = f"sample-epoch-{epoch:05d}" + (f"-label-{label}" if label is not None else "") + ".png"
    return _finish(gan, out, run["model"], epoch, out / name, n, label, seed)


# --- argument parsing -------------------------------------------------------------


def _argument(kind: type, check, flag: str):
    """An argparse type: ``kind(text)`` checked by a ``_validate`` check, its message naming the flag."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number ({kind.__name__}), got {text!r}") from None
        try:
            return check(flag, value)
        except (TypeError, ValueError) as error:
            raise argparse.ArgumentTypeError(str(error).removeprefix(f"{flag}: ")) from None

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


def parser() -> argparse.ArgumentParser:
    """The parser of ``python -m ganlib``."""
    main_parser = argparse.ArgumentParser(
        prog="python -m ganlib",
        description="Train GANs on MNIST digits with checkpoints that survive interruptions, and sample from them.",
        epilog="Under GANLIB_BUDGET=quick, train uses a fixed subset of "
        f"{QUICK_DIGITS} digits (for tests); the models are the same.",
    )
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="{train,sample}")
    train_parser = commands.add_parser(
        "train",
        help="train a model, resuming from the latest checkpoint in --out",
        description="Train a GAN on MNIST digits, saving a checkpoint after every epoch in OUT/checkpoints. "
        "Run the same command again to resume from the latest checkpoint. At the end, write a grid of samples "
        "and their scores (OUT/scores.json).",
    )
    train_parser.add_argument(
        "--model",
        default=DEFAULT_MODEL,
        choices=MODELS,
        help=f"which GAN to train (default {DEFAULT_MODEL}: the best unconditional one)",
    )
    length = train_parser.add_mutually_exclusive_group(required=True)
    length.add_argument(
        "--epochs",
        type=_argument(int, _validate.positive_int, "--epochs"),
        help="train until this many epochs in total (counting earlier runs)",
    )
    length.add_argument(
        "--seconds",
        type=_argument(float, _validate.positive_float, "--seconds"),
        help="train for this many seconds, stopping at the end of the epoch in which they run out",
    )
    train_parser.add_argument("--out", required=True, help="the run's folder (checkpoints, samples, scores)")
    train_parser.add_argument(
        "--batch", type=_argument(int, _validate.positive_int, "--batch"), default=64, help="batch size (default 64)"
    )
    train_parser.add_argument(
        "--seed", type=_argument(int, _validate.non_negative_int, "--seed"), default=0, help="random seed (default 0)"
    )

    sample_parser = commands.add_parser(
        "sample",
        help="write a grid of samples from the latest checkpoint in --out",
        description="Load the latest checkpoint in OUT and write a grid of samples and their scores.",
    )
    sample_parser.add_argument("--out", required=True, help="a folder written by train")
    sample_parser.add_argument(
        "--n", type=_argument(int, _validate.positive_int, "--n"), default=100, help="how many samples (default 100)"
    )
    sample_parser.add_argument(
        "--label",
        type=int,
        choices=range(NUM_CLASSES),
        metavar="{0..9}",
        help="the digit to draw (conditional model only)",
    )
    sample_parser.add_argument(
        "--seed",
        type=_argument(int, _validate.non_negative_int, "--seed"),
        default=0,
        help="seed of the noise (default 0)",
    )
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m ganlib`` with the arguments ``argv`` (default: the command line); return the exit code."""
    args = parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning
            if args.command == "train":
                train(args.model, args.out, epochs=args.epochs, seconds=args.seconds, batch=args.batch, seed=args.seed)
            else:
                sample(args.out, n=args.n, label=args.label, seed=args.seed)
    except KeyboardInterrupt:
        return 130
    except (ValueError, FileNotFoundError) as error:
        print(f"python -m ganlib {args.command}: error: {error}", file=sys.stderr)
        return 2
    except CheckpointError as error:  # damaged checkpoints or run.json, a folder in use or not writable
        print(f"python -m ganlib {args.command}: error: {error}", file=sys.stderr)
        return 1
    return 0


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)
