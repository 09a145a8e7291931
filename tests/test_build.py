"""The pipeline's own checks: the taxonomy and Material's tags_allowed agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import build, config
from generator.errors import ConfigError, Errors
from generator.write import site

from .conftest import DIGESTS, copy_project


@pytest.fixture
def small(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "clean.txt").write_bytes((DIGESTS / "clean.txt").read_bytes())
    return copy_project(tmp_path / "p", data=data)


def test_tags_allowed_out_of_step_with_the_taxonomy_is_an_error(small: Path):
    path = small / "mkdocs.yml"
    text = path.read_text()
    line = text.splitlines().index("      tags_allowed:") + 1
    path.write_text(text.replace('        - "Segmentation"\n', '        - "Segmentaton"\n'))
    with pytest.raises(ConfigError) as info:
        build.make_corpus(config.load(path))
    assert str(info.value) == (
        f"mkdocs.yml:{line}: tags_allowed must list exactly the topics of data/topics.yml: "
        "add 'Segmentation'; remove 'Segmentaton'"
    )


def test_material_refuses_a_tag_outside_the_taxonomy(small: Path):
    settings = config.load(small / "mkdocs.yml")
    build.generate(settings)
    (small / "docs" / "papers" / "astrology.md").write_text("---\ntitle: Stars\ntags:\n- Astrology\n---\n\nText.\n")
    with pytest.raises(site.SiteError):
        site.build_site(small / "mkdocs.yml", small / "site", lambda _: None)
    assert not (small / "site").exists()


def test_mkdocs_runs_with_no_paper_held_by_the_generate_stage(small: Path, monkeypatch: pytest.MonkeyPatch):
    """MkDocs holds every page at once; the corpus, the search index and the rendering caches are let go first."""
    import gc

    from generator.models import Paper
    from generator.render import citations

    alive: list[int] = []

    def fake_mkdocs(config: Path, docs: Path, site_dir: Path, *args: object) -> float:
        site_dir.mkdir(parents=True, exist_ok=True)
        (site_dir / "index.html").write_text("built")
        gc.collect()
        alive.append(sum(isinstance(o, Paper) for o in gc.get_objects()))
        alive.append(citations.coins.cache_info().currsize)
        return 0.0

    monkeypatch.setattr(site, "run_mkdocs", fake_mkdocs)
    settings = config.load(small / "mkdocs.yml")
    gc.collect()
    before = sum(isinstance(o, Paper) for o in gc.get_objects())  # other tests' papers, if any
    report = build.generate(settings, site_dir=small / "site")
    assert report.papers > 0
    assert alive == [before, 0]


def test_a_bad_digest_does_not_hide_the_reading_lists_own_problems(small: Path):
    (small / "data" / "digests" / "bad.txt").write_text("no date here\n", encoding="utf-8")
    lists = small / "data" / "lists"
    lists.mkdir()
    (lists / "a.yml").write_text("title: A\npapers:\n  - paper: nowhere\n    bogus: 1\n", encoding="utf-8")
    (lists / "b.yml").write_text("title: [\n", encoding="utf-8")
    with pytest.raises(Errors) as caught:
        build.make_corpus(config.load(small / "mkdocs.yml"))
    assert str(caught.value).splitlines() == [
        'data/digests/bad.txt:1: no date line such as "Mar 14" before the papers',
        "data/lists/a.yml:4: unknown key 'bogus' (expected one of: paper, date, presented_by, note)",
        "data/lists/b.yml:1: invalid YAML: while parsing a flow node, expected the node content, but found"
        " '<stream end>'",
    ]  # the paper 'nowhere' is looked up only once the digests are read


def test_a_list_page_no_longer_built_is_named_in_a_note_once(small: Path):
    """Renaming (or deleting) a list drops its page, .bib and feed: the build that drops them says so."""
    settings = config.load(small / "mkdocs.yml")
    paper = build.make_corpus(settings).papers[0].id
    lists = small / "data" / "lists"
    lists.mkdir()
    (lists / "spring.yaml").write_text(f"title: Spring\npapers: [{paper}]\n", encoding="utf-8")

    def list_notes() -> list[str]:
        return [str(n) for n in build.generate(settings).notes if "reading list" in n.message]

    assert list_notes() == []
    (lists / "spring.yaml").rename(lists / "summer.yml")
    assert list_notes() == [  # the file as it was: .yaml, not a guessed spring.yml
        "data/lists: note: the reading list lists/spring.html is no longer built (no data/lists/spring.yaml now):"
        " its address, lists/spring.bib and feeds/lists/spring.xml will 404; put the file back under that name"
        " to keep them"
    ]
    assert list_notes() == []  # said by the build that stopped building it


def test_a_topic_page_no_longer_built_is_named_in_a_note_once(tmp_path: Path):
    """Renaming (or deleting) a topic drops its page, older pages and feed: the build that drops them says so."""
    project = copy_project(tmp_path / "p")

    def topic_notes() -> list[str]:
        settings = config.load(project / "mkdocs.yml")  # tags_allowed read anew
        return [str(n) for n in build.generate(settings).notes if "topic page" in n.message]

    assert topic_notes() == []
    assert (project / "docs" / "topics" / "diffusion-models.md").is_file()
    for name in ("data/topics.yml", "mkdocs.yml"):
        path = project / name
        path.write_text(path.read_text().replace("Diffusion models", "Diffusion generative models"))
    assert topic_notes() == [
        "data/topics.yml: note: the topic page topics/diffusion-models.html is no longer built (no topic with the"
        " slug 'diffusion-models' in data/topics.yml now; renaming a topic moves its page;"
        " topics/diffusion-generative-models.html is new): its address topics/diffusion-models.html and"
        " feeds/topics/diffusion-models.xml will 404; put the topic back under its old name (and in tags_allowed)"
        " to keep them"
    ]
    assert topic_notes() == []  # said by the build that stopped building it


def test_a_digest_page_no_longer_built_is_named_in_a_note_once(small: Path):
    """Deleting (or renaming) a digest file drops its page: the build that drops it says so."""
    settings = config.load(small / "mkdocs.yml")
    digests = small / "data" / "digests"
    (digests / "2024-03-14.txt").write_bytes((DIGESTS / "unicode.txt").read_bytes())

    def digest_notes() -> list[str]:
        return [str(n) for n in build.generate(settings).notes if "digest page" in n.message]

    assert digest_notes() == []
    assert (small / "docs" / "digests" / "2024-03-14.md").is_file()
    (digests / "2024-03-14.txt").rename(digests / "evening.txt")
    assert digest_notes() == [
        "data/digests: note: the digest page digests/2024-03-14.html is no longer built (its digest file,"
        " 2024-03-14.txt or .json, is not in data/digests now, or was renamed): its address will 404; put the"
        " file back under that name to keep it"
    ]
    assert digest_notes() == []  # said by the build that stopped building it


def test_the_stage_lines_count_one_thing_in_the_singular(tmp_path: Path):
    """A tester's one-paper site said "read 1 digests: 1 papers"."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "one.txt").write_text("Mar 15\n\nOne Paper Alone\n\nWe study one thing and do it well.\n", encoding="utf-8")
    said: list[str] = []
    build.make_corpus(config.load(copy_project(tmp_path / "p", data=data) / "mkdocs.yml"), said.append)
    assert said[0] == "read 1 digest: 1 paper, 1 of them new"
    assert said[1].startswith("0 authors, 0 with a page; 0 reading lists")
    assert said[3] == "related papers for 0 papers; 0 mentions"
