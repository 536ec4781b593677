"""Write the Colab edition: every notebook in plain Jupyter Markdown, in two flavours, in each language.

    python -m tools.colab [--out colab] [--languages en zh_CN]

Colab and classic Jupyter know no MyST, so the book's notebooks show their markup raw there.
This writes each notebook again with that markup resolved to what the online book shows:

- citations ``{cite}`key``` as "(Goodfellow et al., 2014)", and the chapter's ``{bibliography}``
  as a list of the works it cites;
- labelled equations (``$$ ... $$ (label)``, ``{math}``) numbered with ``\\tag{n}``, per page and in
  order as the book numbers them, and ``{eq}`label``` as "(n)" (a link to the book's page when the
  equation is on another page);
- ``{numref}``, ``{ref}``, ``{doc}``, ``{prf:ref}``: the number or title, linked into the online book;
- exercises, lemmas, theorems, proofs and admonitions as headed text; ``(label)=`` targets dropped;
- each figure (a code cell with a ``mystnb.figure`` caption) followed by its number and caption;
- self-check questions (``{quiz}``, see ``tools/sphinx_quiz.py``) as numbered text with their choices as a
  list, the answer and the feedback on every choice in a collapsed ``<details>`` block.

Flavours: ``colab/book/`` is the reader's (the book's code cells, stored outputs kept, each worked
solution's prose in a ``<details>`` block and its code cells collapsed), ``colab/student/`` the
student's (``tools.student``: solutions removed). The tree is published on the repository's
``colab`` branch, which the book's launch buttons open (``repository.branch`` in ``_config.yml``).

Editions: the English notebooks go to ``colab/book`` and ``colab/student``; a translation's (the
source tree that ``tools.translate.sources`` writes, e.g. the Chinese) to its own folder, the one it
has on the online site: ``colab/zh/book`` and ``colab/zh/student``, which the Chinese edition's launch
buttons open (its ``repository.path_to_book``). The words this conversion writes around the book's
text ("Exercise 1", "Fig. 2", the notices, the self-check questions' "Answer") come from :data:`WORDS`,
one table per language.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import nbformat

from tools.notebooks import ROOT, STAMP_KEY, config, notebooks
from tools.sphinx_quiz import QUIZ_WORDS, load, page_quizzes, quiz_dir, quiz_markdown, shown
from tools.student import NOTICE, student_notebook

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
# The words the conversion writes around the book's text, per language ("en", and each translation of
# tools/translate.py: LANGUAGES), as str.format templates; every language has the keys of the English.
# The Chinese terms are the ones the Chinese HTML edition shows (Sphinx's, sphinx-proof's, sphinx-exercise's).
# Emphasis is placed so that CommonMark closes it next to full-width punctuation ("**练习 1**（…）").
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "exercise": "Exercise {number}",
        "figure": "Fig. {number}",
        "figure_caption": "**{figure}.** {caption}",
        "solution": "Solution to Exercise {number}",
        "titled": " ({title})",
        "exercise_heading": "**{exercise}**{title}",
        "statement": "**{name}{title}.** {content}",
        "proof": "*Proof.* {content} $\\square$",
        "admonition": "**{heading}.** {content}",
        **PROOF_KINDS,
        **{name: name.capitalize() for name in sorted(ADMONITIONS - {"admonition"})},
        "flavour_book": "reader's",
        "flavour_student": "student's",
        "notice": "*The {edition} Colab edition of the chapter [{chapter}]({chapter_url}) of the online book "
        "[{book}]({book_url}). Run the cells from the top: the first installs `ganlib`.*",
        "student_notice": NOTICE,
        **QUIZ_WORDS,
    },
    "zh_CN": {
        "exercise": "练习 {number}",
        "figure": "图 {number}",
        "figure_caption": "**{figure}** {caption}",
        "solution": "练习 {number} 的解答",
        "titled": "（{title}）",
        "exercise_heading": "**{exercise}**{title}",
        "statement": "**{name}{title}**：{content}",
        "proof": "*证明*：{content} $\\square$",
        "admonition": "**{heading}**：{content}",
        "prf:lemma": "引理",
        "prf:theorem": "定理",
        "prf:proposition": "命题",
        "prf:definition": "定义",
        "prf:corollary": "推论",
        "prf:algorithm": "算法",
        "prf:example": "例子",
        "prf:remark": "注记",
        "prf:conjecture": "猜想",
        "prf:axiom": "公理",
        "prf:property": "性质",
        "prf:observation": "观察",
        "attention": "注意",
        "caution": "小心",
        "danger": "危险",
        "error": "错误",
        "hint": "提示",
        "important": "重要",
        "note": "备注",
        "seealso": "参见",
        "tip": "小技巧",
        "warning": "警告",
        "flavour_book": "读者版",
        "flavour_student": "学生版",
        "notice": "*这是在线教材《[{book}]({book_url})》中“[{chapter}]({chapter_url})”一章的 Colab {edition}。"
        "请从上往下依次运行各单元：第一个单元会安装 `ganlib`。*",
        "student_notice": "> **学生版**：这份副本去掉了练习的参考解答。把每道练习下的 `...` 换成你的答案，"
        "然后运行它下面的检查。",
        "question": "**问题 {number}**：{text}",
        "number_prompt": "*请填写一个数{digits}。*",
        "digits": "（保留 {precision} 位有效数字）",
        "answer_summary": "答案",
        "numeric_answer": "**答案：{answer}**。{feedback}",
        "range": "介于 {low} 与 {high} 之间",
        "other_answers": "其他答案：",
        "other_answer": "- {answer}：{feedback}",
        "other_number": "其他任何数",
        "many_prompt": "*选出所有正确的答案。*",
        "one_prompt": "*选出一个答案。*",
        "choice_answer": "**答案：{labels}**",
        "choice_answers": "**答案：{labels}**",
        "label_separator": "、",
        "why_not": "其他选项为什么不对：",
    },
}


def words(language: str = "en") -> dict[str, str]:
    """The words the Colab edition writes around the book's text in ``language`` (a key of :data:`WORDS`)."""
    if language not in WORDS:
        raise ValueError(f"language: expected one of {sorted(WORDS)}, got {language!r}")
    return WORDS[language]


MYST_LEFT = re.compile(
    r"\{(?:cite(?::\w+)?|eq|ref|numref|doc|prf:ref|term|download)\}`"  # roles
    r"|^(?:`{3,}|:{3,})[ \t]*\{"  # directive fences
    r"|^\([\w:.-]+\)=[ \t]*$"  # targets
    r"|\$\$[ \t]*\([\w:.-]+\)",  # labelled equations
    re.M,
)


@dataclass(frozen=True)
class Edition:
    """A language edition of the book, as the Colab edition converts it.

    ``root``: its source tree (``_config.yml``, ``book/``): the repository for English, the tree that
    ``tools.translate.sources`` writes for a translation. ``folder``: where the edition is, both on the
    online site (its pages) and on the ``colab`` branch (its notebooks): ``""`` for English, ``"zh/"``.
    """

    language: str = "en"
    root: Path = ROOT
    folder: str = ""

    @property
    def book(self) -> Path:
        return self.root / "book"

    @property
    def words(self) -> dict[str, str]:
        return words(self.language)

    def notebooks(self) -> list[Path]:
        return notebooks(self.book)

    def doc(self, path: Path) -> str:
        """A notebook's document name: ``book/part2/saturation``."""
        return Path(path).resolve().relative_to(self.root.resolve()).with_suffix("").as_posix()


ENGLISH = Edition()


def translated_edition(language: str, work: Path, pots: Path | None = None) -> Edition:
    """A translation's edition: its source tree written into ``work`` (the English book's messages, ``pots``
    or else extracted afresh, then translated: ``tools.translate``; about a minute)."""
    from tools import translate

    pots = pots or translate.extract(Path(work) / "gettext")
    root = translate.sources(language, pots, Path(work) / "src").resolve()
    return Edition(language, root, translate.LANGUAGES[language]["root"])


def site_url() -> str:
    """The online book's address: ``html.baseurl`` in ``_config.yml``, else the GitHub Pages site of the repository."""
    conf = config()
    base = (conf.get("html") or {}).get("baseurl")
    if base:
        return base.rstrip("/") + "/"
    owner, repo = urlsplit(conf["repository"]["url"]).path.strip("/").split("/")[:2]
    return f"https://{owner}.github.io/{repo}/"


def page_url(doc: str, anchor: str = "", edition: Edition = ENGLISH) -> str:
    """The online address of a page of an edition of the book (``doc`` like ``book/part2/saturation``)."""
    return site_url() + edition.folder + doc + ".html" + (f"#{anchor}" if anchor else "")


def colab_url(path: Path, flavour: str = "book", edition: Edition = ENGLISH) -> str:
    """Where Colab opens a notebook's flavour: the edition's folder on the ``colab`` branch of the repository."""
    repo = urlsplit(config()["repository"]["url"]).path.strip("/")
    relative = Path(path).resolve().relative_to(edition.book.resolve()).as_posix()
    branch = config()["repository"]["branch"]
    return f"https://colab.research.google.com/github/{repo}/blob/{branch}/{edition.folder}{flavour}/{relative}"


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


def quiz_folder(edition: Edition = ENGLISH) -> Path:
    """Where an edition's quiz files are: ``sphinx.config.quiz_dir`` in its ``_config.yml`` (as the book reads it)."""
    return quiz_dir(edition.root, ((config(edition.root).get("sphinx") or {}).get("config") or {}).get("quiz_dir"))


def _markdown_sources(nb: nbformat.NotebookNode) -> str:
    return "\n\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def scan(doc: str, nb: nbformat.NotebookNode, language: str = "en") -> Page:
    """The labels a page defines, numbered as the book numbers them (per page, in order), named in ``language``."""
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
                    page.proofs[label] = f"{words(language)[kind]} {proof_counts[kind]}"
    return page


def _option(body: str, name: str) -> str | None:
    match = re.search(rf"^:{name}:[ \t]*(.*)$", body, re.M)
    return match.group(1).strip() if match else None


def _strip_options(body: str) -> str:
    return re.sub(r"\A(?::[\w-]+:[^\n]*\n)*", "", body).strip("\n")


def book_pages(edition: Edition = ENGLISH) -> dict[str, Page]:
    """Every notebook page of an edition of the book, scanned, by its document name."""
    pages = {}
    for path in edition.notebooks():
        doc = edition.doc(path)
        pages[doc] = scan(doc, nbformat.read(path, as_version=4), edition.language)
    return pages


# --- Citations ---


class Bibliography:
    """``book/references.bib``, formatted as the book formats it (author-year)."""

    def __init__(self, path: Path = ROOT / "book" / "references.bib"):
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
    """Converts the notebooks of one edition of the book (the English by default)."""

    def __init__(
        self,
        pages: dict[str, Page] | None = None,
        bibliography: Bibliography | None = None,
        edition: Edition = ENGLISH,
    ):
        self.edition = edition
        self.words = edition.words
        self.pages = book_pages(edition) if pages is None else pages
        self.bib = Bibliography(edition.book / "references.bib") if bibliography is None else bibliography

    def _url(self, doc: str, anchor: str = "") -> str:
        return page_url(doc, anchor, self.edition)

    def start_quizzes(self, nb: nbformat.NotebookNode) -> None:
        """Read the questions of every ``{quiz}`` of a notebook, in order, for :meth:`markdown` to show.

        Call it before converting the notebook's markdown cells one by one (``convert`` does).
        """
        quizzes = page_quizzes(_markdown_sources(nb))
        questions = shown(quizzes, lambda name: load(quiz_folder(self.edition) / f"{name}.json"))
        self._quizzes = iter(questions)
        self._question = 1

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
                return page, self.words["exercise"].format(number=page.exercises[label])
            if label in page.proofs:
                return page, page.proofs[label]
            if label in page.figures:
                return page, self.words["figure"].format(number=page.figures[label])
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
                return f"({number})" if where is page else f"[({number})]({self._url(where.doc, f'equation-{target}')})"
            if name == "numref":
                where, number = self._find("figures", target)
                label = (
                    explicit.group("text").replace("%s", str(number)).replace("{number}", str(number))
                    if explicit
                    else self.words["figure"].format(number=number)
                )
                return label if where is page else f"[{label}]({self._url(where.doc, target)})"
            if name == "prf:ref":
                where, number = self._find("proofs", target)
                label = explicit.group("text") if explicit else number
                return label if where is page else f"[{label}]({self._url(where.doc, target)})"
            if name == "ref":
                where, title = self._find_any(target)
                label = explicit.group("text") if explicit else title
                return label if where is page else f"[{label}]({self._url(where.doc, target)})"
            # doc: relative to the current page's folder
            doc = (Path(page.doc).parent / target).as_posix() if not target.startswith("/") else target.lstrip("/")
            doc = re.sub(r"(^|/)[^/]+/\.\./", r"\1", doc)
            title = explicit.group("text") if explicit else (self.pages[doc].title if doc in self.pages else target)
            return f"[{title}]({self._url(doc)})"

        return ROLE.sub(role, text)

    def _directives(self, text: str, page: Page) -> str:
        def directive(match: re.Match) -> str:
            name, arg, body = match.group("name"), match.group("arg").strip(), match.group("body")
            label, content = _option(body, "label"), _strip_options(body)
            content = self._directives(content, page)
            if name == "math":
                number = page.equations.get(label) if label else None
                return f"$$\n{content}\n" + (f"\\tag{{{number}}}\n" if number else "") + "$$"
            title = self.words["titled"].format(title=arg) if arg else ""
            if name == "exercise":
                exercise = self.words["exercise"].format(number=page.exercises.get(label, "")).strip()
                return self.words["exercise_heading"].format(exercise=exercise, title=title) + f"\n\n{content}"
            if name in PROOF_KINDS:
                number = page.proofs.get(label, self.words[name]) if label else self.words[name]
                return self.words["statement"].format(name=number, title=title, content=content)
            if name == "prf:proof":
                return self.words["proof"].format(content=content)
            if name == "solution-start":
                return f"\0SOLSTART {page.exercises.get(arg, '')}\0"
            if name == "solution-end":
                return "\0SOLEND\0"
            if name in ADMONITIONS:
                heading = arg if name == "admonition" else self.words[name]
                text = self.words["admonition"].format(heading=heading, content=content)
                return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())
            if name == "bibliography":
                return BIBLIOGRAPHY
            if name == "quiz":
                questions = next(self._quizzes)
                self._question += len(questions)
                return quiz_markdown(questions, self._question - len(questions), self.words)
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
        """The scanned page of a notebook of the edition."""
        return self.pages[self.edition.doc(path)]

    def convert(self, path: Path, flavour: str = "book") -> nbformat.NotebookNode:
        """The Colab flavour (``"book"``: the reader's, ``"student"``) of a notebook of the edition."""
        doc = self.edition.doc(path)
        page = self.pages[doc]
        nb = nbformat.read(path, as_version=4)
        if flavour == "student":
            nb = student_notebook(nb, self.words["student_notice"])
        else:
            nb = nbformat.from_dict(nb)
            nb.metadata.pop(STAMP_KEY, None)
        self.start_quizzes(nb)
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
                        heading = self.words["solution"].format(number=solution)
                        kept.append(f"<details><summary><b>{heading}</b></summary>\n\n{part.strip()}\n\n</details>\n")
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
                number = self.words["figure"].format(number=figure)
                caption = self.words["figure_caption"].format(figure=number, caption=figure_caption(cell))
                cells.append(nbformat.v4.new_markdown_cell(caption))
        title = next(i for i, cell in enumerate(cells) if cell.cell_type == "markdown")
        notice = self.words["notice"].format(
            edition=self.words[f"flavour_{flavour}"],
            chapter=page.title,
            chapter_url=self._url(doc),
            book=config(self.edition.root)["title"],
            book_url=site_url() + self.edition.folder,
        )
        cells.insert(title + 1, nbformat.v4.new_markdown_cell(notice))
        nb.cells = cells
        nb.metadata["colab"] = {"provenance": [], "toc_visible": True}
        return nb


def leftover_myst(text: str) -> list[str]:
    """The MyST markup left in ``text`` (an empty list for plain Jupyter Markdown)."""
    return [match.group(0) for match in MYST_LEFT.finditer(text)]


LANGUAGES = tuple(WORDS)  # the editions written by default: English and every translation


def write_edition(out: Path, edition: Edition = ENGLISH) -> list[Path]:
    """Write both flavours of every notebook of an edition under ``out/<its folder>``; return the paths."""
    converter = Converter(edition=edition)
    written = []
    for path in edition.notebooks():
        for flavour in FLAVOURS:
            target = out / edition.folder / flavour / path.relative_to(edition.book)
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(converter.convert(path, flavour), target)
            written.append(target)
    return written


def write_colab_edition(out: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Write both flavours of every notebook, in each language, under ``out``; return the paths.

    English goes to ``out/book`` and ``out/student``; a translation to its site folder, ``out/zh/book`` and
    ``out/zh/student`` (its source tree is built in a temporary folder first: ``translated_edition``).
    """
    written, readme = [], []
    for language in languages:
        if language == ENGLISH.language:
            written += write_edition(out, ENGLISH)
            readme += [
                "- `book/`: the reader's notebooks (worked solutions collapsed), opened by the book's launch buttons",
                "- `student/`: the student's notebooks (worked solutions removed)",
            ]
            continue
        with tempfile.TemporaryDirectory() as work:
            edition = translated_edition(language, Path(work))
            written += write_edition(out, edition)
            readme += [
                f"- `{edition.folder}book/`, `{edition.folder}student/`: the reader's and the student's notebooks "
                f"in {language}, from the edition at {site_url()}{edition.folder}, whose launch buttons open them"
            ]
    (out / "README.md").write_text(
        f"# {config()['title']}: the Colab edition\n\n"
        "Generated by `make colab` from the book's notebooks; do not edit by hand.\n\n"
        + "\n".join(readme)
        + f"\n\nThe online book: {site_url()}\n",
        encoding="utf-8",
    )
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "colab", help="where to write (default: colab/)")
    parser.add_argument(
        "--languages",
        nargs="+",
        choices=LANGUAGES,
        default=list(LANGUAGES),
        help=f"the editions to write (default: {' '.join(LANGUAGES)})",
    )
    args = parser.parse_args(argv)
    for path in write_colab_edition(args.out, tuple(args.languages)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
