"""«Catálogo de instituciones»: browse the catalogue and add an institution it lacks."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.domain import catalog
from db.errors import SesionaError, ValidationError
from desktop.dialogs.committee_dialog import INVALID_STYLE
from desktop.models.members_models import InstitutionsModel
from desktop.operations import Operations
from desktop.widgets.choosers import choice_combo
from desktop.widgets.fields import ErrorLabel


class InstitutionDialog(QDialog):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.created_id: str | None = None
        self.setWindowTitle(self.tr("Catálogo de instituciones"))
        self.resize(820, 560)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Buscar por siglas o nombre…"))
        self.search.setClearButtonEnabled(True)
        self.model = InstitutionsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView()
        self.view.setObjectName("institutions_view")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        add_box = QGroupBox(self.tr("Añadir una institución que no está en el catálogo"))
        form = QFormLayout(add_box)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.acronym = self._add(form, "acronym", self.tr("Siglas"), QLineEdit())
        self.acronym.setPlaceholderText(self.tr("p. ej. RED-NNA MDD"))
        self.name = self._add(form, "name", self.tr("Nombre"), QLineEdit())
        self.name.setPlaceholderText(
            self.tr("p. ej. Red de Niñas, Niños y Adolescentes de Madre de Dios"))
        self.sector = self._add(form, "sector", self.tr("Sector"), choice_combo(catalog.SECTORS))
        self.sector.setCurrentIndex(self.sector.findData("otro"))
        self.general_error = ErrorLabel()
        self.general_error.setObjectName("error_general")
        self.status = QLabel()
        self.status.setObjectName("status_label")
        self.add_button = QPushButton(self.tr("Añadir al catálogo"))
        self.add_button.setObjectName("add_institution_button")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.acronym.returnPressed.connect(self.on_add_button_clicked)
        self.name.returnPressed.connect(self.on_add_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.status, 1)
        form.addRow(self.general_error)
        form.addRow(row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Cerrar"))
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(add_box)
        layout.addWidget(buttons)

        ops.changed.connect(self.on_ops_changed)
        self.reload()

    def _add(self, form: QFormLayout, field: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(f"field_{field}")
        error = ErrorLabel()
        error.setObjectName(f"error_{field}")
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(widget)
        inner.addWidget(error)
        form.addRow(label, box)
        self.fields[field], self.errors[field] = widget, error
        return widget

    def error_text(self, field: str) -> str:
        return self.errors[field].text() if field else self.general_error.text()

    def reload(self) -> None:
        self.model.set_rows(self.ops.read(catalog.institutions))

    def on_ops_changed(self, tables: frozenset[str]) -> None:
        if "institutions" in tables:
            self.reload()

    def select(self, institution_id: str) -> None:
        row = self.model.row_of(institution_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.view.selectRow(index.row())
            self.view.scrollTo(index)

    def on_add_button_clicked(self) -> None:
        for field, error in self.errors.items():
            error.clear_error()
            self.fields[field].setStyleSheet("")
        self.general_error.clear_error()
        self.status.setText("")
        acronym, name = self.acronym.text().strip(), self.name.text().strip()
        sector = self.sector.currentData()
        try:
            self.created_id = self.ops.create(
                self.tr("Añadir institución «{0}»").format(acronym),
                lambda: catalog.add_institution(self.ops.db, acronym, name, sector),
                "institutions")
        except ValidationError as exc:
            for field, message in exc.errors.items():
                if field in self.errors:
                    self.errors[field].show_error(message)
                    self.fields[field].setStyleSheet(INVALID_STYLE)
                else:
                    self.general_error.show_error(message)
            return
        except SesionaError as exc:
            self.general_error.show_error(exc.message)
            return
        self.search.clear()
        self.select(self.created_id)
        self.status.setText(self.tr("Se añadió «{0}» al catálogo.").format(acronym))
        self.acronym.clear()
        self.name.clear()
        self.sector.setCurrentIndex(self.sector.findData("otro"))
        self.acronym.setFocus()
