"""ganlib.GAN under tf.distribute and mixed precision, tested on one machine's CPU.

TensorFlow fixes its devices when it starts, so each case runs in a fresh Python
process that first splits the CPU into two logical devices; MirroredStrategy then
runs two replicas on them, as it would on two GPUs. Each case prints one line of
JSON that the test checks here, so a failure shows the numbers.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.paths import ROOT

TIMEOUT = 180  # seconds per case; each takes 10-25 s on 2 idle cores

PRELUDE = """
import json, os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
import keras
import numpy as np
import ganlib

def two_replicas():
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    assert strategy.num_replicas_in_sync == 2
    return strategy

def toy_gan(d_optimizer=None, g_optimizer=None, **compile_args):
    gan = ganlib.GAN(ganlib.mlp_generator(4, 2, (16,)), ganlib.mlp_discriminator(2, (16,)), seed=3)
    gan.compile(d_optimizer=d_optimizer, g_optimizer=g_optimizer, **compile_args)
    return gan

x = ganlib.ring_of_gaussians(std=0.1).sample(64, seed=0)
"""


def run_case(body: str) -> dict:
    """Run PRELUDE + body in a fresh interpreter and return the JSON it prints last."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="3")
    process = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(body)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=ROOT,
        env=env,
    )
    assert process.returncode == 0, process.stderr[-4000:]
    return json.loads(process.stdout.strip().splitlines()[-1])


def test_two_replicas_take_the_same_steps_as_one_device():
    # Same seed, same global batch (16 = 2 x 8), same data order (shuffle=False). GAN._noise makes
    # each replica draw the global batch's noise and keep its slice, so the noise is the same too.
    # SGD, unlike Adam, is not invariant to the scale of the gradient: a missing or doubled
    # division by the number of replicas changes its step by a factor of 2.
    result = run_case("""
        def run(strategy):
            keras.utils.set_random_seed(0)
            with strategy.scope():
                gan = toy_gan(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.1), d_steps=2, ema_decay=0.5)
            start = [w.numpy().copy() for w in gan.weights]
            history = gan.fit(x, batch_size=16, epochs=1, verbose=0, shuffle=False)
            return start, [w.numpy() for w in gan.weights], history.history

        start_1, end_1, history_1 = run(tf.distribute.get_strategy())   # the default strategy
        start_2, end_2, history_2 = run(two_replicas())
        print(json.dumps({
            "same_start": all(np.array_equal(a, b) for a, b in zip(start_1, start_2)),
            "n_weights": len(end_1),
            "max_difference": max(float(np.max(np.abs(a - b))) for a, b in zip(end_1, end_2)),
            "max_change": max(float(np.max(np.abs(a - b))) for a, b in zip(end_1, start_1)),
            "history_1": history_1, "history_2": history_2,
        }))
    """)
    assert result["same_start"] and result["n_weights"] == 12  # generator, discriminator, averaged generator
    # 4 steps of 2 discriminator and 1 generator updates move weights by about 0.2; the two runs
    # agree to float32 round-off (about 1e-7), far inside the stated tolerance of 1e-5.
    assert result["max_change"] > 0.05
    assert result["max_difference"] < 1e-5, result
    for key, value in result["history_1"].items():
        assert result["history_2"][key] == pytest.approx(value, abs=1e-5), key


def test_each_replica_draws_its_slice_of_one_devices_noise():
    # Before this was fixed every replica drew the same noise (they share the seed state).
    result = run_case("""
        one = toy_gan()
        single = one._noise(16).numpy()
        strategy = two_replicas()
        with strategy.scope():
            gan = toy_gan()
        per_replica = strategy.run(tf.function(lambda: gan._noise(8)))
        parts = [t.numpy() for t in strategy.experimental_local_results(per_replica)]
        print(json.dumps({
            "shapes": [list(p.shape) for p in parts],
            "replicas_differ": not np.allclose(parts[0], parts[1]),
            "max_difference": float(np.max(np.abs(np.concatenate(parts) - single))),
        }))
    """)
    assert result["shapes"] == [[8, 4], [8, 4]]
    assert result["replicas_differ"]
    assert result["max_difference"] == 0.0


def test_adam_and_checkpoints_under_mirrored_strategy():
    # Optimisers with slot variables (Adam's moments) must be built in the strategy's scope
    # before the first replicated step; GAN.fit does that. A checkpoint saved by two replicas
    # restores (inside the scope) into a fresh GAN and training resumes.
    result = run_case("""
        import tempfile
        folder = tempfile.mkdtemp()
        strategy = two_replicas()
        with strategy.scope():
            gan = toy_gan(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
        history = gan.fit(x, batch_size=16, epochs=2, verbose=0, callbacks=[ganlib.Checkpoint(folder)])
        with strategy.scope():
            fresh = ganlib.GAN(ganlib.mlp_generator(4, 2, (16,)), ganlib.mlp_discriminator(2, (16,)), seed=5)
            fresh.compile(d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer=keras.optimizers.Adam(1e-3))
            epoch = ganlib.restore_checkpoint(fresh, folder)
        same = all(np.array_equal(a.numpy(), b.numpy()) for a, b in zip(gan.weights, fresh.weights))
        steps = int(fresh.g_optimizer.iterations.numpy())
        resumed = fresh.fit(x, batch_size=16, epochs=3, initial_epoch=epoch, verbose=0)
        print(json.dumps({
            "losses": history.history["d_loss"] + history.history["g_loss"] + resumed.history["g_loss"],
            "epoch": epoch, "same_weights": same, "restored_steps": steps,
            "steps_after_resuming": int(fresh.g_optimizer.iterations.numpy()),
        }))
    """)
    assert all(abs(v) < 10 for v in result["losses"]), result  # finite, sensible
    assert result["epoch"] == 2 and result["same_weights"]
    assert result["restored_steps"] == 8 and result["steps_after_resuming"] == 12


def test_mixed_precision_builds_and_steps_like_float32():
    # Under "mixed_float16" layers compute in float16 and keep float32 variables; ganlib's
    # models end in a float32 layer, so logits, losses and samples are float32, and
    # GAN.compile wraps both optimisers in a LossScaleOptimizer. With SGD the first
    # discriminator update must match the float32 one: GAN.train_step multiplies the loss by
    # the loss scale (2**15) that the optimiser divides out of the gradients again.
    result = run_case("""
        images = np.random.default_rng(0).uniform(-1, 1, (16, 28, 28, 1)).astype("float32")

        def first_step(policy):
            keras.mixed_precision.set_global_policy(policy)
            keras.utils.set_random_seed(0)
            gan = ganlib.GAN(ganlib.dcgan_generator(8, filters=4), ganlib.dcgan_discriminator(filters=4), seed=0)
            gan.compile(d_optimizer=keras.optimizers.SGD(0.1), g_optimizer=keras.optimizers.SGD(0.1))
            logit_kernel = gan.discriminator.get_layer("logit").kernel
            before = logit_kernel.numpy().copy()
            history = gan.fit(images, batch_size=16, epochs=1, verbose=0)
            return gan, before, logit_kernel.numpy() - before, history.history

        gan32, start32, step32, history32 = first_step("float32")
        gan16, start16, step16, history16 = first_step("mixed_float16")
        print(json.dumps({
            "optimizers": [type(gan16.d_optimizer).__name__, type(gan16.g_optimizer).__name__],
            "hidden_compute_dtype": gan16.discriminator.get_layer("features").compute_dtype,
            "variable_dtypes": sorted({w.dtype for w in gan16.weights}),
            "logit_dtype": str(gan16.discriminator(images[:2]).dtype.name),
            "sample_dtype": str(gan16.generate(2, seed=0).dtype),
            "loss_scale": float(gan16.d_optimizer.dynamic_scale.numpy()),
            "same_start": bool(np.array_equal(start32, start16)),
            "step_norm_32": float(np.linalg.norm(step32)),
            "relative_step_difference": float(np.linalg.norm(step16 - step32) / np.linalg.norm(step32)),
            "d_loss": [history32["d_loss"][0], history16["d_loss"][0]],
        }))
    """)
    assert result["optimizers"] == ["LossScaleOptimizer", "LossScaleOptimizer"]
    assert result["hidden_compute_dtype"] == "float16"
    assert result["variable_dtypes"] == ["float32"]
    assert result["logit_dtype"] == "float32" and result["sample_dtype"] == "float32"
    assert result["loss_scale"] == 2.0**15  # finite gradients: the scale was kept
    assert result["same_start"] and result["step_norm_32"] > 1e-3
    # float16 activations carry about 3 significant digits: agreement within 5 %.
    assert result["relative_step_difference"] < 0.05, result
    assert result["d_loss"][1] == pytest.approx(result["d_loss"][0], rel=0.02)
