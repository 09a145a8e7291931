// Run the site's built search worker (ours in front of Material's) in Node, as a page opened from
// disk runs it: files come through importScripts, which loads a script and calls __pd.
// usage: node search_worker.js SITE_DIR < request.json > response.json
// request:  {"queries": ["..."], "setups": 1, "names": ["..."], "texts": ["..."],
//            "pause": ms (the manifest's pause; 0 unless given), "typed": ["d", "di", ...], "gap": ms}
// response: {"results": [<RESULT data per query>], "loaded": ["t/3", ...], "built": n,
//            "keys": [<the worker's author identity of each name>], "words": [<the words of each text>],
//            "answers": [[<query number in typed>, <RESULT data>], ...]}
// "typed" queries go one every `gap` ms without waiting for answers, as a reader types; the
// answers that come by a second after the last are returned (after the queries' own).
// "built" counts lunr indexes built (lunr.Builder#build): the worker must build none.
"use strict"
const fs = require("fs")
const path = require("path")
const url = require("url")
const vm = require("vm")

const site = path.resolve(process.argv[2])
const workers = path.join(site, "assets", "javascripts", "workers")
const file = fs.readdirSync(workers).find((name) => /^search\.[0-9a-f]+\.min\.js$/.test(name))
const source = fs.readFileSync(path.join(workers, file), "utf8")
const request = JSON.parse(fs.readFileSync(0, "utf8"))

const replies = []
const loaded = []
let listener = null
const context = { console, setTimeout, clearTimeout, URL, TextDecoder, Promise }
context.self = context
context.location = { href: url.pathToFileURL(path.join(workers, file)).href }
context.addEventListener = (type, handler) => { if (type === "message") listener = handler }
context.postMessage = (message) => replies.push(JSON.parse(JSON.stringify(message)))
context.importScripts = (href) => new Promise((resolve) => setTimeout(() => {
  const name = url.fileURLToPath(href)
  loaded.push(path.relative(path.join(site, "search"), name).replace(/\.js$/, ""))
  vm.runInContext(fs.readFileSync(name, "utf8"), context)
  resolve()
}, 0))
vm.createContext(context)
vm.runInContext(source, context)

let built = 0
const build = context.lunr.Builder.prototype.build
context.lunr.Builder.prototype.build = function () { built++; return build.call(this) }

async function send(message) {
  const before = replies.length
  listener.call(context, { data: message })
  while (replies.length === before) await new Promise((resolve) => setTimeout(resolve, 0))
  return replies[replies.length - 1]
}

;(async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(site, "search", "search_index.json"), "utf8"))
  manifest.config.index.pause = request.pause || 0
  for (let i = 0; i < (request.setups || 1); i++) {
    const ready = await send({ type: 0, data: { config: manifest.config, docs: manifest.docs, options: {} } })
    if (ready.type !== 1) throw new Error("no READY")
  }
  const results = []
  for (const query of request.queries || []) results.push((await send({ type: 2, data: query })).data)
  const answers = []
  const typed = request.typed || []
  for (let i = 0; i < typed.length; i++) {
    const before = replies.length
    listener.call(context, { data: { type: 2, data: typed[i] } })
    await new Promise((resolve) => setTimeout(resolve, request.gap || 0))
    for (const reply of replies.slice(before)) answers.push([i, reply.data])
  }
  if (typed.length) {
    const before = replies.length
    await new Promise((resolve) => setTimeout(resolve, (request.pause || 0) + 1000))
    for (const reply of replies.slice(before)) answers.push([typed.length - 1, reply.data])
  }
  const keys = (request.names || []).map((name) => context.__pdAuthorKey(name))
  const words = (request.texts || []).map((text) => Array.from(context.__pdWords(text)))
  // exit once written: the worker's load timeouts (20 s each) would keep Node waiting
  process.stdout.write(JSON.stringify({ results, loaded, built, keys, words, answers }), () => process.exit(0))
})().catch((error) => { console.error(error); process.exit(1) })
