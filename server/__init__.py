"""Headquarters: the sync server (FastAPI) and, later, the national dashboard. No Qt."""
