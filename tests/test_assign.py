"""Graded assignments (tools/assign.py): chapters as otter-grader assignments, points, hidden tests, grading.

Whether every chapter's worked solutions score full points, a student's copy zero and a wrong answer
loses exactly its question is tested on the one run of each chapter (tools/testbooks.py); here one
cheap chapter is graded end to end by otter's own `otter run` code.
"""

import csv
import re
import subprocess
import sys
import zipfile

import nbformat
import pytest
import yaml

from tools.assign import (
    CHECK,
    PUBLIC_TESTS_CELL,
    Points,
    assign,
    chapter_path,
    hidden_tests,
    master_notebook,
    read_points,
)
from tools.colab import Converter, leftover_myst
from tools.notebooks import ROOT, exercise_labels, notebooks

NOTEBOOKS = notebooks()
CHEAP = "saturation"  # the chapter graded end to end: a few seconds in the quick budget


def checked_labels(path):
    nb = nbformat.read(path, as_version=4)
    return [m.group("label") for cell in nb.cells if cell.cell_type == "code" for m in CHECK.finditer(cell.source)]


@pytest.fixture(scope="module")
def converter():
    return Converter()


@pytest.fixture(scope="module")
def assignment(tmp_path_factory, converter):
    """The assignment of one chapter, with points of its own: 5 for one exercise, 1 for the others."""
    tmp = tmp_path_factory.mktemp("assignment")
    points = Points(default=1, points={"saturation-ratio": 5}, written={"saturation-batch-ratio": 2})
    return assign([chapter_path(CHEAP)], tmp / "week", points=points, converter=converter)


# --- Points and hidden tests ---


def test_the_points_file_names_exercises_of_the_book_only(tmp_path):
    points = read_points()
    labels = {label for path in NOTEBOOKS for label in exercise_labels(nbformat.read(path, as_version=4))}
    assert set(points.points) | set(points.written) <= labels and points.default > 0
    assert points.of("saturation-batch-ratio") == points.points["saturation-batch-ratio"]
    assert points.of("saturation-threshold") == points.default
    wrong = tmp_path / "points.yml"
    wrong.write_text("default: 2\npoints:\n  saturation-ratoi: 3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="saturation-ratoi"):
        read_points(wrong)
    wrong.write_text("default: 2\nweights: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="weights"):
        read_points(wrong)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_checked_exercise_has_hidden_tests_of_its_own_and_the_chapter_a_wrong_answer(path):
    hidden = hidden_tests(path.stem)
    labels = checked_labels(path)
    assert sorted(hidden.tests) == sorted(labels), "one or more hidden tests for each checked exercise, no other"
    for sources in hidden.tests.values():
        for source in sources:  # a case of its own, not the public check again
            assert source.startswith("def test_") and "evaluate(" not in source and "ganlib.exercises" not in source
            assert "assert" in source
    assert hidden.mistake is not None and hidden.mistake[0] in labels and hidden.mistake[1].strip()


def test_a_hidden_test_must_stand_alone(tmp_path):
    (tmp_path / "chapter.py").write_text(
        "from grading import hidden_test\n\nimport numpy as np\n\n\n"
        '@hidden_test("x")\ndef test_x(x):\n    assert np.all(x)\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="chapter.py:3: only test functions"):
        hidden_tests("chapter", tmp_path)
    (tmp_path / "chapter.py").write_text('@hidden_test("x")\ndef test_public(x):\n    assert x\n', encoding="utf-8")
    with pytest.raises(ValueError, match="public test's name"):
        hidden_tests("chapter", tmp_path)
    (tmp_path / "chapter.py").write_text(
        '"""Doc."""\nfrom grading import hidden_test\n\n\n@hidden_test("x")\ndef test_x(x):\n    import math\n\n'
        '    assert math.isfinite(x)\n\n\nMISTAKE = ("x", """\n    x = float("nan")\n""")\n',
        encoding="utf-8",
    )
    loaded = hidden_tests("chapter", tmp_path)
    assert loaded.tests == {"x": ["def test_x(x):\n    import math\n\n    assert math.isfinite(x)"]}
    assert loaded.mistake == ("x", 'x = float("nan")')


# --- The generated assignment ---


def test_the_master_notebook_is_otters_format_with_one_question_per_exercise(assignment):
    nb = nbformat.read(assignment.master, as_version=4)
    raw = [cell.source for cell in nb.cells if cell.cell_type == "raw"]
    config = yaml.safe_load(raw[0].removeprefix("# ASSIGNMENT CONFIG\n"))
    assert config["run_tests"] is False and config["runs_on"] == "colab" and config["tests"]["files"] is True
    assert any(requirement.startswith("ganlib[cpu]==") for requirement in config["requirements"])
    questions = [yaml.safe_load(text.removeprefix("# BEGIN QUESTION\n")) for text in raw if "BEGIN QUESTION" in text]
    assert [(q["name"], q["points"], q.get("manual", False)) for q in questions] == [
        ("saturation-ratio", 5, False),
        ("saturation-batch-ratio", 1, False),
        ("saturation-batch-ratio-written", 2, True),
        ("saturation-threshold", 1, False),
    ]
    assert "```{" not in "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def test_the_student_gets_starter_code_public_tests_and_no_solution_or_hidden_test(assignment):
    student = nbformat.read(assignment.student, as_version=4)
    code = [cell.source for cell in student.cells if cell.cell_type == "code"]
    text = "\n".join(cell.source for cell in student.cells if cell.cell_type == "markdown")
    assert not leftover_myst(text), leftover_myst(text)  # converted by tools/colab.py's Converter
    assert "# BEGIN SOLUTION" not in "\n".join(code) and "return (1 - d) / d" not in "\n".join(code)
    assert "def gradient_ratio(d):\n    ..." in code
    assert [c for c in code if c.startswith("grader.check(")] == [
        f'grader.check("{label}")' for label in checked_labels(chapter_path(CHEAP))
    ]
    assert "_Type your answer here, replacing this text._" in text  # the written part
    assert "The batch ratio reproduces the measured one" not in text  # its rubric stays with the instructor
    # the public tests, written by a cell before otter's, so that Colab needs no other file
    tests_cell = next(i for i, c in enumerate(code) if c.startswith(PUBLIC_TESTS_CELL))
    assert code[tests_cell + 1].startswith("# Initialize Otter") and "otter.Notebook()" in code[tests_cell + 1]
    namespace = {}
    exec(code[tests_cell].split("pathlib.Path(")[0], namespace)
    public = {path.stem: path.read_text(encoding="utf-8") for path in (assignment.student.parent / "tests").glob("*")}
    assert namespace["_public_tests"] == public and sorted(public) == sorted(checked_labels(chapter_path(CHEAP)))
    assert all("evaluate(" in source and "hidden=True" not in source for source in public.values())


def test_hidden_tests_and_points_are_in_the_autograder_only(assignment):
    hidden = hidden_tests(CHEAP).tests
    student_files = [p for p in assignment.student.parent.rglob("*") if p.is_file()]
    student_text = "\n".join(p.read_text(encoding="utf-8") for p in student_files)
    with zipfile.ZipFile(assignment.zip) as archive:
        zipped = {name: archive.read(name).decode() for name in archive.namelist() if name.startswith("tests/")}
    for label, sources in hidden.items():
        test_file = (assignment.tests / f"{label}.py").read_text(encoding="utf-8")
        assert test_file == zipped[f"tests/{label}.py"]
        assert re.search(r"^points = (\S+)$", test_file, re.M).group(1) == ("5" if label == "saturation-ratio" else "1")
        assert test_file.count("hidden=True") == len(sources)
        for source in sources:
            name = source.split("(")[0]  # "def test_..."
            assert name in test_file and name not in student_text


def test_an_exercise_without_a_check_is_graded_by_hand_with_the_worked_solution_as_rubric(converter):
    path = chapter_path(CHEAP)
    nb = nbformat.read(path, as_version=4)
    nb.cells = [cell for cell in nb.cells if 'ganlib.check("saturation-threshold"' not in cell.source]
    master = master_notebook([path], "manual", Points(), converter, {path: nb})
    sources = [cell.source for cell in master.cells]
    start = sources.index("# BEGIN QUESTION\nname: saturation-threshold\npoints: 2\nmanual: true")
    question = sources[start : sources.index("# END QUESTION", start)]
    assert "# BEGIN TESTS" not in question and "# BEGIN SOLUTION" in question
    assert any(s.startswith("**Rubric** (the worked solution):\n\n$D / (1 - D) < 0.01") for s in question)


def test_a_worked_solution_outside_an_exercise_stops_the_generator(converter):
    path = chapter_path(CHEAP)
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("x = ...\n# BEGIN SOLUTION\nx = 1\n# END SOLUTION"))
    with pytest.raises(ValueError, match="outside an exercise would reach the students"):
        master_notebook([path], "leak", Points(), converter, {path: nb})


# --- Grading, end to end ---


def test_otter_run_grades_solutions_full_a_blank_copy_zero_and_a_wrong_answer_loses_one_question(
    assignment, tmp_path, cli_env
):
    label, wrong = hidden_tests(CHEAP).mistake
    solved = nbformat.read(assignment.autograder, as_version=4)
    check = next(i for i, cell in enumerate(solved.cells) if cell.source == f'grader.check("{label}")')
    solved.cells.insert(check, nbformat.v4.new_code_cell(wrong))
    submissions = {"solved.ipynb": assignment.autograder, "blank.ipynb": assignment.student}
    for name, source in submissions.items():
        (tmp_path / name).write_bytes(source.read_bytes())
    nbformat.write(solved, tmp_path / "mistake.ipynb")
    grades = tmp_path / "grades.csv"
    subprocess.run(
        [sys.executable, "-m", "tools.assign", "grade", "--autograder", str(assignment.zip), "--csv", str(grades)]
        + [str(tmp_path / name) for name in ("solved.ipynb", "blank.ipynb", "mistake.ipynb")],
        check=True,
        cwd=ROOT,
        # the notebooks' `%pip install otter-grader` finds it installed, without asking the network
        env={**cli_env, "PYTHONPATH": str(ROOT), "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        capture_output=True,
    )
    rows = {row["file"]: row for row in csv.DictReader(grades.open(encoding="utf-8"))}
    labels = checked_labels(chapter_path(CHEAP))
    possible = {label: float(rows["points-per-question"][label]) for label in labels}
    assert possible == {"saturation-ratio": 5, "saturation-batch-ratio": 1, "saturation-threshold": 1}
    assert {q: float(rows["solved.ipynb"][q]) for q in labels} == possible
    assert all(rows[f]["grading_status"] == "Completed" for f in ("solved.ipynb", "blank.ipynb", "mistake.ipynb"))
    assert {q: float(rows["blank.ipynb"][q]) for q in labels} == dict.fromkeys(labels, 0.0)
    assert {q: float(rows["mistake.ipynb"][q]) for q in labels} == {**possible, label: 0.0}


def test_the_student_notebook_checks_answers_with_nothing_beside_it(assignment, tmp_path, monkeypatch):
    """As in Colab: no tests folder, only the notebook's cells; grader.check shows the book's verdict and hint."""
    import otter

    student = nbformat.read(assignment.student, as_version=4)
    cell = next(c.source for c in student.cells if c.source.startswith(PUBLIC_TESTS_CELL))
    monkeypatch.chdir(tmp_path)
    exec(cell, {})
    grader = otter.Notebook()
    right = grader.check("saturation-threshold", {"threshold": 1 / 101})
    assert right.grade == 1
    wrong = grader.check("saturation-threshold", {"threshold": 0.01})
    assert wrong.grade == 0 and "[FAILED] exercise saturation-threshold: you gave 0.01" in repr(wrong)
    blank = grader.check("saturation-threshold", {"threshold": ...})
    assert blank.grade == 0 and "NOT DONE YET" in repr(blank)
