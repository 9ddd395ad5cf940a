"""MkDocs' development server for `vmv serve`: live reload, the problems overlay's
endpoint, and watching the repository's inputs (folders made while serving included)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vmv.engine.problem_overlay import ProblemBoard, serve_problems


def live_server(host: str, port: int, site_dir: Path, problems: ProblemBoard) -> Any:
    """MkDocs' development server, which injects live reload into served pages, and
    the overlay that shows the last build's `problems` over them."""
    from mkdocs.livereload import LiveReloadServer

    site_dir.mkdir(parents=True, exist_ok=True)
    # An edit shows within half a second: look for changes every 0.1 s (MkDocs: 0.5 s), and
    # wait 0.05 s (MkDocs: 0.1 s) for an editor's burst of writes to settle.
    server = LiveReloadServer(
        builder=lambda: None, host=host, port=port, root=str(site_dir), polling_interval=0.1
    )
    server.build_delay = 0.05
    # Bound now, not when serving starts: with port 0 the system picks a free port, and the
    # site is built for the address it really has. Serving would bind a second time.
    server.server_bind()
    server.server_bind = lambda: None  # type: ignore[method-assign]
    server.url = f"http://{host}:{server.server_address[1]}/"

    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = error_page
    server.set_app(serve_problems(server.serve_request, problems))
    return server


def reload_browsers(server: Any) -> None:
    """Tell open pages to reload now, before the rebuild is over; MkDocs' server otherwise
    does so when it ends. Its pages poll for the epoch of the last build they may show."""
    condition = getattr(server, "_epoch_cond", None)
    if condition is None or not hasattr(server, "_wanted_epoch"):
        return
    with condition:
        server._visible_epoch = server._wanted_epoch
        condition.notify_all()


def watch(server: Any, path: Path) -> None:
    """Call the server's builder after each change of a file under `path`."""
    server.watch(str(path))


def watch_for_folders(server: Any, root: Path, names: set[str]) -> None:
    """Watch each folder named in `names` that is made in `root` while serving (a first
    playbook/): MkDocs' server ignores folder events, and cannot watch what is not there."""
    import watchdog.events

    def made(event: watchdog.events.FileSystemEvent) -> None:
        path = Path(str(event.src_path))
        if event.is_directory and event.event_type == "created" and path.name in names:
            server.watch(str(path))

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = made  # type: ignore[method-assign]
    server.observer.schedule(handler, str(root), recursive=False)


def run_live_server(server: Any, rebuild: Any, on_ready: Any) -> None:
    """Serve until Ctrl-C, calling `rebuild` after each change to a watched path.

    `on_ready` is called once the socket listens and the watches are in place, so that
    whoever hears "ready" can edit a file or open a page and be sure it is seen.
    """
    server.builder = rebuild
    # MkDocs' serve() binds, starts the observer and the serving thread, then enters its
    # build loop: the moment before that loop is the first at which all of it holds.
    build_loop = server._build_loop

    def announce_then_loop() -> None:
        on_ready()
        build_loop()

    server._build_loop = announce_then_loop
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
