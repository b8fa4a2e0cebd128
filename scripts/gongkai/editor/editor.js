/* gongkai's part of the browser editor, loaded after Decap CMS (decap-cms.js) and config.js:
 * the 索引号 widget (shown, never typed), the date widget (YYYY-MM-DD whatever the browser's language), the preview of a record laid out as the portal lays it
 * out (its 信息索引 box), the panel that lists every problem of a save in Chinese, then CMS.init
 * with the configuration generated from the record schema (gongkai/editor/config.py). */
(function () {
  "use strict";
  // The editor runs as the window's own page only. Framed by another site, a signed-in clerk's
  // clicks could be steered; the local server forbids framing with a header, a static host may
  // send none (a <meta> policy cannot forbid it): see the README, "the hosted editor".
  if (window.top !== window.self) {
    document.body.textContent = "记录编辑器只能在浏览器窗口中直接打开，不能嵌在别的网页里。";
    return;
  }
  var setup = window.GONGKAI_EDITOR;
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;

  // -- The problems of a save, kept on screen until the next save (a toast goes after 8 s). ------

  var panel = null;

  function element(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function style(node, rules) {
    Object.keys(rules).forEach(function (name) {
      node.style[name] = rules[name];
    });
    return node;
  }

  var panelSaved = false; // whether the panel answers a save that was made (its warnings)
  var panelShown = 0; // when it was shown (Date.now())
  function showAnswer(ok, answer, what, title) {
    if (panel) panel.remove();
    panel = null;
    panelSaved = ok;
    panelShown = Date.now();
    var problems = (answer && (ok ? answer.warnings : answer.problems)) || [];
    if (ok && !problems.length) return;
    panel = style(element("section", { id: "gk-problems", role: "alert", "data-ok": ok ? "1" : "0" }), {
      position: "fixed", right: "16px", bottom: "16px", zIndex: "1000", maxWidth: "560px", maxHeight: "60vh",
      overflow: "auto", background: "#fff", border: "2px solid " + (ok ? "#d48806" : "#c00"), borderRadius: "6px",
      padding: "12px 16px", boxShadow: "0 4px 16px rgba(0,0,0,.25)", font: "14px/1.6 sans-serif", color: "#222",
    });
    var refused = answer && answer.draft
      ? "记录未通过检查，已另存为草稿（不会发布）。请按下面的改法修改后再保存："
      : (what || "记录") + "没有保存：";
    var heading = title || (ok ? "已保存。请留意以下提醒：" : refused);
    panel.appendChild(style(element("h2", {}, heading), { fontSize: "15px", margin: "0 0 8px" }));
    if (!ok && answer && answer.draft) panel.appendChild(element("p", { class: "gk-draft" }, "草稿文件：" + answer.draft));
    if (!ok && !problems.length) panel.appendChild(element("p", {}, (answer && answer.error) || "保存失败。"));
    var list = element("ul", {});
    problems.forEach(function (p) {
      var item = element("li", { "data-key": p.key || "", "data-severity": p.severity });
      item.appendChild(element("strong", {}, p.severity + "　" + p.label));
      item.appendChild(document.createTextNode("：" + p.message));
      if (p.fix) item.appendChild(element("div", { class: "gk-fix" }, "改法：" + p.fix));
      list.appendChild(item);
    });
    panel.appendChild(list);
    var close = element("button", { type: "button" }, "关闭");
    close.addEventListener("click", function () {
      panel.remove();
      panel = null;
    });
    panel.appendChild(close);
    document.body.appendChild(panel);
  }

  // Decap's proxy backend posts each action to /api/v1 with fetch: the answer to a save carries
  // the problems (or the warnings), which Decap itself only shows as one line in a toast.
  // A new record refused and then fixed in its title comes under another name (Decap names a new
  // record's file after its title): its next save from the same form names the draft the refusal
  // kept (gkDraft), whose number it takes, rather than getting a second number beside that draft.
  var originalFetch = window.fetch.bind(window);
  var formDraft = null; // {form: the new record's address in the editor, draft: its draft's path}
  // Another form (the list, another record, a fresh 新建) is another record: its saves name no draft.
  window.addEventListener("hashchange", function () {
    formDraft = null;
    // A refusal's panel belongs to the record it answered: it goes when the clerk leaves for the
    // list or another record.
    // (A save's warnings stay through the move the save itself makes: …/new to …/entries/…, or
    // 发布，然后新建内容 to a new form.)
    if (panel && !(panelSaved && Date.now() - panelShown < 3000)) {
      panel.remove();
      panel = null;
    }
  });
  window.fetch = function (input, init) {
    var saving = init && typeof init.body === "string" && init.body.indexOf('"action":"persistEntry"') !== -1;
    var form = location.hash;
    if (saving && formDraft && formDraft.form === form) {
      try {
        var body = JSON.parse(init.body);
        body.params.gkDraft = formDraft.draft;
        init = Object.assign({}, init, { body: JSON.stringify(body) });
      } catch (e) {}
    }
    var sent = originalFetch(input, init);
    // An upload refused (its type, its size, the library of the top bar): said in the panel too.
    var uploading = init && typeof init.body === "string" && init.body.indexOf('"action":"persistMedia"') !== -1;
    if (uploading) {
      return sent.then(function (response) {
        if (!response.ok) response.clone().json().then(function (answer) { showAnswer(false, answer, "附件"); }, function () {});
        return response;
      });
    }
    if (saving) {
      sent = sent.catch(function (error) {
        // Nothing came back (the local server stopped, the connection dropped): Decap's toast
        // would only say "Failed to fetch".
        showAnswer(false, { error: "没有连上记录编辑器的本地服务，记录没有保存：请确认运行 gongkai edit 的窗口还开着（关了就再运行一次），然后再保存。" });
        throw error;
      });
    }
    return sent.then(function (response) {
      if (saving) {
        response.clone().json().then(function (answer) {
          showAnswer(response.ok, answer);
          var fresh = /\/new(?:\?|$)/.test(form);
          formDraft = !response.ok && fresh && answer && answer.draft ? { form: form, draft: answer.draft } : response.ok ? null : formDraft;
        }, function () {});
      }
      return response;
    });
  };

  // -- A table pasted into the body --------------------------------------------------------------
  // The body's editor turns a table pasted from Word or a web page into one paragraph a cell, and
  // says nothing: the clerk is told at once, with the ways that keep it a table.
  document.addEventListener("paste", function (event) {
    var into = event.target && event.target.closest && event.target.closest("[data-slate-editor]");
    var html = event.clipboardData && event.clipboardData.getData("text/html");
    if (!into || !html || !/<table[\s>]/i.test(html)) return;
    showAnswer(true, { warnings: [{
      severity: "提醒", label: "正文",
      message: "粘贴的内容里有表格：正文编辑框会把表格拆成一格一段，网站上不再是表格。",
      fix: "撤销这次粘贴（Ctrl+Z）。Word 文件整份可用 gongkai import 导入，表格会保留；或点正文框上方的“Markdown”切换，把表格写成“| 项目 | 金额 |”一行一行的样子；或把表格另存为 PDF 作为附件。",
    }] }, null, "提醒：");
  }, true);

  // -- A refused field in view ------------------------------------------------------------------
  // Decap shows a field's refusal at the field, far above the 发布 menu when the body is long, and
  // a toast only for a required field left empty: a wrong date or file type looked like a 发布 that
  // did nothing. After a 发布, the first refused field is brought into view and its input focused.
  var pending = null; // the look for a refused field, until the clerk does something else
  document.addEventListener("click", function (event) {
    clearTimeout(pending);
    var item = event.target && event.target.closest && event.target.closest("button, [role=menuitem]");
    // 立即发布, 发布，然后新建内容, 发布，然后复制内容 (Decap's zh_Hans words)
    if (!item || !/^\s*(立即发布|发布，然后|发布并)/.test(item.textContent || "")) return;
    pending = setTimeout(function () {
      var first = document.querySelector('[class*="ControlErrorsList"]');
      // Not when the clerk has gone on to a field, or opened a menu, meanwhile.
      var at = document.activeElement;
      if (!first || document.querySelector("[role=menu]")) return;
      if (at && at !== document.body && !at.closest("[aria-haspopup]")) return;
      first.scrollIntoView({ block: "center" });
      // The field's label, beside the message, names its input.
      var label = first.parentElement && first.parentElement.querySelector("label[for]");
      var control = label && document.getElementById(label.htmlFor);
      if (control && typeof control.focus === "function") control.focus({ preventScroll: true });
    }, 300);
  }, true);

  // -- The 索引号: assigned by the server on the first save, never typed. ----------------------

  var IndexNoControl = createClass({
    render: function () {
      var value = this.props.value;
      return h(
        "div",
        { id: this.props.forID, className: this.props.classNameWrapper, "data-gk-index-no": value || "" },
        value || "（新记录保存时按发布机构和发布年份自动分配）"
      );
    },
  });
  var IndexNoPreview = createClass({
    render: function () {
      return h("span", null, this.props.value || "");
    },
  });
  CMS.registerWidget("gongkai-index-no", IndexNoControl, IndexNoPreview);

  // -- Dates: shown and typed as YYYY-MM-DD, as the file holds them. ---------------------------
  // Decap's datetime widget is the browser's <input type="date">, which shows a date in the
  // browser's own language (01/24/2025 in an English browser, whatever the page's lang says).
  // Here the date is text, checked by the schema's pattern (Decap's) and as a real day (below);
  // the button beside it opens the browser's calendar, whose choice is written YYYY-MM-DD.

  var DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

  function dateText(value) {
    if (value instanceof Date) return isNaN(value) ? "" : value.toISOString().slice(0, 10);
    return value === undefined || value === null ? "" : String(value);
  }

  function realDay(text) {
    var m = DAY.exec(text);
    if (!m) return false;
    var day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return day.getUTCFullYear() === +m[1] && day.getUTCMonth() === +m[2] - 1 && day.getUTCDate() === +m[3];
  }

  var DateControl = createClass({
    // Decap asks each widget on save; the shape is the pattern's, this is the calendar's.
    isValid: function () {
      var text = dateText(this.props.value).trim();
      if (!DAY.test(text) || realDay(text)) return true;
      var label = this.props.field.get("label") || this.props.field.get("name");
      return {
        error: {
          type: "CUSTOM",
          message: "“" + label + "”" + text + " 不是日历上的日期：请写一个真实的日期，如 2025-09-15。",
        },
      };
    },
    pick: function () {
      var picker = this.picker;
      if (!picker) return;
      picker.value = realDay(dateText(this.props.value)) ? dateText(this.props.value) : "";
      try {
        picker.showPicker();
      } catch (e) {
        picker.focus();
      }
    },
    render: function () {
      var self = this;
      var props = this.props;
      var label = props.field.get("label") || props.field.get("name");
      var text = dateText(props.value);
      return h(
        "div",
        { style: { position: "relative" } },
        h("input", {
          id: props.forID,
          type: "text",
          className: props.classNameWrapper,
          value: text,
          inputMode: "numeric",
          autoComplete: "off",
          spellCheck: false,
          placeholder: "YYYY-MM-DD，如 2025-09-15",
          "data-gk-date": "",
          onChange: function (event) {
            props.onChange(event.target.value);
          },
          onFocus: props.setActiveStyle,
          onBlur: props.setInactiveStyle,
          style: { paddingRight: "72px" },
        }),
        h(
          "button",
          {
            type: "button",
            "aria-label": "从日历中选择" + label,
            onClick: function () {
              self.pick();
            },
            style: {
              position: "absolute", right: "8px", top: "50%", transform: "translateY(-50%)", padding: "4px 10px",
              border: "1px solid #798291", borderRadius: "4px", background: "#fff", color: "#313d3e", cursor: "pointer",
              font: "inherit", fontSize: "13px",
            },
          },
          "日历"
        ),
        h("input", {
          type: "date",
          tabIndex: -1,
          "aria-hidden": "true",
          "data-gk-calendar": "",
          ref: function (node) {
            self.picker = node;
          },
          onChange: function (event) {
            if (event.target.value) props.onChange(event.target.value);
          },
          style: {
            position: "absolute", right: "8px", bottom: "0", width: "1px", height: "1px", opacity: "0",
            border: "0", padding: "0", pointerEvents: "none",
          },
        })
      );
    },
  });
  var DatePreview = createClass({
    render: function () {
      return h("span", null, dateText(this.props.value));
    },
  });
  CMS.registerWidget("gongkai-date", DateControl, DatePreview);

  // -- The preview: the record page's title, 信息索引 box, body and attachments. ---------------

  function cnDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value || ""));
    return m ? m[1] + "年" + m[2] + "月" + m[3] + "日" : "";
  }

  function shown(key, value) {
    if (value && typeof value.toJS === "function") value = value.toJS();
    if (key === "published" || key === "written") return cnDate(value);
    if (key === "topic") return value ? String(value).replace(/\//g, "\\") : "";
    if (key === "keywords") return Array.isArray(value) ? value.join("、") : value || "";
    if (key === "validity") return value || "有效";
    return value ? String(value) : "";
  }

  // The body as the portal renders it (the site's Markdown extensions, then its cleaning), asked of
  // the local server a moment after the clerk stops typing; hosted, Decap's own rendering.
  var local = setup.mode === "local";

  var RecordPreview = createClass({
    getInitialState: function () {
      return { html: null };
    },
    componentDidMount: function () {
      this.ask();
    },
    componentDidUpdate: function () {
      this.ask();
    },
    componentWillUnmount: function () {
      clearTimeout(this.timer);
      this.gone = true;
    },
    ask: function () {
      if (!local) return;
      var body = this.props.entry.getIn(["data", "body"]) || "";
      if (body === this.asked) return;
      this.asked = body;
      var self = this;
      clearTimeout(this.timer);
      this.timer = setTimeout(function () {
        originalFetch(setup.config.backend.proxy_url, {
          method: "POST",
          headers: { "Content-Type": "application/json; charset=utf-8" },
          body: JSON.stringify({ action: "gongkaiPreview", params: { body: body } }),
        })
          .then(function (response) {
            return response.ok ? response.json() : null;
          })
          .then(function (answer) {
            if (answer && !self.gone && self.asked === body) self.setState({ html: answer.html });
          }, function () {});
      }, 300);
    },
    render: function () {
      var entry = this.props.entry;
      var data = function (key) {
        return entry.getIn(["data", key]);
      };
      var rows = setup.metaBox.map(function (row, i) {
        var cells = [];
        row.forEach(function (cell) {
          var value = shown(cell[0], data(cell[0]));
          cells.push(h("th", { key: cell[0] + "-th", scope: "row" }, cell[1]));
          cells.push(h("td", { key: cell[0], colSpan: row.length === 1 ? 3 : undefined }, value || "—"));
        });
        return h("tr", { key: i }, cells);
      });
      var attachments = (data("attachments") && data("attachments").toJS ? data("attachments").toJS() : []) || [];
      return h(
        "article",
        { className: "md-typeset gk-preview" },
        h("h1", null, data("title") || ""),
        h("table", { className: "gk-meta", "aria-label": "信息索引" }, h("tbody", null, rows)),
        local && this.state.html !== null
          ? h("div", { className: "gk-body", "data-gk-portal": "", dangerouslySetInnerHTML: { __html: this.state.html } })
          : h("div", { className: "gk-body" }, this.props.widgetFor("body")),
        attachments.length
          ? h(
              "section",
              null,
              h("h2", null, "附件"),
              h(
                "ul",
                null,
                attachments.map(function (a, i) {
                  return h("li", { key: i }, (a && (a.title || a.file)) || "");
                })
              )
            )
          : null
      );
    },
  });
  CMS.registerPreviewStyle(new URL("preview.css", document.baseURI).href);
  setup.config.collections.forEach(function (collection) {
    CMS.registerPreviewTemplate(collection.name, RecordPreview);
  });

  // -- Local mode's backend: Decap's proxy backend, with a list a page at a time. --------------
  // Decap draws every entry its backend lists (20 s for a folder of 10,000 records); it asks for
  // more when the clerk scrolls to the end of the list if the backend's answer carries a cursor.
  // Decap reads that cursor from the entries under a Symbol of its own (decap-cms-lib-util's
  // CURSOR_COMPATIBILITY_SYMBOL, not exported): the array is wrapped to answer it by its
  // description. Decap's search and the 草稿 filter read a whole list (allEntriesByFolder), of
  // which the server sends only the keys its rows show (gongkai/editor/listing.py). A search does
  // not say what it looks for: the page's address does (#/search/<words>, or
  // #/collections/<name>/search/<words>), and the server answers with the newest records of the
  // list that hold the words (setup.searchSize of them), which Decap then ranks itself.
  //
  // The 草稿 filter replaces the list's pages by the whole list, and drops the list's cursor, when
  // its read is answered; meanwhile it shows the drafts of the pages already there, so the end of
  // that short list comes into view and asks for the next page (Decap's react-waypoint, which
  // looks a tick after each drawing, with what it was drawn with). That page was appended to the
  // whole list (its drafts shown twice); and an end drawn before the whole list came, looking
  // after it came but before the list was drawn again, asked the dropped cursor for its next
  // page: 加载内容失败 (Decap's traverseCollectionCursor checks its stored cursor). So a cursor given
  // before a whole read of its list began is spent at once (no entries, no next page), and the
  // whole read is handed over only once the list that had a next page is drawn without it. A list
  // opened again starts from a new cursor.

  var CURSOR_KEY = "cursor key for compatibility with old backends";
  // Milliseconds a whole read waits for the list's end to ask for its next page, and then for the
  // list to be drawn again (see settled).
  var SPEND_WAIT = 300;
  var REDRAW_WAIT = 50;

  function withCursor(entries, cursor) {
    return new Proxy(entries, {
      get: function (target, prop, receiver) {
        if (typeof prop === "symbol" && prop.description === CURSOR_KEY) return cursor;
        return Reflect.get(target, prop, receiver);
      },
    });
  }

  var SEARCH = /^#\/(?:collections\/[^/]+\/)?search\/([^/?#]+)/;

  function searching() {
    var match = SEARCH.exec(window.location.hash);
    if (!match) return null;
    try {
      return decodeURIComponent(match[1]);
    } catch (e) {
      return match[1];
    }
  }

  function GongkaiBackend(config, options) {
    var inner = CMS.getBackend("proxy").init(config, options);
    var backend = Object.create(inner);
    // Per list folder: how many whole reads began (a cursor carries the count it was given at);
    // whether the list Decap holds has a next page; who waits for its cursor to be spent.
    var wholeReads = {};
    var more = {};
    var onSpent = {};
    function page(folder, number) {
      var reads = wholeReads[folder] || 0;
      return inner
        .request({ action: "gongkaiEntries", params: { folder: folder, page: number, per_page: setup.pageSize } })
        .then(function (answer) {
          var actions = [];
          if (answer.page < answer.pages) actions.push("next", "last");
          if (answer.page > 1) actions.push("prev", "first");
          more[folder] = answer.page < answer.pages;
          var cursor = {
            actions: actions,
            data: { folder: folder, page: answer.page, wholeReads: reads },
            meta: { page: answer.page, count: answer.total, pageSize: setup.pageSize, pageCount: answer.pages },
          };
          return { entries: answer.entries, cursor: cursor };
        });
    }
    // A cursor given before a whole read of its list began: no entries, and no page after it.
    function spend(cursor) {
      var folder = cursor.data.get("folder");
      var done = onSpent[folder];
      delete onSpent[folder];
      more[folder] = false;
      if (done) done();
      return Promise.resolve({
        entries: [],
        cursor: { actions: [], data: cursor.data.toJS(), meta: cursor.meta.toJS() },
      });
    }
    // The whole list is handed to Decap once the list it replaces has no next page to ask for:
    // its cursor spent (then the list is drawn again without the end that asks), or, when the end
    // of the list was not in view (nothing asked), after a moment.
    function settled(folder) {
      if (!more[folder]) return Promise.resolve();
      return new Promise(function (resolve) {
        var timer = setTimeout(resolve, SPEND_WAIT);
        onSpent[folder] = function () {
          clearTimeout(timer);
          setTimeout(resolve, REDRAW_WAIT);
        };
      }).then(function () {
        delete onSpent[folder];
        more[folder] = false;
      });
    }
    backend.entriesByFolder = function (folder) {
      return page(folder, 1).then(function (answer) {
        return withCursor(answer.entries, answer.cursor);
      });
    };
    backend.traverseCursor = function (cursor, action) {
      var folder = cursor.data.get("folder");
      if ((cursor.data.get("wholeReads") || 0) !== (wholeReads[folder] || 0)) return spend(cursor);
      var number = cursor.data.get("page");
      var count = cursor.meta.get("pageCount");
      var to = { next: number + 1, prev: number - 1, first: 1, last: count }[action];
      return to ? page(folder, to) : Promise.reject(new Error("Unknown cursor action " + action));
    };
    backend.allEntriesByFolder = function (folder, extension, depth) {
      var words = searching();
      if (words === null) {
        wholeReads[folder] = (wholeReads[folder] || 0) + 1;
        return Promise.all([inner.entriesByFolder(folder, extension, depth), settled(folder)]).then(function (both) {
          return both[0];
        });
      }
      var params = { folder: folder, page: 1, per_page: setup.searchSize, query: words };
      return inner.request({ action: "gongkaiEntries", params: params }).then(function (answer) {
        return answer.entries;
      });
    };
    return backend;
  }
  if (local) {
    CMS.registerBackend("gongkai", GongkaiBackend);
    // Decap's toast for a save that failed reads "保存内容失败: API_ERROR: …" (the name of its
    // error class before the server's answer). With the local server the panel above says what
    // failed and how to fix it, in full: the toast points there. (A hosted editor keeps Decap's.)
    var phrases = CMS.getLocale(setup.config.locale);
    if (phrases && phrases.ui && phrases.ui.toast) phrases.ui.toast.onFailToPersist = "没有保存：原因和改法见右下角。";
    // Decap writes its media toasts in English, not from its phrases ("Failed to persist media:
    // API_ERROR: …"): said in Chinese as they appear.
    var english = [
      [/^Failed to persist media: (?:API_ERROR: )?/, "附件没有保存："],
      [/^Failed to delete media: (?:API_ERROR: )?/, "没有删除："],
      [/^Failed to load media: (?:API_ERROR: )?/, "附件没有读出："],
    ];
    new MutationObserver(function () {
      document.querySelectorAll(".Toastify__toast-body, .Toastify__toast").forEach(function (toast) {
        var walker = document.createTreeWalker(toast, NodeFilter.SHOW_TEXT);
        for (var node = walker.nextNode(); node; node = walker.nextNode()) {
          english.forEach(function (pair) {
            if (pair[0].test(node.nodeValue)) node.nodeValue = node.nodeValue.replace(pair[0], pair[1]);
          });
        }
      });
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  // Words Decap's Chinese phrases lack (it shows the English) or that it hard-codes: the body's
  // 添加组件 menu (its components are registered with English labels), a toolbar tooltip, the
  // names a screen reader reads out.
  var phrasesOf = CMS.getLocale(setup.config.locale);
  var markdown = phrasesOf && phrasesOf.editor && phrasesOf.editor.editorWidgets && phrasesOf.editor.editorWidgets.markdown;
  if (markdown && !markdown.strikethrough) markdown.strikethrough = "删除线";
  var WORDS = {
    "Code Block": "代码块", Image: "图片", Strikethrough: "删除线", Expand: "展开", "Account options dropdown": "账户选项",
    "string field": "文字", "text field": "多行文字", "select field": "选择", "list field": "列表",
    "object field": "组合", "boolean field": "开关", "markdown field": "正文", "date field": "日期",
  };
  function chinese(root) {
    root.querySelectorAll("[role=menuitem], [aria-label], [title]").forEach(function (el) {
      ["aria-label", "title"].forEach(function (name) {
        var value = el.getAttribute(name);
        if (value && WORDS[value]) el.setAttribute(name, WORDS[value]);
      });
      if (el.getAttribute("role") !== "menuitem") return;
      var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        var word = WORDS[node.nodeValue.trim()];
        if (word) node.nodeValue = word;
      }
    });
  }
  new MutationObserver(function () { chinese(document); }).observe(document.body, { childList: true, subtree: true });

  CMS.init({ config: setup.config });
})();
