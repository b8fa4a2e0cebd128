"""The browser editor: Decap CMS with a form generated from the record schema (config), the local
backend's protocol implemented in Python (protocol), the check on save and the drafts of records
that fail it (saving), the body rendered for the preview (preview), the local server of `gongkai
edit` (server), /admin/ of the portal in hosted mode (hosted) and `--commit` (gitcommit).
editor.js is gongkai's part of the page. The Decap bundle itself comes from npm
(scripts/install_decap.py)."""
