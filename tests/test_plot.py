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


def test_show_source_shows_several_objects_in_the_order_given():
    code = ganlib.show_source(ganlib.GAN.train_step, ganlib.GAN.discriminator_step, ganlib.GAN.generator_step)
    where = [code.data.index(f"def {name}(") for name in ("train_step", "discriminator_step", "generator_step")]
    assert where == sorted(where)
    with pytest.raises(TypeError, match=r"^objs: expected at least one"):
        ganlib.show_source()


def test_scatter_snapshots_draws_one_panel_per_epoch_in_order():
    real = np.zeros((10, 2))
    fig = ganlib.scatter_snapshots(real, {5: np.ones((4, 2)), 0: np.ones((3, 2))}, ncols=3)
    titled = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titled == ["epoch 0", "epoch 5"]
    assert len(fig.axes[1].collections[1].get_offsets()) == 4


def test_scatter_snapshots_rejects_an_empty_dict():
    with pytest.raises(TypeError, match="snapshots: expected a non-empty dict"):
        ganlib.scatter_snapshots(np.zeros((3, 2)), {})
    with pytest.raises(TypeError, match="label: expected a string"):
        ganlib.scatter_snapshots(np.zeros((3, 2)), {0: np.ones((2, 2))}, label=1)


def test_scatter_snapshots_titles_panels_with_the_given_unit():
    fig = ganlib.scatter_snapshots(np.zeros((3, 2)), {100: np.ones((2, 2)), 200: np.ones((2, 2))}, label="step")
    assert [ax.get_title() for ax in fig.axes if ax.get_title()] == ["step 100", "step 200"]


def _snapshot(shift):
    grid = np.linspace(-4, 4, 81)
    samples = np.random.default_rng(0).normal(loc=shift, size=500)
    return ganlib.Snapshot1D(samples=samples, grid=grid, d=np.full(81, 0.5))


def test_density_panels_draws_one_panel_per_snapshot_with_d_on_a_twin_axis():
    target = ganlib.gaussian_mixture_1d(means=(0.0,), std=1.0)
    fig = ganlib.density_panels(target.pdf, {10: _snapshot(1.0), 0: _snapshot(0.0)}, ncols=2)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["epoch 0", "epoch 10"]
    # each panel: a density axis (pdf line) and a twin axis with D(x) and the 1/2 line
    assert len(fig.axes) == 4
    d_lines = fig.axes[2].get_lines()
    np.testing.assert_allclose(d_lines[-1].get_ydata(), 0.5)
    np.testing.assert_allclose(fig.axes[0].get_lines()[0].get_ydata(), target.pdf(np.linspace(-4, 4, 81)), rtol=1e-5)


def test_density_panels_rejects_bad_input():
    with pytest.raises(TypeError, match="data_pdf: expected a density function"):
        ganlib.density_panels(np.zeros(3), {0: _snapshot(0.0)})
    with pytest.raises(TypeError, match=r"snapshots\[0\]: expected a Snapshot1D"):
        ganlib.density_panels(np.exp, {0: np.zeros(3)})


def test_make_gif_from_figures_and_arrays_is_a_real_animated_gif(tmp_path):
    import io

    from PIL import Image

    red = np.zeros((20, 30, 3), dtype=np.uint8)
    red[..., 0] = 255
    blue = np.zeros((20, 30, 3))
    blue[..., 2] = 1.0
    fig = ganlib.scatter_samples(np.zeros((5, 2)))
    path = tmp_path / "a.gif"
    gif = ganlib.make_gif([red, blue, fig], fps=5, alt="three frames", path=path)
    assert gif.n_frames == 3 and gif.size == (30, 20)
    image = Image.open(io.BytesIO(gif.data))
    assert image.format == "GIF" and image.n_frames == 3
    first = np.asarray(image.convert("RGB"))
    assert first[0, 0, 0] > 200 and first[0, 0, 2] < 50
    image.seek(1)
    assert np.asarray(image.convert("RGB"))[0, 0, 2] > 200
    assert path.read_bytes() == gif.data
    html = gif._repr_html_()
    assert html.startswith('<img src="data:image/gif;base64,') and 'alt="three frames"' in html


def test_make_gif_validates_frames():
    with pytest.raises(TypeError, match="frames: expected a non-empty list"):
        ganlib.make_gif([])
    with pytest.raises(ValueError, match=r"frames\[0\]: expected a Figure or an array"):
        ganlib.make_gif([np.zeros((4, 4))])
    with pytest.raises(ValueError, match=r"frames\[0\]: expected values in \[0, 1\]"):
        ganlib.make_gif([np.full((4, 4, 3), 2.0)])
