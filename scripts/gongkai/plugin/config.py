"""Config of the MkDocs plugin: the same options, types and defaults as `Settings`."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

from ..settings import Settings

_D = Settings()


class GongkaiConfig(Config):
    records_dir = opt.Type(str, default=_D.records_dir)
    taxonomy = opt.Type(str, default=_D.taxonomy)
    index_no_pattern = opt.Type(str, default=_D.index_no_pattern)
    url_prefix = opt.Type(str, default=_D.url_prefix)
    per_page = opt.Type(int, default=_D.per_page)
    home_latest = opt.Type(int, default=_D.home_latest)
    extra_keys = opt.ListOfItems(opt.Type(str), default=list(_D.extra_keys))
    private_keys = opt.ListOfItems(opt.Type(str), default=list(_D.private_keys))
    genres = opt.ListOfItems(opt.Type(str), default=list(_D.genres))
    attachment_types = opt.ListOfItems(opt.Type(str), default=list(_D.attachment_types))
    attachment_max_mb = opt.Type(int, default=_D.attachment_max_mb)
    pii_kinds = opt.ListOfItems(opt.Type(str), default=list(_D.pii_kinds))
    pii_mask_style = opt.Type(str, default=_D.pii_mask_style)
    pii_allow_emails = opt.ListOfItems(opt.Type(str), default=list(_D.pii_allow_emails))
    search = opt.Type(str, default=_D.search)
    search_part_size = opt.Type(int, default=_D.search_part_size)
    inspect_stale_max = opt.Type(int, default=_D.inspect_stale_max)
    inspect_long_stale_max = opt.Type(int, default=_D.inspect_long_stale_max)
    inspect_empty_max = opt.Type(int, default=_D.inspect_empty_max)
    inspect_unanswered_months = opt.Type(int, default=_D.inspect_unanswered_months)
    inspect_interpretation_days = opt.Type(int, default=_D.inspect_interpretation_days)
    inspect_warn_days = opt.Type(int, default=_D.inspect_warn_days)

    def settings(self) -> Settings:
        """The core's view of these options (validated the same way as the CLI's)."""
        return Settings.from_options({k: self[k] for k in Settings.option_types()})
