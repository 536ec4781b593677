"""The book's notebooks: fresh outputs, Colab-ready, and shaped like chapters."""

import re

import nbformat
import pytest

from ganlib.exercises import CHECKS
from tools.notebooks import ROOT, exercise_labels, notebooks, out_of_sync, setup_cell_source, stale_reasons, text_source

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
    assert difference is None, (
        f"{path.name}: {difference}. Run `python -m tools.notebooks sync {path.relative_to(ROOT)}`."
    )


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


# What a reader must never find in a stored output: a failed download (the book is executed offline), a
# notebook kernel's temporary path, terminal escape codes (Keras's verbose=1 progress bars), a huge embed.
NETWORK_ERROR = re.compile(
    r"Downloading data from|URL fetch failure|\[Errno|Name or service not known|Temporary failure in name resolution"
    r"|urlopen error|Connection refused|/tmp/ipykernel_"
)
ANSI_ESCAPE = "\x1b["
MAX_OUTPUT_BYTES = 1_000_000


def _output_texts(output):
    if output.get("output_type") == "stream":
        yield "stream", output.get("text", "")
    elif output.get("output_type") == "error":
        yield "error", "\n".join(output.get("traceback", []))
    for mime, value in output.get("data", {}).items():
        yield mime, value if isinstance(value, str) else "".join(value) if isinstance(value, list) else str(value)


def output_problems(nb):
    """What is wrong with a notebook's stored outputs, one line per problem."""
    problems, fallback_warnings = [], 0
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            for kind, text in _output_texts(output):
                if ANSI_ESCAPE in text:
                    problems.append(f"cell {index}: terminal escape codes in a {kind} output (use verbose=2 or 0)")
                if match := NETWORK_ERROR.search(text):
                    problems.append(f"cell {index}: network error text {match.group()!r} in a {kind} output")
                if len(text.encode("utf-8")) > MAX_OUTPUT_BYTES:
                    problems.append(f"cell {index}: a {kind} output of {len(text.encode('utf-8')):,} bytes (over 1 MB)")
                fallback_warnings += text.count("MNISTFallbackWarning")
    if fallback_warnings > 1:
        problems.append(f"the MNIST fallback warning appears {fallback_warnings} times (at most once per notebook)")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_outputs_are_quiet_and_small(path):
    problems = output_problems(read(path))
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_the_output_check_catches_noise():
    clean = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                outputs=[
                    nbformat.v4.new_output("stream", text="Epoch 1/2\n8/8 - 1s - 120ms/step - d_loss: 1.2\n"),
                    nbformat.v4.new_output("execute_result", data={"text/plain": "x" * 1000}),
                ]
            )
        ]
    )
    assert output_problems(clean) == []
    noisy = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                outputs=[
                    nbformat.v4.new_output("stream", text="\x1b[1m8/8\x1b[0m \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m\n"),
                    nbformat.v4.new_output(
                        "stream", name="stderr", text="Downloading data from https://storage.googleapis.com/x"
                    ),
                    nbformat.v4.new_output(
                        "stream", name="stderr", text="/tmp/ipykernel_1/2.py:1: MNISTFallbackWarning: a\n"
                    ),
                    nbformat.v4.new_output("stream", name="stderr", text="ganlib/data.py:0: MNISTFallbackWarning: b\n"),
                    nbformat.v4.new_output(
                        "display_data", data={"text/html": "<img src='data:image/gif;base64," + "A" * 1_100_000}
                    ),
                ]
            )
        ]
    )
    problems = "\n".join(output_problems(noisy))
    for expected in (
        "terminal escape codes",
        "'Downloading data from'",
        "'/tmp/ipykernel_'",
        "over 1 MB",
        "appears 2 times",
    ):
        assert expected in problems


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


def test_every_exercise_the_instructor_guide_names_exists():
    """The guide's tables name exercises by label (`modes-kl`): each one is an exercise of the book."""
    guide = (ROOT / "book" / "instructor_guide.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^\| `([a-z0-9]+(?:-[a-z0-9]+)+)`", guide, re.M))
    labels = {label for path in notebooks() for label in exercise_labels(nbformat.read(path, as_version=4))}
    assert named and named <= labels, f"not exercises of the book: {sorted(named - labels)}"
