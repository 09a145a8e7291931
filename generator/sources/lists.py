"""Reading lists: a lab's own lists of papers with dates, presenters and notes (data/lists/<slug>.yml).

A list file:

    title: Reading group, spring 2024
    description: Papers we discussed on Thursdays.     # optional
    papers:
      - paper: 2403.01234          # an arXiv id, a paper's id (its page name), its address, or its title
        date: 2024-03-21           # optional, YYYY-MM-DD
        presented_by: Ana          # optional
        note: The ablation in section 4 is the key result.   # optional, plain text

A list may have no papers yet (`papers: []`, or `papers:` with nothing): a list for next term.

The YAML is read as nodes (yaml_nodes.compose_tagged, no deeper than 100 levels), never constructed
(a tag, which would ask for that, is refused), so every value is the text as written (`2403.01230`
stays a string, not the float 2403.0123) and every problem has its line.
Each list and each entry is validated against a schema (msgspec, unknown keys refused); then
every paper is looked up. Every problem in every file is reported in one run
(`data/lists/x.yml:LINE: message`). Titles, descriptions, names and notes are cleaned as digest
text is: plain text, never markup.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import yaml
from slugify import slugify

from ..errors import Errors, GeneratorError
from ..models import Note, Paper
from ..papers.identity import identity_key
from ..papers.registry import Record
from ..yaml_nodes import AliasNode, Refused, aliases_refused, compose_tagged, error_line, tags_refused, written
from . import files
from .addresses import Page, site_page
from .clean import escaped, has_visible_text
from .daily_api import arxiv_id, text

SUFFIXES = (".yml", ".yaml")  # in any case, as digests' suffixes are read
# How a list may write an arXiv id: bare, after "arXiv:", as the paper's arXiv or Hugging Face address, or
# as its arXiv DOI (10.48550/arXiv.<id>, also after "doi:" or as a doi.org address).
ARXIV_REF = re.compile(
    r"(?i:arxiv:\s*|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/|(?:https?://)?huggingface\.co/papers/"
    r"|(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)?10\.48550/arxiv\.)?"
    r"(?P<id>[^\s?#]+?)(?i:\.pdf)?/?(?:[?#]\S*)?"
)
WAYS = "an arXiv id, a paper's id or its title"  # how a list names a paper, as messages say
# An address or a DOI that names no paper: the ones that do, as a message lists them.
ADDRESS = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*://|doi:|www\.|10\.[0-9]{4,}/)")
ADDRESSES = (
    "a paper's address is its arXiv one (https://arxiv.org/abs/<id>), its Hugging Face one"
    " (https://huggingface.co/papers/<id>), its arXiv DOI (10.48550/arXiv.<id>) or its page's on this site"
)
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED = frozenset({"index"})
STEM_MAX = 255 - len(".html")  # lists/<stem>.html: a name the file system holds (255 bytes; the slug is ASCII)
_NULL = "tag:yaml.org,2002:null"
# One limit for digests and lists (max_digest_mb); a list over it is told it is a list (it was "not a digest?").
TOO_LARGE = (
    "larger than {limit:,} bytes, the largest list file read: not a reading list? (list files are read up to"
    " extra.generator.max_digest_mb in mkdocs.yml, as digests are)"
)
ALIASED = object()  # the value where an alias stands: reported once per file, never checked as a value


class ListError(GeneratorError):
    """A reading list that cannot be used."""


class _Entry(msgspec.Struct, forbid_unknown_fields=True):
    paper: str
    date: str | None = None
    presented_by: str | None = None
    note: str | None = None


class _List(msgspec.Struct, forbid_unknown_fields=True):
    title: str
    papers: list[Any]
    description: str | None = None


ENTRY_KEYS = tuple(_Entry.__struct_fields__)
_S = TypeVar("_S", _Entry, _List)
_KINDS = {"str": "text", "array": "a list", "object": "a mapping", "null": "nothing"}  # msgspec's names, in words
LIST_KEYS = ("title", "description", "papers")


@dataclass(frozen=True)
class ListEntry:
    """One paper on a list, as the list says it."""

    paper_id: str
    line: int
    date: dt.date | None = None
    presented_by: str | None = None
    note: str | None = None  # plain text; its lines apart by "\n"
    written: str = field(default="", compare=False)  # the paper as the list names it ("2403.01234v2")


@dataclass(frozen=True)
class ReadingList:
    """A reading list: its page is lists/<slug>.html, its entries in the file's order."""

    slug: str
    source: str  # the file as messages name it, "data/lists/spring-2024.yml"
    title: str
    description: str
    entries: tuple[ListEntry, ...]

    @property
    def url(self) -> str:
        return f"lists/{self.slug}.html"


class _Papers:
    """Find a paper by what a list may name it by: arXiv id (also as `arXiv:ID`, an arXiv or
    Hugging Face paper address, or its arXiv DOI), page name (or a former one), its address on the site
    (addresses.py), title (as written, else as titles match; or one it was listed under before: the
    registry's records keep them)."""

    def __init__(
        self,
        papers: Sequence[Paper],
        aliases: Mapping[str, str],
        records: Iterable[Record] = (),
        site_url: str = "",
        registry: str = "",
    ) -> None:
        self.site_url = site_url
        self.registry = registry
        self.ids = {p.id: p.id for p in papers} | dict(aliases)
        self.arxiv = {p.arxiv_id: p.id for p in papers if p.arxiv_id}
        self.exact: dict[str, list[str]] = {}  # a title as written (cleaned as a list's text is) -> its papers
        self.titles: dict[str, list[str]] = {}  # a title's identity -> its papers
        for paper in papers:
            self.exact.setdefault(paper.title, []).append(paper.id)
            self.titles.setdefault(paper.key, []).append(paper.id)
        self.former: dict[str, set[str]] = {}  # a title's identity -> the papers once listed under it
        self.gone: dict[str, str] = {}  # id, arXiv id, title's identity -> a paper published once, in no digest now
        for record in records:
            if (paper_id := self.ids.get(record.id)) is not None:
                for title in record.titles:
                    self.former.setdefault(identity_key(title), set()).add(paper_id)
            else:
                names = (record.id, record.arxiv_id, *(identity_key(title) for title in record.titles))
                self.gone.update({name: record.id for name in names if name and name not in self.gone})

    def find(self, ref: str) -> str:
        """Return the paper's id, or raise ValueError saying why not.

        An id (a page name, or a former one) is looked up first, then an arXiv id (in any form
        ARXIV_REF reads), then an address on the site, then a title: a reference that is one
        paper's id or arXiv id and another's title as written is refused as naming both.
        """
        written = ARXIV_REF.fullmatch(ref)
        number = arxiv_id(re.sub(r"V([0-9]+)$", r"v\1", written["id"])) if written else None
        by, named = ("id", self.ids[ref]) if ref in self.ids else ("arXiv id", self.arxiv.get(number or ""))
        if named is not None:
            titled = [paper_id for paper_id in self.exact.get(ref, ()) if paper_id != named]
            if titled:
                raise ValueError(
                    f"{ref!r} names two papers, {named} by its {by} and {titled[0]} by its title: name the one"
                    f" meant by its page, papers/{named}.html or papers/{titled[0]}.html"
                )
            return named
        if page := site_page(ref, self.site_url):
            return self.at(page)
        key = identity_key(ref)
        # A title written character for character wins over titles that match it only as titles do
        # ("C for ML" is not "C++ for ML", though both are one identity).
        found = self.exact.get(ref) or self.titles.get(key) or sorted(self.former.get(key, ()))
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(f"{ref!r} is the title of {len(found)} papers ({', '.join(found)}); name one by its id")
        if gone := self.gone.get(ref) or self.gone.get(number or "") or self.gone.get(key):
            raise ValueError(self.no_digest(gone))
        if number is None and ADDRESS.match(ref):  # an address or DOI of no paper here: which ones name a paper
            raise ValueError(f"no paper on the site is {ref!r}: {ADDRESSES}")
        raise ValueError(f"no paper on the site is {ref!r} ({WAYS})")

    def no_digest(self, paper_id: str) -> str:
        where = f" ({self.registry})" if self.registry else ""
        return f"the paper {paper_id} was published once{where} but is in no digest now, so it has no page to list"

    def at(self, page: Page) -> str:
        """Return the id of the paper whose page the address is, or raise ValueError saying why not."""
        if page.kind == "paper" and page.name in self.ids:
            return self.ids[page.name]
        if page.kind in ("paper", "arxiv") and page.name in self.gone:
            raise ValueError(self.no_digest(self.gone[page.name]))
        if page.kind == "paper":
            raise ValueError(f"no paper on the site has the address papers/{escaped(page.name)}.html")
        if page.kind == "arxiv" and page.name in self.arxiv:
            return self.arxiv[page.name]
        if page.kind == "arxiv":
            raise ValueError(f"no paper on the site has the arXiv id {page.name} (arxiv/{page.name}.html)")
        raise ValueError(page.not_a_paper(self.site_url))


def read_lists(
    folder: Path | None,
    display: str,
    papers: Sequence[Paper] | None,
    aliases: Mapping[str, str] | None = None,
    max_bytes: int = files.DEFAULT_LIMIT,
    records: Iterable[Record] = (),
    site_url: str = "",
    registry: str = "",
) -> tuple[tuple[ReadingList, ...], tuple[Note, ...]]:
    """Read every list in folder (none if it does not exist), ordered by slug; and notes on files skipped.

    With papers None, only the files themselves are checked (YAML, keys, values), and an entry's
    paper_id is the paper as the list names it: for a build whose digests failed, so that the
    lists' own problems are reported in the same run. site_url: the site's address (mkdocs.yml),
    under which a paper's full address names it; registry: the registry of published ids that records
    come from, as messages name it.
    Raises ListError, or Errors with every problem of every file, each `path:line: message`.
    """
    if folder is not None and folder.exists() and not folder.is_dir():
        raise ListError(display, None, "is not a folder: reading lists are files in a folder")
    if folder is None or not folder.is_dir():
        return (), ()
    finder = _Papers(papers, aliases or {}, records, site_url, registry) if papers is not None else None
    lists: list[ReadingList] = []
    notes: list[Note] = []
    errors: list[GeneratorError] = []
    stems: dict[str, str] = {}  # a page name -> the file that has it
    paths = sorted(folder.iterdir(), key=lambda p: p.name)
    # The page names the folder's lists have, and those suggested for a file to take: a suggestion never names
    # a list that is there ("Spring_2024.yml" beside "spring-2024.yml" is told "spring-2024-2.yml").
    taken = {p.stem for p in paths if p.suffix.lower() in SUFFIXES and not p.name.startswith(".")} | RESERVED
    for path in paths:
        name = files.display_name(f"{display}/{path.name}")
        if path.name.startswith("."):
            continue
        if path.suffix.lower() not in SUFFIXES:
            notes.append(Note(name, None, f"skipped: not a reading list ({', '.join('*' + s for s in SUFFIXES)})"))
            continue
        if path.stem in stems:
            errors.append(ListError(name, 1, f"{stems[path.stem]} has the page name lists/{path.stem}.html: keep one"))
            continue
        stems[path.stem] = name
        reader = _Reader(name, finder, taken)
        try:
            raw = files.read_regular(path, max_bytes, name, TOO_LARGE, ListError)
        except GeneratorError as exc:
            errors.append(exc)
            continue
        found = reader.read(path.stem, raw, path.suffix)
        errors.extend(reader.errors)
        if found is not None and not reader.errors:
            lists.append(found)
    if errors:
        raise errors[0] if len(errors) == 1 else Errors(errors)
    return tuple(lists), tuple(notes)


class _Reader:
    """Turn one list file into a ReadingList, collecting every problem with its line."""

    def __init__(self, name: str, finder: _Papers | None, taken: set[str] | None = None) -> None:
        self.name = name
        self.finder = finder
        self.taken = taken if taken is not None else set(RESERVED)  # page names a suggested name must not be
        self.errors: list[GeneratorError] = []
        self.scalars: dict[str, yaml.ScalarNode] = {}  # each scalar's node by its path, to say what it reads as
        self.source = ""  # the file's text, to quote a list or mapping as written

    def error(self, line: int, message: str) -> None:
        self.errors.append(ListError(self.name, line, message))

    def read(self, stem: str, raw: bytes, suffix: str = ".yml") -> ReadingList | None:
        if stem in RESERVED:
            self.error(1, f"'{stem}' is reserved: lists/{stem}.html is the overview of all lists; rename the file")
            return None
        if not SLUG.fullmatch(stem):
            suggestion = self.suggest(slugify(stem, max_length=STEM_MAX - 10) or "my-list")
            # A byte that is not UTF-8 is shown as the file's name is (U+FFFD), never as Python keeps it ('\udcff').
            self.error(
                1,
                f"the file name {files.display_name(stem)!r} has {_said(_not_a_page_name(stem))}: a list's file name"
                " is its page name (lists/<name>.html), lower-case letters and digits with one hyphen between words;"
                f" name the file {suggestion + suffix!r}",
            )
            return None
        if len(stem) > STEM_MAX:
            self.error(
                1,
                f"a list's file name is its page name (lists/<name>.html), at most {STEM_MAX} characters:"
                f" this one has {len(stem)}; shorten it",
            )
            return None
        try:
            source = files.utf8_text(raw)
        except files.NotUTF8 as exc:
            self.error(exc.line, f"not UTF-8 (byte 0x{exc.byte:02x}); save the list as UTF-8")
            return None
        self.source = source
        try:
            root, marks, tags = compose_tagged(source)
        except Refused as exc:
            self.error(exc.line, str(exc))
            return None
        except yaml.MarkedYAMLError as exc:
            words = ", ".join(part for part in (exc.context, exc.problem) if part)  # PyYAML's two halves
            self.error(error_line(exc, source), f"invalid YAML: {words}")
            return None
        except yaml.YAMLError as exc:
            self.error(1, f"invalid YAML: {exc}")
            return None
        if not isinstance(root, yaml.MappingNode):
            self.error(root.start_mark.line + 1 if root else 1, "a list is a mapping with 'title' and 'papers'")
            return None
        if marks:  # once, at the first anchor or alias: one per place would bury the other problems
            refused = aliases_refused(marks, "lists")
            self.error(refused.line, str(refused))
        if tags:  # a list is plain data: `!!python/object`, `!!binary` or `!foo` would be read as the text it tags
            refused = tags_refused(tags, "lists")
            self.error(refused.line, str(refused))
        data, lines = self.plain(root, "$")
        data = self.known(data, LIST_KEYS, "$", lines)
        # A field that is an alias is reported; a stand-in lets the other fields be checked.
        stand_ins: dict[str, Any] = {"title": "(an alias)", "description": None, "papers": []}
        checked = {key: stand_ins[key] if v is ALIASED else v for key, v in data.items()}
        if "title" in checked and checked["title"] is None:  # `title:` with nothing is empty, as `title: ""` is
            checked["title"] = ""
        if "papers" in checked and checked["papers"] is None:  # `papers:` with nothing is no papers yet, as `[]` is
            checked["papers"] = []
        head = self.head(checked, lines)
        # The entries are checked even when the head is wrong: every problem in one run.
        papers = head.papers if head is not None else data.get("papers")
        papers = papers if isinstance(papers, list) else []
        entries = [e for i, item in enumerate(papers) if (e := self.entry(item, f"$.papers[{i}]", lines))]
        seen: dict[str, int] = {}
        for entry in entries:
            if entry.paper_id in seen:
                self.error(
                    entry.line, f"paper: {entry.written!r} is already on this list (line {seen[entry.paper_id]})"
                )
            seen.setdefault(entry.paper_id, entry.line)
        if self.errors or head is None:
            return None
        return ReadingList(stem, self.name, text(head.title), text(head.description or ""), tuple(entries))

    def suggest(self, name: str) -> str:
        """Return name, else name-2, name-3, ...: the first page name no list has ("index-list" for
        "index"); it is taken from then on, so two files are never told one name."""
        base = found = f"{name}-list" if name in RESERVED else name
        n = 1
        while found in self.taken:
            n += 1
            found = f"{base}-{n}"
        self.taken.add(found)
        return found

    def head(self, data: dict[str, Any], lines: dict[str, int]) -> _List | None:
        """Check the list's own fields (title, description, papers); None if any is wrong or missing."""
        head, wrong = self.convert(data, _List, LIST_KEYS, "$", lines, {"title": "", "papers": []})
        if head is not None and "title" not in wrong and not has_visible_text(text(head.title)):
            self.error(lines["$.title"], "title: empty")
            return None
        return None if wrong else head

    def convert(
        self,
        item: dict[str, Any],
        into: type[_S],
        keys: Sequence[str],
        path: str,
        lines: dict[str, int],
        stand_ins: Mapping[str, Any],
    ) -> tuple[_S | None, set[str]]:
        """Convert a mapping into `into`, reporting every wrong or missing field; return it and those fields.

        msgspec stops at the first problem: each field it names is reported and set aside (a
        required one replaced by its stand-in) and the rest checked again. None only if a field
        cannot be set aside.
        """
        checking = dict(item)
        wrong: set[str] = set()
        while True:
            try:
                return msgspec.convert(checking, into), wrong
            except msgspec.ValidationError as exc:
                self.schema_error(exc, lines, keys, path)
                message, _, where = str(exc).partition(" - at `$.")
                missing = re.fullmatch(r"Object missing required field `(.+)`", message)
                field = missing[1] if missing else re.split(r"[.\[`]", where, maxsplit=1)[0]
                if not field or field in wrong:  # a guard: each field is set aside once
                    return None, wrong
                wrong.add(field)
                checking.pop(field, None)
                if field in stand_ins:
                    checking[field] = stand_ins[field]

    def known(self, data: dict[str, Any], keys: Sequence[str], path: str, lines: dict[str, int]) -> dict[str, Any]:
        """Report every key not in keys (at its line); return the mapping without them, to check the rest."""
        for key in data:
            if key not in keys:
                self.error(
                    lines.get(f"{path}.{key}", lines[path]), f"unknown key '{key}' (expected one of: {', '.join(keys)})"
                )
        return {key: value for key, value in data.items() if key in keys}

    def entry(self, item: Any, path: str, lines: dict[str, int]) -> ListEntry | None:
        line = lines[path]
        if item is ALIASED or (isinstance(item, dict) and item.get("paper") is ALIASED):
            return None  # reported; which paper it names is not known
        if isinstance(item, dict):
            item = {key: value for key, value in item.items() if value is not ALIASED}
        if item is None or isinstance(item, str):
            item = {"paper": item}  # "- 2403.01234": a paper and nothing more
            lines[f"{path}.paper"] = line
        if isinstance(item, dict):
            item = self.known(item, ENTRY_KEYS, path, lines)
            if "paper" in item and item["paper"] is None:  # `- paper:` and `-` are empty, as `- ""` is
                item["paper"] = ""
        if not isinstance(item, dict):  # reported in msgspec's words: "expected a mapping, found a list"
            try:
                msgspec.convert(item, _Entry)
            except msgspec.ValidationError as exc:
                self.schema_error(exc, lines, ENTRY_KEYS, path)
            return None
        raw, wrong = self.convert(item, _Entry, ENTRY_KEYS, path, lines, {"paper": ""})
        if raw is None:
            return None
        date = None
        if raw.date is not None:
            try:
                if not re.fullmatch(r"[0-9]{4}-[0-9][0-9]-[0-9][0-9]", raw.date.strip()):
                    raise ValueError
                date = dt.date.fromisoformat(raw.date.strip())
            except ValueError:
                self.error(lines[f"{path}.date"], f"date: {raw.date!r} is not a date (YYYY-MM-DD)")
        if "paper" in wrong:  # reported; not looked up as well
            return None
        if not text(raw.paper):
            self.error(lines[f"{path}.paper"], f"paper: expected a paper ({WAYS}), found nothing")
            return None
        try:
            paper_id = self.finder.find(text(raw.paper)) if self.finder else text(raw.paper)
        except ValueError as exc:
            self.error(lines[f"{path}.paper"], f"paper: {exc}")
            return None
        presenter = text(raw.presented_by) if raw.presented_by else None
        note = _lines(raw.note) if raw.note else None
        return ListEntry(paper_id, line, date, presenter or None, note or None, text(raw.paper))

    def schema_error(
        self, exc: msgspec.ValidationError, lines: dict[str, int], keys: Iterable[str], at: str = "$"
    ) -> None:
        """Report msgspec's message at the line of the value it names, in the project's words."""
        message, _, where = str(exc).partition(" - at `")
        path = at + where.rstrip("`").removeprefix("$")  # msgspec's path is within what was converted
        unknown = re.fullmatch(r"Object contains unknown field `(.+)`", message)
        missing = re.fullmatch(r"Object missing required field `(.+)`", message)
        expected = re.fullmatch(r"Expected `(.+?)`, got `(.+?)`", message)
        if unknown:
            path = f"{path}.{unknown[1]}"
            words = f"unknown key '{unknown[1]}' (expected one of: {', '.join(keys)})"
        elif missing:
            words = f"'{missing[1]}' is missing"
        elif expected:
            wanted = expected[1].split(" | ")[0]
            found = _KINDS.get(expected[2], expected[2])
            if expected[2] == "str" and path in self.scalars:  # `papers: 5`: the number 5, as YAML reads it
                found = _read_as(self.scalars[path])
            words = f"expected {_KINDS.get(wanted, wanted)}, found {found}"
        else:
            words = message
        label = path.removeprefix(at).lstrip(".")
        line = lines.get(path) or lines.get(at) or 1
        self.error(line, f"{label}: {words}" if label and not unknown else words)

    def plain(self, node: yaml.Node, path: str) -> tuple[Any, dict[str, int]]:
        """Turn a node into text, lists and dicts (scalars as written); map each value's path to its line."""
        lines: dict[str, int] = {}

        def walk(node: yaml.Node, path: str) -> Any:
            lines[path] = node.start_mark.line + 1
            if isinstance(node, AliasNode):  # never the node it names: a few lines could name it billions of times
                return ALIASED
            if isinstance(node, yaml.ScalarNode):
                self.scalars[path] = node
                return None if node.tag == _NULL else str(node.value)
            if isinstance(node, yaml.SequenceNode):
                return [walk(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
            out: dict[str, Any] = {}
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else written(self.source, key)
                if name in out:
                    self.error(key.start_mark.line + 1, f"duplicate key '{name}'")
                    continue
                out[name] = walk(value, f"{path}.{name}")
                lines[f"{path}.{name}"] = key.start_mark.line + 1
            return out

        return walk(node, path), lines


# What a plain scalar reads as in YAML, by the tag its value resolves to (a quoted one is text)
_READ_AS = {"int": "the number", "float": "the number", "bool": "the true/false value", "timestamp": "the date"}


def _read_as(node: yaml.ScalarNode) -> str:
    """Say what a scalar is as its writer reads it: "the number 5", "the text 'Ana'"."""
    value = node.value if len(node.value) <= 40 else node.value[:39] + "…"
    kind = _READ_AS.get(node.tag.rpartition(":")[2]) if node.style is None else None
    return f"{kind} {value}" if kind else f"the text {value!r}"


def _not_a_page_name(stem: str) -> list[str]:
    """Say what in a file name SLUG refuses: "capital letters", "'_'", "two hyphens together"."""
    wrong = []
    capitals = sum(1 for char in stem if "A" <= char <= "Z")
    if capitals:
        wrong.append("a capital letter" if capitals == 1 else "capital letters")
    not_utf8 = sum(1 for char in stem if "\udc80" <= char <= "\udcff")  # bytes Python keeps as surrogates
    if not_utf8:
        wrong.append("a byte that is not UTF-8" if not_utf8 == 1 else "bytes that are not UTF-8")
    for char in dict.fromkeys(char for char in stem if not re.fullmatch(r"[a-zA-Z0-9-\udc80-\udcff]", char)):
        wrong.append("a space" if char == " " else repr(char))
    if stem.startswith("-"):
        wrong.append("a hyphen at the start")
    if "--" in stem:
        wrong.append("two hyphens together")
    if stem.endswith("-") and stem != "-":
        wrong.append("a hyphen at the end")
    return wrong


def _said(words: Sequence[str]) -> str:
    """Join words as a sentence does: "a, b and c"."""
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _lines(value: str) -> str:
    """Clean a note as data text is cleaned, keeping its line breaks (a YAML `|` block) and at most
    one blank line between paragraphs: "\n" between lines, no line empty at either end."""
    lines = [text(line) for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept = [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]
    return "\n".join(kept).strip("\n")


def lists_of(lists: Iterable[ReadingList]) -> dict[str, list[tuple[ReadingList, ListEntry]]]:
    """Map each paper id to the lists it is on (in list order) with its entry there."""
    on: dict[str, list[tuple[ReadingList, ListEntry]]] = {}
    for reading_list in lists:
        for entry in reading_list.entries:
            on.setdefault(entry.paper_id, []).append((reading_list, entry))
    return on
