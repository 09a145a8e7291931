"""The export: every paper as gzip-compressed JSON (site/papers.json.gz), a public interface."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from ..models import Corpus

# The export: every paper as JSON, gzip-compressed. The JSON is a third of the site's bytes per
# paper and compresses to under a third of that; GitHub Pages caps a site at 1 GB.
EXPORT = "papers.json.gz"


def read_export(folder: Path) -> list[dict[str, Any]]:
    """Read the export in a built site or generated docs folder."""
    records: list[dict[str, Any]] = json.loads(gzip.decompress((folder / EXPORT).read_bytes()))
    return records


def export_json(corpus: Corpus) -> str:
    """Return the export's JSON: one object per paper, sorted by id (see README)."""
    topics = {t.slug: t for t in corpus.topics}
    records = []
    for paper in corpus.papers:
        records.append(
            {
                "id": paper.id,
                "title": paper.title,
                "url": paper.url,
                "abstract": paper.abstract,
                "digests": [{"date": a.date.isoformat(), "source": a.source} for a in paper.appearances],
                "tags": [topics[s].name for s in corpus.tags_of(paper.id) if s in topics],
                "related": [r.id for r in corpus.related_of(paper.id)],
                "links": list(paper.links),
                # From JSON digests (and title lookups); null when unknown.
                "arxiv_id": paper.arxiv_id,
                "authors": list(paper.authors) if paper.authors else None,
                "published": paper.published.isoformat() if paper.published else None,
                "upvotes": paper.upvotes,
                "code": paper.code,
                "code_stars": paper.code_stars if paper.code else None,  # a repository's, so only with it
                "project_page": paper.project_page,
                "withdrawn": paper.withdrawn.isoformat() if paper.withdrawn else None,
            }
        )
    # One paper per line: readable, diffable, and written by json's fast C encoder.
    lines = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
    return f"[\n{lines}\n]\n"


def export_files(corpus: Corpus) -> list[tuple[str, bytes]]:
    """Return (path under docs/, content) for the export."""
    return [(EXPORT, gzip.compress(export_json(corpus).encode("utf-8"), compresslevel=9, mtime=0))]
