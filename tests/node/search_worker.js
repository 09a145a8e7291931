// Run the site's built search worker (Material's, tuned) in Node, as the browser would.
// usage: node search_worker.js WORKER.js < request.json > response.json
// request:  {"index": <search index>, "queries": ["..."], "suggest": false, "setups": 1}
// response: {"setup_ms": n, "results": [<Material's items per query>], "token_sets": n,
//            "built": null | {"lengths": {"field/ref": n}, "frequencies": {"field/ref": {term: tf}}}}
// "built" is what lunr.js's own builder made (stock path, no prebuilt index), to compare terms.
"use strict"
const fs = require("fs")
const vm = require("vm")

const source = fs.readFileSync(process.argv[2], "utf8")
const request = JSON.parse(fs.readFileSync(0, "utf8"))
let listener = null
const replies = []
const context = { console, setTimeout }
context.self = context
context.addEventListener = (type, handler) => { if (type === "message") listener = handler }
context.postMessage = (message) => replies.push(message)
vm.createContext(context)
vm.runInContext(source, context)

let built = null
let tokenSets = 0
const lunr = context.lunr
const fromArray = lunr.TokenSet.fromArray
lunr.TokenSet.fromArray = function (words) {
  tokenSets++
  return fromArray.call(this, words)
}
const build = lunr.Builder.prototype.build
lunr.Builder.prototype.build = function () {
  const index = build.call(this)
  if (this.documentCount > 0) {
    built = { lengths: {}, frequencies: {} }
    for (const ref of Object.keys(this.fieldLengths)) built.lengths[ref] = this.fieldLengths[ref]
    for (const ref of Object.keys(this.fieldTermFrequencies))
      built.frequencies[ref] = Object.assign({}, this.fieldTermFrequencies[ref])
  }
  return index
}

async function send(message) {
  const before = replies.length
  await listener.call(context, { data: message })
  while (replies.length === before) await new Promise((resolve) => setTimeout(resolve, 0))
  return replies[replies.length - 1]
}

;(async () => {
  // What Material's bundle posts: the index's config and docs, nothing else of it
  const data = { config: request.index.config, docs: request.index.docs, options: { suggest: !!request.suggest } }
  const start = Date.now()
  // Material sends the index again each time search opens
  for (let i = 0; i < (request.setups || 1); i++) await send({ type: 0, data })
  const setup = Date.now() - start
  const results = []
  for (const query of request.queries) results.push((await send({ type: 2, data: query })).data)
  process.stdout.write(JSON.stringify({ setup_ms: setup, results, built, token_sets: tokenSets }))
})().catch((error) => { console.error(error); process.exit(1) })
