/* auditor report: selection, filters, n/p navigation and the review loop.
 * The page is rendered by the server side templates; this script only toggles classes and
 * attributes and writes text with textContent (never innerHTML), so document text can
 * never become markup. Decisions go to `auditor serve` when the page is served over http,
 * else to localStorage with an export button. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("auditor-data").textContent);
  var STORAGE_KEY = "auditor-decisions/v1";
  var REVIEWER_KEY = "auditor-reviewer";
  var ACTIONS = { confirm: "confirmed", dismiss: "dismissed", fixed: "fixed" };
  var RESOLVED = { dismissed: true, fixed: true };
  var RANK = { none: 0, low: 1, medium: 2, high: 3 };
  var LABELS = DATA.statusLabels || {};
  var SEVERITIES = ["high", "medium", "low"];

  var mode = "local";
  var decisions = {};

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }
  function one(selector, root) {
    return (root || document).querySelector(selector);
  }
  function status(d) {
    return d && d.status && d.status !== "open" ? d.status : "";
  }
  function keyOf(d) {
    return d.document + "/" + d.sentence_sha + "/" + d.code;
  }
  function newer(a, b) {
    return !b || (a && String(a.updated_at || "") > String(b.updated_at || ""));
  }
  function readLocal() {
    try {
      var parsed = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}");
      return parsed && typeof parsed === "object" ? parsed : {};
    } catch (e) {
      return {};
    }
  }
  function writeLocal(map) {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(map));
      return true;
    } catch (e) {
      return false;
    }
  }
  function mergeNewer(target, source) {
    Object.keys(source).forEach(function (k) {
      if (newer(source[k], target[k])) target[k] = source[k];
    });
  }

  function banner(text, isError) {
    all("[data-mode-banner]").forEach(function (el) {
      el.textContent = text;
      el.hidden = !text;
      el.classList.toggle("error", !!isError);
    });
  }

  // ---- loading decisions -----------------------------------------------------------
  function startLocal() {
    mode = "local";
    mergeNewer(decisions, readLocal());
    all("[data-export]").forEach(function (b) { b.hidden = false; });
    banner("Opened as a file: your decisions are kept in this browser only. " +
      "Use \u201cExport decisions\u201d and give the file to `auditor review import` to share them.");
    refreshAll();
  }

  function start() {
    decisions = {};
    mergeNewer(decisions, DATA.decisions || {});
    if (location.protocol !== "http:" && location.protocol !== "https:") {
      startLocal();
      return;
    }
    var url = "/api/decisions" + (DATA.document ? "?document=" + encodeURIComponent(DATA.document) : "");
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (body) {
        mode = "server";
        decisions = {};
        (body.decisions || []).forEach(function (d) { decisions[keyOf(d)] = d; });
        document.body.setAttribute("data-mode", "server");
        refreshAll();
      })
      .catch(function () { startLocal(); });
  }

  // ---- document page ---------------------------------------------------------------
  var selected = null;

  function filters() {
    var sev = {}, cat = {}, hasCat = all("[data-filter-category]").length > 0;
    all("[data-filter-severity]").forEach(function (i) { sev[i.value] = i.checked; });
    all("[data-filter-category]").forEach(function (i) { cat[i.value] = i.checked; });
    var show = one("[data-show-reviewed]");
    return {
      matches: function (card) {
        return !!sev[card.getAttribute("data-severity")] &&
          (!hasCat || !!cat[card.getAttribute("data-category")]);
      },
      showReviewed: !!(show && show.checked)
    };
  }

  function cardsOf(sentence) {
    var ids = (sentence.getAttribute("data-flags") || "").split(" ").filter(Boolean);
    return ids.map(function (id) { return document.getElementById(id); }).filter(Boolean);
  }

  function describe(d) {
    var s = status(d);
    if (!s) return "Not reviewed yet";
    var text = LABELS[s] || s;
    if (d.reviewer) text += " by " + d.reviewer;
    if (d.note) text += ": " + d.note;
    return text;
  }

  function applyDecisions() {
    all(".flag[data-key]").forEach(function (card) {
      var d = decisions[card.getAttribute("data-key")];
      card.setAttribute("data-decision", status(d));
      one("[data-decision-label]", card).textContent = describe(d);
      var note = one("[data-review-note]", card);
      if (note && document.activeElement !== note) note.value = status(d) ? d.note || "" : note.value;
    });
  }

  function setCount(root, selector, n) {
    var el = one(selector, root);
    if (!el) return;
    var b = one("[data-count]", el) || el;
    b.textContent = String(n);
    el.classList.toggle("zero", n === 0);
  }

  function renderReviewed(el, counts) {
    while (el.firstChild) el.removeChild(el.firstChild);
    ["confirmed", "dismissed", "fixed"].forEach(function (s) {
      if (!counts[s]) return;
      var span = document.createElement("span");
      span.className = "rv rv-" + s;
      span.textContent = counts[s] + " " + String(LABELS[s] || s).toLowerCase() + " ";
      el.appendChild(span);
    });
  }

  function refreshDocument() {
    var f = filters();
    var openBySev = {}, openByCat = {}, reviewed = {}, openFlags = 0, openSentences = 0;
    all(".s[data-flags]").forEach(function (sentence) {
      var visibleIds = {}, best = "none", anyVisible = false, anyOpen = false, doneIds = {};
      cardsOf(sentence).forEach(function (card) {
        var st = card.getAttribute("data-decision");
        var resolved = !!RESOLVED[st];
        var sev = card.getAttribute("data-severity");
        var cat = card.getAttribute("data-category");
        if (st) reviewed[st] = (reviewed[st] || 0) + 1;
        if (!resolved) {
          anyOpen = true;
          openFlags += 1;
          openBySev[sev] = (openBySev[sev] || 0) + 1;
          openByCat[cat] = (openByCat[cat] || 0) + 1;
        }
        var matches = f.matches(card);
        card.classList.toggle("filtered", !matches);
        if (matches && (!resolved || f.showReviewed)) {
          anyVisible = true;
          visibleIds[card.id] = true;
          if (resolved) doneIds[card.id] = true;
          else if (RANK[sev] > RANK[best]) best = sev;
        }
      });
      if (anyOpen) openSentences += 1;
      sentence.classList.toggle("hl", anyVisible);
      sentence.classList.toggle("resolved", anyVisible && best === "none");
      sentence.setAttribute("data-open-severity", best);
      sentence.setAttribute("data-state", anyOpen ? "open" : "resolved");
      all("mark[data-flag-ids]", sentence).forEach(function (mark) {
        var ids = mark.getAttribute("data-flag-ids").split(" ");
        var on = ids.some(function (id) { return visibleIds[id]; });
        mark.classList.toggle("off", !on);
      });
    });
    var summary = document.getElementById("summary");
    if (summary) {
      SEVERITIES.forEach(function (s) {
        setCount(summary, '[data-count-severity="' + s + '"]', openBySev[s] || 0);
      });
      all("[data-count-category]", summary).forEach(function (el) {
        setCount(summary, '[data-count-category="' + el.getAttribute("data-count-category") + '"]',
          openByCat[el.getAttribute("data-count-category")] || 0);
      });
      setCount(summary, "[data-count-open]", openFlags);
      setCount(summary, "[data-count-sentences]", openSentences);
      var rv = one("[data-reviewed]", summary);
      if (rv) renderReviewed(rv, reviewed);
    }
    updatePosition();
  }

  function navigable() {
    return all(".s.hl");
  }

  function updatePosition() {
    var el = one("[data-position]");
    if (!el) return;
    var list = navigable();
    var i = selected ? list.indexOf(selected) : -1;
    el.textContent = i >= 0 ? "Flag " + (i + 1) + " of " + list.length
      : list.length + (list.length === 1 ? " flagged sentence" : " flagged sentences");
  }

  function select(sentence, scroll) {
    if (!sentence) return;
    if (selected) selected.classList.remove("selected");
    selected = sentence;
    sentence.classList.add("selected");
    var index = sentence.getAttribute("data-sentence");
    all("[data-detail-for]").forEach(function (d) {
      d.hidden = d.getAttribute("data-detail-for") !== index;
    });
    var empty = one("[data-details-empty]");
    if (empty) empty.hidden = true;
    var panel = one("[data-details]");
    if (panel) panel.scrollTop = 0;
    if (location.hash !== "#s-" + index && window.history && history.replaceState) {
      history.replaceState(null, "", "#s-" + index);
    }
    if (scroll) {
      // narrow windows show the details as a bottom sheet: keep the sentence near the top
      var narrow = window.matchMedia && window.matchMedia("(max-width: 900px)").matches;
      sentence.scrollIntoView({ block: narrow ? "start" : "center" });
    }
    updatePosition();
  }

  function step(delta) {
    var list = navigable();
    if (!list.length) return;
    var i = selected ? list.indexOf(selected) : -1;
    if (i < 0) {
      // from an unflagged selection, move to the nearest flag in reading order
      var pos = selected ? Number(selected.getAttribute("data-sentence")) : (delta > 0 ? -1 : Infinity);
      var candidates = list.filter(function (s) {
        var n = Number(s.getAttribute("data-sentence"));
        return delta > 0 ? n > pos : n < pos;
      });
      var target = delta > 0 ? candidates[0] : candidates[candidates.length - 1];
      select(target || (delta > 0 ? list[0] : list[list.length - 1]), true);
      return;
    }
    select(list[(i + delta + list.length) % list.length], true);
  }

  function fromHash() {
    var m = /^#s-(\d+)$/.exec(location.hash);
    if (m) select(document.getElementById("s-" + m[1]), true);
  }

  // localisation files: jump to a translation unit by its id (the paragraph it opens)
  function unitParagraph(id) {
    var found = null;
    all("[data-unit]").forEach(function (p) {
      if (!found && p.getAttribute("data-unit") === id) found = p;
    });
    return found;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest ? event.target.closest("[data-unit-jump]") : null;
    if (!form) return;
    event.preventDefault();
    var input = one("[data-unit-input]", form);
    var para = unitParagraph(input ? input.value.trim() : "");
    var missing = one("[data-unit-missing]", form);
    if (missing) missing.hidden = !!para;
    if (para) select(one(".s", para), true);
  });

  function reviewer() {
    var input = one("[data-reviewer]");
    return input ? input.value.trim() : "";
  }

  function save(card, newStatus) {
    var parts = card.getAttribute("data-key").split("/");
    var noteEl = one("[data-review-note]", card);
    var decision = {
      document: parts[0],
      sentence_sha: parts[1],
      code: parts[2],
      status: newStatus,
      note: newStatus === "open" ? "" : (noteEl ? noteEl.value.trim() : ""),
      reviewer: reviewer(),
      sentence: Number(card.getAttribute("data-sentence-index"))
    };
    var key = card.getAttribute("data-key");
    if (mode !== "server") {
      decision.updated_at = new Date().toISOString();
      var stored = readLocal();
      stored[key] = decision;
      if (!writeLocal(stored)) banner("Could not save in this browser (storage is full or disabled).", true);
      decisions[key] = decision;
      if (noteEl && newStatus === "open") noteEl.value = "";
      refreshAll();
      return;
    }
    var buttons = all("button", card);
    buttons.forEach(function (b) { b.disabled = true; });
    fetch("/api/decisions", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(decision)
    })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body && body.error ? body.error : "HTTP " + r.status);
          return body;
        });
      })
      .then(function (body) {
        decisions[key] = body.decision;
        if (noteEl && newStatus === "open") noteEl.value = "";
        banner("");
        refreshAll();
      })
      .catch(function (err) {
        // keep the decision in the browser so it is not lost; it can be exported
        decision.updated_at = new Date().toISOString();
        var stored = readLocal();
        stored[key] = decision;
        writeLocal(stored);
        all("[data-export]").forEach(function (b) { b.hidden = false; });
        banner("Not saved on the server (" + err.message + "). The decision is kept in this browser; " +
          "export it to keep it safe.", true);
      })
      .then(function () {
        buttons.forEach(function (b) { b.disabled = false; });
      });
  }

  function exportDecisions() {
    var stored = readLocal();
    var list = Object.keys(stored).map(function (k) { return stored[k]; });
    var payload = {
      format: "auditor-decisions",
      version: 1,
      exported_at: new Date().toISOString(),
      decisions: list
    };
    var blob = new Blob([JSON.stringify(payload, null, 2)], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "auditor-decisions-" + new Date().toISOString().slice(0, 16).replace(/[:T]/g, "-") + ".json";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  }

  // ---- index page ------------------------------------------------------------------
  function refreshIndex() {
    var flags = DATA.flags || {};
    var totals = {};
    all("tr[data-document]").forEach(function (row) {
      var bySev = {}, byCat = {}, reviewed = {}, sentences = {};
      (flags[row.getAttribute("data-document")] || []).forEach(function (f) {
        var st = status(decisions[f[0]]);
        if (st) reviewed[st] = (reviewed[st] || 0) + 1;
        if (RESOLVED[st]) return;
        bySev[f[1]] = (bySev[f[1]] || 0) + 1;
        byCat[f[2]] = (byCat[f[2]] || 0) + 1;
        sentences[f[0].split("/")[1]] = true;
      });
      SEVERITIES.forEach(function (s) {
        setCount(row, '[data-count-severity="' + s + '"]', bySev[s] || 0);
        totals[s] = (totals[s] || 0) + (bySev[s] || 0);
      });
      all("[data-count-category]", row).forEach(function (el) {
        var c = el.getAttribute("data-count-category");
        setCount(row, '[data-count-category="' + c + '"]', byCat[c] || 0);
      });
      var cell = one("[data-count-sentences]", row);
      if (cell) cell.textContent = String(Object.keys(sentences).length);
      var rv = one("[data-reviewed]", row);
      if (rv) renderReviewed(rv, reviewed);
    });
    var summary = document.getElementById("summary");
    if (summary) {
      SEVERITIES.forEach(function (s) {
        setCount(summary, '[data-count-severity="' + s + '"]', totals[s] || 0);
      });
    }
  }

  // Pages and search: every row is in the file, worst first; only one page of them is shown
  // (a run of 10,000 documents would otherwise lay out 10,000 rows). The search matches the
  // document's name and path, case-insensitively, and pages through the matches.
  function startIndexPages() {
    var table = one("table.documents[data-page-size]");
    if (!table) return;
    var size = Number(table.getAttribute("data-page-size")) || 100;
    var rows = all("tr[data-document]", table);
    var keys = rows.map(function (row) {
      var path = one(".path", row);
      return (row.getAttribute("data-document") + "\n" + (path ? path.textContent : "")).toLowerCase();
    });
    var search = one("[data-index-search]"), info = one("[data-page-info]"), pager = one("[data-pager]");
    var none = one("[data-no-match]");
    var matching = rows, shown = rows.filter(function (row) { return !row.hidden; }), current = 0;

    function pages() { return Math.max(1, Math.ceil(matching.length / size)); }

    function show(page) {
      current = Math.min(Math.max(page, 0), pages() - 1);
      var from = current * size, next = matching.slice(from, from + size);
      shown.forEach(function (row) { row.hidden = true; });
      next.forEach(function (row) { row.hidden = false; });
      shown = next;
      var total = rows.length, count = matching.length;
      var range = count ? (from + 1).toLocaleString("en") + "\u2013" + (from + next.length).toLocaleString("en") : "0";
      if (info) {
        info.textContent = count === total
          ? (total > size ? range + " of " + total.toLocaleString("en") + " documents" : "")
          : range + " of " + count.toLocaleString("en") + " matching documents (" + total.toLocaleString("en") + " in all)";
      }
      if (pager) {
        pager.hidden = pages() <= 1;
        all("[data-page]", pager).forEach(function (b) {
          var where = b.getAttribute("data-page");
          b.disabled = (where === "first" || where === "prev") ? current === 0 : current === pages() - 1;
        });
      }
      if (none) none.hidden = count > 0;
    }

    if (search) {
      search.addEventListener("input", function () {
        var q = search.value.trim().toLowerCase();
        matching = q ? rows.filter(function (row, i) { return keys[i].indexOf(q) !== -1; }) : rows;
        show(0);
      });
    }
    if (pager) {
      pager.addEventListener("click", function (event) {
        var b = event.target.closest("[data-page]");
        if (!b) return;
        var where = b.getAttribute("data-page");
        show(where === "first" ? 0 : where === "prev" ? current - 1 : where === "next" ? current + 1 : pages() - 1);
      });
    }
    show(0);
  }

  function refreshAll() {
    if (DATA.page === "document") {
      applyDecisions();
      refreshDocument();
    } else {
      refreshIndex();
    }
  }

  // ---- wiring ----------------------------------------------------------------------
  var reviewerInput = one("[data-reviewer]");
  if (reviewerInput) {
    try { reviewerInput.value = window.localStorage.getItem(REVIEWER_KEY) || ""; } catch (e) { /* storage off */ }
    reviewerInput.addEventListener("change", function () {
      try { window.localStorage.setItem(REVIEWER_KEY, reviewerInput.value.trim()); } catch (e) { /* storage off */ }
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var action = target.closest("[data-review-action]");
    if (action) {
      save(action.closest(".flag"), ACTIONS[action.getAttribute("data-review-action")]);
      return;
    }
    var undo = target.closest("[data-review-undo]");
    if (undo) {
      save(undo.closest(".flag"), "open");
      return;
    }
    if (target.closest("[data-export]")) {
      exportDecisions();
      return;
    }
    var nav = target.closest("button[data-nav]");
    if (nav) {
      step(nav.getAttribute("data-nav") === "next" ? 1 : -1);
      return;
    }
    var sentence = target.closest("[data-text] .s");
    if (sentence && !(window.getSelection && String(window.getSelection()).length)) select(sentence, false);
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-filter-severity], [data-filter-category], [data-show-reviewed]")) {
      refreshAll();
      return;
    }
    if (target.matches("[data-review-note]")) {
      // a note written after the decision belongs to it: save it with the same decision
      var card = target.closest(".flag");
      var d = decisions[card.getAttribute("data-key")];
      if (status(d) && (d.note || "") !== target.value.trim()) save(card, status(d));
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) {
      if (event.key === "Escape") t.blur();  // back to n / p without reaching for the mouse
      return;
    }
    if (DATA.page !== "document") return;
    if (event.key === "n") { step(1); event.preventDefault(); }
    else if (event.key === "p") { step(-1); event.preventDefault(); }
    else if (event.key === "Enter" && t && t.classList && t.classList.contains("s")) { select(t, false); }
  });

  window.addEventListener("hashchange", fromHash);
  // another editor may have reviewed meanwhile: refresh from the server when the tab returns
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && mode === "server") start();
  });

  if (DATA.page === "document") {
    refreshDocument();
    fromHash();
  } else {
    startIndexPages();
  }
  start();
})();
