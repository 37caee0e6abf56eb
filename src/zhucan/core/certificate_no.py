"""Disability certificate numbers (残疾人证号): 18-character citizen ID + category + grade."""

from __future__ import annotations

from dataclasses import dataclass

from zhucan.core._text import compact, identifier_text
from zhucan.core.citizen_id import mask_citizen_id, normalize_citizen_id
from zhucan.core.disability import Category, Grade, parse_category, parse_grade
from zhucan.core.errors import InvalidValue

LENGTH = 20


@dataclass(frozen=True)
class CertificateNo:
    """A valid certificate number; construction normalizes its parts, ``repr`` masks the ID.

    >>> c = CertificateNo.parse("11010519491231002X42"); c.value, c.category.zh, c.grade.zh
    ('11010519491231002X42', '肢体', '二级')
    """

    citizen_id: str
    category: Category
    grade: Grade

    def __post_init__(self) -> None:
        object.__setattr__(self, "citizen_id", normalize_citizen_id(self.citizen_id))
        object.__setattr__(self, "category", parse_category(self.category))
        object.__setattr__(self, "grade", parse_grade(self.grade))

    def __repr__(self) -> str:
        masked = mask_citizen_id(self.citizen_id)
        return f"CertificateNo({masked!r}, Category.{self.category.name}, Grade.{self.grade.name})"

    def __str__(self) -> str:
        return self.value

    @property
    def value(self) -> str:
        """The 20-character number.

        >>> CertificateNo.make("11010519491231002x", "视力", "一级").value
        '11010519491231002X11'
        """
        return f"{self.citizen_id}{self.category.value}{self.grade.value}"

    @classmethod
    def make(cls, citizen_id: object, category: object, grade: object) -> CertificateNo:
        """Build from its parts, each parsed leniently.

        >>> CertificateNo.make("11010519491231002X", 7, "2.0").value
        '11010519491231002X72'
        """
        return cls(normalize_citizen_id(citizen_id), parse_category(category), parse_grade(grade))

    @classmethod
    def parse(cls, raw: object) -> CertificateNo:
        """Normalize and validate a 20-character number, saying which part is wrong.

        >>> CertificateNo.parse("11010519491231002X45")
        Traceback (most recent call last):
        zhucan.core.errors.InvalidValue: 残疾人证号第 20 位（残疾等级）应为 1–4，实为 5
        """
        text = identifier_text(raw, "残疾人证号", "certificate number")
        if len(text) != LENGTH:
            bare = len(text) == 18
            raise InvalidValue(
                f"残疾人证号应为 20 位（身份证号 + 类别 + 等级），实为 {len(text)} 位"
                + ("，像是只填了身份证号" if bare else ""),
                f"a certificate number has 20 characters (citizen ID + category + grade), "
                f"got {len(text)}" + ("; it looks like a bare citizen ID" if bare else ""),
            )
        try:
            citizen_id = normalize_citizen_id(text[:18])
        except InvalidValue as e:
            raise InvalidValue(
                f"残疾人证号的前 18 位（身份证号部分）有误：{e.zh}",
                f"the citizen-ID part (first 18 characters) of the certificate number: {e.en}",
            ) from e
        if text[18] not in "1234567":
            raise InvalidValue(
                f"残疾人证号第 19 位（残疾类别）应为 1–7，实为 {text[18]}",
                f"character 19 (category) of the certificate number must be 1-7, got {text[18]}",
            )
        if text[19] not in "1234":
            raise InvalidValue(
                f"残疾人证号第 20 位（残疾等级）应为 1–4，实为 {text[19]}",
                f"character 20 (grade) of the certificate number must be 1-4, got {text[19]}",
            )
        return cls(citizen_id, Category(int(text[18])), Grade(int(text[19])))


def disagreements(
    cert: CertificateNo,
    citizen_id: str | None = None,
    category: Category | None = None,
    grade: Grade | None = None,
) -> list[InvalidValue]:
    """Every way the certificate number contradicts the given fields (None fields are skipped).

    >>> c = CertificateNo.parse("11010519491231002X42")
    >>> [e.zh for e in disagreements(c, "11010519491231002x", Category.HEARING, Grade.TWO)]
    ['残疾人证号中的残疾类别为 4（肢体），而填写的是 2（听力）']
    """
    found: list[InvalidValue] = []
    if citizen_id is not None:
        given = compact(citizen_id).replace("x", "X")
        if given != cert.citizen_id:
            pos = next(
                (i for i, (a, b) in enumerate(zip(given, cert.citizen_id, strict=False)) if a != b),
                min(len(given), 18),
            )
            found.append(
                InvalidValue(
                    f"残疾人证号前 18 位与身份证号不一致（从第 {pos + 1} 位起不同）",
                    f"the certificate number does not match the citizen ID "
                    f"(they differ from character {pos + 1})",
                )
            )
    for label_zh, label_en, theirs, ours in (
        ("残疾类别", "category", category, cert.category),
        ("残疾等级", "grade", grade, cert.grade),
    ):
        if theirs is not None and theirs != ours:
            found.append(
                InvalidValue(
                    f"残疾人证号中的{label_zh}为 {ours.value}（{ours.zh}），"
                    f"而填写的是 {theirs.value}（{theirs.zh}）",
                    f"the certificate number says {label_en} {ours.value} ({ours.en}), "
                    f"but {theirs.value} ({theirs.en}) was given",
                )
            )
    return found


def check_agrees(
    cert: CertificateNo,
    citizen_id: str | None = None,
    category: Category | None = None,
    grade: Grade | None = None,
) -> None:
    """Raise the first of ``disagreements(...)``, if any.

    >>> check_agrees(CertificateNo.parse("11010519491231002X42"), grade=Grade.TWO)
    """
    for problem in disagreements(cert, citizen_id, category, grade):
        raise problem
