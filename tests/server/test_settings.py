"""Settings from the environment: defaults that work on a fresh machine, PostgreSQL URLs
for psycopg 3, and refusals in Spanish."""

from __future__ import annotations

import pytest

from server.core.settings import Settings, SettingsError


def test_defaults_use_a_sqlite_file_in_the_user_data_folder(tmp_path):
    settings = Settings.from_env({})
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("sesiona-hq/sesiona-hq.sqlite")
    assert str(settings.data_dir).startswith(str(tmp_path))  # XDG_DATA_HOME of the test
    assert (settings.allow_http, settings.enroll_hours) == (False, 72)


def test_postgresql_urls_use_psycopg3():
    settings = Settings.from_env({"SESIONA_HQ_DATABASE_URL": "postgresql://hq@db/sesiona",
                                  "SESIONA_HQ_ALLOW_HTTP": "1"})
    assert settings.database_url == "postgresql+psycopg://hq@db/sesiona"
    assert settings.allow_http is True
    assert Settings.from_env(settings.to_env()) == settings


@pytest.mark.parametrize(("env", "words"), [
    ({"SESIONA_HQ_DATABASE_URL": "mysql://x@y/z"}, "PostgreSQL"),
    ({"SESIONA_HQ_DATABASE_URL": "no es una url"}, "no es válida"),
    ({"SESIONA_HQ_DATABASE_URL": "postgresql://u:changethis@h/d"}, "valor de ejemplo"),
    ({"SESIONA_HQ_ENROLL_HOURS": "tres"}, "número entero"),
    ({"SESIONA_HQ_MAX_BLOB_BYTES": "0"}, "mayor que cero"),
])
def test_unusable_settings_are_refused(env, words):
    with pytest.raises(SettingsError, match=words):
        Settings.from_env(env)
