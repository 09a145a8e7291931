"""Topic pages: bounded in size however many papers a topic gathers, older pages stable."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from mkdocs.utils.meta import get_data

from generator.models import Corpus, Digest, Entry, Topic
from generator.papers import identity
from generator.render.topics import TopicRenderer, unbuilt


def day(n: int) -> Digest:
    """A digest with two papers on day n (titles unique per day)."""
    date = dt.date(2024, 1, 1) + dt.timedelta(days=n)
    entries = tuple(Entry(f"Paper {n} {k}", f"Abstract {n} {k}. More text.", 2 + 2 * k) for k in range(2))
    return Digest(date, f"{date.isoformat()}.txt", date.isoformat(), entries)


def corpus(days: int, *extra: Digest) -> Corpus:
    digests = [day(n) for n in range(days)] + list(extra)
    papers = identity.merge(digests)
    topic = Topic(slug="pruning", name="Pruning", area="Efficiency", description="Fewer weights.", phrases=("prun",))
    return Corpus(
        digests=tuple(digests),
        papers=tuple(papers),
        topics=(topic,),
        areas=("Efficiency",),
        tags={p.id: ("pruning",) for p in papers},
    )


def pages(days: int, page: int = 4) -> dict[str, str]:
    return dict(TopicRenderer(corpus(days), page=page).files())


def titles(markdown: str) -> list[str]:
    return re.findall(r">(Paper \d+ \d)</a>", markdown)


def test_a_small_topic_is_one_page() -> None:
    files = pages(3)  # 6 papers, fewer than two pages' worth
    assert sorted(files) == ["topics/index.md", "topics/pruning.md"]
    assert len(titles(files["topics/pruning.md"])) == 6


def test_older_papers_go_to_numbered_pages_of_fixed_size() -> None:
    files = pages(11)  # 22 papers: 5 full blocks of 4 from the oldest, 2 left over
    older = sorted(f for f in files if f.startswith("topics/pruning/"))
    assert older == [f"topics/pruning/{n}.md" for n in range(1, 5)]
    main = titles(files["topics/pruning.md"])
    assert main[0] == "Paper 10 0" and len(main) == 6  # the newest block plus what is left over
    assert titles(files["topics/pruning/1.md"]) == ["Paper 1 0", "Paper 1 1", "Paper 0 0", "Paper 0 1"]
    listed = main + [t for n in range(4, 0, -1) for t in titles(files[f"topics/pruning/{n}.md"])]
    assert len(listed) == 22 == len(set(listed)), "every paper once, newest first across the pages"
    assert 'href="pruning/4.html"' in files["topics/pruning.md"]
    second = files["topics/pruning/2.md"]
    assert 'href="1.html">Older' in second and 'href="3.html">Newer' in second
    assert 'href="../pruning.html"' in second and 'href="../../papers/' in second
    assert "exclude: true" in second  # lists of papers stay out of the search index


def test_older_pages_name_the_topics_feed() -> None:
    """An older page linked only the newest papers of the site, not its topic's feed (a tester)."""
    data = corpus(11)
    topic = dataclasses.replace(data.topics[0], name="Pruning & <b>more</b>")
    files = dict(TopicRenderer(dataclasses.replace(data, topics=(topic,)), page=4).files())
    first = get_data(files["topics/pruning.md"])[1]
    for n in range(1, 5):
        meta = get_data(files[f"topics/pruning/{n}.md"])[1]
        assert meta["feed"] == first["feed"] == "feeds/topics/pruning.xml"
        # Printed in the head as the title is: escaped text, the topic's name (not the page's title).
        assert meta["feed_title"] == first["title"] == "Pruning &amp; &lt;b&gt;more&lt;/b&gt;"


def test_new_digests_leave_full_older_pages_alone() -> None:
    before, after = pages(11), pages(14)
    for n in range(1, 4):
        assert after[f"topics/pruning/{n}.md"] == before[f"topics/pruning/{n}.md"]
    # The newest older page only gains its link to the page after it.
    assert titles(after["topics/pruning/4.md"]) == titles(before["topics/pruning/4.md"])
    assert 'href="5.html">Newer' in after["topics/pruning/4.md"]
    assert "topics/pruning/6.md" in after and "topics/pruning/7.md" not in after


def test_a_paper_listed_again_keeps_its_place() -> None:
    """Papers are placed by their first listing: one listed again in a new digest (the feed often
    lists a paper on several days) leaves every older page as it was."""
    again = Digest(dt.date(2024, 1, 13), "2024-01-13.txt", "2024-01-13", (Entry("Paper 1 0", "Abstract 1 0.", 2),))
    before, after = pages(11), dict(TopicRenderer(corpus(11, again), page=4).files())
    for n in range(1, 5):
        assert titles(after[f"topics/pruning/{n}.md"]) == titles(before[f"topics/pruning/{n}.md"])
    assert titles(after["topics/pruning.md"]) == titles(before["topics/pruning.md"])
    assert "2 January 2024" in after["topics/pruning/1.md"]  # the date shown is its first listing's


def test_no_page_grows_with_the_topic() -> None:
    files = pages(200)  # 400 papers
    sizes = [len(titles(content)) for path, content in files.items() if path.startswith("topics/pruning")]
    assert max(sizes) <= 2 * 4 - 1


def test_unbuilt_names_the_topics_whose_pages_went() -> None:
    """A renamed topic's page, older pages and feed go: the note names them and the new page."""
    gone = [
        "feeds/topics/diffusion-models.xml",
        "papers/x.md",
        "topics/diffusion-models.md",
        "topics/diffusion-models/1.md",
        "topics/diffusion-models/2.md",
        "topics/index.md",
        "topics/pruning.md",
    ]
    added = ["topics/diffusion-generative-models.md", "topics/index.md", "papers/y.md"]
    pruning = Topic("pruning", "Pruning", "Efficiency", "", ("prun",))
    notes = unbuilt(gone, added, (pruning,), "data/topics.yml")
    assert [(n.path, n.line) for n in notes] == [("data/topics.yml", None)] * 2
    assert [n.message for n in notes] == [
        "the topic page topics/diffusion-models.html is no longer built (no topic with the slug 'diffusion-models'"
        " in data/topics.yml now; renaming a topic moves its page; topics/diffusion-generative-models.html is"
        " new): its address topics/diffusion-models.html, its 2 older pages topics/diffusion-models/<n>.html and"
        " feeds/topics/diffusion-models.xml will 404; put the topic back under its old name (and in"
        " tags_allowed) to keep them",
        "the topic page topics/pruning.html is no longer built (topic 'Pruning' has fewer than 2 papers now):"
        " its address topics/pruning.html will 404; it comes back with 2 papers",
    ]
    assert unbuilt(["papers/x.md", "topics/index.md"], [], (), "data/topics.yml") == []
