"""«Añadir asiento» / «Editar asiento»: which institution sits, with what role and charges."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from db.domain import catalog, membership
from db.errors import ValidationError
from db.storage import records
from desktop.dialogs.committee_dialog import NO_MATCH, FormDialog, combo_choice
from desktop.operations import Operations
from desktop.widgets.choosers import choice_combo, institution_combo


def restore_seat(db, seat_id: str) -> None:
    """Undelete a seat unless its institution sat again meanwhile (a Spanish refusal)."""
    seat = records.get(db, "seats", seat_id)
    for other in membership.seats(db, seat["committee_id"]):
        if other["institution_id"] == seat["institution_id"] and other["id"] != seat_id:
            raise ValidationError(QCoreApplication.translate(
                "SeatDialog", "No se puede restaurar el asiento: {0} ya tiene otro asiento "
                "en este comité.").format(other["acronym"]), "institution_id")
    records.undelete(db, "seats", seat_id)


class SeatDialog(FormDialog):
    """Adds a seat to ``committee_id``, or edits ``seat`` (a row of ``membership.seats``)."""

    def __init__(self, ops: Operations, committee_id: str, seat: dict[str, Any] | None = None,
                 parent: QWidget | None = None):
        super().__init__(ops, "", parent)
        self.committee_id, self.seat = committee_id, seat
        self.created_id: str | None = None
        self.setWindowTitle(self.tr("Editar asiento") if seat else self.tr("Añadir asiento"))
        self.ok_button.setText(self.tr("Guardar") if seat else self.tr("Añadir asiento"))
        self.institution = self.add_field(
            "institution_id", self.tr("Institución"),
            institution_combo(ops.read(catalog.institutions), blank=""))
        self.institution.lineEdit().setPlaceholderText(
            self.tr("Escriba las siglas o el nombre, o elija de la lista"))
        self.institution.setMinimumWidth(420)
        self.role = self.add_field("role", self.tr("Rol"), choice_combo(membership.ROLES))
        charges = QWidget()
        row = QHBoxLayout(charges)
        row.setContentsMargins(0, 0, 0, 0)
        self.presidency = QCheckBox(self.tr("Presidencia"))
        self.presidency.setObjectName("presidency")
        self.secretariat = QCheckBox(self.tr("Secretaría técnica"))
        self.secretariat.setObjectName("secretariat")
        row.addWidget(self.presidency)
        row.addWidget(self.secretariat)
        row.addStretch()
        self.add_field("charges", self.tr("Además ejerce"), charges)
        if seat:
            self.institution.setCurrentIndex(
                max(self.institution.findData(seat["institution_id"]), 0))
            self.role.setCurrentIndex(max(self.role.findData(seat["role"]), 0))
            self.presidency.setChecked(bool(seat["is_presidency"]))
            self.secretariat.setChecked(bool(seat["is_secretariat"]))

    def values(self) -> dict[str, Any]:
        return {"institution_id": combo_choice(self.institution),
                "role": self.role.currentData(),
                "is_presidency": int(self.presidency.isChecked()),
                "is_secretariat": int(self.secretariat.isChecked())}

    def apply(self) -> None:
        values = self.values()
        if values["institution_id"] is NO_MATCH:
            raise ValidationError(self.tr("Elija una institución de la lista."),
                                  "institution_id")
        name = self.institution.currentText().split(" — ")[0]
        db = self.ops.db
        if self.seat is None:
            self.created_id = self.ops.create(
                self.tr("Añadir asiento «{0}»").format(name),
                lambda: membership.add_seat(
                    db, self.committee_id, values["institution_id"], values["role"],
                    is_presidency=bool(values["is_presidency"]),
                    is_secretariat=bool(values["is_secretariat"])),
                "seats", restore=lambda rid: restore_seat(db, rid))
            return
        seat_id = self.seat["id"]
        changes = {k: v for k, v in values.items() if self.seat.get(k) != v}
        if not changes:
            return
        old = {k: self.seat.get(k) for k in changes}
        self.ops.perform(self.tr("Editar asiento «{0}»").format(name),
                         lambda: membership.update_seat(db, seat_id, changes),
                         lambda: membership.update_seat(db, seat_id, old), {"seats"})
