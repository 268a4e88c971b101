"""Background work: results, Spanish errors and cancellation come back on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QPushButton, QWidget

from db.errors import ValidationError
from desktop.tasks import run_task

TIMEOUT = 10_000


def test_the_work_runs_off_the_gui_thread_and_returns_its_result(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen = {}

    def work(progress):
        seen["thread"] = threading.get_ident()
        progress.step(0.5, "A mitad de camino")
        return 42

    results = []

    def on_success(value):
        results.append((value, threading.get_ident()))

    task = run_task(work, "Trabajando…", parent, on_success=on_success)
    with qtbot.waitSignal(task.done, timeout=TIMEOUT):
        pass
    gui_thread = threading.get_ident()
    assert seen["thread"] != gui_thread, "the work ran in a worker"
    assert results == [(42, gui_thread)], "the result came back on the GUI thread"


def test_a_domain_error_arrives_as_its_spanish_message(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(progress):
        raise ValidationError({"file": "El archivo «x.pdf» está vacío."})

    messages = []
    task = run_task(work, "Trabajando…", parent, on_failure=messages.append)
    with qtbot.waitSignal(task.done, timeout=TIMEOUT):
        pass
    assert messages == ["El archivo «x.pdf» está vacío."]


def test_cancel_stops_the_work_at_its_next_step(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    started, finished_steps = threading.Event(), []
    release = threading.Event()

    def work(progress):
        started.set()
        release.wait(5)
        for step in range(10):
            progress.step(step / 10)
            finished_steps.append(step)
        return "terminado"

    results, failures = [], []
    task = run_task(work, "Trabajando…", parent, on_success=results.append,
                    on_failure=failures.append)
    assert started.wait(5)
    cancel = task.dialog.findChild(QPushButton)
    assert cancel.text() == "Cancelar"
    cancel.click()
    release.set()
    with qtbot.waitSignal(task.done, timeout=TIMEOUT):
        pass
    assert results == [] and failures == [] and finished_steps == []
