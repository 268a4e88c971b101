"""ASGI middleware: the request body limit, enforced before any route runs.

The body is read once, counting bytes, and replayed to the application. A declared
``Content-Length`` over the limit is refused at once; an undeclared (chunked) body is
refused as soon as it passes the limit. Either way: 413 with a Spanish ``detail``, and the
application never sees the request. Compressed pushes are limited again after
decompression (``server.payloads.decompress``).
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.payloads import TOO_LARGE


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                await self._refuse(scope, receive, send, 400,
                                   "El encabezado Content-Length no es válido.")
                return
            if length > self.max_bytes:
                await self._refuse(scope, receive, send, 413, self._too_large())
                return
        chunks: list[bytes] = []
        total = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_bytes:
                await self._refuse(scope, receive, send, 413, self._too_large())
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _too_large(self) -> str:
        return TOO_LARGE.format(mib=self.max_bytes // (1024 * 1024))

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, status: int,
                      detail: str) -> None:
        response = JSONResponse({"detail": detail}, status_code=status,
                                headers={"Connection": "close"})
        await response(scope, receive, send)
