"""English translations of the policy browser, simulation, person file and calculator ids."""

from __future__ import annotations

EN_CALCULATOR: dict[str, str] = {
    # Policy browser
    "政策规则": "Policy rules",
    "每个项目按辖区各有政策文件：个人适用户籍所在地最具体的现行文件。标为“示例值”的标准不是公开来源的数值，须由当地设定。": (  # noqa: E501
        "Each program has policy documents by jurisdiction: a person gets the most specific "
        "in-force document covering their hukou. Values marked as examples are not from a "
        "public source and must be set locally."
    ),
    "改革方案测算": "Reform simulation",
    "{name}的政策文件": "Policy documents of {name}",
    "文件": "Document",
    "示例参数": "Example parameters",
    "改革方案（仅供测算）": "Reform (simulation only)",
    "现行": "In force",
    "至今": "open",
    "示例值，须本地设定": "Example value: set it locally",
    "无": "None",
    "文件位置": "File",
    "政策依据": "Legal basis",
    "本文件依据的法规和文件": "Laws and documents this rests on",
    "文号": "Document no.",
    "标题": "Title",
    "施行日期": "In force from",
    "版本与条件": "Versions and conditions",
    "版本 {v}：{start} 起": "Version {v}: from {start}",
    "，{end} 止": ", until {end}",
    "条件": "Condition",
    "规则表达式": "Rule",
    "须符合": "Must hold",
    "排除": "Excludes",
    "每月金额（元）": "Monthly amount (yuan)",
    "参数及其按日期、按地区的取值": "Parameters and their values by date and region",
    "单位": "Unit",
    "按地区取值": "By region",
    "起": "from",
    "至 {d}": "until {d}",
    "本文件没有参数。": "This document has no parameters.",
    "文件自带的测试": "The document's own tests",
    "{n} 个测试未通过": "{n} tests failed",
    "全部 {n} 个测试通过": "All {n} tests pass",
    "测试用例：某人在某日应得的结果": "Test cases: what a person should get on a date",
    "测试": "Test",
    "日期": "Date",
    "人员情况": "Person",
    "期望": "Expected",
    "结果": "Result",
    "通过": "Pass",
    # Simulation
    "用名册中某地区的人员，比较现行政策和改革方案：谁受益、谁受损、每月和每年多花多少钱。只做测算，不影响发放。": (  # noqa: E501
        "Compare the policy in force with a reform over the registry's people of a region: who "
        "gains, who loses, and the monthly and yearly cost. A simulation only: no payment "
        "changes."
    ),
    "改革方案": "Reform",
    "本辖区或其下级，如 500113": "Your area or inside it, e.g. 500113",
    "测算日期": "As of",
    "测算": "Simulate",
    "参数 {names} 是示例值，须本地设定；测算结果只说明方向和量级。": (
        "Parameters {names} are example values to be set locally: the result shows direction "
        "and size only."
    ),
    "按乡镇（街道）：人数、受益和受损人数、增加的支出（元）": (
        "By town: people, gainers and losers, added cost (yuan)"
    ),
    "改前享受": "Eligible before",
    "改后享受": "Eligible after",
    "受益人数": "Gainers",
    "受损人数": "Losers",
    "每月增支": "Monthly cost",
    "每年增支": "Yearly cost",
    "合计": "Total",
    "请选择改革方案": "Choose a reform",
    "请填写有效的日期，如 2025-06-01": "Enter a valid date, e.g. 2025-06-01",
    # Person file
    "待遇与发放": "Benefits and payments",
    "享受的待遇": "Benefits received",
    "起始月份": "From month",
    "终止月份": "Until month",
    "暂停自": "Suspended from",
    "持续享受": "Ongoing",
    "目前没有享受的待遇。": "No benefits at present.",
    "发放明细（最近 36 条）": "Payment lines (latest 36)",
    "依据": "Basis",
    "受理待遇申请": "Receive an application for",
    "为什么能/不能享受": "Why eligible or not",
    "按今天登记的信息和现行政策逐项判断：": (
        "Each program checked against today's records and the policy in force:"
    ),
    "无法判断": "Cannot decide",
    "本地区没有适用的政策": "No policy applies here",
    "可以享受": "Eligible",
    "不能享受": "Not eligible",
    "计算": "Calculation",
    "注意": "Note",
    "金额所用的部分标准是示例值，须由当地设定，以当地公布的标准为准。": (
        "Some rates in this amount are example values to be set locally; the published local "
        "rates apply."
    ),
    # Calculator
    "待遇测算": "Benefit calculator",
    "待遇自助测算": "Benefit calculator",
    "待遇自助测算（无需登录）": "Benefit calculator (no sign-in needed)",
    "我能享受哪些残疾人待遇？": "Which disability benefits can I get?",
    "回答几个简单的问题，看看按现行政策您或家人可能享受哪些补贴和服务，以及原因。": (
        "Answer a few simple questions to see which subsidies and services you or your family "
        "may get under the policies in force, and why."
    ),
    "不需要登录，不填姓名和身份证号。您的回答不会被保存，关闭页面即清除。测算结果仅供参考，以当地残联和民政部门审核为准。": (  # noqa: E501
        "No sign-in, no name or ID number. Your answers are not stored and are gone when you "
        "close the page. The result is a guide only: the local federation and civil affairs "
        "office decide."
    ),
    "测算结果": "Result",
    "以下是按今天的政策逐项判断的结果（假定您持有有效的残疾人证）：": (
        "Each program checked under today's policies (assuming you hold a valid certificate):"
    ),
    "想申请？请带上残疾人证和户口簿，到户籍所在地的乡镇（街道）残联或便民服务中心办理，工作人员会当场受理。": (  # noqa: E501
        "To apply, bring your disability certificate and household register to the town "
        "office or service centre where your hukou is; staff will receive your application."
    ),
    "户籍所在地": "Where your hukou is registered",
    "依次选择省、市、县（市、区）；选好省或市后点“更新下级选项”。也可以直接填写户口簿上的区划代码。": (  # noqa: E501
        "Choose the province, city and county in turn; after choosing a province or city press "
        "“Update the lists”. Or type the region code."
    ),
    "省（自治区、直辖市）": "Province",
    "市（州、盟）": "City",
    "县（市、区）": "County or district",
    "请先选择省": "Choose a province first",
    "请先选择市": "Choose a city first",
    "更新下级选项": "Update the lists",
    "或填写区划代码": "Or type the region code",
    "6 位或 12 位数字，如 331102（丽水市莲都区）": "6 or 12 digits, e.g. 331102 (Liandu, Lishui)",
    "年龄": "Age",
    "周岁，如 45": "Years, e.g. 45",
    "残疾人证上的类别；有两种以上残疾选“多重”": (
        "As on the certificate; choose “multiple” for two or more"
    ),
    "一级最重，四级最轻": "Grade 1 is the most severe, grade 4 the least",
    "家庭是否是低保、低保边缘或特困？": "Does your family receive 低保, 低保边缘 or 特困 support?",
    "以民政部门认定为准": "As recognised by civil affairs",
    "都不是": "None of these",
    "是否需要长期照护（6 个月以上）？": "Do you need long-term care (6 months or more)?",
    "日常生活需要他人长期照料": "Daily life needs someone's care for a long time",
    "自理能力": "Self-care ability",
    "吃饭、穿衣、上下床、如厕、室内走动等": (
        "Eating, dressing, getting in and out of bed, toilet, moving indoors"
    ),
    "还没有评定": "Not assessed yet",
    "是否在托养或养老机构居住？": "Do you live in a care or nursing institution?",
    "由机构集中照护": "Cared for by an institution",
    "是否在领取工伤保险生活护理费？": (
        "Do you receive the work-injury insurance nursing allowance?"
    ),
    "因工伤由工伤保险按月发放的护理费": "Paid monthly by work-injury insurance",
    "开始测算": "Calculate",
    "区划代码不存在": "No such region code",
    "请选择户籍所在的县（市、区），或填写区划代码": "Choose the county of your hukou, or type its code",  # noqa: E501
    "请填写年龄（0 到 120 之间的整数）": "Enter the age (a whole number from 0 to 120)",
    "请选择残疾类别": "Choose the disability category",
    "请选择残疾等级": "Choose the disability grade",
    "请选择家庭的救助情况": "Choose your family's assistance status",
    "请选择是否需要长期照护": "Say whether you need long-term care",
    "请选择自理能力": "Choose the self-care ability",
    "请选择是否在机构托养": "Say whether you live in an institution",
    "请选择是否领取工伤保险生活护理费": "Say whether you receive the work-injury nursing allowance",
    "工伤保险生活护理费": "Work-injury insurance nursing allowance",
}
