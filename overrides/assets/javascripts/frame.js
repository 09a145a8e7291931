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
 * - A page without sidebars (every generated page) carries neither its header nor its tabs: the
 *   first thing in its container calls `__pd_frame(n)`, which puts the header (FRAME.header)
 *   before the container and the tabs (FRAME.tabs) where it stands, their links, which FRAME
 *   names from the site's root, made relative to the page as Material writes them, tab n lit;
 *   then the header's JavaScript-only parts go in as above.
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

  // The header's JavaScript-only parts, where its script stands (script: the inline script, or an
  // inert copy of it in a header frame.js wrote).
  function fill(header, script) {
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

  window.__pd_header = function () {
    var script = document.currentScript
    fill(script.closest("header"), script)
  }

  // A path from the site's root (FRAME.header and FRAME.tabs name them so) as Material links it
  // from the page at `here` (also from the root): relative to the page's folder.
  function relative(here, path) {
    var from = here.split("/").slice(0, -1)
    var to = path.split("/")
    var same = 0
    while (same < from.length && same < to.length - 1 && from[same] === to[same]) same++
    return "../".repeat(from.length - same) + to.slice(same).join("/")
  }

  // On a page without sidebars the whole header and the tabs: the page carries, first in its
  // container, `__pd_frame(n)`, n the index of its section's tab (none when no tab is its own).
  window.__pd_frame = function (active) {
    var script = document.currentScript
    var container = script.parentElement
    // Material's addresses in them are attribute text (HTML-escaped); so is what goes before them.
    var at = location.href.split(/[?#]/)[0]
    var here = at.indexOf(root) === 0 ? at.slice(root.length) : null
    var absolute = root.replace(/&/g, "&amp;")
    var link = function (_, name, path) {
      return name + '="' + (here === null ? absolute + path : relative(here, path)) + '"'
    }
    // An address of its own (https://..., /..., #...) stays: scripted_frame.py's ABSOLUTE.
    var address = new RegExp('\\b(href|src)="(?!' + FRAME.absolute + ')([^"]+)"', "g")
    script.remove()
    if (!FRAME.header) return // a frame.js from a build that rendered no such page
    container.insertAdjacentHTML("afterbegin", FRAME.tabs.replace(address, link))
    container.insertAdjacentHTML("beforebegin", FRAME.header.replace(address, link))
    var item = container.querySelectorAll(".md-tabs__item")[active]
    if (item) item.classList.add("md-tabs__item--active")
    var header = container.previousElementSibling
    fill(header, header.querySelector("script"))
  }
})()
