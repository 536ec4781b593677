"""The language in which ganlib talks to learners: the exercise checks' verdicts and hints.

The Chinese edition's notebooks start with ``ganlib.set_language("zh_CN")``; from then on
``ganlib.check`` prints "[通过]" instead of "[PASSED]", and its hints in Chinese. Error
messages of the library API stay English: they are what people search the web for.

Each hint is an f-string in ``ganlib/exercises``; its template (the f-string with ``{0}``,
``{1}``, ... for its values) is a message of the gettext catalog
``locale/<language>/LC_MESSAGES/ganlib.po``, which ``python -m tools.translate update``
compiles into ``ganlib/locale/<language>.json``. A printed hint is matched against the
templates and its values are put into the translated one, so a check's code does not
change to be translated. A value that is itself a message without values (the name of a test
case, such as "equal densities") is put in translated too.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from . import _validate

ENGLISH = "en"
LANGUAGES = (ENGLISH, "zh_CN")
CATALOGS = Path(__file__).parent / "locale"
PLACEHOLDER = re.compile(r"\{(\d+)\}")

_current = {"language": ENGLISH}


def set_language(language: str) -> None:
    """Make the exercise checks speak ``language``: ``"en"`` (the default) or ``"zh_CN"`` (简体中文)."""
    _validate.one_of("language", language, LANGUAGES)
    _current["language"] = language


def current_language() -> str:
    """The language the exercise checks speak (see :func:`set_language`)."""
    return _current["language"]


def translate(text: str) -> str:
    """``text`` (a verdict or hint that ganlib wrote in English) in the current language, if it has a translation."""
    if _current["language"] == ENGLISH:
        return text
    for pattern, translation in _templates(_current["language"]):
        match = pattern.fullmatch(text)
        if match:
            phrases = _phrases(_current["language"])
            return _fill(translation, tuple(phrases.get(value, value) for value in match.groups()))
    return text


def _fill(template: str, values: tuple[str, ...]) -> str:
    return PLACEHOLDER.sub(lambda m: values[int(m.group(1))], template)


def template_pattern(template: str) -> re.Pattern:
    """A regular expression that matches the texts an English template renders to."""
    parts = PLACEHOLDER.split(template.replace("{{", "\0").replace("}}", "\1"))
    literal = (re.escape(p.replace("\0", "{").replace("\1", "}")) for p in parts[::2])
    return re.compile("(.*?)".join(literal), re.S)


@cache
def _catalog(language: str) -> dict[str, str]:
    return json.loads((CATALOGS / f"{language}.json").read_text(encoding="utf-8"))


@cache
def _phrases(language: str) -> dict[str, str]:
    """The catalog's messages without values (``{0}``, ...), as the texts they render to."""
    unescape = lambda t: t.replace("{{", "{").replace("}}", "}")  # noqa: E731
    return {unescape(en): unescape(zh) for en, zh in _catalog(language).items() if not PLACEHOLDER.search(en)}


@cache
def _templates(language: str) -> list[tuple[re.Pattern, str]]:
    catalog = _catalog(language)
    # the longest templates first: a short one ("{0}") must not swallow a specific one
    ordered = sorted(catalog.items(), key=lambda item: -len(PLACEHOLDER.sub("", item[0])))
    return [(template_pattern(english), text.replace("{{", "{").replace("}}", "}")) for english, text in ordered]
