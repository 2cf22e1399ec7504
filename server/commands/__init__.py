"""The subcommands of ``quotebank``, one module each, collected here in the order --help shows."""

from server.commands.add import add
from server.commands.doctor import doctor
from server.commands.exporting import export
from server.commands.extract import extract
from server.commands.importing import import_
from server.commands.reindex import reindex
from server.commands.search import related, search
from server.commands.serve import serve
from server.commands.token import token

COMMANDS = [serve, token, add, search, related, reindex, import_, export, extract, doctor]
