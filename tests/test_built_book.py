"""The book as a reader gets it: the built HTML, its Colab links, and every page in a real browser.

One build of the HTML (about half a minute) is shared by every test here. The browser
tests open each page in headless Chromium (see tools/browser.py) and skip where there is
no Chromium, except under CI (``CI=true``), where `make test` installs it and a missing
browser is a failure.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
import yaml

from tests.quiz_pages import CHAPTERS, page_questions, page_quizzes, page_text, quiz_folder
from tests.shared import english_messages
from tools import translate
from tools.browser import broken_links, chromium, find_chromium, font_report, inspect_page, pages, serve
from tools.notebooks import ROOT, config, exercise_labels, notebooks
from tools.sphinx_quiz import EMPHASIS, load

NOTEBOOKS = notebooks()
LANGUAGE = "zh_CN"
ZH = translate.LANGUAGES[LANGUAGE]["root"].rstrip("/")  # the Chinese edition's folder: zh
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]
COLAB_HREF = re.compile(r'href="(https://colab\.research\.google\.com/[^"]*)"')


def toc_files():
    """The pages of _toc.yml that exist, as paths relative to the root without extension."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    return [f for f in files if (ROOT / f"{f}.ipynb").exists() or (ROOT / f"{f}.md").exists()]


def colab_link(notebook: Path) -> str:
    """The Colab address of a notebook, derived from _config.yml alone."""
    repository, launch = config()["repository"], config()["launch_buttons"]
    owner_repo = urlsplit(repository["url"]).path.strip("/").removesuffix(".git")
    path = (Path(repository.get("path_to_book") or ".") / notebook.relative_to(ROOT)).as_posix()
    return f"{launch['colab_url'].rstrip('/')}/github/{owner_repo}/blob/{repository['branch']}/{path}"


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """The book built once, with warnings as errors (-W) but going on (--keep-going), into a temporary folder."""
    out = tmp_path_factory.mktemp("built-book")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [
            str(jupyter_book if jupyter_book.exists() else shutil.which("jupyter-book")),
            "build",
            str(ROOT),
            "--path-output",
            str(out),
            "-W",
            "-n",
            "--keep-going",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    html = out / "_build" / "html"
    # The Chinese edition beside it, as `make books` and the publish workflow place it (html/zh/).
    chinese = translate.build(LANGUAGE, english_messages(tmp_path_factory), html / ZH)
    return result, html, chinese


@pytest.fixture(scope="module")
def html(build):
    result, html_dir, _ = build
    assert (html_dir / "index.html").exists(), result.stdout[-4000:] + result.stderr[-4000:]
    return html_dir


def test_book_builds_without_warnings(build):
    result, html_dir, _ = build
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    page = (html_dir / "book" / "first_gan.html").read_text()
    assert 'class="math notranslate nohighlight"' in page  # equations are there for MathJax
    assert "Exercise 1" in page and "solution" in page  # numbered exercises with solutions
    assert "Goodfellow" in page  # the chapter's bibliography


# --- Colab: one setting in _config.yml names the repository for the buttons and the installs ---


def test_config_names_the_repository_and_its_branch():
    repository = config()["repository"]
    assert urlsplit(repository["url"]).netloc == "github.com" and repository.get("branch")
    assert config()["launch_buttons"]["colab_url"].startswith("https://colab.research.google.com")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_page_opens_the_notebook_in_colab(html, path):
    page = html / path.relative_to(ROOT).with_suffix(".html")
    links = set(COLAB_HREF.findall(page.read_text(encoding="utf-8")))
    assert links == {colab_link(path)}, f"{page.name}: Colab links {links}, expected {colab_link(path)}"
    # The address names a notebook that exists in the repository, at the path Colab will fetch.
    repo_path = colab_link(path).split(f"/blob/{config()['repository']['branch']}/", 1)[1]
    assert (ROOT / repo_path).resolve() == path.resolve()


def test_prose_pages_have_no_colab_button(html):
    for name in toc_files():
        if (ROOT / f"{name}.md").exists():
            page = (html / f"{name}.html").read_text(encoding="utf-8")
            # (Links to the student's Colab flavour, as in the instructor guide, are not a launch button.)
            student = f"/blob/{config()['repository']['branch']}/student/"
            buttons = [link for link in COLAB_HREF.findall(page) if student not in link]
            assert not buttons, f"{name}.md is not a notebook, yet its page links to Colab"


# The setup cell's install line (ganlib==X.Y.* of this edition): tests/test_release.py.


# --- The pages in a browser ---


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    if not executable:
        message = (
            "no Chromium found: install the Debian package `chromium` (`make test` does so when CI=true) "
            "or set $CHROMIUM to a Chromium or Chrome executable"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with chromium(executable) as context:
        yield context


@pytest.fixture(scope="module")
def reports(html, browser):
    """What the browser saw on every page of the built book: {path relative to the HTML root: report}.

    On each chapter's page the self-check questions are also answered (see ``_moves``), in the
    same visit, so that a console error raised by answering them is caught like any other.
    """
    moves = {f"{doc}.html": _moves(doc)[0] for doc in CHAPTERS}
    with serve(html) as base:
        seen = {}
        for page in pages(html):
            rel = page.relative_to(html).as_posix()
            seen[rel] = inspect_page(browser, base + rel, quiz_moves=moves.get(rel, ()))
            seen[rel]["broken_links"] = broken_links(seen[rel]["links"], base, html)
    return seen


def _problems(reports, key):
    return {page: report[key] for page, report in reports.items() if report[key]}


def test_every_page_of_the_table_of_contents_is_checked(reports):
    missing = [name for name in toc_files() if f"{name}.html" not in reports]
    assert not missing, f"pages of _toc.yml not in the build: {missing}"


def test_no_javascript_errors_and_nothing_fetched_from_the_internet(reports):
    assert not _problems(reports, "console"), _problems(reports, "console")
    assert not _problems(reports, "offsite"), _problems(reports, "offsite")


def test_every_image_loads(reports):
    assert not _problems(reports, "brokenImages"), _problems(reports, "brokenImages")
    assert sum(r["images"] for r in reports.values()) > 0


def test_math_is_typeset_by_the_local_mathjax(reports):
    assert not _problems(reports, "untypeset"), _problems(reports, "untypeset")
    assert not _problems(reports, "mathErrors"), _problems(reports, "mathErrors")
    with_math = {page: r for page, r in reports.items() if r["math"]}
    assert with_math, "no page has any math"
    assert all(r["mathjax"] for r in with_math.values()), "MathJax did not load on every page with math"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_exercise_boxes_and_solution_toggles(reports, path):
    report = reports[path.relative_to(ROOT).with_suffix(".html").as_posix()]
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert report["exercises"] == exercise_labels(nb)
    solutions = report["solutions"]
    assert len(solutions) == text.count("{solution-start}") > 0
    assert all(s["toggle"] and s["hidden"] for s in solutions), f"solutions not collapsed behind a toggle: {solutions}"


def test_internal_links_and_anchors_resolve(reports):
    assert not _problems(reports, "broken_links"), _problems(reports, "broken_links")


# --- The self-check questions: answered in each chapter's page, as a reader answers them ---


def _visible_text(text: str) -> list[str]:
    """The pieces of a question's text that the page shows as text (not its $math$, nor the marks of its `code` and
    *emphasis*), whitespace collapsed."""
    pieces = re.split(r"\$[^$]*\$", text)
    return [" ".join(EMPHASIS.sub(r"\1", piece.replace("`", "")).split()) for piece in pieces if piece.strip()]


def _shows(feedback: str, expected: str) -> bool:
    shown = " ".join(feedback.split())
    return all(piece in shown for piece in _visible_text(expected))


def _moves(doc):
    """What to answer on a chapter's page: the first choice question of its end-of-chapter quiz, wrongly and then
    rightly, and (where the page has one) a numeric question, with its right answer and with a number no answer
    names. Returns the moves and, per move, the feedback (from the JSON) and whether it is the right answer's."""
    groups = page_questions(doc)
    end = page_quizzes(page_text(doc)).index((doc.removeprefix("book/"), None))
    question = next(i for i, q in enumerate(groups[end]) if q["type"] == "multiple_choice")
    answers = groups[end][question]["answers"]
    wrong = next(i for i, a in enumerate(answers) if not a["correct"])
    right = next(i for i, a in enumerate(answers) if a["correct"])
    moves = [(end, question, wrong), (end, question, right)]
    expected = [(answers[wrong]["feedback"], False), (answers[right]["feedback"], True)]
    numeric = [(g, i, q) for g, group in enumerate(groups) for i, q in enumerate(group) if q["type"] == "numeric"]
    if numeric:
        group, i, q = numeric[0]
        correct = next(a for a in q["answers"] if a.get("correct"))
        value = correct["value"] if "value" in correct else correct["range"][0]
        bounds = [abs(b) for a in q["answers"] for b in ([a["value"]] if "value" in a else a.get("range", []))]
        default = next(a for a in q["answers"] if a.get("type") == "default")
        moves += [(group, i, f"{value:g}"), (group, i, f"{10 * max(bounds) + 1000:g}")]
        expected += [(correct["feedback"], True), (default["feedback"], False)]
    return moves, expected, [len(group) for group in groups]


@pytest.mark.parametrize("doc", CHAPTERS)
def test_self_check_questions_answer_with_their_feedback(reports, doc):
    moves, expected, counts = _moves(doc)
    report = reports[f"{doc}.html"]
    assert not report["console"], report["console"]
    assert report["quiz"]["questions"] == counts, "each {quiz} draws its questions"
    assert report["quiz"]["math"] > 0 or "$" not in json.dumps(page_questions(doc)), "the questions' math is typeset"
    for (response, (text, right)), shown in zip(zip(moves, expected), report["quiz"]["feedback"], strict=True):
        assert _shows(shown["text"], text), f"{doc}: answering {response} showed {shown['text']!r}, not {text!r}"
        assert shown["correct"] == right, f"{doc}: answer {response} marked {'right' if shown['correct'] else 'wrong'}"


def test_every_formula_of_the_questions_typesets(browser, html, tmp_path):
    """Every $...$ of every question, choice and feedback, typeset by the book's MathJax on one page.

    (A chapter's page shows the feedback only once an answer is clicked, so its inspection sees only
    the questions and choices.)"""
    shutil.copytree(html / "_static" / "mathjax", tmp_path / "mathjax")
    formulas = set()
    for path in sorted(quiz_folder().rglob("*.json")):
        for question in load(path):
            texts = [question["question"]] + [a.get(k, "") for a in question["answers"] for k in ("answer", "feedback")]
            formulas.update(m for text in texts for m in re.findall(r"\$([^$]+)\$", text.replace("`", "")))
    spans = "".join(f'<span class="math">\\({escape(formula)}\\)</span> ' for formula in sorted(formulas))
    (tmp_path / "formulas.html").write_text(
        "<html><head><script>window.MathJax = {options: {processHtmlClass: 'math'}};</script>"
        f'<script defer src="mathjax/tex-chtml.js"></script></head><body>{spans}</body></html>',
        encoding="utf-8",
    )
    with serve(tmp_path) as base:
        report = inspect_page(browser, base + "formulas.html")
    assert report["math"] == len(formulas) > 100 and not report["untypeset"]
    assert not report["mathErrors"], report["mathErrors"]


def test_the_inspection_catches_a_broken_page(browser, html, tmp_path):
    """Each check above can fail: a page with one fault of each kind is caught on every one."""
    shutil.copytree(html / "_static" / "mathjax", tmp_path / "mathjax")
    (tmp_path / "other.html").write_text('<html><body><p id="here">here</p></body></html>')
    (tmp_path / "bad.html").write_text(
        "<html><head><script>window.MathJax = {options: {processHtmlClass: 'math'}};</script>"
        '<script defer src="mathjax/tex-chtml.js"></script>'
        '<link rel="stylesheet" href="https://fonts.example.com/font.css"></head><body>'
        '<span class="math">\\(\\nosuchmacro{x}\\)</span> <span class="math">\\(x^2\\)</span>'
        '<img src="missing.png" alt="a figure that is not there">'
        '<a href="other.html#here">fine</a> <a href="other.html#nowhere">no anchor</a> <a href="gone.html">gone</a>'
        "<script>undefinedFunction();</script></body></html>"
    )
    with serve(tmp_path) as base:
        report = inspect_page(browser, base + "bad.html")
        broken = broken_links(report["links"], base, tmp_path)
    assert report["mathjax"] and report["math"] == 2 and not report["untypeset"]
    assert report["mathErrors"] and "nosuchmacro" in report["mathErrors"][0]
    assert report["brokenImages"] == ["missing.png"]
    assert any("undefinedFunction" in line for line in report["console"])
    assert report["offsite"] == ["https://fonts.example.com/font.css"]
    assert any("failed to load https://fonts.example.com/font.css" in line for line in report["console"])
    assert len(broken) == 2 and "#nowhere" in broken[0] and "gone.html" in broken[1]


# --- The Chinese edition (tools/translate.py), built into zh/ beside the English ---


def test_chinese_edition_builds_without_warnings(build):
    chinese = build[2]
    assert chinese.returncode == 0, chinese.stdout[-4000:] + chinese.stderr[-4000:]


def test_every_page_is_in_both_editions_with_a_glossary_in_chinese(html):
    for name in toc_files():
        assert (html / f"{name}.html").is_file() and (html / ZH / f"{name}.html").is_file(), name
    glossary = (html / ZH / "book" / "glossary.html").read_text(encoding="utf-8")
    assert "术语表" in glossary and "生成对抗网络" in glossary and "discriminator" in glossary


EDITION_LINK = re.compile(r'<p class="edition-switch"><a href="([^"]+)" hreflang="(\w+)"')


@pytest.mark.parametrize("name", toc_files())
def test_each_page_links_to_the_same_page_in_the_other_edition(html, name):
    for page, other, lang in [
        (html / f"{name}.html", html / ZH / f"{name}.html", "zh"),
        (html / ZH / f"{name}.html", html / f"{name}.html", "en"),
    ]:
        href, hreflang = EDITION_LINK.search(page.read_text(encoding="utf-8")).groups()
        assert hreflang == lang and (page.parent / href).resolve() == other.resolve(), (page, href)


def test_chinese_pages_are_chinese(html):
    """Prose, captions and alt texts in Chinese; code and equations shared with the English edition."""
    page = (html / ZH / "book" / "part2" / "saturation.html").read_text(encoding="utf-8")
    english = (html / "book" / "part2" / "saturation.html").read_text(encoding="utf-8")
    assert "饱和" in page and "生成器" in page and "Saturation and the non-saturating loss" not in page
    figures = re.findall(r'<img alt="([^"]*)" src="[^"]*_images/', page)  # not the launch buttons' logos
    assert figures and all(re.search("[\u4e00-\u9fff]", alt) for alt in figures), figures
    maths = [sorted(re.findall(r'class="math[^"]*">(.*?)</', text, re.S)) for text in (page, english)]
    assert maths[0] == maths[1]  # the same equations (inline ones in the order Chinese puts them)
    assert "set_language" in page and "[通过]" in page and "[PASSED]" not in page  # (code is highlighted: no dots)
    assert "显示代码单元" in page and "Show code cell" not in page  # MyST-NB's toggles
    assert "证明：" in (html / ZH / "book" / "part2" / "optimal_discriminator.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_chinese_exercise_boxes_and_solution_toggles(reports, path):
    report = reports[(Path(ZH) / path.relative_to(ROOT).with_suffix(".html")).as_posix()]
    assert report["exercises"] == exercise_labels(nbformat.read(path, as_version=4))
    assert report["solutions"] and all(s["toggle"] and s["hidden"] for s in report["solutions"])


@pytest.mark.parametrize("name", ["book/first_gan", "book/part2/optimal_discriminator"])
def test_chinese_text_is_set_in_a_chinese_font(html, browser, name):
    """The served Noto Sans SC sets the page's Chinese (no boxes), whatever fonts the machine has."""
    shots = ROOT / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with serve(html) as base:
        report = font_report(
            browser, f"{base}{ZH}/{name}.html", "Noto Sans SC", "生成对抗网络", shots / f"zh-{Path(name).name}.png"
        )
    assert report["usable"] and report["loaded"] > 0 and "Noto Sans SC" in report["family"], report
