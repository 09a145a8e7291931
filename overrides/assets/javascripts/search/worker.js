/*
 * Paper Digests search worker: answers Material's search UI from the index the generator
 * built (generator/search/index.py), loading only the files a query needs.
 *
 * overrides/hooks/search.py puts this script in front of Material's search worker, in Material's
 * worker file: Material's code then only provides lunr.js (`self.lunr`), whose query parser and
 * pipeline this worker uses; its message handler is kept aside and used only when the site has
 * no index of ours. generator/search/query.py is the same algorithm in Python (`python -m
 * generator search`); tests/test_search_worker.py checks that the two agree.
 *
 * Material's worker protocol (src/templates/assets/javascripts/integrations/search/worker):
 * SETUP (0) carries {config, docs} from search_index.json, answered by READY (1); QUERY (2)
 * carries the search box's text, answered by RESULT (3) with {items: SearchItem[][]}, one array
 * per page (the page first, then its sections). A RESULT also says how many pages match
 * (`total`) and whether they have every word (`all`), which overrides/assets/javascripts/search/
 * results.js shows above the list. A query overtaken by a newer one gets no answer: the worker
 * waits the manifest's `pause` (ms) before looking a query up, so that typing a title asks for
 * the files of the words where the typist pauses, not of every prefix, and a query overtaken
 * while its words are loaded loads nothing it would show.
 */
;(function () {
  "use strict"

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  var OPTIONAL = 1, REQUIRED = 2, PROHIBITED = 3
  var LEVELS = 255
  var CJK = /[\u1100-\u11ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3040-\u309f\u30a0-\u30ff\u3100-\u312f\u3130-\u318f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{3134f}]+/gu
  var FILTER = /(^|\s)([+-]?)\s*([Tt][Oo][Pp][Ii][Cc]|[Aa][Uu][Tt][Hh][Oo][Rr]):(?:"([^"]*)"?|['\u2018\u2019]((?:[^'\u2018\u2019]|['\u2018\u2019](?=[\p{L}\p{N}]))*)['\u2018\u2019]?|([^\s^]*))(?:\^[\d.]*)?/gu  /* as query.py's FILTER */
  var CURLY_QUOTES = /[\u201c\u201d\u201e\u201f]/g
  var HYPHENS = /[\u2010\u2011]/g, DROPPED = /[\u00ad\ue000\ue001]/g  /* query.py's QUERY_CHARS */
  var PHRASE = /"([^"]*)("|(?![\s\S]))/g
  var PLACEHOLDER = /^\ue000([0-9]+)\ue001\**$/  /* a phrase, as one term of lunr's query (query.py's PLACEHOLDER) */
  var SUBJECT_CLASS = /(?<![\p{L}\p{M}\p{N}.])([a-z][a-z-]*)\.[a-z]{2}(?=\/[0-9]{7}(?![0-9]))/giu  /* math.GT/0309136 */
  var HYPHEN = /(?<=[\p{L}\p{M}\p{N}])-(?=[\p{L}\p{M}\p{N}])/gu  /* inside a word (query.py's HYPHEN) */
  var STAR_INSIDE = /(?<=[\p{L}\p{M}\p{N}])\*+(?=[\p{L}\p{M}\p{N}])/gu  /* diff*usion: a hyphen (query.py's STAR_INSIDE) */
  var FIELD_NAME = "(?<=^|[\\s+\\-])(?:FIELDS)(?=:)"  /* a field's name, any case (query.py's FIELD_NAME) */
  var FILTERS = ["topic", "author"]
  var COLON_SPACE = "(?<=(?:^|[\\s+\\-])(?:NAMES):)\\s+(?=[\\p{L}\\p{M}\\p{N}\"'\u2018\u2019])"  /* title: vision (query.py's COLON_SPACE) */
  var FIELD_SIGN = "(?<=^|\\s)(NAMES):([+\\-])(?=[^\\s:+\\-])"  /* title:-x is -title:x, topic:-x -topic:x (query.py's FIELD_SIGN) */
  var FIELD_ALONE = "(?:[~^][0-9.]*|[*:+\\-])*(?=\\s|$)"  /* title: with no word (query.py's FIELD_ALONE) */
  var POSSESSIVE = /(?<=[\p{L}\p{M}\p{N}])['\u2019\u02bc][sS](?![\p{L}\p{M}\p{N}])/gu  /* LLaMA's (query.py's POSSESSIVE) */

  /* Material's worker registers its message listener when it runs, after this script: it is
     kept aside, for a site without our index */
  var listen = self.addEventListener
  var material = []
  self.addEventListener = function (type, listener, options) {
    if (type === "message") material.push(listener)
    else listen.call(self, type, listener, options)
  }
  var script = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src
    : self.location.href

  var index = null         /* the manifest's config.index, and what is derived from it */
  var latest = 0           /* number of the newest query: older ones are not answered */

  listen.call(self, "message", function (event) {
    var message = event.data
    if (message.type === SETUP && !(message.data && message.data.config && message.data.config.index)) index = null
    else if (message.type === SETUP) {
      setup(message.data.config)
      return self.postMessage({ type: READY })
    }
    if (index === null || message.type !== QUERY) {
      for (var i = 0; i < material.length; i++) material[i].call(self, event)
      return
    }
    var number = ++latest
    function current() { return number === latest }
    pause(index.manifest.pause).then(function () {
      if (!current()) throw STALE
      return answer(message.data, current)
    }).then(function (result) {
      if (current()) self.postMessage({ type: RESULT, data: result })
    }, function (error) {
      if (error === STALE) return
      console.warn("search:", error)
      if (current()) self.postMessage({ type: RESULT, data: { items: [], total: 0, all: true } })
    })
  })

  /* A query overtaken by a newer one stops where it is */
  var STALE = new Error("overtaken by a newer query")
  function pause(ms) {
    return ms > 0 ? new Promise(function (resolve) { setTimeout(resolve, ms) }) : Promise.resolve()
  }

  function setup(config) {
    var manifest = config.index
    if (index && index.manifest.shards.join("\u0000") === manifest.shards.join("\u0000")) return
    index = {
      manifest: manifest,
      separator: new RegExp(config.separator, "gu"),
      steps: config.pipeline || [],
      fields: manifest.fields,
      base: new URL("../../../search/", script),
      files: new Map(),
      page: new Int32Array(manifest.documents).fill(-1),  /* a section's page, -1 for a page */
      latin: manifest.identity.latin,
      fold: new Map(Object.entries(manifest.identity.fold)),
      letters: new Map(),  /* the Latin letters words spell otherwise (tokens.letter_folds) */
      lettersPattern: null
    }
    index.fold.forEach(function (folded, char) {
      if (LETTER.test(char) && LETTERS.test(folded)) index.letters.set(char, folded)
    })
    index.lettersPattern = new RegExp("[" + Array.from(index.letters.keys()).join("") + "]", "gu")
    for (var section in manifest.sections) index.page[+section] = manifest.sections[section]
  }

  /* Files ------------------------------------------------------------------------------- */

  /* Over HTTP the worker fetches a file and reads the JSON inside; opened from disk (Material
     runs the worker in an iframe, where fetch cannot read files) it loads it as a script,
     which calls __pd(name, data) */
  var waiting = new Map()
  self.__pd = function (name, data) {
    var done = waiting.get(name)
    waiting.delete(name)
    if (done) done(data)
  }

  function load(name) {
    var files = index.files
    if (!files.has(name)) {
      var url = new URL(name + ".js", index.base)
      var promise = url.protocol === "file:" || typeof fetch !== "function"
        ? new Promise(function (resolve, reject) {
          waiting.set(name, resolve)
          setTimeout(function () { reject(new Error("cannot load " + url)) }, 20000)
          importScripts(url.href)
        })
        : fetch(url.href).then(function (response) {
          if (!response.ok) throw new Error(url + ": " + response.status)
          return response.text()
        }).then(function (text) {
          return JSON.parse(text.slice(text.indexOf(",") + 1, text.lastIndexOf(")")))
        })
      promise.catch(function () { files.delete(name) })
      files.set(name, promise)
    }
    return files.get(name)
  }

  function shardOf(term) {
    var shards = index.manifest.shards, lo = 0, hi = shards.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (shards[mid] <= term) lo = mid + 1
      else hi = mid
    }
    return Math.max(0, lo - 1)
  }

  /* The entry of a term: {term, df, post: per-field postings} or null */
  async function entry(term, shard) {
    if (shard === undefined) shard = shardOf(term)
    var data = await load("t/" + shard)
    var at = search(data.terms, term)
    if (at < 0) return null
    var post = data.post[at]
    if (typeof post === "number") post = await load("p/" + post)
    return { term: term, df: data.df[at], post: post }
  }

  function search(terms, term) {
    var lo = lowerBound(terms, term)
    return lo < terms.length && terms[lo] === term ? lo : -1
  }

  /* The most frequent terms beginning with prefix (not prefix itself), best first */
  async function completions(prefix) {
    var limit = index.manifest.prefix_terms, shards = index.manifest.shards
    var s = shardOf(prefix), data = await load("t/" + s)
    var next = shards[s + 1]
    var found = []
    if (next !== undefined && next.length > prefix.length && next.startsWith(prefix)) {
      found = data.more[prefix] || []
      return Promise.all(found.map(function (c) { return entry(c[0], c[2]) }))
    }
    var terms = data.terms
    for (var i = lowerBound(terms, prefix); i < terms.length && terms[i].startsWith(prefix); i++)
      if (terms[i] !== prefix && terms[i][0] !== "!") found.push(i)
    found.sort(function (a, b) { return data.df[b] - data.df[a] || a - b })
    return Promise.all(found.slice(0, limit).map(function (i) { return entry(terms[i], s) }))
  }

  function lowerBound(terms, term) {
    var lo = 0, hi = terms.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (terms[mid] < term) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  function steps(list) {
    var docs = new Array(list.length), doc = 0
    for (var k = 0; k < list.length; k++) docs[k] = doc += list[k]
    return docs
  }

  /* Text to terms (generator/search/tokens.py) ------------------------------------------ */

  function spans(text) {
    var out = [], start = 0, match, separator = index.separator
    separator.lastIndex = 0
    while ((match = separator.exec(text)) !== null) {
      if (match.index > start) out.push([start, match.index])
      start = Math.max(start, match.index + match[0].length)
      if (match[0].length === 0) separator.lastIndex++
    }
    if (text.length > start) out.push([start, text.length])
    return out
  }

  /* The words of one piece between separators, each with its span in the piece. Zero-width
     joiners and apostrophes leave the piece first, as in tokens.words (中\u200d文 is 中文, don't
     is dont), each character remembering where it was written */
  var INSIDE_WORDS = /[\u200c\u200d'\u2019\u02bc]/  /* tokens.INSIDE_WORDS */
  function words(written) {
    var piece = "", where = []
    for (var c = 0; c < written.length; c++)
      if (!INSIDE_WORDS.test(written[c])) { piece += written[c]; where.push(c) }
    if (piece.length === written.length) return wordsOf(piece)
    return wordsOf(piece).map(function (w) { return [w[0], where[w[1]], where[w[2] - 1] + 1] })
  }

  function wordsOf(piece) {
    var out = [], start = 0, run
    CJK.lastIndex = 0
    while ((run = CJK.exec(piece)) !== null) {
      if (run.index > start) plain(piece, start, run.index, out)
      var chars = Array.from(run[0]), at = run.index
      if (chars.length === 1) out.push([chars[0], at, at + chars[0].length])
      for (var i = 0; i + 1 < chars.length; i++) {
        out.push([chars[i] + chars[i + 1], at, at + chars[i].length + chars[i + 1].length])
        at += chars[i].length
      }
      start = run.index + run[0].length
    }
    if (start < piece.length) plain(piece, start, piece.length, out)
    return out
  }

  /* An arXiv number and its version: the number alone (tokens.ARXIV_VERSION, unversioned) */
  var ARXIV_VERSION = /^([0-9]{4}\.[0-9]{4,5}|[0-9]{7})v[0-9]*$/
  function plain(piece, start, end, out) {
    var word = fold(piece.slice(start, end).toLowerCase()).replace(ARXIV_VERSION, "$1")
    if (word) out.push([word, start, end])
  }

  /* Lower-case Latin letters folded as an author's identity folds them, as tokens.fold: without
     their accents ("garcía" -> "garcia"), then the manifest's `identity.fold` letters whose fold
     is letters and digits ("weiß" -> "weiss", "łukasz" -> "lukasz"); full-width letters and digits
     as ASCII; final sigma as sigma ("λόγος" -> "λογοσ"). The word keeps the span of the text it
     came from, so highlighting marks the text as written */
  var LATIN_MARKS = /(?<=[\p{Script=Latin}\p{Script=Greek}])\p{M}+/gu  /* and Greek ones (tokens.LATIN_MARKS) */
  var LETTER = /^\p{L}$/u, LETTERS = /^[\p{L}\p{N}]+$/u
  var FULL_WIDTH = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g  /* as ASCII (tokens.FULL_WIDTH) */
  function fold(text) {
    if (/^[\x00-\x7f]*$/.test(text)) return text
    return text.normalize("NFD").replace(LATIN_MARKS, "").normalize("NFC")
      .replace(index.lettersPattern, function (char) { return index.letters.get(char) })
      .replace(FULL_WIDTH, function (char) { return String.fromCharCode(char.charCodeAt(0) - 0xfee0) })
      .replace(/ς/g, "σ")
  }

  function tokenize(text) {
    text = text.normalize("NFC").replace(/\u00ad/g, "")  /* soft hyphens (tokens.SOFT_HYPHEN) */
    var out = []
    spans(text).forEach(function (span) {
      words(text.slice(span[0], span[1])).forEach(function (w) { out.push(w[0]) })
    })
    return out
  }
  self.__pdWords = function (text) { return tokenize(text) }  /* for tests/test_search_worker.py */

  var pipelineCache = new Map()
  function pipeline(word) {
    if (pipelineCache.has(word)) return pipelineCache.get(word)
    var lunr = self.lunr, token = new lunr.Token(word, {}), steps = ["trimmer", "stopWordFilter", "stemmer"]
    for (var i = 0; i < steps.length && token; i++)
      if (index.steps.indexOf(steps[i]) >= 0) token = lunr[steps[i]](token, 0, [token])
    var term = token ? token.toString() || null : null
    pipelineCache.set(word, term)
    return term
  }

  /* The query ------------------------------------------------------------------------- */

  /* Words and filters of a query (see query.py, parse) */
  function parse(query) {
    var fields = index.fields, filters = [], phrases = []
    var q = query.normalize("NFC").replace(CURLY_QUOTES, '"').replace(HYPHENS, "-").replace(DROPPED, "")
    q = q.replace(SUBJECT_CLASS, "$1")
    /* a field's name in any case (Title:, as phones capitalise), as the index names it */
    var names = new RegExp(FIELD_NAME.replace("FIELDS", fields.map(function (f) { return "(" + anyCase(f) + ")" }).join("|")), "gu")
    q = q.replace(names, function () {
      for (var i = 1; i <= fields.length; i++) if (arguments[i] !== undefined) return fields[i - 1]
    })
    /* title: vision is title:vision (as lunr reads it); vision title:, title: -x keep a name with no word */
    var after = fields.concat(FILTERS.map(anyCase)).join("|")
    q = q.replace(new RegExp(COLON_SPACE.replace("NAMES", after), "gu"), "")
    q = q.replace(new RegExp(FIELD_SIGN.replace("NAMES", after), "gu"), "$2$1:")
    q = q.replace(FILTER, function (all, space, sign, kind, quoted, single, bare) {
      var value = quoted !== undefined ? quoted : single !== undefined ? single : bare
      if (value && value.trim()) filters.push([kind.toLowerCase(), value, sign === "-"])  /* -topic: and -author: exclude */
      return space + " "
    })
    q = q.replace(PHRASE, function (all, inner, end, at, text) {
      /* a space before the placeholder, but after +, - or a field's colon, which apply to it */
      var before = at && "+-:".indexOf(text[at - 1]) >= 0 ? "" : " "
      phrases.push(tokenize(inner))
      return before + "\ue000" + (phrases.length - 1) + "\ue001 "
    })
    var named = new RegExp("(?:^|[\\s+\\-])(?:" + fields.join("|") + ")(?![\\s\\S])")
    q = q.replace(/:/g, function (colon, at, all) { return named.test(all.slice(0, at)) ? colon : " " })
    q = q.replace(new RegExp("(?:^|(?<=\\s))[+\\-]?(?:" + fields.join("|") + "):" + FIELD_ALONE, "gu"), " ")
    q = q.replace(/[~^](?!\d)/g, " ")
    /* lunr splits at hyphens: escaped, a hyphenated word (pre-training) stays one clause */
    q = q.replace(STAR_INSIDE, "-").replace(HYPHEN, "\\-")
    var clauses = lunrClauses(q, fields)
    if (clauses === null) clauses = lunrClauses(q.replace(/[:~^+\-*\\]/g, " "), fields) || []
    var out = [], min = index.manifest.min_prefix
    clauses.forEach(function (clause, k) {
      var quoted = PLACEHOLDER.exec(clause.term)
      if (quoted) {  /* a phrase: its words exact, required (or, written with -, excluded together) */
        phrases[+quoted[1]].forEach(function (w) {
          var term = pipeline(w)
          if (term !== null)
            out.push({
              word: w, term: term, prefix: null, fields: clause.fields, boost: clause.boost,
              presence: clause.presence === OPTIONAL ? REQUIRED : clause.presence, clause: k
            })
        })
        return
      }
      var raw = clause.term, explicit = /\*$/.test(raw), text = raw.replace(/\*+$/, "")
      var ws = tokenize(text), parts = out.length
      POSSESSIVE.lastIndex = 0
      var bases = POSSESSIVE.test(text) ? tokenize(text.replace(POSSESSIVE, "")) : ws
      ws.forEach(function (w, i) {
        var term = pipeline(w)
        if (term === null) return
        /* only a clause's last word is completed: the words before it (pre of pre-training) are whole */
        var length = Array.from(w).length, last = i === ws.length - 1
        var implicit = clause.presence === OPTIONAL && (length >= min || (length === 1 && w.search(CJK) === 0))
        var prefix = last && (explicit || implicit)
        /* LLaMA's: llama too, as the word itself (query.py, POSSESSIVE) */
        var alt = bases.length === ws.length && bases[i] !== w ? pipeline(bases[i]) : null
        out.push({
          word: w, term: term, prefix: prefix ? w : null, fields: clause.fields,
          boost: clause.boost, presence: clause.presence, clause: k, alt: alt !== term ? alt : null
        })
      })
      /* pre-training: pretraining too, exactly, counting less (query.py, parse) */
      var solid = ws.length > 1 && text.indexOf("-") >= 0 ? tokenize(text.replace(/-/g, "")) : []
      var term = solid.length === 1 && out.length > parts ? pipeline(solid[0]) : null
      var weight = clause.boost * index.manifest.joined
      if (term !== null && weight > 0)
        out.push({
          word: solid[0], term: term, prefix: null, fields: clause.fields,
          boost: weight, presence: clause.presence, clause: k, joined: true
        })
    })
    return { words: out, filters: filters }
  }

  /* A pattern for name with its ASCII letters in either case (query.py's _any_case: not the i flag,
     which folds İ or ſ unlike Python's) */
  function anyCase(name) {
    return name.replace(/[a-z]/g, function (c) { return "[" + c.toUpperCase() + c + "]" })
  }

  function lunrClauses(q, fields) {
    var lunr = self.lunr, query = new lunr.Query(fields)
    try {
      new lunr.QueryParser(q, query).parse()
    } catch (error) {
      return null
    }
    return query.clauses.map(function (c) {
      return { term: c.term, fields: c.fields, boost: c.boost, presence: c.presence || OPTIONAL }
    })
  }

  /* What each word stands for: [entry, boost] for the word itself, then its completions */
  async function expand(word) {
    /* the word and its completions at once: one shard, then their postings files together */
    var both = await Promise.all([
      entry(word.term), word.prefix ? completions(word.prefix) : [], word.alt ? entry(word.alt) : null
    ])
    var exact = both[0], weight = word.boost * (word.prefix ? index.manifest.exact : 1)
    var found = exact ? [[exact, weight]] : []
    if (both[2]) found.push([both[2], weight])  /* LLaMA's: llama, as the word itself */
    both[1].forEach(function (e) { if (e && e.term !== word.term && e.term !== word.alt) found.push([e, word.boost]) })
    return found
  }

  /* |q_f| per field: the length of the query's vector of term boosts in field f */
  function norms(words, expansions) {
    var fields = index.fields, vectors = fields.map(function () { return new Map() })
    words.forEach(function (word, i) {
      /* a solid spelling (pretraining) stands in for its clause's words: it is no more words of the query */
      if (word.presence === PROHIBITED || word.joined) return
      expansions[i].forEach(function (pair) {
        for (var f = 0; f < fields.length; f++)
          if (word.fields.indexOf(fields[f]) >= 0)
            vectors[f].set(pair[0].term, (vectors[f].get(pair[0].term) || 0) + pair[1])
      })
    })
    return vectors.map(function (vector) {
      var sum = 0
      vector.forEach(function (b) { sum += b * b })
      return Math.sqrt(sum)
    })
  }

  /* Every document holding the word, with its share of lunr's score: {docs: [doc...],
     hit: Uint8Array (1 where the word is), score: Float64Array}, both indexed by document */
  function scores(word, expansions, norm) {
    var n = index.manifest.documents, fields = index.fields
    var out = { docs: [], hit: new Uint8Array(n), score: new Float64Array(n) }
    expansions.forEach(function (pair) {
      var e = pair[0], boost = pair[1]
      for (var f = 0; f < fields.length; f++) {
        var list = e.post[f]
        if (!list || word.fields.indexOf(fields[f]) < 0) continue
        /* [scale, -count, doc steps..., impacts...] or [scale, doc steps...] (see index.py) */
        var scale = list[0], count, start, at
        if (list.length > 1 && list[1] < 0) { count = -list[1]; start = 2; at = 2 + count }
        else { count = list.length - 1; start = 1; at = -1 }
        var doc = 0, divisor = norm[f] || 1
        for (var k = 0; k < count; k++) {
          doc += list[start + k]
          if (!out.hit[doc]) { out.hit[doc] = 1; out.docs.push(doc) }
          out.score[doc] += boost * ((at < 0 ? LEVELS : list[at + k]) * scale) / divisor
        }
      }
    })
    return out
  }

  /* Documents of a filter (topic:, author:): a Set, or null when it names nothing */
  async function filterDocs(kind, value) {
    var keys = []
    if (kind === "topic") {
      var wanted = tokenize(value), topics = index.manifest.topics, exact = []
      topics.forEach(function (name, i) {
        var have = tokenize(name)
        if (have.join(" ") === wanted.join(" ")) exact.push(i)
        else if (wanted.every(function (w) { return have.some(function (h) { return h.startsWith(w) }) })) keys.push(i)
      })
      keys = (exact.length ? exact : keys).map(function (i) { return "!t:" + i })
    } else {
      keys = ["!a:" + authorKey(value)]
    }
    var found = await Promise.all(keys.map(function (key) { return entry(key) }))
    var docs = new Set()
    found.forEach(function (e) { if (e) steps(e.post).forEach(function (d) { docs.add(d) }) })
    /* An author written as one word that names nobody whole (O'Brien, garcia): its words, in the
       authors field (null). A name written as two words or more is a person, or nobody ("Ann
       Garcia" is not Ann Lee and José García) */
    if (!docs.size && kind === "author" && /^\S+$/.test(value.trim())) return null
    return docs
  }

  /* An author's identity, as their author page has it (generator/papers/authors.py, author_key;
     the steps are in generator/search/names.py): NFKC; Latin letters and marks as text_unidecode
     writes them (their letters without marks, but for the manifest's `fold` list); Python's
     casefold; the runs of letters, marks and digits that have a letter or digit, one space apart;
     variation selectors and emoji keycaps (❤️, #️⃣) left out */
  var MARKS = /\p{M}/gu, LETTER_OR_MARK = /^[\p{L}\p{M}]$/u, WORD = /[\p{L}\p{M}\p{N}]+/gu, LETTER = /[\p{L}\p{N}]/u
  var IGNORED = /[#*0-9]\ufe0f?\u20e3|[\u180b-\u180d\u180f\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/gu
  var CHEROKEE = /[\u13f8-\u13fd\uab70-\uabbf]/g  /* lower case, which case folding writes in upper case */
  function authorKey(name) {
    var out = "", latin = index.latin
    for (var char of name.normalize("NFKC").replace(IGNORED, "")) {
      var folded = index.fold.get(char), code = char.codePointAt(0)
      if (folded === undefined && LETTER_OR_MARK.test(char)) {
        for (var r = 0; r < latin.length; r++)
          if (latin[r][0] <= code && code <= latin[r][1]) folded = char.normalize("NFD").replace(MARKS, "")
      }
      out += folded === undefined ? char : folded
    }
    /* the lower case of the upper case is the case folding (ΐ, ᾳ, ϐ), but for ς and Cherokee */
    out = out.toUpperCase().toLowerCase().replace(/ς/g, "σ")
      .replace(CHEROKEE, function (c) { return c.toUpperCase() })
    return (out.match(WORD) || []).filter(function (word) { return LETTER.test(word) }).join(" ")
  }
  self.__pdAuthorKey = function (name) { return authorKey(name) }  /* for tests/test_search_worker.py */

  async function answer(query, current) {
    var parsed = parse(query)
    var words = parsed.words, filters = parsed.filters
    var headed = await fromHead(words, filters)
    if (headed) return headed
    /* author:word that is not a whole name: the word is required in the authors field */
    /* filters and words at once: every file the query needs is asked for in the same round */
    var expanding = Promise.all(words.map(expand))
    var sets = await Promise.all(filters.map(function (f) { return filterDocs(f[0], f[1]) }))
    var added = [], leaving = []
    sets.forEach(function (set, i) {
      if (set !== null || filters[i][0] !== "author") return
      var group = []
      tokenize(filters[i][1]).forEach(function (w) {
        var term = pipeline(w)
        if (term !== null)
          group.push({ word: w, term: term, prefix: null, fields: ["authors"], boost: 1, presence: REQUIRED, clause: -1 })
      })
      if (!group.length) sets[i] = new Set()  /* no word to look for (author:the): nobody */
      else if (filters[i][2]) leaving.push([i, group])  /* -author:lee-park: what author:lee-park finds */
      else added = added.concat(group)
    })
    await Promise.all(leaving.map(async function (pair) {
      var group = pair[1], unit = index.fields.map(function () { return 1 })
      var found = await Promise.all(group.map(async function (w) { return scores(w, await expand(w), unit) }))
      sets[pair[0]] = new Set(found[0].docs.filter(function (d) {
        return found.every(function (f) { return f.hit[d] })
      }))
    }))
    var excluded = new Set()
    sets.forEach(function (set, i) { if (set !== null && filters[i][2]) set.forEach(function (d) { excluded.add(d) }) })
    sets = sets.filter(function (set, i) { return set !== null && !filters[i][2] })
    var expansions = (await expanding).concat(await Promise.all(added.map(expand)))
    words = words.concat(added)
    if (!current()) throw STALE  /* before the display files of its results */
    var norm = norms(words, expansions)
    var found = words.map(function (word, i) { return scores(word, expansions[i], norm) })
    return rank(words, found, sets, expansions, excluded)
  }

  /* A query of one common word alone: its first results were computed when the site was built
     (generator/search/heads.py), as below, and come in one file with what they show */
  async function fromHead(words, filters) {
    var word = words[0]
    if (filters.length || words.length !== 1 || word.presence !== OPTIONAL || word.boost !== 1) return null
    if (word.term !== word.word || word.alt || (word.prefix !== null && word.prefix !== word.word)) return null
    if (word.fields.length !== index.fields.length) return null
    var data = await load("t/" + shardOf(word.term))
    if (!data.heads || data.heads.indexOf(word.term) < 0) return null
    var head = await load("h/" + data.post[search(data.terms, word.term)])
    if (head.prefix !== (word.prefix !== null)) return null
    var marks = new Set(head.marks), found = {}
    found[word.word] = true
    var items = head.groups.map(function (g) {
      var page = g[0], members = g[1]
      var group = members.map(function (m) { return item(head.records[m[0]], m[1], found, marks) })
      if (!members.some(function (m) { return m[0] === page })) group.push(item(head.records[page], 0, {}, marks))
      return group
    })
    return { items: items, total: head.total, all: true }
  }

  /* The ranking (query.py, rank): every word if any document has them all, else some */
  async function rank(words, found, sets, expansions, excluded) {
    var n = index.manifest.documents, positive = [], prohibited = new Uint8Array(n)
    /* a hyphenated word's solid spelling (pretraining) stands for its clause's words (pre, training): a
       document with it has them, and is scored by it if it lacks one of them */
    var solid = new Map(), wanted = [], clauses = new Map()  /* the words of each clause */
    excluded.forEach(function (d) { prohibited[d] = 1 })
    words.forEach(function (word, i) {
      if (word.presence !== PROHIBITED) positive.push(i)
      if (word.joined) return solid.set(word.clause, found[i])
      if (word.presence !== PROHIBITED) wanted.push(i)
      if (!clauses.has(word.clause)) clauses.set(word.clause, [])
      clauses.get(word.clause).push(i)
    })
    clauses.forEach(function (members, k) {  /* -self-supervised: the documents with both words, or selfsupervised */
      if (words[members[0]].presence !== PROHIBITED) return
      found[members[0]].docs.forEach(function (d) {
        if (members.every(function (i) { return found[i].hit[d] })) prohibited[d] = 1
      })
      if (solid.has(k)) solid.get(k).docs.forEach(function (d) { prohibited[d] = 1 })
    })
    if (!positive.length && !sets.length) return { items: [], total: 0, all: true }
    function allowed(d) {
      if (prohibited[d]) return false
      for (var k = 0; k < sets.length; k++) if (!sets[k].has(d)) return false
      return true
    }
    function has(d, i) {
      return found[i].hit[d] === 1 || (solid.has(words[i].clause) && solid.get(words[i].clause).hit[d] === 1)
    }
    function bySolid(d, k) {
      return solid.has(k) && solid.get(k).hit[d] === 1 && !clauses.get(k).every(function (i) { return found[i].hit[d] })
    }
    var candidates = [], all = true
    if (!positive.length) {
      sets[0].forEach(function (d) { if (allowed(d)) candidates.push(d) })
    } else {
      var seen = new Uint8Array(n), reached = []
      positive.forEach(function (i) {
        found[i].docs.forEach(function (d) {
          if (seen[d]) return
          seen[d] = 1
          reached.push(d)
          if (!allowed(d)) return
          for (var j = 0; j < wanted.length; j++) if (!has(d, wanted[j])) return
          candidates.push(d)
        })
      })
      var optional = wanted.some(function (i) { return words[i].presence === OPTIONAL })
      if (!candidates.length && optional && wanted.length > 1) {
        all = false
        reached.forEach(function (d) {
          if (!allowed(d)) return
          for (var j = 0; j < wanted.length; j++)
            if (words[wanted[j]].presence === REQUIRED && !has(d, wanted[j])) return
          candidates.push(d)
        })
      }
    }
    /* Scores: lunr's, then Material's boost of pages and of documents with more of the words */
    var final = new Float64Array(n), page = index.page
    candidates.forEach(function (d) {
      var raw = 0, matched = 0
      for (var j = 0; j < positive.length; j++) {
        var word = words[positive[j]], hit = found[positive[j]]
        if (hit.hit[d] && !!word.joined === bySolid(d, word.clause)) raw += hit.score[d]
      }
      for (var w = 0; w < wanted.length; w++) if (has(d, wanted[w])) matched++
      var boost = (page[d] >= 0 ? 0 : 1) + matched / (wanted.length || 1)
      final[d] = raw * (1 + boost * boost)
    })
    var marks = new Set()
    positive.forEach(function (i) {
      expansions[i].forEach(function (pair) { marks.add(pair[0].term) })
    })
    return results(candidates, final, all, positive, marks, function (d) { return terms(d, words, wanted, has) })
  }

  /* Sort (best first; a filter alone lists the newest first), group sections under their page,
     keep the first groups, and fetch what they show. Only the best candidates are sorted: the
     first `limit` groups are among the best limit + (sections among the candidates) */
  async function results(candidates, final, all, positive, marks, termsOf) {
    var limit = index.manifest.results, page = index.page, chunk = index.manifest.chunk
    var order = positive.length
      ? function (a, b) { return final[b] - final[a] || a - b }
      : function (a, b) { return b - a }
    var grouped = new Uint8Array(index.manifest.documents), total = 0, loose = []
    candidates.forEach(function (d) {
      var p = page[d] >= 0 ? page[d] : d
      if (!grouped[p]) { grouped[p] = 1; total++ }
      if (page[d] >= 0) loose.push(d)
    })
    var best = candidates, wanted = limit + loose.length
    if (positive.length && candidates.length > 4 * wanted) {
      var keys = new Float64Array(candidates.length)
      for (var i = 0; i < candidates.length; i++) keys[i] = final[candidates[i]]
      keys.sort()
      var threshold = keys[keys.length - wanted]
      best = candidates.filter(function (d) { return final[d] >= threshold })
    } else if (!positive.length && candidates.length > 4 * wanted) {
      best = candidates.slice().sort(order).slice(0, wanted)
    }
    best = best.slice().sort(order)
    var groups = new Map()
    for (var b = 0; b < best.length && groups.size < limit; b++) {
      var p = page[best[b]] >= 0 ? page[best[b]] : best[b]
      if (!groups.has(p)) groups.set(p, [])
    }
    /* every member of a kept group, in order, the sections beyond the best ones too */
    best.concat(loose).forEach(function (d) {
      var members = groups.get(page[d] >= 0 ? page[d] : d)
      if (members && members.indexOf(d) < 0) members.push(d)
    })
    groups.forEach(function (members) { members.sort(order) })
    var kept = Array.from(groups.entries())
    var wantedDocs = new Set()
    kept.forEach(function (g) { wantedDocs.add(g[0]); g[1].forEach(function (d) { wantedDocs.add(d) }) })
    var files = new Map()
    wantedDocs.forEach(function (d) {
      var c = Math.floor(d / chunk)
      if (!files.has(c)) files.set(c, load("d/" + c))
    })
    var data = new Map()
    await Promise.all(Array.from(files.entries()).map(function (f) {
      return f[1].then(function (records) { data.set(f[0], records) })
    }))
    function record(d) { return data.get(Math.floor(d / chunk))[d % chunk] }
    var items = kept.map(function (g) {
      var first = g[0], members = g[1]
      var group = members.map(function (d) {
        return item(record(d), final[d], termsOf(d), marks)
      })
      if (members.indexOf(first) < 0) group.push(item(record(first), 0, {}, marks))
      return group
    })
    return { items: items, total: total, all: all }
  }

  /* Material's `terms` of a result: each word of the query, whether the document has it (a solid
     spelling, pretraining, gives pre and training) */
  function terms(d, words, wanted, has) {
    var out = {}
    wanted.forEach(function (i) {
      out[words[i].word] = out[words[i].word] || has(d, i)
    })
    return out
  }

  /* A result as Material shows it: its fields are HTML, so data is escaped, and the words of
     the query are marked in the title and the teaser; topic chips stay whole */
  function item(r, score, found, marks) {
    var topics = index.manifest.topics
    var text = r[2] ? "<p>" + highlight(r[2], marks) + "</p>" : ""
    if (r[4] && r[4].length)
      text += "<p class=\"pd-search-authors\">" + r[4].map(function (name) {
        return "<span data-pd-author=\"" + escapeHTML(name) + "\">" + escapeHTML(name) + "</span>"
      }).join(", ") + "</p>"
    var out = { location: r[0], title: highlight(r[1], marks), text: text, score: score, terms: found }
    if (r[3] && r[3].length) out.tags = r[3].map(function (t) { return escapeHTML(topics[t]) })
    return out
  }

  function highlight(text, marks) {
    text = text.normalize("NFC")
    var ranges = []
    spans(text).forEach(function (span) {
      words(text.slice(span[0], span[1])).forEach(function (w) {
        var term = pipeline(w[0])
        if (term !== null && marks.has(term)) ranges.push([span[0] + w[1], span[0] + w[2]])
      })
    })
    var out = "", at = 0
    for (var i = 0; i < ranges.length; i++) {
      var start = Math.max(ranges[i][0], at), end = ranges[i][1]
      while (i + 1 < ranges.length && ranges[i + 1][0] <= end) end = Math.max(end, ranges[++i][1])
      if (end <= start) continue
      out += escapeHTML(text.slice(at, start)) + "<mark>" + escapeHTML(text.slice(start, end)) + "</mark>"
      at = end
    }
    return out + escapeHTML(text.slice(at))
  }

  function escapeHTML(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]
    })
  }
})()
