"""The student edition: solutions out, checks in, and every copy runs top to bottom."""

import os

import nbformat
import pytest
from nbclient import NotebookClient

from tools.notebooks import ROOT, notebooks
from tools.student import starter_source, student_notebook

NOTEBOOKS = notebooks()


def test_starter_keeps_the_scaffold_and_drops_the_marked_solution():
    source = (
        "def f(x):\n"
        "    # BEGIN SOLUTION\n"
        "    y = 2 * x\n"
        "    return y\n"
        "    # END SOLUTION\n"
        "\n"
        "answer = ...\n"
        "# BEGIN SOLUTION\n"
        "answer = f(3)\n"
        "# END SOLUTION"
    )
    assert starter_source(source) == "def f(x):\n    ...  # your code here\n\nanswer = ...\n...  # your code here"


def test_source_without_markers_is_unchanged():
    assert starter_source("x = 1\nprint(x)") == "x = 1\nprint(x)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_student_copy_runs_and_reports_every_exercise_not_done(path, tmp_path, monkeypatch):
    student = student_notebook(nbformat.read(path, as_version=4))
    text = "\n".join(cell.source for cell in student.cells)
    assert "BEGIN SOLUTION" not in text and "{solution-start}" not in text and "{solution-end}" not in text
    checks = [cell for cell in student.cells if cell.cell_type == "code" and "ganlib.check(" in cell.source]
    assert checks and all(not cell.outputs for cell in checks)

    monkeypatch.setenv("GANLIB_BUDGET", "quick")
    monkeypatch.delenv("GANLIB_STRICT_CHECKS", raising=False)
    NotebookClient(student, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
                   extra_arguments=["--IPKernelApp.capture_fd_output=False"]).execute()
    for cell in checks:
        printed = "".join(out.get("text", "") for out in cell.outputs)
        assert "NOT DONE YET" in printed, f"{path.name}: {cell.source!r} printed {printed!r}"
