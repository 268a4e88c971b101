"""Nagle's algorithm off on the connections uvicorn's workers accept (server.core.http_protocol)."""

from __future__ import annotations

import asyncio
import socket

from uvicorn.config import Config
from uvicorn.server import ServerState

from server.core.http_protocol import NoDelayHTTPProtocol, set_nodelay


async def _app(scope, receive, send):  # type: ignore[no-untyped-def]
    raise AssertionError("no request is sent")


def _nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_accepted_socket_of_a_proto_zero_listener_gets_nodelay():
    # uvicorn's multi-worker listener: socket.socket(family=…), protocol number 0, which
    # asyncio's own TCP_NODELAY skips; the accepted socket inherits the 0.
    with socket.socket(family=socket.AF_INET) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        with socket.create_connection(listener.getsockname()) as client:
            accepted, _ = listener.accept()
            with accepted:
                assert accepted.proto == 0
                assert _nodelay(accepted) == 0
                set_nodelay(accepted)
                assert _nodelay(accepted) != 0
                assert client.fileno() > 0


def test_protocol_sets_nodelay_when_a_connection_is_made():
    async def scenario() -> int:
        with socket.socket(family=socket.AF_INET) as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            listener.setblocking(False)
            loop = asyncio.get_running_loop()
            made: asyncio.Future[int] = loop.create_future()

            config = Config(app=_app, log_level="warning")
            config.load()
            state = ServerState()

            class Probe(NoDelayHTTPProtocol):
                def connection_made(self, transport):  # type: ignore[no-untyped-def]
                    super().connection_made(transport)
                    made.set_result(_nodelay(transport.get_extra_info("socket")))

            def factory() -> Probe:
                return Probe(config=config, server_state=state, app_state={})

            server = await loop.create_server(factory, sock=listener)
            reader, writer = await asyncio.open_connection(*listener.getsockname())
            try:
                return await asyncio.wait_for(made, 5)
            finally:
                writer.close()
                server.close()

    assert asyncio.run(scenario()) != 0
