"""The browser editor: Decap CMS with a form generated from the record schema (config), the local
backend's protocol implemented in Python (protocol), the check on save (saving), and the local
server of `gongkai edit` (server). The bundle itself comes from npm (scripts/install_decap.py)."""
