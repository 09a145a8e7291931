"""Digest pages and the archive: names by date, neighbours, topics, months and weeks."""

from __future__ import annotations

import datetime as dt
import re

from generator.models import Corpus, Digest, Entry, Topic
from generator.papers import identity
from generator.render import digests, pages

from .conftest import RETITLED_ID, retitled_corpus


def digest(date: dt.date, source: str, n: int = 2) -> Digest:
    slug = f"{date.isoformat()}-{source.removesuffix('.txt')}"
    entries = tuple(Entry(f"Paper {slug} {k}", f"Abstract {k} of {slug}. More.", 2 + 2 * k) for k in range(n))
    return Digest(date, source, slug, entries)


def corpus(days: list[Digest]) -> Corpus:
    papers = identity.merge(days)
    topic = Topic(slug="pruning", name="Pruning <b>", area="Efficiency", description="Fewer weights.", phrases=("x",))
    return Corpus(
        digests=tuple(sorted(days)),
        papers=tuple(papers),
        topics=(topic,),
        areas=("Efficiency",),
        tags={p.id: ("pruning",) for p in papers},
    )


def test_two_digests_of_one_day_get_readable_names() -> None:
    day = dt.date(2024, 3, 13)
    found = digests.digest_names([digest(day, "a.txt"), digest(day, "b.txt"), digest(day + dt.timedelta(1), "c.txt")])
    assert list(found.values()) == ["13 March 2024", "13 March 2024 (2)", "14 March 2024"]


def test_digest_pages_link_their_neighbours_and_show_topics() -> None:
    day = dt.date(2024, 3, 13)
    files = dict(digests.digest_files(corpus([digest(day, "a.txt"), digest(day, "b.txt"), digest(day, "c.txt")])))
    middle = files["digests/2024-03-13-b.md"]
    assert '<h1 id="digest">13 March 2024 (2)</h1>' in middle
    assert 'href="2024-03-13-a.html" rel="prev">← 13 March 2024</a>' in middle
    assert 'href="2024-03-13-c.html" rel="next">13 March 2024 (3) →</a>' in middle
    assert 'rel="prev"' not in files["digests/2024-03-13-a.md"] and 'rel="next"' not in files["digests/2024-03-13-c.md"]
    assert middle.count('class="md-tag"') == 2 and "Pruning &lt;b&gt;" in middle  # each paper's topic, as text
    assert middle.count("b.txt") == 1 and "Source: <code" in middle  # the file name: a source note only


def test_the_archive_groups_by_month_and_by_week_in_a_busy_month() -> None:
    march = [digest(dt.date(2024, 3, d), f"{d}.txt", 1) for d in range(1, 13)]  # 12 digests: weeks
    april = [digest(dt.date(2024, 4, d), f"{d}.txt", 1) for d in (2, 3)]  # 2 digests: one list
    archive = dict(digests.digest_files(corpus(march + april)))["digests/index.md"]
    assert re.findall(r"<h2 id=\"([^\"]+)\">([^<]+)</h2>", archive) == [
        ("2024-04", "April 2024"),
        ("2024-03", "March 2024"),
    ]
    weeks = re.findall(r"<h3 id=\"[^\"]+\">Week of ([^<]+)</h3>", archive)
    assert weeks == ["11 March 2024", "4 March 2024", "26 February 2024"]
    assert archive.index(">2 April 2024<") < archive.index(">12 March 2024<") < archive.index(">1 March 2024<")
    assert ".txt" not in archive


def test_file_names_stay_off_home_and_paper_pages() -> None:
    day = dt.date(2024, 3, 13)
    files = dict(pages.Renderer(corpus([digest(day, "2024-03-13-x.txt"), digest(day, "evening.txt")])).files())
    assert "Latest digest: 13 March 2024 (2)" in files["_generated/home.md"]
    for path, content in files.items():
        if path.startswith("papers/") or path == "_generated/home.md":
            assert ".txt" not in content, path
    paper = next(content for path, content in files.items() if path.startswith("papers/"))
    assert re.search(r'<a href="../digests/[^"]+\.html">13 March 2024( \(2\))?</a>', paper)


def test_a_digest_lists_each_paper_under_its_title_that_day_linking_to_its_page() -> None:
    files = dict(digests.digest_files(retitled_corpus()))
    link = f'<a href="../papers/{RETITLED_ID}.html">'
    titles = {
        day: re.findall(r'<a href="\.\./papers/[^"]+\.html">([^<]*)</a>', files[f"digests/{day}.md"])
        for day in ("2024-03-15", "2024-03-16")
    }
    assert titles == {
        "2024-03-15": ["Sparse Gating for Small Language Models", "Frozen Encoders Suffice"],
        "2024-03-16": ["Four-Fold Cache Compression", "Mixture of Tiny Experts: Real-Time Answers on a Phone"],
    }
    assert f"{link}Mixture of Tiny Experts" in files["digests/2024-03-16.md"]  # the paper's page, under its first title


def test_a_digest_page_no_longer_built_is_named_with_the_file_that_builds_it() -> None:
    gone = ["digests/2024-03-14.md", "digests/index.md", "papers/x.md", "digests/2024-03-15-march.md"]
    notes = digests.unbuilt(gone, "data/digests")
    assert [str(n) for n in notes] == [
        "data/digests: note: the digest page digests/2024-03-14.html is no longer built (its digest file,"
        " 2024-03-14.txt or .json, is not in data/digests now, or was renamed): its address will 404; put the"
        " file back under that name to keep it",
        "data/digests: note: the digest page digests/2024-03-15-march.html is no longer built (its digest file,"
        " 2024-03-15-march.txt or .json, is not in data/digests now, or was renamed): its address will 404; put"
        " the file back under that name to keep it",
    ]
