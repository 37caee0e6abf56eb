"""Per-program settings a deployment can change: whether enrolment is automatic."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select

from zhucan.access import audit
from zhucan.access.scope import Actor, Role
from zhucan.benefits.rules import rule_for
from zhucan.benefits.tables import program_setting
from zhucan.core.errors import Forbidden


def is_auto(engine: Engine, program: str) -> bool:
    """Whether ``program`` enrols eligible people without an application."""
    with engine.connect() as conn:
        value = conn.execute(
            select(program_setting.c.auto_enrol).where(program_setting.c.program == program)
        ).scalar()
    return rule_for(program).auto_enrol if value is None else bool(value)


def set_auto_enrol(engine: Engine, actor: Actor, program: str, auto: bool) -> None:
    """Switch automatic enrolment of ``program`` on or off (administrators; audited)."""
    if actor.role != Role.ADMIN:
        raise Forbidden("只有管理员可以修改项目设置", "only administrators change program settings")
    now = datetime.now()
    with engine.begin() as conn:
        conn.execute(program_setting.delete().where(program_setting.c.program == program))
        conn.execute(
            program_setting.insert().values(
                program=program, auto_enrol=auto, updated_by=actor.username, updated_at=now
            )
        )
        audit.record(
            conn, actor.username, "benefits.setting", "program", program, {"auto_enrol": auto}
        )
