"""Small GANs that several test modules build: a 2-D toy GAN, an image GAN and a conditional one."""

import keras

import ganlib


def toy_gan(seed=0, latent_dim=8):
    gan = ganlib.GAN(ganlib.mlp_generator(latent_dim, 2, (64, 64)), ganlib.mlp_discriminator(2, (64, 64)), seed=seed)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5), g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5)
    )
    return gan


def image_gan():
    gan = ganlib.GAN(ganlib.dcgan_generator(8, filters=4), ganlib.dcgan_discriminator(filters=4))
    gan.compile()
    return gan


def conditional_gan():
    gan = ganlib.GAN(
        ganlib.dcgan_conditional_generator(8, num_classes=3, filters=4),
        ganlib.dcgan_conditional_discriminator(num_classes=3, filters=4),
        num_classes=3,
    )
    gan.compile()
    return gan
