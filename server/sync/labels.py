"""Spanish names for what headquarters' messages mention: columns and tables.

A reason the device shows («Otro equipo cambió la sede…») never names a raw column. Column
labels are lower case, for the middle of a sentence; a column without a label reads as its
name with spaces («approved_in_session_id» → «approved in session id») rather than fail.
"""

from __future__ import annotations

from collections.abc import Iterable

from contract.tables import TABLE_LABELS

COLUMN_LABELS = {
    # Shared by many tables.
    "name": "nombre", "acronym": "sigla", "title": "título", "text": "texto", "body": "texto",
    "notes": "notas internas", "state": "estado", "position": "orden", "date": "fecha",
    "city": "ciudad", "kind": "tipo", "number": "número", "code": "código",
    "description": "descripción", "deleted_at": "eliminación", "created_at": "fecha de registro",
    "is_custom": "entrada propia", "purpose": "finalidad",
    # Committees, membership.
    "region_code": "región", "sector": "sector", "former_acronyms": "siglas anteriores",
    "committee_id": "comité", "institution_id": "institución", "seat_id": "asiento",
    "designation_id": "designación", "role": "rol", "person_name": "nombre",
    "job_title": "cargo", "document": "documento", "entity": "entidad",
    "designated_on": "fecha de designación", "ended_on": "fecha de término",
    "created_on": "fecha de creación", "installed_on": "fecha de instalación",
    "inactive_since": "inactivo desde", "reactivated_on": "fecha de reactivación",
    "quorum_first_call": "quórum en primera convocatoria",
    "quorum_second_call": "quórum en segunda convocatoria",
    "quorum_second_call_minimum": "mínimo en segunda convocatoria",
    "min_notice_days": "días mínimos de anticipación",
    "secretariat_institution_id": "institución a cargo de la secretaría técnica",
    "instrument_type": "tipo de instrumento", "issued_on": "fecha de emisión",
    "issuing_body": "órgano emisor", "is_presidency": "presidencia",
    "is_secretariat": "secretaría técnica",
    # Sessions and the acta.
    "session_id": "sesión", "venue": "sede", "start_time": "hora de inicio",
    "end_time": "hora de término", "modality": "modalidad", "conducted_by": "conducción",
    "convened_on": "fecha de convocatoria", "call": "convocatoria",
    "quorum_present": "miembros presentes", "quorum_members": "miembros",
    "quorum_required": "quórum requerido", "approved_in_session_id": "sesión de aprobación",
    "signed_on": "fecha de firma", "attendee": "asistente", "justification": "justificación",
    "section": "sección", "agenda_item_id": "punto de agenda", "speaker": "orador",
    # Agreements.
    "agreement_id": "acuerdo", "deadline_text": "plazo", "deadline_end": "fecha límite",
    "target": "meta", "vote_mode": "forma de votación", "votes_for": "votos a favor",
    "votes_against": "votos en contra", "votes_abstain": "abstenciones",
    "dissent": "votos en contra", "noted_on": "fecha", "evidence": "sustento",
    "state_after": "estado resultante",
    # Files.
    "file_name": "nombre del archivo", "mime_type": "tipo de archivo", "size": "tamaño",
    "sha256": "huella del archivo", "signatures": "firmas", "validated_at": "validación",
    "logo_sha256": "logotipo",
    # Work plans.
    "year": "año", "plan_id": "plan", "parent_id": "elemento superior", "level": "nivel",
    "tag": "etiqueta", "alignment": "alineamiento", "node_id": "elemento del plan",
    "is_responsible": "responsable", "unit_id": "unidad de medida",
    "annual_target": "meta anual", "schedule": "programación", "observations": "observaciones",
    "indicator_id": "indicador", "period": "periodo", "entry_date": "fecha",
    "quantity": "cantidad", "province": "provincia", "district": "distrito",
    "participants_women": "participantes mujeres", "participants_men": "participantes hombres",
    "participants_total": "total de participantes", "date_note": "nota sobre la fecha",
    "approved_by_agreement_id": "acuerdo de aprobación", "source_plan_id": "plan de origen",
    "entry_id": "registro de ejecución",
}


def column_label(name: str) -> str:
    return COLUMN_LABELS.get(name, name.replace("_", " ").strip())


def column_list(names: Iterable[str]) -> str:
    """«sede», or «sede» y «notas internas»: labels quoted, in the given order, a label
    repeated once."""
    labels = list(dict.fromkeys(f"«{column_label(name)}»" for name in names))
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " y " + labels[-1]


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table, table.replace("_", " "))
