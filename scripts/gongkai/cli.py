"""The `gongkai` command: check records, print the schema."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .catalog import load_catalog
from .problems import InputError
from .schema import fields_markdown, json_schema
from .settings import Settings, read_mkdocs_settings
from .taxonomy import load_taxonomy


def find_config(given: str | None) -> Path:
    """The site's mkdocs.yml: the one given, or the nearest in this folder or above (as git finds .git)."""
    if given:
        return Path(given)
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder / "mkdocs.yml"
    return here / "mkdocs.yml"


def _settings(config: Path):
    if not config.is_file():
        raise SystemExit(f"找不到 {config}：请在网站目录（mkdocs.yml 所在目录）中运行，或用 --config 指明。")
    return read_mkdocs_settings(config)


def cmd_check(args) -> int:
    config = find_config(args.config)
    try:
        settings = _settings(config)
        catalog = load_catalog(config.parent, settings)
    except InputError as exc:
        print(exc.problems.report(), file=sys.stderr)
        return 1
    if catalog.problems.warnings:
        print(catalog.problems.report(), file=sys.stderr)
    for exemption in catalog.exemptions:
        print(exemption.describe())
    n, drafts = len(catalog.records), len(catalog.drafts)
    note = f"，{drafts} 条草稿不发布" if drafts else ""
    print(f"OK, {n + drafts} records（检查通过：{n} 条将发布{note}）")
    return 0


def cmd_mask(args) -> int:
    """Mask personal data in records, in place; attachments are only reported."""
    from . import attachtext, frontmatter, pii
    from .problems import Problems
    from .schema import PII_KINDS

    config = find_config(args.config)
    try:
        settings = read_mkdocs_settings(config) if config.is_file() else Settings()
    except InputError as exc:
        print(exc.problems.report(), file=sys.stderr)
        return 1
    style = pii.MASK_STYLES[settings.pii_mask_style]
    status = 0
    for name in args.files:
        path = Path(name)
        problems = Problems()
        text = frontmatter.read_text(path, problems) if path.is_file() else None
        source = frontmatter.split(path, text, problems) if text is not None else None
        if source is None:
            print(problems.report() if problems.items else f"{name}: 找不到这个文件。", file=sys.stderr)
            status = 1
            continue
        exempt = source.front.get("pii_exempt") or {}
        exempt_kinds = {PII_KINDS.get(k) for k in exempt.get("kinds", [])} if isinstance(exempt, dict) else set()
        kinds = tuple(k for k in (PII_KINDS[x] for x in settings.pii_kinds) if k not in exempt_kinds)
        masked, hits = pii.mask(text, kinds, style, settings.pii_allow_emails)
        if hits:
            check = Problems()
            if frontmatter.split(path, masked, check) is None:
                print(f"{name}: 遮盖后头部信息无法解析，文件未修改：\n{check.report()}", file=sys.stderr)
                status = 1
                continue
            path.write_text(masked, encoding="utf-8")
            for hit in hits:
                print(f"{name}:{hit.line}: 已遮盖{pii.LABELS[hit.kind]}，改为 {hit.masked}")
        else:
            print(f"{name}: 没有需要遮盖的个人信息。")
        for item in source.front.get("attachments") or []:
            file = item.get("file") if isinstance(item, dict) else item
            target = path.parent / str(file)
            if not target.is_file():
                continue
            try:
                found = sum(
                    len(pii.find(t, kinds, style, settings.pii_allow_emails)) for _, t in attachtext.texts(target)
                )
            except attachtext.Unreadable:
                continue
            if found:
                print(
                    f"{name}: 附件 {file} 有 {found} 处个人信息，本命令不修改附件：请在原文件中去标识化后重新生成。",
                    file=sys.stderr,
                )
                status = 1
    return status


def cmd_schema(args) -> int:
    if args.markdown:
        sys.stdout.write(fields_markdown())
        return 0
    config = find_config(args.config)
    taxonomy = settings = None
    if config.is_file():
        from .problems import Problems

        try:
            settings = read_mkdocs_settings(config)
        except InputError as exc:
            print(exc.problems.report(), file=sys.stderr)
            return 1
        taxonomy = load_taxonomy(settings.records_path(config.parent) / settings.taxonomy, Problems())
    print(json.dumps(json_schema(taxonomy, settings), ensure_ascii=False, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    # --config is accepted before or after the command (gongkai -f x.yml check, gongkai check -f x.yml).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        "-f",
        default=argparse.SUPPRESS,
        help="mkdocs.yml 的位置（默认：当前目录或上级目录中的 mkdocs.yml）",
    )
    parser = argparse.ArgumentParser(
        prog="gongkai", description="政府信息公开网站：检查记录、导出字段说明。", parents=[common]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查 records 目录中的全部记录", parents=[common])
    check.set_defaults(func=cmd_check)
    mask = sub.add_parser("mask", help="遮盖记录中的身份证号、手机号码等个人信息（直接修改文件）", parents=[common])
    mask.add_argument("files", nargs="+", metavar="FILE", help="记录文件（.md）")
    mask.set_defaults(func=cmd_mask)
    schema = sub.add_parser("schema", help="输出记录字段的 JSON Schema（供编辑器校验）", parents=[common])
    schema.add_argument("--markdown", action="store_true", help="输出字段说明表（Markdown）")
    schema.set_defaults(func=cmd_schema)
    args = parser.parse_args(argv)
    args.config = getattr(args, "config", None)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
