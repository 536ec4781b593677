import numpy as np
import pytest
from matplotlib.figure import Figure

import ganlib


def test_sample_grid_lays_out_images_in_rows():
    images = np.linspace(-1, 1, 10 * 28 * 28).reshape(10, 28, 28, 1)
    fig = ganlib.sample_grid(images, ncols=5, title="digits")
    assert isinstance(fig, Figure)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(fig.axes) == 10 and len(shown) == 10
    np.testing.assert_allclose(shown[3].images[0].get_array(), images[3, ..., 0])


def test_sample_grid_rejects_pixels_in_0_255():
    with pytest.raises(ValueError, match=r"images: expected values in \[-1, 1\]"):
        ganlib.sample_grid(np.full((4, 28, 28), 255.0))


def test_loss_curves_plot_one_line_per_key():
    history = {"d_loss": [1.3, 1.2, 1.25], "g_loss": [0.7, 0.9, 0.8], "d_real": [0.5] * 3}
    fig = ganlib.loss_curves(history)
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["d_loss", "g_loss"]
    np.testing.assert_allclose(lines[1].get_ydata(), [0.7, 0.9, 0.8])


def test_loss_curves_name_a_missing_key():
    with pytest.raises(ValueError, match=r"keys: \['g_loss'\] not in history"):
        ganlib.loss_curves({"d_loss": [1.0]})


def test_scatter_samples_draws_real_and_generated_points():
    real, fake = np.zeros((30, 2)), np.ones((20, 2))
    fig = ganlib.scatter_samples(real, fake)
    collections = fig.axes[0].collections
    assert [len(c.get_offsets()) for c in collections] == [30, 20]


def test_show_source_returns_the_real_source():
    code = ganlib.show_source(ganlib.mlp_generator)
    assert "def mlp_generator" in code.data


def test_scatter_snapshots_draws_one_panel_per_epoch_in_order():
    real = np.zeros((10, 2))
    fig = ganlib.scatter_snapshots(real, {5: np.ones((4, 2)), 0: np.ones((3, 2))}, ncols=3)
    titled = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titled == ["epoch 0", "epoch 5"]
    assert len(fig.axes[1].collections[1].get_offsets()) == 4


def test_scatter_snapshots_rejects_an_empty_dict():
    with pytest.raises(TypeError, match="snapshots: expected a non-empty dict"):
        ganlib.scatter_snapshots(np.zeros((3, 2)), {})
