"""Links found in abstracts and display snippets."""

from __future__ import annotations

import pytest

from generator.analysis import links
from generator.sources import text_digest

from .conftest import DIGESTS


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Code: https://github.com/a/b.", ("https://github.com/a/b",)),
        ("(see https://x.org/p(1)) and https://x.org/q).", ("https://x.org/p(1)", "https://x.org/q")),
        ("at github.com/a/b, and www.site.org/x;", ("https://github.com/a/b", "https://www.site.org/x")),
        ("twice https://a.io/x https://a.io/x", ("https://a.io/x",)),
        ("Project website: https://universome.github.io/epigraf.", ("https://universome.github.io/epigraf",)),
        ("no links here, e.g. none.", ()),
        # Trailing Unicode punctuation is not part of a link.
        (
            "at \u201chttps://github.com/example-lab/fastmerge\u201d. Weights at \u2018https://example-lab.github.io/fm\u2019.",
            ("https://github.com/example-lab/fastmerge", "https://example-lab.github.io/fm"),
        ),
        ("项目主页（https://example-lab.github.io/mrag）。", ("https://example-lab.github.io/mrag",)),
        # A link right after CJK text is found, and ends where CJK text starts again.
        ("代码见https://github.com/example-lab/mrag-bench。更多", ("https://github.com/example-lab/mrag-bench",)),
        ("请访问https://github.com/x获取代码", ("https://github.com/x",)),
        # Hosts and ports that are not valid are not links, and never crash.
        ("Code at https://[evil.com]/repo for everyone.", ()),
        ("Code at http://[::1 for everyone.", ()),
        ("at https://github.com:99999999/x and https://a.b:-1/ too", ()),
        ("see https://x.org: it works", ("https://x.org",)),
        ("http://[::1]:8080/x and http://localhost:8000/", ()),
        # Only http(s) becomes a link.
        ("ftp://x.org/a, mailto:me@x.org, me@x.org, javascript:alert(1), file:///etc/passwd", ()),
        ("train.py and README.md are files", ()),
        # Not inside a word or another address; a URL inside a URL stays part of it.
        ("xhttps://a.io/x foo.github.com/a", ()),
        (
            "https://web.archive.org/web/2020/https://example.com/x.",
            ("https://web.archive.org/web/2020/https://example.com/x",),
        ),
        (
            "https://en.wikipedia.org/wiki/Mann\u2013Whitney_U_test",
            ("https://en.wikipedia.org/wiki/Mann\u2013Whitney_U_test",),
        ),
        # A bidirectional control is in no address: a link ends before it (`.../` RLO `exe.gpj` would read
        # as `.../jpg.exe`), and a host cut by one is no host.
        ("see https://example.com/\u202eexe.gpj\u202c now", ("https://example.com/",)),
        (
            "https://example.com/\u2067x\u2069 and https://example.com/a\u200fb",
            ("https://example.com/", "https://example.com/a"),
        ),
        ("https://exa\u202emple.com/x", ()),
        # So is any other default-ignorable character: `lab/` ZWJ `repo` reads as lab/repo.
        ("https://github.com/lab/\u200drepo x", ("https://github.com/lab/",)),
        ("https://github.com/lab/\u034frepo x", ("https://github.com/lab/",)),
        ("https://github.com/lab/\u3164repo x", ("https://github.com/lab/",)),
        ("https://github.com/lab/\U000e0041repo x", ("https://github.com/lab/",)),
    ],
)
def test_find_links(text, found):
    assert links.find_links(text) == found


def test_links_past_the_length_bound_are_text():
    assert links.find_links("https://x.org/" + "a" * 2000) == ()
    assert links.find_links("https://x.org/" + "a" * 900) == ("https://x.org/" + "a" * 900,)


def test_labels_recognise_code_hosts():
    assert links.link_label("https://github.com/a/b") == "GitHub"
    assert links.link_label("https://huggingface.co/x") == "Hugging Face"
    assert links.link_label("https://a.github.io/p") == "Project page (GitHub Pages)"
    assert links.link_label("https://example.org/p") == "example.org"
    assert links.is_code("https://gitlab.com/a") and not links.is_code("https://example.org")
    assert links.link_label("https://[evil.com]/x") == "https://[evil.com]/x"  # no crash on a bad host
    assert not links.is_code("http://[::1")


def test_lookups_quote_the_title():
    found = dict(links.lookups('A & B: "C"'))
    assert set(found) == {"arXiv", "Semantic Scholar", "Google Scholar"}
    assert "A+%26+B%3A+%22C%22" in found["arXiv"]


def test_first_sentence_skips_abbreviations_and_cuts_long_ones():
    assert links.first_sentence("We use e.g. cats. Then dogs.") == "We use e.g. cats."
    long = "word " * 100
    cut = links.first_sentence(long.strip() + ".")
    assert cut.endswith("…") and len(cut) <= 221


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("نحن نقدم نموذجا لغويا كبيرا. يعمل بشكل جيد على عدة مهام. النتائج ممتازة.", "نحن نقدم نموذجا لغويا كبيرا."),
        ("هل يعمل النموذج؟ نعم، على عدة مهام.", "هل يعمل النموذج؟"),  # Arabic question mark
        ("یہ پہلا جملہ ہے۔ یہ دوسرا جملہ ہے۔", "یہ پہلا جملہ ہے۔"),  # Urdu full stop
        ("我们提出一种方法。它在三个基准上有效。", "我们提出一种方法。"),  # no space after CJK ends
        ("这有效吗？是的！效果很好。", "这有效吗？"),
        ("「これはペンです。」と彼は言った。次の文。", "「これはペンです。」と彼は言った。"),  # not inside a quote
        ("यह पहला वाक्य है। यह दूसरा वाक्य है।", "यह पहला वाक्य है।"),  # Devanagari danda
        ("Wir zeigen es. Übrigens auch hier.", "Wir zeigen es."),  # a capital outside ASCII
    ],
    ids=["arabic", "arabic-question", "urdu", "chinese", "chinese-question", "japanese-quote", "hindi", "german"],
)
def test_first_sentence_ends_where_other_scripts_end_sentences(text: str, first: str) -> None:
    assert links.first_sentence(text) == first


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "Dr. Smith and Prof. Jones show that it works. Second sentence.",
            "Dr. Smith and Prof. Jones show that it works.",
        ),
        ("We follow Dr. med. Smith. Then more.", "We follow Dr. med. Smith."),
        ("Published in Jan. 2024 by us. Then more.", "Published in Jan. 2024 by us."),
        ("We test in St. Louis. Then more.", "We test in St. Louis."),
        (
            "Wir stellen ein neues Modell vor, z. B. für Übersetzungen. Es ist sehr gut.",
            "Wir stellen ein neues Modell vor, z. B. für Übersetzungen.",
        ),
        ("Wir zeigen es, z.B. Modelle. Mehr.", "Wir zeigen es, z.B. Modelle."),
        ("Am 3. März 2024 zeigen wir es. Dann mehr.", "Am 3. März 2024 zeigen wir es."),
        ("Es kostet ca. 100 Euro. Mehr.", "Es kostet ca. 100 Euro."),
        ("Das ist gut, d. h. Modelle lernen. Mehr.", "Das ist gut, d. h. Modelle lernen."),
        ("Wir nutzen u. a. Modelle. Mehr.", "Wir nutzen u. a. Modelle."),
        (
            "See Figs. 2 and 3, Sec. 4, Tab. 1 and Eq. 5 for it. More.",
            "See Figs. 2 and 3, Sec. 4, Tab. 1 and Eq. 5 for it.",
        ),
        ("In the U.S. Army we test it. More.", "In the U.S. Army we test it."),
        ("We optimise w.r.t. The loss. More.", "We optimise w.r.t. The loss."),
        ("A vs. B works. More.", "A vs. B works."),
        ("डॉ. शर्मा ने दिखाया कि यह काम करता है। दूसरा वाक्य।", "डॉ. शर्मा ने दिखाया कि यह काम करता है।"),
        ('He said "Hello world." Then he left. More.', 'He said "Hello world."'),
        ("他说：“你好。”然后他走了。", "他说：“你好。”"),
        ("Smith et al. Show it. More.", "Smith et al. Show it."),
        ("See Fig. 2 for it. More.", "See Fig. 2 for it."),
        ("It is 3.5 times faster. More.", "It is 3.5 times faster."),
        ("See https://a.b.c/x.y for it. More.", "See https://a.b.c/x.y for it."),
        ("We train version 2. Then we test it.", "We train version 2."),  # a number ends a sentence
        ("It goes from A to Z. Then it stops.", "It goes from A to Z."),  # German z. is lower-case only
    ],
    ids=[
        "titles",
        "dr-med",
        "english-month",
        "saint",
        "german-z-b",
        "german-z-b-unspaced",
        "german-date",
        "german-ca",
        "german-d-h",
        "german-u-a",
        "references",
        "u-s",
        "w-r-t",
        "vs",
        "hindi-title",
        "closing-quote",
        "chinese-closing-quote",
        "et-al",
        "fig-2",
        "decimal",
        "url",
        "number-at-end",
        "capital-z-at-end",
    ],
)
def test_first_sentence_does_not_end_at_an_abbreviation(text: str, first: str) -> None:
    assert links.first_sentence(text) == first


def test_first_sentence_never_leaves_an_override_open():
    text = "A \u202ereversed\u202c claim. More."
    assert links.first_sentence(text) == "A \u202ereversed\u202c claim."
    cut = links.first_sentence("A \u202e" + "word " * 100)
    assert cut.endswith("word…") and "\u202e" not in cut


def test_links_in_the_unicode_punctuation_fixture():
    digest = text_digest.parse_file(DIGESTS / "url_unicode_punctuation.txt", 2024)
    assert [links.find_links(e.abstract) for e in digest.entries] == [
        ("https://github.com/example-lab/fastmerge", "https://example-lab.github.io/fastmerge"),
        ("https://github.com/example-lab/mrag-bench", "https://example-lab.github.io/mrag"),
    ]
