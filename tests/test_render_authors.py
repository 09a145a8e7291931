"""Author pages and the A–Z index: bounded pages, links only to pages that exist, names as text."""

from __future__ import annotations

import datetime as dt

from mkdocs.utils.meta import get_data

from generator.models import Appearance, Corpus, Digest, Paper
from generator.papers.authors import collect
from generator.render import authors


def paper(pid: str, names: tuple[str, ...], day: int) -> Paper:
    seen = (Appearance(dt.date(2024, 1, 1) + dt.timedelta(days=day), "d.json", f"d{day}", 0),)
    return Paper(pid, pid, f"Title {pid}", f"First sentence of {pid}. Second.", seen, (), authors=names)


def corpus(papers: list[Paper], min_papers: int = 2) -> Corpus:
    digest = Digest(dt.date(2024, 1, 1), "d.json", "d", ())
    return Corpus(digests=(digest,), papers=tuple(papers), authors=collect(papers, min_papers))


def files(data: Corpus) -> dict[str, str]:
    return dict(authors.AuthorRenderer(data).files())


def test_an_author_page_lists_papers_newest_first_with_coins_and_co_authors() -> None:
    hostile = "</script><img src=x onerror=alert(1)> {% raw %}"
    papers = [paper(f"p{i}", ("Ada Example", hostile, "Solo Writer" if i == 0 else "Ben Sample"), i) for i in range(3)]
    out = files(corpus(papers))
    body, meta = get_data(out["authors/ada-example.md"])
    assert meta["title"] == "Ada Example"
    assert [body.index(f"papers/p{i}.html") for i in (2, 1, 0)] == sorted(
        body.index(f"papers/p{i}.html") for i in (2, 1, 0)
    )
    assert body.count('class="Z3988"') == 3 and "data-papers" in body
    assert "<br><bdi>First sentence of p2.</bdi>" in body and "Second." not in body, "isolated: bidi-safe"
    assert '<a href="ben-sample.html">Ben Sample</a> (2)' in body
    assert "Solo Writer" not in body, "one paper together is not frequent"
    hostile_page = next(k for k in out if k.startswith("authors/script-img-src-x-onerror-alert-1-raw"))
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; {% raw %}" in out[hostile_page]
    assert "<img" not in out[hostile_page].replace("&lt;img", "")
    assert "authors/solo-writer.md" not in out


def test_a_prolific_author_gets_older_pages_that_keep_their_papers() -> None:
    papers = [paper(f"p{i:03d}", ("Ada Example",), i) for i in range(250)]
    out = files(corpus(papers))
    older = sorted(k for k in out if k.startswith("authors/ada-example/"))
    assert older == ["authors/ada-example/1.md"]
    assert out["authors/ada-example/1.md"].count('class="Z3988"') == authors.PAGE
    assert get_data(out["authors/ada-example.md"])[0].count('class="Z3988"') == 150
    assert "p000.html" in out["authors/ada-example/1.md"], "the oldest block is page 1"


def test_the_index_is_by_last_name_and_split_into_bounded_pages(monkeypatch) -> None:
    monkeypatch.setattr(authors, "LETTER_PAGE", 2)
    names = ["Ada Smith", "Ben Stone", "Cy Sun", "Dee Adams", "王伟", "Eve 9lives"]
    papers = [paper(f"p{i}{j}", (n,), i) for i, n in enumerate(names) for j in range(2)]
    out = files(corpus(papers))
    index = get_data(out["authors/index.md"])[0]
    assert [k for k in sorted(out) if k.startswith("authors/a-z/")] == [
        "authors/a-z/0-9.md",
        "authors/a-z/a.md",
        "authors/a-z/s-2.md",
        "authors/a-z/s.md",
        "authors/a-z/w.md",
    ]
    assert '<a href="a-z/s.html">S 1</a> <a href="a-z/s-2.html">S 2</a>' in index
    s1 = get_data(out["authors/a-z/s.md"])[0]
    assert s1.index("Ada Smith") < s1.index("Ben Stone") and "Cy Sun" not in s1
    assert '<a href="s-2.html">Next page</a>' in s1
    assert "王伟" in out["authors/a-z/w.md"], "transliterated for its letter"


def test_a_last_name_is_filed_under_its_first_letter_whatever_surrounds_it() -> None:
    names = (
        "Ada O'Brien",
        "Bo Smith-Jones",
        "Cy d’Alembert",
        "Dee Tran (MIT)",
        "Martin Luther King, Jr.",
        "Ug Vu III",
        "Nash, Zoe",
        "Ada Lovelace, PhD",
        "Ludwig van Beethoven",
        "García Márquez, Gabriel",
        "John Black Jr. (MIT)",
        "Eve Hart (MIT), PhD",
        "Dee Jones (MIT) (Stanford)",
        "Ann Wu [MIT]",
        "Cy Cole jr.",
        "Bo Fay iii",
        "José de los Rios",
    )
    papers = [paper(f"p{i}", names, i) for i in range(2)]
    out = files(corpus(papers))
    assert [k for k in sorted(out) if k.startswith("authors/a-z/")] == [
        "authors/a-z/b.md",  # not V for van; not M for (MIT), J for Jr.
        "authors/a-z/c.md",  # not J for jr.
        "authors/a-z/d.md",
        "authors/a-z/f.md",  # not I for iii
        "authors/a-z/g.md",  # a surname of two words: not M
        "authors/a-z/h.md",  # not M for (MIT), PhD
        "authors/a-z/j.md",  # not M or S for (MIT) (Stanford)
        "authors/a-z/k.md",  # not J for Jr.
        "authors/a-z/l.md",  # not P for PhD
        "authors/a-z/n.md",  # surname first, as citations read it: not Z
        "authors/a-z/o.md",
        "authors/a-z/r.md",  # not L for los
        "authors/a-z/s.md",
        "authors/a-z/t.md",  # not M for (MIT)
        "authors/a-z/v.md",
        "authors/a-z/w.md",  # not M for [MIT]
    ]
    assert "Ada O&#39;Brien" in out["authors/a-z/o.md"]
    assert "John Black Jr. (MIT)" in out["authors/a-z/b.md"], "shown as written"


def test_last_names_under_no_letter_share_one_group_after_z() -> None:
    names: tuple[str, ...] = ("Ann 😀", "ⵜⴰⵎⴰⵣⵉⵖⵜ Ayt", "Eve ⵜⴰⵎⴰⵣⵉⵖⵜ", "ᱥᱟᱱᱛᱟᱲᱤ", "Bo ★", "Zed Zane", "김민수")
    names += ("Ana Ørsted", "محمد علي", "עמית")  # the ayin transliterates to `, no letter: the next letter counts
    papers = [paper(f"p{i}", names, i) for i in range(2)]
    out = files(corpus(papers))
    assert [k for k in sorted(out) if k.startswith("authors/a-z/")] == [
        "authors/a-z/a.md",  # the surname Ayt: given names do not count
        "authors/a-z/g.md",  # Hangul, transliterated: not A for author-<hash>
        "authors/a-z/l.md",  # علي (Ali), its page name mhmd-ly: not Other
        "authors/a-z/m.md",  # עמית (Amit): not Other
        "authors/a-z/o.md",
        "authors/a-z/other.md",  # Tifinagh, Ol Chiki, emoji, a symbol: not A for author-<hash>
        "authors/a-z/z.md",
    ]
    other = get_data(out["authors/a-z/other.md"])
    shown = [other[0].index(name) for name in ("ᱥᱟᱱᱛᱟᱲᱤ", "Bo ★", "Eve ⵜⴰⵎⴰⵣⵉⵖⵜ", "Ann 😀")]
    assert shown == sorted(shown), "by the last name's own characters"
    assert other[1]["title"] == "Authors: Other"
    assert "no letter A–Z or digit" in other[1]["description"]
    index = get_data(out["authors/index.md"])[0]
    assert '<a href="a-z/z.html">Z</a> <a href="a-z/other.html">Other</a> </nav>' in index, "after Z"


def test_last_names_starting_with_different_digits_share_one_page() -> None:
    papers = [paper(f"p{i}", ("Agent 007", "Model 3", "Coauthor 9"), i) for i in range(2)]
    out = files(corpus(papers))
    digits = get_data(out["authors/a-z/0-9.md"])[0]
    assert all(name in digits for name in ("Agent 007", "Model 3", "Coauthor 9"))
    assert [k for k in out if k.startswith("authors/a-z/")] == ["authors/a-z/0-9.md"]


def test_the_index_writes_every_count_the_same_way() -> None:
    papers = [paper(f"p{i}{j}", (f"Author {i:04d}",), i) for i in range(1001) for j in range(2)]
    index = get_data(files(corpus(papers))["authors/index.md"])[0]
    assert "1,001 authors across the papers; the 1,001 with 2 papers or more" in index


def test_counts_of_one_are_singular() -> None:
    papers = [paper("p1", ("Solo Author",), 1)]
    out = files(corpus(papers, min_papers=1))
    assert "the 1 with 1 paper or more have a page" in get_data(out["authors/index.md"])[0]
    assert get_data(out["authors/solo-author.md"])[1]["description"].startswith("1 paper by Solo Author on")


def test_no_authors_no_pages() -> None:
    papers = [paper("p1", ("Only Once",), 1)]
    assert files(corpus(papers)) == {}
