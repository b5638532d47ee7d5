"""Starting the lab: state dir, database, world, TLS, uvicorn on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from . import clock
from .app import build_app
from .edge.capability import EdgeUnavailable, resolve as resolve_edge
from .edge.manager import EdgeManager
from .exports import export_lines, exports
from .lab import Lab
from .seed import seed
from .settings import update_settings
from .store import Store
from .tls import ensure_tls
from .world import load_world_file

__all__ = ["TransportAwareH11", "export_lines", "exports", "prepare", "serve"]


class TransportAwareH11(H11Protocol):
    """uvicorn's h11 protocol, exposing the connection so a fault rule can drop it unanswered."""

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        app = self.app

        async def with_transport(scope, receive, send):
            scope["erlab.transport"] = transport
            await app(scope, receive, send)

        self.app = with_transport


def _exit_on_signal(signum, frame) -> None:
    raise SystemExit(0)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def prepare(state_dir: Path, world_file: str | None, operation_seconds: float | None, retry_after: int | None,
            connect_seconds: float | None = None) -> Store:
    state_dir.mkdir(parents=True, exist_ok=True)
    store = Store(state_dir / "lab.db")
    with store.transaction():
        if store.is_new():
            seed(store, load_world_file(world_file), clock.now())
            update_settings(store, {})  # persist defaults
        changes: dict[str, Any] = {}
        if operation_seconds is not None:
            changes["operation_seconds"] = operation_seconds
        if retry_after is not None:
            changes["retry_after"] = retry_after
        if connect_seconds is not None:
            changes["connect_seconds"] = connect_seconds
        update_settings(store, changes)
    return store


def serve(state_dir: Path, host: str, port: int, world_file: str | None,
          operation_seconds: float | None, retry_after: int | None, connect_seconds: float | None = None,
          edge: str = "auto") -> None:
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("erlab listens on loopback only (use --host 127.0.0.1)")
    try:
        edge_mode, edge_reason = resolve_edge(edge)
    except EdgeUnavailable as error:
        raise SystemExit(f"erlab: {error}") from None
    state_dir = state_dir.resolve()
    reused = (state_dir / "lab.db").exists()
    store = prepare(state_dir, world_file, operation_seconds, retry_after, connect_seconds)
    if reused and world_file:
        print(f"# erlab: reusing existing state in {state_dir}; --world ignored (POST /_lab/reset to reseed)", flush=True)
    tls = ensure_tls(state_dir)
    # proto=IPPROTO_TCP (not 0) so asyncio sets TCP_NODELAY on every accepted
    # connection; without it each answer (headers and body are separate writes)
    # waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(socket.AF_INET6 if host == "::1" else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    url = f"https://{'127.0.0.1' if host == 'localhost' else host}:{bound_port}"

    lab = Lab(store=store, base_url=url)
    world = lab.world()
    principal = world.data["service_principals"][0]
    info = {
        "url": url,
        "pid": os.getpid(),
        "ca_bundle": str(tls.ca_bundle),
        "subscription_id": world.data["subscriptions"][0]["id"],
        "tenant_id": principal["tenant"],
        "client_id": principal["client_id"],
        "client_secret": principal["secret"],
        "edge_mode": edge_mode,
    }
    env = exports(info, state_dir)
    _write_atomically(state_dir / "env.sh", export_lines(env))
    _write_atomically(state_dir / "lab.json", json.dumps(info, indent=2) + "\n")
    print(export_lines(env), end="", flush=True)

    config = uvicorn.Config(
        build_app(lab),
        ssl_certfile=str(tls.cert_chain),
        ssl_keyfile=str(tls.private_key),
        http=TransportAwareH11,
        lifespan="off",
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    print(f"# erlab: edge {edge_mode}: {edge_reason}", flush=True)
    edge_manager = EdgeManager(lab, state_dir, edge_mode, edge_reason).start()
    # uvicorn re-raises the SIGTERM it caught once it has shut down; without a handler of ours that
    # would end the process before the `finally` below could stop the edge's daemons.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        server.run(sockets=[sock])
    finally:
        edge_manager.shutdown()  # every bgpd and namespace this lab made (uvicorn returns on SIGTERM)
        store.close()
