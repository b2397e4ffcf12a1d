// xref report: filters, search, "show more", paragraph popups, lazily built bodies, in-page jumps.
// Reads the embedded JSON once. Builds DOM nodes and sets textContent; never parses strings as HTML.
// Cards and bodies it builds mirror the server's markup in report.html.j2 (a browser test compares them).
(function () {
  "use strict";
  var SEP = "\u0001";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // ---------------------------------------------------------------- data and lookups
  function records(list) {  // render.py skips entries that are not objects; keep indices in step
    return (Array.isArray(list) ? list : []).filter(function (x) { return x && typeof x === "object" && !Array.isArray(x); });
  }
  var data = JSON.parse(document.getElementById("xref-data").textContent);
  var pairs = records(data.pairs);
  var articles = new Map();
  records(data.articles).forEach(function (a) { articles.set(String(a.id), a); });
  var sentences = new Map();
  var paragraphs = new Map();
  records(data.sentences).forEach(function (s) {
    sentences.set(s.article + SEP + s.index, s);
    var key = s.article + SEP + s.paragraph;
    if (!paragraphs.has(key)) paragraphs.set(key, []);
    paragraphs.get(key).push(s);
  });
  paragraphs.forEach(function (list) { list.sort(function (a, b) { return a.index - b.index; }); });
  var topics = new Map();  // same first-position, last-value semantics as the Python dict
  records(data.topics).forEach(function (t) { topics.set(t.id, t); });
  var topicDom = new Map();
  Array.from(topics.keys()).forEach(function (id, n) { topicDom.set(id, "topic-" + n); });

  var articleInfo = new Map();
  document.querySelectorAll("details.article[data-article]").forEach(function (d) {
    articleInfo.set(d.dataset.article, { dom: d.id, pos: d.id.replace(/^art-/, ""), colour: d.dataset.colour });
  });

  function side(p, name) { return p[name] || {}; }

  // Pair DOM ids exactly as render.py's _unique_doms makes them.
  var pairIds = pairs.map(function (p, n) { return p.id === undefined || p.id === null ? String(n) : String(p.id); });
  var pairDom = [];
  (function () {
    var seen = new Set();
    pairIds.forEach(function (id, n) {
      var dom = "pair-" + Array.from(id.replace(/[^A-Za-z0-9_-]/gu, "_")).slice(0, 40).join("");
      if (seen.has(dom)) dom += "-" + n;
      seen.add(dom);
      pairDom.push(dom);
    });
  })();

  var conflictList = document.getElementById("conflict-list");
  var claimList = document.getElementById("claim-list");
  var conflictOrder = numbers(conflictList.dataset.order);
  var claimGroups = (claimList.dataset.claims || "").split(",").filter(Boolean).map(numbers);
  var pairTarget = [];  // where a sentence's tag for this pair links: its conflict card or its claim
  conflictOrder.forEach(function (i) { pairTarget[i] = pairDom[i]; });
  claimGroups.forEach(function (group) {
    group.forEach(function (i) { pairTarget[i] = "claim-" + pairDom[group[0]]; });
  });

  function numbers(text) { return String(text || "").split(" ").filter(Boolean).map(Number); }

  function toInt(value) {  // render.py's _int: an index that is not a number becomes -1
    var n = parseInt(value, 10);
    return isNaN(n) ? -1 : n;
  }

  // ---------------------------------------------------------------- small DOM and format helpers
  function node(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function link(href, cls, text) {
    var a = node("a", cls, text);
    a.setAttribute("href", href);
    return a;
  }

  function dot(colour) {
    var d = node("span", "dot");
    d.style.setProperty("--c", colour || "#888");
    d.setAttribute("aria-hidden", "true");
    return d;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function fmtDate(value) {
    if (!value) return "undated";
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
    return m && MONTHS[Number(m[2]) - 1] ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : String(value);
  }

  function fmtScore(value) {
    return value === null || value === undefined ? "–" : (Number(value) || 0).toFixed(2);
  }

  function truncate(text, length) {  // Jinja's truncate filter, so both paths cut titles alike
    text = String(text);
    if (text.length <= length + 5) return text;
    var cut = text.slice(0, length - 3);
    var space = cut.lastIndexOf(" ");
    return (space > 0 ? cut.slice(0, space) : cut) + "...";
  }

  function articleMeta(id) {
    var a = articles.get(String(id)) || {};
    var info = articleInfo.get(String(id)) || {};
    return { id: String(id), title: String(a.title || id || "untitled"), source: String(a.source || "unknown source"),
      published: a.published, dom: info.dom || "", pos: info.pos, colour: info.colour };
  }

  // Highlight [start, end) spans (code-point offsets): clamp, merge, then one text node per piece.
  function marked(text, spans) {
    var chars = Array.from(String(text || ""));
    var ranges = (Array.isArray(spans) ? spans : []).filter(function (s) {
      return Array.isArray(s) && s.length === 2 && Number.isInteger(s[0]) && Number.isInteger(s[1]);
    }).map(function (s) { return [Math.max(0, s[0]), Math.min(chars.length, s[1])]; })
      .filter(function (s) { return s[0] < s[1]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    var out = [];
    var cursor = 0;
    merged.forEach(function (r) {
      if (r[0] > cursor) out.push(document.createTextNode(chars.slice(cursor, r[0]).join("")));
      out.push(node("mark", null, chars.slice(r[0], r[1]).join("")));
      cursor = r[1];
    });
    if (cursor < chars.length || !out.length) out.push(document.createTextNode(chars.slice(cursor).join("")));
    return out;
  }

  function sourceLine(id, later) {
    var meta = articleMeta(id);
    var p = node("p", "src");
    var when = node("time", null, fmtDate(meta.published));
    if (meta.published) when.setAttribute("datetime", meta.published);
    var small = node("span", "src-meta", meta.source + " · ");
    small.appendChild(when);
    p.append(dot(meta.colour), link("#" + meta.dom, "src-title", meta.title), " ", small);
    if (later) p.append(" ", node("span", "tag-later", "later"));
    return p;
  }

  function sentenceButton(ref, spans) {
    var b = node("button", "sent");
    b.type = "button";
    b.dataset.article = String(ref.article);
    b.dataset.index = String(toInt(ref.index));
    b.dataset.s = "s-" + articleMeta(ref.article).pos + "-" + b.dataset.index;
    b.setAttribute("aria-expanded", "false");
    b.title = "Show the surrounding paragraph";
    b.append.apply(b, marked(ref.text, spans));
    return b;
  }

  function spansOf(p, name) { return p.spans && typeof p.spans === "object" ? p.spans[name] : null; }

  // ---------------------------------------------------------------- cards built on demand
  function buildConflict(i) {
    var p = pairs[i];
    var later = p.later && articles.has(String(p.later)) ? String(p.later) : null;
    var left = "a";
    var right = "b";
    if (rightIsEarlier(p, later)) { left = "b"; right = "a"; }
    var card = node("li", "card conflict");
    card.id = pairDom[i];
    card.dataset.pi = String(i);
    card.tabIndex = -1;
    var head = node("div", "card-head");
    var badges = node("h3", "badges");
    var type = String(p.type || "other");
    badges.appendChild(node("span", "badge type t-" + type, type));
    if (p.temporal) badges.append(" ", node("span", "badge r-" + p.temporal, p.temporal));
    if (later) {
      var meta = articleMeta(later);
      badges.append(" ", node("span", "later-note", "later: " + truncate(meta.title, 70) + " (" + fmtDate(meta.published) + ")"));
    }
    var score = node("p", "score", "score ");
    score.append(node("strong", null, fmtScore(p.score)), " · similarity " + fmtScore(p.similarity));
    if (topics.has(p.topic)) {
      score.append(" · topic ", link("#" + topicDom.get(p.topic), null, topics.get(p.topic).label || "topic " + p.topic));
    }
    score.append(" · ", link("#" + pairDom[i], "pid", pairIds[i]));
    head.append(badges, score);
    var sides = node("div", "sides");
    [left, right].forEach(function (name) {
      var ref = side(p, name);
      var isLater = later !== null && String(ref.article) === later;
      var box = node("div", isLater ? "side is-later" : "side");
      box.append(sourceLine(ref.article, isLater), sentenceButton(ref, spansOf(p, name)));
      sides.appendChild(box);
    });
    card.append(head, sides);
    if (p.reasons && p.reasons.length) {
      var reasons = node("ul", "reasons");
      p.reasons.forEach(function (r) { reasons.appendChild(node("li", null, r)); });
      card.appendChild(reasons);
    }
    if (p.agreements && p.agreements.length) {  // the same markup as the template's "Also agree" line
      var agree = node("p", "agreements");
      agree.append(node("span", "agree-label", "Also agree:"), " " + p.agreements.map(String).join("; "));
      card.appendChild(agree);
    }
    return card;
  }

  function rightIsEarlier(p, later) {
    var a = String(side(p, "a").article);
    var b = String(side(p, "b").article);
    if (later !== null && (later === a || later === b)) return a === later;
    var da = dateKey(articleMeta(a).published);
    var db = dateKey(articleMeta(b).published);
    return da !== null && db !== null && db < da;
  }

  function dateKey(value) {
    var m = /^\d{4}-\d{2}-\d{2}/.exec(String(value || ""));
    return m ? m[0] : null;
  }

  function buildClaim(k) {
    var group = claimGroups[k];
    var members = new Map();
    group.forEach(function (i) {
      ["a", "b"].forEach(function (name) {
        var ref = side(pairs[i], name);
        var key = String(ref.article) + SEP + toInt(ref.index);
        var member = members.get(key) || { ref: null, spans: [] };
        member.ref = ref;
        member.spans = member.spans.concat(Array.isArray(spansOf(pairs[i], name)) ? spansOf(pairs[i], name) : []);
        members.set(key, member);
      });
    });
    var list = Array.from(members.values()).sort(function (x, y) {
      return Number(articleMeta(x.ref.article).pos) - Number(articleMeta(y.ref.article).pos) ||
        toInt(x.ref.index) - toInt(y.ref.index);
    });
    var sources = new Set(list.map(function (m) { return articleMeta(m.ref.article).source.toLowerCase(); })).size;
    var count = new Set(list.map(function (m) { return String(m.ref.article); })).size;
    var scores = group.map(function (i) { return Number(pairs[i].score) || 0; });
    var card = node("li", "card claim");
    card.id = "claim-" + pairDom[group[0]];
    card.dataset.k = String(k);
    card.dataset.pis = group.join(" ");
    card.tabIndex = -1;
    var head = node("div", "card-head");
    var badges = node("h3", "badges");
    badges.append(node("span", "badge sources", plural(sources, "independent source", "independent sources")), " ",
      node("span", "claim-sub", plural(count, "article", "articles") + " · " + list.length + " sentences"));
    var range = fmtScore(Math.min.apply(null, scores)) + (scores.length > 1 ? "–" + fmtScore(Math.max.apply(null, scores)) : "");
    head.append(badges, node("p", "score", plural(group.length, "matched pair", "matched pairs") + " · score " + range));
    var ul = node("ul", "members");
    list.forEach(function (m) {
      var li = node("li", "side");
      li.append(sourceLine(m.ref.article, false), sentenceButton(m.ref, m.spans));
      ul.appendChild(li);
    });
    card.append(head, ul);
    return card;
  }

  // ---------------------------------------------------------------- lists with paging
  // Only the first `limit` matching cards are shown ("Show more" adds a page): thousands of laid-out
  // cards would make opening and filtering slow. A card reached by a link is pinned visible.
  var pageSize = Number(document.getElementById("conflicts").dataset.pageSize) || 50;

  function makeList(kind, listEl, keys, build, noun) {
    var built = new Map();
    var rank = new Map();
    keys.forEach(function (key, n) { rank.set(key, n); });
    Array.prototype.forEach.call(listEl.children, function (card) {
      built.set(Number(kind === "conflict" ? card.dataset.pi : card.dataset.k), card);
    });
    return { kind: kind, listEl: listEl, keys: keys, built: built, rank: rank, build: build, noun: noun,
      limit: pageSize, pinned: null };
  }

  var lists = {
    conflict: makeList("conflict", conflictList, conflictOrder, buildConflict, "conflicts"),
    claim: makeList("claim", claimList, claimGroups.map(function (_, k) { return k; }), buildClaim, "claims"),
  };

  function cardFor(list, key) {
    var card = list.built.get(key);
    if (!card) {
      card = list.build(key);
      list.built.set(key, card);
      list.dirty = true;
    }
    return card;
  }

  function showList(list, test, all) {
    var matching = 0;
    var show = new Set();
    list.keys.forEach(function (key) {
      if (!test(key)) return;
      matching++;
      if (all || matching <= list.limit) show.add(key);
    });
    if (list.pinned !== null) show.add(list.pinned);
    show.forEach(function (key) { cardFor(list, key); });
    if (list.dirty) {  // keep the built cards in display order
      Array.from(list.built.keys()).sort(function (a, b) { return list.rank.get(a) - list.rank.get(b); })
        .forEach(function (key) { list.listEl.appendChild(list.built.get(key)); });
      list.dirty = false;
    }
    list.built.forEach(function (card, key) {
      var visible = show.has(key);
      if (card.hidden === visible) card.hidden = !visible;
    });
    updateCount(list, matching, show.size);
  }

  function updateCount(list, matching, shown) {
    var total = list.keys.length;
    var text = "Showing " + shown + " of " + total + " " + list.noun;
    if (matching !== total && shown < matching) {
      text = "Showing " + shown + " of " + matching + " matching " + list.noun + " (" + total + " in all)";
    } else if (matching !== total) {
      text = "Showing " + matching + " of " + total + " " + list.noun;
    }
    document.getElementById(list.kind + "-count").textContent = text;
    document.getElementById(list.kind + "-empty").hidden = matching > 0 || total === 0;
    var more = document.getElementById(list.kind + "-more");
    var left = Math.max(0, matching - Math.min(matching, list.limit));
    more.hidden = left <= 0;
    more.textContent = "Show " + Math.min(left, pageSize) + " more " + list.noun + " (" + left + " not shown)";
  }

  // ---------------------------------------------------------------- filters
  var form = document.getElementById("filters");
  var FIELDS = ["type", "reading", "article", "topic", "min", "q"];
  var haystacks = null;

  function field(name) { return form.elements.namedItem(name); }

  function topicsOf(p) {
    var found = [p.topic];
    ["a", "b"].forEach(function (name) {
      var s = sentences.get(side(p, name).article + SEP + side(p, name).index);
      if (s) found.push(s.topic);
    });
    return found.filter(function (t) { return t !== null && t !== undefined; }).map(String);
  }

  // Lowercased text per pair, built on the first search so opening the page stays cheap.
  function haystack(i) {
    if (!haystacks) {
      haystacks = pairs.map(function (p) {
        var parts = [side(p, "a").text, side(p, "b").text, p.type, p.temporal]
          .concat(p.reasons || [], p.agreements || []);
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
    if (st.type && String(p.type || "other") !== st.type) return false;
    if (st.reading && String(p.temporal) !== st.reading) return false;
    return passesCommon(i, st);
  }

  function passesClaim(k, st) {
    return claimGroups[k].some(function (i) { return passesCommon(i, st); });
  }

  function apply(writeHash, all) {
    var st = readState();
    showList(lists.conflict, function (i) { return passesConflict(i, st); }, all);
    showList(lists.claim, function (k) { return passesClaim(k, st); }, all);
    field("min-out").value = (st.minValue || 0).toFixed(2);
    if (writeHash) writeState(st);
  }

  function filtersChanged() {
    lists.conflict.limit = lists.claim.limit = pageSize;
    lists.conflict.pinned = lists.claim.pinned = null;
    apply(true);
  }

  function clearFields() {
    FIELDS.forEach(function (name) { field(name).value = name === "min" ? "0" : ""; });
    lists.conflict.limit = lists.claim.limit = pageSize;
  }

  // Filter state lives in the hash ("#type=modality&q=patriot") so a reload or a shared link keeps it.
  function writeState(st) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (st[name]) params.set(name, st[name]); });
    var hash = params.toString();
    try {
      history.replaceState(null, "", location.href.split("#")[0] + (hash ? "#" + hash : ""));
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

  // ---------------------------------------------------------------- topic and article bodies
  // Long reports ship topic and article bodies empty ([data-lazy]); they are built on first open.
  var refIndex = null;

  function refsOf(article, index) {
    if (!refIndex) {
      refIndex = new Map();
      pairs.forEach(function (p, i) {
        if (!pairTarget[i]) return;
        var conflict = p.label === "conflict";
        [["a", "b"], ["b", "a"]].forEach(function (ab) {
          var me = side(p, ab[0]);
          var other = side(p, ab[1]);
          var key = me.article + SEP + me.index;
          if (!refIndex.has(key)) refIndex.set(key, []);
          var list = refIndex.get(key);
          var ref = list.filter(function (r) { return r.dom === pairTarget[i]; })[0];
          if (!ref) {
            ref = { dom: pairTarget[i], label: conflict ? "conflict" : "match", kind: conflict ? String(p.type || "other") : "match",
              temporal: conflict ? p.temporal : null, others: [] };
            list.push(ref);
          }
          ref.others.push([String(other.article), String(other.text || "")]);
        });
      });
    }
    return refIndex.get(article + SEP + index) || [];
  }

  function refLink(ref, n) {
    var text = ref.label + (ref.label === "conflict" ? " · " + ref.kind : "") + (n ? " " + n : "");
    return link("#" + ref.dom, "ref ref-" + ref.label, text);
  }

  function noteBox(ref, n) {
    var box = node("div", "note note-" + ref.label);
    var head = node("p", "note-head");
    head.appendChild(refLink(ref, n));
    if (ref.temporal) head.append(" ", node("span", "badge r-" + ref.temporal, ref.temporal));
    box.appendChild(head);
    ref.others.forEach(function (other) {
      var meta = articleMeta(other[0]);
      var src = node("p", "note-src");
      src.append(dot(meta.colour), truncate(meta.title, 60) + " · " + fmtDate(meta.published));
      box.append(src, node("p", "note-text", other[1]));
    });
    return box;
  }

  function articleParagraphs(id) {
    var byNumber = new Map();
    sentences.forEach(function (s) {
      if (String(s.article) !== id) return;
      var number = toInt(s.paragraph);
      if (!byNumber.has(number)) byNumber.set(number, []);
      byNumber.get(number).push(s);
    });
    return Array.from(byNumber.keys()).sort(function (a, b) { return a - b; }).map(function (k) {
      return byNumber.get(k).sort(function (a, b) { return a.index - b.index; });
    });
  }

  function renderArticle(box, id) {
    var pos = articleMeta(id).pos;
    var count = 0;
    var paras = articleParagraphs(id);
    paras.forEach(function (para) {
      var row = node("div", "prow");
      var title = Boolean(para[0].is_title);
      var text = node(title ? "h4" : "p", title ? "ptext ptitle" : "ptext");
      var notes = node("div", "pnotes");
      notes.setAttribute("aria-label", "What other articles say");
      para.forEach(function (s, k) {
        var span = node("span", "s st-" + (s.status || "unique"), s.text || "");
        span.id = "s-" + pos + "-" + s.index;
        span.tabIndex = -1;
        text.appendChild(span);
        refsOf(s.article, s.index).forEach(function (ref) {
          count++;
          text.appendChild(refLink(ref, count));
          notes.appendChild(noteBox(ref, count));
        });
        if (k < para.length - 1) text.append(" ");
      });
      row.appendChild(text);
      if (notes.childElementCount) row.appendChild(notes);
      box.appendChild(row);
    });
    if (!paras.length) box.appendChild(node("p", "empty-static", "No sentences of this article are in the report."));
  }

  function renderTopic(box, id) {
    var topic = Array.from(topics.values()).filter(function (t) { return String(t.id) === id; })[0];
    if (!topic) return;
    var groups = new Map();
    records(topic.sentences).forEach(function (ref) {
      var key = String(ref.article);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(ref);
    });
    Array.from(groups.keys()).sort(function (a, b) {
      return Number(articleMeta(a).pos || 1e9) - Number(articleMeta(b).pos || 1e9);
    }).forEach(function (aid) {
      var group = node("div", "tgroup");
      var list = node("ul");
      groups.get(aid).sort(function (a, b) { return a.index - b.index; }).forEach(function (ref) {
        var s = sentences.get(aid + SEP + ref.index);
        var item = node("li", "tsent st-" + ((s && s.status) || "unique"));
        var target = s ? "#s-" + articleMeta(aid).pos + "-" + s.index : "#";
        item.append(link(target, "tlink", s ? s.text || "" : "(sentence not in report)"), " ");
        refsOf(aid, ref.index).forEach(function (r) { item.appendChild(refLink(r, 0)); });
        list.appendChild(item);
      });
      group.append(sourceLine(aid, false), list);
      box.appendChild(group);
    });
  }

  function renderLazy(details) {
    var box = details.querySelector(":scope > [data-lazy], :scope > .abody > [data-lazy]");
    if (!box || box.dataset.done) return;
    box.dataset.done = "1";
    if (box.dataset.lazy === "article") renderArticle(box, details.dataset.article);
    else renderTopic(box, details.dataset.topic);
  }

  // ---------------------------------------------------------------- paragraph popups
  function buildContext(button) {
    var box = node("div", "context");
    var s = sentences.get(button.dataset.article + SEP + button.dataset.index);
    if (!s) {
      box.textContent = "This sentence's paragraph is not in the report.";
      return box;
    }
    var head = node("p", "context-head", "Paragraph " + (Number(s.paragraph) + 1) + " of \u201c" + articleMeta(s.article).title + "\u201d");
    var para = node("p");
    (paragraphs.get(s.article + SEP + s.paragraph) || [s]).forEach(function (other, k) {
      if (k) para.append(" ");
      var here = other.index === s.index;
      para.appendChild(node(here ? "mark" : "span", here ? "here" : "", other.text));
    });
    var more = node("p", "context-head");
    more.appendChild(link("#" + button.dataset.s, null, "Read it in the whole article"));
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

  // ---------------------------------------------------------------- in-page navigation
  // Targets may not exist yet: a card past the current page, or a sentence in an unbuilt body.
  function findTarget(id) {
    var el = document.getElementById(id);
    if (el) return el;
    var m = /^s-(\d+)-\d+$/.exec(id);
    if (m) {
      var details = document.getElementById("art-" + m[1]);
      if (details) renderLazy(details);
      return document.getElementById(id);
    }
    var i = pairDom.indexOf(id);
    if (i >= 0 && lists.conflict.rank.has(i)) return revealCard(lists.conflict, i, passesConflict);
    var k = claimGroups.findIndex(function (g) { return "claim-" + pairDom[g[0]] === id; });
    if (k >= 0) return revealCard(lists.claim, k, passesClaim);
    return null;
  }

  function revealCard(list, key, passes) {
    if (!passes(key, readState())) {
      clearFields();  // the filters hide it: clear them rather than jump nowhere
      writeState(readState());
    }
    list.pinned = key;
    apply(false);
    return list.built.get(key);
  }

  function revealAncestors(el) {
    for (var d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      renderLazy(d);
      d.open = true;
    }
  }

  function jumpTo(el) {
    revealAncestors(el);
    var card = el.closest(".card");
    if (card && card.hidden) {
      var list = card.classList.contains("conflict") ? lists.conflict : lists.claim;
      var key = Number(list === lists.conflict ? card.dataset.pi : card.dataset.k);
      el = revealCard(list, key, list === lists.conflict ? passesConflict : passesClaim) || el;
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
    var anchor = event.target.closest("a[href^='#']");
    if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    var id = decodeURIComponent(anchor.getAttribute("href").slice(1));
    var el = id && findTarget(id);
    if (!el) return;
    event.preventDefault();  // keep the filter state in the hash instead of the anchor
    jumpTo(el);
  }

  function onChip(chip) {
    field(chip.dataset.filter).value = chip.dataset.value;
    filtersChanged();
    jumpTo(document.getElementById("conflicts"));
  }

  // ---------------------------------------------------------------- print: everything, opened
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    apply(false, true);
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      renderLazy(d);
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
    apply(false);
  });

  // ---------------------------------------------------------------- wiring
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.sent");
    if (button) return toggleContext(button);
    var chip = event.target.closest("button.chip[data-filter]");
    if (chip) return onChip(chip);
    var more = event.target.closest("button.more[data-more]");
    if (more) {
      lists[more.dataset.more].limit += pageSize;
      return apply(false);
    }
    onLinkClick(event);
  });
  document.addEventListener("toggle", function (event) {
    if (event.target.open) renderLazy(event.target);
  }, true);
  form.addEventListener("input", filtersChanged);
  form.addEventListener("change", filtersChanged);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(filtersChanged, 0); });
  window.addEventListener("hashchange", function () {
    if (readHash()) {
      lists.conflict.pinned = lists.claim.pinned = null;
      apply(false);
    }
  });

  var filterBox = document.getElementById("filter-box");
  filterBox.hidden = false;
  var fromHash = readHash();
  if (window.matchMedia("(max-width: 640px)").matches) {  // a phone starts closer to the first conflict
    document.getElementById("sources").open = false;
    filterBox.open = fromHash;
  }
  apply(false);
  if (!fromHash && location.hash.length > 1) {
    var start = findTarget(decodeURIComponent(location.hash.slice(1)));
    if (start) jumpTo(start);
  }
  document.documentElement.setAttribute("data-ready", String(Math.round(performance.now())));
})();
