"""Checks of the exercises of the chapter *Keep your training: checkpoints and resuming*
(``book/part3/keep_your_training.ipynb``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np

from ._registry import answered, exercise


@exercise("keep-resume-epoch")
def _check_keep_resume_epoch(resume_epoch: Callable) -> str | None:
    cases = [
        (["epoch-00003", ".epoch-00005.partial-4711", "epoch-00004", "scores.json", "epoch-4"], 4),
        ([], 0),
        ([".epoch-00001.partial-12"], 0),
        (["epoch-00009", "epoch-00010", "epoch-000011", "epoch-00012.old"], 10),
    ]
    for names, want in cases:
        got = answered(resume_epoch(list(names)))
        if got != want:
            return (
                f"for the folder entries {names} training resumes from epoch {want}, you returned {got!r}. "
                "Only names that are exactly 'epoch-' and five digits are complete checkpoints; a .partial "
                "folder is a write that never finished, and with no checkpoint training starts at 0."
            )
    return None


@exercise("keep-steps-lost")
def _check_keep_steps_lost(max_steps_lost: Callable) -> str | None:
    for n, every in [(16, 1), (16, 5), (1, 1), (300, 2)]:
        got = answered(max_steps_lost(n, every))
        if got != n * every:
            return (
                f"for n = {n} steps per epoch and a checkpoint every {every} epoch(s) you returned {got!r}. "
                "Think of an interruption during the write of a checkpoint: that checkpoint is still a "
                ".partial folder, so the run resumes from the one before it."
            )
    return None


@exercise("keep-checkpoint-contents")
def _check_keep_checkpoint_contents(must_save: Any) -> str | None:
    want = {"generator", "discriminator", "g_optimizer", "d_optimizer", "ema_generator", "noise_seed_state", "epoch"}
    if isinstance(must_save, str):
        return "give a set of names, e.g. {'generator', 'discriminator'}, not one string."
    got = {str(item) for item in must_save}
    missing, extra = sorted(want - got), sorted(got - want)
    if missing:
        return f"a resumed run would differ without: {missing}. What else changes from one training step to the next?"
    if extra:
        return f"{extra} need not be saved: they are rebuilt from code or are not part of the training state."
    return None


@exercise("keep-adam-first-step")
def _check_keep_adam_first_step(adam_first_step: Callable) -> str | None:
    lr = 1e-3
    g = np.array([1e-2, 1e3, -2.0, 0.5, -3e-2], dtype=np.float32)
    weights = keras.Variable(np.zeros_like(g))
    keras.optimizers.Adam(learning_rate=lr, beta_1=0.5).apply([keras.ops.convert_to_tensor(g)], [weights])
    want = np.asarray(weights.numpy(), dtype=np.float64)
    got = np.asarray(answered(adam_first_step(g, lr)), dtype=np.float64)
    if got.shape != want.shape or not np.allclose(got, want, rtol=1e-3, atol=1e-9):
        return (
            f"for gradients {g.tolist()} a fresh Adam step changes the weights by {np.round(want, 7).tolist()}, "
            f"you returned {np.round(got, 7).tolist()}. Start from m_0 = v_0 = 0 at t = 1, apply both bias "
            "corrections, and mind the minus sign of gradient descent."
        )
    return None
