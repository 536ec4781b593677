"""The self-check questions: every chapter has them, every file follows the format, every ``{quiz}`` resolves.

The questions are drawn in the browser by jupyterquiz (tests/test_built_book.py answers them in each
chapter's page); the Colab edition shows them as text (tests/test_colab.py).
"""

import json
import re
import subprocess
import sys

import pytest

from tests.quiz_pages import CHAPTERS, END_HEADING, page_questions, page_text, quiz_folder, quiz_name
from tools.notebooks import ROOT, config
from tools.sphinx_quiz import (
    ID,
    for_the_page,
    library_css,
    library_js,
    load,
    page_quizzes,
    problems,
    question_markdown,
    quiz_html,
    shown,
)

MINIMUM = 3  # questions at the end of every chapter


def test_the_quiz_folder_is_one_setting_of_the_book(monkeypatch):
    assert config()["sphinx"]["config"]["quiz_dir"] == "book/quizzes"
    assert quiz_folder() == ROOT / "book" / "quizzes" and quiz_folder().is_dir()
    assert "sphinx_quiz" in config()["sphinx"]["local_extensions"]
    # The Colab edition reads the same setting: a translated edition changes it in one place.
    import tools.colab

    translated = {**config(), "sphinx": {"config": {"quiz_dir": "locales/fr/quizzes"}}}
    monkeypatch.setattr(tools.colab, "config", lambda root=ROOT: translated)
    assert quiz_folder() == ROOT / "locales" / "fr" / "quizzes"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_every_chapter_ends_with_at_least_three_questions(doc):
    text = page_text(doc)
    assert text.count(END_HEADING) == 1, f"{doc}: expected one '{END_HEADING}' section"
    end = text[text.index(END_HEADING) :]
    # The section follows the summary and comes before the exercises (or the references).
    assert text.index("## Summary") < text.index(END_HEADING)
    following = re.search(r"^## (?!Check your understanding)(.*)$", end, re.M)
    assert following and following.group(1) in ("Exercises", "References"), f"{doc}: {following}"
    quizzes = page_quizzes(end[: following.start()])
    assert quizzes == [(quiz_name(doc), None)], f"{doc}: the section shows the rest of {quiz_name(doc)}"
    questions = page_questions(doc)[page_quizzes(text).index((quiz_name(doc), None))]
    assert len(questions) >= MINIMUM, f"{doc}: {len(questions)} questions at the end"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_every_quiz_resolves_and_every_question_is_shown_once(doc):
    quizzes = page_quizzes(page_text(doc))
    assert {name for name, _ in quizzes} == {quiz_name(doc)}, f"{doc} shows another chapter's questions"
    questions = load(quiz_folder() / f"{quiz_name(doc)}.json")
    placed = [q["id"] for group in page_questions(doc) for q in group]  # raises KeyError for an unknown id
    assert sorted(placed) == sorted(q["id"] for q in questions), f"{doc}: each question once, none left out"


def test_every_quiz_file_belongs_to_a_chapter_and_follows_the_format():
    files = sorted(quiz_folder().rglob("*.json"))
    assert {f.relative_to(quiz_folder()).with_suffix("").as_posix() for f in files} == {
        quiz_name(doc) for doc in CHAPTERS
    }
    for path in files:
        questions = load(path)
        assert not problems(questions), f"{path.name}: {problems(questions)}"
        for question in questions:
            if question["type"] == "multiple_choice":
                assert sum(a["correct"] for a in question["answers"]) == 1
                assert len(question["answers"]) >= 3, f"{question['id']}: at least three choices"
            for answer in question["answers"]:
                assert len(answer["feedback"]) >= 25, f"{question['id']}: feedback must say why: {answer}"


def test_the_right_answer_is_not_always_in_the_same_place():
    places = [
        next(i for i, a in enumerate(q["answers"]) if a["correct"])
        for path in quiz_folder().rglob("*.json")
        for q in load(path)
        if q["type"] == "multiple_choice"
    ]
    # A reader must not learn that the answer is usually (b): each place holds at most 40% of the right answers.
    assert max(places.count(i) for i in set(places)) < 0.4 * len(places), places


# --- The format's checks, and what the page and Colab get: each can fail ---


def _question(**changes):
    question = {
        "id": "q",
        "type": "multiple_choice",
        "question": "Which is $x$?",
        "answers": [
            {"answer": "a", "correct": True, "feedback": "Right, because a."},
            {"answer": "b", "correct": False, "feedback": "No: b is not a."},
        ],
    }
    question.update(changes)
    return question


def test_problems_finds_each_kind_of_mistake():
    assert problems([_question()]) == []
    two_right = _question(answers=[{"answer": x, "correct": True, "feedback": "Because."} for x in "ab"])
    assert "exactly one correct answer" in problems([two_right])[0]
    no_feedback = _question(answers=[{"answer": "a", "correct": True}, {"answer": "b", "correct": False}])
    assert "feedback" in problems([no_feedback])[0]
    assert "unbalanced $" in problems([_question(question="Is $x < 1?")])[0]
    assert "id used twice" in problems([_question(), _question()])[0]
    assert "id must be" in problems([_question(id="Bad id")])[0]
    assert "backslash before a quote" in problems([_question(question='Is it \\"real\\"?')])[0]
    assert "no **strong** text" in problems([_question(question="Is it **real**?")])[0]
    numeric = {
        "id": "n",
        "type": "numeric",
        "question": "How many?",
        "answers": [{"value": 3, "correct": True, "feedback": "Three."}, {"value": 2, "correct": False}],
    }
    found = problems([numeric])
    assert any("default" in p for p in found) and any("answer 1 feedback" in p for p in found)
    assert ID.fullmatch("which-loss") and not ID.fullmatch("-x")


def test_a_quiz_without_ids_shows_the_rest_of_its_file():
    files = {"c": [_question(id=i) for i in ("a", "b", "c")]}
    groups = shown([("c", ["b"]), ("c", None)], files.__getitem__)
    assert [[q["id"] for q in g] for g in groups] == [["b"], ["a", "c"]]
    with pytest.raises(KeyError, match="nope"):
        shown([("c", ["nope"])], files.__getitem__)
    text = "Text.\n\n```{quiz} part2/x\n:questions: b, c\n```\n\nMore.\n\n```{quiz} part2/x\n```\n"
    assert page_quizzes(text) == [("part2/x", ["b", "c"]), ("part2/x", None)]


def test_the_page_gets_jupyterquiz_with_safe_text_and_colab_gets_text():
    question = _question(question="Is $a < b$ in `x</script>`?")
    page = quiz_html([question], "quiz-1")
    data = re.search(r'<script type="application/json" class="jupyterquiz-questions">(.*?)</script>', page, re.S)
    embedded = json.loads(data.group(1))
    assert embedded[0]["question"] == "Is $a &lt; b$ in <code>x&lt;/script&gt;</code>?"
    emphasis = for_the_page(_question(question="The *non-saturating* loss $D^*(x) = a*b*c$ and 2*3*4?"))
    assert emphasis["question"] == "The <em>non-saturating</em> loss $D^*(x) = a*b*c$ and 2*3*4?"
    chinese = for_the_page(_question(question="是不是*这个*数字？*远大于* 1，而 a*b*c 不变"))
    assert chinese["question"] == "是不是<em>这个</em>数字？<em>远大于</em> 1，而 a*b*c 不变"
    assert 'data-shuffleanswers="False"' in page and "mathjax_process" in page
    # jupyterquiz's own widget, not a copy: its files, in display_quiz's order, and its styles.
    js = library_js()
    assert js.index("class Question") < js.index("Question.register('multiple_choice'") < js.index("show_questions(")
    assert ".MCButton" in library_css() and "--jq-correct-color" in library_css()
    text = question_markdown(question, 4)
    assert text.startswith("**Question 4.** Is $a < b$")
    assert "- (a) a\n- (b) b" in text and "<details><summary>Answer</summary>" in text
    assert text.index("<details>") < text.index("**Answer: (a).**") < text.index("Right, because a.")
    assert text.index("Why not the others") < text.index("- (b) No: b is not a.") and text.endswith("</details>")


# --- The directive in a Sphinx build of its own (the book's build is tests/test_built_book.py) ---


def _sphinx(tmp_path, page: str, files: dict) -> tuple[subprocess.CompletedProcess, str]:
    """Build a one-page Sphinx project whose quiz files are under ``elsewhere/questions`` (its quiz_dir)."""
    src = tmp_path / "src"
    (src / "elsewhere" / "questions").mkdir(parents=True)
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'tools')!r})\n"
        'extensions = ["myst_parser", "sphinx_quiz"]\nmyst_enable_extensions = ["dollarmath"]\n'
        'quiz_dir = "elsewhere/questions"\n'
    )
    (src / "index.md").write_text(page)
    for name, questions in files.items():
        (src / "elsewhere" / "questions" / f"{name}.json").write_text(json.dumps(questions))
    out = tmp_path / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", str(src), str(out)],
        capture_output=True,
        text=True,
    )
    page_file = out / "index.html"
    return result, page_file.read_text(encoding="utf-8") if page_file.exists() else ""


def test_the_directive_embeds_the_questions_and_jupyterquiz_from_quiz_dir(tmp_path):
    questions = [_question(id=i, question=f"Question {i}?") for i in ("a", "b", "c")]
    page = "# Page\n\n```{quiz} demo\n:questions: b\n```\n\nText.\n\n```{quiz} demo\n```\n"
    result, html = _sphinx(tmp_path, page, {"demo": questions})
    assert result.returncode == 0, result.stderr
    embedded = re.findall(r'class="jupyterquiz-questions">(.*?)</script>', html, re.S)
    assert [[q["id"] for q in json.loads(data)] for data in embedded] == [["b"], ["a", "c"]]
    assert '<script src="_static/jupyterquiz/jupyterquiz.js' in html and "jupyterquiz.css" in html
    assert "function show_questions" in (tmp_path / "html" / "_static" / "jupyterquiz" / "jupyterquiz.js").read_text()


def test_the_directive_warns_about_what_does_not_resolve(tmp_path):
    broken = _question(id="x", answers=[{"answer": "a", "correct": True, "feedback": "Because a."}] * 2)
    page = (
        "# Page\n\n```{quiz} demo\n:questions: nope\n```\n\n```{quiz} missing\n```\n\n"
        "```{quiz} bad\n```\n\n```{quiz} demo\n:questions: a\n```\n\n```{quiz} demo\n:questions: a\n```\n"
    )
    result, _ = _sphinx(tmp_path, page, {"demo": [_question(id="a")], "bad": [broken]})
    assert result.returncode != 0
    assert "no question with id nope" in result.stderr
    assert "no file" in result.stderr and "missing.json" in result.stderr
    assert "exactly one correct answer" in result.stderr
    assert "question a shown twice" in result.stderr
