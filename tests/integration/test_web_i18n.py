"""Every message the pages show has an English translation in the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from zhucan.core.disability import Category, Grade
from zhucan.registry.facts import FactKind
from zhucan.web import errors, forms, labels, person_file, render
from zhucan.web.i18n import gettext
from zhucan.web.i18n_en import EN

WEB = Path(labels.__file__).parent
_CALLS = re.compile(r"""_\(\s*(?:"([^"]+)"|'([^']+)')""")
_PY_IDS = re.compile(
    r"""(?:set_flash|clear|\)\)|errors\["\w+"\] =|error =|return)\(?\s*"([^"]+)\""""
)


def message_ids() -> set[str]:
    """Message ids used by templates and by the web modules."""
    ids: set[str] = set()
    for path in WEB.rglob("*.html"):
        ids |= {a or b for a, b in _CALLS.findall(path.read_text(encoding="utf-8"))}
    for path in WEB.rglob("*.py"):
        if path.name != "i18n_en.py":
            text = path.read_text(encoding="utf-8")
            ids |= {a or b for a, b in _CALLS.findall(text)} | set(_PY_IDS.findall(text))
    ids |= set(labels.ROLE_ZH.values()) | set(labels.ACTION_ZH.values())
    ids |= {v for d in labels.VALUE_ZH.values() for v in d.values()}
    ids |= set(forms.VALUE_HINTS.values()) | {label for _h, label, _p in render.NAV}
    ids |= {c.zh for c in Category} | {g.zh for g in Grade} | set(errors._HTTP_ZH.values())
    ids |= {k.zh for k in FactKind if k.value in EN_KINDS} | set(person_file.CERTIFICATE_STATES)
    return {i for i in ids if re.search(r"[\u4e00-\u9fff]", i)}


# Fact kinds whose labels the pages show today (new kinds fall back to Chinese).
EN_KINDS = {
    "hukou_region",
    "hukou_type",
    "residence_region",
    "assistance",
    "long_term_care",
    "death",
    "other_benefit",
    "institutional_care",
}


def test_every_message_has_an_english_translation() -> None:
    missing = sorted(message_ids() - set(EN))
    assert not missing, missing


def test_translations_keep_their_fields() -> None:
    for msgid, text in EN.items():
        assert set(re.findall(r"\{(\w+)\}", msgid)) == set(re.findall(r"\{(\w+)\}", text)), msgid


def test_missing_message_falls_back_to_chinese() -> None:
    assert gettext("en")("没有这条消息") == "没有这条消息"
