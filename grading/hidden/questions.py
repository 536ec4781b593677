"""Hidden tests of *Frequently asked questions* (``book/part4/questions.ipynb``)."""

from grading import hidden_test


@hidden_test("questions-equilibrium-losses")
def test_losses_at_equilibrium_and_elsewhere(losses_at):
    import numpy as np

    d_loss, g_loss = (float(v) for v in losses_at(0.5, 0.5))
    assert np.isclose(d_loss, 2 * np.log(2)) and np.isclose(g_loss, np.log(2))
    d_loss, g_loss = (float(v) for v in losses_at(0.8, 0.3))
    assert np.isclose(d_loss, -np.log(0.8) - np.log(0.7)) and np.isclose(g_loss, -np.log(0.3))


@hidden_test("questions-duplicates")
def test_duplicate_share_of_images_with_three_copies(duplicate_share):
    import numpy as np

    rng = np.random.default_rng(14)
    images = rng.uniform(-5, 5, size=(7, 2, 3, 1))
    images[4] = images[0]
    images[6] = images[0] + 1e-4
    assert np.isclose(float(duplicate_share(images, 1e-3)), 3 / 7)
    assert np.isclose(float(duplicate_share(images, 1e-6)), 2 / 7), "within tol of another sample"


@hidden_test("questions-diagnose")
def test_diagnose_other_histories(diagnose):
    import numpy as np

    assert diagnose([1.0, 0.9], [1.0, float("nan")]) == "diverged", "a NaN in either history"
    assert diagnose([1.0, -float("inf")], [1.0, 1.0]) == "diverged"
    assert diagnose(np.array([0.5, 0.1]), np.array([2.0, 3.0])) == "balanced", "0.1 is not below 0.1"
    assert diagnose([0.2, 0.09], [1.0, 1.5]) == "discriminator wins"


MISTAKE = (
    "questions-diagnose",
    """
    def diagnose(d_loss, g_loss):
        if not np.all(np.isfinite(d_loss)):  # the generator's losses never looked at
            return "diverged"
        return "discriminator wins" if d_loss[-1] < 0.1 else "balanced"
    """,
)
