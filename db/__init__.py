"""Sesiona's data layer: SQLite schema, migrations, domain rules and queries. No Qt here."""
