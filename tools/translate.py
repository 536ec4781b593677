"""The book's translated editions, from gettext message catalogs.

    python -m tools.translate extract            # message templates (.pot) of the English book
    python -m tools.translate update             # bring locale/zh_CN/LC_MESSAGES/*.po up to date (sphinx-intl)
    python -m tools.translate check              # untranslated, fuzzy or changed messages (exit 1 if any)
    python -m tools.translate sources --out DIR  # the Chinese edition's source tree
    python -m tools.translate build --out DIR    # ... built into DIR (the HTML of the Chinese edition)
    python -m tools.translate export --docs book/x > x.yml   # a page's messages to translate, as YAML
    python -m tools.translate import x.yml                   # ... and the translations back into its catalog

The English notebooks and pages are the single source. Sphinx's ``gettext`` builder cuts
their prose into messages (paragraphs, headings, list items, table cells, captions, the
table of contents' captions), one catalog per page; alt texts and the book's title, which
Sphinx does not extract, are added here. Translators fill in ``locale/<lang>/LC_MESSAGES``
(``sphinx-intl update`` keeps those files in step with the English: a message whose English
changed comes back *fuzzy* or untranslated, and ``check`` fails until it is translated again).

Sphinx would apply the catalogs while reading each page, but it re-parses every translated
message with the page's own parser, and the notebook parser expects a whole notebook in JSON
(``NotJSONError``: executablebooks/MyST-NB#587). So the translated edition is built from
translated *copies* of the sources instead: each message is MyST source text, found again at
its place in its cell or page (the catalog records the line) and replaced by its translation.
Code, equations and stored outputs are the English notebooks' own. The same copies give the
Chinese Colab edition (``python -m tools.colab --languages zh_CN``).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from tools.notebooks import ROOT, config, setup_cell_source
from tools.sphinx_quiz import quiz_dir

LOCALE = ROOT / "locale"
# For each translation: its language tag, its folder on the site, the link to it, and the comment of the
# setup cell's call that makes the exercise checks speak it.
LANGUAGES = {
    "zh_CN": {
        "lang": "zh",
        "root": "zh/",
        "label": "中文",
        "checks": "练习检查的结论和提示用中文显示",
        "proof": "证明：",
        "code_prompts": ("显示代码单元", "隐藏代码单元"),  # MyST-NB's toggles of hidden cells
    }
}
# A CJK font served with the Chinese edition (Noto Sans SC, SIL Open Font License, from npm: tools/cjkfont),
# so that its pages set Chinese text on machines without a Chinese font. Browsers fetch only the
# subsets (unicode-range) a page uses.
FONT = ROOT / "tools" / "cjkfont" / "node_modules" / "@fontsource" / "noto-sans-sc"
FONT_WEIGHTS = ("400", "700")
FONT_FAMILY = """
/* Latin text in the theme's fonts, Chinese in Noto Sans SC (served with the book). */
html {
  --pst-font-family-base: -apple-system, BlinkMacSystemFont, "Segoe UI", "Helvetica Neue", Arial, "Noto Sans SC",
    sans-serif;
  --pst-font-family-heading: var(--pst-font-family-base);
}
"""
ENGLISH = {"lang": "en", "label": "English"}
CONFIG_DOC = "_config"  # the catalog of the book's title and footer (from _config.yml)
GANLIB_DOC = "ganlib"  # the catalog of the exercise checks' verdicts and hints (ganlib/language.py)
NOT_PAGES = (CONFIG_DOC, GANLIB_DOC)
GLOSSARY = "book/glossary"  # a page of the translated edition only, from locale/<language>/glossary.md
STATUSES = ("passed", "failed", "not done")  # CheckResult.status: names, not text
PLACEHOLDER = re.compile(r"\{\d+\}")
CHECK_LINE = re.compile(r"^\[(PASSED|FAILED|NOT DONE YET)\] exercise (\S+): (.*)$", re.M)
CELL_LINES = 10000  # MyST-NB reports line (cell + 1) * 10000 + line-in-cell for notebook pages
WORDS = re.compile(r"[A-Za-z]{2,}")
# Text that Sphinx extensions add around a message, not in the source: sphinx-proof puts a proof's
# "Proof. " before its first paragraph and a theorem's title in parentheses.
DECORATIONS = (re.compile(r"^Proof\. (.+)$", re.S), re.compile(r"^\((.+)\)$", re.S))
NOT_PROSE = re.compile(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\$[^$]*\$|https?://\S+")
# What a translation keeps exactly as the English has it: roles and cross-references, inline code,
# inline maths, link targets.
MARKUP = re.compile(r"\{[\w:-]+\}`[^`]*`|(?<!\})`[^`]+`|\$[^$]+\$|\]\([^)]*\)")


def markup(text: str) -> list[str]:
    """The markup of a message that its translation must keep, in sorted order."""
    return sorted(MARKUP.findall(text))


def needs_translation(message: str) -> bool:
    """Whether a message has prose to translate (not only numbers, code, maths, links or cross-references)."""
    return bool(WORDS.search(NOT_PROSE.sub(" ", message)))


def _sphinx_bin(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


# ---------------------------------------------------------------------------------------------
# Templates


def extract(out: Path) -> Path:
    """Write the English book's message templates into ``out`` (one ``.pot`` per page) and return it."""
    with tempfile.TemporaryDirectory() as build:
        result = subprocess.run(
            [_sphinx_bin("jupyter-book"), "build", str(ROOT), "--builder", "custom"]
            + ["--custom-builder", "gettext", "--path-output", build],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if result.returncode:
            raise RuntimeError(f"the gettext build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(Path(build) / "_build" / "gettext", out, ignore=shutil.ignore_patterns("_static"))
    for pot in out.rglob("*.pot"):
        doc = pot.relative_to(out).with_suffix("").as_posix()
        catalog = _read(pot)
        for message in catalog:  # locations relative to the repository, whatever the build folder
            path = source_file(doc).relative_to(ROOT).as_posix()
            message.locations = [(path, line or 0) for _, line in message.locations]
        for text, where in extra_messages(doc):
            _add(catalog, text, where)
        _write(catalog, pot)
    _write(_config_catalog(), out / f"{CONFIG_DOC}.pot")
    _write(ganlib_catalog(), out / f"{GANLIB_DOC}.pot")
    return out


def ganlib_catalog() -> Catalog:
    """The templates of every verdict and hint that the exercise checks write (their f-strings, ``{0}`` for values)."""
    catalog = Catalog()
    for path in sorted((ROOT / "ganlib" / "exercises").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.Raise) for n in ast.walk(node)}
        skip |= {id(d) for node in ast.walk(tree) if (d := _docstring_node(node)) is not None}
        names = [n.slice for n in ast.walk(tree) if isinstance(n, ast.Subscript)]  # annotations, keys: names
        names += [n for n in ast.walk(tree) if isinstance(n, ast.Compare)]
        skip |= {id(n) for node in names for n in ast.walk(node)}
        skip |= {id(k) for node in ast.walk(tree) if isinstance(node, ast.Dict) for k in node.keys}
        for node in ast.walk(tree):
            if id(node) in skip or isinstance(node, ast.Constant) and id(node) in _fstring_parts(tree):
                continue
            text = _template(node)
            if text and text not in STATUSES and " " in PLACEHOLDER.sub("", text).strip():  # prose, not a name
                _add(catalog, text, (path.relative_to(ROOT).as_posix(), node.lineno))
    return catalog


def _docstring_node(node: ast.AST) -> ast.AST | None:
    if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body:
        first = node.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            return first.value
    return None


def _fstring_parts(tree: ast.AST) -> set[int]:
    return {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in ast.walk(node)}


def _template(node: ast.AST) -> str | None:
    """An f-string or string literal as a template: literal text with ``{0}``, ``{1}``, ... for the values."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if not isinstance(node, ast.JoinedStr):
        return None
    parts, index = [], 0
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(value.value.replace("{", "{{").replace("}", "}}"))
        else:
            parts.append(f"{{{index}}}")
            index += 1
    return "".join(parts)


def source_file(doc: str) -> Path:
    """The English source of a page: ``book/x`` -> ``book/x.ipynb`` or ``book/x.md``."""
    notebook = ROOT / f"{doc}.ipynb"
    return notebook if notebook.exists() else ROOT / f"{doc}.md"


QUIZ_TEXT = ("question", "answer", "feedback")  # the fields of a self-check question that readers read


def quiz_file(doc: str, root: Path = ROOT) -> Path:
    """The self-check questions of a page under ``root``: ``book/x`` -> ``<quiz_dir>/x.json``.

    ``quiz_dir`` is the book's Sphinx setting that ``tools/sphinx_quiz.py`` reads (a translated
    edition's configuration is a copy of the English one, so the same setting serves both).
    """
    setting = ((config().get("sphinx") or {}).get("config") or {}).get("quiz_dir")
    return quiz_dir(root, setting) / f"{Path(doc).relative_to('book').as_posix()}.json"


def quiz_messages(doc: str) -> list[tuple[str, tuple[str, int]]]:
    """The texts of a page's self-check questions, each with its file and the question's number."""
    path = quiz_file(doc)
    if not path.exists():
        return []
    where = path.relative_to(ROOT).as_posix()
    found = []
    for number, question in enumerate(json.loads(path.read_text(encoding="utf-8")), 1):
        for field in QUIZ_TEXT:
            if isinstance(question.get(field), str):
                found.append((question[field], (where, number)))
        for answer in question.get("answers", []):
            for field in QUIZ_TEXT:
                if isinstance(answer.get(field), str):
                    found.append((answer[field], (where, number)))
    return found


def translate_quiz(doc: str, table: dict[str, str], out: Path) -> None:
    """Write the page's self-check questions, translated, where the translated edition's build reads them."""
    path = quiz_file(doc)
    if not path.exists():
        return
    questions = json.loads(path.read_text(encoding="utf-8"))
    for item in [q for q in questions] + [a for q in questions for a in q.get("answers", [])]:
        for field in QUIZ_TEXT:
            if isinstance(item.get(field), str):
                item[field] = table.get(item[field], item[field])
    target = quiz_file(doc, out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(questions, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def extra_messages(doc: str) -> list[tuple[str, tuple[str, int]]]:
    """Messages Sphinx does not extract from a page: the alt texts of its figures, its self-check questions."""
    path = source_file(doc)
    found = quiz_messages(doc)
    if path.suffix != ".ipynb":
        return found
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt")
        if alt:
            found.append((alt, (f"{doc}.ipynb", (index + 1) * CELL_LINES + 1)))
    return found


def _config_catalog() -> Catalog:
    catalog = Catalog()
    book = config()
    _add(catalog, book["title"], ("_config.yml", 1))
    _add(catalog, book["html"]["extra_footer"], ("_config.yml", 2))
    return catalog


def _add(catalog: Catalog, text: str, where: tuple[str, int]) -> None:
    if text in catalog:
        catalog[text].locations.append(where)
    else:
        catalog.add(text, locations=[where])


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=0, sort_output=False)


# ---------------------------------------------------------------------------------------------
# Catalogs


def catalog_dir(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES"


def update(pots: Path, language: str) -> None:
    """Bring the language's catalogs in step with the templates; fill in messages with nothing to translate."""
    subprocess.run(
        [_sphinx_bin("sphinx-intl"), "update", "-p", str(pots), "-d", str(LOCALE), "-l", language, "-w", "0"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for po in catalog_dir(language).rglob("*.po"):
        catalog = _read(po)
        changed = False
        for message in catalog:  # (also where sphinx-intl guessed a fuzzy string from a similar old message)
            if message.id and not needs_translation(message.id) and (not message.string or message.fuzzy):
                message.string, changed = message.id, True
                message.flags.discard("fuzzy")
        if changed:
            _write(catalog, po)
    write_ganlib_catalog(language)


def write_ganlib_catalog(language: str) -> Path:
    """Compile the checks' catalog into the JSON file that ganlib reads (``ganlib/language.py``)."""
    po = catalog_dir(language) / f"{GANLIB_DOC}.po"
    table = {m.id: m.string for m in _read(po) if m.id and m.string and not m.fuzzy} if po.exists() else {}
    path = ROOT / "ganlib" / "locale" / f"{language}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return path


def problems(pots: Path, language: str, docs: list[str] | None = None) -> list[str]:
    """Every message of the templates (of ``docs``, or of all pages) without a current, well-formed translation."""
    found = []
    for pot in sorted(pots.rglob("*.pot")):
        name = pot.relative_to(pots).with_suffix(".po")
        if docs and name.with_suffix("").as_posix() not in docs:
            continue
        po = catalog_dir(language) / name
        if not po.exists():
            found.append(f"{name}: no catalog (run `python -m tools.translate update`)")
            continue
        translated = _read(po)
        for message in _read(pot):
            if not message.id:
                continue
            have = translated.get(message.id)
            if have is None:
                found.append(f"{name}: new or changed English, not in the catalog: {message.id[:80]!r}")
            elif have.fuzzy:
                found.append(f"{name}: fuzzy (its English changed since it was translated): {message.id[:80]!r}")
            elif not have.string:
                found.append(f"{name}: untranslated: {message.id[:80]!r}")
            elif markup(have.string) != markup(message.id):
                lost = sorted(set(markup(message.id)) ^ set(markup(have.string)))
                found.append(f"{name}: the translation changes markup {lost[:3]}: {message.id[:60]!r}")
    return found


def translations(language: str) -> dict[str, dict[str, str]]:
    """The translated messages of each page, ``{doc: {English: translation}}`` (current and not fuzzy)."""
    found = {}
    for po in catalog_dir(language).rglob("*.po"):
        doc = po.relative_to(catalog_dir(language)).with_suffix("").as_posix()
        found[doc] = {m.id: m.string for m in _read(po) if m.id and m.string and not m.fuzzy}
    return found


# ---------------------------------------------------------------------------------------------
# Translated sources


@dataclass(frozen=True)
class Place:
    """Where one message of a page sits: the text (a cell's source, or the page) and the line in it."""

    cell: int | None  # None for a Markdown page
    line: int  # 1-based; 0 when Sphinx did not know (table cells)


def place(doc: str, line: int) -> Place:
    if source_file(doc).suffix == ".ipynb":
        cell, in_cell = divmod(line, CELL_LINES)
        return Place(cell - 1, in_cell)
    return Place(None, line)


def _pattern(message: str, cell: bool = False) -> re.Pattern:
    """The message as it may sit in its source (Sphinx joins a paragraph's lines with spaces).

    With ``cell``, only a whole table cell matches (MyST reports no line for table cells).
    """
    body = r"\s+(?:>\s+)?".join(re.escape(word) for word in message.split())  # (lines of a quote start with >)
    return re.compile(rf"(?<=\|)[ \t]*({body})[ \t]*(?=\|)" if cell else rf"(?<!\w)({body})(?!\w)")


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _spans(text: str, wanted: list[tuple[str, int, str]], optional_cells: bool = False) -> list[tuple[int, int, str]]:
    """Where each (English, line, translation) sits in ``text``: the match nearest its line.

    Line 0 is a table cell: every table cell with that text. With ``optional_cells``, a table
    cell that is not in ``text`` is not an error (a notebook's table cells may be in any cell).
    """
    spans, missing = [], []
    for english, line, translation in wanted:
        if translation == english:
            continue
        matches = list(_pattern(english, cell=line == 0).finditer(text))
        for decoration in DECORATIONS if not matches else ():
            inner = decoration.match(english)
            if inner and (matches := list(_pattern(inner.group(1)).finditer(text))):
                decorated = decoration.match(translation)
                translation = decorated.group(1) if decorated else translation
                break
        if not matches and not (line == 0 and optional_cells):
            missing.append(english)
        if not matches:
            continue
        if line == 0:  # a table cell: the same text in any table cell is the same message
            spans += [(m.start(1), m.end(1), translation) for m in matches]
            continue
        best = min(matches, key=lambda m: abs(_line_of(text, m.start(1)) - line))
        spans.append((best.start(1), best.end(1), translation))
    if missing:
        raise LookupError("; ".join(repr(m[:60]) for m in missing))
    spans.sort()
    for (_, end, _), (start, _, _) in zip(spans, spans[1:]):
        if start < end:
            raise LookupError(f"two messages overlap at offset {start}")
    return spans


def _substitute(text: str, spans: list[tuple[int, int, str]]) -> str:
    for start, end, translation in reversed(spans):
        text = text[:start] + translation + text[end:]
    return text


def _flat(text: str) -> str:
    return " ".join(text.split())


def _strings(value) -> list[str]:
    """Every string in a cell's metadata, its whitespace flattened."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [_flat(value)] if isinstance(value, str) else []


def _translate_metadata(value, table: dict[str, str]):
    """Cell metadata with every string that is a message (a caption, an alt text) translated."""
    if isinstance(value, dict):
        return {k: _translate_metadata(v, table) for k, v in value.items()}
    if isinstance(value, list):
        return [_translate_metadata(v, table) for v in value]
    if isinstance(value, str):
        return table.get(_flat(value), value)
    return value


def translate_page(
    doc: str, pot: Catalog, table: dict[str, str], language: str, skip: frozenset[str] = frozenset()
) -> str:
    """The translated source of one page (a notebook's JSON or a Markdown page's text).

    A message without a translation in ``table`` stays English. Raises ``LookupError`` when a
    message cannot be found again at its place in the source.
    """
    path = source_file(doc)
    wanted: dict[int | None, list[tuple[str, int, str]]] = {}
    for message in pot:
        if not message.id or message.id in skip:
            continue
        for file, line in message.locations:
            if Path(file).with_suffix("").as_posix() == doc:
                where = place(doc, int(line or 0))
                cell = None if where.line == 0 else where.cell  # table cells: MyST-NB knows no cell either
                wanted.setdefault(cell, []).append((message.id, where.line, table.get(message.id, message.id)))
    if path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
        try:
            return _substitute(text, _spans(text, wanted.get(None, [])))
        except LookupError as error:
            raise LookupError(f"{doc}: not found in the source: {error}") from None
    nb = nbformat.read(path, as_version=4)
    flat_table = {_flat(k): v for k, v in table.items()}
    # MyST-NB gives a table's cells the line of a directive elsewhere: a message that a table cell holds is that
    # cell unless it starts on its reported line (a word of a paragraph there may read the same).
    for index, found in list(wanted.items()):
        if index is not None and 0 <= index < len(nb.cells):
            text = _all(nb)
            cells = [w for w in found if not _found(nb.cells[index], *w[:2]) and _pattern(w[0], cell=True).search(text)]
            wanted[index] = [w for w in found if w not in cells]
            wanted.setdefault(None, []).extend((e, 0, t) for e, _, t in cells)
    tables = wanted.get(None, [])
    _table_cells_found(nb, tables, doc)
    for index, cell in enumerate(nb.cells):
        in_metadata = set(_strings(cell.metadata))
        cell.metadata = nbformat.from_dict(_translate_metadata(cell.metadata, flat_table))
        here = [w for w in wanted.get(index, []) if _flat(w[0]) not in in_metadata]
        try:
            cell.source = _substitute(cell.source, _spans(cell.source, here + tables, optional_cells=True))
        except LookupError as error:
            raise LookupError(f"{doc}, cell {index}: not found in the source: {error}") from None
    _speak(nb, language)
    return nbformat.writes(nb)


def _speak(nb: nbformat.NotebookNode, language: str) -> None:
    """The notebook's checks in ``language``: one call in its setup cell, and its stored verdicts translated."""
    from ganlib.exercises import CheckResult
    from ganlib.language import current_language, set_language

    first_line = setup_cell_source().splitlines()[0]
    setup = next((c for c in nb.cells if c.cell_type == "code" and c.source.startswith(first_line)), None)
    if setup is not None:
        setup.source += f'\nganlib.set_language("{language}")  # {LANGUAGES[language]["checks"]}'
    status = {"PASSED": "passed", "FAILED": "failed", "NOT DONE YET": "not done"}
    before = current_language()
    set_language(language)
    try:
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and CHECK_LINE.search(output.text):
                    output.text = CHECK_LINE.sub(lambda m: str(CheckResult(m[2], status[m[1]], m[3])), output.text)
    finally:
        set_language(before)


def _found(cell: nbformat.NotebookNode, english: str, line: int) -> bool:
    """Whether a message starts on ``line`` of a cell's source (as it is, or without what an extension adds),
    or is in the cell's metadata."""
    inner = [d.match(english).group(1) for d in DECORATIONS if d.match(english)]
    starts = [_line_of(cell.source, m.start(1)) for e in [english, *inner] for m in _pattern(e).finditer(cell.source)]
    return line in starts or _flat(english) in _strings(cell.metadata)


def _all(nb: nbformat.NotebookNode) -> str:
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def _table_cells_found(nb: nbformat.NotebookNode, tables: list[tuple[str, int, str]], doc: str) -> None:
    """Raise ``LookupError`` unless every table-cell message is in some table cell of the notebook."""
    missing = [e for e, _, t in tables if t != e and not _pattern(e, cell=True).search(_all(nb))]
    if missing:
        raise LookupError(f"{doc}: table cells not found in the source: {missing}")


def _toc() -> dict:
    """The English book's ``_toc.yml``."""
    return yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))


def pages() -> list[str]:
    """The pages of the book (``_toc.yml``), e.g. ``book/part2/saturation``."""
    toc = _toc()
    return [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]


def _toc_captions() -> set[str]:
    return {part["caption"] for part in _toc().get("parts", []) if part.get("caption")}


def caption_messages(doc: str) -> frozenset[str]:
    """The messages of ``doc`` that are the table of contents' captions (the root page's), not its text.

    Another page's heading with a caption's words (the errata's "For instructors") is its own text.
    """
    return frozenset(_toc_captions()) if doc == _root_doc() else frozenset()


def sources(language: str, pots: Path, out: Path) -> Path:
    """Write the translated edition's source tree into ``out`` (a book of its own) and return it."""
    table = translations(language)
    shutil.rmtree(out, ignore_errors=True)
    for pot in sorted(pots.rglob("*.pot")):
        doc = pot.relative_to(pots).with_suffix("").as_posix()
        if doc in NOT_PAGES:
            continue
        target = out / source_file(doc).relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        skip = caption_messages(doc)
        target.write_text(translate_page(doc, _read(pot), table.get(doc, {}), language, skip), encoding="utf-8")
    for path in (ROOT / "book").rglob("*"):  # the book's other files (bibliography, data) as they are
        target = out / path.relative_to(ROOT)
        if path.is_file() and path.suffix not in (".ipynb", ".md") and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    for pot in sorted(pots.rglob("*.pot")):  # over the English copies of the questions
        doc = pot.relative_to(pots).with_suffix("").as_posix()
        if doc not in NOT_PAGES:
            translate_quiz(doc, table.get(doc, {}), out)
    for shared in ("ganlib", "tools"):  # literalinclude'd sources and the local Sphinx extensions
        (out / shared).symlink_to(ROOT / shared, target_is_directory=True)
    _serve_font(out / "_static")
    glossary = LOCALE / language / "glossary.md"
    shutil.copy2(glossary, out / f"{GLOSSARY}.md")
    intro = table.get(_root_doc(), {})
    _write_toc(out, intro)
    _write_config(out, language, table.get(CONFIG_DOC, {}))
    return out


def _serve_font(static: Path) -> None:
    """Put the CJK font's files and one stylesheet that uses them into the edition's ``_static``."""
    if not FONT.is_dir():
        raise FileNotFoundError(f"{FONT} is missing: run `npm ci --prefix tools/cjkfont` (make books does)")
    files = static / "noto-sans-sc"
    files.mkdir(parents=True, exist_ok=True)
    shutil.copy2(FONT / "LICENSE", files / "LICENSE")
    css = []
    for weight in FONT_WEIGHTS:
        text = (FONT / f"{weight}.css").read_text(encoding="utf-8")
        text = re.sub(r", url\(\./files/[^)]*\.woff\) format\('woff'\)", "", text)  # woff2 is enough
        css.append(text.replace("url(./files/", "url(noto-sans-sc/"))
        for font in (FONT / "files").glob(f"*-{weight}-normal.woff2"):
            shutil.copy2(font, files / font.name)
    (static / "cjk-font.css").write_text("\n".join(css) + FONT_FAMILY, encoding="utf-8")


def _root_doc() -> str:
    return _toc()["root"]


def _write_toc(out: Path, captions: dict[str, str]) -> None:
    toc = _toc()
    for part in toc.get("parts", []):
        if part.get("caption"):
            part["caption"] = captions.get(part["caption"], part["caption"])
    toc["parts"][-1]["chapters"].append({"file": GLOSSARY})
    (out / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _write_config(out: Path, language: str, table: dict[str, str]) -> None:
    book = config()
    book["title"] = table.get(book["title"], book["title"])
    book["html"]["extra_footer"] = table.get(book["html"]["extra_footer"], book["html"]["extra_footer"])
    settings = book["sphinx"]["config"]
    settings["language"] = language
    up = "../" * LANGUAGES[language]["root"].count("/")
    settings["edition_switch"] = {**ENGLISH, "root": up, "only_here": [GLOSSARY]}
    settings["edition_proof"] = LANGUAGES[language]["proof"]
    settings["nb_code_prompt_show"], settings["nb_code_prompt_hide"] = LANGUAGES[language]["code_prompts"]
    # The launch buttons open this edition's Colab notebooks: <branch>/zh/book/... (tools/colab.py writes colab/zh/).
    book["repository"]["path_to_book"] = LANGUAGES[language]["root"].rstrip("/")
    (out / "_config.yml").write_text(yaml.safe_dump(book, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build(language: str, pots: Path, out: Path) -> subprocess.CompletedProcess:
    """Build the translated edition's HTML into ``out`` (warnings are errors, as for the English book)."""
    with tempfile.TemporaryDirectory() as work:
        src = sources(language, pots, Path(work) / "src")
        result = subprocess.run(
            [_sphinx_bin("jupyter-book"), "build", str(src), "--path-output", work, "-W", "-n", "--keep-going"],
            capture_output=True,
            text=True,
            cwd=src,
        )
        html = Path(work) / "_build" / "html"
        if html.is_dir():
            shutil.rmtree(out, ignore_errors=True)
            shutil.copytree(html, out)
    return result


def export(language: str, docs: list[str]) -> str:
    """The messages of ``docs`` that need a translation (untranslated or fuzzy), as YAML to fill in.

    YAML block scalars need no escaping, unlike the ``.po`` format: a translator edits the
    ``zh`` entries and gives the file to ``import``.
    """
    entries = []
    for doc in docs:
        for message in _read(catalog_dir(language) / f"{doc}.po"):
            if message.id and needs_translation(message.id) and (not message.string or message.fuzzy):
                entries.append({"doc": doc, "en": message.id, "zh": ""})
    return yaml.dump(entries, allow_unicode=True, sort_keys=False, width=10**6, default_style=None, Dumper=_Block)


class _Block(yaml.SafeDumper):
    """YAML with every multi-word string as a literal block."""


_Block.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if " " in text or "\n" in text else None
    ),
)


def import_(language: str, path: Path) -> int:
    """Put the translations of an exported YAML file into the catalogs; return how many were set."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    by_doc: dict[str, dict[str, str]] = {}
    for entry in entries:
        if entry.get("zh"):
            by_doc.setdefault(entry["doc"], {})[entry["en"]] = entry["zh"].strip()
    count = 0
    for doc, table in by_doc.items():
        po = catalog_dir(language) / f"{doc}.po"
        catalog = _read(po)
        for english, translation in table.items():
            if english not in catalog:
                raise KeyError(f"{doc}: no such message (has its English changed?): {english[:80]!r}")
            catalog[english].string = translation
            catalog[english].flags.discard("fuzzy")
            count += 1
        _write(catalog, po)
    write_ganlib_catalog(language)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["extract", "update", "check", "sources", "build", "export", "import"])
    parser.add_argument("file", nargs="?", type=Path, help="import: the YAML file")
    parser.add_argument("--language", default="zh_CN", choices=sorted(LANGUAGES))
    parser.add_argument("--pots", type=Path, default=ROOT / "_build" / "gettext", help="the templates' folder")
    parser.add_argument("--out", type=Path, help="sources: the source tree; build: the HTML folder")
    parser.add_argument("--docs", nargs="*", help="check: only these pages (e.g. book/part2/saturation)")
    args = parser.parse_args(argv)
    if args.command == "extract":
        print(f"templates in {extract(args.pots)}")
        return 0
    if args.command == "export":
        print(export(args.language, args.docs or []), end="")
        return 0
    if args.command == "import":
        print(f"{import_(args.language, args.file)} translations set")
        return 0
    extract(args.pots)  # the English as it is now: a stale template would hide a changed message
    if args.command == "update":
        update(args.pots, args.language)
        return 0
    if args.command == "check":
        found = problems(args.pots, args.language, args.docs)
        print("\n".join(found) or f"{args.language}: every message is translated")
        return 1 if found else 0
    out = args.out or ROOT / "_build" / ("zh-src" if args.command == "sources" else "html/zh")
    if args.command == "sources":
        print(f"sources in {sources(args.language, args.pots, out)}")
        return 0
    result = build(args.language, args.pots, out)
    print(result.stdout[-2000:], result.stderr[-4000:], sep="\n")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
