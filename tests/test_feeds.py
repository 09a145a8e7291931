"""The Atom feeds: well-formed, structurally valid Atom, inert text, deterministic, newest first."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

from generator.models import Corpus, Digest, Entry, Topic
from generator.papers import identity
from generator.render import feeds

A = "{http://www.w3.org/2005/Atom}"
SITE = "https://octocat.github.io/paper-digests/"
NASTY = "<script>alert(1)</script> & ]]> \"quoted\" 'single' &amp; \x0b"


def digest(day: int, source: str, *titles: str) -> Digest:
    entries = tuple(Entry(t, f"Abstract of {t}. It is long enough.", 11 + 4 * i) for i, t in enumerate(titles))
    return Digest(dt.date(2024, 3, day), source, f"2024-03-{day:02d}-{source[:-4]}", entries)


def topic(slug: str, name: str) -> Topic:
    return Topic(slug=slug, name=name, area="Vision", description=f"All about {name}.", phrases=(name.lower(),))


def corpus(tags: dict[str, tuple[str, ...]] | None = None) -> Corpus:
    digests = [
        digest(12, "a.txt", "Alpha", "Beta", "Gamma"),
        digest(13, "b.txt", "Delta", "Alpha"),
        digest(14, "c.txt", "Epsilon", "Zeta"),
    ]
    papers = identity.merge(digests)
    topics = (topic("detection", "Object detection"), topic("nerf", "Neural fields"), topic("lonely", "Lonely"))
    default = {"alpha": ("detection", "nerf"), "delta": ("detection",), "zeta": ("detection",), "beta": ("lonely",)}
    return Corpus(
        digests=tuple(digests),
        papers=tuple(papers),
        topics=topics,
        areas=("Vision",),
        tags=default if tags is None else tags,
    )


def attr(element: ET.Element, path: str, name: str) -> str:
    """Return an attribute of the first element at path, which must exist."""
    found = element.find(path)
    assert found is not None, path
    return found.get(name, "")


def parse(files: list[tuple[str, str]]) -> dict[str, ET.Element]:
    return {path: ET.fromstring(content.encode("utf-8")) for path, content in files}


def check_atom(feed: ET.Element) -> None:
    """Check the elements RFC 4287 requires, and that every IRI that must be absolute is."""
    assert feed.tag == A + "feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(A + name)) == 1, name
    assert feed.findtext(A + "id", "").startswith("urn:uuid:")
    assert feed.find(f"{A}author/{A}name") is not None, "a feed without entry authors needs an author"
    assert [link.get("rel") for link in feed.findall(A + "link")] == ["self", "alternate"]
    for entry in feed.findall(A + "entry"):
        for name in ("id", "title", "updated", "summary"):
            assert len(entry.findall(A + name)) == 1, name
        assert entry.findtext(A + "id", "").startswith("urn:uuid:")
        links = entry.findall(A + "link")
        assert len(links) == 1 and links[0].get("rel") == "alternate" and links[0].get("href")
    for stamp in feed.iter(A + "updated"):
        dt.datetime.strptime(stamp.text or "", "%Y-%m-%dT%H:%M:%SZ")


def test_feeds_parse_and_are_structurally_atom():
    files = feeds.feed_files(corpus(), "Paper Digests", SITE, 30)
    for path, content in files:
        assert content.startswith('<?xml version="1.0" encoding="utf-8"?>\n'), path
    for feed in parse(files).values():
        check_atom(feed)


def test_main_feed_is_newest_first_a_day_in_its_digests_order_with_absolute_links():
    feed = parse(feeds.feed_files(corpus(), "Paper Digests", SITE, 30))["feeds/papers.xml"]
    entries = feed.findall(A + "entry")
    # Alpha was listed again on the 13th, after Delta: its latest digest counts, and its place there.
    assert [e.findtext(A + "title") for e in entries] == ["Epsilon", "Zeta", "Delta", "Alpha", "Beta", "Gamma"]
    assert [e.findtext(A + "updated") for e in entries][:4] == [
        "2024-03-14T00:00:00Z",
        "2024-03-14T00:00:00Z",
        "2024-03-13T00:00:00Z",
        "2024-03-13T00:00:00Z",
    ]
    alpha = entries[3]
    assert alpha.findtext(A + "published") == "2024-03-12T00:00:00Z"
    assert attr(alpha, A + "link", "href") == SITE + "papers/alpha.html"
    assert alpha.findtext(A + "summary") == "Abstract of Alpha. It is long enough."
    assert [c.get("term") for c in alpha.findall(A + "category")] == ["Object detection", "Neural fields"]
    assert feed.findtext(A + "updated") == "2024-03-14T00:00:00Z"
    assert attr(feed, A + "link[@rel='self']", "href") == SITE + "feeds/papers.xml"


def test_size_limit_keeps_the_newest():
    feed = parse(feeds.feed_files(corpus(), "Paper Digests", SITE, 2))["feeds/papers.xml"]
    assert [e.findtext(A + "title") for e in feed.findall(A + "entry")] == ["Epsilon", "Zeta"]
    # A day is never cut: a reader polling daily would never see the rest of a busy day.
    feed = parse(feeds.feed_files(corpus(), "Paper Digests", SITE, 1))["feeds/papers.xml"]
    assert [e.findtext(A + "title") for e in feed.findall(A + "entry")] == ["Epsilon", "Zeta"]
    empty = parse(feeds.feed_files(corpus(), "Paper Digests", SITE, 0))["feeds/papers.xml"]
    assert empty.findall(A + "entry") == []
    check_atom(empty)
    assert empty.findtext(A + "updated") == "2024-03-14T00:00:00Z", "an empty feed dates from the newest digest"


def test_topic_feeds_only_for_topics_with_a_page():
    files = parse(feeds.feed_files(corpus(), "Paper Digests", SITE, 30))
    # detection has 3 papers, nerf and lonely 1 each: only detection gets a page, so only it a feed.
    assert sorted(files) == ["feeds/papers.xml", "feeds/topics/detection.xml"]
    feed = files["feeds/topics/detection.xml"]
    assert feed.findtext(A + "title") == "Paper Digests: Object detection"
    assert [e.findtext(A + "title") for e in feed.findall(A + "entry")] == ["Zeta", "Delta", "Alpha"]
    assert feed.findtext(A + "updated") == "2024-03-14T00:00:00Z"
    assert attr(feed, A + "link[@rel='alternate']", "href") == SITE + "topics/detection.html"
    assert feeds.feed_files(corpus(tags={}), "P", SITE, 30)[0][0] == "feeds/papers.xml"
    assert len(feeds.feed_files(corpus(tags={}), "P", SITE, 30)) == 1


def test_text_is_inert_and_round_trips():
    base = corpus()
    papers = tuple(replace(p, title=NASTY, abstract=NASTY + " abstract") if p.id == "alpha" else p for p in base.papers)
    nasty_topic = replace(base.topics[0], name="<b>Det</b> & ]]>", description="<i>x</i> ]]>")
    files = feeds.feed_files(
        replace(base, papers=papers, topics=(nasty_topic, *base.topics[1:])), "<Site> & ]]>", SITE, 30
    )
    for _path, content in files:
        assert "<script>" not in content and "<b>" not in content and "]]>" not in content
    parsed = parse(files)
    clean = NASTY.replace("\x0b", "")  # XML 1.0 cannot carry it at all
    main = parsed["feeds/papers.xml"]
    assert main.findtext(A + "title") == "<Site> & ]]>"
    alpha = next(e for e in main.findall(A + "entry") if e.findtext(A + "title") == clean)
    assert alpha.findtext(A + "summary") == clean + " abstract"
    assert attr(alpha, A + "category", "term") == "<b>Det</b> & ]]>"
    topic_feed = parsed["feeds/topics/detection.xml"]
    assert topic_feed.findtext(A + "subtitle") == "<i>x</i> ]]>"


def test_deterministic_bytes_and_stable_ids():
    one = feeds.feed_files(corpus(), "Paper Digests", SITE, 30)
    shuffled = corpus()
    shuffled = replace(shuffled, papers=tuple(reversed(shuffled.papers)))
    two = feeds.feed_files(shuffled, "Paper Digests", SITE, 30)
    assert one == two
    # The same paper keeps its id when newer digests arrive; another site gives other ids.
    more = replace(corpus(), digests=(*corpus().digests, digest(20, "d.txt", "Omega")))
    more = replace(more, papers=tuple(identity.merge(more.digests)))

    def ids(files: list[tuple[str, str]]) -> dict[str, str]:
        feed = parse(files)["feeds/papers.xml"]
        return {e.findtext(A + "title", ""): e.findtext(A + "id", "") for e in feed.findall(A + "entry")}

    before, after = ids(one), ids(feeds.feed_files(more, "Paper Digests", SITE, 30))
    assert all(after[title] == before[title] for title in before)
    other = ids(feeds.feed_files(corpus(), "Paper Digests", "https://example.org/", 30))
    assert set(other.values()).isdisjoint(before.values())
    assert len(set(before.values())) == len(before)


def test_without_site_url_links_are_relative_to_the_feed():
    files = parse(feeds.feed_files(corpus(), "Paper Digests", "", 30))
    main, topic_feed = files["feeds/papers.xml"], files["feeds/topics/detection.xml"]
    check_atom(main)
    assert attr(main, A + "link[@rel='self']", "href") == "papers.xml"
    assert attr(main, A + "link[@rel='alternate']", "href") == "../index.html"
    assert attr(main, f"{A}entry/{A}link", "href").startswith("../papers/")
    assert attr(topic_feed, f"{A}entry/{A}link", "href").startswith("../../papers/")


def test_ids_come_from_the_recorded_base_so_a_moved_site_keeps_them():
    ids = re.compile(r"<id>[^<]*</id>")
    today = dict(feeds.feed_files(corpus(), "P", SITE, 30))
    moved = dict(feeds.feed_files(corpus(), "P", "https://papers.example.org/", 30, SITE))
    assert today.keys() == moved.keys()
    for path, content in today.items():
        assert ids.findall(moved[path]) == ids.findall(content), path
        assert "https://papers.example.org/" in moved[path] and SITE not in moved[path].replace("<id>", "")
    # No recorded base: site_url's ids, as before.
    assert dict(feeds.feed_files(corpus(), "P", SITE, 30, None)) == today
