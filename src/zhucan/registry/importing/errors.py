"""Errors of the spreadsheet importer."""

from __future__ import annotations

from zhucan.core.errors import ZhucanError


class UnusableFile(ZhucanError):
    """The file cannot be imported at all (unreadable, empty, or a required column missing)."""
