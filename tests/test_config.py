"""Settings read from mkdocs.yml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator import config
from generator.errors import ConfigError, Errors
from generator.write import tree

from .conftest import FIXTURES, ROOT, copy_project


def test_project_config_loads():
    settings = config.load(ROOT / "mkdocs.yml")
    assert settings.default_year == 2024
    assert settings.data_dir == ROOT / "data" / "digests"
    assert settings.site_url.endswith("/")


def test_author_pages_and_lists_settings(tmp_path):
    settings = config.load(ROOT / "mkdocs.yml")
    assert settings.author_pages_min == 2 and settings.lists == ROOT / "data" / "lists"
    other = config.load(ROOT / "mkdocs.yml", data_dir=tmp_path / "corpus" / "digests")
    assert other.lists == tmp_path / "corpus" / "lists", "another data set has its lists beside its digests"
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: X\nuse_directory_urls: false\nextra:\n  generator:\n    author_pages_min: 0\n")
    with pytest.raises(ConfigError, match=r"mkdocs.yml:5: author_pages_min must be at least 1"):
        config.load(path)


def test_a_lists_folder_named_in_the_settings_must_be_one(tmp_path):
    """Lists are optional, so the default data/lists may be absent; a folder named is meant to exist."""
    path = tmp_path / "mkdocs.yml"
    head = "site_name: X\nuse_directory_urls: false\nextra:\n  generator:\n"
    path.write_text(head)
    assert config.load(path).lists == tmp_path / "data" / "lists"  # absent: no lists
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "topics.yml").write_text("areas: []\n")
    for value, message in [
        ("data/nolists", "lists: data/nolists: no such folder of reading lists"),
        ("data/topics.yml", "lists: data/topics.yml is not a folder: reading lists are files in a folder"),
    ]:
        path.write_text(f"{head}    related: 5\n    lists: {value}\n")
        with pytest.raises(ConfigError) as caught:
            config.load(path)
        assert str(caught.value) == f"mkdocs.yml:6: {message}"
        other = config.load(path, data_dir=tmp_path / "corpus" / "digests")  # another data set: its own lists
        assert other.lists == tmp_path / "corpus" / "lists"
    (tmp_path / "data" / "reading").mkdir()
    path.write_text(f"{head}    lists: data/reading\n")
    assert config.load(path).lists == tmp_path / "data" / "reading"


def test_the_site_folder_is_mkdocs_s_beside_its_config(tmp_path):
    assert config.load(ROOT / "mkdocs.yml").site_dir == ROOT / "site"
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: X\nsite_dir: public\nuse_directory_urls: false\n")
    assert config.load(path).site_dir == tmp_path / "public"  # not ./site wherever the command runs
    path.write_text("site_name: X\nsite_dir:\nuse_directory_urls: false\n")
    assert config.load(path).site_dir == tmp_path / "site"  # as MkDocs reads an empty one (not "None")


def test_site_url_from_environment(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://me.github.io/repo")
    assert config.load(ROOT / "mkdocs.yml").site_url == "https://me.github.io/repo/"


def test_every_problem_reported_with_its_line(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: X\nsite_url: ftp://x\nuse_directory_urls: false\nextra:\n  generator:\n"
        "    default_year: twenty\n    colour: red\n"
    )
    with pytest.raises(Errors) as info:
        config.load(path)
    assert str(info.value).splitlines() == [
        "mkdocs.yml:2: site_url must be an http(s) address, not 'ftp://x'",
        "mkdocs.yml:6: extra.generator.default_year has the wrong type: give a year such as 2024, not 'twenty'",
        "mkdocs.yml:7: unknown setting extra.generator.colour",
    ]


def test_directory_urls_are_refused(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: X\n")
    with pytest.raises(ConfigError, match="use_directory_urls must be false"):
        config.load(path)


@pytest.mark.parametrize("text", ["site_name: [x\n", "site_name: 'x\n", 'site_name: "x'])
def test_invalid_yaml_at_the_end_of_the_file_is_named_at_a_line_the_file_has(tmp_path, text):
    path = tmp_path / "mkdocs.yml"
    path.write_text(text)  # PyYAML's own mark is past the last line
    with pytest.raises(ConfigError, match=r"^mkdocs.yml:1: invalid YAML"):
        config.load(path)


def test_a_byte_that_is_not_utf8_is_named_at_its_line(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_bytes(b"site_name: X\nuse_directory_urls: false\nsite_description: caf\xe9\n")
    with pytest.raises(ConfigError, match=r"^mkdocs.yml:3: not UTF-8 \(byte 0xe9\); save it as UTF-8$"):
        config.load(path)


def test_yaml_nested_too_deeply_is_named_at_its_line(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: X\nuse_directory_urls: false\nextra_deep: " + "[" * 1000 + "]" * 1000 + "\n")
    with pytest.raises(ConfigError, match=r"^mkdocs.yml:3: nested too deeply \(more than 100 levels"):
        config.load(path)


def test_aliases_of_aliases_are_refused_before_mkdocs_expands_them(tmp_path):
    """A billion laughs in mkdocs.yml (9**9 names of one value) is refused in a moment, at the alias
    that makes it too large: MkDocs would construct and walk every copy."""
    laughs = "".join(f"  a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"site_name: X\nuse_directory_urls: false\nx_laughs:\n  a0: &a0 x\n{laughs}")
    script = (
        "import sys; from pathlib import Path; from generator import config\n"
        f"try: config.load(Path({str(path)!r}))\nexcept config.ConfigError as e: sys.exit(str(e))"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert done.stderr == "mkdocs.yml:10: aliases expand to more than 100,000 nodes\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A second extra: (social links added at the end) dropped extra.generator: "set default_year".
        (
            "extra:\n  generator:\n    default_year: 2024\nextra:\n  social: []\n",
            "mkdocs.yml:6: 'extra' is set twice (first at line 3): one key, one value",
        ),
        (
            "extra:\n  generator:\n    related: 5\n    related: 3\n",
            "mkdocs.yml:6: 'related' is set twice (first at line 5)",
        ),
        ("site_name: Y\n", "mkdocs.yml:3: 'site_name' is set twice (first at line 1)"),
    ],
)
def test_a_key_written_twice_is_refused(tmp_path, text, expected):
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: X\nuse_directory_urls: false\n" + text)
    with pytest.raises(ConfigError) as caught:
        config.load(path)
    assert str(caught.value).startswith(expected)


def test_a_key_written_twice_in_an_inherited_config_is_refused(tmp_path):
    (tmp_path / "base.yml").write_text("extra:\n  a: 1\n  a: 2\n")
    path = tmp_path / "mkdocs.yml"
    path.write_text("INHERIT: base.yml\nsite_name: X\nuse_directory_urls: false\n")
    with pytest.raises(ConfigError) as caught:
        config.load(path)
    assert str(caught.value) == "base.yml:3: 'a' is set twice (first at line 2): one key, one value"


def test_merge_keys_pass_and_the_key_beside_them_wins(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: X\nuse_directory_urls: false\nx_defaults: &d {related: 2, feed_size: 7}\n"
        "extra:\n  generator:\n    <<: *d\n    related: 4\n"
    )
    settings = config.load(path)
    assert (settings.related, settings.feed_size) == (4, 7)


def test_a_few_anchors_pass(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: X\nuse_directory_urls: false\nx: &x [a, b]\ny: [*x, *x, *x]\n")
    config.load(path)


@pytest.mark.parametrize(("char", "kind"), [("\x01", "a control character"), ("\ufffe", "the character")])
def test_a_character_yaml_does_not_allow_is_named_at_its_line(tmp_path, char, kind):
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"site_name: X\nuse_directory_urls: false\n# note {char}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        config.load(path)
    assert str(caught.value) == f"mkdocs.yml:3: {kind} U+{ord(char):04X} is not allowed in YAML"


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("a: " + "[" * 5000 + "\n", "base.yml:1: nested too deeply (more than 100 levels of lists and mappings)"),
        ("a: 1\n# \x01\n", "base.yml:2: a control character U+0001 is not allowed in YAML"),
        (
            "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 8)),
            "base.yml:5: aliases expand to more than 100,000 nodes",
        ),
    ],
)
def test_an_inherited_config_is_checked_as_mkdocs_yml_is(tmp_path, base, expected):
    (tmp_path / "base.yml").write_text(base, encoding="utf-8")
    path = tmp_path / "mkdocs.yml"
    path.write_text("INHERIT: base.yml\nsite_name: X\nuse_directory_urls: false\n")
    with pytest.raises(ConfigError) as caught:
        config.load(path)
    assert str(caught.value) == expected


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"mkdocs.yml": "INHERIT: mkdocs.yml\n"}, "mkdocs.yml:1: INHERIT: mkdocs.yml makes a loop"),
        (
            {"mkdocs.yml": "INHERIT: a.yml\n", "a.yml": "site_name: A\nINHERIT: b.yml\n", "b.yml": "INHERIT: a.yml\n"},
            "b.yml:1: INHERIT: a.yml makes a loop",
        ),
    ],
)
def test_an_inherit_loop_is_named_at_its_line(tmp_path, files, expected):
    # MkDocs follows the loop until Python's stack runs out: a RecursionError traceback.
    for name, text in files.items():
        (tmp_path / name).write_text(text + "site_name: X\nuse_directory_urls: false\n" * (name == "mkdocs.yml"))
    with pytest.raises(ConfigError) as caught:
        config.load(tmp_path / "mkdocs.yml")
    assert str(caught.value).startswith(expected)


@pytest.mark.parametrize("key", ["lists", "data_dir", "docs_dir", "site_dir"])
def test_a_configured_name_too_long_is_named_at_its_line(tmp_path, key):
    setting = f"{key}: {'x' * 300}" if key.endswith("_dir") and key != "data_dir" else ""
    generator = f"  generator:\n    {key}: {'x' * 300}\n" if not setting else ""
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"site_name: X\nuse_directory_urls: false\n{setting}\nextra:\n{generator}")
    with pytest.raises(ConfigError) as caught:
        config.load(path)
    line = 3 if setting else 6
    assert str(caught.value) == f"mkdocs.yml:{line}: {key}: {'x' * 59}…: name too long"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Named as other empty settings are (it read as the project folder: "... inside the reading lists (.)").
        ('""', "extra.generator.lists is empty: give a value or leave it out"),
        # An invisible character is shown escaped, never written to the terminal as it is.
        ('"l\\u001b[31m"', "lists: l\\u001b[31m: no such folder of reading lists"),
    ],
)
def test_a_lists_setting_that_names_no_folder_is_named_at_its_line(tmp_path, value, expected):
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"site_name: X\nuse_directory_urls: false\nextra:\n  generator:\n    lists: {value}\n")
    with pytest.raises(ConfigError) as caught:
        config.load(path)
    assert str(caught.value) == f"mkdocs.yml:5: {expected}"


SCRIPT = 'https://example.com/"><script>alert(1)</script>/'


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        (SCRIPT, "without '\"' '<' '>' in its path (percent-encode them, a space as %20)"),
        ("https://example.com/my site/", "without space in its path"),
        ("https://example.com/a&b/", "without '&' in its path"),
        ("https://example.com/?q=1", "without '?' in its path"),
        ("https://example.com/%zz/", "without '%' in its path"),
        ("https://exa mple.com/", "whose host is a name such as example.com"),
        ("https://user:pw@example.com/", "whose host is a name such as example.com"),
        ("https://bücher.example/", "whose host is a name such as example.com"),
        ("javascript:alert(1)//", "must be an http(s) address, not"),
        ("https://example.org:99999/", "whose port is between 1 and 65535, not 99999"),
        ("https://example.org:0/", "whose port is between 1 and 65535, not 0"),
        ("https://[::1]:65536/", "whose port is between 1 and 65535, not 65536"),
    ],
)
def test_site_url_that_would_reach_pages_as_markup_is_refused(monkeypatch, url, problem):
    monkeypatch.setenv("SITE_URL", url)
    with pytest.raises(ConfigError) as info:
        config.load(ROOT / "mkdocs.yml")
    lines = (ROOT / "mkdocs.yml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("site_url:"))
    assert str(info.value).startswith(f"mkdocs.yml:{line}: site_url (from SITE_URL) must be")
    assert problem in str(info.value)
    assert str(info.value).endswith(repr(url))


@pytest.mark.parametrize(
    "url",
    [
        "https://me.github.io/repo/",
        "http://localhost:8000/",
        "https://x.example/a/b%20c/",
        "https://[::1]:8080/d/",
        "https://[::1]/",
        "https://example.org:65535/",
    ],
)
def test_plain_site_urls_pass(monkeypatch, url):
    monkeypatch.setenv("SITE_URL", url)
    assert config.load(ROOT / "mkdocs.yml").site_url == url


def test_a_bare_mkdocs_build_refuses_it_too(tmp_path: Path, monkeypatch):
    root = copy_project(tmp_path / "p")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    done = subprocess.run(
        [str(mkdocs), "build", "-q"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "SITE_URL": SCRIPT, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "site_url must be an http(s) address without '\"' '<' '>' in its path" in done.stderr
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("related: null", "extra.generator.related is empty: give a value or leave it out"),
        ("feed_size:", "extra.generator.feed_size is empty"),
        ("max_digest_mb: null", "extra.generator.max_digest_mb is empty"),
        ("min_similarity: null", "extra.generator.min_similarity is empty"),
        ("data_dir: null", "extra.generator.data_dir is empty"),
        ("lists: ~", "extra.generator.lists is empty"),
        # No default (a file name's date gives the year) is no reason to read an empty one as none.
        ("default_year:", "extra.generator.default_year is empty: give a year such as 2024 or leave it out"),
        ("default_year: null", "extra.generator.default_year is empty"),
        ("feed_size: -3", "feed_size must be at least 0"),
        ("min_similarity: -1", "min_similarity must be between 0 and 1"),
        ("min_similarity: .nan", "min_similarity must be between 0 and 1"),
        ("min_similarity: 2", "min_similarity must be between 0 and 1"),
        ("search: {b: 2}", "extra.generator.search.b must be between 0 and 1"),
        ("search: {exact: .inf}", "extra.generator.search.exact must be a finite number of 0 or more"),
        ("search: {joined: -1}", "extra.generator.search.joined must be a finite number of 0 or more"),
        ("search: {k1: .nan}", "extra.generator.search.k1 must be a finite number of 0 or more"),
    ],
)
def test_empty_and_out_of_range_settings_are_named(tmp_path: Path, setting: str, message: str) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"site_name: X\nuse_directory_urls: false\nextra:\n  generator:\n    {setting}\n")
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert str(info.value).startswith(f"mkdocs.yml:5: {message}")


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("..", "{root.parent}: building the site would replace the project's folder"),
        (".", ".: building the site would replace the project's folder"),
        ("data", "data: building the site would replace the digests (data/digests)"),
        ("data/digests", "data/digests: building the site would replace the digests (data/digests)"),
        ("data/lists", "data/lists: building the site would replace the reading lists (data/lists)"),
        ("data/digests/site", "data/digests/site: building the site would write inside the digests (data/digests)"),
        ("docs", "docs: building the site would replace the docs folder (docs)"),
        ("docs/papers", "docs/papers: building the site would write inside the docs folder (docs)"),
        # The store: a build keeps only the current generation there, so a site there would be swept away.
        (".docs.generated", ".docs.generated: building the site would replace the generated pages' store"),
        (".docs.generated/site", ".docs.generated/site: building the site would write inside the generated pages'"),
        ("mkdocs.yml", "mkdocs.yml: building the site would replace a file: choose a folder"),
        ("overrides", "overrides: building the site would replace the theme's overrides (overrides)"),
        ("overrides/hooks", "overrides/hooks: building the site would write inside the theme's overrides (overrides)"),
        ("generator", "generator: building the site would replace a folder that holds no built site"),
        ("to-data/digests", "to-data/digests: building the site would replace the digests (data/digests)"),
        ("here/data", "here/data: building the site would replace the digests (data/digests)"),
        ("up/p", "up/p: building the site would replace the project's folder"),
    ],
)
def test_a_site_folder_that_would_replace_the_project_or_its_data_is_refused(
    tmp_path: Path, folder: str, message: str
) -> None:
    root = copy_project(tmp_path / "p")
    for link, to in (("to-data", root / "data"), ("here", root), ("up", tmp_path)):  # symlinks are followed
        (root / link).symlink_to(to, target_is_directory=True)
    settings = config.load(root / "mkdocs.yml")
    with pytest.raises(ConfigError) as info:
        settings.check_output(root / folder, "building the site", site=True)
    assert str(info.value).startswith(message.format(root=root))
    settings.check_output(root / "site", "building the site", site=True)  # the usual one
    settings.check_output(tmp_path / "elsewhere", "building the site", site=True)
    (root / "site").mkdir()
    (root / "site" / "sitemap.xml").write_text("<urlset/>")
    settings.check_output(root / "site", "building the site", site=True)  # a site built before


def test_a_docs_folder_whose_generated_entries_would_replace_the_data_is_refused(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    settings = config.load(root / "mkdocs.yml")
    with pytest.raises(ConfigError, match=r"^data: generating the pages would replace the digests \(data/digests\)"):
        settings.check_output(root / "data", "generating the pages", ("papers", "digests"))
    with pytest.raises(ConfigError, match=r"^data/lists: generating the pages would write inside the reading lists"):
        settings.check_output(root / "data" / "lists", "generating the pages", ("papers", "digests"))
    settings.check_output(root / "docs", "generating the pages", ("papers", "digests"))
    (root / "pkg" / "papers").mkdir(parents=True)  # a package with a `papers` module folder
    (root / "pkg" / "papers" / "__init__.py").write_text("")
    with pytest.raises(ConfigError, match=r"^pkg: generating the pages would replace pkg/papers/__init__.py, which"):
        settings.check_output(root / "pkg", "generating the pages", ("papers", "digests"), (".md", ".bib"))


def test_another_data_folder_leaves_the_project_s_data_guarded(tmp_path: Path) -> None:
    # `--data other/`: data/digests, holding JSON digests (a kind the generator writes too), is no
    # output either, nor the registry, lookups or reading lists mkdocs.yml names.
    root = copy_project(tmp_path / "p", data=FIXTURES / "api")
    settings = config.load(root / "mkdocs.yml", data_dir=tmp_path / "other" / "digests")
    with pytest.raises(ConfigError, match=r"^data: generating the pages would replace the project's digests \(data/"):
        settings.check_output(root / "data", "generating the pages", tree.OWNED, tree.KINDS)
    with pytest.raises(ConfigError, match=r"^data/digests: building the site would replace the project's digests"):
        settings.check_output(root / "data" / "digests", "building the site", site=True)
    with pytest.raises(ConfigError, match=r"^data/published.tsv/x: .* would write inside the project.s registry"):
        settings.check_output(root / "data" / "published.tsv" / "x", "writing the corpus")
    (root / "data" / "lists").mkdir()
    with pytest.raises(ConfigError, match=r"^data/lists: building the site would replace the project's reading lists"):
        settings.check_output(root / "data" / "lists", "building the site", site=True)
    settings.check_output(root / "site", "building the site", site=True)


def test_a_search_setting_is_named_at_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: X\nuse_directory_urls: false\nextra:\n  generator:\n    search:\n      k1: 1\n      b: 2\n"
    )
    with pytest.raises(ConfigError, match=r"^mkdocs.yml:7: extra.generator.search.b must be between 0 and 1$"):
        config.load(path)
    path.write_text(
        "site_name: X\nuse_directory_urls: false\nextra:\n  generator:\n    search:\n      k1: 1\n      x: 2\n"
    )
    with pytest.raises(ConfigError, match=r"^mkdocs.yml:7: unknown setting extra.generator.search.x$"):
        config.load(path)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("data_dir: data/topics.yml", "data_dir: data/topics.yml is not a folder: digests are files in a folder"),
        ("taxonomy: data/nope.yml", "taxonomy: data/nope.yml: no such file of the taxonomy"),
        ("taxonomy: data", "taxonomy: data is a folder: name the taxonomy's file"),
        ("registry: data/nodir/published.tsv", "registry: data/nodir/published.tsv: no such folder as data/nodir"),
        ("lookups: data/nodir/l.tsv", "lookups: data/nodir/l.tsv: no such folder as data/nodir to hold it"),
        ("registry: data", "registry: data is a folder: name a file"),
        ("related: five", "extra.generator.related has the wrong type: give a whole number such as 5, not 'five'"),
        (
            "min_similarity: [1]",
            "extra.generator.min_similarity has the wrong type: give a number such as 0.2, not a list",
        ),
        ("data_dir: 3", "extra.generator.data_dir has the wrong type: give a path such as data/digests, not 3"),
        ("search: 3", "extra.generator.search has the wrong type: give a mapping, not 3"),
    ],
)
def test_a_path_setting_that_names_the_wrong_thing_is_named_at_its_line(tmp_path: Path, setting: str, message: str):
    """As lists: does (a build read these, or wrote the registry at its end, naming only the path)."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "topics.yml").write_text("areas: []\n")
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"site_name: X\nuse_directory_urls: false\nextra:\n  generator:\n    {setting}\n")
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert str(info.value).startswith(f"mkdocs.yml:5: {message}")


def test_registry_and_lookups_from_the_command_line_are_not_checked_as_mkdocs_yml_s(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: X\nuse_directory_urls: false\nextra:\n  generator:\n    registry: no/r.tsv\n")
    other = config.load(path, data_dir=tmp_path / "corpus")  # --data brings its own registry
    assert other.registry == tmp_path / "corpus" / "published.tsv"


def test_a_digests_folder_is_named_by_its_setting_or_by_its_path(tmp_path: Path) -> None:
    from generator.sources.digests import digest_files

    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: X\nuse_directory_urls: false\nextra:\n  generator:\n    data_dir: data/nodigests\n")
    with pytest.raises(ConfigError) as info:
        digest_files(config.load(path))  # fetch makes the folder: only reading it needs it
    assert str(info.value) == "mkdocs.yml:5: data_dir: data/nodigests: no such folder of digests"
    (tmp_path / "data" / "nodigests").mkdir(parents=True)
    with pytest.raises(ConfigError) as info:
        digest_files(config.load(path))
    assert str(info.value) == "mkdocs.yml:5: data_dir: data/nodigests: no digest files (.txt, .json) here"
    other = config.load(path, data_dir=tmp_path / "corpus")  # --data: the path, as the user typed it
    with pytest.raises(Exception) as by_path:
        digest_files(other)
    assert str(by_path.value) == "corpus: no such folder of digests"
    (tmp_path / "file").write_text("x")
    with pytest.raises(Exception) as by_path:
        digest_files(config.load(path, data_dir=tmp_path / "file"))
    assert str(by_path.value) == "file: not a folder: digests are files in a folder"
