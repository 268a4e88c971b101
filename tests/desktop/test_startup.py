"""Starting the real app: one window per base, the icon, the unattended mode."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import startup
from desktop.app import create_application, open_main_window


def test_a_second_window_on_the_same_base_is_refused_until_the_first_closes(
        qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text: shown.append((title, text)))
    monkeypatch.delenv(startup.EXIT_AFTER_SHOW, raising=False)
    path = tmp_path / "comite.sqlite"
    first = open_main_window(path)
    qtbot.addWidget(first)
    assert open_main_window(path) is None
    assert shown[0][0] == "La base de datos ya está abierta"
    assert "«comite.sqlite» ya está abierta en otra ventana de Sesiona" in shown[0][1]

    first.close()
    qtbot.waitUntil(lambda: not (tmp_path / "comite.sqlite.lock").exists()
                    or _lock_is_free(path))
    second = open_main_window(path)
    assert second is not None
    qtbot.addWidget(second)
    second.close()


def _lock_is_free(path) -> bool:
    from db.storage.instance_lock import DatabaseInUse, InstanceLock

    try:
        InstanceLock(path).acquire().release()
    except DatabaseInUse:
        return False
    return True


def test_unattended_start_reports_problems_on_stderr_without_a_dialog(capsys, monkeypatch):
    monkeypatch.setenv(startup.EXIT_AFTER_SHOW, "0")
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: (_ for _ in ()).throw(
        AssertionError("no dialog in unattended mode")))
    startup.tell_user("Título", "La base de datos «x.sqlite» ya está abierta.")
    assert "sesiona: La base de datos «x.sqlite» ya está abierta." in capsys.readouterr().err


def test_the_app_has_the_sesiona_icon(qtbot):
    app = create_application()
    assert isinstance(app, QApplication)
    assert not startup.app_icon().isNull()
    assert not app.windowIcon().isNull()
    assert startup.app_icon().pixmap(32).width() == 32


def test_exit_after_show_closes_the_window_once_it_is_on_screen(qtbot, tmp_path, monkeypatch,
                                                                capsys):
    monkeypatch.setenv(startup.EXIT_AFTER_SHOW, "0")
    window = open_main_window(tmp_path / "comite.sqlite")
    qtbot.addWidget(window)
    startup.exit_after_show_if_asked(window)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert startup.SHOWN_MARKER in capsys.readouterr().out
