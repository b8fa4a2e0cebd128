"""gongkai/publish/htmlspace.py: the templates' indentation taken out around a page's article, nothing else."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from gongkai.publish.htmlspace import collapse

PAGE = """<!doctype html>
<html>
  <head>
    <script>
      var a = 1;
          var b = "  two  ";
    </script>
    <style>
      .x  {  color: red }
    </style>
  </head>
  <body>
    <nav class="md-nav">
      <ul>
        <li>
          <a href="/" title="a
             b">
            首页
          </a>
        </li>
      </ul>
    </nav>
    <pre>  kept
        as is  </pre>
    <textarea>
      typed  </textarea>
    <p>全角　空格 stays</p>
    <article class="md-content__inner md-typeset">
      <p>
          the record's own   text
      </p>
      <pre><code>  indented
      code</code></pre>
    </article>
    <!--   a
         comment -->
    <footer>
        页脚
    </footer>
  </body>
</html>
"""


def test_whitespace_with_a_line_break_becomes_one_line_break_around_the_article():
    out = collapse(PAGE)
    kept = re.compile(r"<(script|style|pre|textarea|article)\b.*?</\1>|<!--.*?-->|<[^>]*>", re.S)
    outside = kept.sub("<>", out)
    assert "\n " not in outside and " \n" not in outside and "\n\n" not in outside
    assert '<a href="/" title="a\n             b">\n首页\n</a>' in out  # the tag as it was, its text collapsed
    assert len(out) < len(PAGE) - 100


def test_scripts_styles_pre_textarea_comments_and_the_article_are_kept_byte_for_byte():
    out = collapse(PAGE)
    for kept in (
        '<script>\n      var a = 1;\n          var b = "  two  ";\n    </script>',
        "<style>\n      .x  {  color: red }\n    </style>",
        "<pre>  kept\n        as is  </pre>",
        "<textarea>\n      typed  </textarea>",
        "<!--   a\n         comment -->",
        "全角　空格 stays",  # U+3000 is text, not indentation
        _article(PAGE),
    ):
        assert kept in out, kept


def test_the_page_reads_the_same():
    def text(html):
        soup = BeautifulSoup(html, "html.parser")
        return " ".join(soup.get_text(" ").split()), [str(t) for t in soup.find_all(["pre", "textarea", "script"])]

    assert text(collapse(PAGE)) == text(PAGE)


def test_a_page_without_an_article_is_collapsed_whole():
    assert collapse("<div>\n    <p>\n      x\n    </p>\n</div>\n") == "<div>\n<p>\nx\n</p>\n</div>\n"


def _article(html: str) -> str:
    start = html.index("<article")
    return html[start : html.index("</article>") + len("</article>")]
