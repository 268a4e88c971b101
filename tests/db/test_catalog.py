"""Catalogues: 26 regions, institutions with deterministic ids, former acronyms."""

import uuid

import pytest

from db.domain import catalog
from db.errors import ValidationError
from db.storage import records
from tests.db.factories import count_rows, snapshot


def test_the_26_regions_are_seeded(db):
    regions = catalog.regions(db)
    assert len(regions) == 26
    codes = {r["iso_code"] for r in regions}
    assert {"PE-CUS", "PE-LMA", "PE-LIM", "PE-CAL", "PE-UCA"} <= codes
    assert all(c.startswith("PE-") for c in codes)
    assert catalog.region_name(db, "PE-CUS") == "Cusco"
    assert catalog.region_name(db, "PE-ANC") == "Áncash"
    assert catalog.region_name(db, "PE-ZZZ") == "PE-ZZZ"


def test_institutions_are_seeded_with_deterministic_ids(db):
    rows = catalog.institutions(db)
    assert len(rows) >= 40
    by_acronym = {r["acronym"]: r for r in rows}
    mtpe = by_acronym["MTPE"]
    assert mtpe["id"] == catalog.institution_id("MTPE")
    assert mtpe["name"] == "Ministerio de Trabajo y Promoción del Empleo"
    assert mtpe["sector"] == "estado_nacional"
    assert mtpe["is_custom"] == 0
    assert all(r["id"] == catalog.institution_id(r["acronym"]) for r in rows)
    assert all(r["sector"] in catalog.SECTORS for r in rows)


def test_institution_id_is_a_stable_uuid5_independent_of_case():
    value = catalog.institution_id("MTPE")
    assert uuid.UUID(value).version == 5
    assert value == catalog.institution_id("mtpe")
    assert value != catalog.institution_id("MIMP")


def test_two_files_share_the_same_institution_ids(tmp_path):
    from db.storage.store import open_store

    first, second = open_store(tmp_path / "a.sqlite"), open_store(tmp_path / "b.sqlite")
    try:
        ids = [{r["acronym"]: r["id"] for r in catalog.institutions(d)} for d in (first, second)]
        assert ids[0] == ids[1]
    finally:
        first.conn.close()
        second.conn.close()


@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        ("MIMP", "MIMP"),
        ("MIMDES", "MIMP"),
        ("mimdes", "MIMP"),
        ("  MINAGRI ", "MIDAGRI"),
        ("MIDAGRI", "MIDAGRI"),
        ("MINTRA", "MTPE"),
        ("Ministerio de Trabajo y Promoción del Empleo", "MTPE"),
        ("DIGEMIN", "MIGRACIONES"),
    ],
)
def test_find_institution_resolves_current_former_acronyms_and_names(db, text, acronym):
    found = catalog.find_institution(db, text)
    assert found is not None
    assert found["acronym"] == acronym


def test_find_institution_returns_none_for_unknown_text(db):
    assert catalog.find_institution(db, "NOEXISTE") is None


def test_add_institution_extends_the_catalogue_and_logs_it(db):
    new_id = catalog.add_institution(db, " AMPE ", "Asociación de Municipalidades del Perú",
                                     "estado_local")
    row = records.get(db, "institutions", new_id)
    assert (row["acronym"], row["is_custom"], row["sector"]) == ("AMPE", 1, "estado_local")
    assert catalog.find_institution(db, "ampe")["id"] == new_id
    assert count_rows(db, "change_log") == 1


@pytest.mark.parametrize(
    ("acronym", "current"),
    [("MIMP", "MIMP"), ("MIMDES", "MIMP"), ("minagri", "MIDAGRI"), ("MTPE", "MTPE")],
)
def test_add_institution_refuses_a_known_acronym_even_a_former_one(db, acronym, current):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        catalog.add_institution(db, acronym, "Otra institución")
    assert info.value.field == "acronym"
    message = info.value.errors["acronym"]
    assert message.startswith(f"Las siglas «{acronym}» ya corresponden a ")
    assert f"({current})" in message
    assert snapshot(db) == before


def test_add_institution_requires_acronym_and_name_and_a_known_sector(db):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        catalog.add_institution(db, "  ", "", "marciano")
    assert set(info.value.errors) == {"acronym", "name", "sector"}
    assert info.value.errors["acronym"] == "El campo «Siglas» es obligatorio."
    assert info.value.errors["name"] == "El campo «Nombre» es obligatorio."
    assert snapshot(db) == before


def test_seed_is_idempotent(db):
    institutions = count_rows(db, "institutions")
    assert catalog.seed(db) is False
    assert count_rows(db, "institutions") == institutions
    assert count_rows(db, "regions") == 26


def test_seed_refreshes_when_the_shipped_catalogue_changed(db):
    db.execute("UPDATE meta SET value = 'old' WHERE key = 'catalog_fingerprint'")
    db.execute("UPDATE institutions SET name = 'nombre viejo' WHERE acronym = 'MTPE'")
    institutions = count_rows(db, "institutions")
    assert catalog.seed(db) is True
    assert catalog.find_institution(db, "MTPE")["name"] == (
        "Ministerio de Trabajo y Promoción del Empleo")
    assert count_rows(db, "institutions") == institutions
    assert count_rows(db, "change_log") == 0
    assert catalog.seed(db) is False
