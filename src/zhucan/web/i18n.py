"""A small gettext-style catalogue: Chinese message ids, English translations.

Templates call ``_("人员查询")``; in English the catalogue's entry is shown, and a message
missing from it falls back to the Chinese text (a unit test keeps the catalogue complete).
"""

from __future__ import annotations

from collections.abc import Callable

from zhucan.web.i18n_en import EN

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
HTML_LANG = {"zh": "zh-CN", "en": "en"}

Translator = Callable[..., str]


def normalize_lang(value: str | None) -> str:
    """A supported language code, Chinese unless English is asked for.

    >>> normalize_lang("en"), normalize_lang("fr"), normalize_lang(None)
    ('en', 'zh', 'zh')
    """
    return value if value is not None and value in LANGS else DEFAULT_LANG


def gettext(lang: str) -> Translator:
    """The translate function for ``lang``: ``_(msgid, **fields)``.

    >>> gettext("en")("人员查询"), gettext("zh")("人员查询")
    ('Find a person', '人员查询')
    >>> gettext("en")("共 {n} 人", n=3)
    '3 people'
    """
    catalogue = EN if lang == "en" else {}

    def translate(msgid: str, **fields: object) -> str:
        text = catalogue.get(msgid, msgid)
        return text.format(**fields) if fields else text

    return translate
