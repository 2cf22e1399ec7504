"""``quotebank serve``: the API and the search page under waitress, until Ctrl-C."""

import ipaddress
import logging
import signal
import socket
import sys
from types import FrameType

import click

from indexer import paths
from indexer.memory import limit_arenas
from server import remote
from server.app import DEFAULT_PORT, close_app, create_app, extension_folder
from server.commands.options import data_dir_option
from server.commands.progress import RebuildProgress
from server.connections import create_guarded_server
from server.invocation import hint

LOOPBACK = ("127.0.0.1", "localhost", "::1")
log = logging.getLogger("quotebank")


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_port_free(host: str, port: int) -> None:
    """Fail with one clear line before Flask and the index are even opened."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise click.ClickException(
                f"port {port} on {host} is already in use ({error.strerror}); "
                f"stop the program using it or choose another port with --port"
            ) from None


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    # SIGTERM (systemd, a test harness) stops the server the same clean way as Ctrl-C.
    raise KeyboardInterrupt


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Let other machines reach the server (needed for a --host that is not loopback): "
    "every route, the search page included, then needs the token; a browser signs in once.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="A name (or NAME:PORT) other machines use to reach this server, accepted in the Host "
    "header; repeat for several. With a wide --host, this machine's own names are allowed too.",
)
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@data_dir_option
def serve(
    host: str,
    port: int,
    allow_remote: bool,
    allow_hosts: tuple[str, ...],
    threads: int,
    data_dir: str | None,
) -> None:
    """Run the local server: the API the extension posts to and the search page."""
    if not _is_loopback(host) and not allow_remote:
        raise click.UsageError(
            f"--host {host} is not a loopback address; add --allow-remote to listen on it anyway"
        )
    _check_port_free(host, port)
    limit_arenas()  # threads share two malloc heaps instead of keeping one each (memory budget)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    # The address listened on is a name the Host header may carry (127.0.0.2, a LAN address);
    # so are the --allow-host names and, bound wide, the machine's own (server/remote.py).
    extra = remote.host_names(host, allow_hosts)
    rebuilding = RebuildProgress(paths.data_dir(data_dir))
    try:
        app = create_app(
            {
                "DATA_DIR": data_dir,
                "PORT": port,
                "EXTRA_HOSTS": extra,
                "REMOTE": allow_remote,
                "INDEX_PROGRESS": rebuilding,
            }
        )
    finally:
        rebuilding.close()
    server = create_guarded_server(
        app,
        host=host,
        port=port,
        threads=threads,
        max_request_body_size=app.config["MAX_CONTENT_LENGTH"],
        ident="quotebank",
    )
    signal.signal(signal.SIGTERM, _raise_interrupt)
    _announce(port, app.config)
    try:
        server.run()  # returns on Ctrl-C or SIGTERM (waitress catches KeyboardInterrupt itself)
    except KeyboardInterrupt:
        pass
    finally:
        click.echo("Stopping: finishing the index batch in hand...", err=True)
        server.close()
        close_app(app)
    click.echo("Stopped cleanly.", err=True)


def _announce(port: int, config: dict) -> None:
    click.echo(f"quotebank is running: http://127.0.0.1:{port}/")
    click.echo(f"  token:      {config['QUOTEBANK_TOKEN']}")
    click.echo(f"  data:       {config['DATA_DIR']}")
    click.echo(f"  extension:  {extension_folder()}  (load it unpacked; see README)")
    click.echo(f"  commands:   {hint('--help')}  (e.g. {hint('token')})")
    if config["REMOTE"]:
        names = ", ".join(f"{name}:{port}" for name in config["EXTRA_HOSTS"]) or "none"
        click.echo(f"  remote:     names other machines may use: {names} (--allow-host adds one)")
        click.echo("              every browser signs in once with the token at /sign-in")
    click.echo("Press Ctrl-C to stop.")
    sys.stdout.flush()
