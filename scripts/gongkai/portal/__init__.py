"""The portal as one model: the catalog (records, ledgers, reports, guards and search text
assembled) and the annual report's figures it computes (tables, frozen figures).

Imports: gongkai.text, gongkai.model, gongkai.sitesearch, gongkai.guards.
"""
