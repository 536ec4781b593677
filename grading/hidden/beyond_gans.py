"""Hidden tests of *Where GANs went next* (``book/part4/beyond_gans.ipynb``)."""

from grading import hidden_test


@hidden_test("next-downsample")
def test_downsample_a_rectangle_keeps_its_mean(downsample):
    import numpy as np

    image = np.random.default_rng(3).normal(size=(6, 4))
    small = np.asarray(downsample(image, 2))
    assert small.shape == (3, 2) and np.isclose(small[1, 0], image[2:4, 0:2].mean())
    assert np.isclose(small.mean(), image.mean())
    assert np.allclose(downsample(np.full((9, 9), 2.5), 3), 2.5)


@hidden_test("next-adain")
def test_adain_gives_each_image_its_own_style(adain):
    import numpy as np

    rng = np.random.default_rng(12)
    x = rng.normal(2.0, 3.0, size=(2, 6, 6, 4))
    scale, bias = rng.uniform(0.5, 3.0, size=(2, 4)), rng.normal(size=(2, 4))
    out = np.asarray(adain(x, scale, bias))
    assert out.shape == x.shape
    assert np.allclose(out.mean(axis=(1, 2)), bias, atol=1e-6) and np.allclose(out.std(axis=(1, 2)), scale, rtol=1e-3)
    other = x.copy()
    other[1] = 100 * other[1] + 50  # a different second image leaves the first one's output alone
    assert np.allclose(np.asarray(adain(other, scale, bias))[0], out[0])


@hidden_test("next-cycle-loss")
def test_cycle_loss_of_an_exact_inverse_and_of_a_shift(cycle_loss):
    import numpy as np

    x, y = np.random.default_rng(2).normal(size=(2, 10))
    assert np.isclose(float(cycle_loss(x, y, lambda v: 3 * v - 2, lambda v: (v + 2) / 3)), 0.0, atol=1e-12)
    assert np.isclose(float(cycle_loss(x, y, lambda v: v, lambda v: v - 0.25)), 0.5)


MISTAKE = (
    "next-adain",
    """
    def adain(x, scale, bias, eps=1e-5):
        x = np.asarray(x, dtype=float)
        mean, std = x.mean(axis=(0, 1, 2), keepdims=True), np.sqrt(x.var(axis=(0, 1, 2), keepdims=True) + eps)
        return np.asarray(scale)[:, None, None, :] * (x - mean) / std + np.asarray(bias)[:, None, None, :]  # batch
    """,
)
