"""How long a certificate is valid, and the rules on when each kind of case may be opened.

办法第十九条: a certificate is valid for ten years and is renewed (换领) when it runs out.
The national 办法 sets no other term for children or the elderly; provinces that do so
are not modelled here. ``valid_until`` is the last valid day, ten years after the start
(the registry's convention: issued 2019-03-01, valid until 2029-03-01).
"""

from __future__ import annotations

from datetime import date, timedelta

from zhucan.core.dates import add_years
from zhucan.core.errors import Conflict

TERM_YEARS = 10
# House rule: a renewal may be opened up to this many days before the expiry.
RENEWAL_WINDOW_DAYS = 180
# 办法第二十四条: no new application within a year of a cancellation (read from a secondary
# summary of the text; applied to every cancellation except on death).
REAPPLY_AFTER_YEARS = 1


def new_valid_until(issued: date) -> date:
    """The last valid day of a certificate issued on ``issued``.

    >>> new_valid_until(date(2020, 2, 29))
    datetime.date(2030, 2, 28)
    """
    return add_years(issued, TERM_YEARS)


def renewed_valid_until(old_until: date, renewed_on: date) -> date:
    """The last valid day after a renewal on ``renewed_on`` of a certificate valid to ``old_until``.

    Renewed early (up to the day after expiry), the new term runs ten years from the old
    expiry, so no day is lost and none is without a certificate; renewed late, ten years
    from the renewal.

    >>> renewed_valid_until(date(2029, 3, 1), date(2029, 1, 15))
    datetime.date(2039, 3, 1)
    >>> renewed_valid_until(date(2029, 3, 1), date(2029, 6, 1))
    datetime.date(2039, 6, 1)
    """
    if renewed_on <= old_until + timedelta(days=1):
        return add_years(old_until, TERM_YEARS)
    return add_years(renewed_on, TERM_YEARS)


def check_renewal_window(valid_until: date | None, on: date) -> None:
    """Refuse a renewal opened more than RENEWAL_WINDOW_DAYS before the expiry.

    >>> check_renewal_window(date(2026, 1, 1), date(2025, 1, 1))
    Traceback (most recent call last):
    zhucan.core.errors.Conflict: 残疾人证有效期至 2026-01-01，尚余 365 天；期满前 180 天内...
    """
    if valid_until is None:
        return
    left = (valid_until - on).days
    if left > RENEWAL_WINDOW_DAYS:
        raise Conflict(
            f"残疾人证有效期至 {valid_until}，尚余 {left} 天；"
            f"期满前 {RENEWAL_WINDOW_DAYS} 天内方可申请换领",
            f"the certificate runs to {valid_until} ({left} days); "
            f"a renewal may be opened within {RENEWAL_WINDOW_DAYS} days of expiry",
        )


def check_reapply(cancelled_on: date | None, on: date) -> None:
    """Refuse a new application within a year of a cancellation (not one on death).

    >>> check_reapply(date(2025, 3, 1), date(2025, 9, 1))
    Traceback (most recent call last):
    zhucan.core.errors.Conflict: 残疾人证注销（2025-03-01）后一年内不得重新申请，最早 2026-03-01
    """
    if cancelled_on is None:
        return
    earliest = add_years(cancelled_on, REAPPLY_AFTER_YEARS)
    if on < earliest:
        raise Conflict(
            f"残疾人证注销（{cancelled_on}）后一年内不得重新申请，最早 {earliest}",
            f"cancelled on {cancelled_on}: no new application before {earliest}",
        )
