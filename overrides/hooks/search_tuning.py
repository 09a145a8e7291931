"""MkDocs hook: tune Material's in-browser search for paper titles.

Material's search worker runs lunr.js. Three changes, appended to the worker as a small script
(the worker exposes lunr as `self.lunr`), make typing a paper's title find that paper first:

1. A colon names a field only after `title`, `text` or `tags`. Stock Material reads the colon
   in "C-Mixup: Improving ..." as a field name, lunr rejects the query and the search box shows
   nothing: about one title in sixteen here. Elsewhere the colon is a space, and a `*` it
   leaves alone is dropped.
2. Exact words count more than the longer words they begin: every word is still a prefix
   (`free` finds "FreeCOS"), but an exact `free` adds `exact` times the weight. Stop words
   ("a", "for", "in") are not indexed, so they no longer stand for every word they begin,
   and a stop word in quotes is no longer required ("bag of tricks" found nothing).
3. Field lengths count (lunr's `b`, which Material sets to 0): of two titles with the same
   words the shorter, closer one ranks first ("Continual Test-Time Domain Adaptation" before
   "ViDA: ... Visual Domain Adapter for Continual Test-Time Adaptation").

`python -m generator search` reads the settings from the built worker and ranks the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

# Shared with generator/search.py through the built worker (the `paperDigests` object).
SETTINGS = {"exact": 2, "b": 0.1}
MARKER = "lunr.paperDigests"
WORKER = re.compile(r"^assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")

PATCH = """
/* Paper Digests search tuning (overrides/hooks/search_tuning.py) */
;(function (lunr) {
  if (typeof lunr === "undefined" || lunr.paperDigests) return
  var settings = lunr.paperDigests = %(settings)s
  var field = /(?:^|[\\s+\\-])(?:title|text|tags)$/

  /* 1. A colon after anything but a field name is a space; so is a lone wildcard */
  var run = lunr.QueryLexer.prototype.run
  lunr.QueryLexer.prototype.run = function () {
    this.str = this.str
      .replace(/:/g, function (colon, at, str) {
        return field.test(str.slice(0, at)) ? colon : " "
      })
      .replace(/(^|\\s)(\\*+)(?=\\s|$)/g, function (all, space, stars) {
        return space + stars.replace(/\\*/g, " ")
      })
    return run.call(this)
  }

  /* 2. An exact word weighs more than the words it begins; stop words begin nothing,
        and a required stop word ("bag of tricks" in quotes) is not required: it is never indexed */
  var clause = lunr.Query.prototype.clause
  lunr.Query.prototype.clause = function (c) {
    if (c.presence === lunr.Query.presence.REQUIRED && !lunr.stopWordFilter(c.term))
      c.presence = lunr.Query.presence.OPTIONAL
    var optional = !c.presence || c.presence === lunr.Query.presence.OPTIONAL
    if (optional && typeof c.term === "string" && /^[^*]+\\*$/.test(c.term)) {
      var word = c.term.slice(0, -1)
      if (!lunr.stopWordFilter(word)) {
        c.term = word
        c.usePipeline = true
      } else {
        var exact = { term: word, boost: (c.boost || 1) * settings.exact, usePipeline: true }
        if (c.fields) exact.fields = c.fields
        clause.call(this, exact)
      }
    }
    return clause.call(this, c)
  }

  /* 3. Field length normalisation */
  var b = lunr.Builder.prototype.b
  lunr.Builder.prototype.b = function () {
    return b.call(this, settings.b)
  }
})(self.lunr);
"""


def script(settings: dict[str, Any] | None = None) -> str:
    """Return the script appended to the worker."""
    return PATCH % {"settings": json.dumps(settings or SETTINGS, sort_keys=True)}


def on_files(files: Files, config: Any) -> Files:
    """Replace Material's search worker with the worker plus the tuning script."""
    for file in list(files):
        if WORKER.match(file.src_uri) and file.abs_src_path:
            source = Path(file.abs_src_path).read_text(encoding="utf-8")
            if MARKER not in source:
                source += "\n" + script()
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=source))
    return files
