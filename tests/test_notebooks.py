"""The book's notebooks: fresh outputs, Colab-ready, and shaped like chapters."""

import nbformat
import pytest

from ganlib.exercises import CHECKS
from tools.notebooks import exercise_labels, ROOT, notebooks, out_of_sync, setup_cell_source, stale_reasons, text_source

NOTEBOOKS = notebooks()
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]


def read(path):
    return nbformat.read(path, as_version=4)


def markdown(nb):
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_the_book_has_notebooks():
    assert NOTEBOOKS, "no notebook found under book/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_agrees_with_its_text_source(path):
    difference = out_of_sync(path)
    assert difference is None, f"{path.name}: {difference}. Run `python -m tools.notebooks sync {path.relative_to(ROOT)}`."


def test_an_edit_to_the_text_source_is_caught(tmp_path, monkeypatch):
    import tools.notebooks as tn

    path = NOTEBOOKS[0]
    md = tmp_path / "md" / text_source(path).relative_to(tn.MD)
    md.parent.mkdir(parents=True)
    md.write_text(text_source(path).read_text(encoding="utf-8").replace("# ", "# Edited: ", 1), encoding="utf-8")
    monkeypatch.setattr(tn, "MD", tmp_path / "md")
    assert "differs" in out_of_sync(path)
    md.unlink()
    assert "no text source" in out_of_sync(path)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_outputs_come_from_a_full_run_of_the_current_code(path):
    reasons = stale_reasons(read(path))
    assert not reasons, f"{path.name}: {'; '.join(reasons)}. Run `make notebooks NOTEBOOKS={path.relative_to(ROOT)}`."


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_first_code_cell_installs_ganlib_from_the_configured_repository(path):
    assert code_cells(read(path))[0].source == setup_cell_source()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_shaped_like_a_chapter(path):
    nb = read(path)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    text = markdown(nb)
    for part in ("**Learning objectives.**", "## Summary", "## Exercises", "## References"):
        assert part in text, f"{path.name} has no {part!r}"
    assert "{bibliography}" in text and "{cite" in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_figure_has_a_caption_and_alt_text(path):
    for index, cell in enumerate(code_cells(read(path))):
        if any("image/png" in out.get("data", {}) for out in cell.get("outputs", [])):
            meta = cell.metadata.get("mystnb", {})
            assert meta.get("figure", {}).get("caption"), f"code cell {index} shows a figure without a caption"
            assert meta.get("figure", {}).get("name"), f"code cell {index} shows a figure without a label"
            assert meta.get("image", {}).get("alt"), f"code cell {index} shows a figure without alt text"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_exercise_has_a_solution_and_a_registered_check(path):
    nb = read(path)
    labels = exercise_labels(nb)
    assert len(labels) >= 3, f"{path.name} has {len(labels)} exercises, expected at least 3"
    code = "\n".join(cell.source for cell in code_cells(nb))
    text = markdown(nb)
    for label in labels:
        assert label in CHECKS, f"exercise {label} has no check in ganlib.exercises"
        assert f"{{solution-start}} {label}" in text, f"exercise {label} has no solution"
        assert f'ganlib.check("{label}",' in code, f"exercise {label} is never checked"
    for cell in code_cells(nb):
        assert cell.source.count("# BEGIN SOLUTION") == cell.source.count("# END SOLUTION")
        if "ganlib.check(" in cell.source:  # nothing else: in the student edition the answer may be unfinished
            assert all(line.startswith("ganlib.check(") for line in cell.source.splitlines()), cell.source


def test_every_check_belongs_to_an_exercise_of_the_book():
    labels = {label for path in NOTEBOOKS for label in exercise_labels(read(path))}
    assert set(CHECKS) <= labels, f"checks without an exercise: {sorted(set(CHECKS) - labels)}"
