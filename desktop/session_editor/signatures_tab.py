"""The «Firmas» tab: approval of the acta, its signature (by hand and scanned, or digital),
the signed files with the validation of their signatures, fe de erratas and annexes.

Signing cannot be undone: every step that makes the acta «firmada» or discards signatures
asks first, and the signing dialog says so; annexes are undoable. Every write goes through
the operations; a refusal is shown in red in the tab and nothing is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, Qt
from PySide6.QtWidgets import QListWidgetItem, QTreeWidgetItem, QWidget

from db import attachments, sessions, signatures
from db.acta_content import short_fingerprint
from db.acta_loader import load_acta
from db.errors import SesionaError
from db.locale_pe import lima_moment, moment_text, short_date
from desktop.operations import Operations
from desktop.session_editor.base import SessionTab
from desktop.session_editor.signature_actions import SignatureActions
from desktop.session_editor.signature_dialogs import ConfirmBox, ErrataDialog, SignFieldDialog
from desktop.session_editor.signature_models import (
    SignatureReportsModel,
    SignedFilesModel,
    is_broken,
    size_text,
)
from desktop.session_editor.signature_panel import SignaturesLayout

if TYPE_CHECKING:
    from forms.trust import TrustRoots

ID_ROLE = Qt.ItemDataRole.UserRole
SIGNED_ROLE = Qt.ItemDataRole.UserRole + 1  # a signature field: signed or not
NAME_ROLE = Qt.ItemDataRole.UserRole + 2  # an annex: its file name
MODE_WORDS = {"fisica": QT_TRANSLATE_NOOP("SignaturesTab", "física"),
              "digital": QT_TRANSLATE_NOOP("SignaturesTab", "digital")}
NEXT_STEPS = {
    "programada": QT_TRANSLATE_NOOP(
        "SignaturesTab", "El acta se aprueba y se firma una vez realizada la sesión."),
    "sin_quorum": QT_TRANSLATE_NOOP(
        "SignaturesTab", "La sesión no se realizó por falta de quórum: no hay acta que firmar."),
    "realizada": QT_TRANSLATE_NOOP(
        "SignaturesTab", "Registre la aprobación del acta para poder firmarla."),
    "acta_aprobada": QT_TRANSLATE_NOOP(
        "SignaturesTab", "Firme el acta de una de dos formas: adjunte el acta firmada a mano "
        "y escaneada (a) o fírmela digitalmente (b)."),
    "acta_firmada": QT_TRANSLATE_NOOP(
        "SignaturesTab", "El acta está firmada y ya no se puede modificar. Para corregirla, "
        "registre una fe de erratas."),
}
#: The file whose signatures are worth seeing first.
PREFERRED_PURPOSES = ("acta_firmada_digital", "acta_para_firma", "acta_firmada_fisica")
DIGITAL_PURPOSES = ("acta_firmada_digital", "acta_para_firma")


class SignaturesTab(SignatureActions, SignaturesLayout, SessionTab):
    title = QT_TRANSLATE_NOOP("SignaturesTab", "Firmas")
    watches = frozenset({"sessions", "attachments", "errata"})

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self.session: dict[str, Any] | None = None
        self.sign_dialog: SignFieldDialog | None = None
        self.errata_dialog: ErrataDialog | None = None
        self.confirm_box: ConfirmBox | None = None
        self.build_layout()
        self.files_model = SignedFilesModel(self)
        self.reports_model = SignatureReportsModel(self)
        self.files_view.setModel(self.files_model)
        self.reports_view.setModel(self.reports_model)
        self.stretch_columns(self.files_view, 0)
        self.stretch_columns(self.reports_view, 6)
        signer = self.reports_view.horizontalHeader()  # long names elide; the tooltip has all
        signer.setSectionResizeMode(1, signer.ResizeMode.Interactive)
        signer.resizeSection(1, 220)
        self.files_view.selectionModel().selectionChanged.connect(
            self.on_files_view_selection_changed)
        self.reports_view.selectionModel().selectionChanged.connect(
            self.on_reports_view_selection_changed)
        self.fields_list.currentRowChanged.connect(self.on_fields_list_current_row_changed)
        self.errata_list.currentItemChanged.connect(self.on_errata_list_current_item_changed)
        self.annex_list.currentRowChanged.connect(self.on_annex_list_current_row_changed)
        self._trust: TrustRoots | None = None
        self.refresh()

    @property
    def trust(self) -> TrustRoots:
        """The authorities whose certificates count as «Verificada», read on first use
        (``TrustRoots.load()``); tests assign their own."""
        if self._trust is None:
            self._trust = self._load_trust()
        return self._trust

    @trust.setter
    def trust(self, roots: TrustRoots) -> None:
        self._trust = roots

    def _load_trust(self) -> TrustRoots:
        from forms.trust import TrustRoots  # pyHanko: loaded on first use

        roots = TrustRoots.load()
        if roots.problems:  # damaged files in the user's folder were skipped
            self.trust_warning.setText(self.tr(
                "Algunas autoridades certificadoras de confianza no se pudieron leer y no se "
                "tienen en cuenta: {0}").format(" ".join(roots.problems)))
            self.trust_warning.show()
        return roots

    # SessionTab contract -------------------------------------------------------------

    def set_session(self, session_id: str | None) -> None:
        self._clear_messages()
        super().set_session(session_id)

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        self._update_enabled()

    def refresh(self) -> None:
        self.session = self.ops.read(sessions.get_session, self.session_id) \
            if self.session_id else None
        try:
            self._refresh_state()
            self._refresh_files()
            self._refresh_fields()
            self._refresh_errata()
            self._refresh_annexes()
        except SesionaError as exc:  # e.g. a stored file that no longer reads back
            self.error.show_error(exc.message)
        self._update_enabled()

    # Reading -------------------------------------------------------------------------

    def _state(self) -> str | None:
        return self.session["state"] if self.session else None

    def _refresh_state(self) -> None:
        session = self.session
        for label in (self.approved_label, self.signed_label):
            label.hide()
        self.approval_box.setVisible(bool(session) and session["state"] == "realizada")
        if not session:
            for label in (self.state_label, self.fingerprint_label, self.next_step_label):
                label.setText("")
            return
        state = session["state"]
        self.state_label.setText(self.tr("Estado actual: <b>{0}</b>").format(
            sessions.STATES[state]))
        self.next_step_label.setText(self.tr(NEXT_STEPS[state]))
        if session["approved_in_session_id"] and state in ("acta_aprobada", "acta_firmada"):
            self.approved_label.setText(self.tr("Aprobada en: {0}").format(
                self._approval_text(session["approved_in_session_id"])))
            self.approved_label.show()
        if state == "acta_firmada":
            mode = MODE_WORDS.get(session["signature_mode"] or "", "")
            self.signed_label.setText(self.tr("Firmada ({0}) el {1}").format(
                self.tr(mode), short_date(session["signed_on"])))
            self.signed_label.show()
            self.fingerprint_label.setText(self.tr("Huella del acta: <b>{0}</b>").format(
                short_fingerprint(session["acta_fingerprint"] or "")))
            self.fingerprint_label.setToolTip(session["acta_fingerprint"] or "")
        else:
            content = self.ops.read(load_acta, self.session_id)
            self.fingerprint_label.setText(self.tr(
                "Huella del contenido actual: <b>{0}</b>").format(content.short_fingerprint))
            self.fingerprint_label.setToolTip(self.tr(
                "Cambia con cada modificación del acta; al firmarse, la huella queda fija y "
                "se imprime en el acta."))
        if state == "realizada":
            self._fill_approval_combo()

    def _approval_text(self, session_id: str) -> str:
        if session_id == self.session_id:
            return self.tr("esta misma sesión ({0})").format(short_date(self.session["date"]))
        other = self.ops.read(sessions.get_session, session_id)
        return self.tr("{0} del {1}").format(sessions.title(other), short_date(other["date"]))

    def _fill_approval_combo(self) -> None:
        chosen = self.approval_combo.currentData()
        self.approval_combo.clear()
        for row in self.ops.read(signatures.approval_candidates, self.session_id):
            if row["id"] == self.session_id:
                label = self.tr("En esta misma sesión")
            else:
                label = f"{sessions.title(row)} — {short_date(row['date'])}"
            self.approval_combo.addItem(label, row["id"])
        self.approval_combo.setCurrentIndex(max(self.approval_combo.findData(chosen), 0))

    def _refresh_files(self, select: str | None = None) -> None:
        rows = self.ops.read(signatures.signed_files, self.session_id) if self.session else []
        keep = select or self._selected_file_id()
        self.files_model.set_rows(rows)
        self.files_empty.setVisible(not rows)
        self.files_view.setVisible(bool(rows))
        if self.files_model.row_of(keep) < 0:
            keep = next((r["id"] for purpose in PREFERRED_PURPOSES for r in rows
                         if r["purpose"] == purpose), None)
        self._select_file(keep)

    def _select_file(self, attachment_id: str | None) -> None:
        row = self.files_model.row_of(attachment_id)
        selection = self.files_view.selectionModel()
        if row < 0:
            selection.clearSelection()
        else:
            selection.select(self.files_model.index(row, 0),
                             QItemSelectionModel.SelectionFlag.ClearAndSelect
                             | QItemSelectionModel.SelectionFlag.Rows)
        self._show_reports()

    def _selected_file(self) -> dict[str, Any] | None:
        rows = self.files_view.selectionModel().selectedRows()
        return self.files_model.row_at(rows[0].row()) if rows else None

    def _selected_file_id(self) -> str | None:
        row = self._selected_file()
        return row["id"] if row else None

    def _show_reports(self) -> None:
        row = self._selected_file()
        reports = signatures.stored_reports(row) if row else []
        self.reports_model.set_rows(reports)
        self.reports_caption.setText(self._reports_caption(row, reports))
        if reports:  # the first broken signature, else the first one
            first = next((i for i, r in enumerate(reports) if is_broken(r)), 0)
            self.reports_view.selectRow(first)
        self.on_reports_view_selection_changed()

    def _reports_caption(self, row: dict[str, Any] | None, reports: list[dict]) -> str:
        if row is None:
            return self.tr("Seleccione un archivo firmado para ver la validación de sus firmas.")
        name = row["file_name"]
        if row["purpose"] == "acta_firmada_fisica":
            return self.tr("«{0}» es la copia escaneada del acta firmada a mano: no lleva "
                           "firmas digitales.").format(name)
        if not reports:
            return self.tr("«{0}» todavía no tiene firmas digitales.").format(name)
        when = lima_moment(row["validated_at"])
        text = self.tr("Firmas de «{0}» (verificadas el {1}).").format(
            name, moment_text(when) if when else "—")
        broken = sum(1 for r in reports if is_broken(r))
        if broken:
            text += " " + self.tr("¡Atención! {0} de {1} firmas no son válidas.").format(
                broken, len(reports))
        return text

    def _refresh_fields(self) -> None:
        fields: list[tuple[str, bool]] = []
        has_copy = False
        if self._state() == "acta_aprobada":
            has_copy = self.ops.read(signatures.working_copy, self.session_id) is not None
        if has_copy:
            from forms.acta_signing import pending_fields  # pyHanko: loaded on first use

            fields = self.ops.read(pending_fields, self.session_id)
        current = self._selected_field()
        self.fields_list.clear()
        for name, signed in fields:
            text = f"✔ {name}" if signed else self.tr("○ {0} — pendiente").format(name)
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, name)
            item.setData(SIGNED_ROLE, signed)
            self.fields_list.addItem(item)
            if current and current[0] == name:
                self.fields_list.setCurrentItem(item)
        done = sum(1 for _name, signed in fields if signed)
        if not has_copy:
            self.fields_status.setText(self.tr(
                "Todavía no se ha preparado el PDF para la firma digital.")
                if self._state() == "acta_aprobada" else "")
        else:
            self.fields_status.setText(self.tr("PDF preparado: {0} de {1} campos firmados.")
                                       .format(done, len(fields)))

    def _selected_field(self) -> tuple[str, bool] | None:
        item = self.fields_list.currentItem()
        return (item.data(ID_ROLE), bool(item.data(SIGNED_ROLE))) if item else None

    def _field_states(self) -> list[bool]:
        return [bool(self.fields_list.item(i).data(SIGNED_ROLE))
                for i in range(self.fields_list.count())]

    def _refresh_errata(self, select: str | None = None) -> None:
        rows = self.ops.read(signatures.errata_for, self.session_id) if self.session else []
        keep = select or self._selected_errata_id()
        self.errata_list.clear()
        for row in rows:
            body = " ".join(row["body"].split())
            item = QTreeWidgetItem([str(row["number"]), short_date(row["noted_on"]), body])
            item.setData(0, ID_ROLE, row["id"])
            item.setToolTip(2, row["body"])
            self.errata_list.addTopLevelItem(item)
            if row["id"] == keep or (keep is None and row is rows[-1]):
                self.errata_list.setCurrentItem(item)

    def _selected_errata_id(self) -> str | None:
        item = self.errata_list.currentItem()
        return item.data(0, ID_ROLE) if item else None

    def _refresh_annexes(self) -> None:
        rows = self.ops.read(attachments.for_session, self.session_id, ("anexo",)) \
            if self.session else []
        keep = self._selected_annex_id()
        self.annex_list.clear()
        for row in rows:
            item = QListWidgetItem(f"{row['file_name']} ({size_text(row['size'])})")
            item.setData(ID_ROLE, row["id"])
            item.setData(NAME_ROLE, row["file_name"])
            self.annex_list.addItem(item)
            if row["id"] == keep:
                self.annex_list.setCurrentItem(item)

    def _selected_annex_id(self) -> str | None:
        item = self.annex_list.currentItem()
        return item.data(ID_ROLE) if item else None

    def _selected_annex_name(self) -> str:
        item = self.annex_list.currentItem()
        return item.data(NAME_ROLE) if item else ""

    def _update_enabled(self) -> None:
        state = self._state()
        approved, signed = state == "acta_aprobada", state == "acta_firmada"
        editable = self.session is not None and not self.locked and not signed
        self.approve_button.setEnabled(state == "realizada" and not self.locked
                                       and self.approval_combo.count() > 0)
        self.approval_combo.setEnabled(self.approve_button.isEnabled())
        field = self._selected_field()
        self.attach_scans_button.setEnabled(approved)
        self.prepare_button.setEnabled(approved)
        self.sign_button.setEnabled(approved and field is not None and not field[1])
        self.finish_button.setEnabled(approved and any(self._field_states()))
        self.attach_signed_button.setEnabled(approved)
        row = self._selected_file()
        self.save_copy_button.setEnabled(row is not None)
        self.revalidate_button.setEnabled(row is not None and row["purpose"] in DIGITAL_PURPOSES)
        self.errata_box.setEnabled(signed)
        self.add_errata_button.setEnabled(signed)
        self.save_errata_button.setEnabled(signed and self._selected_errata_id() is not None)
        self.add_annex_button.setEnabled(editable)
        self.remove_annex_button.setEnabled(editable and self._selected_annex_id() is not None)

    # Selection slots -----------------------------------------------------------------

    def on_files_view_selection_changed(self, *_args: Any) -> None:
        self._show_reports()
        self._update_enabled()

    def on_reports_view_selection_changed(self, *_args: Any) -> None:
        """The selected signature's summary in full, under the table."""
        rows = self.reports_view.selectionModel().selectedRows()
        self.report_detail.setText(self.reports_model.row_at(rows[0].row())["summary"]
                                   if rows else "")
        self.report_detail.setStyleSheet(
            "color: #b3261e;" if rows and is_broken(self.reports_model.row_at(rows[0].row()))
            else "")

    def on_fields_list_current_row_changed(self, _row: int) -> None:
        self._update_enabled()

    def on_errata_list_current_item_changed(self, *_args: Any) -> None:
        self._update_enabled()

    def on_annex_list_current_row_changed(self, _row: int) -> None:
        self._update_enabled()
