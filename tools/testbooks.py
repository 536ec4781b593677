"""The notebooks the tests execute: each chapter once, as a student gets it, then its solutions.

    python -m tools.testbooks [--out _build/testbooks]

Executing a notebook is the expensive part of the tests, so each chapter is executed
exactly once, and that one run proves several things. For each notebook of the book this
writes ``OUT/<chapter>.ipynb``:

1. a first cell that puts the *wheel's* ganlib first on ``sys.path`` (the package readers
   install, built from this tree into ``OUT/site``) and moves to an empty directory, as in
   Colab;
2. the student's flavour of the chapter's Colab edition (``tools/colab.py``: plain Jupyter
   Markdown, solutions taken out), whose every check must print "NOT DONE YET";
3. strict checks on, then the real notebook's code cells from the first one that differs
   from the student's (the worked solutions and what follows them), whose every check
   must print "PASSED";
4. a last cell that fails unless every ganlib module it loaded came from the wheel.

Every check cell carries its expected verdict as its output and an ``NBVAL_CHECK_OUTPUT``
marker, so ``pytest --nbval-lax OUT`` (part of ``make test``) fails when a verdict differs,
when a cell raises, or when a notebook cannot run from the installed wheel alone.

The same run grades the chapter as its otter-grader assignment would be graded (``tools/assign.py``):
``OUT/assignment`` is the assignment of the whole book, and after each check a cell runs that
question's otter tests, public and hidden, against the kernel's state with otter's own
``Checker.check`` (what ``grader.check`` and ``otter run`` call). After the student's part every
question must score 0 (and no test may crash); after the solutions, every question its full points
(``assignments/points.yml``); then the chapter's wrong answer (``MISTAKE`` in
``grading/hidden/<chapter>.py``) replaces one answer, and all the questions are graded again: that one
question, and only it, must lose its points.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from ganlib.exercises import CheckResult
from tools.assign import CHECK, Points, assign, hidden_tests, read_points
from tools.colab import Converter
from tools.notebooks import ROOT, notebooks

CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
NOT_DONE = "replace the `...` with your answer, then run this cell again."


def build_wheel_site(out: Path) -> Path:
    """Build ganlib's wheel from this tree and install it alone into ``out/site``; return that folder."""
    site = out / "site"
    with tempfile.TemporaryDirectory() as tmp:
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", tmp, str(ROOT)], check=True)
        (wheel,) = Path(tmp).glob("ganlib-*.whl")
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(site), str(wheel)], check=True)
    return site


def compared(cell: nbformat.NotebookNode) -> bool:
    """Whether nbval compares a code cell's output with the stored one (a marker comment or tag)."""
    return CHECK_MARKER in cell.source or "nbval-check-output" in cell.metadata.get("tags", [])


def _label(source: str) -> str:
    return source.split('ganlib.check("', 1)[1].split('"', 1)[0]


def _expect(cell: nbformat.NotebookNode, verdict: str, message: str) -> nbformat.NotebookNode:
    """A check cell that nbval compares with the verdict each of its checks must print."""
    labels = [_label(line) for line in cell.source.splitlines() if line.startswith("ganlib.check(")]
    text = "".join(f"{CheckResult(label, verdict, message)}\n" for label in labels)
    checked = nbformat.v4.new_code_cell(f"{CHECK_MARKER}\n{cell.source}")
    checked.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    checked.execution_count = 1  # nbval compares only the outputs of cells that ran
    return checked


GRADING_SETUP = """\
# Grading as `otter run` does: after each check, the question's otter tests (public and hidden) run
# against this kernel's variables (tools/assign.py writes them; see tools/testbooks.py).
from otter.execute import Checker
from otter.nbmeta_config import NBMetadataConfig
from otter.test_files import GradingResults

_otter_tests = {tests!r}
_graded = {{}}


def _grade(label):
    _graded[label] = Checker.check(_otter_tests[label], NBMetadataConfig(), global_env=globals())


def _failures(results):
    return {{label: test.summary() for label, test in results.items() if test.score != test.possible}}"""

GRADED_STUDENT = """\
# The student's copy, as handed out: every question scores 0, and every test ran without crashing
assert sorted(_graded) == sorted(_otter_tests), f"graded {{sorted(_graded)}}, expected {{sorted(_otter_tests)}}"
_results = GradingResults(list(_graded.values()))
assert _results.total == 0 and _results.possible == {possible}, (_results.total, _results.possible)
_graded.clear()"""

GRADED_SOLVED = """\
# The worked solutions: every question scores its full points
assert sorted(_graded) == sorted(_otter_tests), f"graded {{sorted(_graded)}}, expected {{sorted(_otter_tests)}}"
assert not _failures(_graded), _failures(_graded)
assert GradingResults(list(_graded.values())).possible == {possible}"""

GRADED_MISTAKE = """\
# One wrong answer (above) loses the points of its question and nothing else
_after = {{
    label: Checker.check(path, NBMetadataConfig(), global_env=globals()) for label, path in _otter_tests.items()
}}
assert list(_failures(_after)) == [{label!r}], _failures(_after)
assert _after[{label!r}].score == 0, _after[{label!r}].summary()"""


def grading_cells(path: Path, tests: Path, points: Points) -> dict[str, list[nbformat.NotebookNode]]:
    """The cells that grade a chapter's run with its otter tests in ``tests`` (see the module's docstring)."""
    code = nbformat.v4.new_code_cell
    nb = nbformat.read(path, as_version=4)
    labels = [m.group("label") for cell in nb.cells if cell.cell_type == "code" for m in CHECK.finditer(cell.source)]
    if not labels:
        return {"setup": [], "student": [], "solved": []}
    files = {label: str((tests / f"{label}.py").resolve()) for label in labels}
    missing = [label for label, file in files.items() if not Path(file).is_file()]
    if missing:
        raise FileNotFoundError(f"{path.name}: no otter tests for {missing} in {tests}")
    mistake = hidden_tests(path.stem).mistake
    if mistake is None or mistake[0] not in labels:
        raise ValueError(f"grading/hidden/{path.stem}.py: expected MISTAKE = (label of one of {labels}, code)")
    possible = sum(points.of(label) for label in labels)
    return {
        "setup": [code(GRADING_SETUP.format(tests=files))],
        "student": [code(GRADED_STUDENT.format(possible=possible))],
        "solved": [
            code(GRADED_SOLVED.format(possible=possible)),
            code(f"# A wrong answer to {mistake[0]} (MISTAKE in grading/hidden/{path.stem}.py)\n{mistake[1]}"),
            code(GRADED_MISTAKE.format(label=mistake[0])),
        ],
    }


def _graded_after(cell: nbformat.NotebookNode, grading: bool) -> list[nbformat.NotebookNode]:
    """``_grade(label)`` for each check of a check cell, as ``grader.check`` runs right after the answer."""
    if not grading:
        return []
    return [nbformat.v4.new_code_cell(f'_grade("{m.group("label")}")') for m in CHECK.finditer(cell.source)]


def chapter_run(
    path: Path,
    site: Path,
    converter: Converter | None = None,
    tests: Path | None = None,
    points: Points | None = None,
) -> nbformat.NotebookNode:
    """The one notebook that the tests execute for a chapter (see the module's docstring).

    ``tests``: the otter tests of the book's assignment (its autograder's ``tests`` folder), to grade the run
    with; ``points``: their points (default: ``assignments/points.yml``).
    """
    nb = nbformat.read(path, as_version=4)
    student = (converter or Converter()).convert(path, "student")
    real_code = [cell for cell in nb.cells if cell.cell_type == "code"]
    student_code = [cell for cell in student.cells if cell.cell_type == "code"]
    first = next(i for i, (a, b) in enumerate(zip(real_code, student_code)) if a.source != b.source)
    code = nbformat.v4.new_code_cell
    grading = grading_cells(path, tests, points or read_points()) if tests is not None else {}

    cells = [
        code(
            "import os, sys, tempfile\n"
            f"sys.path.insert(0, {str(site)!r})  # the installed wheel, not this source tree\n"
            'os.environ.pop("GANLIB_STRICT_CHECKS", None)  # a student copy\'s checks say "not done yet"\n'
            'os.chdir(tempfile.mkdtemp(prefix="chapter-"))  # nothing beside the notebook, as in Colab'
        ),
        *grading.get("setup", []),
    ]
    for cell in student.cells:
        is_check = cell.cell_type == "code" and "ganlib.check(" in cell.source
        cells.append(_expect(cell, "not done", NOT_DONE) if is_check else cell)
        cells += _graded_after(cell, is_check and tests is not None)
    cells += grading.get("student", [])
    cells.append(code('os.environ["GANLIB_STRICT_CHECKS"] = "1"  # from here on every check must pass'))
    for cell in real_code[first:]:
        is_check = "ganlib.check(" in cell.source
        cells.append(_expect(cell, "passed", "well done.") if is_check else nbformat.from_dict(cell))
        cells += _graded_after(cell, is_check and tests is not None)
    cells += grading.get("solved", [])
    cells.append(  # every ganlib module the chapter loaded, subpackages too, came from the wheel
        code(
            "import ganlib\n"
            "loaded = {name: m.__file__ for name, m in sys.modules.items() if name.split('.')[0] == 'ganlib'}\n"
            f"elsewhere = {{name: path for name, path in loaded.items() if not str(path).startswith({str(site)!r})}}\n"
            "assert 'ganlib.exercises' in loaded and not elsewhere, f'not from the wheel: {elsewhere}'"
        )
    )
    for cell in cells:  # nbval compares the outputs of marked cells only: the others start empty
        if cell.cell_type == "code" and not compared(cell):
            cell.outputs, cell.execution_count = [], None
    return nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata)


def write_test_notebooks(out: Path) -> list[Path]:
    """Build the wheel and write every chapter's test notebook into ``out``; return their paths."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    site = build_wheel_site(out).resolve()
    written, converter, points = [], Converter(), read_points()
    # the otter assignment of the whole book: its tests grade each chapter's run
    tests = assign(notebooks(), out / "assignment", "book", points, converter).tests
    for path in notebooks():
        target = out / "chapters" / f"{path.stem}.ipynb"
        target.parent.mkdir(exist_ok=True)
        nbformat.write(chapter_run(path, site, converter, tests, points), target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "testbooks")
    args = parser.parse_args(argv)
    for path in write_test_notebooks(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
