"""«Designar representante»: a new titular or alterno for a seat.

The person in office is not overwritten: their designation is closed on the new one's
date, so the seat keeps its whole history. Undo reopens it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QRadioButton, QWidget

from db.domain import membership
from db.locale_pe import short_date
from db.storage import records
from desktop.dialogs.committee_dialog import FormDialog
from desktop.operations import Operations
from desktop.widgets.fields import RequiredDateEdit


class DesignationDialog(FormDialog):
    def __init__(self, ops: Operations, seat: dict[str, Any], parent: QWidget | None = None):
        """``seat`` is a row of ``membership.seats`` (with acronym, titular and alterno)."""
        super().__init__(ops, "", parent)
        self.seat = seat
        self.created_id: str | None = None
        self.setWindowTitle(self.tr("Designar representante"))
        self.ok_button.setText(self.tr("Designar"))
        heading = QLabel(self.tr("Asiento de <b>{0}</b> — {1}").format(
            seat["acronym"], seat["institution_name"]))
        heading.setWordWrap(True)
        self.main_layout.insertWidget(0, heading)

        positions = QWidget()
        row = QHBoxLayout(positions)
        row.setContentsMargins(0, 0, 0, 0)
        self.position_group = QButtonGroup(self)
        self.position_buttons: dict[str, QRadioButton] = {}
        for value, label in membership.POSITIONS.items():
            button = QRadioButton(label)
            button.setObjectName(f"position_{value}")
            self.position_group.addButton(button)
            self.position_buttons[value] = button
            row.addWidget(button)
        row.addStretch()
        self.add_field("position", self.tr("Designado como"), positions)
        self.person_name = self.add_field("person_name", self.tr("Nombres y apellidos"),
                                          QLineEdit())
        self.person_name.setMinimumWidth(360)
        self.job_title = self.add_field("job_title", self.tr("Cargo"), QLineEdit())
        self.job_title.setPlaceholderText(self.tr("p. ej. Director Regional de Trabajo"))
        self.document = self.add_field("document", self.tr("Documento de designación"),
                                       QLineEdit())
        self.document.setPlaceholderText(self.tr("p. ej. Oficio N° 045-2024-MTPE/4"))
        self.designated_on = self.add_field("designated_on", self.tr("Fecha de designación"),
                                            RequiredDateEdit())
        self.replaces = QLabel()
        self.replaces.setObjectName("replaces_label")
        self.replaces.setWordWrap(True)
        self.main_layout.insertWidget(2, self.replaces)

        default = "alterno" if seat.get("titular") and not seat.get("alterno") else "titular"
        self.position_buttons[default].setChecked(True)
        self.position_group.buttonToggled.connect(self.update_replaces)
        self.designated_on.dateChanged.connect(self.update_replaces)
        self.update_replaces()

    def position(self) -> str | None:
        for value, button in self.position_buttons.items():
            if button.isChecked():
                return value
        return None

    def closing(self) -> list[dict[str, Any]]:
        """The designations in office that this one will close (as ``designate`` does)."""
        position, day = self.position(), self.designated_on.value()
        return [d for d in self.ops.read(membership.designations, self.seat["id"])
                if d["position"] == position and d["ended_on"] is None
                and d["designated_on"] <= day]

    def update_replaces(self, *_args: object) -> None:
        closing = self.closing()
        if closing:
            since = self.tr("{0}, designado el {1}")
            names = "; ".join(since.format(d["person_name"], short_date(d["designated_on"]))
                              for d in closing)
            self.replaces.setText(self.tr(
                "Reemplaza a {0}. Esa designación no se borra: queda en el historial, "
                "cerrada en la fecha indicada.").format(names))
        else:
            self.replaces.setText("")

    def values(self) -> dict[str, Any]:
        return {"position": self.position(), "person_name": self.person_name.text(),
                "designated_on": self.designated_on.value(),
                "document": self.document.text(), "job_title": self.job_title.text()}

    def apply(self) -> None:
        values = self.values()
        closed_ids = [d["id"] for d in self.closing()]
        db, seat_id, day = self.ops.db, self.seat["id"], values["designated_on"]

        def delete(designation_id: str) -> None:
            records.soft_delete(db, "designations", designation_id)
            for previous in closed_ids:
                records.update(db, "designations", previous, {"ended_on": None})

        def restore(designation_id: str) -> None:
            records.undelete(db, "designations", designation_id)
            for previous in closed_ids:
                records.update(db, "designations", previous, {"ended_on": day})

        label = membership.POSITIONS.get(values["position"] or "", "")
        self.created_id = self.ops.create(
            self.tr("Designar {0} de {1}").format(label.lower(), self.seat["acronym"]),
            lambda: membership.designate(db, seat_id, **values),
            "designations", delete=delete, restore=restore)
