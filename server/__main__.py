"""`python -m server` runs the quotebank command (used by tests to start a real server)."""

from server.cli import main

main()
