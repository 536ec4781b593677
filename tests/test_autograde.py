"""The autograder of the instructor guide: run a submission, collect one verdict per exercise."""

import nbformat

from ganlib.exercises import CHECKS
from tools.autograde import grade
from tools.notebooks import setup_cell_source


def exercise(label):
    return f"```{{exercise}}\n:label: {label}\n\nA question.\n```"


def test_a_submission_gets_every_verdict_and_survives_a_broken_cell(tmp_path):
    other = next(label for label in sorted(CHECKS) if not label.startswith("first-gan"))
    labels = ["first-gan-accuracy", "first-gan-parameters", "first-gan-grid", other]
    cell, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(
        cells=[
            cell("# A submission\n\n" + "\n\n".join(map(exercise, labels))),
            code(setup_cell_source()),
            code("import ganlib\nimport numpy as np"),
            code(
                "def discriminator_accuracy(real, fake):\n"
                "    right = np.sum(np.asarray(real) > 0) + np.sum(np.asarray(fake) <= 0)\n"
                "    return right / (np.size(real) + np.size(fake))\n"
                'ganlib.check("first-gan-accuracy", discriminator_accuracy)'
            ),
            code('raise RuntimeError("a student\'s bug stops one cell, not the grading")'),
            code(
                "def mlp_parameter_count(sizes):\n    return 0\n"
                'ganlib.check("first-gan-parameters", mlp_parameter_count)'
            ),
            code('samples = ...\nganlib.check("first-gan-grid", samples)'),
        ]
    )
    path = tmp_path / "submission.ipynb"
    nbformat.write(nb, path)

    result = grade(path, budget="quick", timeout=120)

    assert result["exercises"] == {
        "first-gan-accuracy": "passed",
        "first-gan-parameters": "failed",
        "first-gan-grid": "not done",
        other: "not run",
    }
    assert (result["passed"], result["total"]) == (1, 4)
