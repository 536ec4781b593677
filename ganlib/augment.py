"""Differentiable augmentation: the discriminator sees augmented images, real and generated.

With few training images a discriminator memorises them, and the generator
stops learning. Augmenting only the real images would teach the generator to
produce augmented images; DiffAugment (Zhao et al. 2020) augments *every*
image the discriminator sees, in both players' steps, with transformations
that gradients pass through, so the generator still learns from the
discriminator's verdict on its (augmented) samples::

    gan.compile(augment=ganlib.diff_augment())

The transformations are Keras's own random image layers: a translation by up to
1/8 of the image with the empty border filled with the background, and cutout
(a square of half the image's side set to 0): the paper's translation and
cutout, without its colour transformations (brightness, saturation and contrast
mean little on one-channel digits; for datasets as small as 100 images the
authors recommend all three).
"""

from __future__ import annotations

from typing import Any

from keras import layers

from . import _validate


class DiffAugment(layers.Layer):
    """Random translation and cutout of an image batch, differentiable and on in every call.

    Keras's random image layers only act when called with ``training=True``;
    this layer calls them so, because the GAN's step must augment both in the
    discriminator's and in the generator's updates.

    Args:
        translation: the largest shift, as a fraction of the height and width (0: none).
        cutout: the side of the cut-out square, as a fraction of the image's side (0: none).
        background: the value of the border that a translation uncovers (-1 for
            images in [-1, 1] on a black background, like MNIST scaled by
            :func:`ganlib.scale_images`).
        seed: seed of the random transformations. The translation and the cutout
            draw from two independent streams (seeds ``seed`` and ``seed + 1``),
            so where the square is cut does not depend on how far the image moved.
    """

    def __init__(
        self,
        translation: float = 0.125,
        cutout: float = 0.5,
        background: float = -1.0,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.translation = _validate.unit_interval("translation", translation, include_zero=True)
        self.cutout = _validate.unit_interval("cutout", cutout, include_zero=True)
        self.background = float(background)
        self.seed = seed
        self.steps = []
        if self.translation:
            self.steps.append(
                layers.RandomTranslation(
                    self.translation,
                    self.translation,
                    fill_mode="constant",
                    fill_value=self.background,
                    interpolation="nearest",
                    seed=seed,
                )
            )
        if self.cutout:
            area = self.cutout**2
            self.steps.append(
                layers.RandomErasing(
                    factor=(1.0, 1.0),
                    scale=(area, area),
                    fill_value=0.0,
                    value_range=(-1.0, 1.0),
                    seed=None if seed is None else seed + 1,
                )
            )

    def call(self, images):
        for step in self.steps:
            images = step(images, training=True)
        return images

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "translation": self.translation,
            "cutout": self.cutout,
            "background": self.background,
            "seed": self.seed,
        }


def diff_augment(translation: float = 0.125, cutout: float = 0.5, seed: int | None = None) -> DiffAugment:
    """The DiffAugment policy "translation, cutout" for images in [-1, 1] (Zhao et al. 2020).

    Pass it to ``GAN.compile(augment=...)``. See :class:`DiffAugment` for the arguments.
    """
    return DiffAugment(translation=translation, cutout=cutout, seed=seed)
