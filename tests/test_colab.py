"""The Colab edition: plain Jupyter Markdown in both flavours, as nbconvert (which, like Colab, knows no MyST)
renders it, and as headless Chromium shows it; and its Chinese edition, converted from the Chinese source tree
(built once for this module, about a minute), which the Chinese book's launch buttons open.

That every student-flavour notebook runs top to bottom from a wheel is tested in tests/test_student.py.
"""

import os
import re
import string
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from tests.quiz_pages import page_questions
from tests.shared import english_messages
from tools.colab import (
    FLAVOURS,
    WORDS,
    Converter,
    colab_url,
    figure_caption,
    leftover_myst,
    page_url,
    site_url,
    translated_edition,
    words,
    write_edition,
)
from tools.notebooks import BOOK, ROOT, config, exercise_labels, notebooks
from tools.sphinx_quiz import question_markdown
from tools.student import SOLUTION, student_notebook
from tools.translate import needs_translation

NOTEBOOKS = notebooks()
IDS = [p.name for p in NOTEBOOKS]
CITATION = re.compile(r"\(((?:[^()]*?, (?:\d{4}[a-z]?|n\.d\.))(?:; [^()]*?, (?:\d{4}[a-z]?|n\.d\.))*)\)")
SCREENSHOT_CHAPTER = "optimal_discriminator.ipynb"  # equations, a lemma, a proof, figures, exercises, citations
CHINESE = "zh_CN"
CJK = re.compile("[\u4e00-\u9fff]")
CODE_BLOCK = re.compile(r"^(`{3,})[ \t]*(?!\{)[^\n]*\n.*?^\1[ \t]*$", re.S | re.M)  # a fence without {directive}


@pytest.fixture(scope="module")
def converter():
    return Converter()


@pytest.fixture(scope="module")
def edition(converter):
    """Both flavours of every notebook, converted once: {(path, flavour): notebook}."""
    return {(path, flavour): converter.convert(path, flavour) for path in NOTEBOOKS for flavour in FLAVOURS}


@pytest.fixture(scope="module")
def zh(tmp_path_factory):
    """The Chinese edition (its source tree built once) and both flavours of every notebook, written once as
    ``python -m tools.colab`` writes them: (edition, the folder written into, {(English path, flavour): notebook})."""
    edition = translated_edition(CHINESE, tmp_path_factory.mktemp("zh-tree"), english_messages(tmp_path_factory))
    out = tmp_path_factory.mktemp("colab")
    written = write_edition(out, edition)
    converted = {}
    for target in written:
        flavour, *relative = target.relative_to(out / edition.folder).parts  # zh/book/part2/x.ipynb
        converted[BOOK.joinpath(*relative), flavour] = nbformat.read(target, as_version=4)
    return edition, out, converted


def markdown(nb):
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def test_converter_resolves_each_kind_of_myst_markup(converter):
    page = converter.pages["book/part2/optimal_discriminator"]
    text = converter._roles(
        converter._directives(
            converter._equations(
                "See {cite}`goodfellow2014gan` and {eq}`eq-od-value`, {numref}`fig-od-jsd`, "
                "{prf:ref}`lem-od-pointwise`, "
                "{doc}`saturation` and {eq}`eq-first-gan-value`.\n\n$$\nx = 1\n$$ (eq-od-value)\n\n"
                "```{prf:proof}\nClear.\n```",
                page,
            ),
            page,
        ),
        page,
        cited := [],
    )
    assert text.startswith(
        "See (Goodfellow et al., 2014) and (1), Fig. 2, Lemma 1, "
        f"[Saturation and the non-saturating loss]({page_url('book/part2/saturation')}) and "
        f"[(1)]({page_url('book/first_gan', 'equation-eq-first-gan-value')})."
    )
    assert "$$\nx = 1\n\\tag{1}\n$$" in text and "*Proof.* Clear. $\\square$" in text
    assert cited == ["goodfellow2014gan"] and not leftover_myst(text)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_myst_left_and_every_citation_resolves_in_the_notebook(edition, converter, path):
    bib = converter.bib
    for flavour in FLAVOURS:
        cells = markdown(edition[path, flavour])
        left = [hit for source in cells for hit in leftover_myst(source)]
        assert not left, f"{flavour}/{path.name}: MyST left: {left[:5]}"
        text = "\n\n".join(cells)
        body, _, references = text.partition("\n## References\n")
        listed = set(re.findall(r"^- \*\*(.+?)\.\*\* ", references, re.M))
        cited = {label for group in CITATION.findall(body) for label in group.split("; ")}
        assert cited, f"{flavour}/{path.name} cites nothing"
        assert cited <= listed, f"{flavour}/{path.name}: cited but not listed: {sorted(cited - listed)}"
        assert listed <= cited | {bib.label(key) for key in bib.data.entries}, "listed but no work of references.bib"
        # Equation numbers: one \tag per labelled equation of the page, 1, 2, ... in order.
        tags = [int(n) for n in re.findall(r"\\tag\{(\d+)\}", text)]
        assert tags == list(range(1, len(tags) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_reader_flavour_has_the_books_code_and_outputs_and_figure_captions(edition, path):
    book = nbformat.read(path, as_version=4)
    reader = edition[path, "book"]
    code = [(c.source, c.outputs) for c in book.cells if c.cell_type == "code"]
    assert [(c.source, c.outputs) for c in reader.cells if c.cell_type == "code"] == code
    for i, cell in enumerate(reader.cells):
        caption = ((cell.metadata.get("mystnb") or {}).get("figure") or {}).get("caption")
        if cell.cell_type == "code" and caption:
            assert reader.cells[i + 1].source.endswith(caption.strip()) and reader.cells[i + 1].source.startswith(
                "**Fig."
            )
    solutions = [c for c in reader.cells if c.cell_type == "code" and "# BEGIN SOLUTION" in c.source]
    assert solutions and all(c.metadata["jupyter"]["source_hidden"] for c in solutions)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_student_flavour_holds_no_solution_text(edition, path):
    book = nbformat.read(path, as_version=4)
    text = "\n".join(cell.source for cell in edition[path, "student"].cells)
    solution_lines = {
        line.strip()
        for cell in book.cells
        if cell.cell_type == "code"
        for match in SOLUTION.finditer(cell.source)
        for line in match.group(0).splitlines()[1:-1]
    }
    prose = re.findall(
        r"```\{solution-start\}.*?```\n(.*?)```\{solution-end\}",
        "\n".join(c.source if c.cell_type == "markdown" else "```{code}\n```\n" for c in book.cells),
        re.S,
    )
    prose_lines = {
        line.strip()
        for part in prose
        for line in part.splitlines()
        if len(line.strip()) > 25 and not line.startswith("```")
    }
    outside = "\n".join(SOLUTION.sub("", cell.source) for cell in book.cells if cell.cell_type == "code")
    outside += "\n".join(
        re.sub(
            r"```\{solution-start\}.*?```\{solution-end\}",
            "",
            "\n".join(c.source if c.cell_type == "markdown" else "```{code}\n```\n" for c in book.cells),
            flags=re.S,
        ).splitlines()
    )
    leaked = [line for line in solution_lines | prose_lines if len(line) > 12 and line in text and line not in outside]
    assert not leaked, f"{path.name}: solution text in the student flavour: {leaked[:3]}"
    # (Self-check questions keep their answers in <details> blocks: they are not solutions.)
    assert "<summary><b>Solution" not in text and "BEGIN SOLUTION" not in text
    # Its code cells are the student edition's (tools.student), which the tests run from the wheel.
    assert [c.source for c in edition[path, "student"].cells if c.cell_type == "code"] == [
        c.source for c in student_notebook(book).cells if c.cell_type == "code"
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_self_check_questions_become_text_with_collapsed_answers(edition, path):
    """Each question of each {quiz}, numbered in page order, with its choices and its answer in <details>."""
    doc = path.relative_to(ROOT).with_suffix("").as_posix()
    questions = [q for group in page_questions(doc) for q in group]
    for flavour in FLAVOURS:
        text = "\n\n".join(markdown(edition[path, flavour]))
        assert text.count("<details><summary>Answer</summary>") == len(questions) >= 3, f"{flavour}/{path.name}"
        at = 0
        for number, question in enumerate(questions, start=1):
            at = text.index(f"**Question {number}.** {question['question']}", at)  # in order
            answer = text.index("<details><summary>Answer</summary>", at)
            for letter, choice in zip("abcdefgh", question["answers"]):
                if "answer" in choice:  # a choice: listed before the answer, its feedback inside it
                    assert text.index(f"- ({letter}) {choice['answer']}\n", at) < answer
                assert text.index(choice["feedback"], answer) < text.index("</details>", answer)


def test_quiz_markdown_for_a_numeric_question():
    question = {
        "id": "n",
        "type": "numeric",
        "question": "What is $1/2$?",
        "precision": 2,
        "answers": [
            {"range": [0.49, 0.51], "correct": True, "feedback": "Right: a half."},
            {"value": 2, "correct": False, "feedback": "That is its inverse."},
            {"type": "default", "feedback": "Divide 1 by 2."},
        ],
    }
    assert question_markdown(question, 7) == (
        "**Question 7.** What is $1/2$?\n\n*Answer with a number to 2 significant digits.*\n\n"
        "<details><summary>Answer</summary>\n\n**Answer: between 0.49 and 0.51.** Right: a half.\n\n"
        "Other answers:\n\n- 2: That is its inverse.\n- any other number: Divide 1 by 2.\n\n</details>"
    )


def test_launch_buttons_open_the_readers_flavour_and_the_guide_links_the_students():
    repository = config()["repository"]
    assert repository["branch"] == "colab" and site_url().startswith("https://")
    path = ROOT / "book" / "part2" / "saturation.ipynb"
    assert colab_url(path).endswith("/blob/colab/book/part2/saturation.ipynb")
    guide = (ROOT / "book" / "instructor_guide.md").read_text(encoding="utf-8")
    assert colab_url(path, "student").rsplit("/part2/", 1)[0] in guide


def test_each_language_has_every_word_the_english_has():
    """One table per language: the same keys as the English, each template with the English one's placeholders."""
    fields = {key: {f[1] for f in string.Formatter().parse(text) if f[1]} for key, text in words("en").items()}
    assert set(WORDS) >= {"en", CHINESE}
    for language, table in WORDS.items():
        assert set(table) == set(fields), f"{language}: {sorted(set(table) ^ set(fields))}"
        for key, text in table.items():
            assert {f[1] for f in string.Formatter().parse(text) if f[1]} == fields[key], (language, key)
    assert words("en")["question"] == "**Question {number}.** {text}" and CJK.search(words(CHINESE)["question"])
    with pytest.raises(ValueError, match="^language: "):
        words("fr")


def test_quiz_markdown_in_chinese():
    question = {
        "id": "c",
        "type": "many_choice",
        "question": "Which?",
        "answers": [
            {"answer": "A", "correct": True, "feedback": "Yes."},
            {"answer": "B", "correct": True, "feedback": "Also."},
            {"answer": "C", "correct": False, "feedback": "No."},
        ],
    }
    assert question_markdown(question, 2, words(CHINESE)) == (
        "**问题 2**：Which?\n\n- (a) A\n- (b) B\n- (c) C\n\n*选出所有正确的答案。*\n\n"
        "<details><summary>答案</summary>\n\n**答案：(a)、(b)**\n\n- (a) Yes.\n- (b) Also.\n\n"
        "其他选项为什么不对：\n\n- (c) No.\n\n</details>"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_chinese_flavours_are_chinese_plain_markdown_with_the_books_code(zh, edition, path):
    chinese, _, converted = zh
    zh_words, book = words(CHINESE), nbformat.read(path, as_version=4)
    english = CODE_BLOCK.sub("", "\n\n".join(markdown(book)))  # its prose paragraphs (code blocks are not prose)
    prose = [p for p in english.split("\n\n") if len(p) > 40 and needs_translation(p) and not p.startswith(("`", "$"))]
    setup = f'ganlib.set_language("{CHINESE}")'
    for flavour in FLAVOURS:
        nb = converted[path, flavour]
        cells = markdown(nb)
        left = [hit for source in cells for hit in leftover_myst(source)]
        assert not left, f"{flavour}/{path.name}: MyST left: {left[:5]}"
        assert all(CJK.search(source) for source in cells), f"{flavour}/{path.name}: a markdown cell without Chinese"
        text = "\n\n".join(cells)
        assert cells[0].startswith("# ") and cells[0].splitlines()[0] not in english, "the title is not translated"
        english_left = [p for p in prose if p in text]
        assert not english_left, f"{flavour}/{path.name}: English prose left: {english_left[:2]}"
        # The English notebook's code cells (the student's: tools.student), the setup cell speaking Chinese.
        expected = book if flavour == "book" else student_notebook(book)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        english_code = [c.source for c in expected.cells if c.cell_type == "code"]
        assert len(code) == len(english_code) and sum(setup in c for c in code) == 1
        for mine, theirs in zip(code, english_code):
            assert mine == theirs or (mine.startswith(theirs + "\n") and setup in mine.removeprefix(theirs)), path.name
        # The words the conversion writes, in Chinese.
        assert f"**{zh_words['exercise'].format(number=1)}**" in text and "**Exercise 1**" not in text
        figures = [i + 1 for i, c in enumerate(c for c in nb.cells if c.cell_type == "code" and figure_caption(c))]
        shown = [int(n) for n in re.findall(r"^\*\*图 (\d+)\*\* ", text, re.M)]
        assert shown == figures and "**Fig. " not in text, (shown, figures)
        assert "**问题 1**：" in text and "**Question" not in text and "<summary>Answer</summary>" not in text
        # As many worked solutions' prose, collapsed, as in the English reader's flavour (none in the student's).
        solutions = re.findall(r"<summary><b>练习 (\d+) 的解答</b></summary>", text)
        english_flavour = "\n".join(markdown(edition[path, flavour]))
        assert solutions == re.findall(r"<summary><b>Solution to Exercise (\d+)</b></summary>", english_flavour)
        assert (zh_words["student_notice"] in text) == (flavour == "student") and "**Student edition" not in text
        # Its links into the online book go to the Chinese pages.
        links = [url for url in re.findall(r"\]\((https?://[^)\s]+)\)", text) if url.startswith(site_url())]
        assert links and all(url.startswith(site_url() + "zh/") for url in links), links[:3]
        assert page_url(path.relative_to(ROOT).with_suffix("").as_posix(), edition=chinese) in text
    assert exercise_labels(book), f"{path.name} has no exercise"


def test_chinese_launch_buttons_open_the_chinese_colab_notebooks(zh):
    """Jupyter Book's Colab button (colab_url/github/OWNER/REPO/blob/BRANCH/path_to_book/<page>.ipynb), from the
    Chinese edition's _config.yml, opens the notebook the Colab edition writes into zh/book on that branch."""
    edition, out, converted = zh
    conf = config(edition.root)
    repository, launch = conf["repository"], conf["launch_buttons"]
    owner_repo = urlsplit(repository["url"]).path.strip("/").removesuffix(".git")
    assert repository["branch"] == config()["repository"]["branch"] == "colab"
    for path in NOTEBOOKS:
        page = path.relative_to(ROOT).with_suffix(".ipynb").as_posix()  # the Chinese page book/part2/x
        in_repo = (Path(repository.get("path_to_book") or ".") / page).as_posix()
        button = f"{launch['colab_url'].rstrip('/')}/github/{owner_repo}/blob/{repository['branch']}/{in_repo}"
        assert button == colab_url(edition.book / path.relative_to(BOOK), "book", edition)
        assert (out / in_repo).is_file(), f"the button opens {in_repo}, which the Colab edition does not write"
    assert colab_url(edition.book / "part2" / "saturation.ipynb", "book", edition).endswith(
        "/blob/colab/zh/book/part2/saturation.ipynb"
    )


def _reader_html(nb) -> str:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
    return body


@pytest.mark.parametrize("language", ["en", CHINESE])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_reader_flavour_rendered_by_nbconvert_shows_no_raw_markup(request, path, language):
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style", "pre")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style", "pre") and self.skip > 0

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    converted = request.getfixturevalue("edition") if language == "en" else request.getfixturevalue("zh")[2]
    html = _reader_html(converted[path, "book"])
    parser = Text()
    parser.feed(html)
    shown = "".join(parser.parts)
    assert not leftover_myst(shown), f"{path.name}: MyST shown raw: {leftover_myst(shown)[:3]}"
    for raw in ("{prf:", "{exercise}", "{solution", "{bibliography}", "```", ":label:", ":class:", "<details>", "**"):
        assert raw not in shown, f"{path.name}: {raw!r} shown raw"
    assert html.count("<details>") == html.count("</details>")


def test_a_rendered_reader_chapter_looks_like_a_notebook_in_chromium(edition, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"no Chromium at {chromium}")
        pytest.skip(f"no Chromium at {chromium}")
    path = next(p for p in NOTEBOOKS if p.name == SCREENSHOT_CHAPTER)
    page_file = tmp_path / "chapter.html"
    page_file.write_text(_reader_html(edition[path, "book"]), encoding="utf-8")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(page_file.as_uri())
        shown = page.inner_text("body")
        state = page.evaluate("""() => ({
            cells: document.querySelectorAll('.cell, .jp-Cell').length,
            images: [...document.images].map(i => i.complete && i.naturalWidth > 0),
            details: [...document.querySelectorAll('details')].map(d => d.open),
            headings: [...document.querySelectorAll('h1')].map(h => h.textContent),
        })""")
        page.screenshot(
            path=str(ROOT / "_build" / "colab-chapter.png")
            if (ROOT / "_build").is_dir()
            else str(tmp_path / "chapter.png")
        )
        browser.close()
    assert state["cells"] > 20 and state["images"] and all(state["images"])
    assert state["details"] and not any(state["details"]), "worked solutions must be collapsed"
    assert state["headings"][0].startswith("The optimal discriminator")
    assert "Lemma 1 (Pointwise maximisation)." in shown and "(Goodfellow et al., 2014)" in shown
    assert not leftover_myst(shown) and "{" + "cite}" not in shown
