"""Export the execution matrix (PDF, Excel, CSV) and import a plan from Excel, off the UI
thread with progress (``desktop.tasks``). The exporters load reportlab and openpyxl, so
they are imported when a button is pressed, never when the window opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.errors import SesionaError
from db.locale_pe import lima_today
from db.storage.progress import Progress
from desktop.operations import Operations
from desktop.plans.plan_dialogs import PLAN_TABLES
from desktop.settings import LAST_FOLDER, Settings
from desktop.tasks import Task, run_task
from forms.files import safe_name

#: kind → (file filter, extension)
EXPORTS = {
    "pdf": ("Documento PDF (*.pdf)", ".pdf"),
    "xlsx": ("Libro de Excel (*.xlsx)", ".xlsx"),
    "csv": ("Valores separados por comas (*.csv)", ".csv"),
}




def issue_cells(issue: Any) -> list[str]:
    """(hoja, fila, columna, mensaje) from a tuple or an object with those attributes."""
    if isinstance(issue, tuple | list):
        values = list(issue) + [""] * (4 - len(issue))
    else:
        values = [getattr(issue, k, "") for k in ("sheet", "row", "column", "message")]
    return ["" if v is None or v == 0 else str(v) for v in values[:4]]


class ImportIssuesDialog(QDialog):
    """Every problem of a refused import: sheet, row, column and the Spanish message."""

    def __init__(self, issues: list[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("import_issues_dialog")
        self.setWindowTitle(self.tr("No se importó el plan"))
        self.resize(760, 420)
        intro = QLabel(self.tr(
            "El archivo tiene {0} problema(s). No se importó nada: corríjalos en el Excel y "
            "vuelva a importarlo.").format(len(issues)))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(issues), 4)
        self.table.setObjectName("import_issues_table")
        self.table.setHorizontalHeaderLabels([self.tr("Hoja"), self.tr("Fila"),
                                              self.tr("Columna"), self.tr("Problema")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for row, issue in enumerate(issues):
            for column, text in enumerate(issue_cells(issue)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


class PlanIO(QWidget):
    """«Exportar ▾» (matriz PDF, Excel, CSV) and «Importar plan desde Excel…»."""

    #: The path of a file written.
    saved = Signal(str)
    #: The id of the plan an import created.
    imported = Signal(str)
    #: A Spanish message when an export or import failed.
    failed = Signal(str)

    def __init__(self, ops: Operations, matrix: Callable[[], Any],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ops, self.matrix = ops, matrix
        self.committee_id: str | None = None
        self.task: Task | None = None
        self.dialog: QDialog | None = None
        self.export_button = QToolButton()
        self.export_button.setObjectName("export_button")
        self.export_button.setText(self.tr("Exportar"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        self.export_actions = {
            "pdf": menu.addAction(self.tr("Exportar matriz PDF…")),
            "xlsx": menu.addAction(self.tr("Exportar Excel…")),
            "csv": menu.addAction(self.tr("Exportar CSV…")),
        }
        for kind, action in self.export_actions.items():
            action.setObjectName(f"export_{kind}_action")
            action.triggered.connect(lambda _c=False, k=kind: self.export(k))
        self.export_button.setMenu(menu)
        self.import_button = QPushButton(self.tr("Importar plan desde Excel…"))
        self.import_button.setObjectName("import_button")
        self.import_button.clicked.connect(self.on_import_button_clicked)
        self.message = QLabel()
        self.message.setObjectName("io_message")
        self.message.setWordWrap(True)
        self.failed.connect(self.on_failed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.export_button)
        layout.addWidget(self.import_button)

    def set_context(self, committee_id: str | None, has_plan: bool) -> None:
        self.committee_id = committee_id
        self.export_button.setEnabled(has_plan)
        self.import_button.setEnabled(committee_id is not None)

    # File choosers: small methods so that tests can answer them -----------------------------

    def _folder(self) -> str:
        return Settings().get(LAST_FOLDER) or str(Path.home())

    def _remember(self, path: str) -> None:
        if path:
            Settings().set(LAST_FOLDER, str(Path(path).parent))

    def choose_save_path(self, suggested: str, file_filter: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Guardar como"),
                                              str(Path(self._folder()) / suggested),
                                              file_filter)
        self._remember(path)
        return path

    def choose_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Importar plan desde Excel"),
                                              self._folder(),
                                              self.tr("Libro de Excel (*.xlsx)"))
        self._remember(path)
        return path

    # Export ------------------------------------------------------------------------------

    def export(self, kind: str) -> Task | None:
        matrix = self.matrix()
        if matrix is None:
            return None
        file_filter, extension = EXPORTS[kind]
        path = self.choose_save_path(
            f"{safe_name(matrix.reference)}-{safe_name(matrix.period_label)}{extension}",
            self.tr(file_filter))
        if not path:
            return None
        if not path.lower().endswith(extension):
            path += extension
        work = self._export_work(kind, matrix, Path(path))
        self.message.setText("")
        self.task = run_task(work, self.tr("Exportando {0}…").format(Path(path).name), self,
                             on_success=self.on_saved, on_failure=self.failed.emit)
        return self.task

    def _export_work(self, kind: str, matrix: Any, path: Path) -> Callable[[Progress], str]:
        """Read what the export needs on this thread; the worker only lays out and writes
        (reportlab and openpyxl are loaded on first use, not at start)."""
        from db.domain import attachments

        if kind == "pdf":
            from forms.plan_matrix import render_plan_matrix

            logo = self.ops.read(attachments.logo, matrix.logo_sha256)

            def pdf(progress: Progress) -> str:
                render_plan_matrix(matrix, path, logo=logo, progress=progress)
                return str(path)
            return pdf
        if kind == "xlsx":
            from forms.plan_xlsx import export_xlsx, plan_sheets

            # The extra sheets make the workbook import back as the same plan.
            sheets = self.ops.read(plan_sheets, matrix.plan_id)

            def xlsx(progress: Progress) -> str:
                export_xlsx(matrix, path, sheets=sheets, progress=progress)
                return str(path)
            return xlsx
        from forms.plan_csv import export_csv

        def csv(progress: Progress) -> str:
            export_csv(matrix, path)
            return str(path)
        return csv

    def on_saved(self, path: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Guardado: {0}").format(path))
        self.saved.emit(path)

    def on_failed(self, message: str) -> None:
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setText(message)

    # Import ------------------------------------------------------------------------------

    def on_import_button_clicked(self) -> QInputDialog | None:
        if self.committee_id is None:
            return None
        path = self.choose_open_path()
        if not path:
            return None
        from db.domain import plans

        taken = {p["year"] for p in self.ops.read(plans.plans_for, self.committee_id)}
        this_year = lima_today().year
        from_title = self.tr("El año del título del archivo")
        years = [y for y in range(this_year - 2, this_year + 3) if y not in taken]
        prompt = QInputDialog(self)
        prompt.setObjectName("import_year_prompt")
        prompt.setComboBoxItems([from_title, *map(str, years)])
        prompt.setComboBoxEditable(False)
        prompt.setWindowTitle(self.tr("Importar plan"))
        prompt.setLabelText(self.tr("Año del plan que se importa de «{0}»:").format(
            Path(path).name))
        prompt.setOkButtonText(self.tr("Importar"))
        prompt.setCancelButtonText(self.tr("Cancelar"))
        prompt.textValueSelected.connect(
            lambda text: self.import_plan(path, None if text == from_title else int(text)))
        prompt.finished.connect(prompt.deleteLater)
        self.dialog = prompt
        prompt.open()
        return prompt

    def import_plan(self, path: str, year: int | None) -> Task | None:
        """Read the workbook in a worker (the slow part, no database); check and write it
        back on the GUI thread, the connection's only writer. ``year`` None takes it from
        the file's title."""
        from db.domain.plan_import import parse_plan_file

        self.message.setText("")
        self.task = run_task(lambda progress: parse_plan_file(Path(path)),
                             self.tr("Leyendo «{0}»…").format(Path(path).name), self,
                             on_success=lambda parsed: self.write_import(parsed, year),
                             on_failure=self.failed.emit)
        return self.task

    def write_import(self, parsed_and_issues: Any, year: int | None) -> None:
        from db.domain.plan_import import PlanImportError, import_parsed

        parsed, issues = parsed_and_issues
        try:
            result = self.ops.call(import_parsed, self.committee_id, parsed, issues, year=year,
                                   tables=PLAN_TABLES | {"units"})
        except PlanImportError as exc:
            self.on_imported(exc)
            return
        except SesionaError as exc:
            self.failed.emit(exc.message)
            return
        self.on_imported(result)

    def on_imported(self, result: Any) -> None:
        from db.domain.plan_import import PlanImportError

        if isinstance(result, PlanImportError):
            issues = list(result.issues)
            self.failed.emit(self.tr("No se importó el plan: el archivo tiene {0} problema(s)."
                                     ).format(len(issues)))
            dialog = ImportIssuesDialog(issues, self)
            dialog.finished.connect(dialog.deleteLater)
            self.dialog = dialog
            dialog.open()
            return
        plan_id, year = result.plan_id, result.year
        # Already written: record the undo step (undo removes the plan).
        self.ops.create(self.tr("Importar el plan {0}").format(year), lambda: plan_id,
                        "work_plans", PLAN_TABLES | {"units"})
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Plan {0} importado.").format(year))
        self.imported.emit(plan_id)
