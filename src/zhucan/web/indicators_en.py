"""English for the indicator dashboard, plan progress and report pages."""

from __future__ import annotations

EN_INDICATORS = {
    "指标监测": "Indicators",
    "区域": "Region",
    "全国": "Whole country",
    "没有下级区划": "No sub-regions",
    "请在左侧选择一个省份查看指标。": "Choose a province on the left to see its indicators.",
    "查看条件": "What to show",
    "统计日": "As of",
    "未计算": "not computed",
    "规划": "Plan",
    "图表指标": "Indicator in the charts",
    "查看": "Show",
    "数据尚未计算：{day} 的指标值还没有保存。": (
        "Not computed yet: no indicator values are stored for {day}."
    ),
    "请联系县级残联业务人员或规划人员计算。": "Ask a county officer or a planner to compute them.",
    "数据截至 {day}，计算于 {at}（UTC，{by}）": "Data as of {day}, computed at {at} (UTC, by {by})",
    "计算日期": "Date to compute",
    "计算本辖区所有区域在该日的指标并保存，大的辖区需要几秒钟": (
        "Computes and stores the indicators of every region in your jurisdiction on that date; "
        "a large jurisdiction takes a few seconds"
    ),
    "计算": "Compute",
    "指标已计算并保存": "The indicators were computed and stored",
    "预警": "Early warning",
    "没有覆盖本区域的规划，无法预警。": "No plan covers this region, so there is no early warning.",
    "没有存在风险或明显滞后的指标。": "No indicator is at risk or off track.",
    "共 {n} 项指标存在风险或明显滞后，其中约束性 {b} 项。": (
        "{n} indicators are at risk or off track, {b} of them binding."
    ),
    "存在风险或明显滞后的指标（约束性在前）": "Indicators at risk or off track (binding first)",
    "指标": "Indicator",
    "属性": "Kind",
    "现值": "Current",
    "应达值": "Expected now",
    "目标": "Target",
    "拖后腿的下级（缺口）": "Sub-regions behind (shortfall)",
    "缺 {n}": "short by {n}",
    "查看规划全部目标的进度": "Progress on every target of the plan",
    "下载评估报告": "Download an evaluation report",
    "图表": "Charts",
    "口径": "Definition",
    "柱状图：各下级区域的{name}，数据见旁边的表格": (
        "Bar chart: {name} in each sub-region; the data are in the table beside it"
    ),
    "各下级区域的{name}": "{name} in each sub-region",
    "分子": "Numerator",
    "分母": "Denominator",
    "值": "Value",
    "折线图：{name}在各统计日的值与规划轨迹，数据见旁边的表格": (
        "Line chart: {name} on each stored date against the plan's trajectory; "
        "the data are in the table beside it"
    ),
    "{name}：各统计日的值与规划轨迹": "{name}: value on each stored date and the plan's trajectory",
    "实际值": "Actual",
    "规划轨迹": "Plan trajectory",
    "全部指标": "All indicators",
    "{name}在 {day} 的指标": "Indicators of {name} on {day}",
    "单位": "Unit",
    "规划目标": "Plan target",
    "缺规划起始日数据": "plan start date not computed",
    "约束性": "Binding",
    "预期性": "Expected",
    "已达标": "Achieved",
    "进度正常": "On track",
    "存在风险": "At risk",
    "明显滞后": "Off track",
    # Plan progress
    "规划进度": "Plan progress",
    "规划期 {start}–{end} 年": "Plan period {start}–{end}",
    "到指标监测计算": "Compute them on the indicators page",
    "数据截至 {day}；没有基期值的目标以 {start} 的值为起点。": (
        "Data as of {day}; targets without a baseline start from the value on {start}."
    ),
    "规划目标进度（约束性在前，滞后的在前）": (
        "Progress on the plan's targets (binding and worst first)"
    ),
    "基期值": "Baseline",
    "目标值": "Target",
    "轨迹值": "Trajectory",
    "出处": "Source",
    "无可计算的指标": "no computable indicator",
    # Reports
    "评估报告": "Evaluation report",
    "规划评估报告下载": "Download a plan evaluation report",
    "没有覆盖您辖区的规划。": "No plan covers your jurisdiction.",
    "评估年度": "Evaluation year",
    "中期评估": "mid-term evaluation",
    "期末评估": "final evaluation",
    "须在您的辖区内；留空为规划所在区域或本辖区": (
        "Within your jurisdiction; leave empty for the plan's region or your jurisdiction"
    ),
    "文件格式": "File format",
    "网页 HTML": "Web page (HTML)",
    "Excel 表格 xlsx": "Excel workbook (xlsx)",
    "报告按所选年度 12 月 31 日实时计算，大的区域需要一些时间；下载会记入审计日志。": (
        "The report is computed as of 31 December of the year chosen, which takes a while "
        "for a large region; the download is written to the audit log."
    ),
    "生成并下载": "Create and download",
}
