"""The real data end to end: generate, `mkdocs build --strict`, and check what readers get."""

from __future__ import annotations

import html
import os
import re
import time
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from generator import build, config
from generator.render.export import read_export
from generator.write import site

from . import snapshot
from .conftest import DIGESTS, copy_project

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
    # Material renders the whole navigation into every page: it must stay four entries.
    for name in ("about.html", "topics/index.html", "digests/index.html"):
        page = (built_site / "site" / name).read_text()
        nav = re.search(r'<nav class="md-nav md-nav--primary.*?</nav>\s*</div>', page, re.S)
        assert nav, name
        assert "papers/" not in nav.group(0)
        assert len(re.findall(r'class="md-nav__link', nav.group(0))) <= 12  # four sections and a page outline
    paper = next((built_site / "site" / "papers").glob("*.html")).read_text()
    assert "md-nav--primary" not in paper
    site_nav = re.search(r'<nav class="paper-nav".*?</nav>', paper, re.S)
    assert site_nav and len(re.findall("<a ", site_nav.group(0))) == 4


def test_paper_pages_carry_only_what_they_use(built_site: Path):
    # Paper pages run no scripts, so none of base.html's skeleton for Material's JavaScript.
    root = built_site / "site"
    paper = next((root / "papers").glob("*.html")).read_text()
    for dead in ("<script", "md-toggle", "md-overlay", 'data-md-component="skip"', "md-dialog", 'name="generator"'):
        assert dead not in paper, dead
    sheets = re.findall(r'<link rel="stylesheet" href="\.\./([^"]+)">', paper)
    names = ["assets/stylesheets/main", "assets/stylesheets/palette", "stylesheets/extra"]
    assert [s.split(".")[0] for s in sheets] == names
    assert all((root / s).is_file() for s in sheets)
    logo = re.search(r'<img src="\.\./([^"]+)" alt=""', paper)
    assert logo and (root / logo.group(1)).read_text().startswith('<svg fill="#fff" ')


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


@pytest.fixture(scope="module")
def markup_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("markup-data")
    for name in ("markup.txt", "clean.txt", "unicode.txt"):
        (data / name).write_bytes((DIGESTS / name).read_bytes())
    root = copy_project(tmp_path_factory.mktemp("markup") / "p", data=data)
    build.generate(config.load(root / "mkdocs.yml"))
    site.build_site(root / "mkdocs.yml", root / "site", lambda _: None)
    return root


def test_titles_and_abstracts_stay_inert_text(markup_site: Path):
    out = markup_site / "site"
    papers = read_export(out)
    evil = next(p for p in papers if p["title"].startswith("<script>"))
    assert "{{ page.title }}" in evil["abstract"]
    page = (out / evil["url"]).read_text()
    assert "<script>alert(" not in page
    assert "<img src=x" not in page
    escaped = (
        "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; &amp; **Bold** [link](http://x.y) {{ config.site_name }}"
    )
    assert f"<title>{escaped} - " in page
    assert f"<h1>{escaped}</h1>" in page
    assert 'content="Abstract with &lt;img src=x onerror=alert(1)&gt;' in page
    assert "{% raw %} jinja {{ page.title }}" in page
    assert "<strong>Bold</strong>" not in page and "<em>emphasis</em>" not in page
    yaml_page = (out / next(p for p in papers if p["title"].startswith("title: yaml"))["url"]).read_text()
    assert "<h1>title: yaml: --- !!python/object:os.system</h1>" in yaml_page
    for index in out.glob("search/search_index.*"):
        text = index.read_text()
        assert "<script>" not in text and "<img" not in text
    for other in out.rglob("*.html"):
        assert "<script>alert(" not in other.read_text(), other


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
