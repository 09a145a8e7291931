"""Reference managers on the built site, in headless Chromium: what they read, read as they read it.

The golden fixture (JSON digests with authors, reading lists) is built once (conftest.people_site).

- Zotero's Embedded Metadata translator takes `html>head>meta[name$="citation_..."]` from the live
  DOM; Google Scholar the same tags in the head. Their values must be the paper's data, exactly.
- Zotero's COinS translator takes every `span.Z3988[title]` of the page as loaded and splits and
  decodes its title (tests/test_citations.zotero_context_object): one item per paper of a list
  page, its arXiv DOI (which Zotero looks up; cite.js writes it, as render/citations.coins would)
  or, for a paper known by its title only, its title, authors and date.
- The JSON-LD parses as JSON and describes the paper.
- The BibTeX buttons (overrides/assets/javascripts/cite.js): over HTTP "Copy" puts the .bib on
  the clipboard and "BibTeX of these N papers" saves the papers' .bib files as one file, which
  bibtexparser reads back; from disk (file:) both say why they cannot and point to the links.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import pytest

from generator.papers.authors import distinct_authors
from generator.render import citations
from generator.render.export import read_export
from generator.render.names import highwire_names, split_name

from . import test_offline
from .test_citations import paper as cited
from .test_citations import zotero_context_object
from .test_offline import serve

browser = test_offline.browser  # the headless Chromium fixture
pytestmark = pytest.mark.browser

PAPER = "papers/hostile-names-raw-100-emph-tex-braces-in-bibtex.html"
AUTHOR = "authors/ada-example.html"


def exported(site: Path) -> dict[str, dict[str, Any]]:
    return {p["url"]: p for p in read_export(site)}


def test_highwire_tags_and_json_ld_as_zotero_and_scholar_read_them(browser: Any, people_site: Path) -> None:
    site = people_site / "site"
    paper = exported(site)[PAPER]
    page = browser.new_page()
    page.goto((site / PAPER).as_uri())
    tags = page.evaluate(
        """() => Object.fromEntries(["title", "author", "publication_date", "arxiv_id", "pdf_url", "abstract"].map(
             (name) => [name, [...document.querySelectorAll(`html>head>meta[name$="citation_${name}"]`)]
                               .map((m) => m.content)]))"""
    )
    assert tags == {
        "title": [paper["title"]],
        "author": list(highwire_names(paper["authors"])),
        "publication_date": [paper["published"].replace("-", "/")],
        "arxiv_id": [paper["arxiv_id"]],
        "pdf_url": [f"https://arxiv.org/pdf/{paper['arxiv_id']}"],
        "abstract": [paper["abstract"]],
    }
    assert "Hidden Person" not in page.content()
    data = page.evaluate("() => JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert data["@type"] == "ScholarlyArticle" and data["headline"] == paper["title"]
    assert [a["name"] for a in data["author"]] == paper["authors"]
    assert page.evaluate("() => document.querySelectorAll('script').length") == page.evaluate(
        "() => document.querySelectorAll('script[src], script[type]').length"
    ), "no data text became a script"
    page.close()


def test_citation_abstract_is_each_papers_abstract_once_the_page_has_loaded(browser: Any, people_site: Path) -> None:
    """cite.js writes the tag from the abstract's paragraph: the text exactly, none without an abstract."""
    site = people_site / "site"
    papers = exported(site)
    page = browser.new_page()
    read = 0
    for url, paper in sorted(papers.items()):
        page.goto((site / url).as_uri())
        found = page.evaluate(
            """() => [...document.querySelectorAll('html>head>meta[name="citation_abstract"]')].map((m) => m.content)"""
        )
        assert found == ([paper["abstract"]] if paper["abstract"] else []), url
        read += bool(found)
    page.close()
    assert "citation_abstract" not in (site / PAPER).read_text(encoding="utf-8"), "written at load, not in the HTML"
    assert read >= 5


@pytest.mark.parametrize(
    "path", [AUTHOR, "digests/2024-03-15.html", "lists/reading-group.html", "topics/diffusion-models.html"]
)
def test_every_paper_of_a_list_page_is_a_complete_coins_item(browser: Any, people_site: Path, path: str) -> None:
    site = people_site / "site"
    papers = exported(site)
    page = browser.new_page()
    page.goto((site / path).as_uri())
    found = page.evaluate(
        """() => [...document.querySelectorAll('span.Z3988[title]')].map((span) =>
             [span.closest('li').querySelector('a').getAttribute('href'), span.title])"""
    )
    entries = page.evaluate("() => document.querySelectorAll('li:has(> span.Z3988, > span[data-arxiv])').length")
    page.close()
    assert found and len(found) == entries, "every paper's span became a COinS item once the page loaded"
    for href, title in found:
        paper = papers[posixpath.normpath(posixpath.join(posixpath.dirname(path), href))]
        co = zotero_context_object(title)
        assert co["ctx_ver"] == ["Z39.88-2004"]
        assert co["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:dc"] and co["rft.type"] == ["preprint"]
        if paper["arxiv_id"]:  # Zotero looks the DOI up and saves arXiv's own record; cite.js wrote it
            assert title == citations.coins(cited("any title", arxiv=paper["arxiv_id"]))
        else:
            assert co["rft.title"] == [paper["title"].replace("+", " ")]
            assert co.get("rft.creator", []) == [a.replace("+", " ") for a in paper["authors"] or []]


def _context(browser: Any) -> Any:
    return browser.new_context(accept_downloads=True, permissions=["clipboard-read", "clipboard-write"])


def test_copy_and_page_bibtex_over_http(browser: Any, people_site: Path) -> None:
    site = people_site / "site"
    context = _context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(site, test_offline.base_path(site)) as base:
        page.goto(base + PAPER)
        page.get_by_role("button", name="Copy").click()
        page.wait_for_function("document.querySelector('.cite-status').textContent === 'Copied'")
        assert (
            page.evaluate("() => navigator.clipboard.readText()") == (site / PAPER.replace(".html", ".bib")).read_text()
        )
        page.goto(base + AUTHOR)
        with page.expect_download() as download:
            page.get_by_role("button", name="BibTeX of these 3 papers").click()
        saved = Path(download.value.path()).read_text(encoding="utf-8")
        assert download.value.suggested_filename == "authors-ada-example.bib"
    context.close()
    assert not errors
    library = citations.parse_bibtex(saved)
    assert not library.failed_blocks
    keys = [e.key for e in library.entries]
    assert keys == [  # the author page's order: newest first by first listing
        "hostile-names-raw-100-emph-tex-braces-in-bibtex",
        "distilling-diffusion-models-into-one-step",
        "routing-tokens-without-auxiliary-loss",
    ]
    assert saved == "\n".join((site / "papers" / f"{k}.bib").read_text(encoding="utf-8") for k in keys)


def test_copy_of_an_empty_bib_says_there_is_nothing_to_copy(browser: Any, tmp_path: Path) -> None:
    """It said "Copied" with nothing copied (a tester). A list with no papers yet has no Copy button
    (test_render_lists); a .bib emptied since the page was built is still never "Copied"."""
    script = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "javascripts" / "cite.js"
    (tmp_path / "cite.js").write_bytes(script.read_bytes())
    (tmp_path / "empty.bib").write_text("\n", encoding="utf-8")
    (tmp_path / "404.html").write_text("<!doctype html><title>404</title>", encoding="utf-8")
    page_html = '<!doctype html><title>x</title><p><a class="cite-bib" href="empty.bib">BibTeX</a></p>'
    (tmp_path / "index.html").write_text(page_html + '<script src="cite.js"></script>', encoding="utf-8")
    context = _context(browser)
    page = context.new_page()
    with serve(tmp_path) as base:
        page.goto(base + "index.html")
        page.evaluate("() => navigator.clipboard.writeText('before')")
        page.get_by_role("button", name="Copy").click()
        page.wait_for_function("document.querySelector('.cite-status').textContent !== ''")
        assert page.locator(".cite-status").text_content() == "Nothing to copy: the BibTeX file is empty"
        assert page.evaluate("() => navigator.clipboard.readText()") == "before"
    context.close()


def test_from_disk_the_buttons_say_what_to_do(browser: Any, people_site: Path) -> None:
    site = people_site / "site"
    page = browser.new_page()
    page.goto((site / AUTHOR).as_uri())
    page.get_by_role("button", name="BibTeX of these 3 papers").click()
    assert "Opened from disk" in page.locator(".cite-status").first.text_content()
    page.goto((site / PAPER).as_uri())
    page.get_by_role("button", name="Copy").click()
    assert "open the BibTeX link before this button" in page.locator(".cite-status").first.text_content()
    assert page.get_by_role("link", name="BibTeX").get_attribute("href").endswith(".bib")
    page.close()


def test_the_buttons_read_well_in_the_dark_scheme(browser: Any, people_site: Path) -> None:
    """WCAG 1.4.3: 4.5:1 for the buttons' text on the dark scheme's background (indigo was 2.35:1)."""
    page = browser.new_page()
    page.goto((people_site / "site" / AUTHOR).as_uri())
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    colour = page.get_by_role("button", name="BibTeX of these 3 papers").evaluate(SETTLED_COLOUR)
    assert contrast(colour, background) >= 4.5, (colour, background)
    page.goto((people_site / "site" / PAPER).as_uri())
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    colour = page.get_by_role("button", name="Copy").evaluate(SETTLED_COLOUR)
    assert contrast(colour, background) >= 4.5, (colour, background)
    page.close()


# Material's .md-button fades its colour (a 125 ms transition): read it once the fade is over.
SETTLED_COLOUR = "b => Promise.all(b.getAnimations().map(a => a.finished)).then(() => getComputedStyle(b).color)"


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two CSS rgb() colours."""

    def luminance(colour: str) -> float:
        channels = [int(x) / 255 for x in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_bib_file_of_the_site_round_trips(people_site: Path) -> None:
    site = people_site / "site"
    papers = {p["id"]: p for p in read_export(site)}
    bib_files = sorted(site.rglob("*.bib"))
    assert len(bib_files) == len(papers) + 2  # one per paper, one per reading list
    for path in bib_files:
        library = citations.parse_bibtex(path.read_text(encoding="utf-8"))
        assert not library.failed_blocks, path
        for entry in library.entries:
            paper = papers[entry.key]
            assert entry.fields_dict["title"].value == paper["title"], path
            cited = distinct_authors(paper["authors"] or ())
            assert citations.author_people(entry) == [split_name(name) for name in cited], path
