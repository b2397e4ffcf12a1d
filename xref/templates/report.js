// xref report: filters, search, paragraph popups and in-page jumps.
// Reads the embedded JSON once; builds DOM nodes and sets textContent, never parses strings as HTML.
(function () {
  "use strict";
  var SEP = "\u0001";
  var data = JSON.parse(document.getElementById("xref-data").textContent);
  var pairs = data.pairs || [];
  var articles = new Map();
  (data.articles || []).forEach(function (a) { articles.set(String(a.id), a); });
  var sentences = new Map();
  var paragraphs = new Map();
  (data.sentences || []).forEach(function (s) {
    sentences.set(s.article + SEP + s.index, s);
    var key = s.article + SEP + s.paragraph;
    if (!paragraphs.has(key)) paragraphs.set(key, []);
    paragraphs.get(key).push(s);
  });
  paragraphs.forEach(function (list) { list.sort(function (a, b) { return a.index - b.index; }); });

  var form = document.getElementById("filters");
  var conflictCards = Array.prototype.slice.call(document.querySelectorAll("#conflict-list > .card[data-pi]"));
  var claimCards = Array.prototype.slice.call(document.querySelectorAll("#claim-list > .card[data-pis]"));
  var FIELDS = ["type", "reading", "article", "topic", "min", "q"];
  var haystacks = null;

  function field(name) { return form.elements.namedItem(name); }

  function side(p, name) { return p[name] || {}; }

  function topicsOf(p) {
    var found = [p.topic];
    ["a", "b"].forEach(function (name) {
      var s = sentences.get(side(p, name).article + SEP + side(p, name).index);
      if (s) found.push(s.topic);
    });
    return found.filter(function (t) { return t !== null && t !== undefined; }).map(String);
  }

  // Lowercased text per pair, built on the first search so a plain page load stays cheap.
  function haystack(i) {
    if (!haystacks) {
      haystacks = pairs.map(function (p) {
        var parts = [side(p, "a").text, side(p, "b").text, p.type, p.temporal].concat(p.reasons || []);
        ["a", "b"].forEach(function (name) {
          var a = articles.get(String(side(p, name).article));
          if (a) parts.push(a.title, a.source);
        });
        return parts.filter(Boolean).join("\n").toLowerCase();
      });
    }
    return haystacks[i];
  }

  function readState() {
    var st = {};
    FIELDS.forEach(function (name) { st[name] = String(field(name).value || "").trim(); });
    st.minValue = parseFloat(st.min) || 0;
    if (st.minValue <= 0) st.min = "";
    st.terms = st.q.toLowerCase().split(/\s+/).filter(Boolean);
    return st;
  }

  // Filters shared by conflicts and matches; type and reading only make sense for conflicts.
  function passesCommon(i, st) {
    var p = pairs[i];
    if (!p) return false;
    if (st.minValue > 0 && !(Number(p.score) >= st.minValue)) return false;
    if (st.article && String(side(p, "a").article) !== st.article && String(side(p, "b").article) !== st.article) return false;
    if (st.topic && topicsOf(p).indexOf(st.topic) < 0) return false;
    if (st.terms.length) {
      var text = haystack(i);
      for (var k = 0; k < st.terms.length; k++) if (text.indexOf(st.terms[k]) < 0) return false;
    }
    return true;
  }

  function passesConflict(i, st) {
    var p = pairs[i];
    if (!p) return false;
    if (st.type && String(p.type) !== st.type) return false;
    if (st.reading && String(p.temporal) !== st.reading) return false;
    return passesCommon(i, st);
  }

  function setCount(id, shown, total, noun) {
    document.getElementById(id).textContent = "Showing " + shown + " of " + total + " " + noun;
  }

  function apply(writeHash) {
    var st = readState();
    var shown = 0;
    conflictCards.forEach(function (card) {
      var ok = passesConflict(Number(card.dataset.pi), st);
      if (card.hidden === ok) card.hidden = !ok;
      if (ok) shown++;
    });
    setCount("conflict-count", shown, conflictCards.length, "conflicts");
    document.getElementById("conflict-empty").hidden = shown > 0 || conflictCards.length === 0;
    var shownClaims = 0;
    claimCards.forEach(function (card) {
      var ok = card.dataset.pis.split(" ").some(function (i) { return passesCommon(Number(i), st); });
      if (card.hidden === ok) card.hidden = !ok;
      if (ok) shownClaims++;
    });
    setCount("claim-count", shownClaims, claimCards.length, "claims");
    document.getElementById("claim-empty").hidden = shownClaims > 0 || claimCards.length === 0;
    field("min-out").value = (st.minValue || 0).toFixed(2);
    if (writeHash) writeState(st);
  }

  // Filter state lives in the hash ("#type=modality&q=patriot") so a reload or a shared link keeps it.
  function writeState(st) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (st[name]) params.set(name, st[name]); });
    var hash = params.toString();
    var url = location.href.split("#")[0] + (hash ? "#" + hash : "");
    try {
      history.replaceState(null, "", url);
    } catch (e) {
      location.replace(hash ? "#" + hash : "#");
    }
  }

  function readHash() {
    var raw = location.hash.slice(1);
    if (raw.indexOf("=") < 0) return false;
    var params = new URLSearchParams(raw);
    FIELDS.forEach(function (name) {
      var el = field(name);
      var value = params.get(name) || "";
      el.value = name === "min" ? String(parseFloat(value) || 0) : value;
      if (el.tagName === "SELECT" && el.value !== value) el.value = "";
    });
    return true;
  }

  function revealAncestors(el) {
    for (var d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
  }

  function jumpTo(el) {
    revealAncestors(el);
    if (el.closest(".card[hidden]")) {
      form.reset();
      apply(true);
    }
    var target = el.tagName === "DETAILS" ? el.querySelector("summary") : el;
    el.scrollIntoView({ block: "start" });
    if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|SUMMARY|INPUT|SELECT)$/.test(target.tagName)) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: true });
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
  }

  function onLinkClick(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var el = id && document.getElementById(id);
    if (!el) return;
    event.preventDefault();  // keep the filter state in the hash instead of the anchor
    jumpTo(el);
  }

  function buildContext(button) {
    var box = document.createElement("div");
    box.className = "context";
    var s = sentences.get(button.dataset.article + SEP + button.dataset.index);
    if (!s) {
      box.textContent = "This sentence's paragraph is not in the report.";
      return box;
    }
    var article = articles.get(String(s.article));
    var head = document.createElement("p");
    head.className = "context-head";
    head.textContent = "Paragraph " + (Number(s.paragraph) + 1) + " of \u201c" + (article ? article.title : s.article) + "\u201d";
    var para = document.createElement("p");
    (paragraphs.get(s.article + SEP + s.paragraph) || [s]).forEach(function (other, k) {
      if (k) para.appendChild(document.createTextNode(" "));
      var node = document.createElement(other.index === s.index ? "mark" : "span");
      if (other.index === s.index) node.className = "here";
      node.textContent = other.text;
      para.appendChild(node);
    });
    var more = document.createElement("p");
    more.className = "context-head";
    var link = document.createElement("a");
    link.href = "#" + button.dataset.s;
    link.textContent = "Read it in the whole article";
    more.appendChild(link);
    box.append(head, para, more);
    return box;
  }

  function toggleContext(button) {
    var next = button.nextElementSibling;
    if (next && next.classList.contains("context")) {
      next.remove();
      button.setAttribute("aria-expanded", "false");
      return;
    }
    button.after(buildContext(button));
    button.setAttribute("aria-expanded", "true");
  }

  function onChip(chip) {
    field(chip.dataset.filter).value = chip.dataset.value;
    apply(true);
    jumpTo(document.getElementById("conflicts"));
  }

  // Printing shows everything: open every <details>, and close them again afterwards.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.sent");
    if (button) return toggleContext(button);
    var chip = event.target.closest("button.chip[data-filter]");
    if (chip) return onChip(chip);
    onLinkClick(event);
  });
  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  window.addEventListener("hashchange", function () { if (readHash()) apply(false); });

  form.hidden = false;
  var fromHash = readHash();
  apply(false);
  if (!fromHash && location.hash.length > 1) {
    var start = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (start) jumpTo(start);
  }
  document.documentElement.setAttribute("data-ready", String(Math.round(performance.now())));
})();
