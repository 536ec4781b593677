"""Hidden tests of *Conditional GANs: choosing the digit* (``book/part3/conditional_gan.ipynb``)."""

from grading import hidden_test


@hidden_test("cgan-grid-inputs")
def test_grid_inputs_cell_by_cell(grid_inputs):
    import numpy as np

    z = np.random.default_rng(1).normal(size=(2, 5))
    grid_z, grid_labels = (np.asarray(part) for part in grid_inputs(z, 3))
    assert grid_z.shape == (6, 5) and grid_labels.shape == (6,)
    for row in range(3):
        for column in range(2):
            assert np.array_equal(grid_z[row * 2 + column], z[column]) and grid_labels[row * 2 + column] == row


@hidden_test("cgan-label-accuracy")
def test_label_accuracy_on_random_logits(label_accuracy):
    import numpy as np

    rng = np.random.default_rng(5)
    logits, asked = rng.normal(size=(200, 10)), rng.choice([0, 4, 7, 9], size=200)
    read = logits.argmax(axis=1)
    got = label_accuracy(logits, asked)
    assert sorted(int(k) for k in got) == [0, 4, 7, 9], "one entry per label asked for, and only those"
    for k in (0, 4, 7, 9):
        assert np.isclose(got[k], np.mean(read[asked == k] == k))


@hidden_test("cgan-projection")
def test_projection_logit_is_linear_in_the_embedding(projection_logit):
    import numpy as np

    rng = np.random.default_rng(2)
    features, w = rng.normal(size=8), rng.normal(size=8)
    assert np.isclose(float(projection_logit(features, w, -1.0, np.zeros((10, 8)), 4)), features @ w - 1.0)
    embeddings = rng.normal(size=(10, 8))
    for label in (0, 9):
        want = features @ w - 1.0 + embeddings[label] @ features
        assert np.isclose(float(projection_logit(features, w, -1.0, embeddings, label)), want)


MISTAKE = (
    "cgan-grid-inputs",
    """
    def grid_inputs(z, n_labels):
        z = np.asarray(z)
        return np.repeat(z, n_labels, axis=0), np.tile(np.arange(n_labels), len(z))  # columns and rows swapped
    """,
)
