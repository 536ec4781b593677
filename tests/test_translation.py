"""The Chinese edition's catalogs: complete, current, and put back where their English came from.

The message templates are extracted from the English book once per test run (a gettext
build, about 10 s) and shared by the tests here and by the Chinese builds of other files.
"""

import json

import nbformat
import pytest
from babel.messages.catalog import Catalog

import ganlib
from ganlib.exercises import CHECKS, evaluate
from ganlib.language import template_pattern, translate
from tests.shared import english_messages
from tests.test_exercises import WRONG_ANSWERS
from tools import translate as tr

pytestmark = pytest.mark.book
LANGUAGE = "zh_CN"


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture(scope="module")
def pots(tmp_path_factory):
    return english_messages(tmp_path_factory)


def test_every_message_is_translated_and_current(pots):
    """Fails on any untranslated or fuzzy message, any English changed since it was translated, broken markup."""
    assert tr.problems(pots, LANGUAGE) == []


def test_each_page_and_the_checks_have_a_catalog(pots):
    docs = {p.relative_to(pots).with_suffix("").as_posix() for p in pots.rglob("*.pot")}
    assert set(tr.pages()) <= docs and {tr.CONFIG_DOC, tr.GANLIB_DOC} <= docs


def _catalogs(tmp_path, monkeypatch, pot_messages, po_messages):
    """A template and a catalog of one page, in a temporary locale folder."""
    monkeypatch.setattr(tr, "LOCALE", tmp_path / "locale")
    pot, po = Catalog(), Catalog(locale=LANGUAGE)
    for text in pot_messages:
        pot.add(text, locations=[("book/x.md", 1)])
    for text, translation, fuzzy in po_messages:
        po.add(text, translation, flags=["fuzzy"] if fuzzy else [])
    tr._write(pot, tmp_path / "pots" / "book" / "x.pot")
    tr._write(po, tr.catalog_dir(LANGUAGE) / "book" / "x.po")
    return tmp_path / "pots"


def test_the_check_names_each_kind_of_problem(tmp_path, monkeypatch):
    pots = _catalogs(
        tmp_path,
        monkeypatch,
        ["Good one.", "Not yet translated.", "Fuzzy one.", "The English changed.", "See {doc}`other` now."],
        [
            ("Good one.", "好的。", False),
            ("Not yet translated.", "", False),
            ("Fuzzy one.", "模糊的。", True),
            ("The English was this.", "英文是这样。", False),
            ("See {doc}`other` now.", "现在看 {doc}`another`。", False),
        ],
    )
    found = tr.problems(pots, LANGUAGE)
    assert len(found) == 4, found
    assert "untranslated: 'Not yet translated.'" in found[0]
    assert "fuzzy" in found[1] and "Fuzzy one." in found[1]
    assert "changed" in found[2] and "The English changed." in found[2]
    assert "markup" in found[3] and "{doc}`other`" in found[3]


def test_update_fills_in_what_needs_no_translator(tmp_path, monkeypatch):
    """sphinx-intl makes the catalog; numbers, maths, code and cross-references are copied, prose is left."""
    monkeypatch.setattr(tr, "LOCALE", tmp_path / "locale")
    monkeypatch.setattr(tr, "ROOT", tmp_path)
    pot = Catalog()
    for text in ["Good one.", "1,200", "{doc}`/book/first_gan`", "$x^2$"]:
        pot.add(text, locations=[("book/x.md", 1)])
    tr._write(pot, tmp_path / "pots" / "book" / "x.pot")
    tr.update(tmp_path / "pots", LANGUAGE)
    assert tr.problems(tmp_path / "pots", LANGUAGE) == ["book/x.po: untranslated: 'Good one.'"]
    # A changed number that sphinx-intl matches to the old one (a fuzzy guess) is copied again.
    pot.delete("1,200")
    pot.add("1,250", locations=[("book/x.md", 1)])
    tr._write(pot, tmp_path / "pots" / "book" / "x.pot")
    tr.update(tmp_path / "pots", LANGUAGE)
    assert tr.problems(tmp_path / "pots", LANGUAGE) == ["book/x.po: untranslated: 'Good one.'"]
    assert tr.needs_translation("Run") and tr.needs_translation("the $x$ axis")


@pytest.mark.parametrize("doc", [d for d in tr.pages()])
def test_every_message_goes_back_to_its_place(pots, doc):
    """With every message 'translated' to a marked copy, each page's copy holds every marked message."""
    catalog = tr._read(pots / f"{doc}.pot")
    source = tr.source_file(doc).relative_to(tr.ROOT).as_posix()
    here = [m for m in catalog if m.id and any(file == source for file, _ in m.locations)]  # not its questions
    table = {m.id: "译" + m.id for m in here if tr.needs_translation(m.id)}
    captions = tr.caption_messages(doc)
    text = tr.translate_page(doc, catalog, table, LANGUAGE, captions)
    if tr.source_file(doc).suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        text = "\n".join("".join(c["source"]) + json.dumps(c.get("metadata", {}), ensure_ascii=False) for c in cells)
    flat = tr._flat(text)
    missing = [m for m in table if m not in captions and tr._flat("译" + m) not in flat and "译" + m not in text]
    assert not missing, missing[:5]
    assert "译" not in tr._flat(tr.source_file(doc).read_text(encoding="utf-8"))  # the English source is untouched


def test_the_self_check_questions_are_translated_and_keep_their_answers(pots, tmp_path):
    doc = "book/part2/saturation"
    texts = [text for text, _ in tr.quiz_messages(doc)]
    catalog = tr._read(pots / f"{doc}.pot")
    assert texts and all(text in catalog for text in texts)
    tr.translate_quiz(doc, {text: "译" + text for text in texts}, tmp_path)
    english = json.loads(tr.quiz_file(doc).read_text(encoding="utf-8"))
    chinese = json.loads(tr.quiz_file(doc, tmp_path).read_text(encoding="utf-8"))
    assert [q["id"] for q in chinese] == [q["id"] for q in english]
    for en, zh in zip(english, chinese):
        assert zh["question"] == "译" + en["question"]
        for a, b in zip(en["answers"], zh["answers"]):
            kept = [{k: v for k, v in answer.items() if k not in tr.QUIZ_TEXT} for answer in (a, b)]
            assert kept[0] == kept[1]  # right or wrong, values and ranges unchanged
            assert all(b[k] == "译" + a[k] for k in tr.QUIZ_TEXT if k in a)


def test_a_message_that_is_not_in_its_source_is_an_error(pots):
    catalog = tr._read(pots / "book/part2/saturation.pot")
    catalog.add("A sentence the chapter does not have.", locations=[("book/part2/saturation.ipynb", 10004)])
    with pytest.raises(LookupError, match="does not have"):
        tr.translate_page("book/part2/saturation", catalog, {"A sentence the chapter does not have.": "无"}, LANGUAGE)


def test_the_chinese_notebooks_set_the_checks_language(pots):
    doc = "book/part2/saturation"
    nb = json.loads(tr.translate_page(doc, tr._read(pots / f"{doc}.pot"), {}, LANGUAGE))
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert sum('ganlib.set_language("zh_CN")' in s for s in sources) == 1
    stored = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert "[通过]" in stored and "[PASSED]" not in stored


def test_the_json_that_ganlib_reads_is_the_catalog(tmp_path, monkeypatch):
    shipped = (tr.ROOT / "ganlib" / "locale" / f"{LANGUAGE}.json").read_text(encoding="utf-8")
    monkeypatch.setattr(tr, "ROOT", tmp_path)
    assert tr.write_ganlib_catalog(LANGUAGE).read_text(encoding="utf-8") == shipped


# ganlib's language


@pytest.fixture
def chinese():
    ganlib.set_language("zh_CN")
    yield
    ganlib.set_language("en")


def test_english_is_the_default_and_unchanged():
    assert ganlib.current_language() == "en"
    assert translate("[PASSED] exercise x:") == "[PASSED] exercise x:"


@pytest.mark.parametrize("bad", ["fr", "zh", None, 3])
def test_set_language_rejects_what_it_does_not_speak(bad):
    with pytest.raises((ValueError, TypeError), match="language"):
        ganlib.set_language(bad)


def test_a_template_matches_what_it_renders_and_nothing_else():
    pattern = template_pattern("at w={0}, c={1} the gradient is {2}; {{braces}} stay")
    assert pattern.fullmatch("at w=0.5, c=-1 the gradient is (1, 2); {braces} stay").groups() == ("0.5", "-1", "(1, 2)")
    assert pattern.fullmatch("at w=0.5 the gradient is 1; {braces} stay") is None


@pytest.mark.parametrize("label", sorted(CHECKS))
def test_every_check_speaks_chinese(chinese, label):
    """The verdict and hint of a wrong answer, and of an empty one, are Chinese, with the English values kept."""
    result = evaluate(label, WRONG_ANSWERS[label])
    assert result.status == "failed"
    text = str(result)
    assert text.startswith(f"[未通过] 练习 {label}：") and has_chinese(text.split("：", 1)[1]), text
    assert str(evaluate(label, ...)).startswith(f"[尚未完成] 练习 {label}：")


def test_a_case_named_in_a_hint_is_translated_too(chinese):
    """A hint names the failing test case ("for equal densities ..."): the name is put in translated."""
    catalog = json.loads((tr.ROOT / "ganlib" / "locale" / f"{LANGUAGE}.json").read_text(encoding="utf-8"))
    text = str(evaluate("gan1d-expected-d", lambda p_data, p_g, dx: -1.0))  # fails on the first case
    assert catalog["equal densities"] in text and "equal densities" not in text, text


def test_passed_and_raised_verdicts_speak_chinese(chinese):
    assert has_chinese(str(evaluate("saturation-threshold", 1 / 101)))
    raised = str(evaluate("saturation-ratio", lambda d: 1 / 0))
    assert raised.startswith("[未通过]") and "ZeroDivisionError" in raised and has_chinese(raised.split("：", 1)[1])


def test_a_table_cell_is_found_in_its_table_when_a_word_of_the_reported_cell_reads_the_same(tmp_path, monkeypatch):
    """MyST-NB reports a notebook table's cells at a directive's line elsewhere; a paragraph of that cell that
    contains the same word does not capture the message."""
    cells = [
        nbformat.v4.new_markdown_cell("```{math}\n:label: eq-x\nx\n```\n\nk-means splits data into $k$ clusters."),
        nbformat.v4.new_markdown_cell("| clusters | purity |\n| --- | --- |\n| 10 | 57% |"),
    ]
    path = tmp_path / "x.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    monkeypatch.setattr(tr, "source_file", lambda doc: path)
    pot = Catalog()
    pot.add("clusters", locations=[("book/x.ipynb", 10002)])  # cell 0, line 2: the directive's label
    pot.add("k-means splits data into $k$ clusters.", locations=[("book/x.ipynb", 10006)])
    table = {"clusters": "簇数", "k-means splits data into $k$ clusters.": "k 均值把数据分成 $k$ 个簇。"}
    notebook = nbformat.reads(tr.translate_page("book/x", pot, table, LANGUAGE), as_version=4)
    assert "k 均值把数据分成 $k$ 个簇。" in notebook.cells[0].source
    assert notebook.cells[1].source.startswith("| 簇数 | purity |")
