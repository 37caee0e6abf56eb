"""English for the self-service pages, the audit page and the API reference page."""

from __future__ import annotations

EN_SELF_SERVICE: dict[str, str] = {
    # Self-service (a person account)
    "残疾人本人/家属": "Disabled person or family member",
    "我的待遇": "My benefits",
    "我的待遇栏目": "My benefits sections",
    "我的补贴": "My subsidies",
    "我的申请": "My applications",
    "申请补贴": "Apply for a subsidy",
    "本人": "Person",
    "正在享受的补贴": "Subsidies you receive",
    "目前没有正在享受的补贴。": "You receive no subsidy at present.",
    "自 {m} 起暂停发放（正在核实）": "Withheld from {m} (being checked)",
    "发放到 {m} 之前": "Paid until before {m}",
    "按今天登记的信息和现行政策逐项判断。如果登记的信息有误，请联系村（社区）专职委员更正。": (
        "Judged condition by condition on what is registered today and the policies in "
        "force. If something registered is wrong, ask your village or community worker "
        "to correct it."
    ),
    "最近 12 个月的发放": "Payments in the last 12 months",
    "最近 12 个月的发放，最新的在前": "Payments in the last 12 months, newest first",
    "最近 12 个月没有发放记录。": "No payments in the last 12 months.",
    "我提交或由工作人员代为受理的申请，最新的在前": (
        "Applications you made or a worker received for you, newest first"
    ),
    "下一步期限": "Next deadline",
    "还没有申请。": "No applications yet.",
    "办理进度": "Progress",
    "已于 {d} 审核": "reviewed on {d}",
    "已于 {d} 审批": "decided on {d}",
    "自受理当月起发放": "paid from the month the application was received",
    "每一步的日期、结论和理由": "Each step with its date, outcome and reason",
    (
        "提交后，申请由您户籍所在乡镇（街道）受理审核，再报县级残联审批。"
        "审批通过的，自受理当月起发放。"
    ): (
        "Your town (street office) reviews the application, then the county disabled "
        "persons' federation decides. If approved, payment starts from the month it was "
        "received."
    ),
    "申请项目": "Subsidy to apply for",
    "只列出您还没有享受、也没有在办申请的项目": (
        "Only subsidies you do not receive and have no open application for"
    ),
    "本人承诺所填信息真实": "I declare that the information given is true",
    "提交申请": "Submit the application",
    "请选择要申请的项目": "Choose the subsidy to apply for",
    "请确认本人承诺所填信息真实": "Tick the declaration that the information is true",
    "申请已提交，乡镇（街道）将在期限内审核": (
        "Application submitted: your town will review it before the deadline"
    ),
    "您已享受或正在申请所有可以在网上申请的补贴。": (
        "You already receive, or have applied for, every subsidy you can apply for online."
    ),
    "查看我的申请": "See my applications",
    "按今天登记的信息，您可能可以享受：": "On what is registered today, you may qualify for: ",
    "下面“为什么能/不能享受”逐项说明了理由": (
        "the reasons are set out below, under “Why eligible or not”"
    ),
    "申请方式": "How applied",
    "本人网上申请": "Online, by the person",
    "工作人员受理": "Received by a worker",
    "主动发现后受理": "Received after a proactive check",
    # Opening a person account on the person file
    "为本人开通账号": "Open an account for the person",
    "为本人开通账号：登录名": "Open an account for the person: user name",
    "本人或家属用此账号查看本人的补贴和申请进度，并在网上申请；初始密码只显示一次。": (
        "The person or their family use it to see the person's benefits and applications "
        "and to apply online; the first password is shown only once."
    ),
    "账号已开通。请把登录名和初始密码当面交给本人或家属，此页关闭后密码不再显示。": (
        "Account opened. Hand the user name and first password to the person or their "
        "family in person; the password is not shown again once this page is closed."
    ),
    "登录名": "User name",
    "初始密码": "First password",
    "返回一人一档": "Back to the person file",
    # Audit page
    "审计链校验": "Hash chain check",
    "尚未校验过审计链。": "The hash chain has not been checked yet.",
    "上次校验通过": "Last check passed",
    "上次校验未通过": "Last check failed",
    "校验时间（UTC）": "Checked at (UTC)",
    "校验人": "Checked by",
    "校验到第 {n} 条": "up to row {n}",
    "校验审计链": "Check the hash chain",
    "逐条核对全部记录的哈希，记录多时需要一些时间；校验结果也记入审计日志。": (
        "Recomputes the hash of every row, which takes a while on a long log; the "
        "outcome is written to the audit log too."
    ),
    "审计链校验完成": "Hash chain checked",
    "审计链校验未通过": "The hash chain check failed",
    "审计记录": "Audit rows",
    "操作代码": "Action code",
    "按开头匹配，如 application 或 user.sign_in": (
        "Matches the beginning, e.g. application or user.sign_in"
    ),
    "起始日期": "From",
    "清除筛选": "Clear filters",
    "符合条件的审计记录，最新的在前（本页 {n} 条）": (
        "Matching audit rows, newest first ({n} on this page)"
    ),
    "没有符合条件的记录。": "No matching rows.",
    # API reference
    "API 文档": "API reference",
    "下载 OpenAPI 描述（JSON）": "Download the OpenAPI description (JSON)",
    "认证": "Authentication",
    "除签发令牌外，每个请求都要带个人 API 令牌：": (
        "Every request except issuing a token needs a personal API token: "
    ),
    "令牌": "token",
    "管理员在服务器上签发：": "An administrator issues one on the server: ",
    "或者用用户名和密码调用": "or call, with a user name and password,",
    "（令牌只显示一次）": " (the token is shown only once)",
    "每个令牌只能访问其用户辖区内的人员，身份证号脱敏。": (
        "A token reaches only the people in its user's jurisdiction, citizen IDs masked."
    ),
    "接口一览": "Operations",
    "需要令牌": "token required",
    "无需令牌": "no token needed",
    "位置": "In",
    "必填": "Required",
    "请求体": "Request body",
    "响应": "Responses",
    "状态码": "Status",
    "见 {name}": "see {name}",
    "数据结构": "Schemas",
    "字段": "Fields",
}
