// panelpress built-in theme: the search box. Each form marked `data-search` keeps working
// as a plain form without this script (it leads to the search page); with it, results
// show as the reader types, from the site's search index in `pagefind/`, which the
// browser fetches a piece at a time. Result text is only ever set as text: an excerpt's
// `<mark>` elements are the one piece of markup taken from the index.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? script.src.replace(/search\.js(\?.*)?$/, "") : "/";
  var loading = null;

  function engine() {
    if (!loading) {
      loading = import(base + "pagefind/pagefind.js").then(function (pagefind) {
        // Pages are indexed by their address below the site's base path, which is where
        // this script lives.
        var options = { basePath: base + "pagefind/", baseUrl: base, excerptLength: 24 };
        return pagefind.options(options).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
    }
    return loading;
  }

  // The excerpt's text, with only its <mark> elements kept as elements.
  function excerpt(html) {
    var out = document.createElement("p");
    out.className = "search-excerpt";
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    parsed.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  // `text` with the words that are one of the query's words, or start like one of its
  // words of two letters or more, marked.
  function marked(text, query) {
    var words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    var span = document.createElement("span");
    text.split(/([\p{L}\p{N}]+)/u).forEach(function (part) {
      var lower = part.toLowerCase();
      var hit = part && words.some(function (w) {
        return lower === w || (w.length > 1 && lower.indexOf(w) === 0);
      });
      if (hit) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        span.appendChild(mark);
      } else {
        span.appendChild(document.createTextNode(part));
      }
    });
    return span;
  }

  function result(data, query) {
    var meta = data.meta || {};
    var item = document.createElement("li");
    item.className = "search-result";
    var link = document.createElement("a");
    link.href = data.url;
    link.className = "search-result-title";
    link.appendChild(marked(meta.title || data.url, query));
    item.appendChild(link);
    if (data.excerpt) {
      item.appendChild(excerpt(data.excerpt));
    } else if (meta.description) {
      var description = document.createElement("p");
      description.className = "search-excerpt";
      description.textContent = meta.description;
      item.appendChild(description);
    }
    var about = document.createElement("p");
    about.className = "search-result-meta";
    if (meta.reviewed) {
      about.appendChild(document.createTextNode("Last reviewed "));
      var time = document.createElement("time");
      time.dateTime = meta.reviewed_iso || "";
      time.textContent = meta.reviewed;
      about.appendChild(time);
    } else {
      about.appendChild(document.createTextNode("Not reviewed yet"));
    }
    if (meta.section) {
      about.appendChild(document.createTextNode(" · " + meta.section));
    }
    item.appendChild(about);
    return item;
  }

  function setUp(form) {
    var kind = form.getAttribute("data-search");
    var input = form.querySelector("input[name=q]");
    var status = form.parentNode.querySelector("[data-search-status]");
    var results = form.parentNode.querySelector("[data-search-results]");
    if (kind === "header") {
      status = form.querySelector("[data-search-status]");
      results = form.querySelector("[data-search-results]");
    }
    var popup = form.querySelector("[data-search-popup]");
    var limit = kind === "header" ? 5 : 20;
    var asked = 0;
    var timer = null;

    function show(open) {
      if (popup) popup.hidden = !open;
    }

    function run() {
      var query = input.value.trim();
      var number = ++asked;
      if (kind === "page") {
        var address = new URL(window.location.href);
        if (query) address.searchParams.set("q", query);
        else address.searchParams.delete("q");
        window.history.replaceState(null, "", address);
      }
      if (!query) {
        results.replaceChildren();
        status.textContent = "";
        show(false);
        return;
      }
      show(true);
      engine().then(function (pagefind) {
        return pagefind.search(query);
      }).then(function (found) {
        if (!found || number !== asked) return null;
        return Promise.all(found.results.slice(0, limit).map(function (r) { return r.data(); }))
          .then(function (pages) { return { total: found.results.length, pages: pages }; });
      }).then(function (found) {
        if (!found || number !== asked) return;
        var list = document.createElement("ol");
        list.className = "search-list";
        found.pages.forEach(function (data) { list.appendChild(result(data, query)); });
        var children = found.pages.length ? [list] : [];
        if (kind === "header" && found.total > found.pages.length) {
          var all = document.createElement("a");
          all.className = "search-all";
          all.href = form.action + "?q=" + encodeURIComponent(query);
          all.textContent = "All " + found.total + " results for “" + query + "”";
          children.push(all);
        }
        results.replaceChildren.apply(results, children);
        var shown = found.total === 1 ? "1 result" : found.total + " results";
        status.textContent = found.total ? shown + " for “" + query + "”" : "No pages found for “" + query + "”. Try fewer or other words.";
      }).catch(function () {
        if (number !== asked) return;
        results.replaceChildren();
        status.textContent = "Search could not load. Check your connection and try again.";
      });
    }

    if (results.id) input.setAttribute("aria-controls", results.id);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 80);
    });
    input.addEventListener("focus", function () { engine().catch(function () {}); });
    form.addEventListener("submit", function (event) {
      if (kind === "page") {
        event.preventDefault();
        clearTimeout(timer);
        run();
      }
    });
    // The page's results are outside its form: keys are heard on what holds both.
    var area = kind === "page" ? form.parentNode : form;
    area.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(results.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape" && popup && !popup.hidden) {
        show(false);
        input.focus();
        event.preventDefault();
      } else if (event.key === "ArrowDown" && links.length) {
        show(true);
        links[Math.min(at + 1, links.length - 1)].focus();
        event.preventDefault();
      } else if (event.key === "ArrowUp" && at >= 0) {
        if (at === 0) input.focus();
        else links[at - 1].focus();
        event.preventDefault();
      }
    });
    if (popup) {
      form.addEventListener("focusout", function (event) {
        if (!form.contains(event.relatedTarget)) show(false);
      });
      input.addEventListener("focus", function () {
        if (input.value.trim() && results.firstChild) show(true);
      });
    }
    if (kind === "page") {
      var query = new URL(window.location.href).searchParams.get("q");
      if (query) {
        input.value = query;
        input.focus();
        run();
      }
    }
  }

  document.querySelectorAll("form[data-search]").forEach(setUp);
})();
