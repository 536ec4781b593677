"""Hidden tests of *A DCGAN on MNIST* (``book/part3/dcgan_mnist.ipynb``)."""

from grading import hidden_test


@hidden_test("dcgan-transpose-size")
def test_generator_sizes_with_other_strides(generator_sizes):
    assert list(generator_sizes(1, [3, 2, 5])) == [3, 6, 30]
    assert list(generator_sizes(2, [1, 1, 2, 1])) == [2, 2, 4, 4]


@hidden_test("dcgan-conv-params")
def test_conv_parameters_of_a_transposed_convolution(conv_parameters):
    import keras

    for kernel, cin, cout, bias in [(5, 3, 8, True), (2, 32, 1, False)]:
        layer = keras.layers.Conv2DTranspose(cout, kernel, use_bias=bias)
        layer.build((None, 6, 6, cin))
        assert conv_parameters(kernel, cin, cout, bias) == layer.count_params()


@hidden_test("dcgan-interpolate")
def test_interpolate_in_many_dimensions(interpolate):
    import numpy as np

    rng = np.random.default_rng(0)
    z0, z1 = rng.normal(size=64), rng.normal(size=64)
    path = np.asarray(interpolate(z0, z1, 11))
    assert path.shape == (11, 64) and np.allclose(path[0], z0) and np.allclose(path[-1], z1)
    assert np.allclose(path[5], (z0 + z1) / 2) and np.allclose(np.diff(path, axis=0), (z1 - z0) / 10)
    assert np.allclose(np.asarray(interpolate(z0, z1, 2)), [z0, z1])


MISTAKE = (
    "dcgan-conv-params",
    """
    def conv_parameters(kernel, in_channels, out_channels, bias):
        return kernel * kernel * out_channels + (out_channels if bias else 0)  # forgets the input channels
    """,
)
