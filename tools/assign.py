"""Turn chapters of the book into a graded assignment for otter-grader, and grade a folder of submissions.

    python -m tools.assign CHAPTER [CHAPTER ...] --out assignments/week4 [--name week4] [--points FILE]
    python -m tools.assign grade --autograder ZIP SUBMISSION.ipynb [...] [--csv grades.csv]

A CHAPTER is a notebook of the book (``book/part2/saturation.ipynb``), its text source
(``md/part2/saturation.md``) or its name (``saturation``); several chapters (a syllabus week) make one
notebook. The first form generates an otter *master notebook* from the book's notebooks (which it
never changes) into ``OUT/master/NAME.ipynb`` and runs ``otter assign`` on it, which writes

- ``OUT/student/NAME.ipynb``: what students get, in plain Jupyter Markdown (the MyST markup converted
  by ``tools/colab.py``), the worked solutions replaced by ``...``; under each exercise a
  ``grader.check("label")`` cell runs its public test, the book's check, with its verdict and hint.
  A cell at the top writes the public tests into ``tests/``, so that the notebook needs no other file
  (in Colab, a JupyterHub or on a laptop); ``OUT/student/tests/`` holds the same files;
- ``OUT/autograder/NAME.ipynb``: the same with the solutions (and the rubrics of the questions graded
  by hand); ``OUT/autograder/tests/``: every test, the hidden ones included;
- ``OUT/autograder/NAME-autograder_<time>.zip``: the autograder, for Gradescope and for ``otter run``.

Each exercise (a ``{exercise}`` with a ``:label:``) is a question named by its label. One whose check
cell calls ``ganlib.check`` is graded automatically: its public test is that check, its hidden tests
come from ``grading/hidden/<chapter>.py``. One without a check is graded by hand (``manual: true``),
with the worked solution's prose as its rubric, and so is the written part ``<label>-written`` of an
exercise listed under ``written`` in the points file. Points come from that one file,
``assignments/points.yml``.

The second form grades handed-in notebooks with otter's own ``otter run`` code, one after the other
in this environment (``otter grade`` does the same in Docker containers), and writes otter's
``final_grades.csv``: one row per submission, one column per question.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from tools.colab import BIBLIOGRAPHY, FENCE, Converter, Page, config, figure_caption, page_url, site_url
from tools.notebooks import BOOK, MD, ROOT, exercise_labels, is_setup_cell, notebooks
from tools.release import ganlib_requirement

POINTS = ROOT / "assignments" / "points.yml"
GRADING = ROOT / "grading"
CHECK = re.compile(r'ganlib\.check\("(?P<label>[\w-]+)",\s*(?P<answer>.+)\)')
STRUCTURE = ("exercise", "solution-start", "solution-end")  # the directives that delimit a question
PUBLIC_TEST = "test_public"
PUBLIC_TESTS_CELL = "# The public tests of this assignment"
WRITTEN = "-written"
LOCKED = {"deletable": False, "editable": False}


# --- Points, and the hidden tests ---


@dataclass
class Points:
    """What ``assignments/points.yml`` says: the points of each question, and otter settings to change."""

    default: float = 2
    points: dict[str, float] = field(default_factory=dict)  # label -> points of the exercise
    written: dict[str, float] = field(default_factory=dict)  # label -> points of its written part
    otter: dict = field(default_factory=dict)  # assignment settings merged over the defaults

    def of(self, label: str) -> float:
        return self.points.get(label, self.default)


def read_points(path: Path = POINTS, labels: set[str] | None = None) -> Points:
    """Read a points file, checking that every label it names is an exercise of the book (``labels``)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    unknown = set(data) - {"default", "points", "written", "otter"}
    if unknown:
        raise ValueError(f"{path}: expected the keys default, points, written and otter, got also {sorted(unknown)}")
    points = Points(
        default=data.get("default", 2),
        points=data.get("points") or {},
        written=data.get("written") or {},
        otter=data.get("otter") or {},
    )
    if not isinstance(points.default, (int, float)) or points.default < 0:
        raise ValueError(f"{path}: default: expected a number of points >= 0, got {points.default!r}")
    labels = book_labels() if labels is None else labels
    for key in ("points", "written"):
        for label, value in getattr(points, key).items():
            if label not in labels:
                raise ValueError(f"{path}: {key}: {label!r} is not the label of an exercise of the book")
            if not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"{path}: {key}: {label}: expected a number of points >= 0, got {value!r}")
    return points


def book_labels() -> set[str]:
    """The labels of every exercise of the book."""
    return {label for path in notebooks() for label in exercise_labels(nbformat.read(path, as_version=4))}


@dataclass
class HiddenTests:
    """A chapter's hidden tests (``grading/hidden/<chapter>.py``): test sources by label, and one wrong answer."""

    tests: dict[str, list[str]]  # label -> the source of each test function, without its decorator
    mistake: tuple[str, str] | None  # (label, code that replaces the answer with a wrong one)


def hidden_tests(chapter: str, folder: Path = GRADING / "hidden") -> HiddenTests:
    """Read the hidden tests of a chapter (by its notebook's name) from ``folder``; none when it has no file.

    A test is a function decorated with ``@hidden_test("label")``; the autograder gets its source alone, without
    the decorator, so everything it uses is imported inside it. The file is read, never imported.
    """
    path = Path(folder) / f"{chapter}.py"
    if not path.is_file():
        return HiddenTests({}, None)
    text = path.read_text(encoding="utf-8")
    lines, tests, mistake = text.splitlines(), {}, None
    for node in ast.parse(text).body:
        where = f"{path.name}:{node.lineno}"
        if isinstance(node, ast.FunctionDef):
            marks = [
                d
                for d in node.decorator_list
                if isinstance(d, ast.Call) and getattr(d.func, "id", None) == "hidden_test" and len(d.args) == 1
            ]
            if len(marks) != 1 or len(node.decorator_list) != 1 or not isinstance(marks[0].args[0], ast.Constant):
                raise ValueError(f'{where}: expected one decorator @hidden_test("label") on {node.name}')
            if node.name == PUBLIC_TEST:
                raise ValueError(f"{where}: {node.name} is the public test's name; choose another")
            source = "\n".join(lines[node.lineno - 1 : node.end_lineno])  # from `def`: without the decorator
            tests.setdefault(marks[0].args[0].value, []).append(source)
        elif isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["MISTAKE"]:
            label, code = ast.literal_eval(node.value)
            mistake = (label, textwrap.dedent(code).strip())
        elif not (
            (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))  # the docstring
            or (isinstance(node, ast.ImportFrom) and node.module in ("grading", "__future__"))
        ):
            raise ValueError(
                f"{where}: only test functions (with their imports inside them), a docstring and MISTAKE: "
                "the autograder gets each test function alone"
            )
    return HiddenTests(tests, mistake)


# --- A chapter, read as otter questions ---


@dataclass
class Question:
    """An exercise of a chapter: its statement, its worked solution and its check."""

    label: str
    number: int
    statement: str  # plain Jupyter Markdown, "**Exercise n** ..."
    cells: list[tuple[nbformat.NotebookNode, bool]] = field(default_factory=list)  # (cell, part of the solution)
    prose: list[str] = field(default_factory=list)  # the worked solution's prose, converted
    answer: str | None = None  # the expression its check cell passes to ganlib.check; None: graded by hand

    @property
    def auto(self) -> bool:
        return self.answer is not None


def chapter_items(
    path: Path, converter: Converter, nb: nbformat.NotebookNode | None = None
) -> list[nbformat.NotebookNode | Question]:
    """A chapter's cells in plain Jupyter Markdown, each exercise (with its solution and check) one Question.

    ``nb`` replaces the notebook read from ``path`` (the chapter's page still numbers its labels).
    """
    nb = nbformat.read(path, as_version=4) if nb is None else nb
    converter.start_quizzes(nb)  # its self-check questions become text, as in the Colab edition
    page, cited = converter.page(path), []
    checked = {m.group("label") for cell in nb.cells if cell.cell_type == "code" for m in CHECK.finditer(cell.source)}
    solved = set(re.findall(r"\{solution-start\}[ \t]*(\S+)", "\n".join(cell.source for cell in nb.cells)))
    figures = 0
    items: list[nbformat.NotebookNode | Question] = []
    question: Question | None = None  # the exercise being read, until its check (or its solution's end)
    in_solution = False

    def markdown(text: str) -> None:
        text = converter.markdown(text, page, cited).strip("\n")
        if not text.strip():
            return
        cell = nbformat.v4.new_markdown_cell(text)
        if question is None:
            items.append(cell)
        else:
            question.cells.append((cell, in_solution))
            if in_solution:
                question.prose.append(text)

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            start = 0
            for match in FENCE.finditer(cell.source):
                name = match.group("name")
                if name not in STRUCTURE:
                    continue
                markdown(cell.source[start : match.start()])
                start = match.end()
                if name == "exercise":
                    if question is not None:
                        raise ValueError(f"{path}: exercise {question.label} has no check before the next exercise")
                    label = re.search(r"^:label:[ \t]*(\S+)", match.group("body"), re.M)
                    if label is None:
                        raise ValueError(f"{path}: an exercise without a :label: cannot be a question")
                    statement = converter.markdown(match.group(0), page, cited).strip("\n")
                    question = Question(label.group(1), page.exercises[label.group(1)], statement)
                    items.append(question)
                    if label.group(1) not in checked | solved:
                        question = None  # no check and no worked solution: the statement alone
                elif name == "solution-start":
                    if question is None or match.group("arg").strip() != question.label:
                        raise ValueError(f"{path}: the solution of {match.group('arg')} does not follow its exercise")
                    in_solution = True
                else:
                    in_solution = False
                    if question.label not in checked:
                        question = None  # graded by hand: the question ends with its worked solution
            markdown(cell.source[start:])
            continue
        cell = nbformat.from_dict(cell)
        cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)  # when the book's run executed it
        check = CHECK.fullmatch(cell.source.strip())
        if check:
            if question is None or check.group("label") != question.label:
                raise ValueError(f"{path}: the check of {check.group('label')} is not under its exercise")
            question.answer, question = check.group("answer"), None
            continue
        if question is None and "# BEGIN SOLUTION" in cell.source:  # otter strips solutions of questions only
            raise ValueError(f"{path}: a worked solution outside an exercise would reach the students")
        cells = [cell]
        if figure_caption(cell):  # numbered as the Colab edition numbers it
            figures += 1
            cells.append(nbformat.v4.new_markdown_cell(f"**Fig. {figures}.** {figure_caption(cell)}"))
        for one in cells:
            if question is None:
                items.append(one)
            else:
                question.cells.append((one, in_solution or "# BEGIN SOLUTION" in cell.source))
    if question is not None:
        raise ValueError(f"{path}: exercise {question.label} is not finished (no check, no end of its solution)")
    for item in items:  # the chapter's references, now that its citations are known
        if isinstance(item, nbformat.NotebookNode) and item.cell_type == "markdown":
            item.source = item.source.replace(BIBLIOGRAPHY, converter.references(cited))
    return items


# --- The master notebook ---


def _raw(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_raw_cell(text)


def _yaml(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=False).strip()


def _test_cell(source: str, hidden: bool) -> nbformat.NotebookNode:
    config_lines = f'""" # BEGIN TEST CONFIG\nhidden: {str(hidden).lower()}\n""" # END TEST CONFIG\n'
    return nbformat.v4.new_code_cell(config_lines + source)


def public_test(label: str, answer: str) -> str:
    """The public test of an exercise: the book's check of the answer, failing with its verdict and hint."""
    names = sorted({node.id for node in ast.walk(ast.parse(answer, mode="eval")) if isinstance(node, ast.Name)})
    return (
        f"def {PUBLIC_TEST}({', '.join(names)}):\n"
        f'    """The book\'s check of exercise {label} (``ganlib.check``): its verdict, with its hint."""\n'
        "    from ganlib.exercises import evaluate\n\n"
        f'    result = evaluate("{label}", {answer})\n'
        "    assert result, str(result)"
    )


def question_cells(question: Question, points: Points, hidden: HiddenTests, chapter: str) -> list:
    """The master notebook's cells of one exercise: an otter question, and its written part if it has one."""
    written = question.auto and question.label in points.written
    config = {"name": question.label, "points": points.of(question.label)}
    if not question.auto:
        config["manual"] = True
    cells = [_raw("# BEGIN QUESTION\n" + _yaml(config)), nbformat.v4.new_markdown_cell(question.statement)]
    run: list = []  # consecutive cells of the worked solution, one otter SOLUTION block
    rubric_said = False
    for cell, in_solution in question.cells:
        if written and cell.cell_type == "markdown" and in_solution:
            continue  # the prose is the rubric of the written part
        if not question.auto and cell.cell_type == "markdown" and in_solution and not rubric_said:
            cell = nbformat.from_dict(cell)
            cell.source = "**Rubric** (the worked solution):\n\n" + cell.source
            rubric_said = True
        if in_solution:
            run.append(cell)
            continue
        if run:
            cells += [_raw("# BEGIN SOLUTION"), *run, _raw("# END SOLUTION")]
            run = []
        cells.append(cell)
    if run:
        cells += [_raw("# BEGIN SOLUTION"), *run, _raw("# END SOLUTION")]
    if question.auto:
        tests = hidden.tests.get(question.label, [])
        if not tests:
            raise ValueError(f"grading/hidden/{chapter}.py: exercise {question.label} has no hidden test")
        cells += [
            _raw("# BEGIN TESTS"),
            _test_cell(public_test(question.label, question.answer), hidden=False),
            *(_test_cell(source, hidden=True) for source in tests),
            _raw("# END TESTS"),
        ]
    cells.append(_raw("# END QUESTION"))
    if written:
        if not question.prose:
            raise ValueError(f"{question.label}: a written part needs a worked solution in prose for its rubric")
        config = {"name": question.label + WRITTEN, "manual": True, "points": points.written[question.label]}
        cells += [
            _raw("# BEGIN QUESTION\n" + _yaml(config)),
            nbformat.v4.new_markdown_cell(
                f"**Exercise {question.number}, in words.** Answer in the cell below what Exercise "
                f"{question.number} asks you to show, explain or compare. This part is graded by hand; the code "
                "above is graded automatically."
            ),
            _raw("# BEGIN SOLUTION"),
            nbformat.v4.new_markdown_cell("**Rubric** (the worked solution):\n\n" + "\n\n".join(question.prose)),
            _raw("# END SOLUTION"),
            _raw("# END QUESTION"),
        ]
    return cells


def assignment_config(name: str, points: Points) -> dict:
    """The otter assignment settings (``# ASSIGNMENT CONFIG``), with the points file's ``otter`` merged over."""
    settings = {
        "name": name,
        # otter.Notebook() without a notebook path: the same notebook works in Colab, a JupyterHub and locally
        "runs_on": "colab",
        # the test command checks the solutions (tools/testbooks.py), without executing the chapters again
        "run_tests": False,
        "export_cell": False,  # students hand in the .ipynb itself
        "show_question_points": True,
        "python_version": "3.11",
        "requirements": [ganlib_requirement().replace("ganlib==", "ganlib[cpu]==")],
        "tests": {"files": True, "ok_format": False},
        "generate": {"show_hidden": True},  # each question's result, hidden tests included, once grades are out
    }

    def merge(base: dict, extra: dict) -> dict:
        for key, value in extra.items():
            base[key] = merge(dict(base[key]), value) if isinstance(base.get(key), dict) else value
        return base

    return merge(settings, points.otter)


def chapter_path(name: str | Path) -> Path:
    """A chapter's notebook, from its path, its text source's path or its name."""
    path = Path(name)
    if path.suffix == ".md" and path.resolve().is_relative_to(MD):
        path = BOOK / path.resolve().relative_to(MD).with_suffix(".ipynb")
    if path.suffix == ".ipynb" and path.is_file():
        return path.resolve()
    matches = [p for p in notebooks() if p.stem == str(name)]
    if len(matches) != 1:
        raise ValueError(f"chapters: expected a notebook of the book, its md/ source or its name, got {str(name)!r}")
    return matches[0]


def master_notebook(
    chapters: list[Path],
    name: str,
    points: Points,
    converter: Converter | None = None,
    notebooks_read: dict[Path, nbformat.NotebookNode] | None = None,
) -> nbformat.NotebookNode:
    """The otter master notebook of the chapters (``notebooks_read`` replaces the notebooks of some of them)."""
    converter = converter or Converter()
    pages: list[Page] = [converter.page(path) for path in chapters]
    links = ", ".join(f"[{page.title}]({page_url(page.doc)})" for page in pages)
    cells = [
        _raw("# ASSIGNMENT CONFIG\n" + _yaml(assignment_config(name, points))),
        nbformat.v4.new_markdown_cell(
            f"# Assignment {name}\n\n"
            f"The exercises of {links}, from the online book [{config()['title']}]({site_url()}). Run the cells "
            "from the top. Under each exercise, replace every `...` with your answer, then run the "
            "`grader.check(...)` cell below it: it runs the book's check and shows its verdict and hint. Your grade "
            "also counts tests that you do not see, on other cases, so make your answer right in general, not just "
            "for the checked cases. A question *in words* is graded by hand: write your answer in the cell under "
            "it. Hand in this notebook (in Colab: *File → Download → Download .ipynb*) after running it from the top."
        ),
    ]
    seen_setup = False
    for path in chapters:
        nb = (notebooks_read or {}).get(path)
        hidden = hidden_tests(path.stem)
        for item in chapter_items(path, converter, nb):
            if isinstance(item, Question):
                cells += question_cells(item, points, hidden, path.stem)
            elif is_setup_cell(item):
                if not seen_setup:  # ganlib is installed once
                    cells.append(item)
                seen_setup = True
            else:
                cells.append(item)
    first = nbformat.read(chapters[0], as_version=4)
    metadata = {key: first.metadata[key] for key in ("kernelspec", "language_info") if key in first.metadata}
    return nbformat.v4.new_notebook(cells=cells, metadata=metadata)


# --- otter assign, and what it leaves ---


@dataclass
class Assignment:
    """Where ``assign`` wrote an assignment."""

    master: Path
    student: Path  # the student notebook
    autograder: Path  # the autograder (solutions) notebook
    zip: Path  # the autograder for Gradescope and otter run
    tests: Path  # the autograder's tests folder (public and hidden)


def public_tests_cell(tests: Path) -> nbformat.NotebookNode:
    """A cell that writes the public tests into ``tests/``, where ``grader.check`` reads them (in Colab too)."""
    files = "".join(
        f"    {path.stem!r}: {path.read_text(encoding='utf-8')!r},\n" for path in sorted(tests.glob("*.py"))
    )
    cell = nbformat.v4.new_code_cell(
        f"{PUBLIC_TESTS_CELL} (the book's checks), written into tests/ where grader.check reads them:\n"
        "# the notebook needs no other file, in Colab as anywhere. Run it before the next cell.\n"
        "import pathlib\n\n"
        f"_public_tests = {{\n{files}}}\n"
        'pathlib.Path("tests").mkdir(exist_ok=True)\n'
        "for _name, _text in _public_tests.items():\n"
        '    pathlib.Path("tests", _name + ".py").write_text(_text, encoding="utf-8")'
    )
    cell.metadata.update(LOCKED)
    return cell


def _insert_public_tests(notebook: Path, tests: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    init = next(i for i, cell in enumerate(nb.cells) if cell.source.startswith("# Initialize Otter"))
    nb.cells.insert(init, public_tests_cell(tests))
    nbformat.write(nb, notebook)


def assign(
    chapters: list[Path],
    out: Path,
    name: str | None = None,
    points: Path | Points = POINTS,
    converter: Converter | None = None,
    notebooks_read: dict[Path, nbformat.NotebookNode] | None = None,
) -> Assignment:
    """Write the master notebook of ``chapters`` into ``out/master`` and run ``otter assign`` on it into ``out``."""
    from otter.assign import main as otter_assign

    name = name or Path(out).name
    if not re.fullmatch(r"[\w.-]+", name):
        raise ValueError(f"name: expected letters, digits, '_', '-' or '.', got {name!r}")
    points = points if isinstance(points, Points) else read_points(points)
    out = Path(out).resolve()
    master = out / "master" / f"{name}.ipynb"
    master.parent.mkdir(parents=True, exist_ok=True)
    for folder in ("student", "autograder"):  # otter assign adds to what is there; start clean
        if (out / folder).exists():
            import shutil

            shutil.rmtree(out / folder)
    paths = [chapter_path(chapter) for chapter in chapters]
    nbformat.write(master_notebook(paths, name, points, converter, notebooks_read), master)
    otter_assign(str(master), str(out), no_pdfs=True, no_run_tests=True)
    for notebook in (out / "student" / master.name, out / "autograder" / master.name):
        _insert_public_tests(notebook, out / "student" / "tests")
    (zip_path,) = (out / "autograder").glob(f"{name}-autograder_*.zip")
    return Assignment(
        master, out / "student" / master.name, out / "autograder" / master.name, zip_path, out / "autograder" / "tests"
    )


# --- Grading a folder of submissions ---


def grade(submissions: list[Path], autograder: Path, csv: Path | None = None):
    """Grade each submission as ``otter run`` does, in this environment; return otter's grades table."""
    from otter.api import grade_submission
    from otter.grade.utils import merge_scores_to_df

    scores = []
    for path in submissions:
        results = grade_submission(str(path), str(autograder), quiet=True)
        results.file = Path(path).name
        scores.append(results)
    table = merge_scores_to_df(scores)
    if csv is not None:
        table.to_csv(csv, index=False)
    return table


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["grade"]:
        parser = argparse.ArgumentParser(prog="python -m tools.assign grade", description=__doc__)
        parser.add_argument("submissions", nargs="+", type=Path)
        parser.add_argument("--autograder", type=Path, required=True, help="the assignment's autograder zip")
        parser.add_argument("--csv", type=Path, default=Path("final_grades.csv"), help="default: final_grades.csv")
        args = parser.parse_args(argv[1:])
        table = grade(args.submissions, args.autograder, args.csv)
        print(table.to_string(index=False))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chapters", nargs="+", help="notebooks of the book, their md/ sources, or their names")
    parser.add_argument("--out", type=Path, required=True, help="the assignment's folder, e.g. assignments/week4")
    parser.add_argument("--name", help="the assignment's name (default: the folder's name)")
    parser.add_argument("--points", type=Path, default=POINTS, help="default: assignments/points.yml")
    args = parser.parse_args(argv)
    made = assign(args.chapters, args.out, args.name, args.points)
    for path in (made.student, made.autograder, made.zip):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
