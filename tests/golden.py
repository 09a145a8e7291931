"""The golden end-to-end output: fixture digests to generated Markdown.

`make golden` (python -m tests.golden) regenerates tests/golden/docs/ after a deliberate change;
review the diff before committing it.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from pathlib import Path

from generator import build
from generator.config import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "golden"
LISTS = ROOT / "tests" / "fixtures" / "golden_lists"
GOLDEN = ROOT / "tests" / "golden" / "docs"


def settings(docs: Path) -> Settings:
    """Settings for the golden run: fixture digests and reading lists, the project's taxonomy."""
    return Settings(
        root=ROOT,
        site_name="Golden",
        site_url="https://example.org/golden/",
        docs_dir=docs,
        site_dir=docs.parent / "site",
        data_dir=FIXTURE,
        default_year=2024,
        taxonomy=ROOT / "data" / "topics.yml",
        related=5,
        min_similarity=0.05,
        feed_size=30,
        author_pages_min=2,
        lists=LISTS,
    )


def generate(docs: Path) -> dict[str, bytes]:
    """Generate the fixture site into docs and return {relative path: bytes}.

    A compressed file is kept decompressed, without its .gz, so that its diff can be read.
    """
    build.generate(settings(docs))
    files = {}
    # The generated entries of docs/ are links into the generation store: follow them.
    found = (Path(d, name) for d, _, names in os.walk(docs, followlinks=True) for name in names)
    for path in sorted(found):
        rel = path.relative_to(docs).as_posix()
        if rel.endswith(".gz"):
            files[rel.removesuffix(".gz")] = gzip.decompress(path.read_bytes())
        else:
            files[rel] = path.read_bytes()
    return files


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp) / "docs")
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for rel, content in files.items():
        (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
        (GOLDEN / rel).write_bytes(content)
    print(f"wrote {len(files)} files to {GOLDEN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
