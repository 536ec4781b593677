"""A local Sphinx extension for the book (listed under ``sphinx.local_extensions`` in ``_config.yml``).

Sphinx 7 (which Jupyter Book 1.x requires) writes an inline ``<script>`` twice when an
extension adds it after the builder started, as sphinx-thebe and sphinx-togglebutton do:
``Sphinx.add_js_file`` hands the builder ``None`` as the file name, and the builder adds
the registry's copy again with ``''``, so the two do not compare equal. Every page then
loads ``const THEBE_JS_URL = ...`` twice and the browser reports "Identifier
'THEBE_JS_URL' has already been declared". Sphinx fixed this in 8.2 (sphinx-doc/sphinx
pull request 13402); until the book can use it, each page's scripts are de-duplicated here.
"""

from __future__ import annotations

from typing import Any


def _key(script: Any) -> tuple:
    attributes = tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items()))
    return str(getattr(script, "filename", script) or ""), attributes


def deduplicate_scripts(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Drop the second and later copies of any script in the page's ``script_files``."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app: Any) -> dict:
    app.connect("html-page-context", deduplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
