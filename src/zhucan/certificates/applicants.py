"""A first-time applicant who is not yet in the person file is registered when applying."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, insert, select

from zhucan.access.crypto import get_cipher
from zhucan.access.masking import mask_citizen_id
from zhucan.access.scope import Actor, ensure_in_scope
from zhucan.core.citizen_id import CitizenId
from zhucan.core.errors import Conflict, InvalidValue
from zhucan.core.region_code import normalize_region_code, region_level
from zhucan.registry.facts import FactKind
from zhucan.registry.rows import Provenance, next_id
from zhucan.registry.tables import person
from zhucan.registry.write import record_fact

HUKOU_TYPES = {"rural": "rural", "urban": "urban", "农村": "rural", "城镇": "urban"}


@dataclass(frozen=True)
class Applicant:
    """Who applies for a first certificate: name, 户籍 region (village) and 户籍 type."""

    name: str
    hukou_region: str
    hukou_type: str = "rural"


def check_applicant(applicant: Applicant) -> tuple[str, str, str]:
    """The applicant's name, 12-digit 户籍 region and hukou type, validated.

    >>> check_applicant(Applicant(" 张三 ", "331102001001", "城镇"))
    ('张三', '331102001001', 'urban')
    """
    name = applicant.name.strip()
    if not name:
        raise InvalidValue("申请人姓名不能为空", "the applicant's name is empty")
    region = normalize_region_code(applicant.hukou_region)
    if region_level(region) < 4:
        raise InvalidValue(
            f"户籍区划应到乡镇（街道）或村（社区）一级，实为：{applicant.hukou_region}",
            "the 户籍 region must be a town or village code",
        )
    kind = HUKOU_TYPES.get(applicant.hukou_type.strip())
    if kind is None:
        raise InvalidValue(
            f"户籍性质应为 农村/城镇（rural/urban），实为：{applicant.hukou_type}",
            f"hukou type must be rural or urban, got {applicant.hukou_type}",
        )
    return name, region, kind


def register_applicant(
    conn: Connection,
    actor: Actor,
    citizen_id: str,
    applicant: Applicant,
    on: date,
    prov: Provenance,
) -> int:
    """Add the applicant to the person file with their 户籍 from the day of application."""
    name, region, hukou_type = check_applicant(applicant)
    ensure_in_scope(actor, region)
    cid = CitizenId.parse(citizen_id)
    cipher = get_cipher()
    bidx = cipher.blind_index(cid.value)
    if conn.execute(select(person.c.id).where(person.c.citizen_id_bidx == bidx)).first():
        raise Conflict(
            "此身份证号已登记在其他辖区：请由户籍地县级残联办理，或先办理迁移",
            "this citizen ID is registered in another jurisdiction",
        )
    person_id = next_id(conn, person.c.id)
    conn.execute(
        insert(person).values(
            id=person_id,
            citizen_id_bidx=bidx,
            citizen_id_enc=cipher.encrypt(cid.value),
            citizen_id_masked=mask_citizen_id(cid.value),
            name=name,
            sex=cid.sex,
            birth_date=cid.birth_date,
            region=region,
            created_at=prov.now,
            updated_at=prov.now,
        )
    )
    record_fact(conn, person_id, FactKind.HUKOU_REGION, region, on, prov)
    record_fact(conn, person_id, FactKind.HUKOU_TYPE, hukou_type, on, prov)
    return person_id
