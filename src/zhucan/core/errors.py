"""The error hierarchy: every error carries a Chinese message and its English translation."""

from __future__ import annotations


class ZhucanError(Exception):
    """Base of every error Zhucan raises on purpose.

    >>> e = ZhucanError("身份证号校验位错误", "wrong check digit")
    >>> str(e)
    '身份证号校验位错误'
    >>> e.message("en")
    'wrong check digit'
    """

    def __init__(self, zh: str, en: str | None = None) -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en or zh

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang`` ("zh" or "en")."""
        return self.en if lang.startswith("en") else self.zh


class InvalidValue(ZhucanError):
    """A value given by a user or a file that cannot be accepted."""


class NotFound(ZhucanError):
    """Something asked for does not exist."""


class Forbidden(ZhucanError):
    """The user may not see or change this (outside their jurisdiction or role)."""


class Conflict(ZhucanError):
    """The change conflicts with the current state (a concurrent run, a duplicate)."""


class SetupError(ZhucanError):
    """The installation is not ready: missing schema, regions or settings."""
