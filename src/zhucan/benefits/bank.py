"""Bank accounts: the account number encrypted at rest (AES-GCM) and shown masked."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from sqlalchemy import Connection, Engine, update

from zhucan.access import audit
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor
from zhucan.benefits.tables import bank_account
from zhucan.core.errors import InvalidValue
from zhucan.registry.queries import person_region_in_scope
from zhucan.registry.rows import next_id
from zhucan.storage.bulk import bulk_insert


def mask_account(number: str) -> str:
    """An account number with all but the first 4 and last 4 digits hidden.

    >>> mask_account("6217001234567890123")
    '6217***********0123'
    """
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def clean_account(raw: str) -> str:
    """An account number without spaces or dashes; 8 to 32 digits.

    >>> clean_account("6217 0012-3456 7890")
    '6217001234567890'
    """
    text = raw.replace(" ", "").replace("-", "").strip()
    if not (text.isascii() and text.isdigit() and 8 <= len(text) <= 32):
        raise InvalidValue("银行账号应为 8–32 位数字", "a bank account number must be 8-32 digits")
    return text


def set_accounts(conn: Connection, rows: pl.DataFrame, actor: Actor, now: datetime) -> int:
    """Record accounts (person_id, bank_name, holder_name, account); each replaces the last."""
    if rows.is_empty():
        return 0
    accounts = [clean_account(a) for a in rows["account"].to_list()]
    ids = rows["person_id"].to_list()
    for i in range(0, len(ids), 5000):
        conn.execute(
            update(bank_account)
            .where(bank_account.c.active_person.in_(ids[i : i + 5000]))
            .values(active_person=None, replaced_at=now)
        )
    start = next_id(conn, bank_account.c.id)
    frame = rows.select(
        pl.int_range(start, start + rows.height, dtype=pl.Int64).alias("id"),
        pl.col("person_id").cast(pl.Int64),
        "bank_name",
        "holder_name",
        pl.Series("account_enc", get_cipher().encrypt_many(accounts), pl.Binary),
        pl.Series("account_masked", [mask_account(a) for a in accounts], pl.String),
        pl.col("person_id").cast(pl.Int64).alias("active_person"),
        pl.lit(actor.username).alias("recorded_by"),
        pl.lit(now).alias("recorded_at"),
        pl.lit(None, pl.Datetime("us")).alias("replaced_at"),
    )
    bulk_insert(conn, bank_account, frame)
    return rows.height


def register_account(
    engine: Engine, actor: Actor, person_id: int, bank_name: str, holder: str, account: str
) -> str:
    """Record one person's account (audited); returns the masked number."""
    with engine.begin() as conn:
        person_region_in_scope(conn, actor, person_id)  # NotFound or Forbidden
        frame = pl.DataFrame(
            {
                "person_id": [person_id],
                "bank_name": [bank_name],
                "holder_name": [holder],
                "account": [account],
            }
        )
        set_accounts(conn, frame, actor, datetime.now())
        masked = mask_account(clean_account(account))
        audit.record(
            conn,
            actor.username,
            "bank_account.set",
            "person",
            str(person_id),
            {"bank": bank_name, "account": masked},
        )
    return masked
