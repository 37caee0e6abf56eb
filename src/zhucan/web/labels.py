"""Display labels for codes: roles, fact kinds and values, disability category and grade."""

from __future__ import annotations

from contextlib import suppress

from zhucan.access.scope import Role
from zhucan.core.disability import Category, Grade
from zhucan.registry.facts import FactKind
from zhucan.web.i18n import gettext

ROLE_ZH = {
    Role.VILLAGE_WORKER: "村（社区）专职委员",
    Role.TOWN_WORKER: "乡镇（街道）专职委员",
    Role.COUNTY_OFFICER: "县级残联业务人员",
    Role.APPROVER: "审批人员",
    Role.PLANNER: "规划决策人员",
    Role.ADMIN: "系统管理员",
    Role.PERSON: "残疾人本人/家属",
}

# Coded fact values and their labels (message ids).
VALUE_ZH = {
    "assistance": {"none": "无", "dibao": "低保", "dibao_edge": "低保边缘", "tekun": "特困"},
    "hukou_type": {"urban": "城镇", "rural": "农村"},
    "long_term_care": {"true": "是", "false": "否"},
    "institutional_care": {"true": "是", "false": "否"},
    "self_care": {"none": "完全不能自理", "partial": "部分不能自理", "full": "能自理"},
}
REGION_FACTS = ("hukou_region", "residence_region")
ACTION_ZH = {
    "user.sign_in": "登录",
    "user.sign_out": "退出",
    "user.add": "添加用户",
    "user.set_active": "启用或停用用户",
    "token.issue": "签发 API 令牌",
    "import.persons": "导入名册",
    "export.persons": "导出名册",
    "fact.add": "登记变更",
    "person.unmask": "查看完整身份证号",
    "synth.persons": "生成模拟人口",
    "audit.verify": "校验审计链",
    "person.view": "查看个人档案",
    "application.receive": "受理申请",
    "application.decide": "审批申请",
    "bank_account.set": "登记银行账户",
    "benefits.setting": "更改补贴设置",
    "payment_run.run": "生成发放批次",
    "payment_run.bank_file": "导出银行代发文件",
    "case.open": "登记诉求",
    "case.accept": "受理诉求",
    "case.escalate": "上报诉求",
    "case.close": "办结诉求",
    "certificate_case.open": "受理办证",
    "certificate_case.withdraw": "撤回办证",
    "employer.import": "导入用人单位",
    "employment.declare": "导入按比例就业申报",
    "employment.local_wage": "登记社会平均工资",
    "employment.review": "按比例就业审核",
    "employment.set": "登记就业状况",
    "export.evaluation_report": "下载评估报告",
    "indicators.refresh": "计算指标",
    "facility.add": "登记设施",
    "facility.close": "设施停用",
    "facility.rate": "设施评星",
    "graduate.track": "跟踪毕业生",
    "job.outcome": "登记岗位结果",
    "needs.import": "导入需求调查",
    "service.record": "登记服务",
    "insurance.set": "登记参保",
    "visit.plan": "安排走访",
    "visit.record": "登记走访",
}


def role_label(role: str, lang: str = "zh") -> str:
    """The role's name for people.

    >>> role_label("county_officer")
    '县级残联业务人员'
    """
    return gettext(lang)(ROLE_ZH[Role(role)])


def action_label(action: str, lang: str = "zh") -> str:
    """The audit action's name for people (the code itself if unnamed).

    >>> action_label("person.unmask"), action_label("other.thing")
    ('查看完整身份证号', 'other.thing')
    """
    return gettext(lang)(ACTION_ZH[action]) if action in ACTION_ZH else action


def category_label(category: int | None, lang: str = "zh") -> str:
    """The disability category's name ("" if none)."""
    if category is None:
        return ""
    c = Category(category)
    return c.en if lang == "en" else c.zh


def grade_label(grade: int | None, lang: str = "zh") -> str:
    """The disability grade's name ("" if none)."""
    if grade is None:
        return ""
    g = Grade(grade)
    return g.en if lang == "en" else g.zh


def kind_label(what: str, lang: str = "zh") -> str:
    """The label of a timeline entry's kind: a fact, a certificate version or a field.

    >>> kind_label("assistance"), kind_label("certificate:valid"), kind_label("field:name")
    ('低保状态', '残疾人证（有效）', '姓名变更')
    """
    _ = gettext(lang)
    if what.startswith("certificate:"):
        status = what.split(":", 1)[1]
        return _("残疾人证（有效）") if status == "valid" else _("残疾人证（已注销）")
    if what.startswith("field:"):
        field = what.split(":", 1)[1]
        return {"name": _("姓名变更"), "phone": _("电话变更")}.get(field, _("信息变更"))
    with suppress(ValueError):
        return _(FactKind(what).zh)
    return what


def value_label(what: str, value: str | None, regions: dict[str, str], lang: str = "zh") -> str:
    """A fact value as people read it: coded values named, regions with their names.

    >>> value_label("assistance", "dibao", {})
    '低保'
    >>> value_label("certificate:valid", "4-2", {})
    '肢体 二级'
    """
    _ = gettext(lang)
    if value is None:
        return ""
    if what in VALUE_ZH:
        return _(VALUE_ZH[what].get(value, value))
    if what in REGION_FACTS:
        return f"{regions.get(value, '')} {value}".strip()
    if what.startswith("certificate:") and "-" in value:
        cat, grade = value.split("-", 1)
        with suppress(ValueError):
            return f"{category_label(int(cat), lang)} {grade_label(int(grade), lang)}"
    return value
