"""A disability assessment (评残) as recorded from the designated institution's form.

GB/T 26341-2010 grades each category 1–4 (一级 most severe); a multiple disability (多重,
category 7) records its parts and takes the grade of the most severe part (办法第十三条).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zhucan.core.disability import Category, Grade, multiple_grade, parse_category, parse_grade
from zhucan.core.errors import InvalidValue


@dataclass(frozen=True)
class Assessment:
    """Category, grade, the parts of a multiple disability, the physician and the institution."""

    category: Category
    grade: Grade
    components: tuple[tuple[Category, Grade], ...]
    physician: str
    institution: str

    @property
    def components_text(self) -> str | None:
        """The parts as stored: "1:2,4:3" (category:grade), None if not multiple.

        >>> a = make_assessment(7, None, ["视力:2", "肢体:3"], "王医生", "丽水市中心医院")
        >>> a.components_text
        '1:2,4:3'
        """
        if not self.components:
            return None
        return ",".join(f"{c.value}:{g.value}" for c, g in self.components)


def parse_component(text: str) -> tuple[Category, Grade]:
    """One part of a multiple disability written as category:grade.

    >>> parse_component("肢体：三级")
    (<Category.PHYSICAL: 4>, <Grade.THREE: 3>)
    """
    parts = text.replace("：", ":").split(":")
    if len(parts) != 2:
        raise InvalidValue(
            f"多重残疾的组成应写作“类别:等级”，如 视力:2，实为：{text!r}",
            f"a part of a multiple disability is written category:grade, e.g. 1:2; got {text!r}",
        )
    category = parse_category(parts[0])
    if category is Category.MULTIPLE:
        raise InvalidValue("多重残疾的组成不能再是多重", "a part cannot itself be multiple")
    return category, parse_grade(parts[1])


def make_assessment(
    category: object,
    grade: object | None,
    components: Iterable[str],
    physician: str,
    institution: str,
) -> Assessment:
    """Validate an assessment; for 多重 the grade is derived from the parts (and must agree).

    >>> make_assessment(7, 3, ["1:2", "4:3"], "王医生", "丽水市中心医院")
    Traceback (most recent call last):
    zhucan.core.errors.InvalidValue: 多重残疾按最重一类定级，应为二级，而填写的是三级
    """
    cat = parse_category(category)
    parts = tuple(parse_component(c) for c in components)
    if not physician.strip() or not institution.strip():
        raise InvalidValue(
            "残疾评定须填写评定医师和指定评定机构",
            "an assessment needs the physician and institution",
        )
    if cat is Category.MULTIPLE:
        if len({c for c, _ in parts}) < 2:
            raise InvalidValue(
                "多重残疾须填写至少两个不同类别的组成，如 --component 视力:2 --component 肢体:3",
                "a multiple disability needs parts in at least two different categories",
            )
        derived = multiple_grade(g for _, g in parts)
        if grade is not None and parse_grade(grade) != derived:
            raise InvalidValue(
                f"多重残疾按最重一类定级，应为{derived.zh}，而填写的是{parse_grade(grade).zh}",
                f"a multiple disability takes its most severe part's grade: {derived.value}",
            )
        return Assessment(cat, derived, parts, physician.strip(), institution.strip())
    if parts:
        raise InvalidValue(
            "只有多重残疾（类别 7）才填写组成", "only a multiple disability (7) has parts"
        )
    if grade is None:
        raise InvalidValue("残疾评定须填写残疾等级", "an assessment needs a grade")
    return Assessment(cat, parse_grade(grade), (), physician.strip(), institution.strip())
