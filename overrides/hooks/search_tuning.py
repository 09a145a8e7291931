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

4. The index comes prebuilt (generator/search/index.py writes it into search_index.json): the
   worker turns its postings into lunr's index instead of tokenizing every document, which at
   10,000 papers is the difference between seconds and a fraction of one before the first
   result. Highlight positions are worked out for the first `positions` results of a query,
   when they are shown; results further down are listed without highlighting.

One index file: Material fetches search_index.json over the web and loads search_index.js (the
offline plugin's copy) from disk. With the offline plugin on, the site loads the .js both ways
and the .json is not published, so the index is shipped once.

`python -m generator search` reads the settings from the built worker and ranks the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

# Shared with generator/search/query.py through the built worker (the `paperDigests` object).
SETTINGS = {"exact": 2, "b": 0.1, "positions": 200}
MARKER = "lunr.paperDigests"
WORKER = re.compile(r"^assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
BUNDLE = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
# In Material's bundle: `location.protocol==="file:"?<load script>(`${new URL("search/search_index.js"...`
FROM_DISK = re.compile(r'location\.protocol==="file:"\?(?=[\w$]+\(`\$\{new URL\("search/search_index\.js")')

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

  /* 4. A prebuilt index (generator/search/index.py): while one is waiting, the builder only
        collects the documents, and build() turns the postings into the index lunr would have
        built; the highlight positions of a document are worked out when it is first shown */
  var add = lunr.Builder.prototype.add, build = lunr.Builder.prototype.build
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!self.__paperDigestsPrebuilt) return add.call(this, doc, attributes)
    ;(this.__pending || (this.__pending = [])).push([doc, attributes || {}])
  }
  lunr.Builder.prototype.build = function () {
    var pending = this.__pending, prebuilt = self.__paperDigestsPrebuilt
    if (!pending) return build.call(this)
    this.__pending = self.__paperDigestsPrebuilt = null
    var index = prebuilt && load(this, pending, prebuilt)
    if (index) return index
    for (var i = 0; i < pending.length; i++) add.call(this, pending[i][0], pending[i][1])
    return build.call(this)
  }

  /* Material sends the index again whenever search opens: the same index is loaded once */
  var last = null

  function load(builder, pending, prebuilt) {
    var fields = Object.keys(builder._fields), n = pending.length
    if (prebuilt.version !== 1 || prebuilt.count !== n || prebuilt.fields.join() !== fields.join())
      return null
    var refs = new Array(n), docs = new Map()
    for (var d = 0; d < n; d++) {
      refs[d] = String(pending[d][0][builder._ref])
      docs.set(refs[d], pending[d][0])
    }
    var terms = prebuilt.terms, key = [n, terms.length, terms[0], terms[terms.length - 1], refs[0], refs[n - 1],
      builder._b, builder._k1]
    for (var f = 0; f < fields.length; f++)
      key.push(builder._fields[fields[f]].boost || 1, prebuilt.postings[fields[f]].length)
    key = key.join("\u0000")
    if (!last || last.key !== key) last = { key: key, index: postings(builder, pending, prebuilt, fields, refs) }
    var index = new lunr.Index({
      invertedIndex: last.index.invertedIndex,
      fieldVectors: last.index.fieldVectors,
      tokenSet: last.index.tokenSet,
      fields: fields,
      pipeline: builder.searchPipeline
    })
    index.__positions = positions(builder, docs)
    return index
  }

  function postings(builder, pending, prebuilt, fields, refs) {
    var n = refs.length, terms = prebuilt.terms, count = terms.length, ids = new Map()
    for (var t = 0; t < count; t++) ids.set(terms[t], t)

    /* Pass 1: where each term's documents start, how many documents hold each term (in any
       field: lunr's idf counts a document once per field), how many terms each document has */
    var starts = [], sizes = [], df = new Uint32Array(count)
    for (var f = 0; f < fields.length; f++) {
      var flat = prebuilt.postings[fields[f]], start = starts[f] = new Int32Array(count).fill(-1)
      var size = sizes[f] = new Uint32Array(n + 1)
      for (var at = 0, term = -1; at < flat.length;) {
        term += flat[at]
        start[term] = at + 1
        var many = flat[at + 1], doc = -1
        at += 2
        df[term] += many
        for (var k = 0; k < many; k++) {
          var step = flat[at++]
          if (step < 0) { doc -= step; at++ } else doc += step
          size[doc + 1]++
        }
      }
      for (var d = 0; d < n; d++) size[d + 1] += size[d]
    }

    /* Pass 2: each document's field vector, scored as lunr.Builder#createFieldVectors does */
    var idf = new Float64Array(count)
    for (var t = 0; t < count; t++) idf[t] = Math.log(1 + Math.abs((n - df[t] + 0.5) / (df[t] + 0.5)))
    var vectors = Object.create(null), k1 = builder._k1, b = builder._b
    for (var f = 0; f < fields.length; f++) {
      var name = fields[f], flat = prebuilt.postings[name], size = sizes[f]
      var lengths = prebuilt.lengths[name], total = 0
      for (var d = 0; d < n; d++) total += lengths[d]
      var average = total / n, boost = builder._fields[name].boost || 1
      var elements = new Float64Array(2 * size[n]), fill = size.slice()
      for (var at = 0, term = -1; at < flat.length;) {
        term += flat[at]
        var many = flat[at + 1], doc = -1
        at += 2
        for (var k = 0; k < many; k++) {
          var step = flat[at++], tf = 1
          if (step < 0) { doc -= step; tf = flat[at++] } else doc += step
          var score = idf[term] * ((k1 + 1) * tf) / (k1 * (1 - b + b * (lengths[doc] / average)) + tf)
          score *= boost
          score *= pending[doc][1].boost || 1
          var slot = 2 * fill[doc]++
          elements[slot] = term
          elements[slot + 1] = Math.round(score * 1000) / 1000
        }
      }
      for (var d = 0; d < n; d++)
        vectors[name + "/" + refs[d]] = new lunr.Vector(elements.subarray(2 * size[d], 2 * size[d + 1]))
    }

    /* The inverted index, each term's postings decoded when a query first reaches it */
    var none = {}
    var inverted = new Proxy(Object.create(null), {
      has: function (known, term) { return ids.has(term) },
      get: function (known, term) {
        if (term in known) return known[term]
        var t = ids.get(term)
        if (t === undefined) return undefined
        var posting = known[term] = Object.create(null)
        posting._index = t
        for (var f = 0; f < fields.length; f++) {
          var found = posting[fields[f]] = Object.create(null), at = starts[f][t]
          if (at < 0) continue
          var flat = prebuilt.postings[fields[f]], many = flat[at++], doc = -1
          for (var k = 0; k < many; k++) {
            var step = flat[at++]
            if (step < 0) { doc -= step; at++ } else doc += step
            found[refs[doc]] = none
          }
        }
        return posting
      }
    })
    return { invertedIndex: inverted, fieldVectors: vectors, tokenSet: lunr.TokenSet.fromArray(terms) }
  }

  /* Where each term of a document stands, field by field, for Material's highlighting: its
     extractor and tokenizer also record the document's layout, which the highlighter reads */
  function positions(builder, docs) {
    var cache = new Map()
    return function (ref) {
      var found = cache.get(ref)
      if (found) return found
      var doc = docs.get(ref)
      found = Object.create(null)
      for (var name in builder._fields) {
        var extractor = builder._fields[name].extractor
        var value = extractor ? extractor(doc) : doc[name]
        var tokens = builder.pipeline.run(builder.tokenizer(value, { fields: [name] }))
        var byTerm = found[name] = Object.create(null)
        for (var i = 0; i < tokens.length; i++) {
          var term = tokens[i].toString()
          ;(byTerm[term] || (byTerm[term] = [])).push(tokens[i].metadata.position)
        }
      }
      cache.set(ref, found)
      return found
    }
  }

  var query = lunr.Index.prototype.query
  lunr.Index.prototype.query = function (fn) {
    var results = query.call(this, fn)
    if (!this.__positions) return results
    for (var i = 0; i < results.length; i++) {
      var metadata = results[i].matchData.metadata
      var known = i < settings.positions ? this.__positions(results[i].ref) : null
      for (var term in metadata)
        for (var name in metadata[term]) {
          var at = known && known[name] && known[name][term]
          metadata[term][name] = { position: at ? at.slice() : [] }
        }
    }
    return results
  }
})(self.lunr);
"""


# Runs before the worker: notes the prebuilt index of a setup message for the builder (part 4).
PREPEND = """/* Paper Digests: a prebuilt search index (overrides/hooks/search_tuning.py) */
;(function (listen) {
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return listen.call(self, type, listener, options)
    return listen.call(self, type, function (event) {
      var message = event.data
      if (message && message.type === 0 && message.data)
        self.__paperDigestsPrebuilt = (message.data.config || {}).prebuilt || null
      return listener.call(this, event)
    }, options)
  }
})(self.addEventListener);
"""


def script(settings: dict[str, Any] | None = None) -> str:
    """Return the script appended to the worker."""
    return PATCH % {"settings": json.dumps(settings or SETTINGS, sort_keys=True)}


def offline(config: Any) -> bool:
    """Whether Material's offline plugin is on (it writes search_index.js)."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def one_index(source: str) -> str:
    """Return Material's bundle loading search_index.js over the web as it does from disk."""
    patched, found = FROM_DISK.subn("!0?", source)
    if found != 1:
        raise PluginError(
            "overrides/hooks/search_tuning.py: Material's bundle no longer loads search_index.js the "
            f"way this hook expects ({found} matches); update FROM_DISK for this Material version"
        )
    return patched


def on_files(files: Files, config: Any) -> Files:
    """Replace Material's search worker (and, offline, its bundle) with the tuned copies."""
    for file in list(files):
        if WORKER.match(file.src_uri) and file.abs_src_path:
            source = Path(file.abs_src_path).read_text(encoding="utf-8")
            if MARKER not in source:
                source = PREPEND + source + "\n" + script()
        elif BUNDLE.match(file.src_uri) and file.abs_src_path and offline(config):
            source = one_index(Path(file.abs_src_path).read_text(encoding="utf-8"))
        else:
            continue
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=source))
    return files


@event_priority(-150)  # after the offline plugin (-100) has written search_index.js
def on_post_build(config: Any) -> None:
    """Publish the index once: the bundle loads search_index.js, so drop the .json copy."""
    folder = Path(config.site_dir) / "search"
    if offline(config) and (folder / "search_index.js").is_file():
        (folder / "search_index.json").unlink(missing_ok=True)
