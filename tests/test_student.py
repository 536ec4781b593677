"""The student edition: solutions out, checks in.

That every student copy runs top to bottom from the installed wheel, with every check
saying "not done yet", and that its solutions then pass, is tested by the one run of each
chapter that ``tools/testbooks.py`` prepares and ``make test`` executes under nbval.
"""

import nbformat
import pytest

from tools.notebooks import notebooks
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
def test_student_copy_has_no_solutions_and_empty_checks(path):
    student = student_notebook(nbformat.read(path, as_version=4))
    text = "\n".join(cell.source for cell in student.cells)
    assert "BEGIN SOLUTION" not in text and "{solution-start}" not in text and "{solution-end}" not in text
    checks = [cell for cell in student.cells if cell.cell_type == "code" and "ganlib.check(" in cell.source]
    assert checks and all(not cell.outputs for cell in checks)
