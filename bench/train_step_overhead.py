"""Does `GAN.train_step` cost more than a plain `tf.function` training step?

    python bench/train_step_overhead.py [--steps 300]

Times the default MNIST GAN's step through `GAN.fit` and the same computation (two
tapes, two Adam optimisers, the same networks and batch) written as one plain
`tf.function`, on the same data, and prints the time per step of each and their ratio.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import ganlib  # noqa: E402
from ganlib import recipes  # noqa: E402


def plain_step_fn(generator, discriminator, d_optimizer, g_optimizer, latent_dim):
    @tf.function
    def step(real):
        batch = tf.shape(real)[0]
        fake = generator(tf.random.normal((batch, latent_dim)), training=True)
        with tf.GradientTape() as tape:
            d_loss = ganlib.discriminator_loss(discriminator(real, training=True), discriminator(fake, training=True))
        d_optimizer.apply(tape.gradient(d_loss, discriminator.trainable_weights), discriminator.trainable_weights)
        with tf.GradientTape() as tape:
            fake = generator(tf.random.normal((batch, latent_dim)), training=True)
            g_loss = ganlib.non_saturating_generator_loss(discriminator(fake, training=True))
        g_optimizer.apply(tape.gradient(g_loss, generator.trainable_weights), generator.trainable_weights)
        return d_loss, g_loss

    return step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    keras.utils.set_random_seed(0)
    images = np.random.default_rng(0).uniform(-1, 1, (64 * args.steps, 28, 28, 1)).astype("float32")
    dataset = tf.data.Dataset.from_tensor_slices(images).batch(64, drop_remainder=True).cache()

    gan = ganlib.GAN(
        ganlib.dcgan_generator(recipes.LATENT_DIM, recipes.FILTERS), ganlib.dcgan_discriminator(recipes.FILTERS)
    )
    gan.compile(
        d_optimizer=keras.optimizers.Adam(recipes.LEARNING_RATE, beta_1=0.5),
        g_optimizer=keras.optimizers.Adam(recipes.LEARNING_RATE, beta_1=0.5),
    )
    generator = ganlib.dcgan_generator(recipes.LATENT_DIM, recipes.FILTERS)
    discriminator = ganlib.dcgan_discriminator(recipes.FILTERS)
    step = plain_step_fn(
        generator,
        discriminator,
        keras.optimizers.Adam(recipes.LEARNING_RATE, beta_1=0.5),
        keras.optimizers.Adam(recipes.LEARNING_RATE, beta_1=0.5),
        recipes.LATENT_DIM,
    )

    def run_gan():
        gan.fit(dataset, epochs=1, verbose=0)

    def run_plain():
        for batch in dataset:
            step(batch)

    for warm_up in (run_gan, run_plain):  # trace and build once, outside the timing
        warm_up()
    times = {"GAN.fit / train_step": [], "plain tf.function": []}
    for _ in range(args.repeats):  # interleaved, so that a busy moment hurts both alike
        for name, run in (("GAN.fit / train_step", run_gan), ("plain tf.function", run_plain)):
            start = time.perf_counter()
            run()
            times[name].append((time.perf_counter() - start) / args.steps * 1000)
    best = {name: min(values) for name, values in times.items()}
    for name, value in best.items():
        print(
            f"{name:>22}: {value:.2f} ms per step (best of {args.repeats} runs of {args.steps} steps; "
            f"all: {', '.join(f'{t:.1f}' for t in times[name])})"
        )
    print(
        f"ratio GAN.train_step / plain step: {best['GAN.fit / train_step'] / best['plain tf.function']:.3f} (best runs)"
    )
    # Each repeat times both back to back; the median of their ratios resists a busy moment.
    ratios = np.array(times["GAN.fit / train_step"]) / np.array(times["plain tf.function"])
    print(f"median of the {args.repeats} back-to-back ratios: {np.median(ratios):.3f}")


if __name__ == "__main__":
    main()
