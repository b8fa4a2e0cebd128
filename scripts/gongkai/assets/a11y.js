/* gongkai 无障碍 (accessibility) and 适老化 (for elderly readers): the toolbar, keyboard access to
 * the theme's menu, and focusable wide tables.
 *
 * Deferred by templates/partials/gongkai-a11y.html, whose small inline script has already applied
 * the reader's saved choices before the page was drawn (no jump) the same way as apply() here.
 * Choices are kept in localStorage, on this device only; nothing is sent anywhere, nothing comes
 * from another host. Reading aloud uses the browser's own speech synthesis.
 */
(function () {
  "use strict";

  var KEY = "gongkai-a11y";
  var SIZES = [100, 125, 150, 175, 200]; // text size steps, % of the theme's
  var FLAGS = ["contrast", "spacing", "cursor", "simple"];
  var ELDER = { size: 150, spacing: true, cursor: true, simple: true }; // 长者模式
  var root = document.documentElement;

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(KEY) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (e) {
      return {}; // storage off (private mode, policy): choices last for this page only
    }
  }

  function save(state) {
    try {
      if (Object.keys(state).length) localStorage.setItem(KEY, JSON.stringify(state));
      else localStorage.removeItem(KEY);
    } catch (e) { /* see load() */ }
  }

  var state = load();

  // The settings panel, written here rather than into every page (templates/partials/gongkai-a11y.html):
  // it stays hidden until the toolbar's 无障碍 button opens it, and is of no use without this script.
  var PANEL =
    '<div class="gk-a11y__panel md-grid" id="gk-a11y-panel" role="group" aria-label="无障碍设置" hidden>' +
    '<span class="gk-a11y__group" role="group" aria-label="字号"><span aria-hidden="true">字号</span> ' +
    '<button type="button" data-gk-a11y-size="-1" aria-label="缩小字号">A−</button> ' +
    '<output class="gk-a11y__size" aria-live="polite" data-gk-a11y-size-now>100%</output> ' +
    '<button type="button" data-gk-a11y-size="1" aria-label="放大字号">A+</button></span> ' +
    '<button type="button" aria-pressed="false" data-gk-a11y-flag="contrast">高对比度</button> ' +
    '<button type="button" aria-pressed="false" data-gk-a11y-flag="spacing">加大行距</button> ' +
    '<button type="button" aria-pressed="false" data-gk-a11y-flag="cursor">大鼠标</button> ' +
    '<button type="button" aria-pressed="false" data-gk-a11y-flag="simple">简洁版式</button> ' +
    '<button type="button" data-gk-a11y-read>朗读</button> ' +
    '<button type="button" data-gk-a11y-stop hidden>停止朗读</button> ' +
    '<button type="button" data-gk-a11y-reset>重置</button></div>';
  var toolbar = document.querySelector("[data-gk-a11y]");
  if (toolbar && !toolbar.querySelector(".gk-a11y__panel")) {
    toolbar.insertAdjacentHTML("beforeend", PANEL);
    // What a button did, said where it is heard with the panel closed too (长者模式 is outside it).
    toolbar.querySelector(".gk-a11y__bar").insertAdjacentHTML(
      "beforeend", '<p class="gk-a11y__status" role="status" data-gk-a11y-status></p>');
  }

  function size() {
    return SIZES.indexOf(state.size) >= 0 ? state.size : 100;
  }

  // 高对比度 follows the system's "more contrast" (Windows' contrast themes, macOS' Increase contrast)
  // until the reader presses the button: their choice is kept, off too, for as long as it differs
  // from the system's (change()); 重置 and leaving 长者模式 follow the system again.
  var MORE = window.matchMedia ? window.matchMedia("(prefers-contrast: more)") : null;
  function systemContrast() {
    return !!(MORE && MORE.matches);
  }
  function on(flag) {
    if (flag === "contrast" && typeof state.contrast !== "boolean") return systemContrast();
    return !!state[flag];
  }

  // The choices as classes on <html> and the text scale as a CSS variable (gongkai.css uses both).
  function apply() {
    FLAGS.forEach(function (flag) { root.classList.toggle("gk-" + flag, on(flag)); });
    root.classList.toggle("gk-large", size() >= 150);
    if (size() === 100) root.style.removeProperty("--gk-text");
    else root.style.setProperty("--gk-text", String(size() / 100));
    var bar = document.querySelector("[data-gk-a11y]");
    if (!bar) return;
    FLAGS.forEach(function (flag) {
      var button = bar.querySelector('[data-gk-a11y-flag="' + flag + '"]');
      if (button) button.setAttribute("aria-pressed", String(on(flag)));
    });
    bar.querySelector("[data-gk-a11y-elder]").setAttribute("aria-pressed", String(!!state.elder));
    bar.querySelector("[data-gk-a11y-size-now]").textContent = size() + "%";
    bar.querySelector('[data-gk-a11y-size="-1"]').disabled = size() === SIZES[0];
    bar.querySelector('[data-gk-a11y-size="1"]').disabled = size() === SIZES[SIZES.length - 1];
  }

  function change(update) {
    update();
    if (state.size === 100) delete state.size;
    if (state.contrast === systemContrast()) delete state.contrast; // kept where it differs, off too
    FLAGS.concat(["elder"]).forEach(function (flag) {
      if (flag !== "contrast" && !state[flag]) delete state[flag];
    });
    save(state);
    apply();
    if (document.readyState === "complete") regions(); // the text size changes the widths
  }

  apply();
  if (MORE && MORE.addEventListener) MORE.addEventListener("change", apply);

  // -- the toolbar --------------------------------------------------------------------------------
  var bar = document.querySelector("[data-gk-a11y]");
  if (bar) {
    bar.hidden = false;
    var toggle = bar.querySelector(".gk-a11y__toggle");
    var panel = bar.querySelector(".gk-a11y__panel");
    var status = bar.querySelector("[data-gk-a11y-status]");
    var stop = bar.querySelector("[data-gk-a11y-stop]");
    var say = function (text) { status.textContent = text; };

    var open = function (yes) {
      panel.hidden = !yes;
      toggle.setAttribute("aria-expanded", String(yes));
    };
    toggle.addEventListener("click", function () { open(panel.hidden); });
    // Escape closes the panel from the 无障碍 button too, right after opening it.
    bar.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        open(false);
        toggle.focus();
      }
    });
    bar.querySelectorAll("[data-gk-a11y-size]").forEach(function (button) {
      button.addEventListener("click", function () {
        var step = Number(button.getAttribute("data-gk-a11y-size"));
        var at = Math.min(SIZES.length - 1, Math.max(0, SIZES.indexOf(size()) + step));
        change(function () { state.size = SIZES[at]; });
        say("字号 " + size() + "%");
      });
    });
    bar.querySelectorAll("[data-gk-a11y-flag]").forEach(function (button) {
      button.addEventListener("click", function () {
        var flag = button.getAttribute("data-gk-a11y-flag");
        change(function () { state[flag] = !on(flag); });
      });
    });
    bar.querySelector("[data-gk-a11y-elder]").addEventListener("click", function () {
      change(function () {
        if (state.elder) {
          state = {};
        } else {
          state.elder = true;
          state.size = Math.max(size(), ELDER.size);
          Object.keys(ELDER).forEach(function (k) { if (k !== "size") state[k] = ELDER[k]; });
        }
      });
      say(state.elder ? "已进入长者模式：大字号、加大行距、大鼠标、简洁版式" : "已退出长者模式");
    });
    bar.querySelector("[data-gk-a11y-reset]").addEventListener("click", function () {
      quiet();
      change(function () { state = {}; });
      say("已恢复默认设置");
    });

    // -- reading aloud: the selection, else the page's main text ------------------------------------
    var speech = window.speechSynthesis;

    function quiet() {
      if (speech) speech.cancel();
      stop.hidden = true;
    }

    function chineseVoice() {
      var voices = speech ? speech.getVoices() : [];
      for (var i = 0; i < voices.length; i++) {
        if (/^zh([-_]|$)/i.test(voices[i].lang) && /CN|Hans/i.test(voices[i].lang)) return voices[i];
      }
      for (var j = 0; j < voices.length; j++) if (/^(zh|cmn)/i.test(voices[j].lang)) return voices[j];
      return null;
    }

    // Voices arrive asynchronously in some browsers: wait for them a little.
    function withVoice(then) {
      if (!speech || typeof window.SpeechSynthesisUtterance !== "function") return then(null);
      var voice = chineseVoice();
      if (voice || speech.getVoices().length) return then(voice);
      var done = false;
      var finish = function () { if (!done) { done = true; then(chineseVoice()); } };
      speech.addEventListener("voiceschanged", finish, { once: true });
      setTimeout(finish, 1000);
    }

    function mainText() {
      var main = document.querySelector(".md-content article") || document.querySelector("main") || document.body;
      return (main.innerText || main.textContent || "").replace(/\s+\n/g, "\n").trim();
    }

    // Long texts are cut into sentences: some engines stop an utterance after about 15 seconds.
    function sentences(text) {
      var out = [];
      text.split(/(?<=[。！？；!?;\n])/).forEach(function (part) {
        part = part.trim();
        while (part.length > 200) { out.push(part.slice(0, 200)); part = part.slice(200); }
        if (part) out.push(part);
      });
      return out;
    }

    bar.querySelector("[data-gk-a11y-read]").addEventListener("click", function () {
      var selected = String(window.getSelection ? window.getSelection() : "").trim();
      var text = selected || mainText();
      withVoice(function (voice) {
        if (!voice) {
          say("本浏览器没有中文语音，无法朗读。可在电脑或手机的系统设置中安装中文语音，或使用读屏软件。");
          return;
        }
        quiet();
        var parts = sentences(text);
        parts.forEach(function (part, i) {
          var utterance = new SpeechSynthesisUtterance(part);
          utterance.lang = voice.lang;
          utterance.voice = voice;
          utterance.rate = 0.9;
          if (i === parts.length - 1) utterance.onend = function () { stop.hidden = true; say("朗读结束"); };
          speech.speak(utterance);
        });
        stop.hidden = false;
        say(selected ? "正在朗读选中的文字" : "正在朗读本页正文");
      });
    });
    stop.addEventListener("click", function () {
      quiet();
      say("已停止朗读");
      bar.querySelector("[data-gk-a11y-read]").focus();
    });
  }

  // -- the rest needs the whole page ----------------------------------------------------------------
  function ready(then) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", then);
    else then();
  }

  // The theme's menu button, its sections' toggles and its sub-menus' titles are <label>s for
  // hidden checkboxes: not focusable (or focusable with no name or role). Each becomes a real
  // <button> that ticks its checkbox, with a name and its state; without JavaScript the labels
  // stay, for the mouse. Escape closes the menu, and so does focus leaving it (its closed,
  // off-screen links are out of the Tab order by gongkai.css).
  function asButton(label, box, name) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className;
    if (label.id) button.id = label.id; // a sub-menu's aria-labelledby points at it
    button.innerHTML = label.innerHTML;
    button.setAttribute("data-gk-for", box.id);
    // Kept as an attribute for the theme's CSS, whose rules select [for=…] (a button ignores it).
    button.setAttribute("for", box.id);
    if (name) button.setAttribute("aria-label", name);
    button.addEventListener("click", function () { box.click(); });
    label.replaceWith(button);
    return button;
  }

  ready(function () {
    var drawer = document.getElementById("__drawer");
    var label = document.querySelector(".md-header label[for=__drawer]");
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!drawer || !label || !sidebar) return;
    sidebar.id = sidebar.id || "__drawer-menu";
    var button = asButton(label, drawer, "导航菜单");
    button.setAttribute("aria-controls", sidebar.id);
    drawer.addEventListener("change", function () {
      button.setAttribute("aria-expanded", String(drawer.checked));
      // Opened from the keyboard: focus goes to the menu's first visible stop.
      if (drawer.checked && document.activeElement === button) {
        var stops = sidebar.querySelectorAll("a[href], button");
        for (var i = 0; i < stops.length; i++) {
          if (stops[i].checkVisibility && !stops[i].checkVisibility({ visibilityProperty: true })) continue;
          stops[i].focus();
          break;
        }
      }
    });
    button.setAttribute("aria-expanded", String(drawer.checked));
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        drawer.click();
        button.focus();
      }
    });
    document.addEventListener("focusin", function (event) {
      if (drawer.checked && !sidebar.contains(event.target) && event.target !== button) drawer.click();
    });
    // A sub-menu covers its parent's list, the button that opened it with it: pressed from the
    // keyboard, focus goes into the sub-menu (its way back), and back to that button on the way
    // back, rather than to the page's body with the covered button. (A button that stays in view,
    // as on a desktop, keeps the focus.)
    var backs = {};
    var shown = function (el) {
      return !el.checkVisibility || el.checkVisibility({ visibilityProperty: true });
    };
    sidebar.querySelectorAll("label.md-nav__link[for], label.md-nav__title[for]").forEach(function (label) {
      var box = document.getElementById(label.getAttribute("for"));
      if (!box || box === drawer) return;
      if (label.classList.contains("md-nav__title")) {
        backs[box.id] = asButton(label, box, "返回上一级菜单（" + label.textContent.trim() + "）");
        return;
      }
      var link = label.parentElement.querySelector("a");
      var text = label.textContent.trim();
      // The current page's entry opens its contents: named so, not as the page (首页 that does not go home).
      var name = box.id === "__toc" ? text + "：本页目录" : text ? "" : (link ? link.textContent.trim() : "") + "：下一级栏目";
      var toggle = asButton(label, box, name);
      var state = function () { toggle.setAttribute("aria-expanded", String(box.checked)); };
      state();
      box.addEventListener("change", function () {
        var from = document.activeElement;
        state();
        var back = backs[box.id];
        // Without scrolling: the sub-menu is still sliding in, and the menu's box would scroll sideways to it.
        if (box.checked && from === toggle && !shown(toggle) && back && shown(back)) back.focus({ preventScroll: true });
        else if (!box.checked && from === back) toggle.focus({ preventScroll: true });
      });
    });
  });

  // Wide tables (and charts on a phone) scroll inside their box: that box is made a named, focusable
  // region when it does overflow, so a keyboard can scroll it (arrow keys) and a screen reader says
  // what it is.
  function regions() {
    document.querySelectorAll(".md-typeset__scrollwrap, .gk-wide, .gk-chart__plot").forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      var table = box.querySelector("table");
      // The chart's own caption: a table's box has none (the first figcaption of the article named
      // the 统计 page's tables after its first chart).
      var figure = box.closest("figure");
      var caption = figure ? figure.querySelector("figcaption") : null;
      if (wide && !box.hasAttribute("tabindex")) {
        var heading = null;
        for (var el = box.previousElementSibling; el && !heading; el = el.previousElementSibling) {
          if (/^H[1-6]$/.test(el.tagName)) heading = el;
        }
        var head = table && table.tHead ? table.tHead.innerText.replace(/\s+/g, " ").trim() : "";
        var name = (table && table.getAttribute("aria-label")) || (caption ? caption.textContent.trim() : "") ||
          (heading ? heading.textContent.trim() : "") || head;
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (name ? name + "，" : "") + (caption ? "图" : "表格") + "较宽，可左右滚动");
        box.classList.add("gk-overflows");
      } else if (!wide && box.classList.contains("gk-overflows")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.classList.remove("gk-overflows");
      }
    });
  }
  window.addEventListener("load", regions);
  var pending = 0;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(regions, 150);
  });
})();
