"""The chapters of the book and the self-check questions each of their ``{quiz}`` directives shows.

Shared by tests/test_quizzes.py (the files and the references) and tests/test_built_book.py (the questions
answered in each chapter's page).
"""

import nbformat
import yaml

from tools.colab import quiz_folder
from tools.notebooks import ROOT
from tools.sphinx_quiz import load, page_quizzes, shown

NOT_CHAPTERS = {"book/intro", "book/errata", "book/instructor_guide"}  # pages of the book without questions
END_HEADING = "## Check your understanding"  # the section after each chapter's summary


def chapters() -> list[str]:
    """The chapters of _toc.yml (document names such as ``book/part2/saturation``), in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [f for f in files if f not in NOT_CHAPTERS]


def page_text(doc: str) -> str:
    """A page's MyST text as the book builds it: a notebook's markdown cells, or a Markdown page."""
    if (ROOT / f"{doc}.ipynb").exists():
        nb = nbformat.read(ROOT / f"{doc}.ipynb", as_version=4)
        return "\n\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    return (ROOT / f"{doc}.md").read_text(encoding="utf-8")


def quiz_name(doc: str) -> str:
    """The quiz file of a chapter: ``book/part2/saturation`` -> ``part2/saturation``."""
    return doc.removeprefix("book/")


def load_quiz(name: str) -> list[dict]:
    return load(quiz_folder() / f"{name}.json")


def page_questions(doc: str) -> list[list[dict]]:
    """The questions each ``{quiz}`` of a page shows, in page order (KeyError for an id its file lacks)."""
    return shown(page_quizzes(page_text(doc)), load_quiz)


CHAPTERS = chapters()
