import keras
import numpy as np
import pytest
import tensorflow as tf

import ganlib
from tests.builders import conditional_gan, toy_gan


def test_fit_logs_both_losses_and_the_discriminator_outputs():
    gan = toy_gan()
    x = ganlib.ring_of_gaussians(std=0.1).sample(1024, seed=0)
    history = gan.fit(x, batch_size=128, epochs=2, verbose=0)
    assert set(history.history) == {"d_loss", "g_loss", "d_real", "d_fake"}
    assert all(len(values) == 2 for values in history.history.values())
    assert all(0 <= v <= 1 for v in history.history["d_real"] + history.history["d_fake"])


def test_one_step_updates_both_networks():
    gan = toy_gan()
    x = ganlib.ring_of_gaussians(std=0.1).sample(64, seed=0)
    before = [w.numpy().copy() for w in (gan.generator.weights[0], gan.discriminator.weights[0])]
    gan.fit(x, batch_size=64, epochs=1, verbose=0)
    after = [w.numpy() for w in (gan.generator.weights[0], gan.discriminator.weights[0])]
    assert not np.allclose(before[0], after[0]), "the generator was not updated"
    assert not np.allclose(before[1], after[1]), "the discriminator was not updated"


def test_training_moves_the_generator_onto_the_ring():
    ring = ganlib.ring_of_gaussians(std=0.1)
    gan = toy_gan()
    untrained = ganlib.metrics.mode_coverage(gan.generate(1000, seed=1), ring)
    gan.fit(ring.sample(8192, seed=0), batch_size=256, epochs=20, verbose=0)
    trained = ganlib.metrics.mode_coverage(gan.generate(1000, seed=1), ring)
    # An untrained generator puts its points near the origin, far from every mode;
    # 640 steps later they have spread out to reach (nearly) every mode.
    assert untrained.modes_covered <= 2
    assert trained.modes_covered >= 6


def test_same_seed_same_run():
    x = ganlib.ring_of_gaussians(std=0.1).sample(512, seed=0)
    runs = []
    for _ in range(2):
        keras.backend.clear_session()
        keras.utils.set_random_seed(7)
        gan = toy_gan(seed=7)
        gan.fit(x, batch_size=128, epochs=1, verbose=0, shuffle=False)
        runs.append(gan.generate(8, seed=0))
    np.testing.assert_allclose(runs[0], runs[1], rtol=1e-5, atol=1e-6)


def test_d_steps_makes_several_discriminator_updates_per_generator_update():
    gan = toy_gan()
    gan.compile(loss="minimax", d_steps=3)
    gan.fit(ganlib.ring_of_gaussians().sample(384, seed=0), batch_size=64, epochs=1, verbose=0)
    assert int(gan.d_optimizer.iterations) == 3 * int(gan.g_optimizer.iterations) == 6


def record_real_batches(gan):
    """Make ``gan`` record the real batch of every discriminator update (eagerly)."""
    seen = []
    update = gan.discriminator_step

    def recording(real, labels=None):
        seen.append(np.asarray(real)[:, 0].tolist())
        return update(real, labels)

    gan.discriminator_step = recording
    return seen


@pytest.mark.parametrize("as_dataset", [False, True], ids=["array", "dataset"])
def test_each_discriminator_update_sees_its_own_real_batch(as_dataset):
    # Goodfellow et al.'s Algorithm 1 (and Gulrajani et al.'s): each of the k updates of a
    # step draws a fresh real minibatch, so an epoch shows the discriminator every sample once.
    gan = toy_gan()
    gan.compile(d_steps=3, run_eagerly=True)
    seen = record_real_batches(gan)
    x = np.stack([np.arange(48.0), np.zeros(48)], axis=1).astype("float32") / 48  # sample i has x = i/48
    data = tf.data.Dataset.from_tensor_slices(x).batch(8) if as_dataset else x
    gan.fit(data, batch_size=None if as_dataset else 8, epochs=1, shuffle=False, verbose=0)
    assert int(gan.g_optimizer.iterations) == 2 and len(seen) == 6
    assert all(len(batch) == 8 for batch in seen)
    assert sorted(v for batch in seen for v in batch) == pytest.approx(sorted(x[:, 0]))
    for step in (seen[:3], seen[3:]):  # the three batches of a step are disjoint
        assert len({v for batch in step for v in batch}) == 24


@pytest.mark.parametrize("loss", ["non_saturating", "minimax", "wasserstein", "hinge"])
def test_d_real_and_d_fake_are_the_same_discriminators_outputs_before_its_update(loss):
    # A discriminator whose output is 3 for every input: before the first update both logged
    # means are its output, as a probability sigmoid(3) for the cross-entropy losses and as the
    # critic score 3 itself for the Wasserstein and hinge losses.
    inputs = keras.Input((2,))
    out = keras.layers.Dense(1, kernel_initializer="zeros", bias_initializer=keras.initializers.Constant(3.0))(inputs)
    gan = ganlib.GAN(ganlib.mlp_generator(8, 2, (16,)), keras.Model(inputs, out), seed=0)
    gan.compile(loss=loss)
    history = gan.fit(ganlib.ring_of_gaussians().sample(64, seed=0), batch_size=64, epochs=1, verbose=0)
    expected = 1 / (1 + np.exp(-3.0)) if ganlib.LOSSES[loss].logits else 3.0
    assert history.history["d_real"][0] == pytest.approx(expected, rel=1e-6)
    assert history.history["d_fake"][0] == pytest.approx(expected, rel=1e-6)


def test_the_gan_builds_no_optimiser_but_its_players_and_never_trains_the_average():
    gan = toy_gan()
    gan.compile(ema_decay=0.9)
    gan.fit(ganlib.ring_of_gaussians().sample(64, seed=0), batch_size=32, epochs=1, verbose=0)
    assert gan.optimizer is None  # Keras's default RMSprop would be built over every weight
    ema_weights = {id(w) for w in gan.ema_generator.weights}
    assert not ema_weights & {id(w) for w in gan.trainable_weights}
    assert gan.d_optimizer.iterations == gan.g_optimizer.iterations == 2


def test_fit_accepts_a_dataset_of_batches():
    gan = toy_gan()
    x = ganlib.ring_of_gaussians().sample(256, seed=0)
    dataset = tf.data.Dataset.from_tensor_slices(x).batch(64, drop_remainder=True)
    history = gan.fit(dataset, epochs=1, verbose=0)
    assert int(gan.g_optimizer.iterations) == 4 and len(history.history["g_loss"]) == 1


def test_generate_from_fixed_noise_is_deterministic():
    gan = toy_gan()
    z = np.random.default_rng(0).normal(size=(5, 8)).astype(np.float32)
    np.testing.assert_array_equal(gan.generate(z=z), gan.generate(z=z))
    assert gan.generate(3, seed=0).shape == (3, 2)


def test_gan_call_runs_the_generator():
    gan = toy_gan()
    z = np.zeros((2, 8), dtype=np.float32)
    np.testing.assert_allclose(gan(z), gan.generator(z))


def test_fit_before_compile_says_so():
    gan = ganlib.GAN(ganlib.mlp_generator(), ganlib.mlp_discriminator())
    with pytest.raises(RuntimeError, match="compile"):
        gan.fit(np.zeros((4, 2)))


def test_a_nan_loss_stops_training_naming_the_network_and_the_step():
    gan = toy_gan()
    # A learning rate of 1e30 blows the discriminator's weights up within a few steps.
    gan.compile(d_optimizer=keras.optimizers.SGD(1e30), g_optimizer=keras.optimizers.SGD(1e-3))
    data = ganlib.ring_of_gaussians().sample(2048, seed=0)
    with pytest.raises(
        ganlib.NonFiniteLossError, match=r"the (discriminator|generator)'s loss .* at training step \d+;"
    ):
        gan.fit(data, batch_size=64, epochs=3, verbose=0)


class RecordEpochs(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.epochs = []

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append(epoch)


def test_a_nan_in_an_epochs_last_step_stops_before_any_epoch_end_callback_runs(tmp_path):
    gan = toy_gan()
    gan.compile()
    # A dataset is only checked for shape, so a NaN sample reaches the last of four batches.
    data = ganlib.ring_of_gaussians().sample(256, seed=0).astype("float32")
    data[-1] = np.nan
    batches = tf.data.Dataset.from_tensor_slices(data).batch(64, drop_remainder=True)
    record = RecordEpochs()
    with pytest.raises(ganlib.NonFiniteLossError, match=r"discriminator's loss .* at training step 4;"):
        gan.fit(batches, epochs=2, verbose=0, callbacks=[ganlib.Checkpoint(tmp_path / "ckpt"), record])
    # No epoch-end callback ran: nothing was recorded and no checkpoint holds the NaN weights.
    assert record.epochs == []
    assert ganlib.latest_checkpoint(tmp_path / "ckpt") is None


def test_conditional_gan_trains_on_labelled_data_and_generates_per_label():
    gan = conditional_gan()
    x = np.random.default_rng(0).uniform(-1, 1, size=(32, 28, 28, 1)).astype("float32")
    y = np.arange(32) % 3
    history = gan.fit(x, y, batch_size=16, epochs=1, verbose=0)
    assert np.isfinite(history.history["d_loss"][0])
    images = gan.generate(4, seed=0, labels=[0, 1, 2, 2])
    assert images.shape == (4, 28, 28, 1)
    z = np.zeros((2, 8), dtype="float32")
    # The label changes the image made from the same noise.
    assert not np.allclose(gan.generate(z=z, labels=0), gan.generate(z=z, labels=1))


def labelled_gan(label_prior):
    """A conditional GAN whose samples say their label: each 1x1 image is its label's number."""
    z, label = keras.Input((2,)), keras.Input((), dtype="int32")
    embed = keras.layers.Embedding(len(label_prior), 1, name="label_value")
    silent_noise = keras.layers.Dense(1, kernel_initializer="zeros", use_bias=False)(z)  # always 0
    image = keras.layers.Reshape((1, 1, 1))(keras.layers.Add()([embed(label), silent_noise]))
    generator = keras.Model([z, label], image)
    embed.set_weights([np.arange(len(label_prior), dtype="float32")[:, None]])
    x, y = keras.Input((1, 1, 1)), keras.Input((), dtype="int32")
    # Both inputs take part (older Keras refuses a model with an unused input); the label adds 0.
    label_term = keras.layers.Embedding(len(label_prior), 1, embeddings_initializer="zeros")(y)
    discriminator = keras.Model(
        [x, y], keras.layers.Add()([keras.layers.Dense(1)(keras.layers.Flatten()(x)), label_term])
    )
    return ganlib.GAN(generator, discriminator, num_classes=len(label_prior), label_prior=label_prior)


def test_a_label_prior_draws_the_labels_of_generate_in_its_proportions():
    gan = labelled_gan([0.7, 0.0, 0.3])
    labels = gan.generate(20_000, seed=0).reshape(-1)
    assert set(np.unique(labels)) == {0.0, 2.0}  # a label of probability 0 is never drawn
    assert abs(np.mean(labels == 0) - 0.7) < 0.01
    # The seed fixes the labels as well as the noise; given labels still win over the prior.
    np.testing.assert_array_equal(gan.generate(50, seed=3), gan.generate(50, seed=3))
    assert not np.array_equal(gan.generate(50, seed=3), gan.generate(50, seed=4))
    np.testing.assert_array_equal(gan.generate(5, seed=0, labels=1).reshape(-1), np.ones(5))


def test_an_uncompiled_gan_already_generates_with_its_generator():
    gan = ganlib.GAN(ganlib.mlp_generator(4, 2, (8,)), ganlib.mlp_discriminator(2, (8,)))
    z = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
    np.testing.assert_allclose(gan.generate(z=z), gan.generator(z).numpy(), rtol=1e-6)


def test_a_conditional_gan_without_a_prior_still_needs_labels_to_generate():
    with pytest.raises(ValueError, match="labels: expected 3 labels for this conditional GAN, got None"):
        conditional_gan().generate(3, seed=0)


def test_projection_discriminator_logit_depends_on_the_label():
    d = ganlib.dcgan_conditional_discriminator(num_classes=3, filters=4)
    image = np.random.default_rng(0).uniform(-1, 1, size=(1, 28, 28, 1)).astype("float32")
    logits = [float(d([image, np.array([label])])[0, 0]) for label in range(3)]
    assert len(set(np.round(logits, 6))) == 3


def test_a_conditional_generator_needs_a_gan_told_its_number_of_classes():
    # The generator takes [noise, label]; a GAN built without num_classes would feed it noise only.
    with pytest.raises(ValueError, match="^generator: expected the input"):
        ganlib.GAN(ganlib.dcgan_conditional_generator(8, 3, 4), ganlib.dcgan_discriminator(4))


def test_ema_generator_averages_the_generator_weights():
    gan = toy_gan()
    gan.compile(ema_decay=0.9)
    start = [w.numpy().copy() for w in gan.generator.weights]
    gan.fit(ganlib.ring_of_gaussians().sample(64, seed=0), batch_size=64, epochs=1, verbose=0)
    # One step (t = 1): decay = min(0.9, 2 / 11), average = decay * start + (1 - decay) * new weights.
    decay = min(0.9, 2 / 11)
    for average, first, new in zip(gan.ema_generator.weights, start, gan.generator.weights):
        np.testing.assert_allclose(average.numpy(), decay * first + (1 - decay) * new.numpy(), rtol=1e-5, atol=1e-6)
    z = np.ones((2, 8), dtype="float32")
    np.testing.assert_allclose(gan.generate(z=z), gan.ema_generator(z), rtol=1e-6)


def test_data_range_is_read_through_a_final_reshape():
    z = keras.Input(shape=(4,))
    sigmoid_images = keras.layers.Reshape((28, 28, 1))(keras.layers.Dense(784, activation="sigmoid")(z))
    gan = ganlib.GAN(keras.Model(z, sigmoid_images), ganlib.dcgan_discriminator(filters=4))
    gan.compile()
    assert gan.data_range == (0.0, 1.0)
    with pytest.raises(ValueError, match=r"x: expected values in \[0, 1\]"):
        gan.fit(np.full((4, 28, 28, 1), -1.0), epochs=1)


def test_wgan_gp_adds_the_penalty_to_the_critics_loss_and_trains():
    data = ganlib.ring_of_gaussians().sample(512, seed=0)
    losses = {}
    for weight in (0.0, 10.0):
        keras.utils.set_random_seed(0)
        gan = toy_gan()
        gan.compile(loss="wasserstein", gp_weight=weight, d_steps=5)
        history = gan.fit(data, batch_size=64, epochs=1, verbose=0, shuffle=False)
        losses[weight] = history.history["d_loss"][0]
        assert np.isfinite(losses[weight])
    # From the same start, an unconstrained critic drives its loss down without limit;
    # the penalty (never negative) holds it back.
    assert losses[10.0] > losses[0.0]


def test_judged_real_counts_positive_logits():
    inputs = keras.Input((2,))
    critic = keras.Model(inputs, keras.layers.Lambda(lambda x: x[:, :1])(inputs))  # logit = first coordinate
    samples = np.array([[1.0, 0.0], [-1.0, 5.0], [0.5, -2.0], [-0.1, 0.0]], "float32")
    assert ganlib.judged_real(critic, samples) == 0.5
