"""Reading lists (data/lists/*.yml): read as written, every problem with its line, in one run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.errors import Errors
from generator.models import Appearance, Paper
from generator.papers import registry
from generator.papers.identity import identity_key
from generator.papers.registry import Record
from generator.sources.lists import ListError, lists_of, read_lists

from .conftest import seed_settings

LISTS = Path(__file__).parent / "fixtures" / "lists"


def paper(pid: str, title: str, arxiv: str | None = None) -> Paper:
    seen = (Appearance(dt.date(2024, 3, 14), "d.txt", "d", 0),)
    return Paper(pid, identity_key(title), title, "An abstract.", seen, (), arxiv_id=arxiv)


PAPERS = [
    paper("routing", "Routing Tokens Without Auxiliary Loss", "2403.01230"),
    paper("accent-robust-asr", "Accent-Robust ASR"),
    paper("short-schedules", "Short Schedules for Diffusion Models"),
    paper("evil", "</script><b>x</b>", "2403.01234"),
    paper("same-title", "Same Title", "2403.05555"),
    paper("same-title-2403-06666", "Same title", "2403.06666"),
]
ALIASES = {"old-name": "same-title"}  # a published id merged into another paper


def test_a_list_reads_every_kind_of_reference_in_order() -> None:
    lists, notes = read_lists(LISTS / "good", "data/lists", PAPERS, ALIASES)
    assert [r.slug for r in lists] == ["minimal", "spring-2024"]
    spring = lists[1]
    assert spring.title == "Reading group, spring 2024" and spring.url == "lists/spring-2024.html"
    assert spring.source == "data/lists/spring-2024.yml"
    assert [e.paper_id for e in spring.entries] == [
        "routing",
        "accent-robust-asr",
        "short-schedules",
        "evil",
        "same-title",
    ]
    first = spring.entries[0]
    assert (first.paper_id, first.date, first.presented_by, first.line) == ("routing", dt.date(2024, 3, 21), "Ana", 4)
    assert first.note == "The ablation in section 4 is the key result."
    assert spring.entries[2].note == "Two lines\nof note."  # plain text, its line breaks kept
    assert [str(n) for n in notes] == ["data/lists/README.txt: note: skipped: not a reading list (*.yml, *.yaml)"]
    assert lists[0].entries[0].paper_id == "accent-robust-asr"  # a title matches as titles do
    on = lists_of(lists)
    assert [(r.slug, e.line) for r, e in on["accent-robust-asr"]] == [("minimal", 2), ("spring-2024", 8)]


def test_every_problem_of_every_file_is_reported_with_its_line() -> None:
    with pytest.raises(Errors) as caught:
        read_lists(LISTS / "bad", "data/lists", PAPERS, ALIASES)
    got = str(caught.value).splitlines()
    assert got == [
        "data/lists/Spring_2024.yml:1: the file name 'Spring_2024' has a capital letter and '_': a list's file name"
        " is its page name (lists/<name>.html), lower-case letters and digits with one hyphen between words;"
        " name the file 'spring-2024.yml'",
        # Once a file, at the alias's own line; an aliased entry is not checked as a value ("expected a mapping").
        # At the first anchor or alias, which names the others.
        "data/lists/alias-entries.yml:3: anchors and aliases (&, *) are not supported in lists: write the value out"
        " (&p here; 2 more: lines 4, 5)",
        "data/lists/aliases.yml:1: anchors and aliases (&, *) are not supported in lists: write the value out"
        " (&t here; 1 more: line 2)",
        # An anchor no alias names is refused as well: nothing in the file says what it is for.
        "data/lists/anchor-only.yml:1: anchors and aliases (&, *) are not supported in lists: write the value out"
        " (&t here)",
        "data/lists/blank-title.yml:1: title: empty",  # characters that draw nothing are no title
        "data/lists/deep.yml:3: nested too deeply (more than 100 levels of lists and mappings)",  # 900 levels
        # Every wrong or missing field of the list itself is named (msgspec alone stops at one).
        # Nothing is nothing, however written: `title:` and `title: ""`, `- ""`, `- paper:` and `-`.
        "data/lists/empty-entries.yml:1: title: empty",
        *(
            f"data/lists/empty-entries.yml:{line}: paper: expected a paper (an arXiv id, a paper's id or its title),"
            " found nothing"
            for line in range(3, 8)
        ),
        "data/lists/head-empty-title.yml:1: title: empty",
        "data/lists/head-empty-title.yml:2: description: expected text, found a list",
        "data/lists/head-missing.yml:1: 'papers' is missing",
        "data/lists/head-missing.yml:1: 'title' is missing",
        "data/lists/head-types.yml:1: title: expected text, found a mapping",
        "data/lists/head-types.yml:2: description: expected text, found a list",
        "data/lists/head-types.yml:3: papers: expected a list, found a mapping",
        "data/lists/head.yml:1: title: expected text, found a list",
        "data/lists/head.yml:2: duplicate key 'title'",
        "data/lists/head.yml:5: unknown key 'extra' (expected one of: title, description, papers)",
        "data/lists/index.yml:1: 'index' is reserved: lists/index.html is the overview of all lists; rename the file",
        # An unterminated quote: the line where it opens, never past the file's 3 lines.
        "data/lists/invalid.yml:3: invalid YAML: while scanning a quoted scalar, found unexpected end of stream",
        "data/lists/latin1.yml:4: not UTF-8 (byte 0xe9); save the list as UTF-8",  # the line of the byte
        # A merge key (`<<: *e`) would copy an entry's fields silently: refused at the anchor.
        "data/lists/merge-key.yml:3: anchors and aliases (&, *) are not supported in lists: write the value out"
        " (&e here; 1 more: line 4)",
        "data/lists/no-title.yml:1: 'title' is missing",
        "data/lists/not-a-mapping.yml:1: a list is a mapping with 'title' and 'papers'",
        # A scalar where the entries belong is named as YAML reads it (it was "found text").
        "data/lists/papers-number.yml:3: papers: expected a list, found the number 5",
        "data/lists/papers-text.yml:2: papers: expected a list, found the text '2403.01230'",
        "data/lists/problems.yml:3: paper: no paper on the site is '9999.99999'"
        " (an arXiv id, a paper's id or its title)",
        "data/lists/problems.yml:5: date: '2024-02-30' is not a date (YYYY-MM-DD)",
        "data/lists/problems.yml:7: unknown key 'notes' (expected one of: paper, date, presented_by, note)",
        "data/lists/problems.yml:8: 'paper' is missing",
        "data/lists/problems.yml:9: paper: '2403.01230' is already on this list (line 4)",
        "data/lists/problems.yml:10: paper: expected text, found a list",
        # A title both papers have as titles match, and neither as written ('Same Title', 'Same title').
        "data/lists/problems.yml:11: paper: 'same title' is the title of 2 papers (same-title, same-title-2403-06666);"
        " name one by its id",
        # Every wrong field of an entry is named, and hides no other (msgspec alone stops at one).
        "data/lists/two-documents.yml:4: invalid YAML: expected a single document in the stream,"
        " but found another document",
        "data/lists/types.yml:4: date: 'yesterday' is not a date (YYYY-MM-DD)",
        "data/lists/types.yml:5: note: expected text, found a mapping",
        "data/lists/types.yml:6: paper: '2403.01230v2' is already on this list (line 3)",  # as written
        "data/lists/types.yml:7: date: '2024-02-30' is not a date (YYYY-MM-DD)",
        "data/lists/types.yml:8: presented_by: expected text, found a list",
        "data/lists/types.yml:9: note: expected text, found a list",
        "data/lists/types.yml:10: paper: expected text, found a mapping",
        "data/lists/types.yml:11: date: 'someday' is not a date (YYYY-MM-DD)",
        # An unknown key, at the top or in an entry, hides no other problem.
        "data/lists/unknown-keys.yml:2: unknown key 'owner' (expected one of: title, description, papers)",
        "data/lists/unknown-keys.yml:5: unknown key 'presenter' (expected one of: paper, date, presented_by, note)",
        "data/lists/unknown-keys.yml:6: paper: '2403.01230' is already on this list (line 4)",
        "data/lists/unknown-keys.yml:7: paper: no paper on the site is '8888.88888' (an arXiv id, a paper's id or its"
        " title)",
        # The title's quote is never closed: the error names line 1, where it opens (was line 4, past the end).
        "data/lists/unterminated-title.yml:1: invalid YAML: while scanning a quoted scalar, found unexpected end of"
        " stream",
    ]


def test_aliases_of_aliases_are_one_message_never_expanded(tmp_path: Path) -> None:
    """A billion laughs: 13 lines that would name one value 9**9 times."""
    laughs = ["title: laughs", "a0: &a0 x"]
    laughs += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (tmp_path / "laughs.yml").write_text("\n".join([*laughs, "papers:", "  - paper: *a9", ""]), encoding="utf-8")
    with pytest.raises(Errors) as caught:
        read_lists(tmp_path, "data/lists", PAPERS)
    got = str(caught.value).splitlines()
    assert got[0] == (
        "data/lists/laughs.yml:2: anchors and aliases (&, *) are not supported in lists: write the value out"
        " (&a0 here; 91 more: lines 3, 4, 5, ...)"
    )
    assert got[1:] == [  # and the keys a list does not have, each at its line
        f"data/lists/laughs.yml:{line}: unknown key 'a{line - 2}' (expected one of: title, description, papers)"
        for line in range(2, 12)
    ]


def test_a_control_character_is_named_at_its_line_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "c.yml").write_text("title: C\npapers:\n  - routing\n\n# \x01\n", encoding="utf-8")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", PAPERS)
    assert str(caught.value) == "data/lists/c.yml:5: a control character U+0001 is not allowed in YAML"


def test_lines_are_the_file_s_own_after_a_next_line_character(tmp_path: Path) -> None:
    """PyYAML ends a line at NEL (U+0085); editors and git do not."""
    text = 'title: C\ndescription: "a\u0085b"\npapers:\n  - routing\nfoo: 1\n'
    (tmp_path / "d.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", PAPERS)
    assert str(caught.value) == "data/lists/d.yml:5: unknown key 'foo' (expected one of: title, description, papers)"


def test_unknown_keys_at_the_top_are_reported(tmp_path: Path) -> None:
    (tmp_path / "x.yml").write_text("title: X\npapers: [routing]\nextra: 1\n", encoding="utf-8")
    with pytest.raises(
        ListError, match=r"x.yml:3: unknown key 'extra' \(expected one of: title, description, papers\)"
    ):
        read_lists(tmp_path, "data/lists", PAPERS)


@pytest.mark.parametrize("papers", ["papers: []", "papers:", "papers: ~"])
def test_a_list_with_no_papers_yet_is_a_list(tmp_path: Path, papers: str) -> None:
    """A lab starts next term's list before it has read anything (it was 'papers: the list has no
    papers'; a tester). Nothing is nothing, however written, as for `title:`; a list without
    `papers` at all is still refused."""
    (tmp_path / "next-term.yml").write_text(f"title: Next term\n{papers}\n", encoding="utf-8")
    lists, notes = read_lists(tmp_path, "data/lists", PAPERS)
    assert [(r.slug, r.title, r.entries) for r in lists] == [("next-term", "Next term", ())] and notes == ()
    (tmp_path / "next-term.yml").write_text("title: Next term\n", encoding="utf-8")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", PAPERS)
    assert str(caught.value) == "data/lists/next-term.yml:1: 'papers' is missing"


@pytest.mark.parametrize(
    "ref",
    [
        "2403.01230V2",
        "ARXIV:2403.01230",
        "arXiv: 2403.01230v3",
        "https://arxiv.org/abs/2403.01230v2",
        "https://arxiv.org/pdf/2403.01230.pdf",
        "http://export.arxiv.org/abs/2403.01230?context=cs",
        "https://huggingface.co/papers/2403.01230",
        "arxiv.org/abs/2403.01230",
        "https://arxiv.org/html/2403.01230v1",
        # Its arXiv DOI, in the forms a DOI is written (they were 'no paper on the site is ...'; a tester).
        "https://doi.org/10.48550/arXiv.2403.01230",
        "10.48550/arXiv.2403.01230v2",
        "doi:10.48550/ARXIV.2403.01230",
        "https://dx.doi.org/10.48550/arxiv.2403.01230",
        "Routing Tokens Without Auxiliary Loss (2023)",  # a title it was listed under before
        "ROUTING TOKENS, WITHOUT AUXILIARY LOSS",
    ],
)
def test_a_paper_is_found_by_its_addresses_and_former_titles(tmp_path: Path, ref: str) -> None:
    (tmp_path / "x.yml").write_text(f'title: X\npapers:\n  - paper: "{ref}"\n', encoding="utf-8")
    records = [Record("routing", 1, "2403.01230", ("Routing Tokens Without Auxiliary Loss (2023)",))]
    lists, _ = read_lists(tmp_path, "data/lists", PAPERS, ALIASES, records=records)
    assert lists[0].entries[0].paper_id == "routing"


SITE = "https://example.org/site/"


@pytest.mark.parametrize(
    ("ref", "found"),
    [
        ("routing.html", "routing"),
        ("papers/routing.html", "routing"),
        ("papers/old-name.html", "same-title"),  # a published id that redirects: its paper
        ("arxiv/2403.01230.html", "routing"),
        ("arxiv/2403.01230v2.html", "routing"),  # a version suffix: the paper of that arXiv id
        ("https://example.org/site/papers/routing.html", "routing"),
        ("example.org/site/papers/routing.html", "routing"),
        ("https://example.org:443/site/papers/routing.html", "routing"),
        ("https://example.org/site/papers/rout%69ng.html?from=feed#related", "routing"),
        ("https://example.org/site/arxiv/2403.01230v1.html", "routing"),
        # The site under another address (SITE_URL changed in CI, http for https, the github.io address).
        ("http://example.org/site/papers/routing.html", "routing"),
        ("https://lab.github.io/digests/papers/routing.html", "routing"),
        ("https://papers.lab.org/papers/routing.html", "routing"),
        # The site opened from disk, its address copied from the browser.
        ("file:///home/ada/site/papers/routing.html", "routing"),
        ("file:///C:/Users/ada/site/arxiv/2403.01230.html", "routing"),
    ],
)
def test_a_paper_is_found_by_its_address_on_the_site(tmp_path: Path, ref: str, found: str) -> None:
    (tmp_path / "x.yml").write_text(f'title: X\npapers:\n  - paper: "{ref}"\n', encoding="utf-8")
    lists, _ = read_lists(tmp_path, "data/lists", PAPERS, ALIASES, site_url=SITE)
    assert lists[0].entries[0].paper_id == found


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (
            "https://example.org/site/topics/diffusion.html",
            "that address is the topic page topics/diffusion.html, not a paper",
        ),
        ("digests/2024-03-14.html", "that address is the digest page digests/2024-03-14.html, not a paper"),
        ("authors/ada.html", "that address is the author page authors/ada.html, not a paper"),
        ("example.org/site/lists/spring.html", "that address is the reading list page lists/spring.html, not a paper"),
        ("https://example.org/site/", "that address is the home page, not a paper"),
        (
            "https://example.org/elsewhere/topics/routing.html",
            "that address is not under the site's address https://example.org/site/ (site_url)",
        ),
        ("papers/nothing.html", "no paper on the site has the address papers/nothing.html"),
        ("https://lab.github.io/d/papers/nothing.html", "no paper on the site has the address papers/nothing.html"),
        ("arxiv/2403.09999.html", "no paper on the site has the arXiv id 2403.09999 (arxiv/2403.09999.html)"),
        ("papers/a%2Fb.html", "that address (papers/a%2Fb.html) is no paper's page: papers/<id>.html"),
        ("file:///home/ada/site/papers/nothing.html", "no paper on the site has the address papers/nothing.html"),
        (
            "file:///home/ada/site/topics/x.html",  # file:/// as written, never file:/
            "that address (file:///home/ada/site/topics/x.html) is no paper's page: papers/<id>.html",
        ),
    ],
)
def test_an_address_of_no_paper_says_what_it_is(tmp_path: Path, ref: str, message: str) -> None:
    (tmp_path / "x.yml").write_text(f'title: X\npapers:\n  - paper: "{ref}"\n', encoding="utf-8")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", PAPERS, ALIASES, site_url=SITE)
    assert str(caught.value) == f"data/lists/x.yml:3: paper: {message}"


def test_a_former_title_gives_way_to_a_paper_listed_under_it_now(tmp_path: Path) -> None:
    (tmp_path / "x.yml").write_text("title: X\npapers:\n  - paper: Accent-Robust ASR\n", encoding="utf-8")
    records = [Record("routing", 1, "2403.01230", ("Accent-Robust ASR",))]
    lists, _ = read_lists(tmp_path, "data/lists", PAPERS, ALIASES, records=records)
    assert lists[0].entries[0].paper_id == "accent-robust-asr"


def test_a_title_as_written_wins_over_titles_that_only_match_as_titles_do(tmp_path: Path) -> None:
    """'C for ML', 'C++ for ML' and 'C# for ML' are one identity: a title written as a paper has it
    names that paper (its spaces as cleaned); one none has as written is every paper it matches (a tester)."""
    papers = [
        *PAPERS,
        paper("c-for-ml", "C for ML"),
        paper("c-for-ml-2", "C++ for ML"),
        paper("c-for-ml-3", "C# for ML"),
    ]
    (tmp_path / "x.yml").write_text('title: X\npapers: ["C  for ML", "C++ for ML", "C# for ML"]\n', encoding="utf-8")
    lists, _ = read_lists(tmp_path, "data/lists", papers)
    assert [e.paper_id for e in lists[0].entries] == ["c-for-ml", "c-for-ml-2", "c-for-ml-3"]
    (tmp_path / "x.yml").write_text('title: X\npapers: ["c  for ml"]\n', encoding="utf-8")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", papers)
    assert str(caught.value) == (
        "data/lists/x.yml:2: paper: 'c for ml' is the title of 3 papers (c-for-ml, c-for-ml-2, c-for-ml-3);"
        " name one by its id"
    )


def test_lists_may_be_yaml_in_any_case_but_one_page_name_once(tmp_path: Path) -> None:
    for name in ("a.YML", "b.yaml", "c.Yaml"):
        (tmp_path / name).write_text("title: X\npapers: [routing]\n", encoding="utf-8")
    lists, notes = read_lists(tmp_path, "data/lists", PAPERS)
    assert [r.slug for r in lists] == ["a", "b", "c"] and notes == ()
    (tmp_path / "a.yaml").write_text("title: Y\npapers: [routing]\n", encoding="utf-8")
    with pytest.raises(ListError, match=r"^data/lists/a.yaml:1: data/lists/a.YML has the page name lists/a.html: "):
        read_lists(tmp_path, "data/lists", PAPERS)


@pytest.mark.parametrize(
    ("name", "wrong", "suggestion"),
    [
        # Lower-case letters and hyphens, but not a page name: it was told to use "lower-case letters, digits
        # and hyphens", which it does (a tester).
        ("a--b.yml", "two hyphens together", "a-b.yml"),
        ("-a.yaml", "a hyphen at the start", "a.yaml"),
        ("2024-.YML", "a hyphen at the end", "2024.YML"),
        ("Café Club.yml", "capital letters, 'é' and a space", "cafe-club.yml"),
        ("Index.yml", "a capital letter", "index-list.yml"),
        ("a.b.yml", "'.'", "a-b.yml"),
    ],
)
def test_a_file_name_that_is_no_page_name_says_what_is_wrong_and_the_name_to_use(
    tmp_path: Path, name: str, wrong: str, suggestion: str
) -> None:
    (tmp_path / name).write_text("title: X\npapers: [routing]\n", encoding="utf-8")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", PAPERS)
    stem = name.rsplit(".", 1)[0]
    assert str(caught.value) == (
        f"data/lists/{name}:1: the file name '{stem}' has {wrong}: a list's file name is its page name"
        " (lists/<name>.html), lower-case letters and digits with one hyphen between words;"
        f" name the file '{suggestion}'"
    )


def test_a_file_name_too_long_for_its_page_is_refused_at_the_list(tmp_path: Path) -> None:
    """lists/<name>.html must fit in 255 bytes: the list file is named, not the page it would make."""
    (tmp_path / f"{'x' * 250}.yaml").write_text("title: X\npapers: [routing]\n", encoding="utf-8")
    assert [r.slug for r in read_lists(tmp_path, "data/lists", PAPERS)[0]] == ["x" * 250]
    (tmp_path / f"{'y' * 251}.yml").write_text("title: X\npapers: [routing]\n", encoding="utf-8")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", PAPERS)
    assert str(caught.value) == (
        f"data/lists/{'y' * 251}.yml:1: a list's file name is its page name (lists/<name>.html), at most 250"
        " characters: this one has 251; shorten it"
    )


def test_a_file_where_the_lists_folder_belongs_is_refused(tmp_path: Path) -> None:
    (tmp_path / "lists").write_text("title: X\n", encoding="utf-8")
    with pytest.raises(ListError, match=r"^data/lists: is not a folder"):
        read_lists(tmp_path / "lists", "data/lists", PAPERS)


def test_a_file_where_the_lists_folder_belongs_names_only_that_folder(tmp_path: Path) -> None:
    """With --data bench/digests the lists are bench/lists: the message named data/lists/ as well (a tester)."""
    (tmp_path / "lists").write_text("title: X\n", encoding="utf-8")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path / "lists", "bench/lists", PAPERS)
    assert str(caught.value) == "bench/lists: is not a folder: reading lists are files in a folder"


def test_no_folder_no_lists(tmp_path: Path) -> None:
    assert read_lists(tmp_path / "missing", "data/lists", PAPERS) == ((), ())
    assert read_lists(None, "", PAPERS) == ((), ())


def test_text_is_cleaned_as_digest_text_is(tmp_path: Path) -> None:
    shutil.copy(LISTS / "good" / "minimal.yml", tmp_path / "a.yml")
    (tmp_path / "b.yml").write_text(
        'title: "A\\x07 title\\u202e"\npapers:\n  - paper: routing\n    note: "$\\\\pi$-GAN  </script>"\n',
        encoding="utf-8",
    )
    lists, _ = read_lists(tmp_path, "data/lists", PAPERS)
    assert lists[1].title == "A title" and lists[1].entries[0].note == "π-GAN </script>"


def test_the_readme_s_example_list_reads_against_the_seed(tmp_path: Path, seed) -> None:
    from generator import build

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("```yaml\ntitle: Reading group") + len("```yaml\n")
    (tmp_path / "spring-2024.yml").write_text(readme[start : readme.index("```", start)], encoding="utf-8")
    corpus = build.make_corpus(seed)
    lists, _ = read_lists(tmp_path, "data/lists", corpus.papers, corpus.aliases or {})
    assert [e.paper_id for e in lists[0].entries][1] == "epigraf-rethinking-training-of-3d-gans"
    assert lists[0].entries[0].note is not None and "\n" in lists[0].entries[0].note


@pytest.mark.parametrize(
    "ref",
    [
        "retired-paper",
        "2401.00007",
        "arXiv:2401.00007v2",
        "A Retired Paper",
        "papers/retired-paper.html",
        "https://example.org/site/arxiv/2401.00007.html",
    ],
)
def test_a_paper_published_once_but_in_no_digest_now_says_so(tmp_path: Path, ref: str) -> None:
    (tmp_path / "x.yml").write_text(f'title: X\npapers:\n  - paper: "{ref}"\n', encoding="utf-8")
    records = [Record("retired-paper", 1, "2401.00007", ("A Retired Paper",))]
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", PAPERS, ALIASES, records=records, site_url=SITE, registry="ids/all.tsv")
    assert str(caught.value) == (
        "data/lists/x.yml:3: paper: the paper retired-paper was published once (ids/all.tsv)"
        " but is in no digest now, so it has no page to list"
    )


def test_a_paper_published_once_names_the_registry_the_settings_give(tmp_path: Path) -> None:
    """Not always data/published.tsv: the file the settings (`registry:`, --data) name."""
    from generator import build

    settings = seed_settings(tmp_path / "seed")
    ids = tmp_path / "ids" / "all-ids.tsv"
    ids.parent.mkdir()
    retired = Record("retired-paper", 1, "2401.00007", ("A Retired Paper",))
    ids.write_text(registry.format_records([*registry.read(settings.registry, "x"), retired]), encoding="utf-8")
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "x.yml").write_text("title: X\npapers:\n  - paper: retired-paper\n", encoding="utf-8")
    with pytest.raises(ListError) as caught:
        build.make_corpus(dataclasses.replace(settings, registry=ids, lists=tmp_path / "lists"))
    assert f"the paper retired-paper was published once ({ids}) but is in no digest now" in str(caught.value)


def test_a_list_file_over_the_size_limit_is_told_it_is_a_list(tmp_path: Path) -> None:
    """One limit for digests and lists (max_digest_mb): a list over it was told 'not a digest?' (a tester)."""
    (tmp_path / "big.yml").write_text("title: Big\npapers: [routing]\n" + "# padding\n" * 20, encoding="utf-8")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", PAPERS, max_bytes=100)
    assert str(caught.value) == (
        "data/lists/big.yml: larger than 100 bytes, the largest list file read: not a reading list? (list files are"
        " read up to extra.generator.max_digest_mb in mkdocs.yml, as digests are)"
    )


def test_a_suggested_file_name_is_never_one_a_list_has(tmp_path: Path) -> None:
    """'Spring_2024.yml' beside 'spring-2024.yaml' was told to become 'spring-2024.yml', which would give two
    lists one page (a tester); two files that slugify alike are told two names."""
    for name in ("Spring_2024.yml", "Spring 2024.yml", "spring-2024.yaml", "Index.yml", "index-list.yml"):
        (tmp_path / name).write_text("title: X\npapers: [routing]\n", encoding="utf-8")
    with pytest.raises(Errors) as caught:
        read_lists(tmp_path, "data/lists", PAPERS)
    told = {e.path: e.message.rpartition("; ")[2] for e in caught.value.errors}
    assert told == {
        "data/lists/Index.yml": "name the file 'index-list-2.yml'",
        "data/lists/Spring 2024.yml": "name the file 'spring-2024-2.yml'",
        "data/lists/Spring_2024.yml": "name the file 'spring-2024-3.yml'",
    }


def test_a_byte_that_is_not_utf8_in_a_file_name_is_shown_as_the_file_is(tmp_path: Path) -> None:
    """U+FFFD, as the path before it and digest file names show it (was '\\udcff', Python's own keeping)."""
    try:
        (tmp_path / "caf\udcff.yml").write_text("title: X\npapers: [routing]\n", encoding="utf-8")
    except (UnicodeEncodeError, OSError):
        pytest.skip("the file system takes only UTF-8 names")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", PAPERS)
    assert str(caught.value) == (
        "data/lists/caf\ufffd.yml:1: the file name 'caf\ufffd' has a byte that is not UTF-8: a list's file name is its"
        " page name (lists/<name>.html), lower-case letters and digits with one hyphen between words;"
        " name the file 'caf.yml'"
    )
    assert "\\udc" not in str(caught.value)


def test_a_key_that_is_a_list_or_mapping_is_named_as_written(tmp_path: Path) -> None:
    """Such keys were all named '?', and a second one was 'duplicate key '?'' (a tester)."""
    text = "title: X\npapers: []\n? [a, b]\n: x\n? {c: d}\n: y\n? - e\n  - f\n: z\n1: w\nnull: v\n"
    (tmp_path / "x.yml").write_text(text, encoding="utf-8")
    with pytest.raises(Errors) as caught:
        read_lists(tmp_path, "data/lists", PAPERS)
    expected = "(expected one of: title, description, papers)"
    assert str(caught.value).splitlines() == [
        f"data/lists/x.yml:3: unknown key '[a, b]' {expected}",
        f"data/lists/x.yml:5: unknown key '{{c: d}}' {expected}",
        f"data/lists/x.yml:7: unknown key '- e - f' {expected}",
        f"data/lists/x.yml:10: unknown key '1' {expected}",
        f"data/lists/x.yml:11: unknown key 'null' {expected}",
    ]


def test_a_yaml_tag_is_refused_not_read_as_the_text_it_tags(tmp_path: Path) -> None:
    """`title: !!binary aGVsbG8=` made the title 'aGVsbG8=' without a word (a tester): a list is plain data."""
    text = (
        "title: !!binary aGVsbG8=\npapers:\n  - !!python/object:os.system routing\n"
        "  - paper: accent-robust-asr\n    note: !foo a note\n"
    )
    (tmp_path / "x.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", PAPERS)
    assert str(caught.value) == (
        "data/lists/x.yml:1: YAML tags (!!binary, !foo, ...) are not supported in lists: remove the tag"
        " (!!binary here; 2 more: lines 3, 5)"
    )


@pytest.mark.parametrize(
    "ref", ["https://doi.org/10.1145/3442188", "10.1145/3442188", "https://openreview.net/forum?id=abc", "www.x.org/p"]
)
def test_an_address_or_doi_of_no_paper_says_which_ones_name_a_paper(tmp_path: Path, ref: str) -> None:
    (tmp_path / "x.yml").write_text(f'title: X\npapers:\n  - paper: "{ref}"\n', encoding="utf-8")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", PAPERS, site_url=SITE)
    assert str(caught.value) == (
        f"data/lists/x.yml:3: paper: no paper on the site is {ref!r}: a paper's address is its arXiv one"
        " (https://arxiv.org/abs/<id>), its Hugging Face one (https://huggingface.co/papers/<id>), its arXiv DOI"
        " (10.48550/arXiv.<id>) or its page's on this site"
    )


@pytest.mark.parametrize(
    ("ref", "by"),
    [("routing", "id"), ("old-name", "id"), ("2403.01230", "arXiv id"), ("arXiv:2403.01230", "arXiv id")],
)
def test_an_id_that_is_another_paper_s_title_names_both_and_is_refused(tmp_path: Path, ref: str, by: str) -> None:
    """A paper's id or arXiv id that another paper has as its title, as written: it silently named the first
    (a tester). Its page's address names either."""
    papers = [*PAPERS, paper("titled", ref)]
    (tmp_path / "x.yml").write_text(f'title: X\npapers:\n  - "{ref}"\n', encoding="utf-8")
    with pytest.raises(ListError) as caught:
        read_lists(tmp_path, "data/lists", papers, ALIASES)
    found = {"old-name": "same-title"}.get(ref, "routing")
    assert str(caught.value) == (
        f"data/lists/x.yml:3: paper: {ref!r} names two papers, {found} by its {by} and titled by its title:"
        f" name the one meant by its page, papers/{found}.html or papers/titled.html"
    )
    (tmp_path / "x.yml").write_text(f"title: X\npapers: [papers/{found}.html, papers/titled.html]\n", encoding="utf-8")
    lists, _ = read_lists(tmp_path, "data/lists", papers, ALIASES)
    assert [e.paper_id for e in lists[0].entries] == [found, "titled"]
    # A title that matches only as titles do ('ROUTING') is no rival: the id wins, as before.
    (tmp_path / "x.yml").write_text(f'title: X\npapers:\n  - "{ref}"\n', encoding="utf-8")
    lists, _ = read_lists(tmp_path, "data/lists", [*PAPERS, paper("titled", ref.upper() + "!")], ALIASES)
    assert [e.paper_id for e in lists[0].entries] == [found]
