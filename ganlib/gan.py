"""Training: a GAN as a ``keras.Model`` with its own ``train_step``.

``compile`` then ``fit`` trains it with the usual Keras progress bar, history
and callbacks (the pattern of the Keras example "DCGAN overriding train_step")::

    gan = GAN(generator, discriminator)
    gan.compile(loss="non_saturating")
    history = gan.fit(x, batch_size=128, epochs=10)

Each step is Algorithm 1 of Goodfellow et al. (2014): ``d_steps``
discriminator updates, each on its own batch of real data, then one generator
update, each player with its own tape and optimiser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from . import _validate
from .losses import GANLoss, get_loss, gradient_penalty
from .models import predict_in_batches


def default_optimizer() -> keras.optimizers.Optimizer:
    """Adam with learning rate 2e-4 and beta_1 = 0.5, the setting of Radford et al. (2015)."""
    return keras.optimizers.Adam(learning_rate=2e-4, beta_1=0.5)


class NonFiniteLossError(FloatingPointError):
    """Raised when a player's loss becomes NaN or infinite during training."""


class StopOnNonFiniteLoss(keras.callbacks.Callback):
    """Stop training with an error, naming the network and the step, when a loss is NaN or infinite.

    ``GAN.fit`` puts it first among the callbacks, so that nothing trains
    silently on garbage and no later callback (a :class:`ganlib.Checkpoint`)
    saves weights that a NaN has reached. Keras's own ``TerminateOnNaN`` cannot
    do this: it watches only ``logs["loss"]``, which a GAN does not log (its
    players' losses are ``d_loss`` and ``g_loss``). Checking every step costs nothing measurable: with
    TensorFlow, Keras converts each step's logs to Python floats before it calls
    any callback.
    """

    PLAYERS = {"d_loss": "discriminator", "g_loss": "generator"}

    def __init__(self) -> None:
        super().__init__()
        self.step = 0

    def _check(self, logs: dict | None) -> None:
        for key, player in self.PLAYERS.items():
            value = (logs or {}).get(key)
            if value is not None and not np.isfinite(float(value)):
                raise NonFiniteLossError(
                    f"the {player}'s loss ({key}) became {float(value)} at training step {self.step}; "
                    "check the data, the learning rates and the loss"
                )

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self.step += 1
        self._check(logs)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self._check(logs)


def _output_range(model: keras.Model) -> tuple[float, float] | None:
    """The range of values a model can output, where its last activation bounds it.

    Layers that only move values around (Reshape, Flatten, Permute) are looked
    through, so a generator ending in ``Dense(784, activation="tanh")`` and a
    ``Reshape`` is recognised as a tanh generator.
    """
    for layer in reversed(model.layers):
        if isinstance(layer, (keras.layers.Reshape, keras.layers.Flatten, keras.layers.Permute)):
            continue
        activation = getattr(layer, "activation", None)
        if isinstance(layer, keras.layers.Activation) or activation is not None:
            if activation is keras.activations.tanh:
                return (-1.0, 1.0)
            if activation is keras.activations.sigmoid:
                return (0.0, 1.0)
        return None
    return None


def _merge_batches(dataset: tf.data.Dataset, k: int) -> tf.data.Dataset:
    """The same data in batches ``k`` times larger: one step's ``k`` batches, one per discriminator update."""
    if k == 1:
        return dataset
    spec = dataset.element_spec[0] if isinstance(dataset.element_spec, tuple) else dataset.element_spec
    batch = spec.shape[0]
    if batch is None:  # not known statically: read it off the first batch
        first = next(iter(dataset))
        batch = int((first[0] if isinstance(first, tuple) else first).shape[0])
    merged = dataset.rebatch(k * batch)
    n = int(dataset.cardinality())
    return merged if n < 0 else merged.apply(tf.data.experimental.assert_cardinality(-(-n // k)))


def _check_networks(generator: Any, discriminator: Any, n_inputs: int) -> None:
    """Check that a generator and a discriminator fit together (``n_inputs``: 2 for a conditional GAN)."""
    for name, model in (("generator", generator), ("discriminator", discriminator)):
        if not isinstance(model, keras.Model):
            raise TypeError(f"{name}: expected a keras.Model, got {type(model).__name__}")
    expected = "[noise (batch, latent_dim), labels (batch,)]" if n_inputs == 2 else "noise (batch, latent_dim)"
    if len(generator.inputs) != n_inputs or len(generator.inputs[0].shape) != 2:
        raise ValueError(f"generator: expected the input(s) {expected}, got {len(generator.inputs)} inputs")
    if len(discriminator.inputs) != n_inputs:
        raise ValueError(
            f"discriminator: expected {n_inputs} input(s) (samples{', labels' if n_inputs == 2 else ''}), "
            f"got {len(discriminator.inputs)}"
        )
    sample_shape = tuple(generator.outputs[0].shape[1:])
    data_shape = tuple(discriminator.inputs[0].shape[1:])
    if sample_shape != data_shape:
        raise ValueError(
            f"discriminator: expected an input of shape (batch, {', '.join(map(str, sample_shape))}) "
            f"to match the generator's samples, got (batch, {', '.join(map(str, data_shape))})"
        )
    if tuple(discriminator.outputs[0].shape[1:]) != (1,):
        raise ValueError(
            f"discriminator: expected one output (a logit or a critic score) per sample, shape (batch, 1), "
            f"got (batch, {', '.join(map(str, discriminator.outputs[0].shape[1:]))})"
        )


class GAN(keras.Model):
    """A generator and a discriminator trained against each other by ``fit``.

    Args:
        generator: maps noise of shape ``(batch, latent_dim)`` to samples; for a
            conditional GAN, ``[noise, labels]`` with integer labels of shape ``(batch,)``.
        discriminator: maps samples (conditional: ``[samples, labels]``) to one
            logit each, shape ``(batch, 1)``.
        num_classes: the number of labels of a conditional GAN (``None``: unconditional).
            A conditional GAN is fitted on ``(x, y)`` and generates from given labels.
        seed: seed of the noise drawn during training (with
            ``keras.utils.set_random_seed`` it makes runs repeatable).
        label_prior: for a conditional GAN, the probability of each label:
            :meth:`generate` draws labels from it when it is given none, so the
            GAN samples the whole distribution. This makes a self-conditioned
            GAN, whose labels are clusters (:func:`ganlib.cluster_images`) and
            whose prior is their frequencies, a model of the images alone.

    Calling the model, ``gan(z)`` (conditional: ``gan([z, labels])``), runs the generator.
    """

    def __init__(
        self,
        generator: keras.Model,
        discriminator: keras.Model,
        num_classes: int | None = None,
        seed: int | None = None,
        label_prior: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.num_classes = None if num_classes is None else _validate.positive_int("num_classes", num_classes)
        _check_networks(generator, discriminator, n_inputs=1 if num_classes is None else 2)
        if label_prior is not None and self.num_classes is None:
            raise ValueError("label_prior: expected None for an unconditional GAN (labels need num_classes=...)")
        self.label_prior = (
            None if label_prior is None else _validate.probabilities("label_prior", label_prior, self.num_classes)
        )
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = int(generator.inputs[0].shape[1])
        self.sample_shape = tuple(generator.outputs[0].shape[1:])
        self.data_range = _output_range(generator)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
            raise TypeError(f"seed: expected None or an integer, got {type(seed).__name__} {seed!r}")
        self.seed_generator = keras.random.SeedGenerator(None if seed is None else int(seed))
        self.trackers = {name: keras.metrics.Mean(name=name) for name in ("d_loss", "g_loss", "d_real", "d_fake")}
        self.ema_decay = None  # set by compile; generate() works before it too
        self.ema_generator = None
        self.built = True  # both networks are built, so the GAN's weights can be saved and loaded

    def compile(
        self,
        d_optimizer: keras.optimizers.Optimizer | None = None,
        g_optimizer: keras.optimizers.Optimizer | None = None,
        loss: str | GANLoss = "non_saturating",
        d_steps: int = 1,
        ema_decay: float | None = None,
        gp_weight: float = 0.0,
        augment: Callable | None = None,
        **kwargs: Any,
    ) -> None:
        """Configure training.

        Args:
            d_optimizer: the discriminator's optimiser (default: :func:`default_optimizer`).
            g_optimizer: the generator's optimiser (default: :func:`default_optimizer`).
            loss: a name from ``ganlib.LOSSES`` or a :class:`ganlib.losses.GANLoss`.
            d_steps: discriminator updates per generator update, each on its own
                real batch: ``fit(x, batch_size=B)`` then takes ``d_steps * B``
                samples per step, so an epoch is still one pass of the
                discriminator over the data, with ``d_steps`` times fewer
                generator updates.
            ema_decay: if given (e.g. 0.999), keep ``ema_generator``, an exponential
                moving average of the generator's weights updated after every step
                (Yazici et al. 2019); :meth:`generate` then uses it. The decay after
                step t is ``min(ema_decay, (1 + t) / (10 + t))``, so that the average
                forgets the untrained weights quickly.
            gp_weight: the weight of :func:`ganlib.gradient_penalty` in the
                discriminator's loss (WGAN-GP: 10 with ``loss="wasserstein"`` and
                ``d_steps=5``; 0: none). The penalty is taken on the images as they
                are, before any ``augment``.
            augment: a differentiable augmentation (e.g. :func:`ganlib.diff_augment`)
                applied to every image the discriminator sees, real and generated, in
                both players' steps (Zhao et al. 2020); ``None``: none.
            **kwargs: passed on to ``keras.Model.compile`` (e.g. ``jit_compile``).

        Under the ``"mixed_float16"`` dtype policy both optimisers are wrapped in
        ``keras.optimizers.LossScaleOptimizer`` (as ``keras.Model.compile`` does). Under
        ``tf.distribute``, call ``compile`` inside ``strategy.scope()``.
        """
        # No optimiser of Keras's own (its default is RMSprop over every weight): the players have theirs.
        super().compile(optimizer=None, **kwargs)
        for name, optimizer in (("d_optimizer", d_optimizer), ("g_optimizer", g_optimizer)):
            if optimizer is not None and not isinstance(optimizer, keras.optimizers.Optimizer):
                raise TypeError(f"{name}: expected a keras.optimizers.Optimizer, got {type(optimizer).__name__}")
        self.d_optimizer = d_optimizer or default_optimizer()
        self.g_optimizer = g_optimizer or default_optimizer()
        if self.dtype_policy.name == "mixed_float16":
            # As keras.Model.compile does for its one optimiser: float16 gradients underflow
            # without dynamic loss scaling.
            wrap = keras.optimizers.LossScaleOptimizer
            self.d_optimizer, self.g_optimizer = (
                opt if isinstance(opt, wrap) else wrap(opt) for opt in (self.d_optimizer, self.g_optimizer)
            )
        self.gan_loss = get_loss(loss)
        self.d_steps = _validate.positive_int("d_steps", d_steps)
        self.ema_decay = None
        self.ema_generator = None
        if ema_decay is not None:
            self.ema_decay = _validate.unit_interval("ema_decay", ema_decay)
            self.ema_generator = keras.models.clone_model(self.generator)
            self.ema_generator.set_weights(self.generator.get_weights())
            self.ema_generator.trainable = False  # updated by update_ema(), never by an optimiser
        self.gp_weight = _validate.non_negative_float("gp_weight", gp_weight)
        if augment is not None and not callable(augment):
            raise TypeError(f"augment: expected None or a callable on image batches, got {type(augment).__name__}")
        self.augment = augment

    def build_optimizers(self) -> None:
        """Create both optimisers' variables now, once, in the GAN's ``tf.distribute`` scope.

        ``keras.Model.fit`` does this for its own optimiser: created inside the first
        (replicated, traced) step the variables fail to build, and a checkpoint can
        only be loaded into optimisers that have them. A ``LossScaleOptimizer`` adds
        variables on every build, so each optimiser is built once only.
        """
        with self.distribute_strategy.scope():
            for optimizer, model in ((self.d_optimizer, self.discriminator), (self.g_optimizer, self.generator)):
                if not optimizer.built:
                    optimizer.build(model.trainable_variables)

    @property
    def metrics(self) -> list[keras.metrics.Metric]:
        return list(self.trackers.values())

    def call(self, inputs, training: bool = False):
        """Generate samples from noise (conditional: from ``[noise, labels]``)."""
        return self.generator(inputs, training=training)

    # The training step: the algorithm, one short method per part.

    def train_step(self, data):
        """One step of Algorithm 1 of Goodfellow et al.: ``d_steps`` discriminator updates, then one generator update.

        Each discriminator update sees its own real batch: the ``d_steps``
        interleaved slices of the step's data. The logged ``d_real`` and
        ``d_fake`` are the last discriminator update's outputs on its real and
        generated batch, both before that update: the probability
        ``D = sigmoid(logit)`` for the cross-entropy losses, the raw critic
        score for ``"wasserstein"`` and ``"hinge"``.
        """
        real, labels = (data[0], data[1]) if isinstance(data, (tuple, list)) else (data, None)
        labels = labels if self.num_classes else None
        for k in range(self.d_steps):
            real_k = real[k :: self.d_steps]
            labels_k = None if labels is None else labels[k :: self.d_steps]
            d_loss, real_out, fake_out = self.discriminator_step(real_k, labels_k)
        g_loss = self.generator_step(ops.shape(real_k)[0], labels_k)
        self.update_ema()
        return self._track(d_loss=d_loss, g_loss=g_loss, d_real=real_out, d_fake=fake_out)

    def discriminator_step(self, real, labels=None):
        """One update of the discriminator on a real batch and as many generated samples.

        Returns the loss and the discriminator's outputs on the real and the
        generated batch. A conditional GAN makes its fakes for the real batch's labels.
        """
        fake = self.generator(self._generator_input(ops.shape(real)[0], labels), training=True)

        def loss():
            real_out, fake_out = self.judge(real, labels), self.judge(fake, labels)
            d_loss = self.gan_loss.discriminator(real_out, fake_out)
            if self.gp_weight:
                d_loss += self.gp_weight * gradient_penalty(
                    self.discriminator, real, fake, labels=labels, seed=self.seed_generator
                )
            return d_loss, (real_out, fake_out)

        d_loss, (real_out, fake_out) = self._descend(loss, self.d_optimizer, self.discriminator)
        return d_loss, real_out, fake_out

    def generator_step(self, batch_size, labels=None):
        """One update of the generator on ``batch_size`` fresh samples; returns its loss."""

        def loss():
            fake = self.generator(self._generator_input(batch_size, labels), training=True)
            return self.gan_loss.generator(self.judge(fake, labels)), ()

        return self._descend(loss, self.g_optimizer, self.generator)[0]

    def update_ema(self) -> None:
        """Move the averaged generator towards the generator (with ``compile(ema_decay=...)``; else nothing).

        Warm-up (as in ``tf.train.ExponentialMovingAverage`` with ``num_updates``):
        early on the average would be mostly the untrained weights, so the decay
        grows to ``ema_decay``.
        """
        if self.ema_generator is None:
            return
        step = ops.cast(self.g_optimizer.iterations, "float32")
        decay = ops.minimum(self.ema_decay, (1.0 + step) / (10.0 + step))
        for average, weight in zip(self.ema_generator.weights, self.generator.weights):
            average.assign(decay * average + (1.0 - decay) * ops.cast(weight, average.dtype))

    def judge(self, samples, labels=None):
        """The discriminator's raw outputs on samples, augmented first if ``compile(augment=...)`` asked for it."""
        if self.augment is not None:
            samples = self.augment(samples)
        return self.discriminator(samples if labels is None else [samples, labels], training=True)

    # Plumbing: noise, several devices, loss scaling, logging.

    def _generator_input(self, batch_size, labels):
        noise = self._noise(batch_size)
        return noise if labels is None else [noise, labels]

    def _noise(self, batch_size):
        replicas = tf.distribute.get_strategy().num_replicas_in_sync
        if replicas == 1:
            return keras.random.normal((batch_size, self.latent_dim), seed=self.seed_generator)
        # Under tf.distribute every replica holds the same seed state and would draw the same
        # noise. Each draws the noise of the whole global batch and keeps its own slice instead:
        # the replicas' noise differs, and is exactly what one device draws for that global batch.
        replica = tf.distribute.get_replica_context().replica_id_in_sync_group
        noise = keras.random.normal((replicas * batch_size, self.latent_dim), seed=self.seed_generator)
        return noise[replica * batch_size : (replica + 1) * batch_size]

    def _descend(self, loss_fn, optimizer, network):
        """One gradient step of ``network`` on ``loss_fn() -> (loss, extras)``; returns ``(loss, extras)``.

        Under tf.distribute the optimiser sums the replicas' gradients (Keras's TF
        optimiser all-reduces with SUM), so each replica minimises its mean loss
        divided by the number of replicas; then it multiplies by the optimiser's
        loss scale (a LossScaleOptimizer's dynamic scale, or loss_scale_factor),
        which ``optimizer.apply`` divides out of the gradients again.
        """
        with tf.GradientTape() as tape:
            loss, extras = loss_fn()
            scaled = optimizer.scale_loss(loss / tf.distribute.get_strategy().num_replicas_in_sync)
        weights = network.trainable_weights
        optimizer.apply(tape.gradient(scaled, weights), weights)
        return loss, extras

    def _track(self, **values):
        for name in ("d_real", "d_fake"):
            values[name] = ops.mean(ops.sigmoid(values[name]) if self.gan_loss.logits else values[name])
        for name, value in values.items():
            self.trackers[name].update_state(value)
        return {name: tracker.result() for name, tracker in self.trackers.items()}

    def check_labels(self, y: Any, n: int, name: str = "y") -> np.ndarray:
        """Check that ``y`` holds ``n`` integer labels in ``[0, num_classes)`` and return them as int32."""
        if y is None:
            raise ValueError(f"{name}: expected {n} labels for this conditional GAN, got None")
        labels = np.asarray(y)
        if not np.issubdtype(labels.dtype, np.integer):
            raise TypeError(f"{name}: expected integer labels, got dtype {labels.dtype}")
        labels = labels.reshape(-1) if labels.ndim == 2 and labels.shape[1] == 1 else labels
        if labels.shape != (n,):
            raise ValueError(f"{name}: expected {n} labels, shape ({n},), got shape {labels.shape}")
        if labels.size and (labels.min() < 0 or labels.max() >= self.num_classes):
            raise ValueError(
                f"{name}: expected labels in [0, {self.num_classes - 1}], got min {labels.min()} and max {labels.max()}"
            )
        return labels.astype(np.int32)

    def check_data(self, x: Any, name: str = "x") -> np.ndarray:
        """Check that ``x`` is training data for this GAN and return it as float32.

        The samples must have the generator's output shape, be finite, and lie
        in the generator's output range where its last activation bounds it
        (tanh: [-1, 1]; sigmoid: [0, 1]).
        """
        return _validate.float_array(
            name,
            x,
            shape=(None, *self.sample_shape),
            value_range=self.data_range,
            range_hint="scale the data to the generator's output range (ganlib.scale_images maps [0, 255] to [-1, 1])",
        )

    def fit(self, x: Any = None, y: Any = None, batch_size: int | None = None, epochs: int = 1, **kwargs: Any):
        """Train with ``keras.Model.fit``, after checking the data and the sizes.

        ``x`` may be an array of samples (checked by :meth:`check_data`) or a
        ``tf.data.Dataset`` of batches (checked for shape). ``batch_size`` is the
        batch of each player's update: with ``compile(d_steps=k)`` a step takes
        ``k`` batches, one per discriminator update (a dataset's ``k``
        consecutive batches). A conditional GAN
        needs labels ``y`` (checked by :meth:`check_labels`); an unconditional one refuses them.
        """
        if not hasattr(self, "gan_loss"):
            raise RuntimeError("GAN.fit: call compile() before fit()")
        epochs = _validate.positive_int("epochs", epochs)
        if batch_size is not None:
            batch_size = _validate.positive_int("batch_size", batch_size)
        if isinstance(x, tf.data.Dataset):
            spec = x.element_spec[0] if isinstance(x.element_spec, tuple) else x.element_spec
            if tuple(spec.shape[1:]) != self.sample_shape:
                raise ValueError(
                    f"x: expected batches of shape (batch, {', '.join(map(str, self.sample_shape))}), "
                    f"got {tuple(spec.shape)}"
                )
            kwargs.setdefault("shuffle", False)  # a dataset is shuffled by its own pipeline
            x = _merge_batches(x, self.d_steps)
        else:
            x = self.check_data(x)
            if self.num_classes:
                y = self.check_labels(y, len(x))
            elif y is not None:
                raise ValueError("y: expected None for an unconditional GAN (labels need GAN(..., num_classes=...))")
            if batch_size is not None and batch_size * self.d_steps > len(x):
                per_update = "" if self.d_steps == 1 else f" divided by d_steps={self.d_steps}"
                raise ValueError(
                    f"batch_size: expected at most the {len(x)} samples of x{per_update}, got {batch_size}"
                )
        self.build_optimizers()
        callbacks = list(kwargs.pop("callbacks", None) or [])
        if not any(isinstance(callback, StopOnNonFiniteLoss) for callback in callbacks):
            # First in the list: at the end of an epoch it raises before a Checkpoint callback
            # after it could save weights that a NaN has already reached.
            callbacks.insert(0, StopOnNonFiniteLoss())
        if batch_size is not None and not isinstance(x, tf.data.Dataset):
            batch_size *= self.d_steps  # one real batch for each discriminator update of a step
        return super().fit(x, y, batch_size=batch_size, epochs=epochs, callbacks=callbacks, **kwargs)

    def generate(self, n: int | None = None, z: Any = None, seed: int | None = None, labels: Any = None) -> np.ndarray:
        """Generate samples as a NumPy array, from ``n`` fresh noise vectors or from given noise ``z``.

        Args:
            n: how many samples to draw (with noise from ``seed``).
            z: noise of shape ``(batch, latent_dim)``, e.g. a fixed batch to
                follow the same samples through training.
            seed: seed of the fresh noise when ``n`` is given.
            labels: for a conditional GAN, one label per sample (or one label for all);
                drawn from ``label_prior`` (with ``seed``) when not given and the GAN has one.

        With ``compile(ema_decay=...)`` the averaged generator makes the samples.
        """
        if (n is None) == (z is None):
            raise ValueError("n, z: expected exactly one of them")
        rng = np.random.default_rng(seed)
        if z is None:
            n = _validate.positive_int("n", n)
            z = rng.normal(size=(n, self.latent_dim)).astype(np.float32)
        z = _validate.float_array("z", z, shape=(None, self.latent_dim))
        if not self.num_classes:
            if labels is not None:
                raise ValueError("labels: expected None for an unconditional GAN")
            return predict_in_batches(self.ema_generator or self.generator, z)
        if labels is None and self.label_prior is not None:
            labels = rng.choice(self.num_classes, size=len(z), p=self.label_prior)
        if np.ndim(labels) == 0 and labels is not None:
            labels = np.full(len(z), labels)
        labels = self.check_labels(labels, len(z), name="labels")
        return predict_in_batches(self.ema_generator or self.generator, [z, labels])
