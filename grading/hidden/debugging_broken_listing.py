"""Hidden tests of *Debugging a broken GAN listing* (``book/part3/debugging_broken_listing.ipynb``)."""

from grading import hidden_test


@hidden_test("debug-reshape")
def test_dense_units_for_other_shapes(dense_units_for):
    assert dense_units_for((2, 3, 4, 5)) == 120
    assert dense_units_for((1,)) == 1
    assert dense_units_for((4, 4, 1024)) == 16384


@hidden_test("debug-labels")
def test_discriminator_labels_of_all_fake_and_balanced_batches(discriminator_labels):
    import numpy as np

    assert np.array_equal(np.asarray(discriminator_labels(0, 3)), np.zeros((3, 1)))
    labels = np.asarray(discriminator_labels(2, 2))
    assert labels.shape == (4, 1) and np.array_equal(labels.ravel(), [1, 1, 0, 0])
    assert np.issubdtype(labels.dtype, np.floating), "binary cross-entropy compares floating-point labels"


@hidden_test("debug-batch-axis")
def test_as_batch_of_a_four_axis_array_and_of_a_list(as_batch):
    import numpy as np

    image = np.arange(16.0).reshape(2, 2, 2, 2)
    batch = np.asarray(as_batch(image))
    assert batch.shape == (1, 2, 2, 2, 2) and np.array_equal(batch[0], image)
    assert np.asarray(as_batch([1.0, 2.0, 3.0])).shape == (1, 3)


@hidden_test("debug-changed-weights")
def test_changed_weights_sees_cancelling_and_tiny_changes(changed_weights):
    import numpy as np

    before = [np.array([1.0, 2.0, 3.0]), np.zeros((2, 2)), np.ones(4)]
    after = [np.array([1.001, 1.999, 3.0]), np.zeros((2, 2)), np.ones(4) + np.array([0, 0, 0, 1e-9])]
    assert [bool(c) for c in changed_weights(before, after)] == [True, False, True]
    assert list(changed_weights([], [])) == []


MISTAKE = (
    "debug-labels",
    """
    def discriminator_labels(n_real, n_fake):
        return np.concatenate([np.zeros((n_real, 1)), np.ones((n_fake, 1))]).astype("float32")  # swapped
    """,
)
