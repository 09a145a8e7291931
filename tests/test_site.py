"""The real data end to end: generate, `mkdocs build --strict`, and check what readers get."""

from __future__ import annotations

import html
import json
import os
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from mkdocs.utils.meta import get_data

from generator import build, config
from generator.render.export import read_export
from generator.write import site

from . import snapshot
from .conftest import DIGESTS, FIXTURES, copy_project

pytestmark = pytest.mark.slow


def test_every_distinct_paper_has_a_page(built_site: Path):
    papers = read_export(built_site / "site")
    assert len(papers) == 285
    for paper in papers:
        assert (built_site / "site" / paper["url"]).is_file()
    pages = list((built_site / "site" / "papers").glob("*.html"))
    assert len(pages) == 285


def test_papers_json_contract(built_site: Path):
    papers = read_export(built_site / "site")
    assert [p["id"] for p in papers] == sorted(p["id"] for p in papers)
    ids = {p["id"] for p in papers}
    for paper in papers:
        assert list(paper) == [
            *("id", "title", "url", "abstract", "digests", "tags", "related", "links"),
            *("arxiv_id", "authors", "published", "upvotes", "code", "code_stars", "project_page", "withdrawn"),
        ]
        # The seed digests are text: what only the API knows is null.
        assert {paper[k] for k in ("arxiv_id", "authors", "published", "upvotes", "code", "withdrawn")} == {None}
        assert paper["url"] == f"papers/{paper['id']}.html"
        assert paper["digests"] and all(re.fullmatch(r"\d{4}-\d\d-\d\d", d["date"]) for d in paper["digests"])
        assert all(isinstance(t, str) for t in paper["tags"])
        assert set(paper["related"]) <= ids - {paper["id"]}
        assert all(u.startswith(("http://", "https://")) for u in paper["links"])
    shared = [p for p in papers if len(p["digests"]) > 1]
    assert shared, "the seed digests share papers"


def test_front_matter_survives_mkdocs_own_parser(built_site: Path):
    papers = {p["id"]: p for p in read_export(built_site / "site")}
    pages = [p for p in snapshot.files(built_site / "docs") if p.suffix == ".md"]
    assert len(pages) > 285
    for page in pages:
        if "_generated" in page.parts:
            continue
        _, meta = get_data(page.read_text(encoding="utf-8"))
        assert meta.get("title"), page
        if page.parent.name == "papers" and page.parent.parent.name == "docs":
            paper = papers[page.stem]
            assert html.unescape(meta["title"]) == paper["title"]
            assert meta["template"] == "paper.html"
            assert [html.unescape(t) for t in meta.get("tags", [])] == paper["tags"]


def test_two_digests_with_one_date_keep_their_own_pages(built_site: Path):
    pages = sorted(p.name for p in (built_site / "site" / "digests").glob("2024-03-13-*.html"))
    assert pages == ["2024-03-13-002-734c8f85cfe064b8.html", "2024-03-13-004-9cddb40676e47bc4.html"]


def test_papers_are_not_in_the_navigation(built_site: Path):
    # Material renders the whole navigation into every page with a sidebar: it must stay four entries.
    for name in ("about.html", "index.html"):
        page = (built_site / "site" / name).read_text()
        nav = re.search(r'<nav class="md-nav md-nav--primary.*?</nav>\s*</div>', page, re.S)
        assert nav, name
        assert "papers/" not in nav.group(0)
        assert len(re.findall(r'class="md-nav__link', nav.group(0))) <= 14  # four sections and a page outline
    paper = next((built_site / "site" / "papers").glob("*.html")).relative_to(built_site / "site")
    for path in ("topics/index.html", "digests/index.html", paper):
        page = (built_site / "site" / path).read_text()
        assert "md-sidebar" not in page, path  # no table of contents, no sidebars: the tabs navigate
        assert "__pd_frame(" in page, path  # frame.js writes the tabs
    frame = (built_site / "site" / "assets" / "javascripts" / "frame.js").read_text()
    tabs = re.search(r'"tabs": "(<nav class=\\"md-tabs.*?</nav>)"', frame)
    assert tabs and len(re.findall("<a ", tabs.group(1))) == 4


def test_the_home_page_is_titled_with_the_site_name_once(built_site: Path):
    home = (built_site / "site" / "index.html").read_text()
    assert "<title>Paper Digests</title>" in home  # not "Paper Digests - Paper Digests"
    assert 'property="og:title" content="Paper Digests"' in home


def test_every_paper_reachable_from_home(built_site: Path):
    root = built_site / "site"
    seen, todo = set(), ["index.html"]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        base = Path(page).parent
        for href in re.findall(r'href="([^"#?]+\.html)"', (root / page).read_text()):
            if "://" in href:
                continue
            target = (base / href).as_posix()
            target = str(Path(target)).replace("\\", "/")
            parts: list[str] = []
            for part in target.split("/"):
                if part == "..":
                    parts.pop()
                elif part not in ("", "."):
                    parts.append(part)
            target = "/".join(parts)
            if (root / target).is_file() and target not in seen:
                todo.append(target)
    papers = {f"papers/{p.name}" for p in (root / "papers").glob("*.html")}
    assert papers <= seen


def test_generation_is_deterministic(tmp_path: Path, built_site: Path):
    other = copy_project(tmp_path / "again")
    build.generate(config.load(other / "mkdocs.yml"))
    first, second = snapshot.contents(built_site / "docs"), snapshot.contents(other / "docs")
    assert len(first) > 285
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_same_data_gives_the_same_site(tmp_path: Path, built_site: Path, monkeypatch):
    # Another folder, another time zone and umask, built twice (the second time from a docs/
    # whose unchanged pages are hard links into the previous generation): the same bytes.
    other = copy_project(tmp_path / "a" / "longer" / "path")
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    old_umask = os.umask(0o077)
    try:
        for _ in range(2):
            build.generate(config.load(other / "mkdocs.yml"), site_dir=other / "site")
    finally:
        os.umask(old_umask)
        monkeypatch.undo()
        time.tzset()
    first, second = snapshot.contents(built_site / "site"), snapshot.contents(other / "site")
    assert len(first) > 285
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


ODD_TOPICS = FIXTURES / "odd_topics"
ODD_NAMES = ("Code: C/C++ & Rust <img src=x onerror=alert(7)>", "代码生成")


@pytest.fixture(scope="module")
def markup_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Markup in titles and abstracts, odd titles, and odd topic names (case 15-odd-topic-names)."""
    data = tmp_path_factory.mktemp("markup-data")
    for name in ("markup.txt", "clean.txt", "unicode.txt", "odd_titles.txt"):
        (data / name).write_bytes((DIGESTS / name).read_bytes())
    (data / "2024-04-12.txt").write_bytes((ODD_TOPICS / "2024-04-12.txt").read_bytes())
    root = copy_project(tmp_path_factory.mktemp("markup") / "p", data=data)
    with (root / "data" / "topics.yml").open("a", encoding="utf-8") as taxonomy:
        taxonomy.write((ODD_TOPICS / "topics.yml").read_text(encoding="utf-8"))
    allowed = "".join(f"        - {json.dumps(name)}\n" for name in ODD_NAMES)
    mkdocs_yml = (root / "mkdocs.yml").read_text(encoding="utf-8")
    last = '        - "AI for science"\n'
    (root / "mkdocs.yml").write_text(mkdocs_yml.replace(last, last + allowed), encoding="utf-8")
    build.generate(config.load(root / "mkdocs.yml"))
    site.build_site(root / "mkdocs.yml", root / "site", lambda _: None)
    return root


class Texts(HTMLParser):
    """The text of a page's <title>, <h1>, links, <bdi>, Material's header topics, and its og:title."""

    KEYS: ClassVar[dict[str, str]] = {"title": "title", "h1": "h1", "a": "a", "bdi": "bdi"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list[str]] = {}
        self._open: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("property") == "og:title":
            self.found.setdefault("og:title", []).append(values.get("content") or "")
        key = "header" if tag == "span" and values.get("class") == "md-ellipsis" else self.KEYS.get(tag)
        if key:
            self._open.append((tag, key))
            self.found.setdefault(key, []).append("")

    def handle_data(self, data: str) -> None:
        for _, key in self._open:
            self.found[key][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            self._open.pop()


def texts(page: Path) -> dict[str, list[str]]:
    """Map title, h1, a, bdi, header and og:title to the texts a page shows there, spacing collapsed."""
    parser = Texts()
    parser.feed(page.read_text(encoding="utf-8"))
    return {key: [" ".join(v.split()) for v in values] for key, values in parser.found.items()}


def test_titles_and_abstracts_stay_inert_text(markup_site: Path):
    out = markup_site / "site"
    papers = read_export(out)
    evil = next(p for p in papers if p["title"].startswith("<script>"))
    assert "{{ page.title }}" in evil["abstract"]
    page = (out / evil["url"]).read_text()
    assert "<script>alert(" not in page
    assert "<img src=x" not in page
    escaped = (
        "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; **Bold** [link](http://x.y) {{ config.site_name }}"
    )
    assert f"<title>{escaped} - " in page
    assert f'<h1 dir="auto">{escaped}</h1>' in page
    assert 'content="Abstract with &lt;img src=x onerror=alert(1)&gt;' in page
    assert "{% raw %} jinja {{ page.title }}" in page
    assert "<strong>Bold</strong>" not in page and "<em>emphasis</em>" not in page
    yaml_page = (out / next(p for p in papers if p["title"].startswith("title: yaml"))["url"]).read_text()
    assert '<h1 dir="auto">title: yaml: --- !!python/object:os.system</h1>' in yaml_page
    for index in out.glob("search/search_index.*"):
        text = index.read_text()
        assert "<script>alert(" not in text and "<img src=x onerror=alert(1)>" not in text
    for other in out.rglob("*.html"):
        text = other.read_text()
        assert "<script>alert(" not in text and "<img src=x" not in text, other


def test_odd_titles_display_exactly_as_written_everywhere(markup_site: Path):
    out = markup_site / "site"
    odd = [p for p in read_export(out) if p["title"].startswith(("</title>", '"Quoted"', "Tom &amp;"))]
    assert len(odd) == 3
    listed = [link for page in (out / "digests").glob("*.html") for link in texts(page).get("a", [])]
    for paper in odd:
        title = paper["title"]
        found = texts(out / paper["url"])
        assert found["title"] == [f"{title} - Paper Digests"], paper["url"]
        assert found["h1"] == [title] and found["og:title"] == [title], paper["url"]
        # The header shows it when scrolled: frame.js writes it there from og:title, as text (test_hooks).
        assert title in listed, title  # and the digest page links it by its title


def test_topic_names_stay_inert_text_on_every_page(markup_site: Path):
    out = markup_site / "site"
    tagged = [p for p in read_export(out) if set(ODD_NAMES) & set(p["tags"])]
    assert ODD_NAMES[0] in {name for p in tagged for name in p["tags"]}, "the case's papers carry the topic"
    for paper in tagged:
        chips = re.findall(r'class="md-tag"[^>]*>([^<]*)<', (out / paper["url"]).read_text())
        assert [html.unescape(c) for c in chips] == paper["tags"]
    for name in ODD_NAMES:
        shown = [t for page in out.rglob("*.html") for values in texts(page).values() for t in values]
        assert name in shown, name  # as a chip, a link or a heading, exactly as written
    topic_pages = [p for p in (out / "topics").glob("*.html") if texts(p).get("h1") in [[n] for n in ODD_NAMES]]
    for page in topic_pages:
        assert texts(page)["title"][0].endswith(" - Paper Digests")


def test_unicode_titles_get_pages(markup_site: Path):
    papers = {p["title"]: p for p in read_export(markup_site / "site")}
    assert papers["Привет мир: русский заголовок"]["id"] == "privet-mir-russkii-zagolovok"
    assert papers["🚀🚀🚀"]["id"].startswith("paper-")


def test_feeds_are_linked_from_the_pages(built_site: Path):
    out = built_site / "site"
    home = (out / "index.html").read_text()
    feed = 'href="feeds/papers.xml"'
    assert '<link rel="alternate feed" type="application/atom+xml" title="Paper Digests: newest papers" ' + feed in home
    topic = next(p for p in (out / "topics").glob("*.html") if p.name != "index.html")
    page = topic.read_text()
    href = f"../feeds/topics/{topic.stem}.xml"
    assert 'type="application/atom+xml"' in page and f'href="{href}"' in page
    assert (topic.parent / href).resolve().is_file()
    # Its own feed first: feed readers and browsers take the first as the page's feed (a tester).
    assert feed_links(page) == [href, "../feeds/papers.xml"]


def feed_links(page: str) -> list[str]:
    """The addresses of a page's feed links, in the head's order."""
    return re.findall(r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]*" href="([^"]*)">', page)


def test_a_list_page_links_its_own_feed_first(people_site: Path):
    page = (people_site / "site" / "lists" / "reading-group.html").read_text()
    assert feed_links(page) == ["../feeds/lists/reading-group.xml", "../feeds/papers.xml"]


def test_an_author_page_links_no_feed_of_the_whole_site(people_site: Path):
    # Thousands of pages, each of one person: the newest papers of the site are not their feed.
    out = people_site / "site"
    assert "alternate feed" not in (out / "authors" / "ada-example.html").read_text()
    assert 'title="Paper Digests: newest papers" href="../feeds/papers.xml"' in (out / "authors/index.html").read_text()
    # The A–Z pages list authors, as the index does: site listing pages, with the site's feed (a tester).
    letters = sorted((out / "authors" / "a-z").glob("*.html"))
    assert letters
    for letter in letters:
        assert feed_links(letter.read_text()) == ["../../feeds/papers.xml"], letter.name
