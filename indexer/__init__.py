"""quotebank's capture pipeline: extraction, the SQLite store of record and the Whoosh index.

This package never imports Flask: the web layer (``server``) depends on it, never the reverse.
"""

__version__ = "0.1.0"
