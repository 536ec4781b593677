"""Hidden tests of *Keep your training: checkpoints and resuming* (``book/part3/keep_your_training.ipynb``)."""

from grading import hidden_test


@hidden_test("keep-resume-epoch")
def test_resume_epoch_takes_the_largest_complete_checkpoint(resume_epoch):
    assert resume_epoch(["epoch-00002", "epoch-00007", "epoch-00005"]) == 7, "the largest, in any order"
    assert resume_epoch([".epoch-00008.partial-1", "epoch-00002", "epoch-0000a", "xepoch-00009"]) == 2
    assert resume_epoch(["epoch-99999", "epoch-00100"]) == 99999
    assert resume_epoch(["scores.json"]) == 0


@hidden_test("keep-steps-lost")
def test_steps_lost_for_other_runs(max_steps_lost):
    assert max_steps_lost(7, 3) == 21
    assert max_steps_lost(1000, 1) == 1000


@hidden_test("keep-checkpoint-contents")
def test_checkpoint_contents_are_seven_candidates(must_save, candidates):
    names = {str(item) for item in must_save}
    assert len(names) == 7 and names <= set(candidates), "seven of the candidates"
    assert {"ema_generator", "noise_seed_state", "g_optimizer", "d_optimizer"} <= names, "all the training state"


@hidden_test("keep-adam-first-step")
def test_adam_first_step_on_a_matrix_of_gradients(adam_first_step):
    import keras
    import numpy as np

    g = np.array([[3e-2, -5.0], [200.0, -0.4]], dtype=np.float32)
    weights = keras.Variable(np.zeros_like(g))
    keras.optimizers.Adam(learning_rate=2e-4, beta_1=0.5).apply([keras.ops.convert_to_tensor(g)], [weights])
    got = np.asarray(adam_first_step(g, 2e-4), dtype=np.float64)
    assert got.shape == (2, 2) and np.allclose(got, weights.numpy(), rtol=1e-3, atol=1e-10)
    assert np.allclose(np.abs(got), 2e-4, rtol=1e-3), "the first step is the learning rate, whatever the gradient"


MISTAKE = (
    "keep-resume-epoch",
    """
    def resume_epoch(names):
        epochs = [int(m.group(1)) for m in map(re.compile(r"epoch-(\\d{5})").search, names) if m]  # .partial too
        return max(epochs, default=0)
    """,
)
