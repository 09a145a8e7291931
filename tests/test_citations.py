"""What reference managers read, read back the way they read it: BibTeX through bibtexparser, the
COinS ContextObject the way Zotero's COinS translator splits and decodes it, the JSON-LD through a
JSON parser after an HTML parser found the end of its <script>."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from dataclasses import replace
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import build
from generator.config import Settings
from generator.models import Appearance, Paper
from generator.papers.authors import distinct_authors
from generator.render import citations
from generator.render.names import highwire_name, split_name
from generator.render.templating import render
from generator.sources.clean import TexBudget, clean_field
from tests import golden
from tests.test_names import zotero_reads

HOSTILE = (
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{% raw %}{{ x }}",
    "Braces {a} } { and \\emph{TeX} $x^2$ 100% & #1 _x_ ~a",
    "A--B --- ``quoted'' \"dq\" ?` !` ,,low''",
    "Über naïve café π-GAN ≥ × 王伟 مرحبا 🙂",
    "\u202eRTL override",
    "Smith, Jr. and Sons",
    "&amp; &lt; entity-looking",
    "C++ & C#",
)


def paper(title: str, authors: tuple[str, ...] = (), arxiv: str | None = "2403.01234", **extra: object) -> Paper:
    seen = (Appearance(dt.date(2024, 3, 14), "d.json", "d", 0),)
    return Paper("pid", "key", title, "An abstract </script>.", seen, (), arxiv_id=arxiv, authors=authors, **extra)  # type: ignore[arg-type]


def pairs_as_bibtex_counts(value: str) -> bool:
    """Tell whether value's braces pair as BibTeX counts them: every { and }, after a backslash or not."""
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def round_trip(entry_paper: Paper) -> tuple[str, list[tuple[str, str, str]], dict[str, str]]:
    written = citations.bib_entry(entry_paper, "https://example.org/papers/pid.html")
    for field in written.fields:
        assert pairs_as_bibtex_counts(field.value if isinstance(field.value, str) else " and ".join(field.value))
    text = citations.bibtex([written])
    library = citations.parse_bibtex(text)
    assert not library.failed_blocks, text
    (entry,) = library.entries
    fields = {f.key: f.value for f in entry.fields if f.key != "author"}
    return fields["title"], citations.author_people(entry), fields


@pytest.mark.parametrize("text", HOSTILE)
def test_bibtex_round_trips_hostile_titles_and_names(text: str) -> None:
    title, authors, _ = round_trip(paper(text, (text, "Ada Lovelace", "Jean de la Fontaine")))
    assert title == text
    assert authors == [split_name(text), ("Lovelace", "Ada", ""), ("de la Fontaine", "Jean", "")]


@pytest.mark.parametrize(
    ("names", "field", "read"),
    [
        (("Lovelace, Ada",), "Lovelace, Ada", [("Lovelace", "Ada", "")]),  # was {Lovelace, Ada}: an organisation
        (("Martin Luther King Jr.",), "King, Jr., Martin Luther", [("King", "Martin Luther", "Jr.")]),
        (("Martin Luther King, Jr.",), "King, Jr., Martin Luther", [("King", "Martin Luther", "Jr.")]),
        (("Ludwig van Beethoven",), "van Beethoven, Ludwig", [("van Beethoven", "Ludwig", "")]),
        (("de la Cruz",), "de la Cruz", [("de la Cruz", "", "")]),
        (("Ada Lovelace, PhD",), "Lovelace, PhD, Ada", [("Lovelace", "Ada", "PhD")]),
        (("John Black jr. (MIT)",), "Black, jr., John", [("Black", "John", "jr.")]),  # was `jr., (MIT), John Black`
        (("Smith, John", "Doe, Jane"), "Smith, John and Doe, Jane", [("Smith", "John", ""), ("Doe", "Jane", "")]),
        (("Smith, Jr. and Sons",), "Smith, Jr. {and} Sons", [("Smith", "Jr. and Sons", "")]),
        (("Zoë Ñúñez-Gil",), "{\\~N}{\\'u}{\\~n}ez-Gil, Zo{\\\"e}", [("Ñúñez-Gil", "Zoë", "")]),
        (("García márquez, Gabriel",), "Garc{\\'\\i}a m{\\'a}rquez, Gabriel", [("García márquez", "Gabriel", "")]),
        (("王伟",), "王伟", [("王伟", "", "")]),
    ],
)
def test_bibtex_names_are_von_last_jr_first_as_bibtex_splits_them(
    names: tuple[str, ...], field: str, read: list[tuple[str, str, str]]
) -> None:
    """Each name in BibTeX's own form `von Last, Jr, First`, read back by bibtexparser's splitting as written."""
    text = citations.bibtex([citations.bib_entry(paper("T", names), "")])
    assert f"author = {{{field}}}" in text
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    decode = citations.decoder().latex_to_text
    people = library.entries[0].fields_dict["author"].value
    assert [
        (decode(" ".join(p.von + p.last)), decode(" ".join(p.first)), decode(" ".join(p.jr))) for p in people
    ] == read


def test_unpaired_braces_in_a_title_leave_the_entry_readable_by_bibtex() -> None:
    # BibTeX ends a field at the brace that closes its first, \} included: `{\}}` ended the title.
    title, _, _ = round_trip(paper("Braces {a} } { and }{ {"))
    assert title == "Braces {a} } { and }{ {"


# What cleaned titles and names are made of: no control characters, single spaces (sources/clean.py).
TEXT = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"), blacklist_characters="\u00ad"),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.lists(TEXT, max_size=4))
def test_bibtex_round_trips_any_text(title: str, names: list[str]) -> None:
    got_title, got_names, _ = round_trip(paper(title, tuple(names)))
    assert got_title == title
    # each person once, as first written, split as names.split_name splits them
    assert got_names == [split_name(name) for name in distinct_authors(names)]


def read_as_bibtexparser_does(text: str) -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    """{key: (title, authors)} as stock bibtexparser reads a .bib: its own LaTeX decoder (pylatexenc's
    default macros, braces dropped), no help from ours; authors split by its own name splitting."""
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, text
    split = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    authors = {e.key: e.fields_dict["author"].value for e in split.entries if "author" in e.fields_dict}
    read = {}
    for entry in library.entries:
        read[entry.key] = (
            entry.fields_dict["title"].value,
            [citations.read_name(n) for n in authors.get(entry.key, [])],
        )
    return read


def test_caret_reads_back_as_a_caret_with_stock_bibtexparser() -> None:
    # pylatexenc reads \textasciicircum as U+02C6 (a modifier letter), not "^".
    text = citations.bibtex([citations.bib_entry(paper("BT^2: x^{-1}"), "")])
    assert read_as_bibtexparser_does(text)["pid"][0] == "BT^2: x^{-1}"


def test_golden_and_seed_bib_files_read_back_with_stock_bibtexparser(seed: Settings) -> None:
    papers = {p["id"]: p for p in json.loads((golden.GOLDEN / "papers.json").read_text(encoding="utf-8"))}
    files = [path.read_text(encoding="utf-8") for path in sorted(golden.GOLDEN.rglob("*.bib"))]
    assert len(files) == len(papers) + 2  # a file per paper and per reading list
    seed_papers = build.make_corpus(seed).papers
    files += [citations.bibtex([citations.bib_entry(p, "https://example.org/p.html")]) for p in seed_papers]
    papers |= {p.id: {"title": p.title, "authors": list(p.authors)} for p in seed_papers}
    for text in files:
        for key, (title, author) in read_as_bibtexparser_does(text).items():
            assert title == papers[key]["title"]
            cited = distinct_authors(papers[key]["authors"] or ())
            assert author == [split_name(name) for name in cited]


# What the site shows for a title with TeX math: its cleaning reads simple math as a reader sees it
# (sources/clean.py): `\mathcal{O}` is 𝒪 and `\log` is "log", and the .bib carries that text.
MATH_TITLE = clean_field(r"Math $x^2 + y_1$ and $\mathcal{O}(n \log n)$ Attention with 10$ prices", TexBudget())


def test_math_title_in_bibtex_uses_kernel_latex_in_a_group_no_style_lower_cases() -> None:
    assert MATH_TITLE == "Math x^2 + y_1 and 𝒪(n log n) Attention with 10$ prices"
    text = citations.bibtex([citations.bib_entry(paper(MATH_TITLE), "")])
    # 𝒪 is the kernel's \mathcal{O} (pylatexenc writes mathrsfs' \mathscr), grouped twice so that
    # BibTeX's styles do not make it \mathcal{o}, and again as a capital letter alone in its word.
    assert "title = {Math x{\\string^}2 + y{\\_}1 and {{{\\ensuremath{\\mathcal{O}}}}(n} log n) Attention" in text
    assert read_as_bibtexparser_does(text)["pid"][0] == MATH_TITLE


# Titles as BibTeX styles would lower-case them ("Epigraf: Rethinking training of 3d gans"), and
# what keeps their words as written: a group around each word (split at spaces) with a capital past
# its first letter or a capital letter alone; the article A and a word capitalised at its start are
# the style's to lower-case.
KEPT_CASE = {
    "EpiGRAF: Rethinking training of 3D GANs": "{EpiGRAF}: Rethinking training of {3D} {GANs}",
    "Label Supervised LLaMA Finetuning": "Label Supervised {LLaMA} Finetuning",
    "BT^2: Backward-compatible Training": "{BT{\\string^}2}: Backward-compatible Training",
    "CLIP-based GPT-4V on ImageNet-1K": "{CLIP-based} {GPT-4V} on {ImageNet-1K}",
    "Über ÜBER ΔNet Few-Shot A Study": '{\\"U}ber {{\\"U}BER} {{\\ensuremath{\\Delta}}Net} {Few-Shot} A Study',
    "Big O(N) and U-Net and X-ray and K-means and ViT-B/16 and Q-Learning": (
        "Big {O(N}) and {U-Net} and {X-ray} and {K-means} and {ViT-B/16} and {Q-Learning}"
    ),
    "Complexity 𝒪(N^2) vs O(N log N) vs Θ(n) vs o(1) (I)": (
        "Complexity {{{\\ensuremath{\\mathcal{O}}}}(N{\\string^}2}) vs {O(N} log {N}) vs"
        " {{\\ensuremath{\\Theta}}(n}) vs o(1) ({I})"
    ),
    "Rethinking (Training): A Study": "Rethinking (Training): A Study",
    # A style keeps a title's first character, here the bracket: the capital after it needs a group.
    "(Re)thinking X-ray models": "({Re)thinking} {X-ray} models",
    '"Attention" is all': '{"}{Attention}{"} is all',
}


@pytest.mark.parametrize("title", KEPT_CASE)
def test_title_words_with_inner_capitals_are_kept_from_bibtex_lower_casing(title: str) -> None:
    text = citations.bibtex([citations.bib_entry(paper(title), "")])
    assert f"title = {{{KEPT_CASE[title]}}}," in text
    assert read_as_bibtexparser_does(text)["pid"][0] == title  # the groups read as nothing


def test_ligatures_are_broken_so_latex_prints_the_characters_as_written() -> None:
    # -- is an en dash, `` and '' curly quotes, ?` and !` inverted marks, and ,, a low quote in T1 fonts
    assert citations.latex("a--b ``c'' ?` !` ,,d") == "a-{}-b `{}`c'{}' ?{}` !{}` ,{},d"
    assert citations.latex("x,,,y") == "x,{},{},y"
    text = citations.bibtex([citations.bib_entry(paper("Low ,,quotes'' here"), "")])
    assert read_as_bibtexparser_does(text)["pid"][0] == "Low ,,quotes'' here"


# Math accents as the title's cleaning reads them (combining marks): the kernel's accent commands.
ACCENT_TITLE = clean_field(
    r"Accents $\hat{x}$ $\tilde{\mathcal{L}}$ $\vec{v}$ $\bar{X}$ $\dot{q}$ $\ddot{X}$", TexBudget()
)


def test_combining_accents_are_written_as_the_kernel_s_accent_commands() -> None:
    text = citations.bibtex([citations.bib_entry(paper(ACCENT_TITLE), "")])
    assert "title = {Accents {\\^{x}} {{{\\ensuremath{\\tilde{\\mathcal{L}}}}}} {{\\ensuremath{\\vec{v}}}}" in text
    assert '{{{\\ensuremath{\\bar{X}}}}} {\\.{q}} {{\\"{X}}}},' in text
    assert read_as_bibtexparser_does(text)["pid"][0] == ACCENT_TITLE


@cache
def encoded_characters() -> dict[str, str]:
    """Every character `latex` writes as LaTeX rather than as itself, with what it writes."""
    chars = (chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000)
    return {char: encoded for char in chars if (encoded := citations.latex(char)) != char}


def test_bibtex_writes_only_control_words_the_latex_kernel_defines() -> None:
    encoded = encoded_characters()
    assert all(citations.kernel_latex(latex) for latex in encoded.values())
    written = {word for latex in encoded.values() for word in citations.CONTROL_WORD.findall(latex)}
    assert {"ensuremath", "mathcal", "textemdash", "string", "alpha"} <= written  # the lists are used
    assert not citations.kernel_latex("{\\acute{\\ddot{\\iota}}}")  # math outside math (pylatexenc's ΐ)
    assert not citations.kernel_latex("{\\ensuremath{\\mathscr{O}}}")  # mathrsfs


def compile_bibtex(folder: Path, bib: str) -> tuple[str, str]:
    """Cite every entry of bib in a plain LaTeX document (article, T1 fonts, the `plain` style) and
    run pdflatex, bibtex, pdflatex; return the LaTeX log's errors and the .bbl BibTeX wrote."""
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    document = "\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage{url}\\begin{document}"
    document += "\\nocite{*}\\bibliographystyle{plain}\\bibliography{refs}\\end{document}\n"
    (folder / "doc.tex").write_text(document, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc"]
    subprocess.run(latex, cwd=folder, capture_output=True, check=True)
    bibtex = subprocess.run(["bibtex", "doc"], cwd=folder, capture_output=True, text=True)
    assert bibtex.returncode < 2, bibtex.stdout  # 1: warnings (an entry without author)
    subprocess.run([*latex[:2], "doc"], cwd=folder, capture_output=True)
    log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("!") or line.startswith("l.")]
    return "\n".join(errors), (folder / "doc.bbl").read_text(encoding="utf-8")


TEX_LIVE = shutil.which("pdflatex") and shutil.which("bibtex")


@pytest.mark.skipif(not TEX_LIVE, reason="needs TeX Live (pdflatex, bibtex)")
def test_bibtex_compiles_in_a_plain_latex_document(tmp_path: Path) -> None:
    # pdfLaTeX prints what is written as LaTeX; what is kept as UTF-8 (CJK, emoji) needs LuaLaTeX.
    chars = sorted(encoded_characters())
    titles = [MATH_TITLE, ACCENT_TITLE, *KEPT_CASE]
    titles += [t for t in HOSTILE if all(ord(c) < 0x250 or c in encoded_characters() for c in t)]
    titles += [" ".join(chars[i : i + 40]) for i in range(0, len(chars), 40)]
    entries = [citations.bib_entry(replace(paper(t), id=f"k{i}"), "") for i, t in enumerate(titles)]
    errors, bbl = compile_bibtex(tmp_path, citations.bibtex(entries))
    assert errors == ""
    assert "{\\ensuremath{\\mathcal{O}}}" in bbl  # not lower-cased by the style
    printed = " ".join(bbl.split())
    assert "{EpiGRAF}: Rethinking training of {3D} {GANs}" in printed
    assert "Big {O(N}) and {U-Net} and {X-ray} and {K-means} and {ViT-B/16} and {Q-Learning}" in printed
    assert "vs {O(N} log {N}) vs" in printed and "Rethinking (training): A study" in printed


def test_bibtex_entry_is_arxiv_style_and_text_papers_get_what_is_known() -> None:
    _, _, fields = round_trip(paper("T", ("A B",), published=dt.date(2023, 12, 30)))
    assert fields == {
        "title": "T",
        "year": "2023",
        "eprint": "2403.01234",
        "archivePrefix": "arXiv",
        "url": "https://arxiv.org/abs/2403.01234",
    }
    _, names, fields = round_trip(paper("T", arxiv=None))
    assert names == [] and fields == {"title": "T", "year": "2024", "url": "https://example.org/papers/pid.html"}
    _, _, fields = round_trip(paper("T", withdrawn=dt.date(2024, 4, 1)))
    assert fields["note"] == "Withdrawn 2024-04-01"


def test_bibtex_eprint_and_url_cannot_open_another_field() -> None:
    """An id or address with braces (data never checked, say) stays inside its own field."""
    hostile = "x}, note = {injected"
    written = citations.bibtex([citations.bib_entry(paper("T", arxiv=hostile), "")])
    (entry,) = citations.parse_bibtex(written).entries
    assert "note" not in entry.fields_dict and "{injected" not in written
    written = citations.bibtex([citations.bib_entry(paper("T", arxiv=None), "https://e.org/p}, note = {x\\.html")])
    (entry,) = citations.parse_bibtex(written).entries
    assert "note" not in entry.fields_dict
    assert "url = {https://e.org/p%7D,%20note%20=%20%7Bx%5C.html}" in written  # percent-encoded, verbatim in biblatex


def test_keys_are_unique_in_a_file() -> None:
    entry = citations.bib_entry(paper("T"), "")
    with pytest.raises(ValueError, match="Duplicate keys"):
        citations.bibtex([entry, entry])


class Scripts(HTMLParser):
    """Collect the text of each <script> as an HTML parser delimits it (the end is the first </script)."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = tag == "script"
        if self.inside:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.scripts[-1] += data


@pytest.mark.parametrize("text", HOSTILE)
def test_json_ld_survives_any_text_inside_its_script(text: str) -> None:
    html = f'<script type="application/ld+json">{citations.json_ld(paper(text, (text,)))}</script><p>after</p>'
    parser = Scripts()
    parser.feed(html)
    (script,) = parser.scripts
    data = json.loads(script)
    assert data["@type"] == "ScholarlyArticle" and data["headline"] == text
    assert data["author"] == [{"@type": "Person", "name": text}]
    assert "<" not in script and ">" not in script and "&" not in script
    assert "abstract" not in data  # the page's text carries it (and citation_abstract, written by cite.js)


def zotero_context_object(co: str) -> dict[str, list[str]]:
    """Split a KEV ContextObject as Zotero's parseContextObject does (zotero/utilities, openurl.js):
    at every "&", then at "=", the value decoded with decodeURIComponent after "+" and "%2B" became
    spaces; empty values skipped."""
    found: dict[str, list[str]] = {}
    for part in co.split("&"):
        key, value = [*part.split("="), ""][:2]
        value = value.replace("+", " ").replace("%2B", " ").replace("%2b", " ")
        value = unquote(value, errors="strict")
        if value:
            found.setdefault(key, []).append(value)
    return found


@pytest.mark.parametrize("text", HOSTILE)
def test_coins_read_as_zotero_reads_them(text: str) -> None:
    # A paper with an arXiv id: its DOI only, which Zotero looks up for the full record.
    co = zotero_context_object(citations.coins(paper(text, (text, "Ada Lovelace"))))
    assert co["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:dc"]  # Zotero: no format, no item
    assert co["rft.type"] == ["preprint"]  # Zotero's Preprint item type
    assert co["rft_id"] == ["info:doi/10.48550/arXiv.2403.01234"]  # Zotero: item.DOI = "10.48550/arXiv...."
    assert sorted(co) == ["ctx_ver", "rft.type", "rft_id", "rft_val_fmt"]
    # A paper known by its title only: title and date (and authors, when a JSON digest had them).
    untitled = paper(text, (text, "Ada Lovelace"), arxiv=None)
    co = zotero_context_object(citations.coins(untitled))
    # Zotero reads "+" as a space, however it is encoded: the one character it cannot receive.
    assert co["rft.title"] == [text.replace("+", " ")]
    assert co["rft.creator"] == [text.replace("+", " "), "Ada Lovelace"]
    assert co["rft.date"] == ["2024-03-14"]
    assert sorted(co) == ["ctx_ver", "rft.creator", "rft.date", "rft.title", "rft.type", "rft_val_fmt"]


def test_coins_name_the_context_object_version_the_coins_specification_requires() -> None:
    # COinS 1.0: ctx_ver=Z39.88-2004 is required (Zotero reads spans without it; other readers may not).
    for arxiv in ("2403.01234", None):
        co = str(citations.coins(paper("T", ("Ada Lovelace",), arxiv=arxiv)))
        assert co.startswith("ctx_ver=Z39.88-2004&rft_val_fmt=info:ofi/fmt:kev:mtx:dc&")


class Head(HTMLParser):
    """Collect <meta name=... content=...> inside <head>, as Google Scholar and Zotero read them."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name"):
            self.meta.append((values["name"] or "", values.get("content") or ""))


@pytest.mark.parametrize("text", HOSTILE)
def test_highwire_tags_carry_the_text_exactly(text: str) -> None:
    cited = paper(text, (text, "Ada Lovelace"), published=dt.date(2024, 3, 12))
    html = render("citation_head.html", citation=citations.Citation.of(cited), json_ld=citations.json_ld(cited))
    head = Head()
    head.feed(f"<html><head>{html}</head></html>")
    assert head.meta == [
        ("citation_title", text),
        ("citation_author", highwire_name(text)),  # surname first, as test_names checks
        ("citation_author", "Lovelace, Ada"),
        ("citation_publication_date", "2024/03/12"),
        ("citation_arxiv_id", "2403.01234"),
        ("citation_pdf_url", "https://arxiv.org/pdf/2403.01234"),
    ]  # not citation_abstract: cite.js writes it from the page's abstract (test_citations_browser)
    parser = Scripts()
    parser.feed(html)
    assert json.loads(parser.scripts[0])["headline"] == text


# One person twice (author identity: case, accents, spacing ignored), names that are no author
# (no letter or digit), and two people the README keeps apart (other scripts are kept as written).
NAMED = ("Ada Lovelace", "!!!", "ada  lovelace", "😀", "❤️", "José García", "Jose Garcia", "🏳️‍🌈", "王伟", "Wang Wei")
CITED = ["Ada Lovelace", "José García", "王伟", "Wang Wei"]


def test_citation_author_is_surname_first_as_zotero_reads_it() -> None:
    """Zotero's Embedded Metadata translator takes a name's last word as its surname: Jr., Beethoven."""
    cited = paper("T", ("Martin Luther King Jr.", "Ludwig van Beethoven", "Lovelace, Ada"))
    head = Head()
    head.feed(f"<html><head>{render('citation_head.html', citation=citations.Citation.of(cited), json_ld='')}</head>")
    authors = [content for name, content in head.meta if name == "citation_author"]
    assert authors == ["King, Martin Luther, Jr.", "van Beethoven, Ludwig", "Lovelace, Ada"]
    assert zotero_reads(authors) == [("King", "Martin Luther"), ("van Beethoven", "Ludwig"), ("Lovelace", "Ada")]
    assert json.loads(citations.json_ld(cited))["author"][0]["name"] == "Martin Luther King Jr."  # as written


def test_a_person_named_twice_is_cited_once_and_a_name_that_is_no_author_not_at_all() -> None:
    cited = paper("T", NAMED)
    head = Head()
    head.feed(f"<html><head>{render('citation_head.html', citation=citations.Citation.of(cited), json_ld='')}</head>")
    assert [content for name, content in head.meta if name == "citation_author"] == [
        "Lovelace, Ada",
        "García, José",
        "王伟",
        "Wei, Wang",
    ]
    assert [a["name"] for a in json.loads(citations.json_ld(cited))["author"]] == CITED
    _, names, _ = round_trip(cited)
    assert names == [split_name(name) for name in CITED]
    assert zotero_context_object(citations.coins(replace(cited, arxiv_id=None)))["rft.creator"] == CITED
    nobody = paper("T", ("!!!", "😀", "❤️", "#️⃣"))
    assert "author" not in json.loads(citations.json_ld(nobody))
    assert round_trip(nobody)[1] == []
