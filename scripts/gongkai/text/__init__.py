"""Text in and out, knowing nothing of records: problems and the terminal, YAML and front matter,
dates, plain and visible text, personal-data patterns (pii), HTML sanitizing, file signatures and
the text inside attachments.

Imports: nothing of gongkai.
"""
