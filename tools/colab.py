"""Write the Colab edition: every notebook in plain Jupyter Markdown, in two flavours.

    python -m tools.colab [--out colab]

Colab and classic Jupyter know no MyST, so the book's notebooks show their markup raw there.
This writes each notebook again with that markup resolved to what the online book shows:

- citations ``{cite}`key``` as "(Goodfellow et al., 2014)", and the chapter's ``{bibliography}``
  as a list of the works it cites;
- labelled equations (``$$ ... $$ (label)``, ``{math}``) numbered with ``\\tag{n}``, per page and in
  order as the book numbers them, and ``{eq}`label``` as "(n)" (a link to the book's page when the
  equation is on another page);
- ``{numref}``, ``{ref}``, ``{doc}``, ``{prf:ref}``: the number or title, linked into the online book;
- exercises, lemmas, theorems, proofs and admonitions as headed text; ``(label)=`` targets dropped;
- each figure (a code cell with a ``mystnb.figure`` caption) followed by its number and caption.

Flavours: ``colab/book/`` is the reader's (the book's code cells, stored outputs kept, each worked
solution's prose in a ``<details>`` block and its code cells collapsed), ``colab/student/`` the
student's (``tools.student``: solutions removed). The tree is published on the repository's
``colab`` branch, which the book's launch buttons open (``repository.branch`` in ``_config.yml``).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import nbformat

from tools.notebooks import BOOK, ROOT, STAMP_KEY, config, notebooks
from tools.student import student_notebook

FLAVOURS = ("book", "student")  # folder names on the colab branch: the reader's and the student's
ROLE = re.compile(r"\{(cite(?::[pt])?|eq|numref|ref|doc|prf:ref)\}`([^`]*)`")
LABELLED_DOLLARS = re.compile(r"\$\$(?P<body>.*?)\$\$[ \t]*\((?P<label>[^)\s]+)\)", re.S)
FENCE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})[ \t]*\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.S | re.M,
)
TARGET = re.compile(r"^\((?P<label>[\w:.-]+)\)=[ \t]*\n", re.M)
PROOF_KINDS = {
    "prf:lemma": "Lemma",
    "prf:theorem": "Theorem",
    "prf:proposition": "Proposition",
    "prf:definition": "Definition",
    "prf:corollary": "Corollary",
    "prf:algorithm": "Algorithm",
    "prf:example": "Example",
    "prf:remark": "Remark",
    "prf:conjecture": "Conjecture",
    "prf:axiom": "Axiom",
    "prf:property": "Property",
    "prf:observation": "Observation",
}
ADMONITIONS = {
    "note",
    "tip",
    "hint",
    "important",
    "warning",
    "caution",
    "attention",
    "danger",
    "error",
    "seealso",
    "admonition",
}
MYST_LEFT = re.compile(
    r"\{(?:cite(?::\w+)?|eq|ref|numref|doc|prf:ref|term|download)\}`"  # roles
    r"|^(?:`{3,}|:{3,})[ \t]*\{"  # directive fences
    r"|^\([\w:.-]+\)=[ \t]*$"  # targets
    r"|\$\$[ \t]*\([\w:.-]+\)",  # labelled equations
    re.M,
)


def site_url() -> str:
    """The online book's address: ``html.baseurl`` in ``_config.yml``, else the GitHub Pages site of the repository."""
    conf = config()
    base = (conf.get("html") or {}).get("baseurl")
    if base:
        return base.rstrip("/") + "/"
    owner, repo = urlsplit(conf["repository"]["url"]).path.strip("/").split("/")[:2]
    return f"https://{owner}.github.io/{repo}/"


def page_url(doc: str, anchor: str = "") -> str:
    """The online address of a page of the book (``doc`` like ``book/part2/saturation``)."""
    return site_url() + doc + ".html" + (f"#{anchor}" if anchor else "")


def colab_url(path: Path, flavour: str = "book") -> str:
    """Where Colab opens a notebook's flavour: the ``colab`` branch of the repository."""
    repo = urlsplit(config()["repository"]["url"]).path.strip("/")
    relative = Path(path).resolve().relative_to(BOOK)
    return (
        f"https://colab.research.google.com/github/{repo}/blob/{config()['repository']['branch']}/{flavour}/{relative}"
    )


# --- What every page labels: equations, figures, proofs, sections ---


@dataclass
class Page:
    doc: str  # "book/part2/saturation"
    title: str = ""
    equations: dict[str, int] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)
    proofs: dict[str, str] = field(default_factory=dict)  # label -> "Lemma 1"
    exercises: dict[str, int] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)  # label -> section title


def _markdown_sources(nb: nbformat.NotebookNode) -> str:
    return "\n\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def scan(doc: str, nb: nbformat.NotebookNode) -> Page:
    """The labels a page defines, numbered as the book numbers them (per page, in order)."""
    page = Page(doc)
    proof_counts: dict[str, int] = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            figure = (cell.metadata.get("mystnb") or {}).get("figure") or {}
            if figure.get("caption"):
                page.figures[figure.get("name") or f"_figure{len(page.figures)}"] = len(page.figures) + 1
            continue
        text = cell.source
        if not page.title and text.startswith("# "):
            page.title = text.splitlines()[0][2:].strip()
        events = [(m.start(), "eq", m.group("label")) for m in LABELLED_DOLLARS.finditer(text)]
        for m in FENCE.finditer(text):
            label = _option(m.group("body"), "label")
            events.append((m.start(), m.group("name"), label))
        for m in TARGET.finditer(text):
            heading = text[m.end() :].lstrip("\n").splitlines()[0] if text[m.end() :].strip() else ""
            page.sections[m.group("label")] = heading.lstrip("#").strip()
        for _, kind, label in sorted(events, key=lambda event: event[0]):
            if kind in ("eq", "math") and label:
                page.equations[label] = len(page.equations) + 1
            elif kind == "exercise":
                page.exercises[label or f"_exercise{len(page.exercises)}"] = len(page.exercises) + 1
            elif kind in PROOF_KINDS:
                proof_counts[kind] = proof_counts.get(kind, 0) + 1
                if label:
                    page.proofs[label] = f"{PROOF_KINDS[kind]} {proof_counts[kind]}"
    return page


def _option(body: str, name: str) -> str | None:
    match = re.search(rf"^:{name}:[ \t]*(.*)$", body, re.M)
    return match.group(1).strip() if match else None


def _strip_options(body: str) -> str:
    return re.sub(r"\A(?::[\w-]+:[^\n]*\n)*", "", body).strip("\n")


def book_pages() -> dict[str, Page]:
    """Every notebook page of the book, scanned, by its document name."""
    pages = {}
    for path in notebooks():
        doc = path.relative_to(ROOT).with_suffix("").as_posix()
        pages[doc] = scan(doc, nbformat.read(path, as_version=4))
    return pages


# --- Citations ---


class Bibliography:
    """``book/references.bib``, formatted as the book formats it (author-year)."""

    def __init__(self, path: Path = BOOK / "references.bib"):
        from pybtex.database import parse_file
        from pybtex.plugin import find_plugin

        self.data = parse_file(str(path))
        style = find_plugin("pybtex.style.formatting", "plain")()
        self.formatted = {
            entry.key: entry.text.render_as("markdown") for entry in style.format_entries(self.data.entries.values())
        }

    def label(self, key: str) -> str:
        """``Goodfellow et al., 2014``."""
        entry = self.data.entries[key]
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(person.last_names).replace("{", "").replace("}", "") for person in people]
        if len(names) >= 3:
            who = f"{names[0]} et al."
        elif len(names) == 2:
            who = f"{names[0]} and {names[1]}"
        else:
            who = names[0] if names else entry.fields.get("title", key)
        return f"{who}, {entry.fields.get('year', 'n.d.')}"

    def entry(self, key: str) -> str:
        return f"- **{self.label(key)}.** " + " ".join(self.formatted[key].split())


# --- Converting a notebook ---

BIBLIOGRAPHY = "\0BIBLIOGRAPHY\0"  # where a chapter's {bibliography} goes, until its citations are all known


def figure_caption(cell: nbformat.NotebookNode) -> str:
    """The caption of a figure's code cell (its ``mystnb.figure`` metadata), else ``""``."""
    if cell.cell_type != "code":
        return ""
    return (((cell.metadata.get("mystnb") or {}).get("figure") or {}).get("caption") or "").strip()


class Converter:
    def __init__(self, pages: dict[str, Page] | None = None, bibliography: Bibliography | None = None):
        self.pages = book_pages() if pages is None else pages
        self.bib = Bibliography() if bibliography is None else bibliography

    def _find(self, attribute: str, label: str) -> tuple[Page, object]:
        for page in self.pages.values():
            if label in getattr(page, attribute):
                return page, getattr(page, attribute)[label]
        raise KeyError(f"{attribute[:-1]} label {label!r} is defined on no page of the book")

    def _find_any(self, label: str) -> tuple[Page, str]:
        """A section, exercise, proof or figure label: its page and the text a reference to it shows."""
        for page in self.pages.values():
            if label in page.sections:
                return page, page.sections[label]
            if label in page.exercises:
                return page, f"Exercise {page.exercises[label]}"
            if label in page.proofs:
                return page, page.proofs[label]
            if label in page.figures:
                return page, f"Fig. {page.figures[label]}"
        raise KeyError(f"label {label!r} is defined on no page of the book")

    def _roles(self, text: str, page: Page, cited: list[str]) -> str:
        def role(match: re.Match) -> str:
            name, content = match.group(1), match.group(2)
            explicit = re.fullmatch(r"(?P<text>.*?)\s*<(?P<target>[^>]+)>", content, re.S)
            target = explicit.group("target") if explicit else content
            if name.startswith("cite"):
                keys = [key.strip() for key in content.split(",")]
                cited.extend(key for key in keys if key not in cited)
                if name == "cite:t":
                    return "; ".join(self.bib.label(key).replace(", ", " (") + ")" for key in keys)
                return "(" + "; ".join(self.bib.label(key) for key in keys) + ")"
            if name == "eq":
                where, number = self._find("equations", target)
                return f"({number})" if where is page else f"[({number})]({page_url(where.doc, f'equation-{target}')})"
            if name == "numref":
                where, number = self._find("figures", target)
                label = (
                    explicit.group("text").replace("%s", str(number)).replace("{number}", str(number))
                    if explicit
                    else f"Fig. {number}"
                )
                return label if where is page else f"[{label}]({page_url(where.doc, target)})"
            if name == "prf:ref":
                where, number = self._find("proofs", target)
                label = explicit.group("text") if explicit else number
                return label if where is page else f"[{label}]({page_url(where.doc, target)})"
            if name == "ref":
                where, title = self._find_any(target)
                label = explicit.group("text") if explicit else title
                return label if where is page else f"[{label}]({page_url(where.doc, target)})"
            # doc: relative to the current page's folder
            doc = (Path(page.doc).parent / target).as_posix() if not target.startswith("/") else target.lstrip("/")
            doc = re.sub(r"(^|/)[^/]+/\.\./", r"\1", doc)
            title = explicit.group("text") if explicit else (self.pages[doc].title if doc in self.pages else target)
            return f"[{title}]({page_url(doc)})"

        return ROLE.sub(role, text)

    def _directives(self, text: str, page: Page) -> str:
        def directive(match: re.Match) -> str:
            name, arg, body = match.group("name"), match.group("arg").strip(), match.group("body")
            label, content = _option(body, "label"), _strip_options(body)
            content = self._directives(content, page)
            if name == "math":
                number = page.equations.get(label) if label else None
                return f"$$\n{content}\n" + (f"\\tag{{{number}}}\n" if number else "") + "$$"
            if name == "exercise":
                number = page.exercises.get(label, "")
                title = f" ({arg})" if arg else ""
                return f"**Exercise {number}**{title}\n\n{content}"
            if name in PROOF_KINDS:
                number = page.proofs.get(label, PROOF_KINDS[name]) if label else PROOF_KINDS[name]
                title = f" ({arg})" if arg else ""
                return f"**{number}{title}.** {content}"
            if name == "prf:proof":
                return f"*Proof.* {content} $\\square$"
            if name == "solution-start":
                return f"\0SOLSTART {page.exercises.get(arg, '')}\0"
            if name == "solution-end":
                return "\0SOLEND\0"
            if name in ADMONITIONS:
                heading = arg if name == "admonition" else name.capitalize()
                return "\n".join(f"> {line}" if line else ">" for line in f"**{heading}.** {content}".splitlines())
            if name == "bibliography":
                return BIBLIOGRAPHY
            raise ValueError(f"{page.doc}: no Colab rendering for the directive {{{name}}}")

        return FENCE.sub(directive, text)

    def _equations(self, text: str, page: Page) -> str:
        def labelled(match: re.Match) -> str:
            body = match.group("body").strip("\n")
            return f"$$\n{body}\n\\tag{{{page.equations[match.group('label')]}}}\n$$"

        return LABELLED_DOLLARS.sub(labelled, text)

    def markdown(self, text: str, page: Page, cited: list[str]) -> str:
        """A markdown cell's MyST source on ``page`` as plain Jupyter Markdown, the keys it cites added to ``cited``.

        A ``{bibliography}`` becomes :data:`BIBLIOGRAPHY` (see :meth:`references`) and each worked solution's fences
        become markers that :meth:`convert` resolves; pass text without solution fences to get Markdown only.
        """
        return self._roles(self._directives(self._equations(TARGET.sub("", text), page), page), page, cited)

    def references(self, cited: list[str]) -> str:
        """The list of the works in ``cited``, as a chapter's references section shows them."""
        return "\n".join(self.bib.entry(key) for key in sorted(cited, key=lambda key: self.bib.label(key).lower()))

    def page(self, path: Path) -> Page:
        """The scanned page of a notebook of the book."""
        return self.pages[Path(path).resolve().relative_to(ROOT).with_suffix("").as_posix()]

    def convert(self, path: Path, flavour: str = "book") -> nbformat.NotebookNode:
        """The Colab flavour (``"book"``: the reader's, ``"student"``) of a notebook of the book."""
        doc = Path(path).resolve().relative_to(ROOT).with_suffix("").as_posix()
        page = self.pages[doc]
        nb = nbformat.read(path, as_version=4)
        if flavour == "student":
            nb = student_notebook(nb)
        else:
            nb = nbformat.from_dict(nb)
            nb.metadata.pop(STAMP_KEY, None)
        cited: list[str] = []
        cells, figure, solution = [], 0, None  # solution: the number of the exercise whose solution we are in
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                text = self.markdown(cell.source, page, cited)
                kept = []
                for part in re.split(r"(\0SOL(?:START [^\0]*|END)\0)", text):
                    if part.startswith("\0SOLSTART"):
                        solution = part[len("\0SOLSTART ") : -1]
                    elif part == "\0SOLEND\0":
                        solution = None
                    elif solution is not None and part.strip():  # a worked solution's prose, collapsed
                        kept.append(
                            f"<details><summary><b>Solution to Exercise {solution}</b></summary>\n\n"
                            f"{part.strip()}\n\n</details>\n"
                        )
                    else:
                        kept.append(part)
                text = "".join(kept)
                if BIBLIOGRAPHY in text:
                    text = text.replace(BIBLIOGRAPHY, self.references(cited))
                cell.source = text.strip("\n")
                if cell.source:
                    cells.append(cell)
                continue
            cells.append(cell)
            if solution is not None and cell.cell_type == "code":  # collapsed where the front end can (JupyterLab)
                cell.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
            if figure_caption(cell):
                figure += 1
                cells.append(nbformat.v4.new_markdown_cell(f"**Fig. {figure}.** {figure_caption(cell)}"))
        title = next(i for i, cell in enumerate(cells) if cell.cell_type == "markdown")
        edition = "student's" if flavour == "student" else "reader's"
        cells.insert(
            title + 1,
            nbformat.v4.new_markdown_cell(
                f"*The {edition} Colab edition of the chapter [{page.title}]({page_url(doc)}) of the online book "
                f"[{config()['title']}]({site_url()}). Run the cells from the top: the first installs `ganlib`.*"
            ),
        )
        nb.cells = cells
        nb.metadata["colab"] = {"provenance": [], "toc_visible": True}
        return nb


def leftover_myst(text: str) -> list[str]:
    """The MyST markup left in ``text`` (an empty list for plain Jupyter Markdown)."""
    return [match.group(0) for match in MYST_LEFT.finditer(text)]


def write_colab_edition(out: Path) -> list[Path]:
    """Write both flavours of every notebook under ``out/book`` and ``out/student``; return the paths."""
    converter = Converter()
    written = []
    for path in notebooks():
        for flavour in FLAVOURS:
            target = out / flavour / path.relative_to(BOOK)
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(converter.convert(path, flavour), target)
            written.append(target)
    (out / "README.md").write_text(
        f"# {config()['title']}: the Colab edition\n\n"
        "Generated by `make colab` from the book's notebooks; do not edit by hand.\n\n"
        f"- `book/`: the reader's notebooks (worked solutions collapsed), opened by the book's launch buttons\n"
        f"- `student/`: the student's notebooks (worked solutions removed)\n\n"
        f"The online book: {site_url()}\n",
        encoding="utf-8",
    )
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "colab", help="where to write (default: colab/)")
    args = parser.parse_args(argv)
    for path in write_colab_edition(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
