"""The Alembic migrations build exactly the tables ``server.core.models`` describes, run at
start, and running them again changes nothing."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from server.core.models import metadata
from server.migrations import current_revision, head_revision, run_migrations


def test_migrated_schema_matches_the_models(db_engine):
    assert current_revision(db_engine) == head_revision()
    with db_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        assert compare_metadata(context, metadata) == []


def test_migrations_are_idempotent(db_engine):
    run_migrations(db_engine)
    run_migrations(db_engine)
    assert current_revision(db_engine) == head_revision()


def test_the_app_migrates_a_new_database_at_start(tmp_path):
    from fastapi.testclient import TestClient

    from server.core.db import make_engine
    from server.core.settings import Settings
    from server.main import create_app

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'nueva' / 'hq.sqlite'}",
                        data_dir=tmp_path / "datos")
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/info").status_code == 200
    engine = make_engine(settings.database_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    assert settings.blob_dir.is_dir()
