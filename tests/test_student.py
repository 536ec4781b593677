"""The student edition: solutions out, checks in, and every copy runs top to bottom.

What runs is the student flavour of the Colab edition (``tools.colab``: the student copy of
``tools.student`` with its MyST markup resolved; its code cells are the student copy's), so
this one run per notebook also proves that the Colab edition runs.

The run also checks the package that readers install: ganlib is built as a wheel,
installed alone into a folder, and put first on the kernel's ``PYTHONPATH``, so the
notebooks import the wheel's ganlib, not this source tree (nbval runs the notebooks
against the source tree). Each run executes the student copy from an empty directory
and then, in the same kernel, the real notebook's code from its first exercise cell on
(solutions and strict checks). The cells before that point are the same in both
editions, so every code cell of the real notebook runs once from the wheel, at the
cost of one notebook run plus the exercise cells.
"""

import os
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from tools.colab import Converter
from tools.notebooks import ROOT, notebooks
from tools.student import starter_source, student_notebook

NOTEBOOKS = notebooks()
ORIGIN = "GANLIB_ORIGIN "


@pytest.fixture(scope="module")
def converter():
    return Converter()


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory):
    """ganlib built as a wheel (from a copy of what the wheel is built from) and installed alone in a folder."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "ganlib", source / "ganlib", ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"), str(source)],
                   check=True, cwd=tmp)
    (wheel,) = (tmp / "dist").glob("ganlib-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(tmp / "site"), str(wheel)],
                   check=True, cwd=tmp)
    assert (tmp / "site" / "ganlib" / "__init__.py").is_file()
    return tmp / "site"


def student_then_solutions(nb, student):
    """The student copy, then (strict) the real notebook's code cells from the first one that differs."""
    real_code = [cell for cell in nb.cells if cell.cell_type == "code"]
    student_code = [cell for cell in student.cells if cell.cell_type == "code"]
    assert [c.source for c in real_code] != [c.source for c in student_code]
    first = next(i for i, (a, b) in enumerate(zip(real_code, student_code)) if a.source != b.source)
    tail = [nbformat.v4.new_code_cell(cell.source) for cell in real_code[first:]]
    combined = nbformat.from_dict(student)
    combined.cells += [
        nbformat.v4.new_code_cell('import os\nos.environ["GANLIB_STRICT_CHECKS"] = "1"'),
        *tail,
        nbformat.v4.new_code_cell(f'import sys\nprint("{ORIGIN}" + sys.modules["ganlib"].__file__)'),
    ]
    return combined, tail


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
def test_student_copy_and_solutions_run_from_the_wheel(path, tmp_path, monkeypatch, wheel_site, converter):
    nb = nbformat.read(path, as_version=4)
    student = converter.convert(path, "student")
    code = [(cell.source, cell.outputs) for cell in student.cells if cell.cell_type == "code"]
    assert code == [(cell.source, cell.outputs) for cell in student_notebook(nb).cells if cell.cell_type == "code"]
    text = "\n".join(cell.source for cell in student.cells)
    assert "BEGIN SOLUTION" not in text and "{solution-start}" not in text and "{solution-end}" not in text
    checks = [cell for cell in student.cells if cell.cell_type == "code" and "ganlib.check(" in cell.source]
    assert checks and all(not cell.outputs for cell in checks)

    combined, solutions = student_then_solutions(nb, student)
    monkeypatch.setenv("GANLIB_BUDGET", "quick")
    monkeypatch.setenv("GANLIB_OFFLINE", "1")
    monkeypatch.delenv("GANLIB_STRICT_CHECKS", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(wheel_site))  # the wheel's ganlib shadows the editable source
    workdir = tmp_path / "empty"
    workdir.mkdir()
    NotebookClient(combined, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}},
                   extra_arguments=["--IPKernelApp.capture_fd_output=False"]).execute()

    origin = "".join(out.get("text", "") for out in combined.cells[-1].outputs).split(ORIGIN)[-1].strip()
    assert os.path.realpath(origin).startswith(os.path.realpath(wheel_site)), f"ganlib came from {origin}"
    for cell in combined.cells[:len(student.cells)]:  # the student copy's cells, as they ran
        if cell.cell_type != "code" or "ganlib.check(" not in cell.source:
            continue
        printed = "".join(out.get("text", "") for out in cell.outputs)
        assert "NOT DONE YET" in printed, f"{path.name}: {cell.source!r} printed {printed!r}"
    for cell in solutions:
        if "ganlib.check(" in cell.source:
            printed = "".join(out.get("text", "") for out in cell.outputs)
            assert "[PASSED]" in printed, f"{path.name}: {cell.source!r} printed {printed!r}"
