"""«Miembros»: the committee's seats and the designations of their representatives."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.domain import committees, membership
from db.errors import NotFoundError
from desktop.dialogs.designation_dialog import DesignationDialog
from desktop.dialogs.institution_dialog import InstitutionDialog
from desktop.dialogs.seat_dialog import SeatDialog, restore_seat
from desktop.models.members_models import DesignationsModel, SeatsModel
from desktop.operations import Operations
from desktop.pages.base import Page
from desktop.widgets.list_panel import (
    open_replacing,
    push_button,
    select_id,
    selected_id,
    table_view,
)


class MembersPage(Page):
    title = "Miembros"
    watches = frozenset({"committees", "seats", "designations", "institutions"})

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self.dialog: QDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.has_committee = False

        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary_label")
        self.summary_label.setStyleSheet("font-weight: bold;")

        self.seats_model = SeatsModel(self)
        self.seats_view = table_view("seats_view", self.seats_model, stretch=1,
                                     word_wrap=False)
        self.seats_view.selectionModel().selectionChanged.connect(self.on_seat_selection_changed)
        self.seats_view.doubleClicked.connect(self.on_seats_view_double_clicked)

        self.add_seat_button = push_button("add_seat_button", self.tr("Añadir asiento…"),
                                           self.on_add_seat_clicked)
        self.edit_seat_button = push_button("edit_seat_button", self.tr("Editar asiento…"),
                                            self.on_edit_seat_clicked)
        self.remove_seat_button = push_button("remove_seat_button", self.tr("Quitar asiento"),
                                              self.on_remove_seat_clicked)
        self.designate_button = push_button("designate_button",
                                            self.tr("Designar representante…"),
                                            self.on_designate_clicked)
        self.catalog_button = push_button("catalog_button",
                                          self.tr("Catálogo de instituciones…"),
                                          self.on_catalog_clicked)
        buttons = QHBoxLayout()
        for button in (self.add_seat_button, self.edit_seat_button, self.remove_seat_button,
                       self.designate_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.catalog_button)

        self.designations_model = DesignationsModel(self)
        self.designations_view = table_view("designations_view", self.designations_model,
                                            stretch=1, word_wrap=False)
        self.history_box = QGroupBox(self.tr("Historial de designaciones"))
        history = QVBoxLayout(self.history_box)
        self.history_hint = QLabel()
        self.history_hint.setObjectName("history_hint")
        history.addWidget(self.history_hint)
        history.addWidget(self.designations_view)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.summary_label)
        top_layout.addWidget(self.seats_view)
        top_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.history_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.refresh()

    # Page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.has_committee = self._committee_exists()
        selected = self.selected_seat_id()
        rows = self.ops.read(membership.seats, self.committee_id) if self.has_committee else []
        self.seats_model.set_rows(rows)
        self.select_seat(selected)
        self.summary_label.setText(self.summary_text(rows) if self.has_committee else "")
        self.load_history()

    def _committee_exists(self) -> bool:
        if not self.committee_id:
            return False
        try:
            row = self.ops.read(committees.get_committee, self.committee_id)
        except NotFoundError:
            return False
        return not row.get("deleted_at")

    def summary_text(self, rows: list[dict[str, Any]]) -> str:
        voting = self.ops.read(membership.voting_seat_count, self.committee_id)
        others = sum(1 for row in rows if row["role"] != "miembro")
        first = (self.tr("1 miembro con voto") if voting == 1
                 else self.tr("{0} miembros con voto").format(voting))
        second = (self.tr("1 observador/invitado permanente") if others == 1
                  else self.tr("{0} observadores/invitados permanentes").format(others))
        return f"{first} · {second}"

    # Selection and history -------------------------------------------------------------

    def selected_seat_id(self) -> str | None:
        return selected_id(self.seats_view)

    def selected_seat(self) -> dict[str, Any] | None:
        seat_id = self.selected_seat_id()
        return self.seats_model.row_at(self.seats_model.row_of(seat_id)) if seat_id else None

    def select_seat(self, seat_id: str | None) -> None:
        select_id(self.seats_view, seat_id)

    def on_seat_selection_changed(self, *_args: object) -> None:
        self.load_history()

    def load_history(self) -> None:
        seat = self.selected_seat()
        self.designations_model.set_rows(
            self.ops.read(membership.designations, seat["id"]) if seat else [])
        if seat:
            self.history_box.setTitle(self.tr("Historial de designaciones — {0}").format(
                seat["acronym"]))
            self.history_hint.setText("" if self.designations_model.rowCount() else self.tr(
                "Este asiento aún no tiene representantes designados."))
            self.history_hint.setVisible(not self.designations_model.rowCount())
        else:
            self.history_box.setTitle(self.tr("Historial de designaciones"))
            self.history_hint.setText(self.tr(
                "Seleccione un asiento para ver quiénes lo han representado."))
            self.history_hint.show()
        self.update_buttons()

    def update_buttons(self) -> None:
        selected = self.selected_seat_id() is not None
        self.add_seat_button.setEnabled(self.has_committee)
        self.edit_seat_button.setEnabled(self.has_committee and selected)
        self.remove_seat_button.setEnabled(self.has_committee and selected)
        self.designate_button.setEnabled(self.has_committee and selected)

    # Actions ---------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        """Window-modal without blocking; the page refreshes from ``ops.changed``."""
        self.dialog = open_replacing(self.dialog, dialog)
        return dialog

    def on_add_seat_clicked(self) -> None:
        if not self.has_committee:
            return
        dialog = SeatDialog(self.ops, self.committee_id, parent=self)
        dialog.accepted.connect(lambda: self.select_seat(dialog.created_id))
        self._open(dialog)

    def on_edit_seat_clicked(self) -> None:
        seat = self.selected_seat()
        if seat:
            dialog = SeatDialog(self.ops, self.committee_id, seat, parent=self)
            dialog.accepted.connect(lambda: self.select_seat(seat["id"]))
            self._open(dialog)

    def on_seats_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.seats_view.selectRow(index.row())
            self.on_designate_clicked()

    def on_designate_clicked(self) -> None:
        seat = self.selected_seat()
        if seat:
            self._open(DesignationDialog(self.ops, seat, parent=self))

    def on_catalog_clicked(self) -> None:
        self._open(InstitutionDialog(self.ops, parent=self))

    def on_remove_seat_clicked(self) -> None:
        seat = self.selected_seat()
        if not seat:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Quitar asiento"), self.tr(
            "¿Quitar el asiento de {0} del comité? Sus designaciones se conservan en el "
            "historial y puede deshacerlo con Editar › Deshacer.").format(seat["acronym"]),
            QMessageBox.StandardButton.NoButton, self)
        remove = box.addButton(self.tr("Quitar asiento"), QMessageBox.ButtonRole.AcceptRole)
        remove.setObjectName("confirm_remove_button")
        cancel = box.addButton(self.tr("Cancelar"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.finished.connect(lambda _result: self.on_confirm_box_finished(box, remove, seat))
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        self.confirm_box = box
        box.open()

    def on_confirm_box_finished(self, box: QMessageBox, remove: QPushButton,
                                seat: dict[str, Any]) -> None:
        if box.clickedButton() is not remove:
            return
        db, seat_id = self.ops.db, seat["id"]
        self.ops.perform(self.tr("Quitar asiento «{0}»").format(seat["acronym"]),
                         lambda: membership.remove_seat(db, seat_id),
                         lambda: restore_seat(db, seat_id), {"seats"})
