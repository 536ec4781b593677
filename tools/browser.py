"""Open the built book in headless Chromium and report what a reader's browser sees.

    python -m tools.browser [_build/html]    # check every page of a built book

Playwright drives the Chromium already installed on the machine (Debian's ``chromium``,
or ``$CHROMIUM``), so no browser is downloaded (never run ``playwright install``). The
pages are served by a local HTTP server on 127.0.0.1; every other host name resolves to
nothing, so a page that needs the internet (a CDN, a web font) shows up as a failed
request instead of a slow one.

For each page, :func:`inspect_page` returns the JavaScript errors and failed requests,
the images that did not load, the math that MathJax did not typeset (or typeset as an
error), the exercise boxes and solution toggles, and the targets of every link.
``tests/test_built_book.py`` turns these into checks.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Playwright adds --headless and its own profile and DevTools pipe; these are ours.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--hide-scrollbars",
    # Only this machine exists: a page that reaches for the internet fails visibly and at once.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 900}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

# Runs in the page after its load event: wait for MathJax and for every image, then report.
INSPECT_JS = r"""
(async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const images = Array.from(document.images);
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map(img => img.decode().catch(() => null)));
  const math = Array.from(document.querySelectorAll("span.math, div.math"));
  // TeX errors become <merror>; an undefined macro becomes red text (MathJax's noundefined).
  const mathErrors = () => {
    const found = [];
    const doc = window.MathJax && MathJax.startup && MathJax.startup.document;
    for (const item of (doc ? doc.math : [])) {
      item.root.walkTree(node => {
        if (node.isKind("merror")) {
          found.push(`${item.math.slice(0, 80)}: ${node.attributes.get("data-mjx-error") || "TeX error"}`);
        } else if (node.isKind("mtext") && node.attributes.get("mathcolor") === "red") {
          const text = node.childNodes.map(child => child.text || "").join("");
          found.push(`${item.math.slice(0, 80)}: undefined ${text}`);
        }
      });
    }
    return found;
  };
  return {
    title: document.title,
    url: location.href,
    mathjax: !!(window.MathJax && MathJax.version),
    images: images.length,
    brokenImages: images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute("src")),
    math: math.length,
    untypeset: math.filter(e => !e.querySelector("mjx-container")).map(e => e.textContent.slice(0, 80)),
    mathErrors: mathErrors(),
    exercises: Array.from(document.querySelectorAll("div.exercise")).map(e => e.id),
    solutions: Array.from(document.querySelectorAll("div.solution")).map(s => ({
      id: s.id,
      toggle: !!s.querySelector("button.toggle-button"),
      hidden: s.classList.contains("toggle-hidden"),
    })),
    links: Array.from(document.querySelectorAll("a[href]")).map(a => a.href),
  };
})()
"""


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable, or None. ``$CHROMIUM`` wins when set."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


@contextlib.contextmanager
def chromium(executable: str, timeout: float = 60.0) -> Iterator[BrowserContext]:
    """Headless Chromium at ``executable``, one browser for all pages: ``with chromium(path) as browser``.

    The profile is a real one (in a temporary folder), not an incognito context: pages share its
    disk cache and compiled-code cache, so MathJax is compiled once, not once per page.
    """
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile, sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable, args=CHROMIUM_FLAGS, viewport=VIEWPORT, timeout=timeout * 1000
        )
        browser.set_default_timeout(timeout * 1000)
        try:
            yield browser
        finally:
            browser.close()


def _console_line(message: ConsoleMessage) -> str | None:
    """A line of text for a console message that a reader's console shows as an error, else None."""
    url = message.location.get("url", "")
    if message.type not in ("error", "assert") or url.endswith("/favicon.ico"):
        return None  # the browser asks for favicon.ico by itself; the book declares no icon
    return f"console.{message.type}: {message.text} {url}".strip()


def _evaluate(page: Page) -> dict:
    """Run :data:`INSPECT_JS`; if the page sends itself elsewhere meanwhile (index.html), inspect where it went."""
    landed = page.url
    try:
        return page.evaluate(INSPECT_JS)
    except PlaywrightError as error:
        try:
            page.wait_for_url(lambda address: address != landed, wait_until="load", timeout=5000)
        except PlaywrightError:
            raise error from None  # the page stayed where it was: the script itself failed
    return page.evaluate(INSPECT_JS)


def inspect_page(browser: BrowserContext, url: str) -> dict:
    """Load ``url`` in a new tab and report what the reader sees (see :data:`INSPECT_JS`).

    Besides the fields of :data:`INSPECT_JS`, the report has ``console`` (errors, uncaught
    exceptions and failed loads, as text) and ``offsite`` (URLs the page tried to fetch from
    a host other than this machine).
    """
    console: list[str] = []
    requested: list[str] = []
    page = browser.new_page()
    page.on("console", lambda message: console.append(_console_line(message)))
    page.on("pageerror", lambda error: console.append(f"uncaught {error.name}: {error.message} ({page.url})"))
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "requestfailed",
        lambda request: console.append(
            None if request.failure == "net::ERR_ABORTED" else f"failed to load {request.url}: {request.failure}"
        ),
    )
    try:
        page.goto(url, wait_until="load")
        report = _evaluate(page)
        page.wait_for_timeout(200)  # let late console messages arrive
    finally:
        page.close()
    report["console"] = [line for line in console if line]
    report["offsite"] = sorted(
        {u for u in requested if urlsplit(u).scheme in ("http", "https") and urlsplit(u).hostname not in LOCAL_HOSTS}
    )
    return report


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class serve:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port) in a thread; ``with serve(d) as base_url``."""

    def __init__(self, directory: Path) -> None:
        handler = functools.partial(_Quiet, directory=str(directory))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.url

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


@functools.cache
def anchors(path: Path) -> frozenset[str]:
    """The ids (and ``<a name>``s) of an HTML file: the targets a ``#fragment`` can name."""
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


def broken_links(links: list[str], base_url: str, root: Path) -> list[str]:
    """The links under ``base_url`` whose file under ``root``, or whose ``#anchor`` in it, does not exist."""
    broken = []
    for link in links:
        if not link.startswith(base_url):
            continue
        address, fragment = urldefrag(link)
        target = root / unquote(urlsplit(address).path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{link} (no file {target.relative_to(root)})")
        elif fragment and target.suffix == ".html" and unquote(fragment) not in anchors(target):
            broken.append(f"{link} (no anchor #{unquote(fragment)} in {target.relative_to(root)})")
    return broken


FONT_JS = """([family, sample]) => document.fonts.ready.then(() => ({
  usable: document.fonts.check(`16px "${family}"`, sample),
  loaded: [...document.fonts].filter(f => f.family.replace(/["']/g, "") === family && f.status === "loaded").length,
  family: getComputedStyle(document.querySelector("main p, article p, p")).fontFamily,
}))"""


def font_report(browser: BrowserContext, url: str, family: str, sample: str, screenshot: Path) -> dict:
    """Whether the page sets ``sample`` in the web font ``family``, and a screenshot of it.

    The report has ``usable`` (the browser has the font's glyphs for ``sample``), ``loaded``
    (how many of the font's files it loaded for this page) and ``family`` (a paragraph's CSS
    font-family).
    """
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load")
        report = page.evaluate(FONT_JS, [family, sample])
        page.screenshot(path=str(screenshot))
    finally:
        page.close()
    return report


def pages(html: Path) -> list[Path]:
    """Every HTML page of a built book (not the copies of sources or static files)."""
    return sorted(p for p in html.rglob("*.html") if not {"_static", "_sources", "_images"} & set(p.parts))


def main(argv: list[str] | None = None) -> int:
    html = Path((argv or sys.argv[1:] or ["_build/html"])[0]).resolve()
    executable = find_chromium()
    if not executable:
        print("no Chromium found (set $CHROMIUM or install the Debian package chromium)")
        return 2
    problems = 0
    with serve(html) as base, chromium(executable) as browser:
        print(executable, browser.browser.version)
        for page in pages(html):
            rel = page.relative_to(html).as_posix()
            report = inspect_page(browser, base + rel)
            issues = (
                report["console"]
                + [f"image not loaded: {s}" for s in report["brokenImages"]]
                + [f"math not typeset: {m}" for m in report["untypeset"]]
                + [f"MathJax error: {m}" for m in report["mathErrors"]]
                + [f"offsite request: {u}" for u in report["offsite"]]
                + [f"broken link: {b}" for b in broken_links(report["links"], base, html)]
            )
            problems += len(issues)
            print(
                f"{rel}: {report['images']} images, {report['math']} equations, "
                f"{len(report['exercises'])} exercises, {len(issues)} problems"
            )
            for issue in issues:
                print(f"    {issue}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
