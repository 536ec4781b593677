"""Staleness follows the code a notebook ran: a change to ganlib stales exactly the notebooks that ran it."""

import shutil
import textwrap

import jupytext
import nbformat
import pytest

import tools.notebooks as tn
from tools import code_units

MODULE = '''\
"""A module."""
from .other import helper

LIMIT = 3


def used(x):
    """Doubles."""
    return 2 * x


def unused(x):
    return x - 1


class Model:
    SIZE = 4

    def method(self):
        return self.SIZE
'''


@pytest.fixture()
def package(tmp_path):
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "mod.py").write_text(MODULE, encoding="utf-8")
    return root


def edit(package, old, new):
    path = package / "mod.py"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_units_are_functions_methods_and_each_modules_skeleton(package):
    assert set(code_units.current_hashes(package)) == {
        "mod.py:<module>",
        "mod.py:used",
        "mod.py:unused",
        "mod.py:Model.method",
    }


def test_only_the_units_whose_lines_ran_are_recorded(package):
    lines = {2, 4, 7, 8, 12, 15, 16, 18, 9}  # import time, plus line 9: the body of `used`
    ran = code_units.units_run(package, {str(package / "mod.py"): lines, "/elsewhere/x.py": {1}})
    assert set(ran) == {"mod.py:<module>", "mod.py:used"}


@pytest.mark.parametrize(
    "old, new, stale",
    [
        ("return 2 * x", "return 3 * x", ["mod.py:used"]),  # the code a notebook ran
        ("return x - 1", "return x - 2", []),  # code it never ran
        ('"""Doubles."""', '"""Doubles its argument."""', []),  # a docstring
        ("return 2 * x", "return 2 * x  # twice", []),  # a comment
        ("LIMIT = 3", "LIMIT = 4", ["mod.py:<module>"]),  # what importing runs
        ("SIZE = 4", "SIZE = 5", ["mod.py:<module>"]),  # a class attribute
        ("from .other import helper", "from .other import helper, more", []),  # a re-export
        ("def used(x):", "def twice(x):", ["mod.py:used"]),  # renamed: gone
    ],
    ids=["body", "unrun", "docstring", "comment", "constant", "class-attribute", "re-export", "renamed"],
)
def test_a_change_stales_a_notebook_only_if_it_ran_the_changed_code(package, old, new, stale):
    recorded = {
        unit: digest
        for unit, digest in code_units.current_hashes(package).items()
        if unit in ("mod.py:<module>", "mod.py:used")
    }
    edit(package, old, new)
    reasons = code_units.changes(recorded, package)
    assert [reason.split("`")[1] for reason in reasons] == stale


def book_stamps():
    return {
        path.name: nbformat.read(path, as_version=4).metadata.get(tn.STAMP_KEY, {}).get("ganlib", {})
        for path in tn.notebooks()
    }


def altered_copy_of_ganlib(tmp_path, unit):
    """A copy of ganlib in which the function ``unit`` (``"file.py:qualname"``) does one more thing."""
    copy = tmp_path / "ganlib"
    shutil.copytree(tn.GANLIB, copy, ignore=shutil.ignore_patterns("__pycache__"))
    filename, qualname = unit.split(":")
    module = code_units.Module(copy / filename, filename)
    first = next(first for first, _, name in module.spans if name == unit)
    path = copy / filename
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    indent = lines[first - 1][: len(lines[first - 1]) - len(lines[first - 1].lstrip())]
    lines.insert(first - 1, f"{indent}_changed = {qualname!r}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return copy


def test_in_the_book_editing_a_function_one_chapter_ran_stales_that_chapter_alone(tmp_path):
    stamps = book_stamps()
    runs = {}
    for name, units in stamps.items():
        for unit in units:
            runs.setdefault(unit, []).append(name)
    only_one = sorted(unit for unit, names in runs.items() if len(names) == 1 and not unit.endswith("<module>"))
    assert only_one, "no ganlib function is run by exactly one chapter"
    unit = only_one[0]
    copy = altered_copy_of_ganlib(tmp_path, unit)
    stale = {name for name, units in stamps.items() if code_units.changes(units, copy)}
    assert stale == set(runs[unit])


def test_in_the_book_editing_a_function_no_chapter_ran_stales_none(tmp_path):
    stamps = book_stamps()
    ran = {unit for units in stamps.values() for unit in units}
    never = sorted(unit for unit in set(code_units.current_hashes(tn.GANLIB)) - ran if not unit.endswith("<module>"))
    assert never, "every ganlib function is run by some chapter"
    copy = altered_copy_of_ganlib(tmp_path, never[0])
    assert not [name for name, units in stamps.items() if code_units.changes(units, copy)]


def test_execute_records_what_the_kernel_and_its_subprocesses_ran(tmp_path, monkeypatch):
    monkeypatch.setattr(tn, "BOOK", tmp_path / "book")
    monkeypatch.setattr(tn, "MD", tmp_path / "md")
    (tmp_path / "book").mkdir()
    (tmp_path / "md").mkdir()
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Tiny"),
            nbformat.v4.new_code_cell("import ganlib\nprint(ganlib.budget(full=1, quick=2))"),
            nbformat.v4.new_code_cell(
                textwrap.dedent("""\
            import subprocess, sys
            code = "import numpy, ganlib; ganlib.scale_images(numpy.zeros((1, 28, 28)))"
            subprocess.run([sys.executable, "-c", code], check=True)""")
            ),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "book" / "tiny.ipynb"
    nbformat.write(nb, path)
    jupytext.write(nb, tmp_path / "md" / "tiny.md", fmt=tn.TEXT_FORMAT)
    tn.execute(path)
    done = nbformat.read(path, as_version=4)
    assert tn.is_setup_cell(done.cells[1]) and "ganlib.budget" in done.cells[2].source  # inserted, not overwritten
    assert tn.out_of_sync(path) is None  # the setup cell went into the text source too
    assert done.cells[2].outputs[0]["text"].strip() == "1"  # full budget
    ran = done.metadata[tn.STAMP_KEY]["ganlib"]
    assert {"budget.py:budget", "data.py:scale_images"} <= set(ran)  # in the kernel; in the subprocess
    assert "gan.py:GAN.train_step" not in ran and "budget.py:<module>" in ran
    assert ran == {unit: digest for unit, digest in code_units.current_hashes(tn.GANLIB).items() if unit in ran}
