"""YAML read as nodes, no deeper than MAX_DEPTH: a message at the line, never a RecursionError."""

from __future__ import annotations

import inspect
import sys

import pytest
import yaml

from generator.yaml_nodes import (
    MAX_DEPTH,
    MAX_EXPANDED,
    AliasNode,
    Refused,
    TooDeep,
    aliases_refused,
    compose,
    compose_tagged,
    error_line,
    tags_refused,
    unique_keys,
)


def nested_mappings(levels: int) -> str:
    """`a:` inside `a:` ..., one level a line: level n starts on line n."""
    return "".join("  " * i + "a:\n" for i in range(levels - 1)) + "  " * (levels - 1) + "a: x\n"


def test_as_deep_as_the_limit_composes() -> None:
    node = compose(nested_mappings(MAX_DEPTH))
    assert isinstance(node, yaml.MappingNode)


def test_deeper_is_refused_at_the_line_where_it_goes_too_deep() -> None:
    with pytest.raises(TooDeep) as caught:
        compose(nested_mappings(MAX_DEPTH + 50))
    assert (caught.value.line, str(caught.value)) == (
        MAX_DEPTH + 1,
        f"nested too deeply (more than {MAX_DEPTH} levels of lists and mappings)",
    )


@pytest.mark.parametrize("levels", [900, 1000, 20_000])
def test_thousands_of_brackets_are_refused_not_a_recursion_error(levels: int) -> None:
    with pytest.raises(TooDeep) as caught:
        compose("title: deep\npapers:\n  - paper: " + "[" * levels + "]" * levels + "\n")
    assert caught.value.line == 3


def test_a_stack_already_deep_gives_the_same_refusal() -> None:
    """Under the limit, but called with little stack left (deep in a caller): still no RecursionError."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 60)
    try:
        with pytest.raises(TooDeep) as caught:
            compose("a:\n  b: " + "[" * 50 + "]" * 50 + "\n")
    finally:
        sys.setrecursionlimit(limit)
    assert (caught.value.line, str(caught.value)) == (2, "nested too deeply")


def test_with_mark_aliases_each_alias_is_a_node_at_its_own_line() -> None:
    root = compose("a: &x [1, 2]\nb: *x\nc:\n  - *x\n", mark_aliases=True)
    assert isinstance(root, yaml.MappingNode)
    (_, a), (_, b), (_, c) = root.value
    assert isinstance(a, yaml.SequenceNode)
    assert isinstance(b, AliasNode) and (b.value, b.start_mark.line + 1) == ("x", 2)
    assert isinstance(c.value[0], AliasNode) and c.value[0].start_mark.line + 1 == 4
    plain = compose("a: &x [1, 2]\nb: *x\n")  # without: PyYAML's way, the node it names
    assert isinstance(plain, yaml.MappingNode) and plain.value[1][1] is plain.value[0][1]


def test_an_undefined_alias_is_still_refused() -> None:
    with pytest.raises(yaml.MarkedYAMLError, match="found undefined alias 'y'"):
        compose("a: *y\n", mark_aliases=True)


def test_a_billion_laughs_is_refused_at_the_alias_that_makes_it_too_large() -> None:
    laughs = "".join(f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    with pytest.raises(Refused) as caught:
        compose("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + laughs)
    assert (caught.value.line, str(caught.value)) == (6, f"aliases expand to more than {MAX_EXPANDED:,} nodes")


def test_aliases_deeper_than_the_limit_with_what_they_name_are_refused() -> None:
    text = "a0: &a0 " + "[" * 60 + "]" * 60 + "\na1: " + "[" * 50 + "*a0" + "]" * 50 + "\n"
    with pytest.raises(TooDeep) as caught:
        compose(text)
    assert caught.value.line == 2


def test_an_alias_inside_what_it_names_is_refused() -> None:
    with pytest.raises(Refused, match=r"the alias \*a stands inside"):
        compose("a: &a [1, *a]\n")


def test_a_control_character_is_refused_at_its_line() -> None:
    with pytest.raises(Refused) as caught:
        compose("a: 1\n\n# \x01\n")
    assert (caught.value.line, str(caught.value)) == (3, "a control character U+0001 is not allowed in YAML")


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_lines_are_counted_as_the_file_counts_them(char: str) -> None:
    node = compose(f'a: "x{char}y"  # {char}\nb: 1\n')
    assert isinstance(node, yaml.MappingNode)
    assert [key.start_mark.line + 1 for key, _ in node.value] == [1, 2]
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        compose(f"# {char}\nb: [\n")
    assert caught.value.problem_mark is not None and caught.value.problem_mark.line + 1 == 3


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "'a' is set twice (first at line 1): one key, one value"),
        ("x:\n  - {p: 1, q: 2, p: 3}\n", 2, "'p' is set twice (first at line 2)"),
        ("a: 1\n'a': 2\n", 2, "'a' is set twice (first at line 1)"),  # quoted or not, one key
        ("1: a\n0x1: b\n", 2, "'0x1' is set twice (first at line 1)"),  # as YAML reads it
        ("!ENV b: 1\n!ENV b: 2\n", 2, "'b' is set twice (first at line 1)"),  # a tag SafeLoader lacks
        ("a:\n  z: 1\n  z: 2\na: 3\n", 3, "'z' is set twice (first at line 2)"),  # the first line of all
        ("e:\n  <<: {a: 1}\n  <<: {b: 1}\n", 3, "'<<' is set twice (first at line 2): one key, one value (merge"),
    ],
)
def test_a_key_written_twice_in_one_mapping_is_refused_at_its_line(text: str, line: int, message: str) -> None:
    # PyYAML keeps the last value and drops the first without a word.
    with pytest.raises(Refused) as caught:
        unique_keys(compose(text))
    assert caught.value.line == line and str(caught.value).startswith(message)


@pytest.mark.parametrize(
    "text",
    [
        "d: &d {a: 1, b: 2}\ne:\n  <<: *d\n  a: 3\n",  # a merge is no second key: the key beside it wins
        "d: &d {a: 1}\ne: [*d, *d, {a: 2}]\n",  # one mapping named twice
        "a: 1\nb: {a: 2}\nc: [{a: 3}, {a: 4}]\n",  # the same key in other mappings
        "",
    ],
)
def test_keys_written_once_pass(text: str) -> None:
    unique_keys(compose(text))


def test_compose_tagged_names_every_anchor_and_alias_in_the_file_s_order() -> None:
    root, marks, _ = compose_tagged("a: &x [1, 2]\nb: *x\nc: &y\n  d: <<\n  <<: *x\ne: plain\n")
    assert isinstance(root, yaml.MappingNode)
    assert marks == ((1, "&x"), (2, "*x"), (3, "&y"), (5, "*x"))
    assert isinstance(root.value[1][1], AliasNode)  # never the node it names again
    assert compose_tagged("a: 1\n")[1] == ()
    assert compose_tagged("")[:2] == (None, ())


def test_compose_tagged_names_every_tag_written_in_the_file_s_order() -> None:
    """A tag on a value, a key, a list or a mapping, in PyYAML's shorthand or not; a quoted value has none."""
    text = 'a: !!binary aGk=\nb: !foo [1]\n? !!python/object:x {}\n: ! c\nd: "q"\ne: !<tag:x.org,1:y> z\n'
    root, marks, tags = compose_tagged(text)
    assert isinstance(root, yaml.MappingNode) and marks == ()
    assert tags == ((1, "!!binary"), (2, "!foo"), (3, "!!python/object:x"), (4, "!"), (6, "tag:x.org,1:y"))
    assert str(tags_refused(tags, "lists")) == (
        "YAML tags (!!binary, !foo, ...) are not supported in lists: remove the tag (!!binary here; 4 more: lines 2,"
        " 3, 4, ...)"
    )
    assert tags_refused(tags, "lists").line == 1
    assert compose_tagged("a: 1\nb: [x, 'y']\n")[2] == ()


def test_a_billion_laughs_composed_marked_is_a_few_nodes() -> None:
    laughs = "a0: &a0 x\n" + "".join(f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    root, marks, _ = compose_tagged(laughs)
    assert isinstance(root, yaml.MappingNode) and len(marks) == 10 + 81
    assert aliases_refused(marks, "lists").line == 1


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('title: "X\npapers:\n  - routing\n', 1),  # an unterminated quote: where it opens
        ('title: X\npapers:\n  - "routing\n', 3),
        ("title: X\npapers:\n  - 'routing", 3),  # no newline at the end
        ("title: X\npapers: [a, b\n\n", 2),  # an unclosed bracket: where it opens
        ("title: X\n  bad: indent\n", 2),  # a problem inside the file: its own line
        ('a: "x\u0085y\nb: "z\n', 2),  # NEL is no line break to the project
    ],
)
def test_an_error_at_the_end_of_the_file_names_a_line_of_the_file(text: str, line: int) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        compose(text)
    assert error_line(caught.value, text) == line
    assert line <= max(1, len(text.split("\n")) - (1 if text.endswith("\n") else 0))
