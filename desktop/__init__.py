"""Sesiona's Qt desktop UI. Widgets never run SQL: they call operations (desktop.operations)."""
