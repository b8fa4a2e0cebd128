"""What the site search holds: a record's search text, synonyms, the Pagefind index and its
reproducible bundle.

Imports: gongkai.text, gongkai.model.
"""
