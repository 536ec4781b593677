"""A local Sphinx extension: the book's language editions (English and 简体中文) side by side.

Listed under ``sphinx.local_extensions`` in ``_config.yml``. It does two things:

- **Catalogs hold prose only.** Display equations (``$$ ... $$``, ``{math}``) and LaTeX
  outputs are shared by every edition, so the ``gettext`` builder leaves them out of the
  message catalogs (a translator never sees them and cannot break them).
- **Words that extensions write in English**: sphinx-proof starts every proof with "Proof. ";
  ``edition_proof`` (e.g. "证明：") replaces it in a translated edition.
- **Each page links to the same page in the other edition.** ``edition_switch`` (a dict
  with ``label``, the link's text, ``lang``, its language, and ``root``, the other
  edition's root relative to this edition's root) puts a link at the top of every page
  and an ``<link rel="alternate" hreflang=...>`` in its head. The English edition is
  published at the site's root, the Chinese one in ``zh/`` (see ``tools/translate.py``).
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes


def shared_math(app: Any, doctree: nodes.document, docname: str) -> None:
    """Mark display maths untranslatable when building message catalogs."""
    if app.builder.name != "gettext":
        return
    for node in doctree.findall(nodes.math_block):
        node["translatable"] = False


def proof_word(app: Any, doctree: nodes.document, docname: str) -> None:
    """Start each proof with the edition's word for "Proof" (sphinx-proof writes it in English)."""
    word = app.config.edition_proof
    if not word or app.builder.name == "gettext":
        return
    for node in doctree.findall(nodes.admonition):
        if "proof" in node["classes"]:
            for text in node.findall(nodes.Text):
                if text.startswith("Proof. "):
                    text.parent.replace(text, nodes.Text(word + text[len("Proof. ") :]))
                break


def other_edition_url(pagename: str, root: str) -> str:
    """The URL of ``pagename`` in the other edition, relative to the page itself."""
    up = "../" * pagename.count("/")
    return f"{up}{root}{pagename}.html"


def edition_link(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Link the page to the same page in the other edition."""
    switch = app.config.edition_switch
    if not switch or doctree is None:
        return
    url = html.escape(other_edition_url(pagename, switch["root"]))
    lang, label = html.escape(switch["lang"]), html.escape(switch["label"])
    context["metatags"] = context.get("metatags", "") + f'\n<link rel="alternate" hreflang="{lang}" href="{url}" />'
    link = f'<p class="edition-switch"><a href="{url}" hreflang="{lang}" lang="{lang}">{label}</a></p>\n'
    context["body"] = link + context.get("body", "")


def setup(app: Any) -> dict:
    app.add_config_value("edition_switch", {}, "html", dict)
    app.add_config_value("edition_proof", "", "env", str)
    app.connect("doctree-resolved", proof_word)
    app.connect("doctree-resolved", shared_math)
    app.connect("html-page-context", edition_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
