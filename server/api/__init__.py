"""The devices' HTTP API under ``/api/v1``: ``main.api_router`` assembles one router per
resource (``routes/``), and ``deps`` holds the dependencies they share as ``Annotated``
aliases (settings, engine, protocol check, the authenticated device). Routes parse and
answer; the rules live in ``server.sync``, ``server.bundles`` and ``server.core``."""
