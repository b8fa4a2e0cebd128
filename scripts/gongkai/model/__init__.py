"""The site's model: the record schema (field objects), settings, taxonomy, URLs, records,
annual reports, ledgers and working days, each read and validated with every problem collected.

Imports: gongkai.text.
"""
