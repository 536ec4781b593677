"""Self-check questions: a ``{quiz}`` directive that shows jupyterquiz questions, rendered when the book is built.

Each chapter's questions live in one JSON file in jupyterquiz's own format (a list of questions), under
the folder named by the Sphinx setting ``quiz_dir`` (``sphinx.config.quiz_dir`` in ``_config.yml``,
relative to the book's root; default ``book/quizzes``): ``book/quizzes/part2/saturation.json``. A page
shows them with

    ```{quiz} part2/saturation
    ```

which shows every question of the file that no other ``{quiz}`` of the same page shows, or with

    ```{quiz} part2/saturation
    :questions: which-loss, log-4
    ```

which shows those questions (by their ``id``), in that order, where the directive stands.

The questions are embedded in the page as JSON and drawn by jupyterquiz's own JavaScript (its ``js/*.js``
files, copied from the installed package into ``_static/jupyterquiz/``, with its ``styles.css``) once
the page's MathJax has started, so nothing needs a kernel, a network or a CDN. A translated edition points
``quiz_dir`` at its translated files.

The JSON format (jupyterquiz's, plus an ``id`` per question): each question is an object with ``id``
(letters, digits and ``-``), ``type`` (``multiple_choice``: one right answer; ``many_choice``: several;
``numeric``), ``question`` and ``answers``. A choice answer has ``answer``, ``correct`` and ``feedback``
(why it is right, or why it is wrong). A numeric question's answers have ``value`` (or ``range``:
``[low, high)``), ``correct`` and ``feedback``, and one has ``"type": "default"`` and the feedback for
any other number; ``precision`` (significant digits) is optional. Texts are plain text with ``$...$``
math, ```code``` and ``*emphasis*`` at most. :func:`problems` lists what breaks these rules; the
directive reports them as build warnings.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)
DEFAULT_QUIZ_DIR = "book/quizzes"
STATIC = "jupyterquiz"  # the folder under _static/
TYPES = ("multiple_choice", "many_choice", "numeric")
ID = re.compile(r"[a-z0-9][a-z0-9-]*")
NAME = re.compile(r"[\w-]+(?:/[\w-]+)*")
FENCE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})[ \t]*\{quiz\}[ \t]*(?P<arg>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.S | re.M
)
CODE = re.compile(r"`([^`]+)`")
PIECES = re.compile(r"(`[^`]+`|(?<!\\)\$[^$]*\$)")  # code and maths, which emphasis does not enter
# *emphasis*, not inside a word (a*b*c); Chinese has no spaces between words, so a Chinese character
# next to the asterisk does not count as part of a word (是不是*这个*数字).
_LETTER = r"[^\W\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"
EMPHASIS = re.compile(rf"(?<!{_LETTER})(?<!\*)\*(?=\S)([^*]+?)(?<=\S)\*(?!{_LETTER})(?!\*)")
# jupyterquiz's colours (display_quiz's default palette), as CSS variables on every quiz of the book.
COLOURS = {
    "--jq-multiple-choice-bg": "#392061",
    "--jq-mc-button-bg": "#fafafa",
    "--jq-mc-button-border": "#e0e0e0e0",
    "--jq-mc-button-inset-shadow": "#555555",
    "--jq-many-choice-bg": "#f75c03ff",
    "--jq-numeric-bg": "#392061ff",
    "--jq-numeric-input-bg": "#c0c0c0",
    "--jq-numeric-input-label": "#101010",
    "--jq-numeric-input-shadow": "#999999",
    "--jq-string-bg": "#4c1a57",
    "--jq-incorrect-color": "#c80202",
    "--jq-correct-color": "#009113",
    "--jq-text-color": "#fafafa",
    "--jq-link-color": "#9abafa",
}
# Sizes that fit the book's text (jupyterquiz's own are for a notebook: 16pt questions).
BOOK_CSS = """
.jupyterquiz { margin: 1rem 0; }
.jupyterquiz .Quiz { font-size: 1.05rem; line-height: 1.4; max-width: 720px; }
.jupyterquiz .Feedback { font-size: 1rem; padding: 0.4rem 0.6rem; }
.jupyterquiz .MCButton { font-size: 0.95rem; }
.jupyterquiz .InpLabel { font-size: 1rem; }
html[data-theme="dark"] .jupyterquiz { --jq-numeric-input-label: #e0e0e0; }
html[data-theme="dark"] .jupyterquiz .Feedback.correct { color: #5fd36f; }
html[data-theme="dark"] .jupyterquiz .Feedback.incorrect { color: #ff8080; }
"""
# Draw each quiz of the page with jupyterquiz's show_questions once MathJax (if the page loads it) has
# typeset the page: show_questions then typesets the questions' own math with the page's MathJax.
BOOT_JS = """
(function () {
  function draw() {
    document.querySelectorAll("div.jupyterquiz").forEach(function (container) {
      if (container.dataset.drawn) return;
      container.dataset.drawn = "true";
      var data = container.querySelector("script.jupyterquiz-questions");
      show_questions(JSON.parse(data.textContent), container);
    });
  }
  function start() {
    var mathjax = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    (mathjax || Promise.resolve()).then(draw, draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
"""


# --- The questions: loading, checking, choosing ---


def quiz_dir(root: Path, setting: str | None = None) -> Path:
    """The folder of the quiz files: ``setting`` (``quiz_dir``) relative to the book's root ``root``."""
    return Path(root) / (setting or DEFAULT_QUIZ_DIR)


def load(path: Path) -> list[dict]:
    """The questions of a quiz file (a JSON list)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of questions, got {type(data).__name__}")
    return data


def _text_problems(where: str, text: Any) -> list[str]:
    if not isinstance(text, str) or not text.strip():
        return [f"{where}: expected non-empty text, got {text!r}"]
    if len(re.findall(r"(?<!\\)\$", CODE.sub("", text))) % 2:
        return [f"{where}: unbalanced $ in {text!r}"]
    if '\\"' in text or "\\'" in text:
        return [f"{where}: a backslash before a quote in {text!r}"]
    if "**" in PIECES.sub("", text):
        return [f"{where}: only *emphasis*, no **strong** text, in {text!r}"]
    return []


def problems(questions: Any) -> list[str]:
    """What is wrong with a list of questions (empty when every question follows the format above)."""
    if not isinstance(questions, list) or not questions:
        return ["expected a non-empty list of questions"]
    found, seen = [], set()
    for n, question in enumerate(questions):
        if not isinstance(question, dict):
            found.append(f"question {n}: expected an object")
            continue
        qid = question.get("id")
        where = f"question {qid or n}"
        if not isinstance(qid, str) or not ID.fullmatch(qid):
            found.append(f"{where}: id must be lower-case letters, digits and '-', got {qid!r}")
        elif qid in seen:
            found.append(f"{where}: id used twice")
        seen.add(qid)
        kind, answers = question.get("type"), question.get("answers")
        if kind not in TYPES:
            found.append(f"{where}: type must be one of {TYPES}, got {kind!r}")
            continue
        found += _text_problems(f"{where}, question", question.get("question"))
        if not isinstance(answers, list) or len(answers) < 2:
            found.append(f"{where}: expected a list of at least two answers")
            continue
        if kind == "numeric":
            defaults = [a for a in answers if a.get("type") == "default"]
            if len(defaults) != 1:
                found.append(f"{where}: a numeric question needs exactly one default answer, got {len(defaults)}")
            for i, answer in enumerate(answers):
                found += _text_problems(f"{where}, answer {i} feedback", answer.get("feedback"))
                if answer.get("type") == "default":
                    continue
                if ("value" in answer) == ("range" in answer):
                    found.append(f"{where}, answer {i}: expected a value or a range")
                elif "range" in answer and not (
                    isinstance(answer["range"], list)
                    and len(answer["range"]) == 2
                    and answer["range"][0] < answer["range"][1]
                ):
                    found.append(f"{where}, answer {i}: a range is [low, high) with low < high")
                if not isinstance(answer.get("correct"), bool):
                    found.append(f"{where}, answer {i}: correct must be true or false")
            right = [a for a in answers if a.get("correct") is True]
            if not right:
                found.append(f"{where}: no correct answer")
            if "precision" in question and not (isinstance(question["precision"], int) and question["precision"] > 0):
                found.append(f"{where}: precision must be a positive number of significant digits")
            continue
        for i, answer in enumerate(answers):
            found += _text_problems(f"{where}, answer {i}", answer.get("answer"))
            found += _text_problems(f"{where}, answer {i} feedback", answer.get("feedback"))
            if not isinstance(answer.get("correct"), bool):
                found.append(f"{where}, answer {i}: correct must be true or false")
        right = sum(a.get("correct") is True for a in answers)
        if kind == "multiple_choice" and right != 1:
            found.append(f"{where}: a multiple_choice question has exactly one correct answer, got {right}")
        if kind == "many_choice" and not 2 <= right < len(answers):
            found.append(f"{where}: a many_choice question has several correct answers and a wrong one, got {right}")
    return found


def select(questions: list[dict], ids: Iterable[str]) -> list[dict]:
    """The questions with these ids, in this order (KeyError naming an id the file does not have)."""
    by_id = {q.get("id"): q for q in questions}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise KeyError(f"no question with id {', '.join(missing)}")
    return [by_id[i] for i in ids]


def parse_ids(option: str | None) -> list[str] | None:
    """The ids of a ``:questions:`` option (comma or space separated), or None when absent."""
    if option is None:
        return None
    return [part for part in re.split(r"[\s,]+", option) if part]


def page_quizzes(text: str) -> list[tuple[str, list[str] | None]]:
    """The ``{quiz}`` directives of a page's MyST text, in order: (file name, ids or None)."""
    found = []
    for match in FENCE.finditer(text):
        option = re.search(r"^:questions:[ \t]*(.*)$", match.group("body"), re.M)
        found.append((match.group("arg").strip(), parse_ids(option.group(1) if option else None)))
    return found


def shown(quizzes: list[tuple[str, list[str] | None]], load_file) -> list[list[dict]]:
    """The questions each ``{quiz}`` of a page shows (``load_file(name)`` gives a file's questions).

    A quiz with ids shows those; one without shows the rest of its file: the questions that no quiz
    with ids on the same page names.
    """
    named: dict[str, set[str]] = {}
    for name, ids in quizzes:
        if ids is not None:
            named.setdefault(name, set()).update(ids)
    result = []
    for name, ids in quizzes:
        questions = load_file(name)
        if ids is None:
            result.append([q for q in questions if q.get("id") not in named.get(name, set())])
        else:
            result.append(select(questions, ids))
    return result


# --- Plain Jupyter Markdown (the Colab edition) ---


def _number(value: float) -> str:
    return f"{value:g}"


# The words the Colab edition writes around a question, in English (``tools.colab.WORDS`` adds them to its
# table of each language's words, and passes a language's table to ``question_markdown``).
QUIZ_WORDS = {
    "question": "**Question {number}.** {text}",
    "number_prompt": "*Answer with a number{digits}.*",
    "digits": " to {precision} significant digits",
    "answer_summary": "Answer",
    "numeric_answer": "**Answer: {answer}.** {feedback}",
    "range": "between {low} and {high}",
    "other_answers": "Other answers:",
    "other_answer": "- {answer}: {feedback}",
    "other_number": "any other number",
    "many_prompt": "*Choose every answer that applies.*",
    "one_prompt": "*Choose one answer.*",
    "choice_answer": "**Answer: {labels}.**",
    "choice_answers": "**Answers: {labels}.**",
    "label_separator": ", ",
    "why_not": "Why not the others:",
}


def _numeric_answer(answer: dict, words: dict[str, str]) -> str:
    if "value" in answer:
        return _number(answer["value"])
    low, high = answer["range"]
    return words["range"].format(low=_number(low), high=_number(high))


def question_markdown(question: dict, number: int, words: dict[str, str] | None = None) -> str:
    """One question as Jupyter Markdown: its text and choices, then the answer and every feedback collapsed.

    ``words``: the words written around the question (:data:`QUIZ_WORDS`, the default, or another language's).
    """
    words = QUIZ_WORDS if words is None else words
    summary = f"<details><summary>{words['answer_summary']}</summary>"
    lines = [words["question"].format(number=number, text=question["question"]), ""]
    if question["type"] == "numeric":
        precision = question.get("precision")
        digits = words["digits"].format(precision=precision) if precision else ""
        lines += [words["number_prompt"].format(digits=digits), "", summary, ""]
        right = [a for a in question["answers"] if a.get("correct") is True]
        wrong = [a for a in question["answers"] if a.get("correct") is False]
        default = next(a for a in question["answers"] if a.get("type") == "default")
        for answer in right:
            text = words["numeric_answer"].format(answer=_numeric_answer(answer, words), feedback=answer["feedback"])
            lines += [text, ""]
        lines += [words["other_answers"], ""]
        other = words["other_answer"]
        lines += [other.format(answer=_numeric_answer(a, words), feedback=a["feedback"]) for a in wrong]
        lines += [other.format(answer=words["other_number"], feedback=default["feedback"]), ""]
    else:
        letters = "abcdefghijklmnopqrstuvwxyz"
        answers = list(zip(letters, question["answers"]))
        several = question["type"] == "many_choice"
        lines += [f"- ({letter}) {answer['answer']}" for letter, answer in answers]
        lines += ["", words["many_prompt"] if several else words["one_prompt"], ""]
        lines += [summary, ""]
        right = [(letter, answer) for letter, answer in answers if answer["correct"]]
        label = words["label_separator"].join(f"({letter})" for letter, _ in right)
        lines += [words["choice_answers" if several else "choice_answer"].format(labels=label), ""]
        lines += [f"- ({letter}) {answer['feedback']}" for letter, answer in right]
        lines += ["", words["why_not"], ""]
        lines += [f"- ({letter}) {answer['feedback']}" for letter, answer in answers if not answer["correct"]]
        lines += [""]
    lines += ["</details>"]
    return "\n".join(lines)


def quiz_markdown(questions: list[dict], first: int = 1, words: dict[str, str] | None = None) -> str:
    """Questions as Jupyter Markdown, numbered from ``first`` (what Colab shows for a ``{quiz}``), in ``words``."""
    return "\n\n".join(question_markdown(q, first + n, words) for n, q in enumerate(questions))


# --- HTML: what jupyterquiz's JavaScript draws ---


def _html_text(text: str) -> str:
    """A text for jupyterquiz, which writes it with innerHTML: HTML special characters escaped, `code` and
    *emphasis* marked up; $math$ is left to jupyterquiz and MathJax."""
    out = []
    for part in PIECES.split(text):
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(f"<code>{html.escape(part[1:-1], quote=False)}</code>")
        elif part.startswith("$"):
            out.append(html.escape(part, quote=False))
        else:
            out.append(EMPHASIS.sub(r"<em>\1</em>", html.escape(part, quote=False)))
    return "".join(out)


def for_the_page(question: dict) -> dict:
    """A question as the page hands it to jupyterquiz (its texts made safe for innerHTML)."""
    question = json.loads(json.dumps(question))
    question["question"] = _html_text(question["question"])
    for answer in question["answers"]:
        for key in ("answer", "feedback"):
            if key in answer:
                answer[key] = _html_text(answer[key])
    return question


def quiz_html(questions: list[dict], div_id: str) -> str:
    """The container jupyterquiz draws ``questions`` into (the attributes its ``show_questions`` reads)."""
    data = json.dumps([for_the_page(q) for q in questions], ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<div id="{div_id}" class="jupyterquiz mathjax_process" data-shufflequestions="False" '
        'data-shuffleanswers="False" data-preserveresponses="false" '
        f'data-numquestions="{len(questions)}" data-maxwidth="720" style="border-radius: 10px; text-align: left">'
        f'<script type="application/json" class="jupyterquiz-questions">{data}</script>'
        "<noscript><p>The self-check questions of this page need JavaScript.</p></noscript></div>\n"
    )


def library_js() -> str:
    """jupyterquiz's JavaScript (its ``js/*.js``, in the order ``display_quiz`` concatenates them) and the boot code."""
    folder = resources.files("jupyterquiz").joinpath("js")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".js")), key=lambda f: f.name)
    parts = [f"// jupyterquiz {_version()}: js/{f.name}\n" + f.read_text(encoding="utf-8") for f in files]
    return "\n".join(parts) + "\n// The book: draw each quiz of the page.\n" + BOOT_JS


def library_css() -> str:
    """jupyterquiz's ``styles.css`` with its colours, and the book's sizes."""
    variables = "".join(f"  {name}: {value};\n" for name, value in COLOURS.items())
    css = resources.files("jupyterquiz").joinpath("styles.css").read_text(encoding="utf-8")
    return f"/* jupyterquiz {_version()}: styles.css */\n.jupyterquiz {{\n{variables}}}\n{css}\n{BOOK_CSS}"


def _version() -> str:
    import jupyterquiz

    return jupyterquiz.__version__


# --- Sphinx ---


class quiz(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """Where self-check questions go: ``file`` (the quiz file), ``qids`` (None: the rest of it), ``questions``."""


class QuizDirective(SphinxDirective):
    """``{quiz} part2/saturation`` with an optional ``:questions: id, id``."""

    required_arguments = 1
    has_content = False
    option_spec = {"questions": directives.unchanged}

    def run(self) -> list:
        name = self.arguments[0].strip().removesuffix(".json")
        node = quiz(file=name, qids=parse_ids(self.options.get("questions")), questions=[])
        self.set_source_info(node)
        if not NAME.fullmatch(name):
            logger.warning(f"quiz: {name!r} is not a file name like part2/saturation", location=node)
            return []
        path = quiz_dir(Path(self.env.srcdir), self.config.quiz_dir) / f"{name}.json"
        if not path.is_file():
            logger.warning(f"quiz: no file {path}", location=node)
            return []
        self.env.note_dependency(str(path))
        try:
            questions = load(path)
        except ValueError as error:
            logger.warning(f"quiz: {error}", location=node)
            return []
        for problem in problems(questions):
            logger.warning(f"quiz {name}: {problem}", location=node)
        if node["qids"] is not None:
            try:
                select(questions, node["qids"])
            except KeyError as error:
                logger.warning(f"quiz {name}: {error.args[0]}", location=node)
                return []
        node["all"] = questions
        return [node]


def resolve(app: Any, doctree: Any) -> None:
    """Give each quiz of a page its questions (a quiz without ids: the rest of its file)."""
    found = list(doctree.findall(quiz))
    files = {node["file"]: node["all"] for node in found}
    chosen = shown([(node["file"], node["qids"]) for node in found], files.__getitem__)
    seen: set[tuple[str, str]] = set()
    for node, questions in zip(found, chosen):
        if not questions:
            logger.warning(f"quiz {node['file']}: no question left to show here", location=node)
        for question in questions:
            key = (node["file"], question.get("id"))
            if key in seen:
                logger.warning(f"quiz {node['file']}: question {key[1]} shown twice on the page", location=node)
            seen.add(key)
        node["questions"] = questions
        del node["all"]


def visit_quiz_html(self: Any, node: quiz) -> None:
    number = self.quiz_count = getattr(self, "quiz_count", 0) + 1
    self.body.append(quiz_html(node["questions"], f"quiz-{number}"))
    raise nodes.SkipNode


def skip_quiz(self: Any, node: quiz) -> None:
    raise nodes.SkipNode


def write_static(app: Any) -> None:
    """jupyterquiz's script and styles into the HTML output's ``_static/jupyterquiz/``."""
    if app.builder.format == "html":
        folder = Path(app.outdir) / "_static" / STATIC
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "jupyterquiz.js").write_text(library_js(), encoding="utf-8")
        (folder / "jupyterquiz.css").write_text(library_css(), encoding="utf-8")


def add_files(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Link jupyterquiz's script and styles from the pages that have a quiz, and only from those."""
    if doctree is not None and next(doctree.findall(quiz), None) is not None:
        app.builder.add_js_file(f"{STATIC}/jupyterquiz.js")
        app.builder.add_css_file(f"{STATIC}/jupyterquiz.css")


def setup(app: Any) -> dict:
    app.add_config_value("quiz_dir", DEFAULT_QUIZ_DIR, "env", types=[str])
    skip = (skip_quiz, None)
    app.add_node(quiz, html=(visit_quiz_html, None), latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_directive("quiz", QuizDirective)
    app.connect("doctree-read", resolve)
    app.connect("builder-inited", write_static)
    app.connect("html-page-context", add_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
