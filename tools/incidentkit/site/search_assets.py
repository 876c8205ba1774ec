"""The search front end: the theme's own search box, answered by Pagefind's JavaScript API.

Material: the header's ``.md-search__input`` is bound to Pagefind and the results are rendered
in Material's own result list (``.md-search-result__list``, the markup Material renders, so its
styles, keyboard navigation and Enter-opens-the-best-result work as they do); Material's own
(empty) index answers every query with nothing, so a result list that Material clears or
rewrites is rendered again. Zensical: its header button (``.md-search__button``) and shortcuts
open a dialog of this script's own, styled with the theme's colours, with the same result
markup (Zensical's own dialog lives in a shadow root with generated class names).

Pagefind (``pagefind/pagefind.js``, on the same host, found relative to this script, so the
site works under a sub-path and with either URL style) loads when the page has loaded: its
script, worker, word list and WebAssembly, about 250 KB for 12,000 pages, cached. Result text
is set as DOM text (escaped once, by the browser); only Pagefind's ``<mark>`` boundaries become
elements.
"""

from __future__ import annotations

SEARCH_JS = """\
// incidentkit: the theme's search box answers from the Pagefind index in pagefind/.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  // This script is <site>/assets/incidentkit/search.js.
  var base = new URL("../../", script.src);
  var config = {};
  var holder = document.getElementById("__config");
  try { config = holder ? JSON.parse(holder.textContent) : {}; } catch (e) { config = {}; }
  var words = config.translations || {};
  var highlight = (config.features || []).indexOf("search.highlight") >= 0;
  var pagefind = null;
  var generation = 0;
  var shown = null;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (api) {
        return api.options({ baseUrl: base.pathname }).then(function () {
          api.init();
          return api;
        });
      });
    }
    return pagefind;
  }

  function say(key, fallback, count) {
    var text = words[key] || fallback;
    return text.replace("#", String(count));
  }

  function decode(html) {
    // Pagefind's excerpt is HTML text with <mark> around the words found; a textarea's
    // content is text (entities decoded, no elements).
    var area = document.createElement("textarea");
    area.innerHTML = html;
    return area.value;
  }

  function excerpt(html) {
    var p = document.createElement("p");
    html.split(/(<mark>|<\\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") { return true; }
      if (part === "</mark>") { return false; }
      if (part) {
        var text = document.createTextNode(decode(part));
        if (marked) {
          var mark = document.createElement("mark");
          mark.appendChild(text);
          p.appendChild(mark);
        } else {
          p.appendChild(text);
        }
      }
      return marked;
    }, false);
    return p;
  }

  function item(data, query, score) {
    var url = new URL(data.url, location.href);
    if (highlight) { url.searchParams.set("h", query); }
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = url.href;
    a.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    article.setAttribute("data-md-score", String(score));
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(icon);
    article.appendChild(title);
    article.appendChild(excerpt(data.excerpt || ""));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function Results(container) {
    this.container = container;
    this.meta = container.querySelector(".md-search-result__meta");
    this.list = container.querySelector(".md-search-result__list");
    var self = this;
    this.watch = new MutationObserver(function () {
      // Someone else (the theme's own empty search) wrote into the list: show ours again.
      if (shown) { self.paint(); }
    });
    this.watch.observe(container, { childList: true, subtree: true, characterData: true });
  }
  Results.prototype.paint = function () {
    this.watch.disconnect();
    this.meta.textContent = shown.meta;
    this.list.replaceChildren.apply(this.list, shown.items.map(function (node) {
      return node.cloneNode(true);
    }));
    this.watch.takeRecords();
    this.watch.observe(this.container, { childList: true, subtree: true, characterData: true });
  };

  function search(results, query) {
    var mine = ++generation;
    query = query.trim();
    if (!query) {
      // Painted and watched like results: a late answer of the theme's own (empty) search
      // to an earlier query must not overwrite it.
      shown = { meta: say("search.result.placeholder", "Type to start searching"), items: [] };
      results.paint();
      return;
    }
    load().then(function (api) {
      return api.search(query);
    }).then(function (found) {
      if (mine !== generation || !found) { return null; }
      return Promise.all(found.results.slice(0, 10).map(function (result) {
        return result.data();
      })).then(function (pages) {
        if (mine !== generation) { return; }
        var count = found.results.length;
        var meta = count === 0 ? say("search.result.none", "No matching documents")
          : count === 1 ? say("search.result.one", "1 matching document")
          : say("search.result.other", "# matching documents", count);
        shown = {
          meta: meta,
          items: pages.map(function (data, n) { return item(data, query, pages.length - n); })
        };
        results.paint();
      });
    }).catch(function (error) {
      if (mine !== generation) { return; }
      shown = { meta: "Search is unavailable: " + error, items: [] };
      results.paint();
    });
  }

  function bind(input, results) {
    var timer = null;
    function changed() {
      clearTimeout(timer);
      timer = setTimeout(function () { search(results, input.value); }, 30);
    }
    input.addEventListener("input", changed);
    input.addEventListener("keyup", changed);
    input.addEventListener("focus", load);
    var form = input.form;
    if (form) {
      form.addEventListener("reset", function () {
        generation += 1;
        shown = null;
        results.list.replaceChildren();
      });
    }
    if (input.value) { changed(); }
  }

  // Pagefind's script, worker, word list and WebAssembly (about 250 KB for 12,000 pages, then
  // cached) load once the page has loaded, so that the first query fetches only its own index
  // chunks and the fragments of the results it shows.
  if (document.readyState === "complete") {
    load();
  } else {
    window.addEventListener("load", function () { load(); });
  }

  var input = document.querySelector(".md-search__input");
  var container = document.querySelector(".md-search-result");
  if (input && container) {
    bind(input, new Results(container));
    return;
  }

  // Zensical: a header button (and its shortcut) opens the search; open ours instead.
  var button = document.querySelector(".md-search__button");
  if (!button) { return; }
  var dialog = document.createElement("div");
  dialog.className = "ik-search";
  dialog.hidden = true;
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-label", button.textContent.trim() || "Search");
  var backdrop = document.createElement("div");
  backdrop.className = "ik-search__backdrop";
  var panel = document.createElement("div");
  panel.className = "ik-search__panel";
  var form = document.createElement("form");
  form.className = "ik-search__form";
  var field = document.createElement("input");
  field.type = "text";
  field.className = "md-search__input ik-search__input";
  field.placeholder = button.textContent.trim() || "Search";
  field.setAttribute("aria-label", field.placeholder);
  field.autocomplete = "off";
  field.spellcheck = false;
  form.appendChild(field);
  var output = document.createElement("div");
  output.className = "md-search-result ik-search__output";
  var meta = document.createElement("div");
  meta.className = "md-search-result__meta";
  var list = document.createElement("ol");
  list.className = "md-search-result__list";
  output.appendChild(meta);
  output.appendChild(list);
  panel.appendChild(form);
  panel.appendChild(output);
  dialog.appendChild(backdrop);
  dialog.appendChild(panel);
  document.body.appendChild(dialog);
  bind(field, new Results(output));

  function open() {
    dialog.hidden = false;
    field.focus();
    field.select();
  }
  function close() { dialog.hidden = true; }
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (target && target.closest(".md-search__button, label[for=__search]")) {
      event.preventDefault();
      event.stopPropagation();
      open();
    }
  }, true);
  backdrop.addEventListener("click", close);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) { first.click(); }
  });
  document.addEventListener("keydown", function (event) {
    if (!dialog.hidden) {
      if (event.key === "Escape") { close(); event.preventDefault(); }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var links = [field].concat(Array.prototype.slice.call(list.querySelectorAll("a")));
        var at = links.indexOf(document.activeElement);
        var next = (at + (event.key === "ArrowDown" ? 1 : links.length - 1)) % links.length;
        links[next].focus();
        event.preventDefault();
      }
      event.stopPropagation();
      return;
    }
    var typing = event.target instanceof Element
      && event.target.closest("input, textarea, select, [contenteditable]");
    var shortcut = (event.key === "k" && (event.ctrlKey || event.metaKey))
      || (!typing && !event.ctrlKey && !event.metaKey && !event.altKey
          && (event.key === "s" || event.key === "f" || event.key === "/"));
    if (shortcut) {
      event.preventDefault();
      event.stopPropagation();
      open();
    }
  }, true);
})();
"""

SEARCH_CSS = """\
/* incidentkit: the search dialog on Zensical, whose own dialog lives in a shadow root. Material
   renders the results in its own search box and uses none of this. */
.ik-search { position: fixed; inset: 0; z-index: 5; }
.ik-search[hidden] { display: none; }
.ik-search__backdrop { position: absolute; inset: 0; background: rgba(0, 0, 0, .35); }
.ik-search__panel {
  position: relative; margin: 8vh auto 0; width: min(46rem, 100%); max-height: 80vh;
  display: flex; flex-direction: column; overflow: hidden; border-radius: .4rem;
  background: var(--md-default-bg-color, #fff); color: var(--md-default-fg-color, #000);
  box-shadow: 0 0 3rem rgba(0, 0, 0, .2);
}
.ik-search__input {
  width: 100%; box-sizing: border-box; padding: .9rem 1rem; border: 0; outline: none;
  font: inherit; font-size: 1rem; background: transparent; color: inherit;
  border-bottom: 1px solid var(--md-default-fg-color--lightest, #ddd);
}
.ik-search__output { overflow-y: auto; }
.ik-search .md-search-result__meta {
  padding: .4rem 1rem; font-size: .8rem; color: var(--md-default-fg-color--light, #666);
}
.ik-search .md-search-result__list { list-style: none; margin: 0; padding: 0; }
.ik-search .md-search-result__item {
  border-top: 1px solid var(--md-default-fg-color--lightest, #eee);
}
.ik-search .md-search-result__link {
  display: block; padding: .6rem 1rem; color: inherit; text-decoration: none; outline: none;
}
.ik-search .md-search-result__link:focus, .ik-search .md-search-result__link:hover {
  background: var(--md-accent-fg-color--transparent, rgba(0, 0, 0, .05));
}
.ik-search .md-search-result__article h1 { margin: 0 0 .3rem; font-size: .95rem; }
.ik-search .md-search-result__article p {
  margin: 0; font-size: .8rem; color: var(--md-default-fg-color--light, #555);
}
.ik-search mark {
  background: var(--md-typeset-mark-color, #ff06); color: inherit; border-radius: .1rem;
}
"""
