"""MkDocs hook: Material's search box answered from the generator's index (generator/search/).

The index is built from the data by the generator's search stage, into docs/search/. This hook
puts it to use in Material's search, and does nothing else:

1. Material's search plugin stays on for its user interface (the header's search box, the
   dialog, the keyboard shortcuts), but indexes no page: the generator has indexed them all.
2. Material's bundle fetches search/search_index.json over HTTP and, from disk, loads
   search/search_index.js (the offline plugin's copy); both become the generator's manifest,
   a few kilobytes, in place of the index of every page.
3. Material's search worker file gets our worker (overrides/assets/javascripts/search/worker.js)
   in front: it answers from the index files, loading the few a query needs; Material's code
   behind it provides lunr.js.

What this relies on in Material is listed in the README ("Search", "What we rely on in Material").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

WORKER = re.compile(r"^assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
SOURCE_MAP = re.compile(r"^assets/javascripts/workers/search\.[0-9a-f]+\.min\.js\.map$")
OURS = "assets/javascripts/search/worker.js"
MANIFEST = "search/search_index.json"
MAP_COMMENT = re.compile(r"\n//# sourceMappingURL=\S+\s*$")


@event_priority(100)  # before Material's search plugin reads the page
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Keep every page out of Material's own index (1)."""
    search = page.meta.get("search")
    page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}
    return context


def on_files(files: Files, config: Any) -> Files:
    """Put our worker in front of Material's (3); leave the manifest to on_post_build (2)."""
    ours = files.get_file_from_path(OURS)
    for file in list(files):
        if file.src_uri == MANIFEST or SOURCE_MAP.match(file.src_uri):
            files.remove(file)  # the manifest is written below; the map would not fit the new worker
        elif WORKER.match(file.src_uri) and ours is not None and file.abs_src_path:
            material = MAP_COMMENT.sub("\n", Path(file.abs_src_path).read_text(encoding="utf-8"))
            worker = Path(str(ours.abs_src_path)).read_text(encoding="utf-8")
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=f"{worker}\n{material}"))
    if ours is not None:
        files.remove(ours)  # it lives inside Material's worker file
    return files


@event_priority(-50)  # after Material's search plugin (0) writes its index, before the offline plugin (-100) copies it
def on_post_build(config: Any) -> None:
    """Write the generator's manifest where Material's bundle looks for the index (2)."""
    source = Path(config.docs_dir) / MANIFEST
    if source.is_file():
        target = Path(config.site_dir) / MANIFEST
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
