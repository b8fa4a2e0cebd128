"""`gongkai edit`: start the browser editor on this machine (gongkai.editor.server)."""

from __future__ import annotations

import sys
import webbrowser

from gongkai.cli.common import find_config, site_settings
from gongkai.editor.gitcommit import AUTHOR, Committer
from gongkai.editor.server import NoBundle, serve
from gongkai.model.taxonomy import load_taxonomy
from gongkai.text.problems import Problems


def add_parser(sub, common) -> None:
    edit = sub.add_parser(
        "edit",
        help="在浏览器中编辑记录：在本机启动编辑器（保存时检查，未通过的存为草稿）",
        parents=[common],
    )
    edit.add_argument("--port", type=int, default=8010, help="端口（默认 8010；0 表示任选一个空闲端口）")
    edit.add_argument(
        "--host",
        default="127.0.0.1",
        help="监听地址（默认 127.0.0.1，只有本机能访问；改成其他地址会让别人也能写入记录，请谨慎）",
    )
    edit.add_argument("--commit", action="store_true", help="每次保存后用 --author 提交到 git")
    edit.add_argument("--author", metavar="'姓名 <邮箱>'", help="提交人，如 '张三 <zhangsan@example.gov.cn>'")
    edit.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    edit.set_defaults(func=cmd_edit)


def cmd_edit(args) -> int:
    config = find_config(args.config)
    settings = site_settings(config)
    base = config.parent
    problems = Problems(root=base)
    taxonomy = load_taxonomy(settings.records_path(base) / settings.taxonomy, problems)
    if taxonomy is None:
        print(problems.report(), file=sys.stderr)
        print("分类体系有错误，编辑器无法生成表单。请先改好 taxonomy.yml。", file=sys.stderr)
        return 1
    on_saved = None
    if args.commit:
        if not args.author or not AUTHOR.match(args.author):
            print("--commit 需要 --author '姓名 <邮箱>'，如 --author '张三 <zhangsan@example.gov.cn>'", file=sys.stderr)
            return 2
        on_saved = Committer(base, args.author)
    try:
        server = serve(base, settings, taxonomy, host=args.host, port=args.port, on_saved=on_saved, config_file=config)
    except NoBundle as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"无法在 {args.host}:{args.port} 启动编辑器（{exc.strerror or exc}）。改用 --port 换一个端口。",
            file=sys.stderr,
        )
        return 1
    print(f"编辑器已启动：{server.url}（按 Ctrl+C 停止）", flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"注意：编辑器在 {args.host} 上监听，同一网络中的其他人也能修改记录。", flush=True)
    if not args.no_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\n编辑器已停止。")
    finally:
        server.server_close()
    return 0
