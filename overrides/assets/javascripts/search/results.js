/*
 * Paper Digests: the search dialog's count, and topic and author chips that narrow a search.
 *
 * The worker (worker.js) answers each query with the best results and says how many pages match
 * (`total`) and whether they have every word (`all`); Material's own line counts only the
 * results listed. Material publishes its components' states as `component$`; the search
 * result's state carries the worker's answer, so the line is rewritten from it.
 *
 * Clicking a topic chip or an author's name in a result adds `topic:"..."` or `author:"..."` to
 * the search box instead of opening the paper.
 *
 * Material sends the search box's text to its worker on keyup; here it goes on input, as soon as
 * a character is in the box (a key held down, or a slow keyup, no longer delays the results).
 */
;(function () {
  "use strict"

  function count(state, shown) {
    var n = state.total.toLocaleString("en")
    var listed = state.total > shown ? " (best " + shown + " listed)" : ""
    if (!state.all) return "No result has every word; " + n + (state.total === 1 ? " has" : " have") + " some" + listed
    return (state.total === 1 ? "1 result" : n + " results") + listed
  }

  // Loaded in the head (overrides/hooks/scripted_frame.py), before Material's bundle defines component$.
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof component$ !== "undefined")
      component$.subscribe(function (state) {
        if (!state || !state.ref || typeof state.total !== "number" || !state.total) return
        var meta = state.ref.querySelector(".md-search-result__meta")
        if (meta) meta.textContent = count(state, state.items.length)
      })
  })

  // Material reads the box on keyup (and ignores a text it has already sent).
  document.addEventListener("input", function (event) {
    var box = event.target
    if (box instanceof HTMLInputElement && box.classList.contains("md-search__input"))
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  }, true)

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null
    var chip = target && target.closest(".md-search-result .md-tag, .md-search-result [data-pd-author]")
    var input = document.querySelector("input.md-search__input")
    if (!chip || !input) return
    event.preventDefault()
    event.stopPropagation()
    var author = chip.getAttribute("data-pd-author")
    var filter = (author !== null ? "author" : "topic") + ":\"" +
      (author !== null ? author : chip.textContent).replace(/"/g, " ").trim() + "\""
    if (input.value.indexOf(filter) < 0) input.value = (input.value.trim() + " " + filter).trim()
    input.focus()
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  }, true)
})()
