"""«Nuevo plan» (optionally copied from last year's, or started from a template headquarters
distributed) and «Datos del plan»: year, title and the session and agreement that approved
it."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from db.domain import committees, plan_copy, plans
from db.locale_pe import lima_today
from db.storage.connection import transaction
from desktop.dialogs.committee_dialog import FormDialog
from desktop.operations import Operations
from desktop.plans.links import fill_agreements, fill_sessions

#: A new or copied plan writes all of these.
PLAN_TABLES = {"work_plans", "plan_nodes", "plan_node_institutions", "indicators",
               "indicator_targets"}
APPROVAL = ("approved_in_session_id", "approved_by_agreement_id")


class PlanDialog(FormDialog):
    """Creates a plan for ``committee_id`` or edits ``plan`` (a row of ``plans_for``)."""

    def __init__(self, ops: Operations, committee_id: str, plan: dict[str, Any] | None = None,
                 *, today: date | None = None, parent: QWidget | None = None):
        super().__init__(ops, "", parent)
        self.committee_id, self.plan = committee_id, plan
        self.created_id: str | None = None
        self.existing = {p["year"]: p for p in ops.read(plans.plans_for, committee_id)}
        self.setWindowTitle(self.tr("Datos del plan") if plan else self.tr("Nuevo plan"))
        self.ok_button.setText(self.tr("Guardar") if plan else self.tr("Crear plan"))
        self.year = self.add_field("year", self.tr("Año"), QSpinBox())
        self.year.setRange(2000, 2100)
        self.year.setGroupSeparatorShown(False)
        self.copy_check = QCheckBox()
        self.copy_check.setObjectName("copy_check")
        if plan is None:
            self.add_field("copy", "", self.copy_check)
        else:
            self.copy_check.hide()
        self.template = QComboBox()
        self.template.setObjectName("template_combo")
        if plan is None:
            self.add_field("template", self.tr("Plantilla de la sede"),
                           self.fill_templates(self.template))
            self.template.currentIndexChanged.connect(self.on_template_changed)
        else:
            self.template.hide()
        self.title = self.add_field("title", self.tr("Título"), QLineEdit())
        self.title.setMinimumWidth(420)
        self.session = self.add_field("approved_in_session_id", self.tr("Aprobado en la sesión"),
                                      fill_sessions(QComboBox(), ops, committee_id))
        self.agreement = self.add_field("approved_by_agreement_id",
                                        self.tr("Acuerdo de aprobación"),
                                        fill_agreements(QComboBox(), ops, committee_id))
        self.year.valueChanged.connect(self.on_year_changed)
        if plan:
            self.year.setValue(plan["year"])
            self.title.setText(plan["title"])
            for combo, key in ((self.session, APPROVAL[0]), (self.agreement, APPROVAL[1])):
                combo.setCurrentIndex(max(combo.findData(plan.get(key)), 0))
        else:
            year = (today or lima_today()).year
            while year in self.existing:
                year += 1
            self.year.setValue(year)
        self.on_year_changed(self.year.value())

    def on_year_changed(self, year: int) -> None:
        self.title.setPlaceholderText(self.tr("Plan de Trabajo Anual {0}").format(year))
        previous = self.existing.get(year - 1)
        self.copy_check.setText(self.tr("Copiar del plan de {0} (árbol, instituciones, "
                                        "indicadores y metas; sin la ejecución)").format(year - 1))
        from_template = self.template.currentData() is not None
        self.copy_check.setEnabled(previous is not None and not from_template)
        self.copy_check.setChecked(previous is not None and not from_template)

    def fill_templates(self, combo: QComboBox) -> QComboBox:
        """The templates received from headquarters for this kind of committee."""
        from db.domain import plan_templates  # loads openpyxl and numpy: not at the app's start

        kind = self.ops.read(committees.get_committee, self.committee_id)["kind"]
        found = self.ops.read(plan_templates.templates_for, kind)
        combo.addItem(self.tr("Ninguna") if found else
                      self.tr("Ninguna (aún no llegan plantillas de la sede)"), None)
        for template in found:
            combo.addItem(template["title"], template["id"])
            if template["notes"]:
                combo.setItemData(combo.count() - 1, template["notes"], Qt.ItemDataRole.ToolTipRole)
        combo.setEnabled(bool(found))
        return combo

    def on_template_changed(self, _index: int) -> None:
        """A template and a copy of last year's plan exclude each other."""
        self.on_year_changed(self.year.value())

    def values(self) -> dict[str, Any]:
        return {"year": self.year.value(), "title": self.title.text().strip() or None,
                APPROVAL[0]: self.session.currentData(), APPROVAL[1]: self.agreement.currentData()}

    def apply(self) -> None:
        values = self.values()
        db, committee_id = self.ops.db, self.committee_id
        if self.plan is None:
            source = self.existing.get(values["year"] - 1) if self.copy_check.isChecked() \
                else None
            template_id = self.template.currentData()
            approval = {k: values[k] for k in APPROVAL if values[k]}

            def create() -> str:
                from db.domain import plan_templates

                with transaction(db):
                    if template_id is not None:
                        plan_id = plan_templates.create_plan_from_template(
                            db, committee_id, template_id, values["year"],
                            title=values["title"]).plan_id
                        assert plan_id is not None
                        if approval:
                            plans.update_plan(db, plan_id, approval)
                        return plan_id
                    if source is None:
                        return plans.create_plan(db, committee_id, values["year"],
                                                 title=values["title"], **approval)
                    plan_id = plan_copy.copy_plan(db, source["id"], values["year"],
                                                 values["title"])
                    if approval:
                        plans.update_plan(db, plan_id, approval)
                    return plan_id

            text = self.tr("Crear el plan {0}").format(values["year"])
            self.created_id = self.ops.create(text, create, "work_plans", PLAN_TABLES)
            return
        values["title"] = values["title"] or self.tr("Plan de Trabajo Anual {0}").format(
            values["year"])
        changes = {k: v for k, v in values.items() if self.plan.get(k) != v}
        if not changes:
            return
        old = {k: self.plan.get(k) for k in changes}
        plan_id = self.plan["id"]
        self.ops.perform(self.tr("Editar el plan {0}").format(values["year"]),
                         lambda: plans.update_plan(db, plan_id, changes),
                         lambda: plans.update_plan(db, plan_id, old), {"work_plans"})
