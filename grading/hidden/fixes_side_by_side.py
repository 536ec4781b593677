"""Hidden tests of *Instability and its usual fixes, side by side* (``book/part4/fixes_side_by_side.ipynb``)."""

from grading import hidden_test


@hidden_test("fixes-linear-penalty")
def test_linear_penalty_against_ganlib_and_for_unit_vectors(linear_penalty):
    import keras
    import numpy as np

    import ganlib

    w = np.array([1.0, 2.0, 2.0], dtype="float32")
    critic = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, use_bias=False)])
    critic.layers[0].set_weights([w[:, None]])
    points = np.random.default_rng(5).normal(size=(2, 16, 3)).astype("float32")
    assert np.isclose(float(linear_penalty(w)), 4.0)
    assert np.isclose(float(linear_penalty(w)), float(ganlib.gradient_penalty(critic, points[0], points[1])), rtol=1e-4)
    assert np.isclose(float(linear_penalty(np.array([0.0, -1.0, 0.0]))), 0.0), "unit vectors pay nothing"


@hidden_test("fixes-power-iteration")
def test_power_iteration_on_a_rank_one_matrix_and_a_wide_one(power_iteration):
    import numpy as np

    a, b = np.array([1.0, 2.0, 2.0]), np.array([3.0, 0.0, 4.0, 0.0])
    assert np.isclose(float(power_iteration(np.outer(a, b), 1)), 15.0), "rank one: exact after one step"
    W = np.random.default_rng(8).normal(size=(5, 15))
    assert np.isclose(float(power_iteration(W, 300, seed=4)), np.linalg.svd(W, compute_uv=False)[0], rtol=1e-4)


@hidden_test("fixes-smoothed-optimum")
def test_smoothed_optimum_where_only_one_density_has_mass(smoothed_optimal_d):
    import numpy as np

    p_data, p_g = np.array([0.0, 2.0, 0.3]), np.array([1.5, 0.0, 0.9])
    got = np.asarray(smoothed_optimal_d(p_data, p_g, 0.8, 0.15))
    assert np.allclose(got, [0.15, 0.8, (0.8 * 0.3 + 0.15 * 0.9) / 1.2])
    assert np.allclose(smoothed_optimal_d(p_data, p_g, 1.0, 0.0), p_data / (p_data + p_g))


MISTAKE = (
    "fixes-smoothed-optimum",
    """
    def smoothed_optimal_d(p_data, p_g, real_target, fake_target):
        p_data, p_g = np.asarray(p_data, dtype=float), np.asarray(p_g, dtype=float)
        return real_target * p_data / (p_data + p_g)  # the fake samples' target left out
    """,
)
