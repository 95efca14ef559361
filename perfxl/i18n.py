"""Every text a person reads, in Simplified Chinese and English: labels, messages, issue texts.

Code never spells a user-facing string itself: it names a key here. Keys of workbook labels
that other tools rely on (PRODUCT.md §7) keep their zh text forever; `--lang en` only changes
what people read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


@dataclass(frozen=True)
class Column:
    """A header label: its key, its zh and en forms, and other spellings accepted on reading."""

    key: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def spellings(self) -> tuple[str, ...]:
        return (self.zh, self.en, *self.aliases)


def normalize_label(text: object) -> str:
    """A header cell as compared: no spaces of any width, case-folded, no trailing colon."""
    if text is None:
        return ""
    value = str(text)
    for space in (" ", "\u3000", "\t", "\n", "\r", "\xa0"):
        value = value.replace(space, "")
    return value.rstrip(":：").casefold()


def match_columns(headers: Iterable[object], columns: Iterable[Column]) -> dict[str, int]:
    """Map column keys to 0-based positions of `headers` (first match wins)."""
    wanted = {normalize_label(s): c.key for c in columns for s in c.spellings()}
    found: dict[str, int] = {}
    for position, header in enumerate(headers):
        key = wanted.get(normalize_label(header))
        if key is not None and key not in found:
            found[key] = position
    return found


# --- master workbook ------------------------------------------------------------------------

SHEET_INDICATORS = Column("indicators", "指标", "Indicators")
SHEET_SECTIONS = Column("sections", "科室", "Sections")
SHEET_SETTINGS = Column("settings", "设置", "Settings")

INDICATOR_COLUMNS = (
    Column("id", "编号", "ID"),
    Column("category", "类别", "Category"),
    Column("subcategory", "子类", "Subcategory"),
    Column("name", "指标名称", "Indicator", ("名称", "Name")),
    Column("points", "分值", "Points"),
    Column("criteria", "评分标准", "Criteria"),
    Column("owners", "责任科室", "Owners", ("Owner",)),
    Column("evidence", "佐证材料要求", "Evidence expected", ("Evidence required",)),
    Column("note", "备注", "Note", ("Notes",)),
)
REQUIRED_INDICATOR_COLUMNS = ("id", "category", "name", "points", "owners")

SECTION_COLUMNS = (
    Column("code", "代码", "Code", ("科室代码",)),
    Column("name", "名称", "Name", ("科室名称",)),
    Column("head", "负责人", "Head"),
    Column("contact", "联系人", "Contact"),
    Column("email", "邮箱", "Email", ("电子邮箱", "E-mail")),
    Column("headcount", "人数", "Headcount", ("编制人数",)),
)
REQUIRED_SECTION_COLUMNS = ("code", "name")

SETTINGS_COLUMNS = (Column("key", "项目", "Item"), Column("value", "值", "Value"))

CATEGORY_LABELS = {
    "basic": Column("basic", "基础绩效指标", "Basic", ("基础指标", "basic indicator")),
    "excellence": Column(
        "excellence", "争先创优指标", "Excellence", ("争先创优", "excellence indicator")
    ),
}
SUBCATEGORY_MANDATED = Column("mandated", "规定指标", "Mandated")
SUBCATEGORY_SELECTED = Column("selected", "自选指标", "Self-selected")
ALL_SECTIONS_WORDS = ("全体", "全部", "全体科室", "all")
OWNER_SEPARATORS = "、，,;；/ \u3000\n"

# Settings keys: (key, zh, en, kind, default text shown in a blank master, zh help)
SETTINGS_SPEC: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("unit", "单位名称", "Unit name", "text", "", "本单位全称，显示在模板和汇总表标题中"),
    ("year", "年度", "Year", "int", "", "考评年度，如 2020"),
    ("round", "轮次", "Round", "text", "年度考评", "本轮名称，如 年度考评"),
    ("deadline", "截止日期", "Deadline", "date", "", "各科室报送截止日期，如 2021-01-31"),
    ("basic_full", "基础指标折算分", "Basic full score", "decimal", "640", "基础绩效指标折算满分"),
    ("excellent_ratio", "优秀比例", "Excellent ratio", "ratio", "0.2", "优秀等次名额占参评科室比例"),
    ("excellent_line", "优秀线", "Excellent line", "ratio", "0.9", "优秀等次最低分占折算分比例"),
    ("good_line", "良好线", "Good line", "ratio", "0.8", "良好等次最低分占折算分比例"),
    ("fair_line", "一般线", "Fair line", "ratio", "0.6", "一般等次最低分占折算分比例"),
    ("bonus_pool", "奖金总额", "Bonus pool", "decimal", "0", "绩效奖金总额（元）"),
    ("coef_excellent", "优秀系数", "Excellent coefficient", "decimal", "1.2", "优秀等次奖金系数"),
    ("coef_good", "良好系数", "Good coefficient", "decimal", "1.0", "良好等次奖金系数"),
    ("coef_fair", "一般系数", "Fair coefficient", "decimal", "0.8", "一般等次奖金系数"),
    ("coef_poor", "较差系数", "Poor coefficient", "decimal", "0.5", "较差等次奖金系数"),
    ("template_password", "模板密码", "Template password", "text", "", "保护模板的密码，可留空"),
    ("language", "语言", "Language", "language", "zh", "zh 中文 / en 英文"),
    ("workspace_id", "工作区标识", "Workspace ID", "text", "", "由 perfxl 生成，请勿修改"),
    ("office_contact", "绩效办联系人", "Office contact", "text", "", "填报咨询联系人"),
    ("office_phone", "联系电话", "Office phone", "text", "", "填报咨询电话"),
    ("office_email", "联系邮箱", "Office email", "text", "", "回传模板的邮箱"),
    (
        "rectification_deadline",
        "整改截止日期",
        "Rectification deadline",
        "date",
        "",
        "整改情况报告报送截止日期",
    ),
)

# --- deduction register ---------------------------------------------------------------------

SHEET_DEDUCTIONS = Column("deductions", "扣分登记", "Deductions")
DEDUCTION_COLUMNS = (
    Column("date", "日期", "Date"),
    Column("section", "科室", "Section"),
    Column("source", "来源", "Source"),
    Column("reason", "事由", "Reason"),
    Column("points", "扣分", "Points"),
    Column("veto", "一票否决", "Veto"),
    Column("reference", "依据", "Reference"),
)
YES_WORDS = ("是", "yes", "y", "true", "1")
NO_WORDS = ("否", "no", "n", "false", "0", "")

# --- section template -------------------------------------------------------------------------

SHEET_GUIDE = Column("guide", "填报说明", "Instructions")
SHEET_SELF = Column("self", "自评表", "Self-assessment")
SHEET_REPORT = Column("report", "自评报告", "Self-assessment report")
SHEET_META = "perfxl_meta"

TEMPLATE_COLUMNS = (
    Column("id", "编号", "ID"),
    Column("category", "类别", "Category"),
    Column("subcategory", "子类", "Subcategory"),
    Column("name", "指标名称", "Indicator"),
    Column("points", "分值", "Points"),
    Column("criteria", "评分标准", "Criteria"),
    Column("evidence_expected", "佐证材料要求", "Evidence expected"),
    Column("self_score", "自评得分", "Self score"),
    Column("achievement", "完成情况", "Achievement"),
    Column("evidence", "佐证材料", "Evidence"),
)
INPUT_COLUMNS = ("self_score", "achievement", "evidence")

REPORT_PARTS = (
    Column("overall", "总体情况", "Overall"),
    Column("practice", "主要做法与成效", "Main practices and results"),
    Column("problems", "存在问题", "Problems"),
    Column("next_steps", "下一步打算", "Next steps"),
)

# --- everything else a person reads -------------------------------------------------------------

TEXT: dict[str, tuple[str, str]] = {
    # grades
    "grade.excellent": ("优秀", "Excellent"),
    "grade.good": ("良好", "Good"),
    "grade.fair": ("一般", "Fair"),
    "grade.poor": ("较差", "Poor"),
    "severity.error": ("错误", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("提示", "info"),
    "status.ok": ("正常", "ok"),
    "status.error": ("有错误", "has errors"),
    "status.missing": ("未报送", "missing"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "subtotal": ("小计", "Subtotal"),
    "total": ("合计", "Total"),
    # template
    "template.title": ("{unit}{year}年度绩效考评自评表（{section}）", "{unit} {year} self-assessment ({section})"),
    "template.report_title": ("{section}{year}年度绩效自评报告", "{section} {year} self-assessment report"),
    "page_footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
    "template.file_name": ("{code}_{name}_{year}年度绩效自评表.xlsx", "{code}_{name}_{year}_self_assessment.xlsx"),
    "template.guide_title": ("填报说明", "How to fill in this workbook"),
    "template.guide.unit": ("单位", "Unit"),
    "template.guide.year": ("年度", "Year"),
    "template.guide.round": ("轮次", "Round"),
    "template.guide.section": ("填报科室", "Section"),
    "template.guide.deadline": ("报送截止日期", "Deadline"),
    "template.guide.contact": ("绩效办联系人", "Performance office contact"),
    "template.guide.indicators": ("本科室考评指标", "Indicators of this section"),
    "template.guide.steps": (
        "1. 在“自评表”中逐项填写“自评得分”“完成情况”“佐证材料”，其余列已锁定，无需改动；\n"
        "2. 自评得分填数字，最高不超过该项分值，可保留一位或两位小数；\n"
        "3. 完成情况写明工作数量、质量和效果；佐证材料列出文件、报表、会议记录、图片等证明材料的名称；\n"
        "4. 在“自评报告”中填写总体情况、主要做法与成效、存在问题、下一步打算四部分；\n"
        "5. 请勿增删工作表、修改编号和分值，也不要复制内容到新文件，否则系统无法识别；\n"
        "6. 填好后保存为 .xlsx 格式，连同佐证材料按截止日期发送至绩效办。",
        "1. On the Self-assessment sheet fill in Self score, Achievement and Evidence for every "
        "indicator; the other columns are locked.\n"
        "2. A self score is a number no greater than the indicator's points (up to two decimals).\n"
        "3. Achievement: what was done (quantity, quality, effect). Evidence: the documents, "
        "reports, minutes and photos that prove it.\n"
        "4. On the Self-assessment report sheet write the four parts.\n"
        "5. Do not add or delete sheets, change IDs or points, or copy the content into a new "
        "file: it would no longer be recognised.\n"
        "6. Save as .xlsx and send it with the evidence to the performance office by the deadline.",
    ),
    "template.score_prompt_title": ("自评得分", "Self score"),
    "template.score_prompt": ("请填写 0 至 {points} 之间的数字", "Enter a number from 0 to {points}"),
    "template.score_error_title": ("自评得分超出范围", "Self score out of range"),
    "template.score_error": (
        "自评得分应为 0 至 {points} 之间的数字（本项分值 {points} 分），请重新填写。",
        "The self score must be a number from 0 to {points} (this indicator is worth {points}).",
    ),
    "template.report_hint": ("（请在此填写）", "(write here)"),
    "template.no_email": ("无邮箱，请另行送达", "no email: deliver by hand"),
    # email drafts
    "email.subject": (
        "【请于{deadline}前报送】{unit}{year}年度绩效自评表（{section}）",
        "[Due {deadline}] {unit} {year} self-assessment ({section})",
    ),
    "sendlist.file_name": ("发送清单.xlsx", "send_list.xlsx"),
    "sendlist.sheet": ("发送清单", "Send list"),
    "sendlist.code": ("科室代码", "Code"),
    "sendlist.name": ("科室", "Section"),
    "sendlist.contact": ("联系人", "Contact"),
    "sendlist.email": ("邮箱", "Email"),
    "sendlist.template": ("模板文件", "Template"),
    "sendlist.draft": ("邮件草稿", "Email draft"),
    "sendlist.indicators": ("指标数", "Indicators"),
    "sendlist.note": ("备注", "Note"),
    # blank master hints
    "master.hint.id": ("指标编号，唯一，如 A01", "unique indicator ID, e.g. A01"),
    "master.hint.category": ("基础绩效指标 或 争先创优指标", "basic or excellence"),
    "master.hint.subcategory": ("规定指标 / 自选指标 / 其他", "mandated / self-selected / other"),
    "master.hint.name": ("指标名称", "indicator name"),
    "master.hint.points": ("分值，正数", "points, a positive number"),
    "master.hint.criteria": ("评分标准", "how it is scored"),
    "master.hint.owners": (
        "责任科室代码或名称，多个用、分隔；全体表示所有科室",
        "owning section codes or names separated by commas; 全体 for all",
    ),
    "master.hint.evidence": ("需提供的佐证材料", "evidence expected"),
    "master.hint.note": ("备注", "note"),
    "master.hint.code": ("科室代码，唯一，如 K01", "unique section code, e.g. K01"),
    "master.hint.section_name": ("科室名称，唯一", "unique section name"),
    "master.hint.head": ("科室负责人", "head of section"),
    "master.hint.contact": ("填报联系人", "contact for the return"),
    "master.hint.email": ("接收模板的邮箱", "email the template goes to"),
    "master.hint.headcount": ("人数，用于奖金分配", "headcount, used for the bonus"),
    "master.settings_help": ("说明", "Help"),
    # CLI
    "cli.help": (
        "perfxl：科室绩效考评工具（生成模板、收集自评、审核、计分排名、出具通报）。",
        "perfxl: section performance assessment (templates, returns, review, ranking, reports).",
    ),
    "cli.opt.workspace": ("工作区目录（默认当前目录）", "workspace folder (default: here)"),
    "cli.opt.lang": ("界面语言：zh 中文，en 英文", "language of everything printed and written"),
    "cli.opt.sample": ("使用内置示例单位，如 longyan-2020", "start from a bundled sample bureau"),
    "cli.init.help": ("创建工作区（空白或内置示例）。", "Create a workspace (blank or a sample)."),
    "cli.templates.help": (
        "为每个科室生成自评表模板和邮件草稿。",
        "Write one template and one email draft per section.",
    ),
    "cli.demo.help": (
        "在内置示例单位上演示完整流程。",
        "Run the whole cycle on the bundled sample bureau.",
    ),
    "cli.init.done": ("已创建工作区：{path}", "Workspace created: {path}"),
    "cli.init.next": (
        "下一步：编辑 {master}，然后运行 perfxl templates -w {path}",
        "Next: edit {master}, then run perfxl templates -w {path}",
    ),
    "cli.templates.done": (
        "已生成 {count} 份模板和邮件草稿，位于 {path}",
        "Wrote {count} templates and email drafts to {path}",
    ),
    "cli.templates.no_email": (
        "以下科室没有邮箱，请另行送达：{sections}",
        "These sections have no email, deliver by hand: {sections}",
    ),
    "cli.master_errors": (
        "主表 {path} 有 {count} 个问题，请修改后重试：",
        "The master {path} has {count} problem(s); fix them and run again:",
    ),
    "cli.demo.done": ("演示完成，工作区：{path}", "Demo finished, workspace: {path}"),
    "cli.demo.look": ("请查看：", "Have a look at:"),
    "cli.error": ("无法运行：{message}", "Cannot run: {message}"),
    # errors that stop a command
    "fatal.workspace_exists": (
        "{path} 已是工作区（已有 {files}），为避免覆盖，未做任何改动。请换一个目录。",
        "{path} is already a workspace ({files} exist); nothing was changed. Choose another folder.",
    ),
    "fatal.demo_folder_busy": (
        "{path} 已存在且不是演示目录，为避免覆盖，请换一个目录。",
        "{path} exists and is not a demo folder; choose another folder.",
    ),
    "fatal.unknown_sample": (
        "没有名为 {name} 的示例，可用：{available}",
        "No sample named {name}; available: {available}",
    ),
    "fatal.no_master": (
        "找不到主表 {path}。请先运行 perfxl init 创建工作区，或用 -w 指定工作区目录。",
        "No master workbook at {path}. Run perfxl init first, or point -w at the workspace.",
    ),
    "fatal.master_unreadable": (
        "主表 {path} 无法读取（{reason}）。请用 Excel 打开后另存为 .xlsx 再试。",
        "The master {path} cannot be read ({reason}). Open it in Excel, save as .xlsx, retry.",
    ),
    "fatal.not_writable": (
        "无法写入 {path}（{reason}）。若文件正在 Excel 中打开，请先关闭。",
        "Cannot write {path} ({reason}). If it is open in Excel, close it first.",
    ),
    "fatal.bad_language": ("不支持的语言：{lang}（可用 zh、en）", "Unsupported language: {lang} (zh, en)"),
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`."""
    zh, en = TEXT[key]
    template = en if lang == "en" else zh
    return template.format(**params) if params else template


def grade_label(grade: str | None, lang: str) -> str:
    return t(f"grade.{grade}", lang) if grade else ""


def category_label(category: str, lang: str) -> str:
    return CATEGORY_LABELS[category].label(lang)


# --- the problem catalogue: code -> (severity, zh what, zh how to fix, en what, en how to fix) ---
# Placeholders: {file} {sheet} {cell} {value} and the named parameters of each issue.

ISSUES: dict[str, tuple[str, str, str, str, str]] = {
    "MASTER_001": (
        "error",
        "主表缺少工作表“{expected}”。",
        "请添加名为“{expected}”的工作表（可运行 perfxl init 生成一份空白主表对照）。",
        "The master has no sheet '{expected}'.",
        "Add a sheet named '{expected}' (perfxl init writes a blank master to compare with).",
    ),
    "MASTER_002": (
        "error",
        "工作表“{sheet}”第 1 行缺少表头“{expected}”。",
        "请在第 1 行加上“{expected}”列。",
        "Sheet '{sheet}' row 1 lacks the header '{expected}'.",
        "Add a '{expected}' column to row 1.",
    ),
    "MASTER_003": (
        "error",
        "指标编号为空。",
        "请为该行指标填写唯一的编号，或删除这一行。",
        "The indicator ID is empty.",
        "Give the indicator a unique ID, or delete the row.",
    ),
    "MASTER_004": (
        "error",
        "指标编号“{value}”重复（第 {first_row} 行已使用）。",
        "每个指标的编号必须唯一，请修改其中一个。",
        "Indicator ID '{value}' is used twice (already on row {first_row}).",
        "Every indicator needs its own ID; change one of them.",
    ),
    "MASTER_005": (
        "error",
        "分值“{value}”不是数字。",
        "请填写数字，如 40 或 12.5。",
        "Points '{value}' is not a number.",
        "Enter a number such as 40 or 12.5.",
    ),
    "MASTER_006": (
        "error",
        "分值 {value} 不是正数。",
        "分值必须大于 0。",
        "Points {value} is not positive.",
        "Points must be greater than 0.",
    ),
    "MASTER_007": (
        "error",
        "类别“{value}”无法识别。",
        "类别只能填“基础绩效指标”或“争先创优指标”。",
        "Category '{value}' is not known.",
        "Use 基础绩效指标 (basic) or 争先创优指标 (excellence).",
    ),
    "MASTER_008": (
        "error",
        "责任科室“{owner}”不在“科室”表中。",
        "请填写“科室”表中已有的科室代码或名称，多个用“、”分隔，或填“全体”。",
        "Owner '{owner}' is not in the Sections sheet.",
        "Use codes or names from the Sections sheet separated by 、 or commas, or 全体.",
    ),
    "MASTER_009": (
        "error",
        "指标“{name}”没有责任科室。",
        "请填写责任科室代码或名称，或填“全体”。",
        "Indicator '{name}' has no owner.",
        "Enter the owning section codes or names, or 全体.",
    ),
    "MASTER_010": (
        "error",
        "科室“{section}”没有承担任何基础绩效指标，无法折算得分。",
        "请在“指标”表中至少为其分配一项基础绩效指标。",
        "Section '{section}' owns no basic indicator, so its score cannot be scaled.",
        "Assign it at least one basic indicator in the Indicators sheet.",
    ),
    "MASTER_011": (
        "error",
        "科室代码“{value}”重复（第 {first_row} 行已使用）。",
        "每个科室的代码必须唯一。",
        "Section code '{value}' is used twice (already on row {first_row}).",
        "Every section needs its own code.",
    ),
    "MASTER_012": (
        "error",
        "科室名称“{value}”重复（第 {first_row} 行已使用）。",
        "每个科室的名称必须唯一。",
        "Section name '{value}' is used twice (already on row {first_row}).",
        "Every section needs its own name.",
    ),
    "MASTER_013": (
        "error",
        "设置项“{key}”的值“{value}”不是{kind_zh}。",
        "请填写{kind_zh}，例如 {example}。",
        "Setting '{key}' has value '{value}', which is not {kind_en}.",
        "Enter {kind_en}, for example {example}.",
    ),
    "MASTER_014": (
        "error",
        "指标名称为空。",
        "请填写指标名称。",
        "The indicator name is empty.",
        "Enter the indicator's name.",
    ),
    "MASTER_015": (
        "error",
        "科室代码或名称为空。",
        "请填写科室代码和名称，或删除这一行。",
        "The section code or name is empty.",
        "Enter the section's code and name, or delete the row.",
    ),
    "MASTER_016": (
        "error",
        "人数“{value}”不是非负整数。",
        "请填写科室人数，如 6。",
        "Headcount '{value}' is not a whole number of zero or more.",
        "Enter the headcount, e.g. 6.",
    ),
    "MASTER_017": (
        "error",
        "“指标”表中没有任何指标。",
        "请至少填写一项指标（每行一项）。",
        "The Indicators sheet has no indicator.",
        "Enter at least one indicator, one per row.",
    ),
    "MASTER_018": (
        "error",
        "“科室”表中没有任何科室。",
        "请至少填写一个科室（每行一个）。",
        "The Sections sheet has no section.",
        "Enter at least one section, one per row.",
    ),
    "MASTER_019": (
        "warning",
        "设置项“{key}”无法识别，已忽略。",
        "请检查拼写；可用的设置项见 perfxl init 生成的空白主表。",
        "Setting '{key}' is not known and was ignored.",
        "Check the spelling; a blank master from perfxl init lists every setting.",
    ),
    "MASTER_020": (
        "error",
        "设置项“{key}”的值 {value} 超出范围（应在 {low} 至 {high} 之间）。",
        "请改为 {low} 至 {high} 之间的数。",
        "Setting '{key}' = {value} is out of range ({low} to {high}).",
        "Enter a number from {low} to {high}.",
    ),
    "MASTER_021": (
        "error",
        "等次线设置不合理：优秀线 {excellent} 应不低于良好线 {good}，良好线应不低于一般线 {fair}。",
        "请调整“设置”表中的优秀线、良好线、一般线。",
        "Grade lines are out of order: excellent {excellent} ≥ good {good} ≥ fair {fair} expected.",
        "Adjust the excellent, good and fair lines in Settings.",
    ),
}
