"""What reference managers read: BibTeX, Highwire Press tags, schema.org JSON-LD and COinS.

- BibTeX (`bibtex`): written by bibtexparser (v2), field text LaTeX-encoded by pylatexenc in the
  LaTeX kernel's commands (`kernel_latex`), so that braces, `%`, `&`, `#`, `_`, `$`, accents and
  math symbols print in a plain LaTeX document as they read on the site, a title's words with inner
  capitals keep their case in every style (`latex`, keep_case), and a BibTeX reader gets the text
  back exactly: stock bibtexparser's LaTeX decoding, no macro of ours (`decoder`; tests round-trip
  every .bib, and compile them where TeX Live is installed).
  One `@misc` entry per paper in the arXiv style (title, author, year, eprint, archivePrefix,
  url); the key is the paper's id, its permanent page name, so keys are unique on the site and
  never change.
- Highwire Press `citation_*` tags (Google Scholar's inclusion guidelines; Zotero's Embedded
  Metadata translator reads the same names): written by the `citation_head.html` template from
  `Citation`; each `citation_author` surname first (`King, Martin Luther, Jr.`, names.py), since a
  reader that must guess takes the last word for the surname. All but `citation_abstract`, which
  cite.js writes from the page's abstract paragraph (`p.paper-abstract`, its text exactly) when
  the page loads, as it writes COinS: in the HTML it would put the abstract on every paper page
  twice (1.7 KB per paper, a tenth of the site, at 10,000 papers). Zotero's connector reads the
  page as it stands after load (tests/test_citations_browser.py reads the tag there); Google
  Scholar takes the abstract from the page's text, where its inclusion guidelines ask for it.
  Readers of the raw HTML (Zotero's translation-server) get the meta description instead, the
  abstract's beginning (at most DESCRIPTION_MAX characters, render/pages.py).
- JSON-LD (`json_ld`): a schema.org ScholarlyArticle, without the abstract (the page's text
  carries it), safe inside `<script>` whatever the text: `<`, `>` and `&` are JSON escapes.
- COinS (`coins`): an OpenURL 1.0 ContextObject in KEV form (Z39.88-2004) per paper on list
  pages, Dublin Core format with type `preprint` (Zotero's Preprint item type). A paper with an
  arXiv id is named by its arXiv DOI alone (`rft_id=info:doi/10.48550/arXiv.<id>`, registered
  with DataCite for every arXiv paper): Zotero's COinS translator, finding no title, looks the DOI
  up and saves the full record (title, every author, abstract, date) as arXiv publishes it. That
  ContextObject is the same for every paper but the id, so a list page carries only an empty
  `<span data-arxiv="<id>">` (30 bytes, where the span took 152) and cite.js writes the class and
  the ContextObject when the page loads: Zotero's connector reads the page as it stands then
  (tests/test_citations_browser.py checks each span against `coins`). Readers of the raw HTML
  (Zotero's translation-server) find those papers on the paper pages' Highwire tags instead. A
  paper known only by its title carries its title and date in the page, where title, authors and
  date took 300 to 700 bytes.
  `ctx_ver`, which the COinS specification requires (Zotero reads spans without it), comes first;
  no abstract. (Zotero's reader turns a `+` in a value into a space, whatever its encoding.)
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import quote, quote_plus, urlencode

import bibtexparser
import regex
from bibtexparser import middlewares, model
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names
from markupsafe import Markup
from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexencode import RULE_REGEX, UnicodeToLatexConversionRule, UnicodeToLatexEncoder
from pylatexenc.macrospec import LatexContextDb

from ..models import Paper
from ..papers.authors import distinct_authors
from .names import highwire_names, split_name

ARXIV = "https://arxiv.org"

# Before pylatexenc's own rules: `"` in a group (babel may make it active), `^` as the font's own
# character (`\string^`: pylatexenc, and so bibtexparser, reads \textasciicircum as U+02C6 ˆ, a
# modifier letter, and `\^{}` as nothing), braces as math symbols (BibTeX counts every brace, `\{`
# and `\}` too, so a title's unpaired `}` ended the field). Two hyphens, two quotes, `?` or `!`
# before a backquote are ligatures in LaTeX (an en dash, a curly quote, ¿), and two commas in T1
# fonts (a low quote „): `latex` puts an empty group between them.
_LATEX_RULES = UnicodeToLatexConversionRule(
    rule_type=RULE_REGEX,
    rule=[
        (re.compile(r"\""), r'{"}'),
        (re.compile(r"\^"), r"{\\string^}"),
        (re.compile(r"\{"), r"{\\ensuremath{\\lbrace}}"),
        (re.compile(r"\}"), r"{\\ensuremath{\\rbrace}}"),
    ],
)
_LIGATURES = {("-", "-"), ("`", "`"), ("'", "'"), ("?", "`"), ("!", "`"), (",", ",")}
# Text LaTeX prints as it is: printable ASCII but \ { } % & # $ _ ^ ~ " < > and the backquote.
_PLAIN = re.compile(r"[^\\{}%&#$_^~\"<>`\x00-\x1f\x7f-\U0010ffff]*")
_PAIRS = ("--", "''", ",,")  # plain characters pylatexenc reads two at a time: an en dash, a quote


def _prints_as_is(text: str) -> bool:
    """Tell whether LaTeX prints text as it is, and pylatexenc reads it back as itself (_PLAIN, no _PAIRS)."""
    return _PLAIN.fullmatch(text) is not None and not any(pair in text for pair in _PAIRS)


ENCODER = UnicodeToLatexEncoder(
    conversion_rules=[_LATEX_RULES, "defaults"],
    replacement_latex_protection="braces-almost-all",  # {\'e}: one letter to BibTeX
    unknown_char_policy="keep",  # CJK, emoji: left as UTF-8, which LuaLaTeX and XeLaTeX print
    unknown_char_warning=False,
)
# The control words `latex` may write: those the LaTeX kernel defines (LaTeX 2020-02 or later,
# which has textcomp built in), so that a .bib compiles in a plain document (`article`, with
# `\usepackage[T1]{fontenc}` for the letters only T1 fonts have: Ð, Þ, Ŋ, ą, «), the math ones
# only inside \ensuremath. pylatexenc also writes the commands of amssymb (≲), amsfonts (ℝ),
# mathrsfs (𝒪), tipa and T2A (Cyrillic), and a few math commands outside math (ΐ, ϒ): a character
# only those name is kept as UTF-8, as CJK and emoji are. The lists: each of pylatexenc's encodings
# compiled with pdfLaTeX (TeX Live 2022); tests/test_citations.py compiles them again where TeX
# Live is installed.
TEXT_COMMANDS = frozenset(
    """
    AE ae c DH dh DJ dj enskip ensuremath fbox guillemotleft guillemotright guilsinglleft guilsinglright H hspace
    b d i IJ ij k kern L l NG ng nolinebreak O o OE oe quad quotedblbase quotesinglbase r ss string textacutedbl
    textasciiacute textasciibreve textasciicaron textasciicircum textasciidieresis textasciimacron textasciitilde
    textasteriskcentered textbackslash textbaht textbigcircle textblank textbrokenbar textbullet textcelsius
    textcent textcircledP textcolonmonetary textcompwordmark textcopyright textcurrency textdagger textdaggerdbl
    textdegree textdiscount textdiv textdong textdownarrow textellipsis textemdash textendash textestimated
    texteuro textexclamdown textflorin textfractionsolidus textinterrobang textleftarrow textlira textlnot textmho
    textmu textmusicalnote textnaira textnumero textonehalf textonequarter textonesuperior textopenbullet
    textordfeminine textordmasculine textparagraph textperiodcentered textpertenthousand textperthousand textpeso
    textquestiondown textquotedblleft textquotedblright textquoteleft textquoteright textrecipe textreferencemark
    textregistered textrightarrow textsc textsection textservicemark textsterling textsuperscript
    textthreequarters textthreesuperior texttimes texttrademark texttwosuperior textuparrow textvisiblespace
    textwon textyen TH th u v
    """.split()  # noqa: SIM905 - a list of words, read as words
)
MATH_COMMANDS = frozenset(
    """
    acute aleph alpha amalg angle approx asymp bar beta bigcap bigcirc bigcup bigtriangledown bigtriangleup
    bigvee bigwedge bowtie breve bullet cap cdot cdots check chi circ cong coprod cup dashv ddot ddots Delta
    delta diamond dot doteq Downarrow ell epsilon equiv eta exists forall frown Gamma gamma geq gg grave hat
    hbar hookleftarrow hookrightarrow in infty int iota kappa Lambda lambda langle lbrace lceil Leftarrow
    leftharpoondown leftharpoonup Leftrightarrow leftrightarrow leq lfloor ll lmoustache Longleftarrow
    longleftarrow Longleftrightarrow longleftrightarrow longmapsto Longrightarrow longrightarrow mapsto mathbf
    mathbin mathcal mathchar mathit mathsf mathtt mid mp mu nabla nearrow neq ni not notin nu nwarrow odot oint
    Omega omega ominus oplus oslash otimes parallel partial perp Phi phi Pi pi pm prec preceq prod propto Psi
    psi rangle rbrace rceil rfloor rho Rightarrow rightharpoondown rightharpoonup rightleftharpoons rmoustache
    searrow Sigma sigma sim simeq smile sqcap sqcup sqrt sqsubseteq sqsupseteq stackrel star subset subseteq
    succ succeq sum supset supseteq swarrow tau Theta theta tilde times top triangleleft triangleright Uparrow
    Updownarrow updownarrow uplus Upsilon upsilon varepsilon varphi varpi varrho varsigma vartheta vdash vdots
    vec vee Vert wedge wp wr Xi xi zeta
    """.split()  # noqa: SIM905 - a list of words, read as words
)
CONTROL_WORD = re.compile(r"\\([A-Za-z]+)")
# A word, as far as case goes: what stands between spaces, from its first letter or digit to its last
# (`U-Net`, `O(N`, `ViT-B/16`, the `N` of `N)`), so a group never starts with a backslash, which
# BibTeX would read as one accented letter and lower-case.
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}](?:\S*[\p{L}\p{M}\p{N}])?")
_LETTERS = regex.compile(r"[\p{L}\p{N}]\p{M}*(?:[\p{L}\p{N}]\p{M}*)*")  # a word's runs of letters and digits
_MARKS = regex.compile(r"\p{M}")
# \ensuremath and its argument, groups nested three deep at most ({\ensuremath{\acute{\ddot{\upsilon}}}}).
_MATH = re.compile(r"\\ensuremath\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}")
# A script capital: mathrsfs' \mathscr{O} is the kernel's \mathcal{O} (pylatexenc reads both as 𝒪).
_SCRIPT_CAPITAL = re.compile(r"\\mathscr\{([A-Z])\}")


def kernel_latex(encoded: str) -> bool:
    """Tell whether LaTeX's kernel defines every control word of encoded, the math ones in \\ensuremath."""
    text = _MATH.sub("", encoded)
    return TEXT_COMMANDS.issuperset(CONTROL_WORD.findall(text)) and (TEXT_COMMANDS | MATH_COMMANDS).issuperset(
        CONTROL_WORD.findall(encoded)
    )


FORMAT = bibtexparser.BibtexFormat()
FORMAT.indent = "  "
FORMAT.block_separator = "\n"


@cache
@cache
def decoder() -> LatexNodes2Text:
    """Return the LaTeX-to-text reader that stock bibtexparser uses: pylatexenc's, braces dropped.

    What `LatexDecodingMiddleware()` builds when given no decoder, so that what reads back here
    reads back in a reader's own bibtexparser: nothing of ours is needed to get the text back.
    One reader serves every call (building its macro tables costs a third of a millisecond).
    """
    context = get_default_latex_context_db()
    context.add_context_category("bibtexparse-default-context", prepend=True, macros=[MacroTextSpec("url", "%s")])
    return LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="verbatim")


def parse_bibtex(text: str) -> bibtexparser.Library:
    """Read BibTeX with bibtexparser: text fields LaTeX-decoded, authors split into a list of names.

    `author_people` splits and decodes an entry's authors into the people `bibtex` was given.
    """
    return bibtexparser.parse_string(
        text,
        append_middleware=[middlewares.SeparateCoAuthors(), middlewares.LatexDecodingMiddleware(decoder=decoder())],
    )


def author_people(entry: model.Entry) -> list[tuple[str, str, str]]:
    """Return the authors of an entry read by parse_bibtex, in order, each as names.split_name
    gives a name: (surname with its particles, given names, suffix), split by bibtexparser as BibTeX does."""
    field = entry.fields_dict.get("author")
    return [read_name(name) for name in field.value] if field else []


def read_name(written: str) -> tuple[str, str, str]:
    """(surname, given names, suffix) as bibtexparser splits and decodes one name of an author field."""
    parts = parse_single_name_into_parts(written, strict=False)
    return _to_text(" ".join(parts.von + parts.last)), _to_text(" ".join(parts.first)), _to_text(" ".join(parts.jr))


@cache
def _walker_context() -> LatexContextDb:
    """The LaTeX context a LatexWalker given none builds for itself on every call, built once."""
    return latexwalker.get_default_latex_context_db()


def _to_text(latex: str) -> str:
    """decoder().latex_to_text(latex), its parser given the default context it would build each time.

    Text LaTeX prints as it is (_prints_as_is) reads back as itself without being parsed: most
    names are such text.
    """
    if _prints_as_is(latex):
        return latex
    nodes = latexwalker.LatexWalker(latex, latex_context=_walker_context()).get_latex_nodes()[0]
    return decoder().nodelist_to_text(nodes)


def latex(text: str, *, keep_case: bool = False) -> str:
    """Encode text for a BibTeX field that LaTeX prints (title, author), a character at a time.

    keep_case (a title): each word (split at spaces only) with a capital past its first letter
    (`EpiGRAF`, `GANs`, `3D`, `BT^2`, `U-Net`, `Q-Learning`, `ViT-B/16`, `O(N`) or a capital letter
    standing alone (`K-means`, `N)`, `I`; not the article `A`), and a first word with a capital
    after a bracket or quote (`(Re)thinking`), is put in a group, which BibTeX
    styles print as written where they lower-case the rest of a title ("{EpiGRAF}: Rethinking
    training of {3D} {GANs}"), as Better BibTeX does. A reader drops the groups: the text reads
    back the same.
    """
    words = list(_WORD.finditer(text)) if keep_case else []
    kept = {m.start(): m.end() for m in words if _keeps_case(m.group())}
    if words and words[0].start() > 0 and any(char.isupper() for char in words[0].group()):
        kept[words[0].start()] = words[0].end()  # styles keep a title's first character: here "(", not R
    if not kept and _prints_as_is(text):
        return text  # most titles: nothing to encode
    out = []
    end = -1
    index = 0
    while index < len(text):
        if index in kept:
            out.append("{")
            end = kept[index]
        accented = _ACCENTED.match(text, index)
        if accented and (encoded := _latex_accented(accented.group(), accented.group())):
            out.append(encoded)
            index = accented.end()
        else:
            char = text[index]
            encoded = _latex_char(char)
            if encoded == char and not char.isascii() and (parts := unicodedata.normalize("NFD", char)) != char:
                encoded = _latex_accented(parts, char) or char  # Ẍ: \"{X}, which pylatexenc has no name for
            out.append(encoded)
            index += 1
            if (char, text[index : index + 1]) in _LIGATURES:
                out.append("{}")
        if index == end:
            out.append("}")
    return "".join(out)


# Combining marks the LaTeX kernel writes as accents: in text (x̂ is {\\^{x}}, which BibTeX
# lower-cases as it does {\\'E}) and in math (v⃗ is \\vec{v}, X̅ \\bar{X}, ℒ̃ \\tilde{\\mathcal{L}}: kept
# as written). A letter or digit with such marks, which no precomposed character names, is written
# with them, marks inside out, if that reads back as written; else its marks stay UTF-8.
_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u", "\u0307": ".",
    "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d", "\u0327": "c", "\u0328": "k",
    "\u0331": "b",
}  # fmt: skip
_MATH_ACCENTS = {
    "\u0300": "grave", "\u0301": "acute", "\u0302": "hat", "\u0303": "tilde", "\u0305": "bar", "\u0306": "breve",
    "\u0307": "dot", "\u0308": "ddot", "\u030c": "check", "\u20d7": "vec",
}  # fmt: skip
_ACCENTED = regex.compile(r"[\p{L}\p{N}][" + "".join(_ACCENTS.keys() | _MATH_ACCENTS.keys()) + "]+")
_IN_MATH = re.compile(r"(\{*)\\ensuremath\{(.*?)\}(\}*)")


def _math_of(encoded: str) -> str | None:
    """Return what \\ensuremath holds in a character's encoding (`{{\\ensuremath{\\mathcal{L}}}}` -> `\\mathcal{L}`)."""
    found = _IN_MATH.fullmatch(encoded)
    if not found:
        return None
    opened, closed = len(found.group(1)), len(found.group(3))
    return found.group(2) + "}" * (closed - opened) if closed >= opened else None


@cache
def _latex_accented(cluster: str, want: str) -> str | None:
    """Encode a letter with combining marks (cluster) as kernel accents that read back as want, or None."""
    letter, marks = cluster[0], cluster[1:]
    base = _latex_char(letter)
    if base == letter and not letter.isascii():
        return None  # a letter pdfLaTeX has no name for (CJK): its marks cannot help
    candidates = []
    if "ensuremath" not in base and all(mark in _ACCENTS for mark in marks):
        text = base
        for mark in marks:
            text = f"\\{_ACCENTS[mark]}{{{text}}}"
        caseless = letter.lower() == letter.upper()
        candidates.append("{{" + text + "}}" if caseless and re.search("[A-Za-z]", base) else "{" + text + "}")
    math = base if letter.isascii() else _math_of(base)
    if math is not None and all(mark in _MATH_ACCENTS for mark in marks):
        for mark in marks:
            math = f"\\{_MATH_ACCENTS[mark]}{{{math}}}"
        candidates.append("{{\\ensuremath{" + math + "}}}")  # grouped twice: a style keeps its letter's case
    return next((c for c in candidates if kernel_latex(c) and decoder().latex_to_text(c) == want), None)


def _keeps_case(word: str) -> bool:
    """Tell whether a title's word is one a style must not lower-case: a capital past its first letter, or one alone."""
    if word == "A":  # the article, the style's to lower-case
        return False
    return any(char.isupper() for char in word[1:]) or any(
        len(run) == 1 and run.isupper() for run in (_MARKS.sub("", r) for r in _LETTERS.findall(word))
    )


@cache
def _latex_char(char: str) -> str:
    """Encode one character in kernel LaTeX, or keep it as UTF-8 if it has no such name that reads back.

    (pylatexenc writes `·` as \\textperiodcentered, which reads back as `˙`; combining marks
    and ligature characters have no name that reads back.) A character without case whose name
    has letters outside its control words (`\\mathcal{O}`, `\\mathbf{a}`, `\\textsuperscript{w}`)
    gets a group of its own: BibTeX styles lower-case those letters (`\\mathcal{o}`), not in a group.
    """
    encoded = _SCRIPT_CAPITAL.sub(r"\\mathcal{\1}", ENCODER.unicode_to_latex(char))
    if encoded == char:
        return char
    if not kernel_latex(encoded) or decoder().latex_to_text(encoded) != char:
        return char
    if char.lower() == char.upper() and re.search("[A-Za-z]", CONTROL_WORD.sub("", encoded)):
        return "{" + encoded + "}"
    return encoded


_SEPARATOR = re.compile(r"(?i)(?<!\S)and(?!\S)")  # the word BibTeX splits an author field at


@lru_cache(maxsize=1 << 16)  # a name is written the same on each of its author's papers
def _name(name: str) -> str:
    """One author for the `author` field, in BibTeX's own form `von Last, Jr, First`, LaTeX-encoded.

    The parts are names.split_name's (surname with its particles, given names, suffix); a word
    `and` is put in a group, where BibTeX does not split the field at it. Each name is read back
    as bibtexparser splits names (read_name); if it reads otherwise, each part is put in a group,
    and if that reads otherwise too, the whole name, which BibTeX reads as one name (as it reads
    an organisation's).
    """
    surname, given, suffix = split_name(name)
    written = [_part(surname), *([_part(suffix)] if suffix else []), *([_part(given)] if given or suffix else [])]
    for candidate in (written, ["{" + part + "}" for part in written]):
        text = ", ".join(candidate)
        if _reads_as(text) == (surname, given, suffix):
            return text
    return "{" + latex(name) + "}"  # a brace group: BibTeX's own way to keep a name whole


def _part(text: str) -> str:
    """Encode one part of a name, its words `and` in a group."""
    return _SEPARATOR.sub(lambda m: "{" + m.group() + "}", latex(text))


def _reads_as(written: str) -> tuple[str, str, str] | None:
    """What a reader splits a name of the author field into (read_name), or None if it is no one name."""
    if len(split_multiple_persons_names(written)) != 1:
        return None
    try:
        parse_single_name_into_parts(written)  # strict: an unpaired brace, a trailing comma
    except InvalidNameError:
        return None
    return read_name(written)


def arxiv_abs(arxiv_id: str) -> str:
    return f"{ARXIV}/abs/{arxiv_id}"


def arxiv_pdf(arxiv_id: str) -> str:
    return f"{ARXIV}/pdf/{arxiv_id}"


def arxiv_doi(arxiv_id: str) -> str:
    """Return the DOI arXiv registered for a paper (DataCite prefix 10.48550): `10.48550/arXiv.<id>`."""
    return f"10.48550/arXiv.{arxiv_id}"


def issued(paper: Paper) -> dt.date:
    """The date a citation gives: the arXiv date, else the first digest that listed the paper."""
    return paper.published or paper.first_seen


def bib_url(url: str) -> str:
    """An address for the `url` field: percent-encoded outside the characters URLs keep as they are,
    so no brace, backslash, space or control character reaches BibTeX (the field is verbatim in biblatex)."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def bib_entry(paper: Paper, page_url: str) -> model.Entry:
    """Return the paper's BibTeX entry (page_url: the paper page's address, for a paper without arXiv id)."""
    fields = [model.Field("title", latex(paper.title, keep_case=True))]
    if authors := distinct_authors(paper.authors):
        fields.append(model.Field("author", [_name(n) for n in authors]))  # joined by MergeCoAuthors
    fields.append(model.Field("year", str(issued(paper).year)))
    if paper.arxiv_id:
        fields += [
            model.Field("eprint", latex(paper.arxiv_id)),  # an id is plain ASCII: encoded all the same
            model.Field("archivePrefix", "arXiv"),
            model.Field("url", bib_url(arxiv_abs(paper.arxiv_id))),
        ]
    elif page_url:
        fields.append(model.Field("url", bib_url(page_url)))
    if paper.withdrawn:
        fields.append(model.Field("note", f"Withdrawn {paper.withdrawn.isoformat()}"))
    return model.Entry("misc", paper.id, fields)


def bibtex(entries: Iterable[model.Entry]) -> str:
    """Write entries as one BibTeX file (bibtexparser; values in braces)."""
    library = bibtexparser.Library(list(entries))
    stack = [
        middlewares.MergeCoAuthors(),
        middlewares.AddEnclosingMiddleware(
            reuse_previous_enclosing=False, enclose_integers=True, default_enclosing="{"
        ),
    ]
    return bibtexparser.write_string(library, unparse_stack=stack, bibtex_format=FORMAT)


@dataclass(frozen=True)
class Citation:
    """What the Highwire Press tags of a paper page say (citation_head.html)."""

    title: str
    authors: tuple[str, ...]  # each person once (distinct_authors), surname first (names.highwire_names)
    date: str  # YYYY/MM/DD, as Google Scholar asks
    arxiv_id: str | None
    pdf_url: str | None

    @classmethod
    def of(cls, paper: Paper) -> Citation:
        day = issued(paper)
        pdf = arxiv_pdf(paper.arxiv_id) if paper.arxiv_id else None
        authors = highwire_names(distinct_authors(paper.authors))
        return cls(paper.title, authors, f"{day:%Y/%m/%d}", paper.arxiv_id, pdf)


# JSON escapes for what could end a <script> element or start an HTML comment, and for the two
# characters JavaScript once read as line ends: the same JSON, inert in HTML.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(value: object) -> Markup:
    """Serialise value as JSON that can stand inside <script> (never `</script>`, `<!--`)."""
    return Markup(json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE))


def json_ld(paper: Paper) -> Markup:
    """Return the schema.org ScholarlyArticle of a paper page, as script-safe JSON."""
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "headline": paper.title}
    if authors := distinct_authors(paper.authors):
        data["author"] = [{"@type": "Person", "name": n} for n in authors]
    data["datePublished"] = issued(paper).isoformat()
    if paper.arxiv_id:
        data["sameAs"] = arxiv_abs(paper.arxiv_id)
    if paper.withdrawn:
        data["creativeWorkStatus"] = "Withdrawn"
    return script_json(data)


# What a KEV string is made of once every value is percent-encoded: no quote, no < or >, and every
# & followed by "rft", which starts no HTML character reference. It stands in an attribute as it is.
_KEV = re.compile(r"[A-Za-z0-9_.~%+:/=-]+(?:&rft[A-Za-z0-9_.~%+:/=-]*)*")


@cache
def coins(paper: Paper) -> Markup:
    """Return the paper's COinS ContextObject (KEV), ready for a double-quoted HTML attribute.

    Every value is percent-encoded (quote_plus), so the string needs no HTML escaping, and its
    `&` are left bare (valid HTML: none starts a character reference), which saves 4 bytes each
    on every list page. Cached: a paper's COinS stands on every list page it is on.
    """
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", "preprint")]
    if paper.arxiv_id:
        pairs.append(("rft_id", f"info:doi/{arxiv_doi(paper.arxiv_id)}"))
    else:
        pairs += [
            ("rft.title", paper.title),
            *(("rft.creator", name) for name in distinct_authors(paper.authors)),
            ("rft.date", issued(paper).isoformat()),
        ]
    kev = urlencode(pairs, safe=":/", quote_via=quote_plus)
    if not _KEV.fullmatch(kev):  # a guard: urlencode leaves nothing else
        raise ValueError(f"not a plain KEV string: {kev!r}")
    return Markup(kev)
