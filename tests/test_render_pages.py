"""Paper pages from the template: every piece of data text isolated, nothing of it read as markup."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from mkdocs.utils.meta import get_data

from generator import build
from generator.models import Corpus, Digest, Entry, Reason, Related, Topic
from generator.papers import identity
from generator.render import pages

from .conftest import RETITLED_ID, retitled_corpus

RTL = "\u0646\u0645\u0627\u0630\u062c \u0627\u0644\u0644\u063a\u0629"  # Arabic: "language models"


def corpus() -> Corpus:
    day = dt.date(2024, 3, 14)
    entries = (
        Entry(f"{RTL}: 3 Tricks", f"We study {RTL} (2024). See https://github.com/x/y.", 2),
        Entry("</title><script>alert(1)</script> & {{ x }}", "An abstract with <b>markup</b>.", 4),
    )
    digests = [Digest(day, "2024-03-14.txt", "2024-03-14", entries)]
    papers = identity.merge(digests)
    topic = Topic(slug="llm", name=RTL, area="Language", description="Models of text.", phrases=("x",))
    first, second = papers
    return Corpus(
        digests=tuple(digests),
        papers=tuple(papers),
        topics=(topic,),
        areas=("Language",),
        tags={p.id: ("llm",) for p in papers},
        related={
            first.id: (
                Related(
                    second.id,
                    0.5,
                    (RTL,),
                    ("models", RTL),
                    (Reason("term", "models"), Reason("term", RTL), Reason("topic", RTL)),
                ),
            )
        },
    )


def test_data_text_is_isolated_against_bidi_reordering() -> None:
    data = corpus()
    files = dict(pages.Renderer(data).files())
    page = files[data.papers[0].url.removesuffix(".html") + ".md"]
    assert f'<h1 dir="auto">{RTL}: 3 Tricks</h1>' in page
    assert f'<p class="paper-abstract" dir="auto">We study {RTL} (2024).' in page
    assert re.search(r'<a href="[^"]+\.html">&lt;/title&gt;', page), "a related title: a link (an isolate by the CSS)"
    assert f"(<bdi>terms: models, {RTL}; topics: {RTL}</bdi>)" in page, "reasons inline: <bdi>"
    assert f'<a class="md-tag" href="../topics/llm.html">{RTL}</a>' in page  # a chip is an isolated flex item


def test_front_matter_keeps_titles_as_text_through_mkdocs_own_parser() -> None:
    data = corpus()
    files = dict(pages.Renderer(data).files())
    evil = next(p for p in data.papers if p.title.startswith("</title>"))
    markdown = files[evil.url.removesuffix(".html") + ".md"]
    body, meta = get_data(markdown)
    # MkDocs prints page titles as HTML: the front matter holds the escaped title, once.
    assert meta["title"] == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ x }}"
    assert meta["tags"] == [RTL] and meta["template"] == "paper.html"
    assert "<script>" not in body and "<b>markup</b>" not in body
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ x }}</h1>" in body


def golden_corpus() -> Corpus:
    """The golden fixture (text and JSON digests, reading lists), as the build makes it."""
    from tests import golden

    return build.make_corpus(golden.settings(golden.ROOT / "docs"))


def rendered(data: Corpus, paper_id: str) -> tuple[str, dict[str, object]]:
    files = dict(pages.Renderer(data, "https://example.org/").files())
    body, meta = get_data(files[f"papers/{paper_id}.md"])
    return body, meta


def test_a_person_named_twice_in_one_listing_is_shown_once() -> None:
    """`Jane Doe; Jane Doe` (a tester's lookup line) showed Jane Doe twice; a name with no identity stays."""
    data = golden_corpus()
    paper = next(p for p in data.papers if p.id == "routing-tokens-without-auxiliary-loss")
    names = ("Ada Example", "Jane  DOE", "ada  EXAMPLE", "Jane Doe", "\u2764\ufe0f", "\u2764\ufe0f")
    twice = dataclasses.replace(paper, authors=names)
    data = dataclasses.replace(data, papers=tuple(twice if p is paper else p for p in data.papers))
    body, _ = rendered(data, paper.id)
    shown = re.search(r'<p class="paper-authors">(.*?)</p>', body)
    assert shown is not None
    assert shown[1].count(">Ada Example</a>") == 1 and "EXAMPLE" not in shown[1]
    assert "<bdi>Jane  DOE</bdi>" in shown[1] and "Jane Doe" not in shown[1]
    assert shown[1].count("\u2764\ufe0f") == 2


def test_a_json_paper_shows_authors_arxiv_code_upvotes_and_keywords() -> None:
    data = golden_corpus()
    body, meta = rendered(data, "routing-tokens-without-auxiliary-loss")
    # Authors with a page are links; the others plain names; the hidden one nowhere.
    assert '<a href="../authors/ada-example.html">Ada Example</a>' in body
    assert "<bdi>Chen Placeholder</bdi>" in body
    assert "Hidden Person" not in body and "Hidden Person" not in str(meta)
    assert 'arXiv:<a href="https://arxiv.org/abs/2403.01234">2403.01234</a>, 13 March 2024' in body
    assert '<a href="https://arxiv.org/pdf/2403.01234">PDF</a>' in body
    assert '<a href="https://huggingface.co/papers/2403.01234">Hugging Face</a>' in body
    assert "42 upvotes as of 14 March 2024" in body
    assert (
        '<a href="https://github.com/example-lab/routing" rel="nofollow">example-lab/routing</a>, 1,234 stars' in body
    )
    assert 'Project page: <a href="https://example-lab.github.io/routing/"' in body
    assert "Keywords: <bdi>mixture of experts</bdi>, <bdi>token routing</bdi>, <bdi>load balancing</bdi></p>" in body
    assert "Look it up" not in body, "with an arXiv id, arXiv and PDF links replace the title look-ups"
    assert '<a class="cite-bib" href="routing-tokens-without-auxiliary-loss.bib">BibTeX</a>' in body
    assert '<h2 id="links">Code and links</h2>' in body
    # On a reading list, with the list's note (hostile text stays text).
    assert "presented by <bdi>Ana &lt;img src=x onerror=alert(1)&gt;</bdi>" in body
    assert "The ablation in section 4 is the key result. &lt;/script&gt;&lt;!-- &amp; {% if %} π" in body
    # Related papers give their reasons as Related.reasons orders them: code, authors, terms, topics.
    assert re.search(r"Token Routing at Scale</a> \(<bdi>same code: example-lab/routing; authors: Ben Sample;", body)
    assert str(meta["head"]).startswith('<meta name="citation_title" content="Routing Tokens Without Auxiliary Loss">')


def test_a_withdrawn_paper_says_so_and_unsafe_urls_are_no_links() -> None:
    data = golden_corpus()
    body, _ = rendered(data, "strings-on-a-withdrawn-background")
    assert '<p class="paper-withdrawn"><strong>Withdrawn</strong> from arXiv on 1 April 2024.</p>' in body
    assert "javascript:" not in body
    assert "<bdi>&lt;b&gt;Frank&lt;/b&gt; Archive</bdi>" in body
    # No code and no links: the section is named for what it holds (the BibTeX entry), not "Code and links".
    assert '<h2 id="links">Links</h2>\n<p>Cite: <a class="cite-bib"' in body and "Code and links" not in body


def test_a_text_paper_keeps_its_title_look_ups() -> None:
    data = golden_corpus()
    body, meta = rendered(data, "accent-robust-asr")
    assert "Look it up: " in body and "paper-facts" not in body and "paper-authors" not in body
    assert '<meta name="citation_publication_date" content="2024/03/12">' in str(meta["head"])


def test_a_merged_ids_bib_holds_the_surviving_papers_entry() -> None:
    """A .bib cannot redirect: the old id's papers/<id>.bib, published before the merge, keeps working."""
    data = corpus()
    kept = data.papers[0]
    merged = dataclasses.replace(data, aliases={"gamma-results": kept.id})
    renderer = pages.Renderer(merged, "https://example.org/")
    files = dict(renderer.files())
    assert files["papers/gamma-results.bib"] == files[f"papers/{kept.id}.bib"] == renderer.paper_bib(kept)
    assert "papers/gamma-results.md" not in files  # the page is a redirect (render/redirects.py)


def test_a_retitled_paper_shows_its_other_titles_as_text() -> None:
    data = retitled_corpus()
    body, meta = rendered(data, RETITLED_ID)
    assert meta["title"] == "Sparse Gating for Small Language Models"
    new = "Mixture of Tiny Experts: Real-Time Answers on a Phone"
    also = f'<p class="paper-other-titles">Also listed as: <bdi>{new}</bdi></p>'
    assert also in body and body.index("</h1>") < body.index(also)
    for other in data.papers:
        if other.id != RETITLED_ID:
            assert "Also listed as" not in rendered(data, other.id)[0]
    hostile = ("<b>Two</b> & {{ x }}", "Three; four")
    papers = tuple(dataclasses.replace(p, other_titles=hostile) if p.id == RETITLED_ID else p for p in data.papers)
    body, _ = rendered(dataclasses.replace(data, papers=papers), RETITLED_ID)
    assert "Also listed as: <bdi>&lt;b&gt;Two&lt;/b&gt; &amp; {{ x }}</bdi>; <bdi>Three; four</bdi></p>" in body


def test_each_keyword_is_isolated_on_its_own() -> None:
    """One right-to-left keyword among English ones (a tester): isolated as one run, the list read reversed."""
    data = golden_corpus()
    paper_id = "routing-tokens-without-auxiliary-loss"
    keywords = ("mixture of experts", RTL, "<b>routing</b>")
    papers = tuple(dataclasses.replace(p, keywords=keywords) if p.id == paper_id else p for p in data.papers)
    body, _ = rendered(dataclasses.replace(data, papers=papers), paper_id)
    assert (
        f"Keywords: <bdi>mixture of experts</bdi>, <bdi>{RTL}</bdi>, <bdi>&lt;b&gt;routing&lt;/b&gt;</bdi></p>" in body
    )


def test_each_line_of_a_list_note_is_isolated_on_its_own() -> None:
    """A note whose first line is right-to-left (a tester): the English lines after it kept their direction."""
    data = golden_corpus()
    paper_id = "routing-tokens-without-auxiliary-loss"
    reading_list = next(rl for rl in data.lists if any(e.paper_id == paper_id for e in rl.entries))
    entries = tuple(
        dataclasses.replace(e, note=f"{RTL}\nThe <b>English</b> line.\n\nA last one.") if e.paper_id == paper_id else e
        for e in reading_list.entries
    )
    changed = dataclasses.replace(reading_list, entries=entries)
    lists = tuple(changed if rl is reading_list else rl for rl in data.lists)
    body, _ = rendered(dataclasses.replace(data, lists=lists), paper_id)
    note = f": <bdi>{RTL}</bdi><br><bdi>The &lt;b&gt;English&lt;/b&gt; line.</bdi><br><br><bdi>A last one.</bdi></li>"
    assert note in body, "each line its own <bdi>, the line breaks between them outside"
