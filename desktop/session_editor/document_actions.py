"""The session's printed documents: «Vista previa», «Imprimir», «Guardar PDF» for the acta,
and the attendance sheet and agreement extracts.

Each document is ``forms.documents.prepare``-d on the GUI thread (reading the database takes
milliseconds); ``forms.documents.render``, the slow layout, runs in a worker with a progress
dialog (``desktop.tasks``). reportlab is imported on the first render, not when the main
window opens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.domain import sessions
from db.storage.progress import Progress
from desktop.operations import Operations
from desktop.pdf_viewer import PdfPreviewDialog, open_print_dialog
from desktop.settings import LAST_FOLDER, Settings
from desktop.tasks import Task, run_task
from forms.documents import Kind, Prepared, pdf_bytes, prepare, render


class DocumentActions(QWidget):
    #: The preview dialog, once the acta is laid out and shown.
    preview_opened = Signal(object)
    #: The path of a document written to disk (the extracts' folder for extracts).
    saved = Signal(str)
    #: The system print dialog, once the acta is ready to print.
    print_dialog_opened = Signal(object)
    #: A Spanish message when a document could not be produced.
    failed = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.session_id: str | None = None
        self.task: Task | None = None
        self.preview: PdfPreviewDialog | None = None
        self.preview_button = QPushButton(self.tr("Vista previa"))
        self.preview_button.setObjectName("preview_acta")
        self.print_button = QPushButton(self.tr("Imprimir…"))
        self.print_button.setObjectName("print_acta")
        self.save_button = QPushButton(self.tr("Guardar PDF…"))
        self.save_button.setObjectName("save_acta")
        self.more_button = QToolButton()
        self.more_button.setText(self.tr("Otros documentos"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more_button)
        self.sheet_action = menu.addAction(self.tr("Lista de asistencia (PDF)…"))
        self.extracts_action = menu.addAction(self.tr("Extractos de acuerdos por institución…"))
        menu.addSeparator()
        self.plan_annex_action = menu.addAction(
            self.tr("Incluir en el acta la ejecución del plan del año (anexo)"))
        self.plan_annex_action.setCheckable(True)
        self.more_button.setMenu(menu)
        self.message = QLabel()
        self.message.setObjectName("documents_message")
        self.message.setWordWrap(True)
        self.preview_button.clicked.connect(self.on_preview_button_clicked)
        self.print_button.clicked.connect(self.on_print_button_clicked)
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.sheet_action.triggered.connect(self.on_sheet_action_triggered)
        self.extracts_action.triggered.connect(self.on_extracts_action_triggered)
        self.failed.connect(self._show_error)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.preview_button, self.print_button, self.save_button,
                       self.more_button):
            row.addWidget(widget)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def set_session(self, session_id: str | None) -> None:
        self.session_id = session_id
        self.message.setText("")
        for widget in (self.preview_button, self.print_button, self.save_button,
                       self.more_button):
            widget.setEnabled(session_id is not None)

    # File choosers: small methods so that tests can answer them -----------------------------

    def choose_save_path(self, suggested: str) -> str:
        settings = Settings()
        folder = settings.get(LAST_FOLDER) or str(Path.home())
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Guardar PDF"),
                                              str(Path(folder) / suggested),
                                              self.tr("Documento PDF (*.pdf)"))
        if path:
            settings.set(LAST_FOLDER, str(Path(path).parent))
        return path

    def choose_folder(self) -> str:
        settings = Settings()
        folder = QFileDialog.getExistingDirectory(self, self.tr("Carpeta para los extractos"),
                                                  settings.get(LAST_FOLDER) or str(Path.home()))
        if folder:
            settings.set(LAST_FOLDER, folder)
        return folder

    # The acta -------------------------------------------------------------------------------

    def _prepare_acta(self) -> Prepared:
        """Read the acta now; ``render`` lays it out later, in a worker."""
        with_annex = self.plan_annex_action.isChecked()
        plan_id = self._annex_plan_id() if with_annex else None
        prepared = self.ops.read(prepare, Kind.ACTA, self.session_id, plan_id=plan_id)
        if not (with_annex and plan_id is None):  # the missing plan's notice stays shown
            self._note_missing_attendance(prepared.content.has_attendance)
        return prepared

    def _annex_plan_id(self) -> str | None:
        """The committee's plan for the session's year, whose execution at the session's
        date the acta carries as its annex; None (and a notice) when there is none."""
        from db.domain import plans

        session = self.ops.read(sessions.get_session, self.session_id)
        year = int(session["date"][:4])
        plan = next((p for p in self.ops.read(plans.plans_for, session["committee_id"])
                     if p["year"] == year), None)
        if plan is None:
            self._show_info(self.tr("⚠ El comité no tiene plan de trabajo {0}: el acta sale "
                                    "sin el anexo de ejecución.").format(year))
            return None
        return plan["id"]

    def _note_missing_attendance(self, has_attendance: bool) -> None:
        self._show_info("" if has_attendance else self.tr(
            "⚠ La sesión no tiene registro de asistencia: el acta lo indica con el aviso "
            "«Sin registro de asistencia»."))

    def _render_bytes(self, label: str, on_ready) -> None:
        prepared = self._prepare_acta()

        def work(progress: Progress) -> bytes:
            return pdf_bytes(prepared, progress=progress)

        self.task = run_task(work, label, self, on_success=on_ready,
                             on_failure=self.failed.emit)

    def on_preview_button_clicked(self) -> None:
        if self.session_id:
            self._render_bytes(self.tr("Generando la vista previa del acta…"), self._show_preview)

    def _show_preview(self, pdf: bytes) -> None:
        session = self.ops.read(sessions.get_session, self.session_id)
        dialog = PdfPreviewDialog(pdf, self.tr("Vista previa — {0}").format(
            sessions.title(session)), self)
        dialog.print_requested.connect(lambda: self._open_print_dialog(pdf, dialog))
        dialog.save_requested.connect(self.on_save_button_clicked)
        dialog.finished.connect(dialog.deleteLater)
        self.preview = dialog
        dialog.open()
        self.preview_opened.emit(dialog)

    def on_print_button_clicked(self) -> None:
        if self.session_id:
            self._render_bytes(self.tr("Preparando el acta para imprimir…"),
                               lambda pdf: self._open_print_dialog(pdf, self))

    def _open_print_dialog(self, pdf: bytes, parent: QWidget) -> None:
        self.print_dialog_opened.emit(open_print_dialog(pdf, parent))

    def on_save_button_clicked(self) -> None:
        if not self.session_id:
            return
        from forms.files import safe_name

        prepared = self._prepare_acta()
        path = self.choose_save_path(f"{safe_name(prepared.content.reference)}-acta.pdf")
        if path:
            self._render_to(prepared, str(Path(path)), self.tr("Generando el acta…"))

    # The attendance sheet and the extracts --------------------------------------------------

    def on_sheet_action_triggered(self) -> None:
        if not self.session_id:
            return
        from forms.files import safe_name

        prepared = self.ops.read(prepare, Kind.ATTENDANCE_SHEET, self.session_id)
        path = self.choose_save_path(f"{safe_name(prepared.content.reference)}-asistencia.pdf")
        if path:
            self._render_to(prepared, path, self.tr("Generando la lista de asistencia…"))

    def on_extracts_action_triggered(self) -> None:
        if not self.session_id:
            return
        prepared = self.ops.read(prepare, Kind.EXTRACTS, self.session_id)
        if not prepared.content:
            self.failed.emit(self.tr("Los acuerdos de esta sesión no tienen instituciones "
                                     "responsables: no hay extractos que generar."))
            return
        folder = self.choose_folder()
        if folder:
            self._render_to(prepared, folder, self.tr("Generando los extractos de acuerdos…"))

    def _render_to(self, prepared: Prepared, path: str, label: str) -> None:
        """Lay ``prepared`` out into ``path`` (the extracts' folder) in a worker; «saved»
        names it when done."""
        def work(progress: Progress) -> str:
            render(prepared, Path(path), progress=progress)
            return path

        self.task = run_task(work, label, self, on_success=self._on_saved,
                             on_failure=self.failed.emit)

    # Messages --------------------------------------------------------------------------------

    def _on_saved(self, path: str) -> None:
        self._show_info(self.tr("Guardado en «{0}».").format(path))
        self.saved.emit(path)

    def _show_info(self, text: str) -> None:
        self.message.setStyleSheet("color: #8a5a00;" if text.startswith("⚠") else "")
        self.message.setText(text)

    def _show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setText(text)
