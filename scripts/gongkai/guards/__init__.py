"""The guards: personal data in what a record publishes, secrets (drafts, ledger cases) in the
built site or in what its pages are made from, the Content-Security-Policy.

Imports: gongkai.text, gongkai.model, gongkai.sitesearch.
"""
