"""The clerk's tools: a new record, an official document imported, the files changed on a
branch, the national inspection's veto items and the built site's links.

Imports: the floors below (text, model, sitesearch, guards, portal, publish); never MkDocs.
"""
