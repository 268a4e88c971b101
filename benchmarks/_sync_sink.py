"""The raw HTTP baseline's endpoint for ``benchmarks/bench_sync.py``: a bare ASGI app that
reads a request body, throws it away and answers ``{}``. No framework, no parsing, no
database: what plain HTTP on loopback costs with the same uvicorn.

    python -m uvicorn benchmarks._sync_sink:app --port PORT
"""

from __future__ import annotations

from typing import Any


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"{}"})
