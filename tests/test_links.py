"""Links found in abstracts and display snippets."""

from __future__ import annotations

import pytest

from generator.analysis import links


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Code: https://github.com/a/b.", ("https://github.com/a/b",)),
        ("(see https://x.org/p(1)) and https://x.org/q).", ("https://x.org/p(1)", "https://x.org/q")),
        ("at github.com/a/b, and www.site.org/x;", ("https://github.com/a/b", "https://www.site.org/x")),
        ("twice https://a.io/x https://a.io/x", ("https://a.io/x",)),
        ("Project website: https://universome.github.io/epigraf.", ("https://universome.github.io/epigraf",)),
        ("no links here, e.g. none.", ()),
    ],
)
def test_find_links(text, found):
    assert links.find_links(text) == found


def test_labels_recognise_code_hosts():
    assert links.link_label("https://github.com/a/b") == "GitHub"
    assert links.link_label("https://huggingface.co/x") == "Hugging Face"
    assert links.link_label("https://a.github.io/p") == "Project page (GitHub Pages)"
    assert links.link_label("https://example.org/p") == "example.org"
    assert links.is_code("https://gitlab.com/a") and not links.is_code("https://example.org")


def test_lookups_quote_the_title():
    found = dict(links.lookups('A & B: "C"'))
    assert set(found) == {"arXiv", "Semantic Scholar", "Google Scholar"}
    assert "A+%26+B%3A+%22C%22" in found["arXiv"]


def test_first_sentence_skips_abbreviations_and_cuts_long_ones():
    assert links.first_sentence("We use e.g. cats. Then dogs.") == "We use e.g. cats."
    long = "word " * 100
    cut = links.first_sentence(long.strip() + ".")
    assert cut.endswith("…") and len(cut) <= 221
