"""English translations of the employment pages' message ids (merged into i18n_en.EN)."""

from __future__ import annotations

EN_EMPLOYMENT: dict[str, str] = {
    "就业服务": "Employment",
    "用人单位": "Employers",
    "按比例就业年审": "Quota review",
    "未按比例安排就业单位": "Non-compliant employers",
    "未按比例安排就业单位名单": "List of non-compliant employers",
    "岗位": "Jobs",
    "就业岗位": "Job postings",
    "求职登记": "Job seekers",
    "高校毕业生": "Graduates",
    "单位名称或统一社会信用代码": "Employer name or unified credit code",
    "名称可填一部分；信用代码须完整": "Part of the name, or the whole credit code",
    "年度": "Year",
    "查看该年度": "Show this year",
    "本辖区用人单位及 {year} 年审结果（共 {n} 家，最多显示 100 家）": (
        "Employers of your jurisdiction and their {year} review ({n}; at most 100 shown)"
    ),
    "单位名称": "Employer",
    "统一社会信用代码": "Unified credit code",
    "在职职工": "Staff",
    "在职职工人数": "Number of staff",
    "安排比例": "Ratio employed",
    "征收档次": "Levy tier",
    "应缴保障金（元）": "Levy due (yuan)",
    "应缴保障金": "Levy due",
    "超比例奖励（元）": "Reward (yuan)",
    "超比例奖励": "Reward above the quota",
    "未年审": "Not reviewed",
    "本辖区内没有找到符合条件的单位。": "No employer in your jurisdiction matches.",
    "导入单位名册": "Import the employer register",
    "单位名册文件": "Employer register file",
    "列：统一社会信用代码、单位名称、所在区划代码、在职职工人数、职工年平均工资": (
        "Columns: unified credit code, employer name, region code, staff, average annual wage"
    ),
    "上传单位名册": "Upload the register",
    "导入年审申报表": "Import declarations",
    "申报年度": "Year declared",
    "申报表文件": "Declaration file",
    "列：信用代码、残疾职工身份证号或残疾人证号、姓名；新申报替换旧申报": (
        "Columns: unified credit code, the disabled employee's citizen ID (or certificate "
        "number), their name; a new declaration replaces the employer's earlier one"
    ),
    "上传申报表": "Upload declarations",
    "单位名册": "Employer register",
    "年审申报": "Declarations",
    "单位登记信息": "Registered details",
    "职工年平均工资": "Average annual wage",
    "{year} 年审结果": "Review of {year}",
    "核定安排人数": "Disabled employees counted",
    "一二级按2人计": "grades 1–2 count as two",
    "规定比例": "required",
    "工资封顶": "Wage cap",
    "按当地社平工资2倍封顶": "Capped at twice the local average wage",
    "未封顶": "Not capped",
    "元": "yuan",
    "依据": "Basis",
    "年审时间": "Reviewed",
    "该年度尚未年审。": "This year has not been reviewed.",
    "申报结果": "Declaration result",
    "申报已保存，共 {n} 人；请重新年审以更新结果": (
        "Declaration saved with {n} people: run the review again to update the result"
    ),
    "未通过的行": "Rows not accepted",
    "申报的残疾职工及核验结果": "Declared disabled employees and their checks",
    "申报在职职工 {staff} 人，年平均工资 {wage} 元；来源：{source}": (
        "Declared staff {staff}, average wage {wage} yuan; source: {source}"
    ),
    "{year} 年申报的残疾职工（共 {n} 人）": "Disabled employees declared for {year} ({n})",
    "核验结果": "Check",
    "计入人数": "Counts as",
    "社保": "Social insurance",
    "待年审": "Awaiting review",
    "该年度没有申报。": "No declaration for this year.",
    "网上申报": "Declare online",
    "按残疾人身份证号或残疾人证号逐人填写。保存后替换该单位本年度的原申报。": (
        "One person a line, by citizen ID or disability certificate number. Saving replaces "
        "this employer's earlier declaration for the year."
    ),
    "不填则按单位登记的人数": "Leave empty to use the registered number",
    "残疾职工（{n} 行，空行不计）": "Disabled employees ({n} lines; empty lines are ignored)",
    "身份证号或残疾人证号": "Citizen ID or certificate number",
    "第 {n} 人 身份证号或残疾人证号": "Person {n}: citizen ID or certificate number",
    "第 {n} 人 姓名": "Person {n}: name",
    "需要更多行": "More lines",
    "保存申报": "Save the declaration",
    "已缴纳": "Paid",
    "未缴纳": "Not paid",
    "无社保数据": "No insurance data",
    "{year} 年按比例就业年审": "Quota review of {year}",
    "年审完成：{n} 家单位，申报 {d} 人，核定 {c} 人，未达比例 {b} 家": (
        "Review done: {n} employers, {d} declared, {c} counted, {b} below the ratio"
    ),
    "本辖区单位 {n} 家，已年审 {r} 家；应缴保障金合计 {levy} 元，超比例奖励合计 {reward} 元": (
        "{n} employers, {r} reviewed; levy due {levy} yuan in all, rewards {reward} yuan"
    ),
    "下载年审报表（Excel）": "Download the review report (Excel)",
    "当地社会平均工资（元/年，可不填）": "Local average wage (yuan a year, optional)",
    "用于按2倍封顶计算；已登记过的可不填": (
        "For the cap at twice the local wage; optional if on file"
    ),
    "运行年审": "Run the review",
    "各单位年审结果": "Review result of each employer",
    "申报": "Declared",
    "核定人数": "Counted",
    "已申报，待年审": "Declared, awaiting review",
    "未申报": "Not declared",
    "本辖区没有登记的单位。": "No employer is registered in your jurisdiction.",
    "超比例奖励按示例规则（每超1人每年5000元）计算，请按本地政策设定。": (
        "Rewards follow an example rule (5,000 yuan a year per person above the quota): "
        "set your own policy."
    ),
    "请填写有效的当地社会平均工资（元/年）": "Give a valid local average wage (yuan a year)",
    "{year} 年未按比例安排就业单位": "Employers not meeting the quota in {year}",
    "供信用体系使用的名单（共 {n} 家）": "List for the credit system ({n})",
    "没有未按比例安排就业的单位。": "Every employer meets the quota.",
    "请至少填写一名残疾职工": "Add at least one disabled employee",
    "没有这个单位，或不在您的辖区内": "No such employer in your jurisdiction",
}
