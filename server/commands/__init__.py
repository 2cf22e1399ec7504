"""The subcommands of ``quotebank``, one module each, collected here in the order --help shows them."""

from server.commands.extract import extract

COMMANDS = [extract]
