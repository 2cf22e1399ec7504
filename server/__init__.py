"""quotebank's web layer (Flask) and command line. Imports ``indexer``; never the reverse."""
