/* gongkai site search: the results page (站内搜索).
 *
 * The index is Pagefind's bundle in <site>/pagefind/, loaded from the site itself: a query
 * fetches only the index chunks and the result fragments it needs. No outside host, no inline
 * script (the page's Content-Security-Policy allows neither).
 */
(function () {
  "use strict";

  var PAGE = 10; // results shown at a time (each needs its fragment fetched)

  // No single-key shortcut to the search box ("/" or "s", as on Material sites): a key pressed by a
  // slip, or said by speech input, would move a reader's place (WCAG 2.1.4). The box is a Tab stop.

  var root = document.querySelector("[data-gk-search]");
  if (!root) return;

  var form = root.querySelector("form");
  var input = form.querySelector("input[name=q]");
  var status = root.querySelector(".gk-results__status");
  var list = root.querySelector(".gk-results__list");
  var more = root.querySelector(".gk-results__more");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-gk-filter]"));
  var sortSelect = root.querySelector("select[data-gk-sort]");
  var siteRoot = new URL(root.getAttribute("data-root"), location.href);
  var pagefind = null;
  var results = [];
  var shown = 0;
  var generation = 0;

  function say(text) {
    status.textContent = text;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // The index holds words cut by ICU and separated by spaces (gongkai/search.py); the query is cut
  // by the same rules here, so that a phrase finds the words the index has.
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  function words(query) {
    if (!segmenter) return query;
    var out = [];
    for (var part of segmenter.segment(query)) {
      if (part.segment.trim()) out.push(part.segment);
    }
    return out.join(" ");
  }

  // Pagefind's excerpt marks the query with <mark>; anything else in it is shown as text, which
  // Pagefind has escaped already, < and > only (its raw_content; & stays as it is): turned back into
  // the characters, every one of which is escaped again below, so only the marks are markup. The spaces
  // the index put between words go, except between two Latin letters or digits; the mark between two
  // lines of the record's text (gongkai/search.py, BREAK) is shown as a separator, so that a heading
  // does not run into the paragraph after it (and none begins or ends the excerpt).
  var BREAK = "\u00b6";
  var SEPARATOR = " · ";

  function excerptHtml(excerpt) {
    var raw = String(excerpt).trim();
    while (raw.charAt(0) === BREAK) raw = raw.slice(1).trim();
    while (raw.charAt(raw.length - 1) === BREAK) raw = raw.slice(0, -1).trim();
    var pieces = raw.split(/(<\/?mark>)/);
    var text = "";
    var marks = []; // [start, end) in `text`
    var open = -1;
    pieces.forEach(function (piece) {
      if (piece === "<mark>") open = text.length;
      else if (piece === "</mark>") { marks.push([open, text.length]); open = -1; }
      else text += piece.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    });
    var keep = [];
    for (var i = 0; i < text.length; i++) {
      var alnumBefore = i > 0 && /[A-Za-z0-9]/.test(text[i - 1]);
      var alnumAfter = i + 1 < text.length && /[A-Za-z0-9]/.test(text[i + 1]);
      keep.push(text[i] !== " " || (alnumBefore && alnumAfter));
    }
    var html = "";
    for (var j = 0; j < text.length; j++) {
      if (marks.some(function (m) { return m[0] === j; })) html += "<mark>";
      if (text[j] === BREAK) html += SEPARATOR;
      else if (keep[j]) html += escapeHtml(text[j]);
      if (marks.some(function (m) { return m[1] === j + 1; })) html += "</mark>";
    }
    return html;
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    selects.forEach(function (select) {
      select.value = params.get(select.name) || "";
    });
    sortSelect.value = params.get("sort") || "";
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    selects.forEach(function (select) {
      if (select.value) params.set(select.name, select.value);
    });
    if (sortSelect.value) params.set("sort", sortSelect.value);
    var next = "?" + params.toString();
    if (next === location.search) return;
    // A new query is a step the browser's Back returns from; a filter or an order changes the step.
    var before = new URLSearchParams(location.search).get("q") || "";
    if (before && before !== input.value.trim()) history.pushState(null, "", next);
    else history.replaceState(null, "", next);
  }

  // The filters set, as a reader reads them (年份：2025、有效性：废止), or "".
  function chosen() {
    return selects.filter(function (s) { return s.value; }).map(function (s) {
      return s.name + "：" + s.value;
    }).join("、");
  }

  // The page's title names the query and what it found: a reader's tabs and history tell one
  // search from another, and a screen reader says it on arriving from the header's box.
  var baseTitle = document.title;
  function retitle(query, count) {
    document.title = query ? "“" + query + "”的搜索结果（" + count + " 条）- " + baseTitle : baseTitle;
  }

  // The choices are in the page (gongkai/pages.py); their counts need Pagefind's filter files,
  // which are as large as the metadata together: they are fetched only when a reader turns to the
  // filters, so that a plain query costs less.
  var filtersLoaded = null;

  function loadFilters() {
    if (!filtersLoaded && pagefind) filtersLoaded = pagefind.filters();
    return filtersLoaded || Promise.resolve();
  }

  // Each choice shows how many results of the query it holds (other filters aside): the number a
  // reader gets on choosing it alone.
  // `counts` null: the results were narrowed here (see `complete`), Pagefind's counts are of more
  // than the list shows: the choices show no count rather than a wrong one.
  function showCounts(counts) {
    selects.forEach(function (select) {
      var mine = counts ? counts[select.name] : null;
      if (counts && !mine) return;
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.value) option.textContent = mine ? option.value + "（" + (mine[option.value] || 0) + "）" : option.value;
      });
    });
  }

  // Pagefind's counts hold what `complete` leaves out: none is shown where it left out any, nor where
  // nothing is left (a filter may hide the stray records, which other choices then count).
  function countsOf(found) {
    return found.narrowed || !found.results.length ? null : found.totalFilters || {};
  }

  function render(data) {
    var item = document.createElement("li");
    item.className = "gk-results__item";
    var meta = data.meta || {};
    var link = new URL(data.url, location.href).href; // baseUrl already put the site's folder in front
    var facts = [meta.agency, meta.date, meta.index_no, meta.doc_no].filter(Boolean).map(escapeHtml);
    // A record no longer in force says so in words (not by colour alone), and names its successor.
    var validity = "";
    if (meta.validity) {
      validity = '<p class="gk-results__validity"><strong>（' + escapeHtml(meta.validity) + "）</strong>本文件已" +
        escapeHtml(meta.validity);
      if (meta.successor) {
        validity += "，现行文件：<a href=\"" + escapeHtml(new URL(meta.successor, siteRoot).href) + '">' +
          escapeHtml(meta.successor_title || meta.successor) + "</a>";
      }
      validity += "。</p>";
    }
    item.innerHTML =
      '<a class="gk-results__title" href="' + escapeHtml(link) + '">' + escapeHtml(meta.title || link) +
      (meta.validity ? "（" + escapeHtml(meta.validity) + "）" : "") + "</a>" +
      '<div class="gk-results__meta">' + facts.join(" · ") + "</div>" + validity +
      '<p class="gk-results__excerpt">' + excerptHtml(data.excerpt || "") + "</p>";
    return item;
  }

  function showMore(mine) {
    var next = results.slice(shown, shown + PAGE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (all) {
      if (mine !== generation) return;
      all.forEach(function (data) { list.appendChild(render(data)); });
      shown += next.length;
      more.hidden = shown >= results.length;
    });
  }

  // A 发文字号 or 索引号 is indexed as one word (gongkai/search.py, identifier_key): normalized the
  // same way here (full-width forms, spaces, any brackets round the year), it is looked up as that
  // word, which finds the records that carry it (its own first: that field weighs most) and fetches
  // one index chunk. Nothing found: the query is searched as words.
  var YEAR = /[\[(【〔［（〖](\d{4})[\])】〕］）〗]第?0*(\d+)号/g;

  function normalizeIdentifier(text) {
    return text.normalize("NFKC").replace(/\s+/g, "")
      .replace(/[A-Z]+/g, function (s) { return s.toLowerCase(); })
      .replace(YEAR, "〔$1〕$2号");
  }

  // A 发文字号 as citizens type it: without its brackets (澄政发2024 6号, 澄政发2024年6号), with 文 after
  // it (…6号文), or without 号 (澄政发〔2024〕6): read as the 文号 written in full. Found nothing: words.
  var LOOSE = /^([^\d\s\[(【〔［（〖]+?)\s*((?:19|20)\d{2})\s*年?\s*第?\s*(\d{1,5})\s*号?\s*文?$/;
  var NO_MARK = /([\[(【〔［（〖]\d{4}[\])】〕］）〗]\s*第?\s*\d{1,5})\s*文?$/;

  function loosenIdentifier(query) {
    var text = query.normalize("NFKC").trim().replace(/号文$/, "号");
    var m = LOOSE.exec(text);
    if (m) return m[1] + "〔" + m[2] + "〕" + m[3] + "号";
    return text.replace(NO_MARK, "$1号");
  }

  function looksLikeIdentifier(normalized) {
    return /.〔\d{4}〕\d+号$/.test(normalized) ||
      (/^[a-z0-9._\/-]{6,}$/.test(normalized) && /\d/.test(normalized) && /[\/-]/.test(normalized));
  }

  function identifierKey(text) {
    var h = BigInt("0xcbf29ce484222325");
    var prime = BigInt("0x100000001b3");
    var mask = BigInt("0xffffffffffffffff");
    new TextEncoder().encode(normalizeIdentifier(text)).forEach(function (b) {
      h = ((h ^ BigInt(b)) * prime) & mask;
    });
    return ("gk" + h.toString(16).padStart(16, "0")).slice(0, 15);
  }

  // Records no longer in force (their fragment's name ends in "-s": gongkai/searchbundle.py) count
  // a little less, so that at equal relevance the one in force comes first.
  var SUPERSEDED = Number(root.getAttribute("data-superseded") || 1);

  // A record's number on the site (its fragment's name, "zh_<tag>_<n>", n in base 36; parseInt
  // stops at the "-s" of a record no longer in force): newest first.
  function place(result) {
    return parseInt(result.id.slice(result.id.lastIndexOf("_") + 1), 36);
  }

  // Ties (to 0.05 %) go to the newer record, whatever part of the index each came from.
  function ranked(found) {
    var scored = found.map(function (r) {
      var s = /-s$/.test(r.id) ? r.score * SUPERSEDED : r.score;
      return { r: r, s: s > 0 ? Math.round(Math.log(s) * 2000) : -Infinity, n: place(r) };
    });
    scored.sort(function (a, b) { return b.s - a.s || a.n - b.n; });
    return scored.map(function (x) { return x.r; });
  }

  // One ranking across the parts of a large site's index (gongkai/searchindex.py, PartedIndex), and
  // the same ranking in one index. Pagefind 1.6 scores a page as
  //   1.8 × Σ_words IDF(word) × TF(word, page)
  //   + Σ_fields weight(field) × (Σ IDF of the words in the field)³ / (Σ IDF of every word)²,
  // TF being BM25's (k1 1.4, b 0.75: Pagefind's defaults, which gongkai keeps) of the page's
  // weighted count of the word, its length and the index's average length, and IDF(word) =
  // ln((N - n + 0.5) / (n + 0.5) + 1), N the index's pages, n those that have the word. In a part,
  // N and n are the part's, so for several words no factor on a score makes it the site's. The
  // module is given an export that makes Pagefind report the terms of every score (its
  // "playground mode", gongkai/searchbundle.py, expose_scores), and the page computes every score
  // from them with the site's IDFs and average length: the same numbers from the same inputs,
  // whether the index is one or in parts. A merged search reports each part's IDF of every word
  // (`part_idfs`, searchbundle.py); from it and the part's number of pages, how many pages of the
  // part have the word (n is a whole number: ln is inverted to well within 0.5), and their sum is
  // the site's n. gk-parts.json says how many pages each part lists (its records and the pages of
  // no word that bring its average page length to the site's), how many records the parts hold
  // (the site's N) and the site's average page length.
  var PARTS = Number(root.getAttribute("data-parts") || 1);
  // A portal with nothing published yet has an index of no language: Pagefind cannot be asked.
  var NOTHING_PUBLISHED = root.getAttribute("data-records") === "0";
  var siteRecords = 0; // from gk-parts.json
  var siteAverage = 0;
  var partPages = [];
  var K1 = 1.4;
  var B = 0.75;
  var CONTENT = 1.8;

  function idf(pages, having) {
    return Math.log((pages - having + 0.5) / (having + 0.5) + 1);
  }

  function loadParts() {
    if (PARTS < 2) return Promise.resolve();
    return fetch(new URL(root.getAttribute("data-bundle") + "gk-parts.json", location.href).href)
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (stats) {
        if (!stats || stats.pages.length !== PARTS || !stats.average) return;
        siteRecords = stats.records.reduce(function (a, b) { return a + b; }, 0);
        siteAverage = stats.average;
        partPages = stats.pages;
      })
      .catch(function () {}); // without it, each part's own scores
  }

  // How many pages of the site have each of the query's words (as Pagefind cut them), from the
  // IDF each index reports: ln((N + 1) / (n + 0.5)) with N the index's pages.
  function having(idf, pages) {
    return Math.max(0, Math.round((pages + 1) / Math.exp(idf) - 0.5));
  }

  function pagesHaving(found) {
    var out = {};
    if (PARTS < 2) {
      var pages = found.results[0].params.total_pages;
      found.query_term_idfs.forEach(function (t) { out[t.term] = having(t.idf, pages); });
      return out;
    }
    found.part_idfs.forEach(function (idfs, part) {
      idfs.forEach(function (t) { out[t.term] = (out[t.term] || 0) + having(t.idf, partPages[part]); });
    });
    return out;
  }

  // A result's score from its terms, with the site's IDFs (`site`, by word) and average page
  // length; sums are taken in the query's order of words and the fields' order of names, so that
  // the same terms give the same number to the last bit.
  function siteScore(r, terms, site, average) {
    var content = 0;
    terms.forEach(function (t) {
      (r.scores || []).forEach(function (s) {
        if (s.search_term !== t) return;
        var w = s.params.weighted_term_frequency * s.params.length_bonus;
        var tf = (K1 + 1) * w / (K1 * (1 - B + B * (r.params.document_length / average)) + w);
        content += site[t] * tf;
      });
    });
    var all = 0;
    terms.forEach(function (t) { all += site[t]; });
    var fields = (r.verbose_meta_scores || []).slice().sort(function (a, b) {
      return a.field_name < b.field_name ? -1 : a.field_name > b.field_name ? 1 : 0;
    });
    var boost = 0;
    fields.forEach(function (f) {
      var matched = 0;
      terms.forEach(function (t) { if (f.matched_terms.indexOf(t) >= 0) matched += site[t]; });
      if (all > 0) boost += f.field_weight * matched * (matched / all) * (matched / all);
    });
    return CONTENT * content + boost;
  }

  // Pagefind answers a word its index does not have with words that begin like a part of it
  // (火箭发射 found 15 records for their 发, 量子引力 two for 量): a result counts where each word of
  // the query is in it, whole or as the start of a longer word (车 → 车辆), in the text or a field.
  function complete(found) {
    var terms = (found.query_term_idfs || []).map(function (t) { return t.term; }).filter(Boolean);
    if (!terms.length || !found.results.every(function (r) { return r.scores; })) return found;
    var begins = function (word, t) { return typeof word === "string" && word.indexOf(t) === 0; };
    var all = found.results.length;
    found.results = found.results.filter(function (r) {
      return terms.every(function (t) {
        return r.scores.some(function (s) { return begins(s.search_term, t); }) ||
          (r.verbose_meta_scores || []).some(function (f) {
            return (f.matched_terms || []).some(function (m) { return begins(m, t); });
          });
      });
    });
    found.narrowed = found.results.length < all;
    return found;
  }

  function oneRanking(found) {
    var results = found.results;
    if (!results.length || !found.query_term_idfs || !results.every(function (r) { return r.params; })) {
      return found;
    }
    if (PARTS > 1 && (!siteRecords || !found.part_idfs || found.part_idfs.length !== PARTS)) {
      return found;
    }
    var terms = found.query_term_idfs.map(function (t) { return t.term; })
      .filter(function (t, i, all) { return t && all.indexOf(t) === i; });
    var counts = pagesHaving(found);
    var pages = PARTS > 1 ? siteRecords : results[0].params.total_pages;
    var average = PARTS > 1 ? siteAverage : results[0].params.average_page_length;
    var site = {};
    terms.forEach(function (t) { site[t] = idf(pages, counts[t] || 0); });
    results.forEach(function (r) { r.score = siteScore(r, terms, site, average); });
    return found;
  }

  // A query that is a word of a synonym group (records/synonyms.yml) is looked up as the group's
  // one word (gongkai/search.py, synonym_key): the records that use any word of the group, and
  // only those (社保, cut into 社|保, matched 社会 and 保障 everywhere). Each is ranked by the
  // group's word's score (where it uses a word of the group: title, keywords, body) plus its score
  // for the query's words, if it has them (the notice itself above its 解读; its excerpt marks
  // them). Only spaces and punctuation such as 、 and quotes between the query's characters are
  // dropped first (gongkai/synonyms.py, joined). Nothing found: searched as words.
  var SYNONYMS = JSON.parse(root.getAttribute("data-synonyms") || "{}");
  var BETWEEN = /[ \t\u3000、·・•‧“”‘’"'「」『』《》〈〉()（）\-‐‑–—―~～_\/]+/g;

  // A query that is an agency's name, full or short (卫生健康局), or a township's place (城关镇) is
  // looked up as its one word (gongkai/search.py, AgencyNames): the agency's records and those that
  // name it, and not every record that holds 财政 and 局 somewhere; ranked by the field the name is
  // in (the agency's own records first, then those that name it in the title, the keywords, the
  // text), the newest first among equals. Searching the query's words as well, to rank by them too,
  // scores every record of the key again: at 50,000 records, where most name the 财政局, that took
  // 3.2 s instead of 1.7-2.0 s. Nothing found: searched as words.
  var AGENCIES = JSON.parse(root.getAttribute("data-agencies") || "{}");

  function find(query, options) {
    var identifier = loosenIdentifier(query);
    var normalized = normalizeIdentifier(identifier);
    var search = function (term) {
      return pagefind.search(term, options).then(complete).then(oneRanking);
    };
    var byWords = function () { return search(words(query)); };
    var lookUp = function (key) {
      return search(key).then(function (found) { return found.results.length ? found : byWords(); });
    };
    var joined = query.replace(BETWEEN, "");
    if (Object.prototype.hasOwnProperty.call(AGENCIES, joined)) {
      return lookUp(AGENCIES[joined]);
    }
    if (Object.prototype.hasOwnProperty.call(SYNONYMS, joined)) {
      return Promise.all([search(SYNONYMS[joined]), byWords()]).then(function (both) {
        if (!both[0].results.length) return both[1];
        // A record found by the words too is shown as that search found it: its excerpt marks them.
        var byWords = {};
        both[1].results.forEach(function (r) { byWords[r.id] = r; });
        both[0].results = both[0].results.map(function (r) {
          var same = byWords[r.id];
          if (!same) return r;
          same.score += r.score;
          return same;
        });
        return both[0];
      });
    }
    if (!looksLikeIdentifier(normalized) || typeof BigInt === "undefined") return byWords();
    return lookUp(identifierKey(identifier));
  }

  function searchOptions() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.name] = select.value;
    });
    return { filters: filters };
  }

  // Records are in the index newest first and their fragments are named after their place
  // (gongkai/searchbundle.py: "zh_<tag>_<n>", n in base 36): sorting by 发布日期 needs nothing more.
  // The pages that are no record (the 指南, the annual reports) come after every record, and last
  // either way: they have no 发布日期.
  var RECORDS = Number(root.getAttribute("data-records") || 0);

  function byDate(found, direction) {
    var sign = direction === "asc" ? -1 : 1;
    return found.slice().sort(function (a, b) {
      var pa = place(a) >= RECORDS, pb = place(b) >= RECORDS;
      if (pa !== pb) return pa ? 1 : -1;
      return pa ? place(a) - place(b) : sign * (place(a) - place(b));
    });
  }

  // The counts of the results on the page, once the filter files are there (the list stays as it is).
  function refreshCounts() {
    var query = input.value.trim();
    var mine = generation;
    loadFilters().then(function () {
      if (!query || mine !== generation) return;
      return find(query, searchOptions()).then(function (found) {
        if (mine === generation) showCounts(countsOf(found));
      });
    });
  }

  function run() {
    var query = input.value.trim();
    var mine = ++generation;
    writeUrl();
    list.textContent = "";
    more.hidden = true;
    clear.hidden = !chosen();
    if (!query) {
      retitle("", 0);
      say("请输入要查找的词语。");
      return;
    }
    if (NOTHING_PUBLISHED) {
      say("本站还没有发布信息，没有找到与“" + query + "”相关的信息。");
      return;
    }
    var options = searchOptions();
    say("正在搜索……");
    var ready = filtersLoaded || Promise.resolve();
    ready.then(function () {
      return find(query, options);
    }).then(function (found) {
      if (mine !== generation) return;
      if (filtersLoaded) showCounts(countsOf(found));
      results = sortSelect.value ? byDate(found.results, sortSelect.value) : ranked(found.results);
      shown = 0;
    }).then(function () {
      if (mine !== generation) return;
      return showMore(mine).then(function () {
        // Said once the first results are on the page: a screen reader reads the count, then the list.
        if (mine !== generation) return;
        retitle(query, results.length);
        var within = chosen();
        if (results.length) {
          say("找到 " + results.length + " 条信息" + (within ? "（筛选：" + within + "）" : "") + "。");
        } else {
          say(within
            ? "在“" + within + "”中没有找到与“" + query + "”相关的信息：可以按“清除筛选”在全部信息中查找。"
            : "没有找到与“" + query + "”相关的信息：可以换个说法，或按栏目、发布机构、年份查找。");
        }
      });
    }).catch(function () {
      say("搜索出错，请稍后重试。");
    });
  }

  readUrl();
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  selects.forEach(function (select) {
    // Counts appear as soon as a reader reaches for a filter.
    ["focus", "pointerdown"].forEach(function (type) {
      select.addEventListener(type, function () {
        if (!filtersLoaded && pagefind) refreshCounts();
      });
    });
    select.addEventListener("change", function () {
      loadFilters();
      run();
    });
  });
  sortSelect.addEventListener("change", run);
  // 清除筛选: shown while a filter is set; the same query, among all the records.
  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "gk-results__clear";
  clear.textContent = "清除筛选";
  clear.hidden = true;
  sortSelect.closest("label").after(clear);
  clear.addEventListener("click", function () {
    selects.forEach(function (select) { select.value = ""; });
    run();
    input.focus();
  });
  // Back and Forward between queries: the page shows the query of the address it is at.
  window.addEventListener("popstate", function () {
    readUrl();
    if (pagefind) run();
  });
  // The button hides itself once the last results are in: focus moves to the first new result (it
  // would fall to the page otherwise), and the status says how many are shown now.
  more.addEventListener("click", function () {
    var mine = generation;
    var before = shown;
    showMore(mine).then(function () {
      if (mine !== generation) return;
      var link = list.children[before] && list.children[before].querySelector("a");
      if (link) link.focus();
      say("找到 " + results.length + " 条信息，已显示 " + shown + " 条。");
    });
  });

  // The weight of each metadata field (gongkai/search.py, FIELDS and SHOWN): options() sets them for
  // the first part only, so every part is given them.
  function indexOptions() {
    return {
      baseUrl: siteRoot.pathname,
      noWorker: true,
      ranking: { metaWeights: JSON.parse(root.getAttribute("data-weights") || "{}") },
    };
  }

  say("正在载入搜索索引……");
  import(new URL(root.getAttribute("data-bundle") + "pagefind.js", location.href).href)
    .then(function (module) {
      pagefind = module;
      // Result URLs are stored relative to the site root: the site may live in a sub-folder. No web
      // worker: its script would be 41 KB more for the first query, to spare the page a search that
      // takes a second only at 50,000 records.
      return pagefind.options(indexOptions());
    })
    .then(function () {
      // A large site's index is in parts (gongkai/searchindex.py, PartedIndex): search them all.
      var bundle = new URL(root.getAttribute("data-bundle"), location.href).pathname;
      var merged = [];
      for (var part = 1; part < PARTS; part++) {
        merged.push(pagefind.mergeIndex(bundle + "part" + part + "/", indexOptions()));
      }
      merged.push(loadParts());
      return Promise.all(merged);
    })
    .then(function () {
      // The terms of every score, every part's (see oneRanking); a module without the export scores as it is.
      // An index of no language (nothing published yet) cannot be entered: Pagefind throws.
      if (NOTHING_PUBLISHED) return null;
      return pagefind.enterPlaygroundMode ? pagefind.enterPlaygroundMode() : null;
    })
    .then(function () {
      if (selects.some(function (select) { return select.value; })) loadFilters(); // a shared list with a filter
      if (input.value.trim()) run();
      else say("请输入要查找的词语。");
    })
    .catch(function () {
      if (location.protocol === "file:") {
        // A page opened from a disk (site/index.html on a shared drive): the browser gives the index
        // to no page without a web address, whatever was built. The 网站地图 needs no script; its
        // file is named, as a folder opens no index.html from a disk.
        say("从本机文件打开的网页不能使用站内搜索：浏览器不允许这样的网页读取搜索索引。请把网站放在网站服务器上，" +
          "用 http:// 或 https:// 开头的网址访问。现在可以从");
        var link = document.createElement("a");
        link.href = new URL(root.getAttribute("data-sitemap") + "index.html", location.href).href;
        link.textContent = "网站地图";
        status.append(link, "找到各栏目。");
        return;
      }
      say("搜索索引没有生成（本地预览 mkdocs serve 时不生成），请稍后再试，或按栏目、发布机构、年份查找。");
    });
})();
