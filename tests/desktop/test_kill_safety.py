"""«Killing the app at any moment loses at most the field being typed»: an edit committed
through the UI's operations survives SIGKILL of the process right after it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from db.domain import committees, sessions
from db.storage.store import open_store

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication, QLineEdit
    from db.domain import sessions
    from db.storage.store import open_store
    from desktop.operations import Operations
    from desktop.widgets.form import BoundForm
    from PySide6.QtWidgets import QFormLayout, QWidget

    app = QApplication([])
    db = open_store(sys.argv[1])
    ops = Operations(db)
    host = QWidget()
    form = BoundForm(ops, sessions.update_session, "sessions")
    venue = form.add_row(QFormLayout(host), "venue", "Sede", QLineEdit())
    form.load(sessions.get_session(db, sys.argv[2]))
    venue.setText("Auditorio de la DRTPE Ucayali")
    venue.editingFinished.emit()  # the user leaves the field
    venue.setText("Auditorio de la DRTPE Ucayali, segundo pi")  # still typing...
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_committed_edit_survives_sigkill(db_path):
    db = open_store(db_path)
    committee_id = committees.create_committee(
        db, kind="cdrpeti", name="Comité de Ucayali", acronym="CDRPETI", region_code="PE-UCA")
    session_id = sessions.create_session(db, committee_id, date="2025-03-10")
    db.conn.close()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.run([sys.executable, "-c", CHILD, str(db_path), session_id], env=env,
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr

    reopened = open_store(db_path)
    assert sessions.get_session(reopened, session_id)["venue"] == "Auditorio de la DRTPE Ucayali"
    reopened.conn.close()
