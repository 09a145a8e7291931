// BibTeX buttons and COinS. Every .bib file is written by the generator (bibtexparser,
// render/citations.py); this script only copies one, or joins a page's into one download:
//
// - after each link a.cite-bib (a paper's or a reading list's .bib): "Copy", which fetches the
//   file and puts its text on the clipboard (an empty file: "Nothing to copy");
// - before each list ol[data-papers] (digest, topic and author pages): "BibTeX of these N papers",
//   which fetches the .bib beside each paper's page (papers/<id>.bib) and saves them as one file;
// - on list pages, the COinS of each paper with an arXiv id (render/citations.py): the generator
//   writes an empty span data-arxiv="<id>", and this script gives it Zotero's class and the
//   ContextObject, which names only the paper's DOI and is the same for every paper but the id
//   (about 120 bytes fewer for each paper of a list). Zotero reads the page as it stands after
//   load; tests/test_citations_browser.py checks each against render/citations.coins.
//
// - on a paper's page, the Highwire tag citation_abstract (render/citations.py), written from the
//   abstract's paragraph p.paper-abstract, its text exactly: in the HTML the abstract would be on
//   every paper page twice. Zotero reads the page as it stands after load, like the COinS.
//
// Over HTTP (GitHub Pages, `make serve`) both buttons work. A page opened from disk (file:) cannot
// read other files, so there the buttons say so and point to the .bib links, which work anywhere.
(() => {
  "use strict"
  const served = location.protocol === "http:" || location.protocol === "https:"
  const FROM_DISK = "Opened from disk, the browser cannot read the .bib files: open the BibTeX link (each paper's page has one)."
  const COPY_FROM_DISK = "Opened from disk, the browser cannot read the .bib file to copy it: open the BibTeX link before this button."
  const PARALLEL = 6
  const ARXIV_COINS = "ctx_ver=Z39.88-2004&rft_val_fmt=info:ofi/fmt:kev:mtx:dc&rft.type=preprint&rft_id=info:doi/10.48550/arXiv."

  const abstract = document.querySelector("article p.paper-abstract")
  if (abstract && abstract.textContent && !document.querySelector('meta[name="citation_abstract"]')) {
    const meta = document.createElement("meta")
    meta.name = "citation_abstract"
    meta.content = abstract.textContent
    document.head.append(meta)
  }

  for (const span of document.querySelectorAll("span[data-arxiv]")) {
    span.className = "Z3988"
    span.title = ARXIV_COINS + span.dataset.arxiv
  }

  const style = document.createElement("style")
  style.textContent = ".md-typeset .cite-button{margin:0 0 0 .5em;padding:.1em .8em;font-size:.7rem}" +
    ".md-typeset .cite-all{margin:0 0 .5em}.cite-status{margin-left:.5em;font-size:.7rem}" +
    // Material's indigo buttons reach 2.3:1 on the dark scheme's background; its link colour 4.7:1.
    "[data-md-color-scheme=slate] .md-typeset :is(.cite-button,.cite-all){color:var(--md-typeset-a-color)}"
  document.head.append(style)

  function button(text, className) {
    const element = document.createElement("button")
    element.type = "button"
    element.className = `md-button ${className}`
    element.textContent = text
    const status = document.createElement("span")
    status.className = "cite-status"
    status.setAttribute("role", "status")
    return [element, status]
  }

  async function text(url) {
    const response = await fetch(url)
    if (!response.ok) throw new Error(`${response.status} ${url}`)
    return response.text()
  }

  async function copy(value) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(value)
    const area = document.createElement("textarea")  // plain http: the clipboard API is not there
    area.value = value
    area.setAttribute("readonly", "")
    area.style.position = "fixed"
    area.style.opacity = "0"
    document.body.append(area)
    area.select()
    const done = document.execCommand("copy")
    area.remove()
    if (!done) throw new Error("copy refused")
  }

  async function fetchAll(urls) {
    const out = new Array(urls.length)
    let next = 0
    async function worker() {
      while (next < urls.length) {
        const index = next++
        out[index] = await text(urls[index])
      }
    }
    await Promise.all(Array.from({ length: Math.min(PARALLEL, urls.length) }, worker))
    return out
  }

  function fileName() {
    const parts = location.pathname.replace(/\.html$/, "").split("/").filter(Boolean).slice(-2)
    return `${parts.join("-") || "papers"}.bib`
  }

  for (const link of document.querySelectorAll("a.cite-bib")) {
    const [copyButton, status] = button("Copy", "cite-button")
    copyButton.addEventListener("click", async () => {
      if (!served) return void (status.textContent = COPY_FROM_DISK)
      try {
        const bib = await text(link.href)
        // An empty .bib (a list with no papers yet has no button; a file emptied since): never "Copied".
        if (!bib.trim()) return void (status.textContent = "Nothing to copy: the BibTeX file is empty")
        await copy(bib)
        status.textContent = "Copied"
      } catch (error) {
        status.textContent = `Could not copy (${error.message}): open the BibTeX link`
      }
    })
    link.after(" ", copyButton, status)
  }

  for (const list of document.querySelectorAll("ol[data-papers]")) {
    const pages = [...list.querySelectorAll(":scope > li > a:first-child")].map((a) => a.href)
    if (!pages.length) continue
    const label = pages.length === 1 ? "this paper" : `these ${pages.length} papers`
    const [all, status] = button(`BibTeX of ${label}`, "cite-all")
    all.addEventListener("click", async () => {
      if (!served) return void (status.textContent = FROM_DISK)
      status.textContent = "Fetching…"
      try {
        const entries = await fetchAll(pages.map((page) => page.replace(/\.html$/, ".bib")))
        const url = URL.createObjectURL(new Blob([entries.join("\n")], { type: "application/x-bibtex" }))
        const save = document.createElement("a")
        save.href = url
        save.download = fileName()
        document.body.append(save)
        save.click()
        save.remove()
        setTimeout(() => URL.revokeObjectURL(url), 10000)
        status.textContent = `Saved ${save.download}`
      } catch (error) {
        status.textContent = `Could not fetch every .bib (${error.message})`
      }
    })
    const holder = document.createElement("p")
    holder.append(all, status)
    list.before(holder)
  }
})()
