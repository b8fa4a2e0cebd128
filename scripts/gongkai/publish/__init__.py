"""Every file the site publishes, from the catalog alone: page texts, statistics, charts,
feeds, open data, as one list (gongkai.publish.outputs).

Imports: the floors below (text, model, sitesearch, guards, portal); never MkDocs.
"""
