import keras
import numpy as np
import pytest
import tensorflow as tf

import ganlib


def square_digit(n=8):
    """Images of -1 with a bright 8x8 square in the middle, like a digit on a black background."""
    images = -np.ones((n, 28, 28, 1), "float32")
    images[:, 10:18, 10:18] = 1.0
    return images


def test_translation_shifts_each_image_by_whole_pixels_and_fills_with_the_background():
    augment = ganlib.DiffAugment(translation=0.125, cutout=0.0, seed=0)
    out = np.asarray(augment(square_digit(64)))
    assert set(np.unique(out)) <= {-1.0, 1.0}  # nearest-neighbour shifts, background -1
    shifts = set()
    for image in out[..., 0]:
        rows, cols = np.nonzero(image == 1.0)
        assert len(rows) == 64  # the whole square, moved by at most 3.5 pixels: never cut off
        shifts.add((rows.min() - 10, cols.min() - 10))
    assert all(abs(dy) <= 4 and abs(dx) <= 4 for dy, dx in shifts)
    assert len(shifts) > 10  # each image gets its own shift


def test_cutout_sets_a_square_of_half_the_side_to_zero_in_every_image():
    augment = ganlib.DiffAugment(translation=0.0, cutout=0.5, seed=0)
    out = np.asarray(augment(-np.ones((16, 28, 28, 1), "float32")))[..., 0]
    for image in out:
        rows, cols = np.nonzero(image == 0.0)
        assert len(rows) == 14 * 14
        assert rows.max() - rows.min() == 13 and cols.max() - cols.min() == 13
    corners = {tuple(np.argwhere(image == 0.0).min(axis=0)) for image in out}
    assert len(corners) > 8  # at random places


@pytest.mark.parametrize("call", [1, 2])
def test_where_the_square_is_cut_does_not_depend_on_the_shift(call):
    # With one random stream for both layers the cutout's column followed the horizontal
    # shift (correlation 0.99 on the first call); the two streams must be independent.
    augment = ganlib.DiffAugment(translation=0.125, cutout=0.5, seed=0)
    images = np.ones((2000, 28, 28, 1), "float32")
    for _ in range(call):
        out = np.asarray(augment(images))[..., 0]
    empty = (out <= 0.0).all(axis=1)  # columns with no bright pixel: uncovered by the shift (cutout is 14 rows high)
    shift = empty.sum(axis=1) * np.where(empty[:, 0], 1, -1)
    cut_column = np.array([np.argwhere(image == 0.0)[:, 1].mean() for image in out])
    assert np.std(shift) > 0 and np.std(cut_column) > 0
    assert abs(np.corrcoef(shift, cut_column)[0, 1]) < 0.1  # 2,000 independent pairs: |r| ~ 0.02


def test_augmentation_is_differentiable_and_on_in_every_call():
    augment = ganlib.diff_augment(seed=0)
    x = tf.Variable(square_digit(4))
    with tf.GradientTape() as tape:
        y = augment(x)  # no training=True needed: a GAN calls it in both players' steps
        total = tf.reduce_sum(y * y)
    grad = tape.gradient(total, x).numpy()
    assert not np.allclose(y.numpy(), x.numpy())
    # The gradient flows back to every pixel that survives in the output: 2y, moved back.
    assert np.count_nonzero(grad) > 0.5 * grad.size
    assert grad.max() == pytest.approx(2.0)


def test_a_gan_augments_what_its_discriminator_sees_in_both_steps():
    seen = []

    class Recorder(keras.layers.Layer):
        def call(self, images):
            seen.append(images)
            return images

    gan = ganlib.GAN(ganlib.dcgan_generator(8, 4), ganlib.dcgan_discriminator(4), seed=0)
    gan.compile(augment=Recorder(), run_eagerly=True)
    gan.fit(square_digit(8), batch_size=8, epochs=1, verbose=0)
    assert len(seen) == 3  # the discriminator's step (real and fake) and the generator's step


def test_a_gan_with_diffaugment_trains_and_keeps_finite_losses():
    gan = ganlib.GAN(ganlib.dcgan_generator(8, 4), ganlib.dcgan_discriminator(4), seed=0)
    gan.compile(augment=ganlib.diff_augment(seed=0))
    history = gan.fit(square_digit(32), batch_size=16, epochs=2, verbose=0)
    assert all(np.isfinite(history.history["d_loss"])) and all(np.isfinite(history.history["g_loss"]))


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"translation": 1.5}, ValueError, r"^translation: expected a number in \[0, 1\), got 1.5"),
        ({"cutout": -0.1}, ValueError, r"^cutout: expected a number in \[0, 1\), got -0.1"),
        ({"cutout": float("nan")}, ValueError, r"^cutout: expected a number in \[0, 1\), got nan"),
        ({"translation": "a lot"}, TypeError, r"^translation: expected a number in \[0, 1\), got str"),
    ],
)
def test_bad_augmentation_settings_name_the_parameter(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        ganlib.diff_augment(**kwargs)
