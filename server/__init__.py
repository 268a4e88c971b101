"""Headquarters: the sync server (FastAPI) and the national dashboard. No Qt.

Laid out like the FastAPI full-stack template's ``backend/app``: ``main`` (the app factory),
``api`` (routes, deps), ``core`` (settings, db, security), ``sync``, ``bundles``,
``dashboard``, ``cli`` and ``migrations``."""
