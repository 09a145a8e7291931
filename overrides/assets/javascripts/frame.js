/*
 * Paper Digests: the parts of Material's frame that only work with JavaScript, written into each
 * page by this one shared script instead of being carried by every page.
 *
 * overrides/hooks/scripted_frame.py cuts them out of the pages Material renders (checking that
 * they are the same on every page) and builds assets/javascripts/frame.js: the iframe-worker
 * shim, Material's head script, then this file with FRAME and palette() filled in, then the
 * search results script. Every page loads it in its head, where Material's head script was.
 *
 * - Material's settings for its bundle (`#__config`) are written at once, their `base` and the
 *   search worker's address taken from this script's own address (it is FRAME.root below the
 *   site's root), so a page carries no copy of them and 404.html, whose <base> is the root, needs
 *   no other fix.
 * - The header calls `__pd_header()` from an inline script where its JavaScript-only parts were,
 *   and they go back where Material puts them, before anything is painted (nothing moves,
 *   nothing flashes): the <body>'s palette colours (FRAME.colors), what comes before the header
 *   on a page without sidebars (FRAME.before: toggles, overlay, empty skip and announce), the
 *   header's second title, which Material shows once the page's own title has scrolled away
 *   (FRAME.topic, its text the page's og:title), the palette toggle and the search button and
 *   dialog (FRAME.tail), and the dialog Material's alerts use (FRAME.dialog; right after the
 *   header rather than after the container: it is fixed and stacked on its own). Then Material's
 *   palette script runs, as it did after the toggle.
 */
;(function () {
  "use strict"

  var FRAME = {} // filled in by overrides/hooks/scripted_frame.py

  function palette() {} // Material's palette script, filled in by overrides/hooks/scripted_frame.py

  var root = new URL(FRAME.root, document.currentScript.src).href
  var config = document.createElement("script")
  config.id = "__config"
  config.type = "application/json"
  config.textContent = JSON.stringify(Object.assign({}, FRAME.config, {
    base: root,
    search: new URL(FRAME.config.search, root).href
  }))
  document.currentScript.after(config)

  window.__pd_header = function () {
    var script = document.currentScript
    var header = script.closest("header")
    var body = document.body
    FRAME.colors.forEach(function (pair) { body.setAttribute("data-md-color-" + pair[0], pair[1]) })
    if (!document.querySelector("[data-md-component=skip]"))
      body.insertAdjacentHTML("afterbegin", FRAME.before)
    var title = script.previousElementSibling.firstElementChild
    var og = document.querySelector("meta[property='og:title']")
    if (!header.querySelector("[data-md-component=header-topic]") && og) {
      title.insertAdjacentHTML("beforeend", FRAME.topic)
      title.lastElementChild.firstElementChild.textContent = og.content
    }
    script.insertAdjacentHTML("beforebegin", FRAME.tail)
    header.insertAdjacentHTML("afterend", FRAME.dialog)
    script.remove()
    palette()
  }
})()
