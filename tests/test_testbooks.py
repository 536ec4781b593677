"""The one run of each chapter that the tests execute (tools/testbooks.py): what it holds."""

import nbformat
import pytest

from tools.assign import Points, hidden_tests
from tools.colab import Converter
from tools.notebooks import is_setup_cell, notebooks
from tools.testbooks import CHECK_MARKER, chapter_run, compared

NOTEBOOKS = notebooks()


@pytest.fixture(scope="module")
def converter():
    return Converter()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_a_chapter_run_is_the_colab_student_flavour_then_the_solutions_from_the_wheel(path, tmp_path, converter):
    nb = nbformat.read(path, as_version=4)
    run = chapter_run(path, tmp_path / "site", converter)
    text = "\n".join(cell.source for cell in run.cells if cell.cell_type == "markdown")
    assert "{cite" not in text and "```{" not in text  # the Colab flavour: no MyST left
    code = [cell for cell in run.cells if cell.cell_type == "code"]
    assert f"sys.path.insert(0, {str(tmp_path / 'site')!r})" in code[0].source
    assert "os.chdir(tempfile.mkdtemp(" in code[0].source and is_setup_cell(code[1])
    assert "not from the wheel" in code[-1].source and "sys.modules" in code[-1].source
    strict = next(i for i, cell in enumerate(code) if cell.source.startswith('os.environ["GANLIB_STRICT_CHECKS"]'))
    checks = [(i, cell) for i, cell in enumerate(code) if "ganlib.check(" in cell.source]
    labels = {line.split('"')[1] for _, cell in checks for line in cell.source.splitlines() if "check(" in line}
    assert labels and all(CHECK_MARKER in cell.source for _, cell in checks)
    for i, cell in checks:
        printed = "".join(out["text"] for out in cell.outputs)
        verdict = "[NOT DONE YET]" if i < strict else "[PASSED]"
        assert printed.count(verdict) == cell.source.count("ganlib.check(") and cell.execution_count
    after = "\n".join(cell.source for cell in code[strict:])
    assert all(f'ganlib.check("{label}",' in after for label in labels)  # every exercise is solved once
    assert "BEGIN SOLUTION" not in "\n".join(cell.source for cell in code[:strict])
    assert "BEGIN SOLUTION" in after
    assert all(not cell.outputs for cell in code if not compared(cell))
    stored = [c.outputs for c in nb.cells if c.cell_type == "code" and compared(c) and "ganlib.check(" not in c.source]
    assert stored == [c.outputs for c in code if compared(c) and "ganlib.check(" not in c.source][: len(stored)]


def test_a_chapter_run_grades_the_chapter_with_its_otter_tests_after_each_check(tmp_path, converter):
    path = next(p for p in NOTEBOOKS if p.stem == "saturation")
    labels = ["saturation-ratio", "saturation-batch-ratio", "saturation-threshold"]
    for label in labels:  # the autograder's tests folder (tools/assign.py writes it; only their paths matter here)
        (tmp_path / f"{label}.py").write_text("", encoding="utf-8")
    points = Points(default=2, points={"saturation-ratio": 5})
    code = [c.source for c in chapter_run(path, tmp_path / "site", converter, tmp_path, points).cells]
    assert "Checker.check(" in code[1] and str(tmp_path / "saturation-ratio.py") in code[1]
    checks = [i for i, source in enumerate(code) if "ganlib.check(" in source]
    assert len(checks) == 2 * len(labels)  # the student's part, then the solutions
    assert [code[i + 1] for i in checks] == [f'_grade("{label}")' for label in labels] * 2
    strict = next(i for i, source in enumerate(code) if source.startswith('os.environ["GANLIB_STRICT_CHECKS"]'))
    assert "_results.total == 0 and _results.possible == 9" in code[strict - 1]
    label, mistake = hidden_tests("saturation").mistake
    assert "assert not _failures(_graded)" in code[-4] and code[-3].endswith(mistake)
    assert f"assert list(_failures(_after)) == [{label!r}]" in code[-2] and "not from the wheel" in code[-1]
    with pytest.raises(FileNotFoundError, match="saturation-threshold"):
        (tmp_path / "saturation-threshold.py").unlink()
        chapter_run(path, tmp_path / "site", converter, tmp_path, points)
