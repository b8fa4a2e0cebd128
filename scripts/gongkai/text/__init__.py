"""Text in and out, knowing nothing of records: problems and the terminal, YAML and front matter,
dates, plain and visible text, a body's text as Python-Markdown reads it, personal-data patterns
(pii), HTML sanitizing, file signatures and the text inside attachments.

Imports: nothing of gongkai.
"""
