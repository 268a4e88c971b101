"""Where a secretary finds sync: «Sincronización» holds what she does with headquarters
(online or with an offline bundle), «Configuración → Sincronización…» the enrolment."""

from __future__ import annotations

from tests.desktop.test_main_window import open_window


def _menus(window) -> dict[str, list[str]]:
    found = {}
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None:
            found[action.text()] = [a.text() for a in menu.actions() if not a.isSeparator()]
    return found


def test_sync_menus(qtbot, db_path, tmp_path):
    window = open_window(qtbot, db_path, tmp_path)
    menus = _menus(window)
    assert menus["&Sincronización"] == ["Sincronizar ahora", "Conflictos de sincronización…",
                                        "Exportar paquete…", "Importar paquete…"]
    assert menus["&Configuración"] == ["Sincronización…"]
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[-3:] == ["&Sincronización", "&Configuración", "A&yuda"]
