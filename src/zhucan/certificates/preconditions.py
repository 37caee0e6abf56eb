"""What must hold before a case of each kind may be opened for a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from zhucan.certificates.records import current_certificate, death_date, last_cancellation
from zhucan.certificates.validity import check_reapply, check_renewal_window
from zhucan.certificates.workflow import CaseKind
from zhucan.core.errors import Conflict, InvalidValue
from zhucan.core.region_code import normalize_region_code, region_level

CANCEL_REASONS = {"death": "死亡", "request": "本人申请", "ineligible": "不再符合残疾标准"}


@dataclass(frozen=True)
class CaseDetails:
    """Kind-specific details of a new case, checked."""

    reason: str | None = None
    event_date: date | None = None
    target_region: str | None = None


def check_details(
    kind: CaseKind,
    on: date,
    reason: str | None,
    event_date: date | None,
    target_region: str | None,
    region: str,
) -> CaseDetails:
    """Validate the reason (注销), the date of death or move, and the new 户籍 (迁移)."""
    if event_date is not None and event_date > on:
        raise InvalidValue(
            f"事件日期 {event_date} 不能晚于受理日期 {on}", "the event date is after the case date"
        )
    if kind is CaseKind.CANCEL:
        if reason not in CANCEL_REASONS:
            names = "、".join(f"{k}（{v}）" for k, v in CANCEL_REASONS.items())
            raise InvalidValue(
                f"注销须写明原因：{names}",
                f"a cancellation needs a reason: {', '.join(CANCEL_REASONS)}",
            )
        if reason == "death" and event_date is None:
            raise InvalidValue("因死亡注销须填写死亡日期", "cancellation on death needs the date")
        return CaseDetails(reason, event_date if reason == "death" else None)
    if kind is CaseKind.TRANSFER:
        if not target_region:
            raise InvalidValue("迁移须填写迁入地户籍区划代码", "a transfer needs the new region")
        target = normalize_region_code(target_region)
        if region_level(target) < 4:
            raise InvalidValue(
                "迁入地应到乡镇（街道）或村（社区）一级", "the new region must be a town or village"
            )
        if target[:6] == region[:6]:
            raise InvalidValue(
                "迁入地与现户籍在同一县（区），无需办理迁移，直接更新户籍即可",
                "the new region is in the same county: no transfer needed",
            )
        return CaseDetails(None, event_date or on, target)
    if reason or target_region or event_date:
        raise InvalidValue(
            f"{kind.zh}业务不填写原因、迁入地或事件日期",
            f"a {kind.value} case takes no such details",
        )
    return CaseDetails()


def check_person(conn: Connection, kind: CaseKind, person_id: int, on: date) -> None:
    """Refuse a case the person's certificate or life status does not allow."""
    died = death_date(conn, person_id)
    if died is not None and kind is not CaseKind.CANCEL:
        raise Conflict(f"此人已登记死亡（{died}）", f"the person died on {died}")
    cur = current_certificate(conn, person_id, on)
    if kind is CaseKind.NEW:
        if cur is not None and cur.status == "valid":
            raise Conflict(
                f"此人已有残疾人证（有效期至 {cur.valid_until}），应办理换领或等级变更",
                "the person already holds a certificate: renew or regrade it",
            )
        if cur is None or cur.status == "cancelled":
            check_reapply(last_cancellation(conn, person_id), on)
        return
    if cur is None or cur.status != "valid":
        raise Conflict(
            f"此人没有有效的残疾人证，不能办理{kind.zh}", f"no valid certificate to {kind.value}"
        )
    if kind is CaseKind.RENEWAL:
        check_renewal_window(cur.valid_until, on)
    elif kind in (CaseKind.REGRADE, CaseKind.TRANSFER) and not cur.usable_on(on):
        raise Conflict(
            f"残疾人证已于 {cur.valid_until} 过期，请先办理换领",
            f"the certificate expired on {cur.valid_until}: renew it first",
        )
