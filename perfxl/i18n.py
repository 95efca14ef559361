"""Every text a person reads, in Simplified Chinese and English: labels, messages, issue texts.

Code names a key here rather than spelling a user-facing string (the few pairs kept beside
the one function that uses them, such as the review's column labels, are zh/en pairs too,
never one language alone). Keys of workbook labels
that other tools rely on (PRODUCT.md §7) keep their zh text forever; `--lang en` only changes
what people read.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

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

    def both(self) -> Localized:
        """Both names, for a message about a header either may spell: 日期（Date）, Date
        (日期)."""
        return Localized(f"{self.zh}（{self.en}）", f"{self.en} ({self.zh})")


def normalize_label(text: object) -> str:
    """A header cell as compared: full-width forms as their plain ones, no spaces of any
    width, case-folded, no trailing colon."""
    if text is None:
        return ""
    return _normalized(text if isinstance(text, str) else str(text))


@functools.lru_cache(maxsize=4096)  # the same template labels, in every return
def _normalized(value: str) -> str:
    # NFKC: "Ｋ０３" typed with a Chinese input method is K03, as the master reads an ID
    value = unicodedata.normalize("NFKC", value).translate(_QUOTES)
    for space in (" ", "\u3000", "\t", "\n", "\r", "\xa0"):
        value = value.replace(space, "")
    return value.rstrip(":：").casefold()


# Word and Outlook make ' and " curly as they are typed: "Director’s Office" pasted from a
# letter is the section the master calls "Director's Office"
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


_UNIT = re.compile(r"[（(][^（()）]*[)）]$")


def find_label(known: dict[str, Any], text: object) -> Any:
    """`known[label]` for a header or settings label as typed, else None: compared as
    normalize_label does, and without a unit or gloss in brackets at its end when that
    is what makes it unknown ("分值（分）", "奖金总额（元）", "分值（Points）" as a
    message shows it)."""
    return _found_label(known, text)[0]


def _found_label(known: dict[str, Any], text: object) -> tuple[Any, bool]:
    """(known[label] or None, whether it took dropping a gloss in brackets)."""
    label = normalize_label(text)
    found = known.get(label)
    if found is None and label.endswith((")", "）")):
        return known.get(_UNIT.sub("", label)), True
    return found, False


@functools.lru_cache(maxsize=64)
def _spellings(columns: tuple[Column, ...]) -> dict[str, str]:
    return {normalize_label(s): c.key for c in columns for s in c.spellings()}


def match_columns(headers: Iterable[object], columns: Iterable[Column]) -> dict[str, int]:
    """Map column keys to 0-based positions of `headers`: the first header spelling the
    label exactly, else the first spelling it with a gloss ("自评得分（分）")."""
    wanted = _spellings(tuple(columns))
    exact: dict[str, int] = {}
    glossed: dict[str, int] = {}
    for position, header in enumerate(headers):
        if header is None or header == "":
            continue
        key, by_gloss = _found_label(wanted, header)
        if key is not None:
            (glossed if by_gloss else exact).setdefault(key, position)
    if not glossed:  # the common case: every header as the template spells it
        return exact
    found = {**glossed, **exact}
    return dict(sorted(found.items(), key=lambda item: item[1]))


def column_positions(headers: Iterable[object], columns: Iterable[Column]
                     ) -> dict[str, list[int]]:
    """Every 0-based position of `headers` each column key is found at: those spelling the
    label exactly first, then those with a gloss in brackets. A column inserted before the
    real one and headed "自评得分（修正）" is not taken for it."""
    wanted = _spellings(tuple(columns))
    exact: dict[str, list[int]] = {}
    glossed: dict[str, list[int]] = {}
    for position, header in enumerate(headers):
        key, by_gloss = _found_label(wanted, header)
        if key is not None:
            (glossed if by_gloss else exact).setdefault(key, []).append(position)
    found = {key: exact.get(key, []) + glossed.get(key, [])
             for key in exact.keys() | glossed.keys()}
    return dict(sorted(found.items(), key=lambda item: item[1][0]))


# --- master workbook ------------------------------------------------------------------------

SHEET_INDICATORS = Column("indicators", "指标", "Indicators")
SHEET_SECTIONS = Column("sections", "科室", "Sections")
SHEET_SETTINGS = Column("settings", "设置", "Settings")

INDICATOR_COLUMNS = (
    Column("id", "编号", "ID"),
    Column("category", "类别", "Category", ("指标类别",)),
    Column("subcategory", "子类", "Subcategory"),
    Column("name", "指标名称", "Indicator", ("名称", "Name")),
    Column("points", "分值", "Points", ("标准分", "满分", "Max points", "Maximum points",
                                         "Full points", "Full marks")),
    Column("criteria", "评分标准", "Criteria", ("评分细则", "考核标准", "考评标准", "评分办法",
                                                "计分办法", "Scoring")),
    Column("owners", "责任科室", "Owners", ("Owner", "牵头科室", "责任部门", "责任单位",
                                           "Lead section", "Responsible section",
                                           "Responsible sections", "Section responsible")),
    Column("evidence", "佐证材料要求", "Evidence expected", ("Evidence required",)),
    Column("note", "备注", "Note", ("Notes",)),
)
REQUIRED_INDICATOR_COLUMNS = ("id", "category", "name", "points", "owners")

SECTION_COLUMNS = (
    Column("code", "代码", "Code", ("科室代码", "科室编号", "编号", "编码", "科室编码")),
    Column("name", "名称", "Name", ("科室名称", "科室")),
    Column("head", "负责人", "Head", ("科室负责人",)),
    Column("contact", "联系人", "Contact", ("科室联系人",)),
    Column("email", "邮箱", "Email", ("电子邮箱", "E-mail", "联系邮箱")),
    Column("headcount", "人数", "Headcount", ("编制人数", "在编人数", "人员数")),
)
REQUIRED_SECTION_COLUMNS = ("code", "name")

SETTINGS_COLUMNS = (Column("key", "项目", "Item"), Column("value", "值", "Value"))

CATEGORY_LABELS = {
    "basic": Column("basic", "基础绩效指标", "Basic", (
        "基础指标", "基本指标", "基础绩效", "基本绩效指标", "basic indicator", "basic indicators",
        "basic performance indicator", "basic performance indicators")),
    "excellence": Column("excellence", "争先创优指标", "Excellence", (
        "争先创优", "创优指标", "争先创优类", "excellence indicator", "excellence indicators")),
}
SUBCATEGORY_MANDATED = Column("mandated", "规定指标", "Mandated")
SUBCATEGORY_SELECTED = Column("selected", "自选指标", "Self-selected")
ALL_SECTIONS_WORDS = ("全体", "全部", "全体科室", "全部科室", "各科室", "所有科室", "全局", "all",
                      "all sections")
OWNER_SEPARATORS = "、，,;；/ \u3000\n"

# Settings keys: (key, zh, en, kind, default text shown in a blank master, zh help)
SETTINGS_SPEC: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("unit", "单位名称", "Unit name", "text", "", "本单位全称，显示在模板和汇总表标题中"),
    ("year", "年度", "Year", "int", "", "考评年度，如 2020"),
    ("round", "轮次", "Round", "text", "年度考评", "本轮名称，如 年度考评"),
    ("deadline", "截止日期", "Deadline", "date", "", "各科室报送截止日期，如 2021-01-31"),
    ("basic_full", "基础指标折算分", "Basic full score", "decimal", "640", "基础绩效指标折算满分"),
    (
        "excellent_ratio",
        "优秀比例",
        "Excellent ratio",
        "ratio",
        "0.2",
        "优秀等次名额占参评科室比例",
    ),
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
    ("issue_date", "通报日期", "Issue date", "date", "", "通报落款日期；留空时落款处留出日期，供签发时手写"),
)

# What a blank English master says beside each setting, and the defaults it shows in English
SETTINGS_HELP_EN: dict[str, str] = {
    "unit": "The unit's full name, shown in the titles of templates and the summary",
    "year": "The assessment year, e.g. 2020",
    "round": "This collection's name, e.g. Annual assessment",
    "deadline": "The date returns are due, e.g. 2021-01-31",
    "basic_full": "What basic indicators are scaled to",
    "excellent_ratio": "At most this share of the ranked sections is graded excellent",
    "excellent_line": "Lowest total for excellent, as a share of the scaled full score",
    "good_line": "Lowest total for good, as a share of the scaled full score",
    "fair_line": "Lowest total for fair, as a share of the scaled full score",
    "bonus_pool": "The bonus to share out (yuan)",
    "coef_excellent": "Bonus coefficient of grade excellent",
    "coef_good": "Bonus coefficient of grade good",
    "coef_fair": "Bonus coefficient of grade fair",
    "coef_poor": "Bonus coefficient of grade poor",
    "template_password": "Password protecting the templates; may be left blank",
    "language": "zh Chinese / en English",
    "workspace_id": "Made by perfxl; do not change",
    "office_contact": "Who sections ask about filling in",
    "office_phone": "Their phone number",
    "office_email": "Where sections send their returns",
    "rectification_deadline": "When rectification reports are due",
    "issue_date": "The date the bulletin is signed; if blank, a space is left to write it in",
}
SETTINGS_DEFAULTS_EN = {"round": "Annual assessment", "language": "en"}

# --- deduction register ---------------------------------------------------------------------

SHEET_DEDUCTIONS = Column("deductions", "扣分登记", "Deductions", ("扣分登记表", "扣分登记簿"))
DEDUCTION_COLUMNS = (
    Column("date", "日期", "Date"),
    Column("section", "科室", "Section"),
    Column("source", "来源", "Source"),
    Column("reason", "事由", "Reason"),
    Column("points", "扣分", "Points"),
    Column("veto", "一票否决", "Veto"),
    Column("reference", "依据", "Reference"),
)
# as forms are ticked: √ for yes; ×, 无 or a dash for no
YES_WORDS = ("是", "yes", "y", "true", "1", "√", "✓", "✔", "有")
NO_WORDS = ("否", "no", "n", "false", "0", "", "×", "✗", "✘", "无", "none", "-", "—", "－", "/",
            "／")

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
    Column("criteria", "评分标准", "Criteria", ("评分细则", "考核标准", "考评标准", "评分办法",
                                                "计分办法", "Scoring")),
    Column("evidence_expected", "佐证材料要求", "Evidence expected"),
    Column("self_score", "自评得分", "Self score"),
    Column("achievement", "完成情况", "Achievement"),
    Column("evidence", "佐证材料", "Evidence"),
)
INPUT_COLUMNS = ("self_score", "achievement", "evidence")

SHEET_PROGRESS = Column("progress", "进度表", "Progress")
PROGRESS_COLUMNS = (
    Column("id", "编号", "ID"),
    Column("name", "指标名称", "Indicator"),
    Column("points", "分值", "Points"),
    Column("progress", "完成进度", "Progress"),
    Column("note", "进展情况", "Progress made"),
    Column("problems", "存在问题", "Problems"),
    Column("next_steps", "下步措施", "Next steps"),
)
PROGRESS_INPUTS = ("progress", "note", "problems", "next_steps")

SHEET_RECTIFICATION = Column("rectification", "上年度整改", "Last year's rectification")
RECTIFICATION_COLUMNS = (
    Column("key", "事项编号", "Item"),
    Column("kind", "类型", "Kind"),
    Column("text", "整改事项", "What to rectify"),
    Column("measures", "整改措施", "Measures taken"),
    Column("results", "整改成效", "Results"),
)

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
    "reason.json_syntax": ("第 {line} 行第 {column} 列附近格式有误", "malformed near line {line}, column {column}"),
    "reason.json_shape.object": ("内容应是以 {{ 开头的一组数据，却不是", "it should be one object, between {{ and }}, and is not"),
    "reason.json_shape.list": ("“{entry}”应是 [ ] 括起的列表", "'{entry}' should be a list, between [ and ]"),
    "reason.json_shape.objects": ("“{entry}”中的每一项应是 {{ }} 括起的一组数据", "each entry of '{entry}' should be an object, between {{ and }}"),
    "reason.json_shape.pairs": ("“{entry}”中的每一项应是 [编号, 名称] 两项", "each entry of '{entry}' should be a pair [ID, name]"),
    "reason.json_shape.whole_number": ("“{entry}”应是整数（如 2020），却是“{value}”", "'{entry}' should be a whole number (such as 2020), not '{value}'"),
    "reason.not_utf8": ("不是 UTF-8 编码的文本", "it is not UTF-8 text"),
    "reason.json_values": ("其中有的值不是 perfxl 所写的类型（如应为数字处写了文字）", "some value is not of the kind perfxl wrote (words where a number goes, say)"),
    "reason.json_missing": ("缺少“{entry}”一项", "the entry '{entry}' is missing"),
    "reason.ascii_names": ("只能用英文字母、数字和符号命名", "names in ASCII letters, digits and signs only"),
    "reason.package_damaged": ("文件内部的压缩数据已损坏或不完整", "its compressed contents are damaged or cut short"),
    "reason.package_damaged_part": ("文件内部的 {part} 已损坏", "its part {part} is damaged"),
    "reason.format_unknown": ("无法识别文件的格式", "its format is not recognised"),
    "reason.symlink": ("这是一个符号链接，perfxl 不替换它", "it is a symbolic link, which perfxl does not replace"),
    "reason.bytes": ("{size} 字节", "{size} bytes"),
    "reason.parts": ("{count} 个部件", "{count} parts"),
    "reason.files": ("{count} 个文件", "{count} files"),
    "reason.sheets": ("{count} 个工作表", "{count} sheets"),
    "reason.twice": ("{name} 出现两次", "{name} twice"),
    "reason.id_twice": ("{part} 中的 {rid} 出现两次", "{rid} twice in {part}"),
    "reason.sheet_state": ("工作表“{sheet}”的 state=\"{state}\" 无法识别", "sheet {sheet}: state=\"{state}\""),
    "reason.outside": ("工作表“{sheet}”指向压缩包外的 {target}", "{target} outside the package (sheet {sheet})"),
    "reason.part_missing": ("工作表“{sheet}”的内容 {target} 缺失", "{target} missing (sheet {sheet})"),
    "register.entry": ("{who} 扣 {points} 分", "{who}: deduction of {points}"),
    "register.entry_veto": ("{who} 扣 {points} 分，一票否决", "{who}: deduction of {points} and a veto"),
    "register.entry_veto_only": ("{who} 一票否决", "{who}: a veto"),
    "return.sheet_hidden": ("（已隐藏）", " (hidden)"),
    "review.made_for_year": ("{year}年度", "{year}"),
    "review.made_for_other": ("另一个工作区（同一年度）", "another workspace (of the same year)"),
    "review.also": ("除“{sheet}”外，工作表 {others} 也", "besides '{sheet}', the sheets {others} hold"),
    "review.several": ("工作表 {others} 都", "the sheets {others} all hold"),
    "review.example": ("（如 {section} 的 {id}：“{sheet}”{mine}，“{other}”{theirs}）",
                       " (for example {section}'s {id}: {mine} on '{sheet}', {theirs} on '{other}')"),
    "review.score": ("为 {score}", "{score}"),
    "progress.hint_percent_cell": ("（在百分比单元格中填写数字 75 会显示为 7500%，表示 75% 请填写“75%”或 0.75）",
                                   " (the number 75 in a percentage cell shows as 7500%: for 75% type '75%' or 0.75)"),
    "master.blank_round": ("如模板尚未下发，请填写后重新运行 perfxl templates；如模板已经下发，请保持为空（改动轮次会使已下发的自评表因轮次不符而无法采用）。",
                           "If the templates have not gone out yet, fill it in and run perfxl templates again; if they have, leave it blank (a changed round makes the returns of those templates another round's)."),
    "master.blank_unit": ("请填写本单位全称，然后重新运行 perfxl templates（模板已经下发也可以补填，不影响已报送的自评表）。",
                          "Fill in the unit's full name and run perfxl templates again (it may be filled in after the templates went out: the returns stay valid)."),
    "quoted": ("“{text}”", "'{text}'"),
    "review.blank": ("未填", "nothing"),
    "reason.not_a_file": ("这不是一个文件，而是文件夹、失效的快捷方式或其他特殊文件", "not a file: a folder, a broken link or another special file"),
    "reason.encrypted_workbook": ("文件设置了打开密码：请在 Excel 中点“文件 › 信息 › 保护工作簿 › 用密码进行加密”，清空密码后保存（WPS：“文件 › 文档加密 › 密码加密”）",
                                  "it has a password to open it: in Excel, File › Info › Protect Workbook › Encrypt with Password, clear the password and save"),
    "reason.not_a_workbook": ("文件已损坏，或不是 Excel 工作簿", "the file is damaged, or not an Excel workbook"),
    "reason.encrypted_pdf": ("PDF 已加密", "the PDF is encrypted"),
    "reason.damaged_pdf": ("PDF 已损坏或不完整", "the PDF is damaged or incomplete"),
    "reason.image_too_large": ("图片像素过多（超过约 1.8 亿像素），无法并入；请缩小后重新发送", "the picture has too many pixels (over about 180 million) to merge; send a smaller copy"),
    "reason.damaged_image": ("图片已损坏或格式无法识别", "the picture is damaged or of a kind not recognised"),
    "reason.reader_ended": ("读取它的进程意外结束", "the process reading it ended abruptly"),
    "file_kind.no_extension": ("（无）", "(none)"),
    # what a material's first bytes show it to be (evidence.SIGNATURES)
    "content_kind.pdf": ("PDF 文件", "a PDF"),
    "content_kind.jpeg": ("JPEG 图片", "a JPEG picture"),
    "content_kind.png": ("PNG 图片", "a PNG picture"),
    "content_kind.gif": ("GIF 图片", "a GIF picture"),
    "content_kind.bmp": ("BMP 图片", "a BMP picture"),
    "content_kind.tiff": ("TIFF 图片", "a TIFF picture"),
    "content_kind.zip": ("压缩包或新版 Office 文档", "a zip or a current Office document"),
    "content_kind.ole": ("旧版 Office 文档", "an old-format Office document"),
    "content_kind.rar": ("RAR 压缩包", "a RAR archive"),
    "content_kind.7z": ("7z 压缩包", "a 7z archive"),
    "content_kind.mp4": ("视频", "a video"),
    "content_kind.riff": ("音频或视频（AVI/WAV）", "audio or video (AVI/WAV)"),
    "content_kind.mp3": ("音频", "audio"),
    "content_kind.text": ("文本", "text"),
    "content_kind.heic": ("HEIC 格式手机照片", "an HEIC phone photo"),
    "content_kind.webp": ("WebP 图片", "a WebP picture"),
    "content_kind.m4a": ("M4A 格式音频", "M4A audio"),
    "content_kind.amr": ("AMR 格式录音", "an AMR voice recording"),
    "content_kind.mkv": ("MKV/WebM 格式视频", "an MKV/WebM video"),
    "content_kind.rtf": ("RTF 文档", "an RTF document"),
    "content_kind.empty": ("空文件", "an empty file"),
    "content_kind.unknown": ("未知格式", "an unknown format"),
    "content_kind.word": ("Word 文档", "a Word document"),
    "content_kind.excel": ("Excel 表格", "an Excel workbook"),
    "content_kind.slides": ("演示文稿", "a presentation"),
    "content_kind.ofd": ("OFD 文件", "an OFD document"),
    "content_kind.zip_archive": ("ZIP 压缩包", "a zip archive"),
    "file_kind.xls": ("Excel 97-2003 工作簿（.xls）", "an Excel 97-2003 workbook (.xls)"),
    "file_kind.xlsx": ("Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)"),
    "file_kind.ods": ("OpenDocument 表格（.ods）", "an OpenDocument spreadsheet (.ods)"),
    "file_kind.xlsb": ("Excel 二进制工作簿（.xlsb）", "an Excel binary workbook (.xlsb)"),
    "file_kind.empty_zip": ("空的压缩包（没有任何文件）", "an empty zip (no files in it)"),
    "file_kind.html": ("网页（HTML）", "a web page (HTML)"),
    "file_kind.pdf": ("PDF 文件", "a PDF"),
    "file_kind.picture": ("图片", "a picture"),
    "file_kind.xml_spreadsheet": ("Excel 2003 XML 表格", "an Excel 2003 XML spreadsheet"),
    "file_kind.xml": ("XML 文件", "an XML file"),
    "file_kind.text": ("文本（如 CSV）", "text (such as CSV)"),
    "file_kind.unknown": ("未知格式", "an unknown format"),
    "file_kind.docx": ("Word 文档（.docx）", "a Word document (.docx)"),
    "file_kind.pptx": ("PowerPoint 文档（.pptx）", "a PowerPoint document (.pptx)"),
    "file_kind.zip": ("普通压缩包", "a plain zip archive"),
    "status.ok": ("正常", "ok"),
    "status.error": ("有错误", "has errors"),
    "status.missing": ("未报送", "missing"),
    "status.vetoed": ("一票否决", "vetoed"),
    "status.tied": ("并列暂缓评优", "tie at quota"),
    "rect.veto": ("一票否决", "veto"),
    "status.held": ("{files} 中的记录有误", "its record in {files} has errors"),
    "status.held_named": ("{files}中的记录有误", "its record in {files} has errors"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "subtotal": ("小计", "subtotal"),
    "total": ("合计", "Total"),
    # template
    "template.title": (
        "{unit}{year}年度绩效考评自评表（{section}）",
        "{unit} {year} self-assessment ({section})",
    ),
    "template.report_title": (
        "{section}{year}年度绩效自评报告",
        "{section} {year} self-assessment report",
    ),
    "page_footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
    "template.file_name": (
        "{code}_{name}_{year}年度绩效自评表.xlsx",
        "{code}_{name}_{year}_self_assessment.xlsx",
    ),
    "template.guide_title": ("填报说明", "How to fill in this workbook"),
    "template.guide.unit": ("单位", "Unit"),
    "template.guide.year": ("年度", "Year"),
    "template.guide.round": ("轮次", "Round"),
    "template.guide.section": ("填报科室", "Section"),
    "template.guide.deadline": ("报送截止日期", "Deadline"),
    "template.guide.contact": ("绩效办联系人", "Performance office contact"),
    "template.guide.indicators": ("本科室考评指标", "Indicators of this section"),
    "template.guide.count": ("{count} 项，共 {points} 分", "{count} indicators, {points} points in all"),
    "template.guide.count.one": ("{count} 项，共 {points} 分", "{count} indicator, {points} points in all"),
    "template.guide.as_notified": ("以通知为准", "as notified"),
    "template.guide.rect_step": (
        "7. 在“{sheet}”中对上年度的 {count} 项整改事项逐项填写“整改措施”和“整改成效”。",
        "7. On the {sheet} sheet fill in the measures taken and their results for each of last year's items ({count}).",
    ),
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
    "template.score_prompt": (
        "请填写 0 至 {points} 之间的数字",
        "Enter a number from 0 to {points}",
    ),
    "template.score_error_title": ("自评得分超出范围", "Self score out of range"),
    "template.score_error": (
        "自评得分应为 0 至 {points} 之间的数字（本项分值 {points} 分），请重新填写。",
        "The self score must be a number from 0 to {points} (this indicator is worth {points}).",
    ),
    "template.report_hint": ("（请在此填写）", "(write here)"),
    "template.no_email": ("无邮箱：草稿未填收件人，请补充或另行送达", "no email: add a recipient to the draft or deliver by hand"),
    # email drafts
    "email.subject": (
        "【请于{deadline}前报送】{unit}{year}年度绩效自评表（{section}）",
        "[Due {deadline}] {unit} {year} self-assessment ({section})",
    ),
    "email.progress_subject": (
        "【请于{deadline}前报送】{unit}{year}年度{round}绩效目标进度表（{section}）",
        "[Due {deadline}] {unit} {year} progress, {round} ({section})",
    ),
    "email.subject_undated": (
        "【绩效自评】{unit}{year}年度绩效自评表（{section}）",
        "[Self-assessment] {unit} {year} self-assessment ({section})",
    ),
    "email.progress_subject_undated": (
        "【绩效监控】{unit}{year}年度{round}绩效目标进度表（{section}）",
        "[Monitoring] {unit} {year} progress, {round} ({section})",
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
        "owning section codes or names separated by commas; all for every section",
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
    # consolidated workbook
    "report.file_name": ("{unit}{year}年度绩效考评汇总.xlsx", "{unit}_{year}_performance_summary.xlsx"),
    "report.title": ("{unit}{year}年度绩效考评汇总（{round}）", "{unit} {year} performance assessment ({round})"),
    "report.sheet.ranking": ("排名", "Ranking"),
    "report.sheet.matrix": ("得分明细", "Scores"),
    "report.sheet.adjustments": ("审核调整", "Adjustments"),
    "report.sheet.deductions": ("扣分明细", "Deductions"),
    "report.sheet.indicators": ("指标分析", "Indicators"),
    "report.sheet.issues": ("问题清单", "Problems"),
    "report.sheet.missing": ("未报送", "Not returned"),
    "report.missing.subtitle": ("未参加排名的科室：先列未报送的，再列已报送但自评表有错误、或扣分登记簿和审核表中的记录有误的（见“状态”和“说明”）。",
                                "Sections not ranked: first those that have not returned, then those that did but whose return has errors, or whose record in the deductions register or the review has errors (see Status and Note)."),
    "report.sheet.bonus": ("奖金分配", "Bonus"),
    "report.sheet.rules": ("计分规则", "Scoring rules"),
    "report.provisional": (
        "【临时结果】以下问题补正后将重新计算，结果以届时为准（未报送或有错误的科室不参加排名）：{reasons}",
        "[PROVISIONAL] The results will be worked out again once the following are put right (sections missing or in error are not ranked): {reasons}",
    ),
    "report.bonus.provisional_none": (
        "【临时结果】补正后将计算排名并分配奖金（{reasons}）。",
        "[PROVISIONAL] Ranks are worked out and the bonus allocated once the following are put right ({reasons}). ",
    ),
    "report.bonus.provisional": (
        "【临时结果】未参加排名的科室暂不分配奖金，补正后将重新分配，以下金额以届时为准（{reasons}）。",
        "[PROVISIONAL] Sections not ranked get no bonus for now; it is allocated again once the following are put right, so these amounts may change ({reasons}). ",
    ),
    "report.final": (
        "参评科室 {count} 个，全部报送且无错误，结果为正式结果。",
        "All {count} sections returned without errors; the result is final.",
    ),
    "report.final.one": ("参评科室 {count} 个，全部报送且无错误，结果为正式结果。",
                         "The {count} section returned without errors; the result is final."),
    "report.reason.missing": ("{label} 未报送", "{label} not returned"),
    "report.reason.error": ("{label} 有 {count} 个错误", "{label} has {count} errors"),
    "report.reason.error.one": ("{label} 有 {count} 个错误", "{label} has {count} error"),
    "report.reason.held": ("{label} 在 {files} 中的记录有错误", "{label}: its record in {files} has errors"),
    "report.reason.input": ("{file} 有错误，其内容未全部采用", "{file} has errors and was not all applied"),
    "report.col.rank": ("名次", "Rank"),
    "report.col.code": ("科室代码", "Code"),
    "report.col.section": ("科室", "Section"),
    "report.col.basic": ("基础指标得分（折算）", "Basic (scaled)"),
    "report.col.basic_raw": ("基础指标实得分", "Basic earned"),
    "report.col.basic_possible": ("基础指标应得分", "Basic possible"),
    "report.col.excellence": ("争先创优得分", "Excellence"),
    "report.col.deductions": ("扣分", "Deductions"),
    "report.col.total": ("总分", "Total"),
    "report.col.grade": ("等次", "Grade"),
    "report.col.bonus": ("绩效奖金（元）", "Bonus (yuan)"),
    "report.col.veto": ("一票否决", "Veto"),
    "report.col.tie": ("并列暂缓评优", "Tie at quota"),
    "report.col.status": ("状态", "Status"),
    "report.col.note": ("说明", "Note"),
    "report.note.tie": (
        "与其他科室并列于优秀名额边界，按规则暂不评为优秀，请领导研究",
        "tied across the excellent quota boundary: held back from Excellent for leadership to decide",
    ),
    "report.note.veto": ("一票否决，不得评为优秀", "vetoed: cannot be Excellent"),
    "report.note.negative": ("扣分超过得分，总分为负", "deductions exceed the score: negative total"),
    "report.note.error": ("自评表有错误，未排名，见问题清单", "return has errors, not ranked: see Problems"),
    "report.note.held": ("{files} 中关于本科室的记录有错误，未排名，见问题清单", "its record in {files} has errors: not ranked, see Problems"),
    "report.note.missing": ("未报送，未排名", "not returned, not ranked"),
    "report.chart.title": ("各科室总分", "Totals by section"),
    "report.matrix.points": ("分值", "Points"),
    "report.matrix.adjusted": ("自评 {self_score}，核定 {approved}（{change}）", "self {self_score}, approved {approved} ({change})"),
    "report.matrix.legend": ("黄色单元格为审核调整过的得分（批注中为自评得分和核定得分）；灰色为该科室不承担的指标。", "Yellow: score changed by the review (see the comment); grey: not this section's indicator."),
    "report.matrix.long_legend": ("指标较多，按“科室×指标”逐行列示（指标名称见“指标分析”）；黄色为审核调整过的得分。", "One row per section and indicator (too many indicators for a grid; names on the Indicators sheet); yellow: changed by the review."),
    "report.col.final": ("最终得分", "Final score"),
    "report.col.indicator": ("指标", "Indicator"),
    "report.col.self_score": ("自评得分", "Self score"),
    "report.col.approved": ("核定得分", "Approved"),
    "report.col.change": ("调整", "Change"),
    "report.col.date": ("日期", "Date"),
    "report.col.source": ("来源", "Source"),
    "report.col.reason": ("事由", "Reason"),
    "report.col.reference": ("依据", "Reference"),
    "report.col.id": ("编号", "ID"),
    "report.col.category": ("类别", "Category"),
    "report.col.subcategory": ("子类", "Subcategory"),
    "report.col.points": ("分值", "Points"),
    "report.col.owners": ("责任科室", "Owners"),
    "report.col.scored": ("已评科室数", "Sections scored"),
    "report.col.average": ("平均得分", "Average"),
    "report.col.average_rate": ("平均得分率", "Average rate"),
    "report.col.lowest": ("最低分", "Lowest"),
    "report.col.highest": ("最高分", "Highest"),
    "report.col.below_60": ("得分率低于60%的科室", "Sections below 60%"),
    "report.col.adjusted": ("审核调整数", "Adjusted"),
    "report.col.head": ("负责人", "Head"),
    "report.col.contact": ("联系人", "Contact"),
    "report.col.email": ("邮箱", "Email"),
    "report.col.coefficient": ("系数", "Coefficient"),
    "report.col.headcount": ("人数", "Headcount"),
    "report.col.weight": ("权重（系数×人数）", "Weight (coef × headcount)"),
    "report.col.exact": ("按比例应分（元）", "Exact share (yuan)"),
    "report.bonus.pool": ("奖金总额（元）", "Bonus pool (yuan)"),
    "report.bonus.method": (
        "分配方法：各科室权重＝等次系数×人数，按权重比例分配奖金总额，{rounding}，余数按小数部分从大到小补足，分配合计等于奖金总额。",
        "Method: weight = grade coefficient × headcount; the pool is shared in proportion to weight, {rounding} by largest remainder so the shares add up exactly to the pool.",
    ),
    "report.bonus.nobody": (
        "本次没有科室参加排名，奖金未分配。",
        " No section was ranked: nothing was allocated.",
    ),
    "report.bonus.unallocated": (
        "本次参与分配科室的权重（等次系数×人数）合计为 0，奖金未分配（见问题清单）。",
        " The ranked sections' weights (coefficient × headcount) add up to 0: nothing was allocated (see Problems).",
    ),
    "report.none": ("无", "Nothing to list."),
    "report.rules.item": ("项目", "Item"),
    "report.rules.rule": ("规则", "Rule"),
    # the scoring rules in words
    "rules.source": ("得分来源", "Scores used"),
    "rules.source.text": ("每项指标以考评小组核定得分为准；未核定的，以科室自评得分为准；得分不超过该项分值。", "The assessment group's approved score where given, else the section's self score; never above the indicator's points."),
    "rules.basic": ("基础绩效指标", "Basic indicators"),
    "rules.basic.text": ("得分＝实得分÷应得分×{basic_full}，显示两位小数（计算总分和比较基础得分时不先取舍）；各科室承担的指标不同，折算后可以相互比较。", "Basic score = earned ÷ possible × {basic_full}, shown to two decimals (the total and a tie on basic use it unrounded), so sections owning different indicators compare."),
    "rules.excellence": ("争先创优指标", "Excellence indicators"),
    "rules.excellence.text": ("按实得分计入总分，不折算。", "Excellence points count as earned, unscaled."),
    "rules.deductions": ("察访核验扣分", "Inspection deductions"),
    "rules.deductions.text": ("按扣分登记簿逐项累计，扣分不封顶，总分可以为负数。", "Summed from the register entry by entry, uncapped: a total can be negative."),
    "rules.total": ("总分", "Total"),
    "rules.total.text": ("基础绩效指标得分＋争先创优得分－扣分，结果保留两位小数。", "basic + excellence − deductions, the result to two decimals."),
    "rules.rank": ("排名", "Ranking"),
    "rules.rank.text": ("按总分从高到低排名；总分相同的，基础绩效指标得分高者在前；仍相同的，扣分少者在前；再相同的并列同一名次（如 1、2、2、4）。", "By total, descending; ties by higher basic score, then fewer deductions; still equal, the same rank (1, 2, 2, 4)."),
    "rules.excellent": ("优秀", "Excellent"),
    "rules.excellent.published": ("总分不低于 {excellent_points} 分（{basic_full}×{excellent_line}）且无一票否决的科室可评为优秀；名额为参加排名科室数的 {ratio_percent}%（向下取整，至少 1 个），{sections} 个科室全部参加排名时为 {quota} 个；名额边界处并列的科室均暂不评为优秀，提请领导研究。", "Sections with a total of at least {excellent_points} ({basic_full}×{excellent_line}) and no veto may be Excellent, at most {ratio_percent}% of the sections ranked (rounded down, at least 1): {quota} if all {sections} are ranked. Sections tied across the quota boundary are all held back for leadership to decide."),
    "rules.excellent.text": ("总分不低于 {excellent_points} 分（{basic_full}×{excellent_line}）且无一票否决的科室可评为优秀；名额为排名科室数的 {ratio_percent}%（向下取整，至少 1 个），本次 {quota} 个；名额边界处并列的科室均暂不评为优秀，提请领导研究。", "Sections with a total of at least {excellent_points} ({basic_full}×{excellent_line}) and no veto may be Excellent, at most {ratio_percent}% of the ranked sections (rounded down, at least 1): {quota} this time. Sections tied across the quota boundary are all held back for leadership to decide."),
    "rules.grades": ("良好、一般、较差", "Good, fair, poor"),
    "rules.grades.text": ("其余科室总分不低于 {good_points} 分为良好，不低于 {fair_points} 分为一般，其余为较差。", "Other sections: Good from {good_points}, Fair from {fair_points}, else Poor."),
    "rules.bonus": ("绩效奖金", "Bonus"),
    "rules.bonus.text": ("奖金总额 {pool} 元；等次系数：优秀 {coef_excellent}、良好 {coef_good}、一般 {coef_fair}、较差 {coef_poor}；按“系数×人数”比例分配，{rounding}，合计等于奖金总额。", "Pool {pool} yuan; coefficients Excellent {coef_excellent}, Good {coef_good}, Fair {coef_fair}, Poor {coef_poor}; shared by coefficient × headcount, {rounding}, adding up to the pool."),
    "bonus.rounding.whole": ("取整到元", "rounded to whole yuan"),
    "bonus.rounding.unit": ("取整到 {unit} 元（奖金总额本身不是整元）", "rounded to {unit} yuan (the pool itself is not whole yuan)"),
    "rules.unranked": ("未排名", "Not ranked"),
    "rules.unranked.text": ("未报送或自评表有错误的科室，以及在扣分登记、审核表中的记录有错误的科室，不参加排名，不分配奖金，待补正后重新计算。", "Sections without a valid return, or whose record in the deductions register or the review has errors, are not ranked and get no bonus until fixed."),
    # narratives
    "narrative.date": ("{year}年{month}月{day}日", "{day} {month_name} {year}"),
    "narrative.cause.missing": ("有科室未报送", "some sections have not returned"),
    "narrative.cause.faulty": ("有科室的自评表有误", "some returns have errors"),
    "narrative.cause.input": ("{input}中的记录有误", "{input} has entries in error"),
    "narrative.no_date": ("　　　　年　　月　　日", "Date: ____________"),
    "narrative.office": ("{unit}绩效管理工作领导小组办公室", "{unit} performance office"),
    "narrative.bulletin": ("考评情况通报", "bulletin"),
    "narrative.bulletin_title": ("{unit}关于{year}年度绩效考评情况的通报", "{unit}: {year} performance assessment bulletin"),
    "narrative.reports": ("自评报告", "self-assessment reports"),
    "narrative.notices": ("整改通知", "rectification notices"),
    "narrative.report_title": ("{section}{year}年度绩效自评报告", "{section} {year} self-assessment report"),
    "narrative.notice_title": ("关于{section}绩效考评问题整改的通知", "Rectification notice: {section}"),
    # monitoring rounds
    "progress.title": ("{unit}{year}年度绩效目标进度表（{round}，{section}）", "{unit} {year} progress ({round}, {section})"),
    "progress.file_name": ("{code}_{name}_{round}进度表.xlsx", "{code}_{name}_{round}_progress.xlsx"),
    "progress.prompt_title": ("完成进度", "Progress"),
    "progress.prompt": ("填写 0% 至 100% 之间的百分比，如 75%", "A percentage from 0% to 100%, e.g. 75%"),
    "progress.error_title": ("完成进度超出范围", "Progress out of range"),
    "progress.error": ("完成进度应在 0% 至 100% 之间。", "Progress must be from 0% to 100%."),
    "progress.guide_steps": (
        "1. 在“进度表”中逐项填写“完成进度”（百分比）、“进展情况”“存在问题”“下步措施”；\n"
        "2. 完成进度指截至本轮报送时该指标年度目标的完成比例；\n"
        "3. 请勿修改编号和分值，填好后保存为 .xlsx 按时报送绩效办。",
        "1. On the Progress sheet enter for every indicator its progress (a percentage), what was done, problems and next steps.\n"
        "2. Progress is the share of the year's target reached so far.\n"
        "3. Do not change IDs or points; save as .xlsx and send it to the performance office on time.",
    ),
    "progress.workbook": ("{round}绩效进度汇总.xlsx", "{round}_progress.xlsx"),
    "progress.sheet.lagging": ("进度滞后", "Lagging"),
    "progress.sheet.all": ("进度明细", "All progress"),
    "progress.sheet.sections": ("科室报送", "Sections"),
    "progress.sheet.changes": ("较上轮变化", "Since last round"),
    "progress.none_lagging": ("没有进度落后于时序进度的指标。", "No indicator is behind the calendar."),
    "progress.none_reported": ("本轮还没有可用的进度报送，无法判断是否滞后。", "No usable progress has been reported this round: nothing to judge yet."),
    "progress.points_up": ("提高 {points} 个百分点", "up {points} percentage points"),
    "progress.points_down": ("回落 {points} 个百分点", "down {points} percentage points"),
    "progress.col.progress": ("完成进度", "Progress"),
    "progress.col.expected": ("时序进度", "Expected"),
    "progress.col.lag": ("滞后", "Behind by"),
    "progress.col.previous": ("上轮进度", "Last round"),
    "progress.col.change": ("变化", "Change"),
    "progress.col.note": ("进展情况", "Progress made"),
    "progress.col.problems": ("存在问题", "Problems"),
    "progress.col.next_steps": ("下步措施", "Next steps"),
    "progress.col.lagging": ("滞后指标数", "Lagging indicators"),
    "progress.subtitle": ("截至 {as_of}，全年时序进度 {expected}；完成进度低于时序进度的指标为滞后。", "As of {as_of} the year is {expected} through; an indicator below that is lagging."),
    "progress.brief": ("绩效运行分析简报", "progress brief"),
    "progress.workbook_title": ("{unit}{year}年度绩效进度汇总（{round}）", "{unit} {year} progress summary ({round})"),
    "progress.brief_title": ("{unit}{year}年度绩效运行分析简报（{round}）", "{unit} {year} progress brief ({round})"),
    "rect.kind.deduction": ("察访核验扣分", "Inspection deduction"),
    "rect.kind.veto": ("一票否决", "Veto"),
    "rect.kind.low": ("得分率低于60%的指标", "Indicator below 60%"),
    "rect.kind.carried": ("往年未完成", "Carried over"),
    "rect.deducted": ("扣分 {count}", "{count} points deducted"),
    "rect.deducted.one": ("扣分 {count}", "{count} point deducted"),
    "rect.carried": ("{year}年度未完成：{text}", "Open since {year}: {text}"),
    "rect.part.measures": ("整改措施", "measures taken"),
    "rect.part.results": ("整改成效", "results"),
    "report.col.previous_total": ("上年总分", "Last year's total"),
    "report.col.previous_rank": ("上年名次", "Last year's rank"),
    "report.col.previous_grade": ("上年等次", "Last year's grade"),
    "report.col.rank_change": ("名次变化", "Rank change"),
    "rank.same": ("持平", "same"),
    "rect.reason.poor": ("考评等次为较差", "graded Poor"),
    "rect.reason.deductions": ("察访核验扣分", "inspection deductions"),
    "rect.reason.veto": ("一票否决", "a veto"),
    "rect.reason.low": ("得分率低于60%的指标", "indicators below 60%"),
    "rect.reason.open": ("上年度整改事项未完成", "last year's items still open"),
    "report.col.rectified": ("上年整改（已答/事项）", "Last year's items (answered/all)"),
    "cli.opt.deadline": ("邮件草稿要求的报送截止日期（如 2020-10-10、2020/10/10 或 2020年10月10日），代替设置中的截止日期",
                         "the date the email drafts ask for (such as 2020-10-10 or 2020/10/10), in place of the master's deadline"),
    "cli.opt.round": ("监控轮次名称，如 第三季度", "a monitoring round's name, e.g. Q3"),
    "cli.opt.as_of": ("进度比较的日期（默认今天），如 2020-09-30、2020/9/30 或 2020年9月30日", "date to measure progress against (default today), such as 2020-09-30 or 2020/9/30"),
    "cli.opt.from": ("从上年度工作区沿用科室、指标并导入上年结果", "start from last year's workspace: carry over sections and indicators, import results"),
    # the binder
    "binder.folder": ("佐证材料", "evidence"),
    "binder.catalogue": ("佐证材料目录.xlsx", "evidence_catalogue.xlsx"),
    "binder.merged": ("{code}_{name}_佐证材料.pdf", "{code}_{name}_evidence.pdf"),
    "binder.unreferenced": ("未引用", "unreferenced"),
    "binder.sheet": ("佐证材料目录", "Evidence"),
    "binder.title": ("{unit}{year}年度绩效考评佐证材料目录（{section}）", "{unit} {year} evidence catalogue ({section})"),
    "binder.col.number": ("序号", "No."),
    "binder.col.id": ("编号", "ID"),
    "binder.col.indicator": ("指标名称", "Indicator"),
    "binder.col.cited": ("引用名称", "Cited as"),
    "binder.col.file": ("装订文件名", "File in binder"),
    "binder.col.kind": ("类型", "Type"),
    "binder.col.size": ("大小", "Size"),
    "binder.col.sha256": ("SHA-256", "SHA-256"),
    "binder.col.status": ("状态", "Status"),
    "binder.status.present": ("已报送", "sent"),
    "binder.status.missing": ("缺失", "missing"),
    "binder.status.unmerged": ("已报送，未能并入合并 PDF", "sent; not in the merged PDF"),
    "binder.status.unreferenced": ("未引用", "not cited"),
    "report.col.cited": ("填写佐证材料的科室数", "Sections citing evidence"),
    # published rules
    "rules.everyone": ("全体科室", "all sections"),
    "publish.name": ("考评细则", "assessment_rules"),
    "publish.title": ("{unit}{year}年度绩效管理履职考评细则", "{unit} {year} performance assessment rules"),
    "cli.publish.help": ("把指标体系和计分规则输出为可公示的考评细则（.docx、.html）。", "Write the indicator system and scoring rules as published rules (.docx, .html)."),
    "cli.publish.done": ("已生成考评细则：", "Published rules written:"),
    # review
    "review.title": ("{unit}{year}年度绩效考评审核表（{round}）", "{unit} {year} review ({round})"),
    "review.prompt_title": ("核定得分", "Approved score"),
    "review.prompt": ("填写 0 至 {points} 之间的核定得分；留空表示采用自评得分", "0 to {points}; leave blank to keep the self score"),
    "review.error_title": ("核定得分超出范围", "Approved score out of range"),
    "review.error": ("核定得分应为 0 至 {points} 之间的数字（本项分值 {points} 分），请重新填写。",
                     "The approved score must be a number from 0 to {points} (this indicator is worth {points})."),
    "review.file_name": ("review.xlsx", "review.xlsx"),
    # problem lists and feedback
    "issues.sheet": ("问题清单", "Problems"),
    "issues.title": ("{unit}{year}年度绩效考评问题清单", "{unit} {year}: problems found in the inputs"),
    "issues.round_title": ("{unit}{year}年度绩效监控问题清单（{round}）", "{unit} {year} progress monitoring ({round}): problems found in the returns"),
    "issues.file_name": ("问题清单.xlsx", "problems.xlsx"),
    "issues.none": ("未发现问题。", "No problems found."),
    "issues.col.section": ("科室", "Section"),
    "issues.col.file": ("文件", "File"),
    "issues.col.sheet": ("工作表", "Sheet"),
    "issues.col.cell": ("单元格", "Cell"),
    "issues.col.severity": ("级别", "Severity"),
    "issues.col.code": ("问题代码", "Code"),
    "issues.col.value": ("填写内容", "Value found"),
    "issues.col.message": ("问题及修改方法", "What is wrong and how to fix it"),
    "feedback.title": ("{unit}{year}年度绩效考评自评表问题反馈（{section}）", "{unit} {year} self-assessment: problems to fix ({section})"),
    "feedback.note_unmarked": ("请按下表逐项修改{form}，修改后重新报送。原文件是 {extension} 格式，perfxl 无法在其中标注，请按表中的工作表和单元格查找；建议另存为 .xlsx 后报送。", "Please put your {form} right item by item as listed below, then send it again. Your file is in {extension} format, where perfxl cannot mark the cells: find them by the sheet and cell given; sending an .xlsx is best."),
    "feedback.note_unwritable": ("请按下表逐项修改{form}，修改后重新报送。原文件的保存方式（如“Strict Open XML 电子表格”）使 perfxl 无法在其中标注，请按表中的工作表和单元格查找；建议另存为“Excel 工作簿 (.xlsx)”后报送。", "Please put your {form} right item by item as listed below, then send it again. Your file is saved in a form (such as 'Strict Open XML Spreadsheet') where perfxl cannot mark the cells: find them by the sheet and cell given; saving it as 'Excel Workbook (.xlsx)' is best."),
    "feedback.note": ("请按下表逐项修改{form}，修改后重新报送。有问题的单元格已在{form}中标色并附批注：红色为错误，必须修改；黄色为警告，请核对。", "Please put your {form} right item by item as listed below, then send it again. The cells concerned are coloured and commented in the {form}: red is an error and must be fixed; yellow is a warning, to be checked."),
    "feedback.title_round": ("{unit}{year}年度绩效监控进度表问题反馈（{round}，{section}）", "{unit} {year} progress return, {round}: problems to fix ({section})"),
    "feedback.form": ("自评表", "return"),
    "feedback.form_round": ("进度表", "progress return"),
    "feedback.sheet": ("问题说明", "Problems"),
    "feedback.file_name": ("{code}_{name}_问题反馈.xlsx", "{code}_{name}_feedback.xlsx"),
    "unidentified": ("未识别的文件", "Files not identified"),
    "cli.workspace_heading": ("工作区（含与上年度的对照）", "Workspace (including the comparison with last year)"),
    "input.review.xlsx": ("审核表", "the review"),
    "input.deductions.xlsx": ("扣分登记簿", "the deductions register"),
    "cli.master_heading": ("主表 {file}", "The master, {file}"),
    "cli.register_heading": ("扣分登记簿 {file}", "The deductions register, {file}"),
    "cli.review_heading": ("审核表 {file}", "The review, {file}"),
    # CLI
    "cli.opt.json": ("以 JSON 格式输出（供脚本使用）", "print JSON for scripts"),
    "cli.opt.force_templates": ("即使 output/templates 中的模板已有人填写也重新生成（覆盖）",
                                "regenerate the templates even if some in output/templates were filled in"),
    "cli.opt.force_review": ("即使 output/review.xlsx 已填写核定得分也重新生成（覆盖）",
                             "regenerate output/review.xlsx even if approved scores were entered"),
    "cli.opt.latest": (
        "同一科室有多份不同自评表时，采用最近保存的一份",
        "when a section sent several different returns, use the most recently saved",
    ),
    "cli.check.help": ("读取并检查 inbox 中的所有文件，报告问题。", "Read and check every file in inbox/."),
    "cli.status.help": ("报送情况：已报送、有错误、未报送（附联系方式）。", "Who has returned, who has errors, who is missing."),
    "cli.check.summary": (
        "共读取 {files} 个文件（跳过临时文件 {clutter} 个）；{ok} 个科室正常，{error} 个有错误，{missing} 个未报送；错误 {errors} 个，警告 {warnings} 个。",
        "Files read: {files} (temporary files skipped: {clutter}). Sections ok: {ok}, with errors: {error}, missing: {missing}. Errors: {errors}, warnings: {warnings}.",
    ),
    "cli.check.section": ("{label}（{status}）", "{label} ({status})"),
    "cli.outputs": ("输出文件：", "Outputs:"),
    "fatal.system": ("操作系统报告错误：{reason}。请检查磁盘空间和文件夹权限后重新运行。",
                     "The operating system reported an error: {reason}. Check the disk space and the folders' permissions, then run again."),
    "fatal.encoding": ("系统的文件名编码（{encoding}）无法表示中文文件名（{reason}）。请设置 LANG=C.UTF-8（或 zh_CN.UTF-8）后重新运行。",
                       "The system's file-name encoding ({encoding}) cannot hold Chinese file names ({reason}). Set LANG=C.UTF-8 (or zh_CN.UTF-8) and run again."),
    "fatal.email_template": ("邮件模板 {file} 第 {line} 行有错误：{reason}。模板和邮件草稿均未生成；请修改该模板，或删除它以恢复默认模板。",
                             "The email template {file}, line {line}: {reason}. No templates or drafts were written; fix the template, or delete it to use the default."),
    "fatal.workspace_busy": ("另一个 perfxl 命令（进程 {pid}）正在使用工作区 {path}，请等它结束后再运行。",
                             "Another perfxl command (process {pid}) is using the workspace {path}; run this one when it has finished."),
    "cli.extra_args": ("多出了参数：{args}。", "Unexpected extra arguments: {args}."),
    "cli.use_workspace_option": ("要在工作区 {folder} 中运行，请写：{command} -w {folder}",
                                 " To run in the workspace {folder}, write: {command} -w {folder}"),
    "cli.as_of_without_round": (
        "--as-of 用于监控轮次，须与 --round 一起使用，例如：perfxl run --round 第三季度 --as-of 2020-09-30。年度考评不用 --as-of。",
        "--as-of is for a monitoring round and goes with --round, e.g. perfxl run --round Q3 --as-of 2020-09-30. The annual assessment takes no --as-of.",
    ),
    "cli.bad_date": ("“{value}”不是日期，请写成 2020-09-30 或 2020年9月30日 这样的形式。",
                     "'{value}' is not a date; write it as 2020-09-30."),
    "cli.bad_language": ("“{value}”不是可用的语言，请用 {choices}。", "'{value}' is not a language perfxl speaks; use {choices}."),
    "dup.saved": ("{time}（北京时间）", "{time} Beijing time"),
    "dup.described": ("SHA-256 {sha256}…，保存于 {saved}", "SHA-256 {sha256}…, saved {saved}"),
    "dup.inside": ("（几份都在 {container} 里，无法单独移出：请把最终版另存到 inbox 文件夹，再把 {container} 移出）",
                   " (all of them came in {container}, so none can be moved out alone: save the final one into the inbox, then move {container} out)"),
    "cli.interrupted": ("已中止：本次运行未完成，输出文件夹中可能只有部分结果，请重新运行。",
                        "Interrupted: this run did not finish and the output folder may hold only part of its results; run it again."),
    "cli.interrupted.status": ("已中止：报送情况没有显示完，请重新运行。",
                               "Interrupted: the board was not shown in full; run it again."),
    "cli.status.errors": ("错误", "Errors"),
    "cli.status.warnings": ("警告", "Warnings"),
    "cli.run_stale": ("注意：output 中的汇总表、通报等是上次 perfxl run 的结果，此后报送文件、主表、扣分登记或审核表有变化；请重新运行 perfxl run。",
                      "Note: the consolidated workbook, bulletin and the like in output are the last perfxl run's, and the returns, master, register or review have changed since; run perfxl run again."),
    "cli.run_stale_choice": ("注意：上次 perfxl run 与这次检查对同一科室的多个版本选用不同（一次用了 --latest，一次没有）；output 中的汇总表、通报与这份问题清单不一致。请用相同的选项重新运行 perfxl run 或 perfxl check。",
                             "Note: the last perfxl run and this check chose differently between a section's versions (one with --latest, one without); the consolidated workbook and bulletin in output disagree with this problem list. Run perfxl run or perfxl check again with the same options."),
    "cli.run_stale_outputs": ("注意：上次 perfxl run 写的问题清单和反馈件（另一种语言）已由这次检查的替换；output 中的汇总表、通报和 manifest.json 仍是上次运行的结果。如需一致，请重新运行 perfxl run。",
                              "Note: the last perfxl run's problem list and feedback copies (in the other language) have been replaced by this check's; the consolidated workbook, bulletin and manifest.json in output are still that run's. Run perfxl run again to bring them together."),
    "cli.status.chase": ("待催报：", "To chase:"),
    "cli.status.resend": ("待更正（报送的自评表有错误，第一处如下；全部见 perfxl check 的问题清单）：",
                          "To correct (their returns have errors, the first shown; perfxl check lists them all):"),
    "cli.review.help": ("生成供考评小组填写的审核表 output/review.xlsx。", "Write output/review.xlsx for the assessment group."),
    "cli.review.done": ("已生成审核表（{count} 个科室）：{path}。填好后请另存为工作区中的 review.xlsx。", "Review workbook for {count} sections: {path}. Save the filled copy as review.xlsx in the workspace."),
    "cli.review.done.one": ("已生成审核表（{count} 个科室）：{path}。填好后请另存为工作区中的 review.xlsx。", "Review workbook for {count} section: {path}. Save the filled copy as review.xlsx in the workspace."),
    "cli.reading.unit": ("个文件", "file"),
    "cli.review.carried": ("已沿用工作区 review.xlsx 中的 {count} 个核定得分（{left} 个因分值或自评得分已变化、或该科室已没有可用的自评表而未沿用，需重新审核）。",
                           "Carried over {count} approved scores from the workspace's review.xlsx ({left} could not be: their points or self score changed since, or the section has no usable return now)."),
    "cli.review.carried.one": ("已沿用工作区 review.xlsx 中的 {count} 个核定得分（{left} 个因分值或自评得分已变化、或该科室已没有可用的自评表而未沿用，需重新审核）。",
                               "Carried over {count} approved score from the workspace's review.xlsx ({left} could not be: their points or self score changed since, or the section has no usable return now)."),
    "cli.review.carried_all": ("已沿用工作区 review.xlsx 中的 {count} 个核定得分。",
                               "Carried over {count} approved scores from the workspace's review.xlsx."),
    "cli.review.carried_all.one": ("已沿用工作区 review.xlsx 中的 {count} 个核定得分。",
                                   "Carried over {count} approved score from the workspace's review.xlsx."),
    "cli.review.notes_carried": ("另沿用了 {count} 条核定说明（考评小组未改分、只写了说明的行）。",
                                 "Also carried over {count} review notes (rows where the group kept the self score and wrote a note)."),
    "cli.review.notes_carried.one": ("另沿用了 {count} 条核定说明（考评小组未改分、只写了说明的行）。",
                                     "Also carried over {count} review note (a row where the group kept the self score and wrote a note)."),
    "cli.run.help": ("一键完成：检查、审核、扣分、计分、排名、评等次、分奖金、出具全部结果。", "The one command: check, review, deductions, scores, ranking, grades, bonus, every output."),
    "cli.run.provisional": ("注意：本结果为临时结果（{reasons}）。", "Note: the result is provisional ({reasons})."),
    "provisional.missing": ("{count} 个科室未报送", "{count} sections missing"),
    "provisional.missing.one": ("{count} 个科室未报送", "{count} section missing"),
    "provisional.faulty": ("{count} 个科室的自评表有错误", "{count} sections with errors in their return"),
    "provisional.faulty.one": ("{count} 个科室的自评表有错误", "{count} section with errors in its return"),
    "provisional.held": ("{count} 个科室在 {files} 中的记录有错误", "{count} sections whose record in {files} has errors"),
    "provisional.held.one": ("{count} 个科室在 {files} 中的记录有错误", "{count} section whose record in {files} has errors"),
    "cli.reading": ("读取自评表", "Reading returns"),
    "cli.help": (
        "perfxl：科室绩效考评工具（生成模板、收集自评、审核、计分排名、出具通报）。",
        "perfxl: section performance assessment (templates, returns, review, ranking, reports).",
    ),
    "cli.opt.workspace": ("工作区目录（默认当前目录）", "workspace folder (default: here)"),
    "cli.opt.lang": ("界面语言：zh 中文，en 英文", "language of everything printed and written"),
    "cli.opt.sample": ("使用内置示例单位，如 longyan-2020", "start from a bundled sample bureau, such as longyan-2020"),
    "cli.metavar.options": ("[选项]", "[OPTIONS]"),
    "cli.metavar.command": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "cli.metavar.directory": ("文件夹", "DIRECTORY"),
    "cli.metavar.name": ("名称", "NAME"),
    "cli.init.sample_and_from": ("--sample 与 --from 不能同时使用：--from 沿用上年度工作区的科室和指标，--sample 使用内置示例单位。请只选其一。",
                                 "--sample and --from cannot be used together: --from carries over last year's sections and indicators, --sample uses a bundled sample bureau. Choose one."),
    "cli.init.no_directory": ("请写出要创建的工作区文件夹，例如：perfxl init 2021年度考评",
                              "Name the workspace folder to create, e.g. perfxl init assessment-2021"),
    "cli.init.help": ("创建工作区（空白或内置示例）。", "Create a workspace (blank or a sample)."),
    "cli.templates.help": (
        "为每个科室生成自评表模板和邮件草稿。",
        "Write one template and one email draft per section.",
    ),
    "cli.demo.help": (
        "在内置示例单位上演示完整流程，写入 DIRECTORY（默认 ./perfxl-demo）；再次运行时重建先前的演示目录（其中有演示以外的文件时不重建）。",
        "Run the whole cycle on the bundled sample bureau in DIRECTORY (default ./perfxl-demo); run again, it rebuilds an earlier demo's folder (not one holding files the demo did not write).",
    ),
    "cli.lang_needs_value": ("选项 '--lang' 后面需要一个值：zh 或 en。", "Option '--lang' needs a value: zh or en."),
    "cli.round_missing": ("缺少轮次名称（“{value}”是一个选项），请写如 --round 第三季度。",
                          "the round's name is missing ('{value}' is an option); write e.g. --round Q3."),
    "cli.blank_folder": ("文件夹名为空（脚本中的变量可能没有设置）。请写出文件夹，如 2020 或 .（当前文件夹）。",
                         "the folder name is blank (a variable in a script may be unset). Name the folder, such as 2020, or . for the current one."),
    "cli.init.done": ("已创建工作区：{path}", "Workspace created: {path}"),
    "cli.init.next": (
        "下一步：编辑 {master}，然后运行 perfxl templates -w {path}",
        "Next: edit {master}, then run perfxl templates -w {path}",
    ),
    "cli.templates.done": (
        "已生成 {count} 份模板和邮件草稿，位于 {path}",
        "Wrote {count} templates and email drafts to {path}",
    ),
    "cli.templates.done.one": ("已生成 {count} 份模板和邮件草稿，位于 {path}",
                               "Wrote {count} template and email draft to {path}"),
    "cli.templates.no_email": (
        "以下 {count} 个科室没有邮箱，其邮件草稿未填收件人，请补充或另行送达：{sections}",
        "No email address for {count} sections ({sections}): their drafts have no recipient; add one, or deliver the templates another way.",
    ),
    "cli.templates.no_email.one": (
        "以下 {count} 个科室没有邮箱，其邮件草稿未填收件人，请补充或另行送达：{sections}",
        "No email address for {count} section ({sections}): its draft has no recipient; add one, or deliver the template another way.",
    ),
    "cli.master_errors": (
        "主表 {path} 有 {count} 个问题，请修改后重试：",
        "The master {path} has {count} problems; fix them and run again:",
    ),
    "cli.master_errors.one": ("主表 {path} 有 {count} 个问题，请修改后重试：",
                              "The master {path} has {count} problem; fix it and run again:"),
    "cli.demo.done": ("演示完成，工作区：{path}", "Demo finished, workspace: {path}"),
    "cli.demo.rebuilt": ("（该目录中先前的演示已被替换。）", "(The earlier demo in that folder was replaced.)"),
    "cli.demo.look": ("请查看：", "Have a look at:"),
    "cli.error": ("无法运行：{message}", "Cannot run: {message}"),
    # errors that stop a command
    "fatal.workspace_exists": (
        "{path} 已是工作区（已有 {files}），为避免覆盖，未做任何改动。请换一个目录。",
        "{path} is already a workspace ({files} exist); nothing was changed. Choose another folder.",
    ),
    "fatal.init_inside": (
        "{path} 在工作区 {workspace} 的 {folder} 文件夹中：新工作区的主表和扣分登记表会被那个工作区当作无法识别的报送文件。请在别处新建，如与 {workspace} 并列的文件夹。",
        "{path} is inside {folder} of the workspace {workspace}: that workspace would read the new one's master and register as returns it cannot identify. Create it elsewhere, such as beside {workspace}.",
    ),
    "fatal.demo_folder_changed": (
        "{path} 是先前的演示目录，但其中有 {count} 个文件不是演示生成的或已被修改（如 {files}）。为免删除它们，未重建演示；请换一个目录，或先移走这些文件。",
        "{path} is an earlier demo's folder, but {count} of its files were not written by the demo or were changed since (such as {files}). So as not to delete them, the demo was not rebuilt; choose another folder, or move those files first.",
    ),
    "fatal.demo_folder_busy": (
        "{path} 已存在且不是演示目录，为避免覆盖，请换一个目录。",
        "{path} exists and is not a demo folder; choose another folder.",
    ),
    "fatal.unknown_sample": (
        "没有名为 {name} 的示例，可用：{available}",
        "No sample named {name}; available: {available}",
    ),
    "fatal.from_not_workspace": (
        "{path} 不是 perfxl 的工作区（其中没有 master.xlsx）。请在 --from 后写上年度工作区的目录。",
        "{path} is not a perfxl workspace (it holds no master.xlsx). Give last year's workspace folder after --from.",
    ),
    "fatal.no_master": (
        "找不到主表 {path}。请先运行 perfxl init 创建工作区，或用 -w 指定工作区目录。",
        "No master workbook at {path}. Run perfxl init first, or point -w at the workspace.",
    ),
    "fatal.no_master_in_round": (
        "找不到主表 {path}。这里是工作区 {workspace} 的一个监控轮次的文件夹：请写 -w {workspace} --round {round}。",
        "No master workbook at {path}. This is a monitoring round's folder of the workspace {workspace}: write -w {workspace} --round {round}.",
    ),
    "fatal.no_master_inside": (
        "找不到主表 {path}。这里似乎是工作区 {workspace} 中的一个文件夹：请在 {workspace} 中运行，或用 -w {typed} 指定工作区。",
        "No master workbook at {path}. This looks like a folder inside the workspace {workspace}: run perfxl there, or give -w {typed}.",
    ),
    "round.blank": ("年度考评", "annual assessment"),  # a 轮次 left blank, in a sentence
    "templates.kind.annual": ("自评表", "self-assessment"),
    "templates.kind.progress": ("进度表", "progress report"),
    "fatal.templates_filled": (
        "{folder} 中有 {count} 份模板已填写了内容（{files}），为免覆盖，未重新生成模板。已填好的{kind}请移到 {inbox} 作为报送文件，或移出该文件夹；确需重新生成（清除所填内容）请加 --force。",
        "Templates in {folder} have been filled in ({count}: {files}); so as not to overwrite them, none was regenerated. Move a filled {kind} into {inbox} as that section's return, or out of that folder; add --force to regenerate anyway (what was typed is lost).",
    ),
    "fatal.review_filled": (
        "{path} 中已填写了 {count} 个核定得分或核定说明，为免覆盖考评小组的工作，未重新生成。请先把它另存到工作区（review.xlsx）或改名；确需重新生成请加 --force。",
        "{path} already holds approved scores or review notes ({count}); it was not regenerated, so as not to overwrite the group's work. Save it into the workspace (review.xlsx) or rename it first; add --force to regenerate anyway.",
    ),
    "fatal.bad_round_name.blank": (
        "轮次名称“{name}”为空或首尾有空格。请改用如“第三季度”这样的名称。",
        "The round name '{name}' is blank or starts or ends with a space. Use a name such as Q3.",
    ),
    "fatal.bad_round_name.dot": (
        "轮次名称“{name}”以 . 开头，会指向其他文件夹。请改用如“第三季度”这样的名称。",
        "The round name '{name}' starts with a dot, which would point at another folder. Use a name such as Q3.",
    ),
    "fatal.bad_round_name.characters": (
        "轮次名称“{name}”含有文件夹名不能用的字符（/ \\ : * ? \" < > | 或控制字符）。请改用如“第三季度”这样的名称。",
        "The round name '{name}' holds characters a folder name cannot (/ \\ : * ? \" < > | or control characters). Use a name such as Q3.",
    ),
    "fatal.bad_round_name.reserved": (
        "轮次名称“{name}”在 Windows 和共享文件夹中不能用作文件夹名（CON、PRN、AUX、NUL、COM1、LPT1 等，或以 . 结尾）。请改用如“第三季度”这样的名称。",
        "The round name '{name}' cannot name a folder on Windows and shared drives (CON, PRN, AUX, NUL, COM1, LPT1 and the like, or a name ending in a dot). Use a name such as Q3.",
    ),
    "fatal.bad_round_name.long": (
        "轮次名称“{name}…”超过 {limit} 个字。请改用如“第三季度”这样的名称。",
        "The round name '{name}…' is longer than {limit} characters. Use a name such as Q3.",
    ),
    "fatal.round_like": (
        "工作区中已有轮次“{existing}”，与“{name}”只差大小写、全角半角、空格或句点，容易混用（在 Windows 和共享文件夹中，只差大小写的名称就是同一个文件夹）。请使用“{existing}”。",
        "The workspace already has round '{existing}', which differs from '{name}' only in case, width, spaces or a full stop, so the two would be mixed up (on Windows and shared drives, names differing only in case are the same folder). Use '{existing}'.",
    ),
    "fatal.no_round": (
        "没有名为“{name}”的轮次（{path} 不存在）。工作区中的轮次：{existing}。请核对名称；如确是新的轮次，请先运行 perfxl templates -w {workspace} --round {typed} 生成该轮次的模板。",
        "There is no round '{name}' ({path} does not exist). The workspace's rounds: {existing}. Check the name; for a new round, run perfxl templates -w {workspace} --round {typed} first.",
    ),
    "fatal.no_round.none": (
        "没有名为“{name}”的轮次（{path} 不存在），工作区中还没有任何轮次。请核对名称，或先运行 perfxl templates -w {workspace} --round {typed} 生成该轮次的模板。",
        "There is no round '{name}' ({path} does not exist), and the workspace has no rounds yet. Check the name, or run perfxl templates -w {workspace} --round {typed} first.",
    ),
    "fatal.no_round.like": (
        "没有名为“{name}”的轮次；工作区中有轮次“{existing}”，与它只差大小写、全角半角、空格或句点。请使用 -w {workspace} --round {typed}。",
        "There is no round '{name}'; the workspace has round '{existing}', which differs from it only in case, width, spaces or a full stop. Use -w {workspace} --round {typed}.",
    ),
    "fatal.master_other_format": (
        "主表须为 {path}，但工作区中只有 {found}。请用 Excel 或 WPS 打开 {found}，“另存为” Excel 工作簿（.xlsx），文件名 {path}，然后重新运行。",
        "The master must be {path}, but the workspace holds {found}. Open {found} in Excel or WPS, Save As Excel Workbook (.xlsx) named {path}, and run again.",
    ),
    "fatal.master_unreadable": (
        "主表 {path} 无法读取（{reason}）。请用 Excel 打开后另存为 .xlsx 再试。",
        "The master {path} cannot be read ({reason}). Open it in Excel, save as .xlsx, retry.",
    ),
    "oserror.EACCES": ("没有权限", "permission denied"),
    "oserror.EPERM": ("不允许该操作，文件可能被设为只读或被锁定", "operation not permitted: the file may be read-only or locked"),
    "inbox.missing": ("不存在", "it does not exist"),
    "inbox.file": ("这是一个文件，不是文件夹", "a file of that name is there"),
    "oserror.ENOENT": ("文件或文件夹不存在", "no such file or folder"),
    "oserror.EISDIR": ("这是一个文件夹，不是文件", "a folder, not a file"),
    "oserror.EEXIST": ("已有同名的文件或文件夹", "a file or folder of that name is there"),
    "oserror.ENOTDIR": ("这是一个文件，不是文件夹", "a file, not a folder"),
    "oserror.ENOSPC": ("磁盘空间不足", "the disk is full"),
    "oserror.EDQUOT": ("磁盘配额已用完", "the disk quota is used up"),
    "oserror.EROFS": ("磁盘或文件夹是只读的", "the disk or folder is read-only"),
    "oserror.EBUSY": ("文件正被其他程序使用", "in use by another program"),
    "oserror.ETXTBSY": ("文件正被其他程序使用", "in use by another program"),
    "oserror.ENAMETOOLONG": ("文件名或路径过长", "the file name or path is too long"),
    "oserror.EIO": ("读写出错，磁盘或网络可能有故障", "an input/output error: the disk or network may be failing"),
    "fatal.not_writable_folder": (
        "无法写入文件夹 {path}（{reason}）。请检查该文件夹的权限和磁盘空间。",
        "Cannot write in the folder {path} ({reason}). Check the folder's permissions and the disk space.",
    ),
    "fatal.outputs_locked": (
        "有 {count} 个输出文件或文件夹无法改写（{reason}）：{paths}。为免新旧结果混在一起，本次没有写入任何结果。若文件正在 Excel 或 WPS 中打开，请关闭后重新运行；文件夹请检查其权限。",
        "{count} output files or folders cannot be replaced ({reason}): {paths}. So that new and old results are not mixed, nothing was written. If files are open in Excel or WPS, close them and run again; for a folder, check its permissions.",
    ),
    "fatal.outputs_locked.one": (
        "有 {count} 个输出文件或文件夹无法改写（{reason}）：{paths}。为免新旧结果混在一起，本次没有写入任何结果。若文件正在 Excel 或 WPS 中打开，请关闭后重新运行；文件夹请检查其权限。",
        "{count} output file or folder cannot be replaced ({reason}): {paths}. So that new and old results are not mixed, nothing was written. If it is a file open in Excel or WPS, close it and run again; for a folder, check its permissions.",
    ),
    "fatal.not_writable_plain": (
        "无法写入 {path}（{reason}）。",
        "Cannot write {path} ({reason}).",
    ),
    "fatal.file_not_folder": (
        "{path} 是一个文件，而 perfxl 要在这里使用同名文件夹。请把该文件移走或改名后重新运行。",
        "{path} is a file where perfxl needs a folder of that name. Move or rename the file and run again.",
    ),
    "fatal.path_too_long": (
        "无法写入 {path}：文件名或路径过长。请把工作区移到路径较短的文件夹（例如 D:\\绩效考评）后重新运行。",
        "Cannot write {path}: the file name or path is too long. Move the workspace to a folder with a shorter path (such as D:\\performance) and run again.",
    ),
    "fatal.not_writable": (
        "无法写入 {path}（{reason}）。若文件正在 Excel 中打开，请先关闭。",
        "Cannot write {path} ({reason}). If it is open in Excel, close it first.",
    ),
    "fatal.previous_unreadable": (
        "上年度数据 {path} 无法读取（{reason}）。请用记事本等文本编辑器改正后重新运行；如要重新导入，请运行 perfxl init 临时文件夹 --from 上年度工作区文件夹，再把临时文件夹中的 previous.json 复制到本工作区、替换此文件（之后可删除临时文件夹）。",
        "Last year's data {path} cannot be read ({reason}). Correct it in a text editor and run again; to import last year again, run perfxl init SCRATCH --from LAST_YEARS_WORKSPACE, then copy SCRATCH/previous.json over this one (SCRATCH can be deleted afterwards).",
    ),
    "fatal.previous_value.total": (
        "上年度数据 {path} 中科室 {section} 的总分（\"total\"）“{value}”不是数字，应写成如 \"707.27\"。请用记事本等文本编辑器改正后重新运行；如要重新导入，请运行 perfxl init 临时文件夹 --from 上年度工作区文件夹，再把临时文件夹中的 previous.json 复制到本工作区、替换此文件（之后可删除临时文件夹）。",
        "In last year's data {path}, section {section}'s total (\"total\") '{value}' is not a number; write it as \"707.27\". Correct it in a text editor and run again; to import last year again, run perfxl init SCRATCH --from LAST_YEARS_WORKSPACE, then copy SCRATCH/previous.json over this one (SCRATCH can be deleted afterwards).",
    ),
    "fatal.previous_value.rank": (
        "上年度数据 {path} 中科室 {section} 的名次（\"rank\"）“{value}”不是整数，应写成如 2。请用记事本等文本编辑器改正后重新运行；如要重新导入，请运行 perfxl init 临时文件夹 --from 上年度工作区文件夹，再把临时文件夹中的 previous.json 复制到本工作区、替换此文件（之后可删除临时文件夹）。",
        "In last year's data {path}, section {section}'s rank (\"rank\") '{value}' is not a whole number; write it as 2. Correct it in a text editor and run again; to import last year again, run perfxl init SCRATCH --from LAST_YEARS_WORKSPACE, then copy SCRATCH/previous.json over this one (SCRATCH can be deleted afterwards).",
    ),
    "fatal.previous_value.grade": (
        "上年度数据 {path} 中科室 {section} 的等次（\"grade\"）“{value}”不是等次，应为优秀、良好、一般或较差。请用记事本等文本编辑器改正后重新运行；如要重新导入，请运行 perfxl init 临时文件夹 --from 上年度工作区文件夹，再把临时文件夹中的 previous.json 复制到本工作区、替换此文件（之后可删除临时文件夹）。",
        "In last year's data {path}, section {section}'s grade (\"grade\") '{value}' is not a grade; use Excellent, Good, Fair or Poor. Correct it in a text editor and run again; to import last year again, run perfxl init SCRATCH --from LAST_YEARS_WORKSPACE, then copy SCRATCH/previous.json over this one (SCRATCH can be deleted afterwards).",
    ),
    "fatal.bad_language": (
        "不支持的语言：{language}（可用 zh、en）",
        "Unsupported language: {language} (zh, en)",
    ),
}


@dataclass(frozen=True)
class Localized:
    """A parameter of a text that is itself written differently in each language: a list
    (甲、乙 / A, B) or a label with a translation. The text fills in its own language's form."""

    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def in_each_language(make: Callable[..., str], *args: Any) -> Localized:
    """`make(*args, lang)` in every language, as one parameter."""
    return Localized(make(*args, "zh"), make(*args, "en"))


def t_each(key: str, **params: object) -> Localized:
    """The text for `key` in every language, as one parameter of another text."""
    zh, en = (t(key, lang, **params) for lang in LANGUAGES)
    return Localized(zh, en)


def fill(template: str, lang: str, params: dict[str, object]) -> str:
    """`template` with its `{name}` placeholders filled, Localized values in `lang`."""
    return template.format(**{name: value.text(lang) if isinstance(value, Localized) else value
                              for name, value in params.items()})


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`; a
    `count` of 1 takes the text `key.one` where there is one (English has plurals)."""
    if params.get("count") == 1 and f"{key}.one" in TEXT:
        key = f"{key}.one"
    zh, en = TEXT[key]
    template = en if lang == "en" else zh
    return fill(template, lang, params) if params else template


def template(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The text for `key` with its `{name}` placeholders left for the caller to fill."""
    zh, en = TEXT[key]
    return en if lang == "en" else zh


def written_date(when: date, lang: str) -> str:
    """A date as a letter writes it: 2021年1月15日, 15 January 2021."""
    return t("narrative.date", lang, year=when.year, month=when.month, day=when.day,
             month_name=_MONTHS[when.month - 1])


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # not the locale's: one output


def listing(items: Iterable[str], lang: str) -> str:
    """Items in running text: 甲、乙、丙 in Chinese, A, B, C in English."""
    return (", " if lang == "en" else "、").join(items)


def row_ranges(rows: Iterable[int], lang: str, most: int = 12) -> str:
    """Row numbers in running text, runs joined: 5、7、9–12 (5, 7, 9–12 in English); past
    `most` runs, the rest counted ("…等" / "and N more")."""
    runs: list[list[int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    shown = listing((f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0])
                     for run in runs[:most]), lang)
    if len(runs) <= most:
        return shown
    return f"{shown} and {len(runs) - most} more" if lang == "en" else f"{shown}等"


def joined(items: Iterable[str], lang: str) -> str:
    """Items as one phrase: 甲、乙和丙 is left to 甲、乙、丙 in Chinese; "A, B and C" in
    English."""
    listed = list(items)
    if lang != "en" or len(listed) < 2:
        return listing(listed, lang)
    return f"{', '.join(listed[:-1])} and {listed[-1]}"


def alternatives(items: Iterable[str], lang: str) -> str:
    """Choices as one phrase: 甲或乙 / "zh or en" ("A, B or C")."""
    listed = list(items)
    if len(listed) < 2:
        return "".join(listed)
    if lang != "en":  # "zh 或 en": spaced between Latin words, as Chinese text sets them
        space = " " if all(item.isascii() for item in listed) else ""
        return f"{'、'.join(listed[:-1])}{space}或{space}{listed[-1]}"
    return f"{', '.join(listed[:-1])} or {listed[-1]}"


def clauses(items: Iterable[str], lang: str) -> str:
    """Clauses of one sentence: 甲；乙 in Chinese, A; B in English."""
    return ("; " if lang == "en" else "；").join(items)


def colon(lang: str) -> str:
    return ": " if lang == "en" else "："


def aside(text: str, lang: str) -> str:
    """A note after a word: （…） in Chinese, " (…)" in English."""
    return f" ({text})" if lang == "en" else f"（{text}）"


def grade_label(grade: str | None, lang: str) -> str:
    return t(f"grade.{grade}", lang) if grade else ""


def category_label(category: str, lang: str) -> str:
    return CATEGORY_LABELS[category].label(lang)


def subcategory_label(subcategory: str, lang: str) -> str:
    """A 子类 as typed in the master, in `lang` when it is one of PRODUCT.md's names (规定指标,
    自选指标, or a category's: 争先创优指标); any other is the office's own words, as typed."""
    typed = normalize_label(subcategory)
    for column in (SUBCATEGORY_MANDATED, SUBCATEGORY_SELECTED, *CATEGORY_LABELS.values()):
        if typed in {normalize_label(spelling) for spelling in column.spellings()}:
            return column.label(lang)
    return subcategory


# --- the problem catalogue: code -> (severity, zh what, zh how to fix, en what, en how to fix) ---
# Placeholders: {file} {sheet} {cell} {value} and the named parameters of each issue.

ISSUES: dict[str, tuple[str, str, str, str, str]] = {
    "MASTER_001": (
        "error",
        "主表缺少工作表“{expected}”（它的工作表是：{found}）。",
        "请把相应的工作表改名为“{expected}”，或添加这个工作表（可运行 perfxl init 生成一份空白主表对照）。",
        "The master has no sheet '{expected}' (its sheets are: {found}).",
        "Rename the sheet that holds it to '{expected}', or add it (perfxl init writes a blank master to compare with).",
    ),
    "MASTER_002": (
        "error",
        "工作表“{sheet}”的表头行缺少“{expected}”列。",
        "请在表头行加上“{expected}”列（表头须在前 10 行内，上方可以有标题行）。",
        "The header row of sheet '{sheet}' lacks '{expected}'.",
        "Add the column '{expected}' to the header row (within the first 10 rows; a title above it may stay).",
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
    "MASTER_030": (
        "warning",
        "分值“{value}”已按 {parsed} 读取。",
        "请核对；今后请直接填写数字。",
        "Points '{value}' were read as {parsed}.",
        "Please check; in future enter a plain number.",
    ),
    "MASTER_031": (
        "warning",
        "模板密码含有汉字或全角字符：Excel 可能无法用它撤销模板的工作表保护。",
        "请改用英文字母、数字和半角符号组成的密码。",
        "The template password holds Chinese or full-width characters: Excel may not accept it to unprotect the templates.",
        "Use a password of plain letters, digits and ASCII symbols.",
    ),
    "MASTER_032": (
        "warning",
        "科室名称“{value}”与第 {row} 行科室的代码 {other_code} 相同：责任科室、扣分登记簿和审核表中的“{value}”一律按代码读作 {other_code}。",
        "请修改这个科室的名称（或另一个科室的代码），以免把分数记到别的科室名下。",
        "Section name '{value}' is the code {other_code} of the section on row {row}: as an owner, in the deductions register and in the review, '{value}' is read as that code.",
        "Rename this section (or change the other one's code) so that no score goes to the wrong section.",
    ),
    "MASTER_033": (
        "info",
        "这一行是合计、分组标题或表下的说明（“{value}”），不是数据，已跳过。",
        "无需处理：合计由 perfxl 自己计算。如果这一行其实是数据，请把它填写完整。",
        "This row is a total, a group heading or a note under the table ('{value}'), not data; it was skipped.",
        "Nothing to do: perfxl computes totals itself. If the row is data, fill it in completely.",
    ),
    "MASTER_034": (
        "warning",
        "设置项“{key}”的值“{value}”已按 {parsed} 读取。",
        "请核对；今后请直接填写数字。",
        "Setting '{key}' value '{value}' was read as {parsed}.",
        "Please check; in future enter a plain number.",
    ),
    "MASTER_035": (
        "warning",
        "人数“{value}”已按 {parsed} 读取。",
        "请核对；今后请直接填写数字。",
        "Headcount '{value}' was read as {parsed}.",
        "Please check; in future enter a plain number.",
    ),
    "MASTER_036": (
        "warning",
        "编号“{value}”已按 {parsed} 读取（全角字符改为半角，去掉空格）。",
        "请核对；今后请用半角字母和数字填写编号。",
        "ID '{value}' was read as {parsed} (full-width characters made plain, spaces removed).",
        "Please check; in future type IDs in plain letters and digits.",
    ),
    "MASTER_037": (
        "warning",
        "这一行的指标（{value}）被隐藏了，但它仍然有效：照样列入科室的模板、参与计分。",
        "隐藏不会取消指标。如果这个指标已经取消，请删除这一行；如果仍然有效，请取消隐藏，以免核对时漏看。",
        "This row's indicator ({value}) is hidden, but it still stands: it goes into the sections' templates and is scored.",
        "Hiding a row does not withdraw an indicator. If it was withdrawn, delete the row; if it stands, unhide it so nobody misses it when checking.",
    ),
    "MASTER_038": (
        "warning",
        "指标表设置了筛选，{count} 个指标被筛选隐藏（第 {rows} 行），它们仍然全部有效，照样列入模板、参与计分。",
        "筛选只影响显示。如果其中有已取消的指标，请删除那些行；否则无需处理。",
        "The indicator sheet has a filter on; {count} indicators are filtered out (rows {rows}), and they all still stand, in the templates and scored.",
        "A filter only changes what is shown. If some of those indicators were withdrawn, delete their rows; otherwise nothing to do.",
    ),
    "MASTER_039": (
        "warning",
        "这一行的指标（{value}）文字有删除线，但它仍然有效：照样列入科室的模板、参与计分。",
        "删除线不会取消指标。如果这个指标已经取消，请删除这一行；如果仍然有效，请去掉删除线。",
        "This row's indicator ({value}) is struck through, but it still stands: it goes into the sections' templates and is scored.",
        "Strikethrough does not withdraw an indicator. If it was withdrawn, delete the row; if it stands, remove the strikethrough.",
    ),
    "MASTER_040": (
        "error",
        "“{column}”列的这 {count} 行合并成了一个单元格：无法判断这是一项指标占了几行，还是几项指标共用一个值。",
        "如这几行是同一项指标，请把它们合并为一行（多条评分标准写在同一单元格内，Alt+Enter 换行）；如是几项指标，请取消合并，在每一行分别填写各自的“{column}”。",
        "These {count} rows of column '{column}' are merged into one cell: one indicator laid over several rows cannot be told from several indicators sharing one value.",
        "If the rows are one indicator, make them one row (several lines of criteria go in one cell: Alt+Enter); if they are several indicators, unmerge the cells and give each row its own '{column}'.",
    ),
    "MASTER_041": (
        "error",
        "编号被表格软件当成了日期（原本可能是“{value}”）。",
        "请把编号列设为“文本”格式后重新输入编号，或在编号前加英文单引号（如 '{value}）。",
        "The ID was turned into a date by the spreadsheet (probably typed as '{value}').",
        "Format the ID column as Text and type the ID again, or type it with a leading apostrophe ('{value}).",
    ),
    "MASTER_042": (
        "error",
        "指标编号“{value}”重复（第 {first_row} 行已使用）。这一格存的是数字 {value}：编号被当作数字后，表格软件会去掉末尾的 0（如 1.10 变成 1.1），原本不同的编号可能因此变得相同。",
        "请把编号列设为“文本”格式后重新输入原来的编号，或在编号前加英文单引号（如 '1.10）。",
        "Indicator ID '{value}' is used twice (already on row {first_row}). The cell holds the number {value}: held as a number, an ID loses its trailing zeros (1.10 becomes 1.1), so different IDs may have become the same.",
        "Format the ID column as Text and type the original IDs again, or type each with a leading apostrophe ('1.10).",
    ),
    "MASTER_043": (
        "warning",
        "“{value}”列不是 perfxl 读取的列：其中的内容不会进入模板，也不参与计分。",
        "perfxl 读取的列：{columns}。如需使用这一列的内容，请并入其中一列；如这是配合科室且它们也须对该指标自评，请把它们一并填入“责任科室”。否则无需处理。",
        "Column '{value}' is not one perfxl reads: what it holds goes into no template and counts for nothing.",
        "perfxl reads: {columns}. If the column matters, move its content into one of them; if it lists supporting sections that must also assess the indicator, add them to Owners. Otherwise nothing to do.",
    ),
    "MASTER_044": (
        "warning",
        "设置“{key}”为空：模板、邮件草稿和汇总表的标题中将缺少这一项。",
        "{advice}",
        "Setting '{key}' is blank: the titles of templates, email drafts and workbooks will lack it.",
        "{advice}",
    ),
    "MASTER_045": (
        "error",
        "这一格是公式（{value}），文件中没有保存它的计算结果，perfxl 无法得到它的值。",
        "请直接填写这一格的值；也可以用 Excel/WPS 打开主表、保存一次后重新运行。",
        "This cell holds a formula ({value}) whose result was not saved in the file: perfxl cannot tell its value.",
        "Type the value itself; or open the master in Excel or WPS, save it once and run again.",
    ),
    "MASTER_048": (
        "warning",
        "这一格是公式（{value}），文件中没有保存它的计算结果，按空白读取。",
        "请直接填写内容；也可以用 Excel/WPS 打开主表、保存一次后重新运行。",
        "This cell holds a formula ({value}) whose result was not saved in the file: it was read as blank.",
        "Type the text itself; or open the master in Excel or WPS, save it once and run again.",
    ),
    "MASTER_049": (
        "error",
        "科室“{value}”的文件名与第 {first_row} 行的“{other}”相同（都以“{stem}”开头）：两个科室的模板、报告和佐证材料会互相覆盖。",
        "请修改其中一个科室的代码或名称（名称中的 / \\ : * ? \" < > | 在文件名里都成了 _，过长的名称只保留开头）。",
        "The files of section '{value}' would take the names of '{other}' on row {first_row} (both begin '{stem}'): the two sections' templates, reports and materials would overwrite each other.",
        "Change the code or name of one of them (/ \\ : * ? \" < > | in a name become _ in a file name, and a long name keeps only its beginning).",
    ),
    "MASTER_050": (
        "info",
        "“{column}”列有 {count} 行留空（第一处 {cell}），已按上方最近填写的值读取。",
        "如某行确实不属于上方的分组，请在该行填写它自己的{column}。",
        "Rows leaving '{column}' blank: {count} (the first at {cell}); each is read as the value typed above it.",
        "Where a row does not belong to the group above it, type its own {column}.",
    ),
    "MASTER_051": (
        "info",
        "类别“{value}”是基础绩效指标中的子类：{count} 行（第一处 {cell}）已按基础绩效指标读取，子类为“{value}”。",
        "如需，可把类别改为“基础绩效指标”，把“{value}”填在子类列中。",
        "The category '{value}' is a subgroup of Basic: {count} rows (the first at {cell}) are read as Basic, subgroup '{value}'.",
        "If you like, set the category to Basic and put '{value}' in the Subcategory column.",
    ),
    "MASTER_046": (
        "warning",
        "“设置”表中缺少“工作区标识”一行，或该项为空：perfxl 靠它确认交回的自评表和审核表是本工作区下发的，缺少它，所有自评表都无法采用。",
        "请在主表“设置”中恢复“工作区标识”一行（项目填“工作区标识”，值填原来的标识）。原来的标识写在各自评表的问题说明中“模板标识”之后，也记在 output/manifest.json 的 \"workspace_id\" 之后。",
        "The Settings sheet has no Workspace ID row, or it is blank: perfxl uses it to recognise this workspace's returns and review, and without it none of the returns can be used.",
        "Restore the Workspace ID row in the master's Settings (item Workspace ID, with the old value). The old value is the template mark given in each return's problem, and is in output/manifest.json after \"workspace_id\".",
    ),
    "MASTER_047": (
        "error",
        "奖金总额“{value}”超过两位小数，而奖金最小只能分到分（0.01 元）。",
        "请填写到元、角或分，如 600000 或 600000.50。",
        "The bonus pool '{value}' has more than two decimals; bonuses cannot be split below 0.01 yuan.",
        "Give it in yuan, jiao or fen, e.g. 600000 or 600000.50.",
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
        "Use Basic or Excellence.",
    ),
    "MASTER_008": (
        "error",
        "责任科室“{owner}”不在“科室”表中。",
        "请填写“科室”表中已有的科室代码或名称，多个用“、”分隔，或填“全体”。",
        "Owner '{owner}' is not in the Sections sheet.",
        "Use codes or names from the Sections sheet separated by commas, or all.",
    ),
    "MASTER_009": (
        "error",
        "指标“{name}”没有责任科室。",
        "请填写责任科室代码或名称，或填“全体”。",
        "Indicator '{name}' has no owner.",
        "Enter the owning section codes or names, or all.",
    ),
    "MASTER_010": (
        "error",
        "科室“{section_label}”没有承担任何基础绩效指标，无法折算得分。",
        "请在“指标”表中至少为其分配一项基础绩效指标。",
        "Section '{section_label}' owns no basic indicator, so its score cannot be scaled.",
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
        "设置项“{key}”的值“{value}”不是{kind}。",
        "请填写{kind}，例如 {example}。",
        "Setting '{key}' has value '{value}', which is not {kind}.",
        "Enter {kind}, for example {example}.",
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
    "MASTER_022": (
        "error",
        "分值 {value} 超出范围：最多 10000 分，最多两位小数。",
        "请核对分值，填写如 40 或 2.5 的数。",
        "Points {value} are out of range: at most 10000, with at most two decimals.",
        "Check the points and enter e.g. 40 or 2.5.",
    ),
    "MASTER_023": (
        "warning",
        "“{value}”不像电子邮件地址，邮件草稿的收件人（或发件人）需要手工更正。",
        "请填写如 k01@example.gov.cn 的地址；多个地址用分号隔开。",
        "'{value}' does not look like an e-mail address; the drafts' To (or From) will need correcting by hand.",
        "Enter an address such as k01@example.gov.cn; separate several with semicolons.",
    ),
    "MASTER_024": (
        "warning",
        "科室 {section_label} 的人数为空，按 0 人计算，该科室不分配奖金。",
        "请填写该科室参与奖金分配的人数（没有则填 0）。",
        "The headcount of section {section_label} is blank: counted as 0, so it gets no bonus.",
        "Enter the section's headcount for the bonus (0 if none).",
    ),
    "MASTER_025": (
        "warning",
        "设置“{key}”为空，按默认值 {default} 计算。",
        "如默认值不合适，请填写该项设置。",
        "Setting '{key}' is blank; its default {default} is used.",
        "Fill in the setting if the default does not fit.",
    ),
    "MASTER_026": (
        "error",
        "设置“{key}”出现了两次（第 {first_row} 行已有），无法判断以哪一行为准。",
        "请删除多余的一行。",
        "Setting '{key}' appears twice (already on row {first_row}); which one is meant cannot be told.",
        "Delete the extra row.",
    ),
    "MASTER_027": (
        "error",
        "设置表中没有“{key}”这一项。",
        "请在设置表中添加“{key}”一行并填写，如 年度 2020。",
        "The Settings sheet has no '{key}' row.",
        "Add a '{key}' row to the Settings sheet and fill it in, e.g. Year 2020.",
    ),
    "MASTER_029": (
        "warning",
        "“设置”中没有填写截止日期：自评表和邮件草稿不写明报送截止日期，只请科室“按通知要求”报送。",
        "如需写明，请在主表“设置”表中填写截止日期，或运行 perfxl templates --deadline {example}。",
        "The settings give no deadline: the templates and e-mail drafts name no date, only asking sections to send their returns as the notice asks.",
        "To name one, fill in the deadline in the master's settings, or run perfxl templates --deadline {example}.",
    ),
    "MASTER_028": (
        "error",
        "科室代码“{value}”含有不能用于文件名的字符或超过 {limit} 个字符；每个科室的模板、反馈表和报告的文件名都以代码开头，这样的代码会使两个科室的文件同名或无法保存。",
        "请只用字母、数字、短横线（-）或下划线（_），不超过 {limit} 个字符，如 K01。",
        "Section code '{value}' contains characters file names cannot hold or is longer than {limit} characters; every section's template, feedback copy and reports are named after its code, so two sections' files could take one name or not be saved.",
        "Use letters, digits, hyphens (-) or underscores (_) only, at most {limit} characters, e.g. K01.",
    ),
    "DED_001": (
        "error",
        "扣分登记簿缺少工作表“扣分登记”或表头“{expected}”。",
        "请使用 perfxl init 生成的扣分登记表格式（日期、科室、来源、事由、扣分、一票否决、依据）。",
        "The deduction register lacks the sheet 'Deductions' or the header '{expected}'.",
        "Use the register layout perfxl init writes (date, section, source, reason, points, veto, reference).",
    ),
    "DED_002": (
        "error",
        "科室“{value}”不在主表“科室”表中。",
        "请填写主表中已有的科室代码或名称。",
        "Section '{value}' is not in the master's Sections sheet.",
        "Use a section code or name from the master.",
    ),
    "DED_014": (
        "warning",
        "日期“{value}”已按 {parsed} 读取。",
        "请核对；今后请填写日期，如 2020-10-22。",
        "The date '{value}' was read as {parsed}.",
        "Please check; in future enter a date such as 2020-10-22.",
    ),
    "DED_015": (
        "error",
        "扣分登记簿里还有别的登记表（{others}），只读取了“{sheet}”，那些表中的扣分未计入。",
        "请把所有扣分记录合并到一个工作表中，并删除其他登记表（或改掉它们的表头）。",
        "The register holds other register sheets ({others}); only '{sheet}' was read, and their deductions do not count.",
        "Put every deduction on one sheet and delete the other register sheets (or change their headers).",
    ),
    "DED_024": (
        "error",
        "扣分登记簿没有“扣分登记”工作表，而有 {count} 张工作表都是扣分登记（{others}）：无法判断以哪一张为准，未计入任何扣分。",
        "请把所有扣分记录合并到一张工作表中，命名为“扣分登记”，并删除其他登记表（或改掉它们的表头）。",
        "The register has no sheet 'Deductions' but {count} sheets laid out as one ({others}): which one counts cannot be told, so no deduction was counted.",
        "Put every deduction on one sheet named 'Deductions' and delete the other register sheets (or change their headers).",
    ),
    "DED_025": (
        "error",
        "这一行登记了 {count} 个科室（“{value}”）：一行只能登记一个科室，这条扣分未计入。",
        "请为每个科室各登记一行（日期、事由、扣分照填），再重新运行。",
        "This row names {count} sections ('{value}'): a row takes one section, and this deduction was not counted.",
        "Enter one row per section (the same date, reason and points), then run again.",
    ),
    "DED_026": (
        "error",
        "扣分登记簿 {file} 设置了打开密码，无法读取，其中的扣分都未计入。",
        "请打开它，清除密码后保存（Excel：“文件 › 信息 › 保护工作簿 › 用密码进行加密”，清空密码；WPS：“文件 › 文档加密 › 密码加密”；LibreOffice：“文件 › 另存为”，取消勾选“使用密码保存”），再重新运行。",
        "The deductions register {file} has a password to open it and cannot be read; none of its deductions counted.",
        "Open it, clear the password and save it (Excel: File › Info › Protect Workbook › Encrypt with Password, clear it; LibreOffice: File › Save As, untick Save with password), then run again.",
    ),
    "DED_012": (
        "warning",
        "扣分“{value}”已按 {parsed} 读取。",
        "请核对；今后请直接填写数字。",
        "The deduction '{value}' was read as {parsed}.",
        "Please check; in future enter a plain number.",
    ),
    "DED_019": (
        "error",
        "扣分单元格跨 {count} 行登记合并：无法判断是每条各扣该分值，还是几条合计扣该分值，这几条登记均未计入。",
        "请取消合并，在每一行填写该条登记自己的扣分。",
        "The points cell is merged over {count} entries: whether each entry loses these points or all of them together do cannot be told, so none of these entries was counted.",
        "Unmerge the cells and give each entry its own points.",
    ),
    "DED_020": (
        "warning",
        "这一行与第 {first_row} 行登记的是同一条扣分（日期、科室、来源、事由、扣分都相同，科室写作代码或名称都算同一个），两行都已计入（扣分不封顶，重复登记会重复扣分）。",
        "如是重复粘贴，请删除其中一行；如确是两次扣分，请在“事由”或“依据”中注明区别。",
        "This entry is the same as row {first_row}'s (same date, section, source, reason and points, the section by its code or its name), and both counted (deductions are uncapped: an entry given twice is deducted twice).",
        "If it was pasted twice, delete one of the rows; if there were two deductions, tell them apart in the reason or reference.",
    ),
    "DED_021": (
        "error",
        "扣分是公式（{value}），文件中没有保存它的计算结果，perfxl 无法得到它的值，这一行未计入。",
        "请直接填写扣分数值；也可以用 Excel/WPS 打开扣分登记簿、保存一次后重新运行。",
        "The deduction is a formula ({value}) whose result was not saved in the file: perfxl cannot tell its value, and the entry did not count.",
        "Type the points themselves; or open the register in Excel or WPS, save it once and run again.",
    ),
    "DED_022": (
        "warning",
        "扣分是公式（{value}），perfxl 已自行计算为 {parsed}（不采用文件中保存的结果）。",
        "建议直接填写扣分数值。",
        "The deduction is a formula ({value}); perfxl computed it as {parsed} (the saved result is not trusted).",
        "Prefer the number itself.",
    ),
    "DED_023": (
        "warning",
        "扣分是公式（{value}），已采用文件中保存的结果 {parsed}；如公式引用的单元格改过而未重新计算，这个结果可能已经过时。",
        "请核对该扣分；建议直接填写数值。",
        "The deduction is a formula ({value}); its saved result {parsed} was used, which is out of date if a cell it refers to changed and the file was not recalculated.",
        "Check the points; prefer the number itself.",
    ),
    "DED_003": (
        "error",
        "扣分“{value}”不是正数。",
        "扣分请填写大于 0 的数字，如 2 或 0.5（仅登记一票否决时可留空）。",
        "Deduction '{value}' is not a positive number.",
        "Enter a number greater than 0, e.g. 2 or 0.5 (blank only for a veto on its own).",
    ),
    "DED_004": (
        "error",
        "事由为空。",
        "请写明扣分事由。",
        "The reason is empty.",
        "State why the points are deducted.",
    ),
    "DED_005": (
        "error",
        "日期“{value}”为空或不是日期。",
        "请填写日期，如 2020-09-15。",
        "Date '{value}' is empty or not a date.",
        "Enter a date such as 2020-09-15.",
    ),
    "DED_006": (
        "error",
        "一票否决“{value}”只能填“是”或“否”。",
        "请改为“是”或“否”（√ 视为“是”，×、无或留空视为“否”）。",
        "Veto '{value}' must be yes or no.",
        "Enter yes or no (blank counts as no).",
    ),
    "DED_007": (
        "warning",
        "扣分登记簿 {file} 不存在，本次按无扣分计算。",
        "如有察访核验扣分，请运行 perfxl init 生成的 deductions.xlsx 登记后重新运行。",
        "The deduction register {file} does not exist; no deductions were applied.",
        "Record inspection deductions in deductions.xlsx and run again.",
    ),
    "DED_008": (
        "error",
        "扣分登记簿 {file} 无法读取（{reason}）。",
        "请用 Excel 打开后另存为 .xlsx 再试。",
        "The deduction register {file} cannot be read ({reason}).",
        "Open it in Excel, save as .xlsx and retry.",
    ),
    "DED_009": (
        "error",
        "扣分“{value}”超出范围：最多 10000 分，最多两位小数。",
        "请核对扣分（是否误粘贴了文号等），填写如 2 或 0.5 的分数。",
        "Deduction '{value}' is out of range: at most 10000 points, with at most two decimals.",
        "Check the points (a document number pasted by mistake?) and enter e.g. 2 or 0.5.",
    ),
    "DED_016": (
        "warning",
        "这一行被隐藏了，但其中的扣分仍然计入（{entry}）。",
        "隐藏不会让扣分作废。如果这条扣分已经撤销，请删除这一行；如果仍然有效，请取消隐藏，以免核对时漏看。",
        "This row is hidden, but its deduction still counts ({entry}).",
        "Hiding a row does not cancel it. If the deduction was withdrawn, delete the row; if it stands, unhide it so nobody misses it when checking.",
    ),
    "DED_017": (
        "warning",
        "登记表设置了筛选，{count} 行被筛选隐藏（第 {rows} 行），这些行中的扣分仍然全部计入。",
        "筛选只影响显示。如果其中有已撤销的扣分，请删除那些行；否则无需处理。",
        "The register has a filter on; {count} rows are filtered out (rows {rows}), and their deductions all still count.",
        "A filter only changes what is shown. If some of those deductions were withdrawn, delete their rows; otherwise nothing to do.",
    ),
    "DED_018": (
        "warning",
        "这一行的文字有删除线，但其中的扣分仍然计入（{entry}）。",
        "删除线不会让扣分作废。如果这条扣分已经作废，请删除这一行（需要留底的，可移到另一个工作簿）；如果仍然有效，请去掉删除线。",
        "This row is struck through, but its deduction still counts ({entry}).",
        "Strikethrough does not cancel a deduction. If it was cancelled, delete the row (keep a copy in another workbook if you need a record); if it stands, remove the strikethrough.",
    ),
    "DED_013": (
        "info",
        "这一行是合计或表下的说明（“{value}”），不是扣分记录，已跳过。",
        "无需处理：扣分合计由 perfxl 自己计算。如果这一行其实是扣分记录，请把它填写完整。",
        "This row is a total or a note under the register ('{value}'), not a deduction; it was skipped.",
        "Nothing to do: perfxl adds up the deductions itself. If the row is a deduction, fill it in completely.",
    ),
    "DED_010": (
        "error",
        "扣分登记簿保存成了 {file}，perfxl 读取的是 {expected}：本次没有计入任何扣分（包括一票否决）。",
        "请用 Excel 或 WPS 打开 {file}，“另存为” Excel 工作簿（.xlsx），文件名 {expected}，然后重新运行。",
        "The deduction register was saved as {file}; perfxl reads {expected}: no deduction (nor veto) was applied.",
        "Open {file} in Excel or WPS, Save As Excel Workbook (.xlsx) named {expected}, and run again.",
    ),
    "DED_011": (
        "warning",
        "日期 {value} 不在 {year} 年度考评期内，这条扣分仍已计入。",
        "请核对日期；如属其他年度，请从本年度的扣分登记簿中删除。",
        "Date {value} is outside the {year} assessment; the deduction was still applied.",
        "Check the date; if it belongs to another year, remove it from this year's register.",
    ),
    "BONUS_001": (
        "warning",
        "参与分配奖金的科室人数合计为 0，奖金未分配。",
        "请在主表“科室”表中填写各科室人数。",
        "The headcount of the ranked sections adds up to 0, so no bonus was allocated.",
        "Fill in the headcount of each section in the master.",
    ),
    "BONUS_002": (
        "warning",
        "参与分配奖金的科室所得等次（{grades}）的系数均为 0，奖金未分配。",
        "如需分配，请在主表“设置”表中把这些等次的系数改为大于 0 的数。",
        "The coefficients of the grades given ({grades}) are all 0, so no bonus was allocated.",
        "To allocate the pool, set these grades' coefficients above 0 in the master's settings.",
    ),
    "FILE_001": (
        "error",
        "文件是空的（0 字节）。",
        "请让该科室重新发送填好的文件。",
        "The file is empty (0 bytes).",
        "Ask the section to send the filled file again.",
    ),
    "FILE_002": (
        "error",
        "文件已损坏或不完整，无法打开（{reason}）。",
        "请让该科室用 Excel 或 WPS 打开确认后重新发送。",
        "The file is damaged or incomplete ({reason}).",
        "Ask the section to open it in Excel or WPS and send it again.",
    ),
    "FILE_003": (
        "error",
        "文件内容与扩展名不符：扩展名是 {extension}，内容却是{detected}。",
        "请让该科室在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后重新发送。",
        "The content does not match the extension: named {extension} but it is {detected}.",
        "Ask the section to use Save As, Excel Workbook (.xlsx), and send it again.",
    ),
    "FILE_004": (
        "error",
        "文件设置了打开密码，无法读取。",
        "请让该科室取消密码（文件 › 信息 › 保护工作簿 › 用密码进行加密，清空密码）后重新发送。",
        "The file is password-protected and cannot be read.",
        "Ask the section to remove the password (File › Info › Protect Workbook › Encrypt with Password, clear it) and send it again.",
    ),
    "FILE_005": (
        "error",
        "这是 WPS 表格专用格式（.et），无法读取。",
        "请让该科室在 WPS 中“文件 › 另存为”，文件类型选“Microsoft Excel 文件（*.xlsx）”后重新发送。",
        "This is a WPS-only spreadsheet (.et) and cannot be read.",
        "Ask the section to use File › Save As in WPS, type 'Microsoft Excel (*.xlsx)', and send it again.",
    ),
    "FILE_029": (
        "error",
        "这是 LibreOffice 的“平面 XML 电子表格”（.fods），无法读取。",
        "请让该科室在 LibreOffice 中“文件 › 另存为”，文件类型选“Excel 2007-365 (.xlsx)”后重新发送。",
        "This is a LibreOffice flat XML spreadsheet (.fods) and cannot be read.",
        "Ask the section to use File › Save As in LibreOffice, type 'Excel 2007-365 (.xlsx)', and send it again.",
    ),
    "FILE_030": (
        "warning",
        "没有找到收件文件夹 {path}（{state}），因此没有读取任何自评表。",
        "请在工作区中建立 inbox 文件夹（若同名文件占着位置，请先移走），把各科室报送的文件放进去后重新运行。",
        "The inbox folder {path} was not found ({state}), so no return was read.",
        "Create the folder inbox in the workspace (moving away a file of that name, if any), put the returned files in it and run again.",
    ),
    "FILE_031": (
        "warning",
        "这是 Outlook 邮件文件（.msg），perfxl 无法打开：若附件中有自评表，它没有被读取。",
        "请在 Outlook 中打开该邮件，把附件另存到 inbox 文件夹（或把邮件另存为 .eml）后重新运行。",
        "An Outlook message file (.msg), which perfxl cannot open: a return attached to it is not read.",
        "Open the message in Outlook and save its attachments into the inbox folder (or save the message as .eml), then run again.",
    ),
    "FILE_006": (
        "error",
        "文件中的“{member}”解压后过大（{size} 字节，压缩比 {ratio}），疑似压缩炸弹，已拒绝读取。",
        "请让该科室用正常的模板重新填写并发送。",
        "The part '{member}' expands to {size} bytes (ratio {ratio}): a suspected zip bomb, refused.",
        "Ask the section to fill a fresh template and send it again.",
    ),
    "FILE_007": (
        "error",
        "工作表“{sheet}”声称或包含位于 {ref} 的单元格，远超模板范围，已拒绝读取。",
        "请让该科室删除表格范围外的内容，或用新模板重新填写。",
        "Sheet '{sheet}' claims or holds a cell at {ref}, far beyond the template, refused.",
        "Ask the section to delete content outside the table, or fill a fresh template.",
    ),
    "FILE_008": (
        "error",
        "文件中的“{member}”包含 XML 实体声明（DOCTYPE/ENTITY），可能是恶意文件，已拒绝读取。",
        "请让该科室用正常的模板重新填写并发送。",
        "The part '{member}' contains XML entity declarations (DOCTYPE/ENTITY): possibly hostile, refused.",
        "Ask the section to fill a fresh template and send it again.",
    ),
    "FILE_009": (
        "error",
        "读取该文件时读取程序崩溃（{reason}），已跳过，其余文件不受影响。",
        "请让该科室在 Excel 或 WPS 中打开后另存为 .xlsx 重新发送。",
        "The reader crashed on this file ({reason}); it was skipped and the other files were read.",
        "Ask the section to open it in Excel or WPS, save as .xlsx and send it again.",
    ),
    "FILE_010": (
        "error",
        "文件无法读取（{reason}）。",
        "请让该科室在 Excel 或 WPS 中打开后另存为 .xlsx 重新发送。",
        "The file cannot be read ({reason}).",
        "Ask the section to open it in Excel or WPS, save as .xlsx and send it again.",
    ),
    "FILE_011": (
        "info",
        "不是 Excel 工作簿，未读取。",
        "如果这是某科室的自评表，请让其另存为 .xlsx；佐证材料可忽略本提示。",
        "Not an Excel workbook; not read.",
        "If this is a section's return, ask for an .xlsx; evidence files can ignore this.",
    ),
    "FILE_013": (
        "info",
        "启用宏的工作簿（.xlsm、.xltm）：只读取数值，宏不会被运行。",
        "无需处理；如需避免提示，请另存为 .xlsx。",
        "A macro-enabled workbook (.xlsm, .xltm): values read, macros never run.",
        "Nothing to do; save as .xlsx to avoid this note.",
    ),
    "FILE_014": (
        "info",
        "{extension} 格式：已读取数值，但无法检查公式、合并单元格和图片。",
        "建议让该科室另存为 .xlsx 后重新发送，以便完整检查。",
        "{extension} file: values read, but formulas, merged cells and pictures cannot be checked.",
        "Ask for an .xlsx to have every check applied.",
    ),
    "FILE_015": (
        "error",
        "文件过大或工作表过多（{reason}），不像是本系统的模板，已拒绝读取。",
        "请让该科室用下发的模板填写后重新发送。",
        "The file is too large or has too many sheets ({reason}); not a perfxl template, refused.",
        "Ask the section to fill the template it was sent.",
    ),
    "FILE_016": (
        "info",
        "这是一个快捷方式（符号链接），为安全起见未读取。",
        "请把文件本身（而不是快捷方式）放入 inbox 文件夹。",
        "This is a symbolic link; for safety it was not followed.",
        "Put the file itself, not a link to it, into the inbox.",
    ),
    "FILE_017": (
        "error",
        "perfxl 检查此文件时出错（{reason}），未能读出结果；其余文件照常检查。",
        "请把此文件和本提示发给 perfxl 的维护人员；也可请该科室在 Excel 或 WPS 中另存为 .xlsx 后重新发送。",
        "perfxl failed while checking this file ({reason}); the other files were checked as usual.",
        "Send this file and this message to perfxl's maintainers; the section may also re-save it as .xlsx in Excel or WPS and send it again.",
    ),
    "FILE_018": (
        "error",
        "工作簿中有两个工作表同名（“{sheet}”），文件已损坏，无法确定该读哪一个。",
        "请让该科室在 Excel 或 WPS 中打开（软件会修复重名的工作表），核对后另存为 .xlsx 重新发送。",
        "Two sheets of the workbook are both named '{sheet}': the file is damaged and perfxl cannot tell which to read.",
        "Ask the section to open it in Excel or WPS (which repairs the names), check it, save as .xlsx and send it again.",
    ),
    "FILE_019": (
        "error",
        "这是 Excel 二进制工作簿（.xlsb），perfxl 无法检查其中的公式和单元格，未读取。",
        "请让该科室在 Excel 中“文件 › 另存为”，文件类型选“Excel 工作簿（*.xlsx）”后重新发送。",
        "This is an Excel binary workbook (.xlsb), whose formulas and cells perfxl cannot check; not read.",
        "Ask the section to use File › Save As in Excel, type 'Excel Workbook (*.xlsx)', and send it again.",
    ),
    "FILE_020": (
        "info",
        "文件名没有表格扩展名，但内容是 Excel 工作簿，已按 .xlsx 读取。",
        "无需处理；邮件系统有时会去掉或改掉附件的扩展名，如需避免提示，请让该科室以 .xlsx 文件重新发送。",
        "The name has no spreadsheet extension but the content is an Excel workbook; read as .xlsx.",
        "Nothing to do; mail systems sometimes drop or change an attachment's extension. To avoid this note, ask for the file as .xlsx.",
    ),
    "FILE_021": (
        "warning",
        "这是 {extension} 压缩包，perfxl 无法打开；其中若有自评表，将不会被读取。",
        "请解压后把其中的文件放入 inbox（压缩包可留在原处），或请该科室改用 .zip 重新发送。",
        "A {extension} archive, which perfxl cannot open: a return inside it is not read.",
        "Extract its files into the inbox (the archive may stay), or ask the section to send a .zip instead.",
    ),
    "FILE_022": (
        "error",
        "压缩包设置了密码，无法解压；其中的自评表和佐证材料都没有读取。",
        "请让该科室不设密码重新压缩后发送（或直接发送文件，不压缩）。",
        "The zip is password-protected and cannot be extracted: no return or material in it was read.",
        "Ask the section to zip the files again without a password (or send them unzipped).",
    ),
    "FILE_023": (
        "error",
        "压缩包中的“{member}”使用了 perfxl 无法解压的压缩方式（{method}）；整个压缩包没有读取。",
        "请让该科室用 Windows 的“发送到 › 压缩(zipped)文件夹”或压缩软件的标准 ZIP 格式重新压缩后发送。",
        "'{member}' in the zip uses a compression method perfxl cannot extract ({method}); the zip was not read.",
        "Ask the section to zip the files again with Windows' Send to › Compressed (zipped) folder, or as a standard ZIP.",
    ),
    "FILE_024": (
        "error",
        "压缩包中的这个文件已损坏，无法解压（{reason}）；压缩包中的其他文件照常读取。",
        "请让该科室重新压缩后发送（压缩前先确认该文件能正常打开）。",
        "This file inside the zip is damaged and cannot be extracted ({reason}); the zip's other files were read.",
        "Ask the section to zip the files again and resend (checking first that this file opens).",
    ),
    "FILE_028": (
        "error",
        "读取这个文件超过了 {seconds} 秒，已停止：正常的自评表不到一秒就能读完，这个文件的内容可能被特意构造或已损坏。",
        "请让该科室在 Excel 或 WPS 中打开原来的模板重新填写、保存后发送。",
        "Reading this file took more than {seconds} seconds and was stopped: a normal return reads in well under a second, so its content may be crafted or damaged.",
        "Ask the section to fill in the original template again in Excel or WPS, save it and send it.",
    ),
    "FILE_027": (
        "warning",
        "这是另存为文本（CSV）的自评表：只保存了一张表的文字，无法识别是哪个科室的，也无法核对。",
        "请让该科室在 Excel 或 WPS 中填写原来的自评表（.xlsx）后直接保存，不要另存为 CSV，然后重新发送。",
        "This is a return saved as text (CSV): only one sheet's text was kept, so whose it is cannot be told and nothing can be checked.",
        "Ask the section to fill in the original template (.xlsx) in Excel or WPS and save it as it is, not as CSV, then send it again.",
    ),
    "FILE_025": (
        "error",
        "文件或文件夹无法打开（{reason}）：可能正被其他程序占用、没有读取权限，或路径过长。",
        "请关闭正在使用它的程序、把它移到 inbox 中层级较浅的位置，或重新复制到 inbox 后再运行。",
        "The file or folder cannot be opened ({reason}): another program may hold it, perfxl may not read it, or its path is too long.",
        "Close the program using it, move it higher up in the inbox, or copy it into the inbox again; then run again.",
    ),
    "FILE_026": (
        "info",
        "文件名以 ~$ 或 ._ 开头（通常是 Excel 或 macOS 的临时文件），但内容是 Excel 工作簿，已按自评表读取。",
        "如这确是该科室的自评表，请在归档时改用正常的文件名。",
        "The name starts with ~$ or ._ (as Excel's and macOS's temporary files do) but the content is an Excel workbook; read as a return.",
        "If this is the section's return, keep it under a normal name.",
    ),
    "SCORE_014": (
        "error",
        "指标 {id} 的自评得分单元格设置成了百分比格式，显示为 {shown}（实际存的是 {value}），无法判断本意。",
        "请把该单元格格式改为“常规”或“数值”，填写 0 至 {points} 之间的分数（不是百分比）。",
        "The self-score cell of {id} is formatted as a percentage, showing {shown} (it holds {value}): what was meant cannot be told.",
        "Format the cell as General or Number and enter a score from 0 to {points} (not a percentage).",
    ),
    "SCORE_015": (
        "error",
        "指标 {id} 的自评得分被表格软件自动转换成了日期或时间“{value}”（输入的可能是 1/2、3-4 或 12:30 这样的内容）。",
        "请先把该单元格格式改为“常规”，再填写 0 至 {points} 之间的数字（如 0.5，不要用分数或横线）。",
        "The self score of {id} was turned into a date or time by the spreadsheet program ('{value}'; what was typed was probably like 1/2, 3-4 or 12:30).",
        "Format the cell as General first, then enter a number from 0 to {points} (such as 0.5, not a fraction or a dash).",
    ),
    "SCORE_016": (
        "warning",
        "指标 {id} 的自评得分 {value} 有 {places} 位小数，已照此计分。",
        "请核对：得分一般至多保留两位小数；这样的数字多半是公式结果或粘贴来的。",
        "The self score of {id}, {value}, has {places} decimal places and is scored as it is.",
        "Please check: scores rarely have more than two decimals; a number like this usually comes from a formula or a paste.",
    ),
    "CONTENT_006": (
        "warning",
        "单元格内容是公式“={formula}”，结果是错误值 {error}，读不到文字，按空白处理。",
        "若要填写以“=”开头的文字，请在最前面加一个英文单引号（'={typed}），或先把单元格格式设为“文本”再填写，或去掉开头的“=”。",
        "The cell holds the formula '={formula}', whose result is the error {error}: no text could be read, and it counts as blank.",
        "To type text starting with '=', put an apostrophe first ('={typed}), or format the cell as Text before typing, or drop the '='.",
    ),
    "SCORE_017": (
        "warning",
        "指标 {id} 的自评得分为空，而“完成情况”中填的是数字“{value}”：可能填错了列。",
        "请把得分填到“自评得分”列，在“完成情况”中写明完成了哪些工作。",
        "The self score of {id} is blank, and its Achievement holds the number '{value}': it may have been typed one column over.",
        "Put the score in the Self score column, and describe what was done under Achievement.",
    ),
    "CONTENT_005": (
        "warning",
        "自评报告的“{part}”所在单元格被合并到 {value} 之中：Excel 中看不到这段文字，perfxl 仍照原样读取。",
        "请取消合并，让每一部分各占一个单元格，并核对文字。",
        "The cell of the report's '{part}' is merged into {value}: Excel does not show its text, which perfxl still reads as it is.",
        "Unmerge the cells so each part has its own, and check the text.",
    ),
    "SCORE_012": (
        "warning",
        "指标 {id} 的自评得分是公式“={formula}”，perfxl 已自行计算为 {parsed}（不采用文件中保存的结果）。",
        "建议直接填写数字。",
        "The self score of {id} is the formula '={formula}'; perfxl computed it as {parsed} (the saved result is not trusted).",
        "Prefer the number itself.",
    ),
    "SCORE_013": (
        "error",
        "指标 {id} 的自评得分公式“={formula}”过长或超出计算范围，无法核算。",
        "请直接填写数字。",
        "The self score of {id} is a formula ('={formula}') too long or too large to compute.",
        "Enter the number itself.",
    ),
    "EVIDENCE_001": (
        "warning",
        "指标 {id} 的佐证材料中列出的文件“{value}”没有随自评表报送。",
        "请补发该文件，或更正“佐证材料”中的文件名。",
        "Indicator {id} cites '{value}', which was not sent with the return.",
        "Send the file, or correct the name in the evidence cell.",
    ),
    "EVIDENCE_002": (
        "info",
        "佐证材料文件没有被任何指标引用。",
        "如属某项指标的佐证，请在该指标的“佐证材料”中写明文件名。",
        "This material file is not cited by any indicator.",
        "If it supports an indicator, name it in that indicator's evidence cell.",
    ),
    "EVIDENCE_003": (
        "warning",
        "文件内容（{kind}）与扩展名 .{extension} 不符。",
        "请确认文件是否正确，必要时重新导出后报送。",
        "The content ({kind}) contradicts the extension .{extension}.",
        "Check the file; export it again if needed.",
    ),
    "EVIDENCE_004": (
        "warning",
        "文件夹、压缩包或邮件中没有自评表。",
        "请确认是否漏发了自评表。",
        "The folder, zip or email holds no self-assessment workbook.",
        "Check whether the workbook was left out.",
    ),
    "EVIDENCE_005": (
        "warning",
        "同一文件夹或压缩包中有多个科室的自评表（{sections}），其中的佐证材料无法对应到科室。",
        "请按科室分开存放：每个科室一个文件夹或压缩包。",
        "One folder or zip holds returns of several sections ({sections}); its materials cannot be attributed.",
        "Keep one folder or zip per section.",
    ),
    "EVIDENCE_006": (
        "info",
        "佐证材料放在 inbox 根目录，无法对应到科室。",
        "请把佐证材料和自评表放在同一个文件夹中。",
        "Material at the top of the inbox cannot be attributed to a section.",
        "Put materials in one folder with their workbook.",
    ),
    "EVIDENCE_008": (
        "warning",
        "压缩包或邮件嵌套超过 {depth} 层，这一层未打开：其中的文件没有检查，也不会编入佐证材料汇编。",
        "请让该科室解开多余的压缩层，把材料直接放在报送的文件夹或一个压缩包中重新报送。",
        "Zips or emails are nested more than {depth} levels deep: this one was not opened, and the files in it were neither checked nor bound.",
        "Ask the section to unpack the extra layers and send the materials directly, in its folder or in a single zip.",
    ),
    "EVIDENCE_009": (
        "error",
        "压缩包中的“{member}”路径指向压缩包之外（绝对路径或 ..），整个压缩包已拒绝读取。",
        "请让该科室重新打包：只包含自评表和佐证材料，不含上级目录。",
        "The zip member '{member}' points outside the zip (absolute path or ..); the whole zip was refused.",
        "Ask the section to zip the workbook and its materials again, without parent folders.",
    ),
    "EVIDENCE_013": (
        "info",
        "这个文件夹或压缩包中没有自评表，按名称归入 {section_label} 的佐证材料。",
        "如归错了科室，请把它改名为以正确科室的代码或名称开头（如“K05……”），或把它移到该科室自评表所在的文件夹中。",
        "This folder or zip holds no workbook; by its name, its files were taken as {section_label}'s materials.",
        "If that is the wrong section, rename it to begin with the right section's code or name (e.g. K05 …), or move it into the folder holding that section's workbook.",
    ),
    "EVIDENCE_014": (
        "warning",
        "该佐证材料是空文件（0 字节）。",
        "请让该科室重新发送这个文件（可能是复制或上传时出错）。",
        "This material is an empty file (0 bytes).",
        "Ask the section to send the file again (copying or uploading it may have failed).",
    ),
    "EVIDENCE_015": (
        "warning",
        "这个文件夹中有不在任何科室文件夹里的文件（它下面有 {sections} 的自评表），无法判断是哪个科室的佐证材料，未采用。",
        "请把这些文件放进对应科室自评表所在的文件夹，或放进以科室名称或代码命名的文件夹，然后重新运行。",
        "This folder holds files in no section's folder (below it are the returns of {sections}): whose materials they are cannot be told, and they were not used.",
        "Move them into the folder of the section's return, or into a folder named with the section's name or code, and run again.",
    ),
    "EVIDENCE_010": (
        "warning",
        "材料无法并入合并 PDF（{reason}），已在目录中列出。",
        "如需并入，请报送未加密、可正常打开的 PDF 或图片。",
        "The material could not be merged into the PDF ({reason}); it is listed in the catalogue.",
        "Send an unencrypted PDF or image that opens normally.",
    ),
    "EVIDENCE_011": (
        "warning",
        "材料文件过大（{size}），超过 perfxl 的处理上限 {limit}：未读取，也未放入佐证材料汇编（单独存放的这类文件也不复制到 archive/）。",
        "如确需作为佐证，请报送压缩后的版本（如截取的片段或清晰度较低的视频），原件另行保存。",
        "The material is too large ({size}, above perfxl's limit of {limit}): not read nor bound (and, sent as a file of its own, not copied to archive/).",
        "If it is needed as evidence, send a smaller version (an excerpt, a lower-quality video) and keep the original elsewhere.",
    ),
    "EVIDENCE_012": (
        "warning",
        "材料在出具结果时无法读取（{reason}），未复制进佐证材料汇编，仅在目录中列出。",
        "请确认该文件仍在 inbox 中、未被其他程序占用且能正常打开，然后重新运行。",
        "The material could not be read when the binder was made ({reason}); listed, not copied.",
        "Check that the file is still in the inbox, not held by another program, and opens; then run again.",
    ),
    "RETURN_001": (
        "error",
        "无法识别这是哪个科室的自评表：找不到模板的隐藏标识，标题和编号也对不上任何科室。",
        "请让报送科室使用本年度下发的模板重新填写，不要把内容复制到新文件。",
        "Cannot tell which section this is: the template's hidden metadata is gone and the title and IDs match no section.",
        "Ask the section to fill the template it was sent, not a copy pasted into a new file.",
    ),
    "RETURN_002": (
        "warning",
        "模板的隐藏标识已丢失（内容可能被复制到了新文件），已按标题和编号识别为“{section_label}”。",
        "请核对识别结果；今后请直接在下发的模板中填写。",
        "The template's hidden metadata is gone (content pasted into a new file?); identified by title and IDs as '{section_label}'.",
        "Check the identification; in future fill the template itself.",
    ),
    "RETURN_003": (
        "error",
        "该模板不是本工作区生成的，可能来自其他单位或另行创建的工作区（模板标识 {found}，本工作区 {expected}）。",
        "请让该科室使用本工作区下发的模板重新填写。",
        "This template was not made by this workspace: perhaps by another bureau's or another workspace (template mark {found}, this workspace {expected}).",
        "Ask the section to fill the template this workspace sent.",
    ),
    "RETURN_004": (
        "error",
        "该模板是 {found} 年度的，本次考评是 {expected} 年度。",
        "请让该科室使用 {expected} 年度的模板重新填写。",
        "This template is for {found}; this assessment is {expected}.",
        "Ask the section to fill the {expected} template.",
    ),
    "RETURN_026": (
        "error",
        "该模板下发时主表“设置”中的“轮次”为空，本次为“{expected}”。",
        "如果是模板下发后才在主表中填写了“轮次”，请把主表“设置”中的“轮次”清空后重新运行，不必让科室重填；否则请让该科室使用“{expected}”的模板重新填写。",
        "This template was made while the master's Settings round was blank; this round is '{expected}'.",
        "If the round was filled in after the templates went out, clear it in the master's Settings and run again (the sections need not fill anything again); otherwise ask the section to fill the '{expected}' template.",
    ),
    "RETURN_025": (
        "error",
        "主表“设置”中的工作区标识为空或已被删除，无法确认该模板是本工作区下发的（模板标识 {found}）。",
        "这不是科室的问题，不必让科室重填：请在主表“设置”中恢复“工作区标识”一行，值填 {found}（即本模板的标识），再重新运行。",
        "The master's Settings have no workspace ID (blank or deleted): whether this template was sent by this workspace cannot be told (template mark {found}).",
        "Not the section's doing, so do not have it fill the template again: restore the Workspace ID row in the master's Settings with the value {found} (this template's mark) and run again.",
    ),
    "RETURN_005": (
        "error",
        "该模板属于轮次“{found}”，本次是“{expected}”。",
        "请让该科室使用“{expected}”的模板重新填写。如果是主表“设置”中的轮次在模板下发后改成了“{expected}”，请把它改回“{found}”，不必让科室重填。",
        "This template is for round '{found}'; this is '{expected}'.",
        "Ask the section to fill the '{expected}' template. If the master's Settings round was changed to '{expected}' after the templates went out, change it back to '{found}' rather than have the sections fill them again.",
    ),
    "RETURN_006": (
        "error",
        "模板所属科室代码“{value}”不在当前主表中。",
        "如科室已调整，请重新生成模板并下发。",
        "The template's section code '{value}' is not in the current master.",
        "If sections changed, regenerate the templates and send them again.",
    ),
    "RETURN_007": (
        "error",
        "指标 {id}“{name}”在模板生成后已修改：分值由 {old} 分改为 {new} 分。",
        "请运行 {command} 重新生成该科室的模板并请其重新填写。",
        "Indicator {id} '{name}' changed since the template was made: points {old} → {new}.",
        "Run {command} and ask the section to fill the new template.",
    ),
    "RETURN_008": (
        "error",
        "主表在模板生成后为该科室新增了指标 {id}“{name}”，模板中没有。",
        "请运行 {command} 重新生成该科室的模板并请其重新填写。",
        "Indicator {id} '{name}' was assigned to this section after the template was made.",
        "Run {command} and ask the section to fill the new template.",
    ),
    "RETURN_009": (
        "error",
        "模板中的指标 {id}“{name}”已不再由该科室承担（主表已修改）。",
        "请运行 {command} 重新生成该科室的模板并请其重新填写。",
        "Indicator {id} '{name}' in the template is no longer this section's (the master changed).",
        "Run {command} and ask the section to fill the new template.",
    ),
    "RETURN_010": (
        "error",
        "模板的隐藏标识与其记录的指标不一致，文件可能被改动过。",
        "请让该科室使用下发的原始模板重新填写。",
        "The template's hidden metadata does not match its own indicator list: the file may have been tampered with.",
        "Ask the section to fill the original template.",
    ),
    "RETURN_011": (
        "error",
        "找不到“自评表”工作表（没有同时含“编号”和“自评得分”表头的工作表）。",
        "请让该科室使用下发的模板，不要删除或改动“自评表”的表头。",
        "No self-assessment sheet found (no sheet has both the ID and Self score headers).",
        "Ask the section to use the template and keep the Self-assessment sheet's headers.",
    ),
    "RETURN_020": (
        "error",
        "“{sheet}”中有几列的表头都是“{expected}”（{columns}），内容却不同，无法判断以哪一列为准。",
        "请只保留一列“{expected}”：删除其他几列（或把它们的表头改成别的名称），然后重新报送。",
        "Several columns of '{sheet}' are headed '{expected}' ({columns}) and hold different values; which one counts cannot be told.",
        "Keep one '{expected}' column: delete the others (or give them other headers), then send the file again.",
    ),
    "RETURN_021": (
        "error",
        "除“{sheet}”{hidden}外，“{other}”也是一张自评表，两张表填写的内容不同，无法判断以哪一张为准。",
        "请只保留要报送的那张自评表，删除另一张，然后重新报送。",
        "Besides '{sheet}'{hidden}, '{other}' is a self-assessment sheet too, and the two say different things; which one counts cannot be told.",
        "Keep the one sheet you mean to send, delete the other, then send the file again.",
    ),
    "RETURN_022": (
        "warning",
        "这一行没有编号，却填写了内容（“{value}”），未计入任何指标。",
        "自评表只计有编号的指标行，自行增加的指标不计分。若这是某个指标的内容，请填到该指标所在的行；否则请删除这一行。",
        "This row has no ID but something typed in it ('{value}'); it counts for no indicator.",
        "Only rows with an ID are scored, and indicators a section adds are not. If this belongs to an indicator, put it on that indicator's row; otherwise delete the row.",
    ),
    "RETURN_028": (
        "info",
        "这一行是说明或签名（“{value}”），不是指标，已跳过。",
        "无需处理；需要说明的情况请写在“自评报告”中，那里的内容会进入审核和报告。",
        "This row is a note or a signature line ('{value}'), not an indicator; it was skipped.",
        "Nothing to do; anything to explain belongs in the Self-assessment report, which reaches the review and the reports.",
    ),
    "RETURN_029": (
        "warning",
        "这是小计/合计行，填写的内容（“{value}”）不属于任何指标，不会被读取。",
        "若这是某个指标的说明，请填到该指标所在的行；总体情况请写在“自评报告”中。",
        "This is a subtotal or total row; what was typed in it ('{value}') belongs to no indicator and is not read.",
        "If it explains an indicator, put it on that indicator's row; anything overall belongs in the Self-assessment report.",
    ),
    "RETURN_023": (
        "error",
        "自评表中的指标是“{other}”的（{count} 个编号中 {found} 个属于该科室，属于本科室“{section_label}”的只有 {mine} 个），可能复制粘贴了别的科室的表。",
        "请用本科室自己的模板重新填写后发送，不要从别的科室的表中复制内容。",
        "The indicators on the self-assessment sheet are those of '{other}' ({found} of its {count} IDs; only {mine} belong to '{section_label}', whose file this is): another section's table may have been pasted in.",
        "Fill in the section's own template and send it again; do not copy from another section's table.",
    ),
    "RETURN_027": (
        "warning",
        "这是“{own}”的自评表，但 {where} 的名称指向“{named}”：是否“{named}”误用了“{own}”的模板？已按“{own}”的自评表读取，与它一起报送的佐证材料也归入“{own}”。",
        "如确是“{named}”误用，请让其使用本科室的模板重新填写，并把这份移出 inbox 文件夹；如只是命名有误，无需处理。",
        "This is the return of '{own}', yet the name of {where} points to '{named}': did '{named}' fill in the template of '{own}'? It was read as the return of '{own}', and the materials sent with it were taken as theirs.",
        "If '{named}' used the wrong template, ask them to fill in their own and move this one out of the inbox; if only the name is wrong, nothing to do.",
    ),
    "RETURN_024": (
        "warning",
        "这是本工作区{found}的文件，不属于本次收集的{expected}，已放在一边，不影响该科室。",
        "这多半是放错了文件夹：请把它移到工作区的 {folder} 中。",
        "This is this workspace's file for {found}, not for this collection ({expected}); it was set aside and does not count against the section.",
        "It was most likely put in the wrong folder: move it to the workspace's {folder}.",
    ),
    "RETURN_012": (
        "error",
        "“{sheet}”表头中缺少“{expected}”列。",
        "请恢复该列的表头文字，或用新模板重新填写。",
        "The header of '{sheet}' lacks the '{expected}' column.",
        "Restore that header, or fill a fresh template.",
    ),
    "RETURN_013": (
        "error",
        "缺少指标 {id}“{name}”的行（可能被删除了）。",
        "请恢复该行，或用新模板重新填写。",
        "The row of indicator {id} '{name}' is missing (deleted?).",
        "Restore the row, or fill a fresh template.",
    ),
    "RETURN_014": (
        "error",
        "编号“{value}”出现了两次（第 {first_row} 行已有）。",
        "请删除重复的行，每个指标只保留一行。",
        "ID '{value}' appears twice (already on row {first_row}).",
        "Delete the duplicate row; keep one row per indicator.",
    ),
    "RETURN_015": (
        "error",
        "编号“{value}”不是该科室的指标。",
        "请删除这一行，或核对编号是否写错。",
        "ID '{value}' is not one of this section's indicators.",
        "Delete the row, or check the ID for a typo.",
    ),
    "RETURN_016": (
        "error",
        "指标 {id} 的分值被改成了“{value}”，应为 {expected} 分。",
        "分值不可修改，请改回 {expected}。",
        "The points of {id} were changed to '{value}'; they are {expected}.",
        "Points cannot be changed; restore {expected}.",
    ),
    "RETURN_017": (
        "warning",
        "指标 {id} 的名称被改成了“{value}”，应为“{expected}”。",
        "已按编号识别；请勿修改指标名称。",
        "The name of {id} was changed to '{value}'; it is '{expected}'.",
        "Read by its ID; please do not edit names.",
    ),
    "RETURN_018": (
        "error",
        "这是{found}模板，本次收集的是{expected}模板。",
        "请让该科室填写本次下发的模板。",
        "This template is for {found}; this collection is {expected}.",
        "Ask the section to fill the template sent for this collection.",
    ),
    "RETURN_019": (
        "warning",
        "找不到“自评报告”工作表，自评报告视为空白。",
        "请让该科室在“自评报告”工作表中填写自评报告。",
        "No self-assessment report sheet found; the report counts as blank.",
        "Ask the section to write its report on the Self-assessment report sheet.",
    ),
    "SCORE_001": (
        "error",
        "指标 {id} 的自评得分为空。",
        "请填写 0 至 {points} 之间的数字。",
        "The self score of {id} is blank.",
        "Enter a number from 0 to {points}.",
    ),
    "SCORE_002": (
        "error",
        "指标 {id} 的自评得分“{value}”不是数字。",
        "请填写 0 至 {points} 之间的数字（没有得分请填 0）。",
        "The self score of {id}, '{value}', is not a number.",
        "Enter a number from 0 to {points} (0 if nothing was earned).",
    ),
    "SCORE_003": (
        "error",
        "指标 {id} 的自评得分 {value} 是负数。",
        "请填写 0 至 {points} 之间的数字（表格软件把带括号的数字，如 (5)，当作负数）。",
        "The self score of {id}, {value}, is negative.",
        "Enter a number from 0 to {points} (spreadsheet programs read a number in brackets, such as (5), as negative).",
    ),
    "SCORE_004": (
        "error",
        "指标 {id} 的自评得分 {value} 超过分值 {points}。",
        "请填写 0 至 {points} 之间的数字。",
        "The self score of {id}, {value}, exceeds its points ({points}).",
        "Enter a number from 0 to {points}.",
    ),
    "SCORE_005": (
        "error",
        "指标 {id} 的自评得分是 Excel 错误值 {value}。",
        "请直接填写数字，不要使用出错的公式。",
        "The self score of {id} is the Excel error {value}.",
        "Enter the number itself instead of a failing formula.",
    ),
    "SCORE_006": (
        "error",
        "指标 {id} 的自评得分是公式“={formula}”，但文件中没有保存计算结果。",
        "请直接填写数字；或在 Excel/WPS 中打开后保存一次再发送。",
        "The self score of {id} is the formula '={formula}' with no saved result.",
        "Enter the number itself, or open and save the file in Excel/WPS before sending.",
    ),
    "SCORE_018": (
        "error",
        "指标 {id} 的自评得分是公式“={formula}”，其计算结果为空。",
        "请直接填写 0 至 {points} 之间的数字（没有得分请填 0），不要用公式。",
        "The self score of {id} is the formula '={formula}', whose result is blank.",
        "Enter a number from 0 to {points} itself (0 if none), not a formula.",
    ),
    "SCORE_007": (
        "error",
        "指标 {id} 的自评得分公式“={formula}”引用了其他工作簿。",
        "请直接填写数字，不要引用其他文件。",
        "The self score of {id} is a formula '={formula}' that refers to another workbook.",
        "Enter the number itself; do not refer to other files.",
    ),
    "SCORE_008": (
        "error",
        "填报单元格被合并了（合并区域 {value}）。",
        "请取消合并，每个指标的得分、完成情况、佐证材料各占一格。",
        "Input cells are merged (range {value}).",
        "Unmerge them: one cell each for score, achievement and evidence.",
    ),
    "SCORE_009": (
        "error",
        "单元格中插入了图片，或有图片浮在这个单元格上（可能遮住了其中的内容）。",
        "请删除图片，把图片作为佐证材料单独发送，并在“佐证材料”中写明文件名。",
        "A picture was put in the cell, or floats over it (and may hide what it holds).",
        "Remove it; send pictures as evidence files and name them in the Evidence column.",
    ),
    "SCORE_010": (
        "warning",
        "指标 {id} 的自评得分“{value}”已按 {parsed} 读取。",
        "请核对；今后请直接填写数字（单元格若是“文本”格式，请先改为“常规”格式再填写）。",
        "The self score of {id}, '{value}', was read as {parsed}.",
        "Please check; in future enter a plain number (if the cell is formatted as Text, format it as General first).",
    ),
    "SCORE_011": (
        "warning",
        "指标 {id} 的自评得分是公式“={formula}”，已采用其保存的结果 {parsed}。",
        "建议直接填写数字，避免公式在不同软件中结果不同。",
        "The self score of {id} is the formula '={formula}'; its saved result {parsed} was used.",
        "Prefer the number itself; formulas can differ between programs.",
    ),
    "CONTENT_001": (
        "warning",
        "指标 {id} 自评 {score} 分（满分 {points}），但“完成情况”为空。",
        "请说明完成情况及失分原因。",
        "{id} scores {score} of {points}, but its achievement is blank.",
        "Describe what was done and why points were lost.",
    ),
    "CONTENT_002": (
        "warning",
        "指标 {id} 自评 {score} 分，但没有填写“佐证材料”。",
        "请列出支撑该得分的佐证材料。",
        "{id} scores {score}, but no evidence is listed.",
        "List the evidence behind the score.",
    ),
    "CONTENT_003": (
        "warning",
        "自评报告的“{part}”部分为空。",
        "请补充填写自评报告的“{part}”。",
        "The '{part}' part of the self-assessment report is blank.",
        "Fill in the '{part}' part of the report.",
    ),
    "CONTENT_004": (
        "warning",
        "单元格内容是公式“={formula}”，已按其保存的结果读取为文字。",
        "请直接填写文字，不要使用公式。",
        "The cell holds the formula '={formula}'; its saved result was read as text.",
        "Enter plain text, not a formula.",
    ),
    "DUP_001": (
        "info",
        "与 {other} 内容完全相同，只使用一份。",
        "无需处理（两份所在文件夹中的佐证材料都已采用）；如要删除其中一份，请先把它旁边的佐证材料移到另一份所在的文件夹。",
        "Identical to {other}; one copy is used.",
        "Nothing to do (the materials beside both copies are used); to delete one copy, first move the materials beside it into the other's folder.",
    ),
    "DUP_002": (
        "error",
        "“{section}”报送了 {count} 份内容不同的自评表：{files}。",
        "请核实哪一份是最终版，把其余的移出 inbox 文件夹{inside}；或运行时加 --latest 自动采用最近保存的一份。",
        "'{section}' sent {count} different returns: {files}.",
        "Find out which is final and move the rest out of the inbox{inside}, or run with --latest to use the most recently saved.",
    ),
    "DUP_004": (
        "info",
        "与 {other} 填写的内容相同（另存为其他格式或重新保存过），只使用 {other}。",
        "无需处理；如需整洁可删除其中一份。",
        "Says the same as {other} (saved again, or in another format); {other} is used.",
        "Nothing to do; delete one copy if you like.",
    ),
    "DUP_005": (
        "error",
        "“{section}”报送了几份内容不同的自评表：{files}。--latest 无法判断哪份最近保存：{unknown} 没有记录保存时间（某些软件或网页导出的文件不记录，或记录的仍是 perfxl 生成模板时的时间）。",
        "请核实哪一份是最终版，把其他的移出 inbox 文件夹{inside}。",
        "'{section}' sent several different returns: {files}. --latest cannot tell which was saved last, as these record no saved time (some programs and web exports do not, or still give the time perfxl made the template): {unknown}.",
        "Find out which is final and move the others out of the inbox{inside}.",
    ),
    "DUP_006": (
        "error",
        "“{section}”报送了几份内容不同的自评表：{files}。--latest 无法判断哪份最近保存：{tied} 记录的保存时间相同。",
        "请核实哪一份是最终版，把其他的移出 inbox 文件夹{inside}。",
        "'{section}' sent several different returns: {files}. --latest cannot tell which was saved last: {tied} record the same saved time.",
        "Find out which is final and move the others out of the inbox{inside}.",
    ),
    "DUP_008": (
        "info",
        "这是没有填写的空白模板，已忽略：该科室另有填好的 {other}。",
        "无需处理；可把它移出 inbox 文件夹。",
        "This is the template as sent out, with nothing filled in: ignored, as the section sent a filled one ({other}).",
        "Nothing to do; it may be moved out of the inbox folder.",
    ),
    "DUP_007": (
        "warning",
        "这份文件无法采用，“{section}”保存得更晚的 {other} 已采用（本文件保存于 {saved}，{other} 保存于 {other_saved}），本文件的问题不再列出。",
        "如 {other} 是最终版，无需处理。",
        "This file cannot be used; '{section}' saved {other} later, and that one is used (this one saved {saved}, {other} saved {other_saved}); this file's own problems are no longer listed.",
        "Nothing to do if {other} is the final one.",
    ),
    "DUP_003": (
        "warning",
        "“{section}”有多份不同的自评表，已按 --latest 采用最近保存的 {chosen}。",
        "请核实采用的是最终版。",
        "'{section}' sent several different returns; --latest chose the most recently saved, {chosen}.",
        "Check that this is the final version.",
    ),
    "REVIEW_022": (
        "error",
        "这一行（指标 {id}）的科室代码为空，无法判断是哪个科室的：表格排过序，上一行已不是同一科室的前一个指标（或上方没有科室代码）。",
        "请在这一行填写科室代码（或保留“科室”列并填写科室名称）；按科室分块只在第一行填写代码的，请不要再对表格排序。",
        "This row's section code (indicator {id}) is blank and whose row it is cannot be told: the table was sorted, and the row above is no longer the same section's previous indicator (or no row above has a code).",
        "Type the section code on this row (or keep the Section column with the section's name); codes typed once per section only work while the table keeps its order.",
    ),
    "REVIEW_023": (
        "error",
        "工作区中有 {file}，看起来是填写过的审核表，但没有 {expected}：本次未采用任何审核结果。",
        "如果这就是考评小组的审核结果，请把它另存为工作区中的 {expected} 后重新运行。",
        "The workspace holds {file}, which looks like a filled review, but no {expected}: no review was applied.",
        "If it is the group's review, save it as {expected} in the workspace and run again.",
    ),
    "REVIEW_024": (
        "warning",
        "工作区中除 {expected} 外还有 {file}，看起来也是审核表；只采用了 {expected}，{file} 中的内容未读取。",
        "请确认 {expected} 是最终的审核结果；若另一份才是，请用它替换 {expected}，并删除多余的那份。",
        "Besides {expected}, the workspace holds {file}, which looks like a review too; only {expected} was applied, and {file} was not read.",
        "Check that {expected} holds the final decisions; if the other one does, put it in place of {expected} and delete the spare copy.",
    ),
    "REVIEW_025": (
        "warning",
        "审核表中还有一列“{value}”，其中 {count} 个单元格（{cells}）与核定得分不同；只采用了“核定得分”列，这一列未读取。",
        "如果以这一列为准（如复审结果），请把它的值填入“核定得分”列，再删除这一列。",
        "The review has another column, '{value}', where {count} cells ({cells}) differ from the approved score; only the approved score column was applied, and this one was not read.",
        "If this column is the one that counts (a second examination), put its values in the approved score column and delete it.",
    ),
    "REVIEW_026": (
        "warning",
        "核定得分 {value} 有 {places} 位小数，已照此采用。",
        "请核对：得分一般至多保留两位小数；这样的数字多半是公式结果（如 =F6/3）或粘贴来的。",
        "The approved score {value} has {places} decimal places and was applied as it is.",
        "Please check: scores rarely have more than two decimals; a number like this usually comes from a formula (=F6/3) or a paste.",
    ),
    "REVIEW_027": (
        "warning",
        "这一行没有编号，却填写了核定得分“{value}”，无法对应到任何指标，未采用。",
        "审核表只对已有的指标核定得分；加分、扣分请通过扣分登记簿或相应指标的核定得分体现。若这是某个指标的核定结果，请填到该指标所在的行。",
        "This row has no ID but an approved score ('{value}'): it matches no indicator and was not applied.",
        "The review approves scores of existing indicators only; record extra points or deductions in the register or in the indicator's own approved score. If this belongs to an indicator, put it on that indicator's row.",
    ),
    "REVIEW_028": (
        "error",
        "{section_label} 指标 {id} 的核定得分被表格软件自动转换成了日期或时间“{value}”（输入的可能是 1/2、3-4 这样的内容），未采用。",
        "请先把该单元格格式改为“常规”，再填写数字（如 0.5），或留空表示采用自评得分。",
        "{section_label} {id}: the approved score was turned into a date or time by the spreadsheet program ('{value}'; what was typed was probably like 1/2 or 3-4) and was not applied.",
        "Format the cell as General first, then enter a number (such as 0.5), or leave it blank to keep the self score.",
    ),
    "REVIEW_021": (
        "warning",
        "{section_label} 指标 {id} 的核定说明写了“{note}”，但核定得分为空，按自评得分计算。",
        "如要核减，请在“核定得分”中填写核减后的分数；如不核减，可忽略本提示。",
        "{section_label} {id}: the review note says '{note}' but the approved score is blank, so the self score counts.",
        "To cut the score, enter the score after the cut as the approved score; otherwise ignore this.",
    ),
    "REVIEW_033": (
        "error",
        "审核表 {file} 设置了打开密码，无法读取，其中的核定得分都未采用。",
        "请打开它，清除密码后保存（Excel：“文件 › 信息 › 保护工作簿 › 用密码进行加密”，清空密码；WPS：“文件 › 文档加密 › 密码加密”；LibreOffice：“文件 › 另存为”，取消勾选“使用密码保存”），再重新运行。",
        "The review {file} has a password to open it and cannot be read; none of its approved scores was applied.",
        "Open it, clear the password and save it (Excel: File › Info › Protect Workbook › Encrypt with Password, clear it; LibreOffice: File › Save As, untick Save with password), then run again.",
    ),
    "REVIEW_001": (
        "warning",
        "{section_label} 指标 {id} 的核定得分 {approved} 与自评得分 {self_score} 不同，但没有填写核定说明。",
        "请在“核定说明”中写明调整理由。",
        "{section_label} {id}: approved {approved} differs from the self score {self_score} without an explanation.",
        "Explain the adjustment in the Review note column.",
    ),
    "REVIEW_002": (
        "error",
        "{section_label} 指标 {id} 的核定得分 {value} 超出 0 至 {points} 的范围。",
        "请填写 0 至 {points} 之间的数字。",
        "{section_label} {id}: approved score {value} is outside 0 to {points}.",
        "Enter a number from 0 to {points}.",
    ),
    "REVIEW_020": (
        "warning",
        "{section_label} 指标 {id} 的核定得分“{value}”已按 {parsed} 读取。",
        "请核对；今后请直接填写数字。",
        "{section_label} {id}: the approved score '{value}' was read as {parsed}.",
        "Please check; in future enter a plain number.",
    ),
    "REVIEW_003": (
        "error",
        "{section_label} 指标 {id} 的核定得分“{value}”不是数字。",
        "请填写数字，或留空表示采用自评得分。",
        "{section_label} {id}: approved score '{value}' is not a number.",
        "Enter a number, or leave it blank to keep the self score.",
    ),
    "REVIEW_004": (
        "error",
        "{section_label} 不承担指标 {id}，不能为其核定得分。",
        "请删除这一行，或核对科室代码和编号。",
        "{section_label} does not own indicator {id}; it cannot be scored for it.",
        "Delete the row, or check the section code and ID.",
    ),
    "REVIEW_005": (
        "error",
        "审核表中的科室“{value}”不在主表中。",
        "请核对科室代码。",
        "Section '{value}' in the review is not in the master.",
        "Check the section code.",
    ),
    "REVIEW_006": (
        "warning",
        "{section_label} 没有可用的自评表，审核表中对它的核定得分未采用。",
        "待该科室报送有效的自评表后重新运行；如它报送了几份不同的自评表，请留下最终版（或运行时加 --latest）。",
        "{section_label} has no usable return, so its approved scores were not used.",
        "Run again once its return is valid; if it sent several different ones, keep the final one (or run with --latest).",
    ),
    "REVIEW_007": (
        "error",
        "审核表中 {section_label} 指标 {id} 出现了两次（第 {first_row} 行已有）。",
        "每个科室的每项指标只保留一行。",
        "{section_label} {id} appears twice in the review (already on row {first_row}).",
        "Keep one row per section and indicator.",
    ),
    "REVIEW_008": (
        "error",
        "审核表缺少“审核”工作表或表头“{expected}”。",
        "请使用 perfxl review 生成的审核表填写。",
        "The review lacks the sheet Review or the header '{expected}'.",
        "Fill the workbook perfxl review writes.",
    ),
    "REVIEW_009": (
        "error",
        "审核表 {file} 无法读取（{reason}）。",
        "请用 Excel 打开后另存为 .xlsx 再试。",
        "The review {file} cannot be read ({reason}).",
        "Open it in Excel, save as .xlsx and retry.",
    ),
    "REVIEW_011": (
        "error",
        "审核表中 {section_label} 指标 {id} 的分值为 {shown}，主表现为 {points}：核定得分是按原分值审定的，未采用。",
        "请按新分值复核这一项，把核定得分和本行分值改为按 {points} 分审定的结果。",
        "The review shows {section_label} {id} worth {shown}; the master now says {points}: the approved score was decided on the old points and was not used.",
        "Review this item again for {points} points and correct the approved score and the row's points.",
    ),
    "REVIEW_029": (
        "warning",
        "{section_label} 指标 {id} 的核定得分是公式（{value}），perfxl 已自行计算为 {parsed}（不采用文件中保存的结果）。",
        "建议直接填写数字。",
        "The approved score of {section_label} {id} is a formula ({value}); perfxl computed it as {parsed} (the saved result is not trusted).",
        "Prefer the number itself.",
    ),
    "REVIEW_030": (
        "warning",
        "{section_label} 指标 {id} 的核定得分是公式（{value}），已采用文件中保存的结果 {parsed}；如公式引用的单元格改过而未重新计算，这个结果可能已经过时。",
        "请核对这一项；建议直接填写数字。",
        "The approved score of {section_label} {id} is a formula ({value}); its saved result {parsed} was used, which is out of date if a cell it refers to changed and the file was not recalculated.",
        "Check this item; prefer the number itself.",
    ),
    "REVIEW_031": (
        "warning",
        "审核表中缺少“分值”或“自评得分”列：无法核对审核后科室是否重新报送了自评表、主表分值是否改过，核定得分已按原样采用。",
        "请把缺少的列恢复：如审核表的行序未调整过，可从 perfxl review 生成的 output/review.xlsx 中复制“分值”“自评得分”两列（可以隐藏，但不要删除）；在此之前，请逐项核对已填核定得分的科室是否在审核后重新报送了自评表。",
        "The review has no Points or Self score column: whether a section sent its return again after the review, or the master's points changed, cannot be checked, and the approved scores were used as they are.",
        "Restore the missing column(s): if the rows were not reordered, copy Points and Self score from output/review.xlsx, which perfxl review wrote (hide them rather than delete them); until then, check for each section with approved scores whether it sent its return again after the review.",
    ),
    "REVIEW_032": (
        "warning",
        "审核表中 {section_label} 指标 {id} 的自评得分为 {shown}，而所采用的自评表中为 {now}，核定得分为空：这一格的 {shown} 不被采用，按自评表的 {now} 计分。",
        "如果是把核定得分误填在了“自评得分”列，请改填到“核定得分”列，并把自评得分恢复为 {now}；如果是科室在审核后重新报送了自评表，请对照新自评表复核这一项，并在“核定得分”中填写复核结果。",
        "The review shows {section_label} {id} self-scored {shown}, the return used says {now}, and the approved score is blank: the number in this cell is not used, {now} is scored.",
        "If the approved score was typed into the Self score column, type it under Approved score and put the self score back to {now}; if the section sent its return again after the review, review this item against the new return and enter the result under Approved score.",
    ),
    "REVIEW_012": (
        "error",
        "审核表中 {section_label} 指标 {id} 的自评得分为 {shown}，现采用的自评表为 {now}（审核后科室重新报送了自评表）：核定得分是按旧版本审定的，未采用。",
        "请对照新自评表复核这一项；确认核定得分后，把本行的自评得分改为 {now}。",
        "The review shows {section_label} {id} self-scored {shown}; the return now used says {now} (the section sent its return again after the review): the approved score was decided on the old one and was not used.",
        "Review this item against the new return; once the approved score is right, change the row's self score to {now}.",
    ),
    "REVIEW_013": (
        "warning",
        "审核表中没有 {section_label}：生成审核表时还没有它可用的自评表（之后才报送，或当时有两份不同的自评表），或它的行已从审核表中删去；其得分按自评得分计算，未经审核。",
        "请重新运行 perfxl review 生成包含它的审核表并补充审核（有两份自评表时先处理，或加 --latest），或确认其自评得分无需调整。",
        "{section_label} is not in the review: it had no usable return when the review was made (it came later, or two different ones were there), or its rows were deleted from the review; its self scores count unreviewed.",
        "Run perfxl review again for a workbook that includes it (settle two returns first, or add --latest) and review it, or confirm that its self scores stand.",
    ),
    "REVIEW_014": (
        "error",
        "审核表保存成了 {file}，perfxl 只读取 {expected}：本次未采用任何核定得分。",
        "请用 Excel 打开 {file}，另存为 Excel 工作簿（.xlsx），文件名 {expected}。",
        "The review was saved as {file}; perfxl reads {expected} only, so no approved score was applied.",
        "Open {file} in Excel and save it as an Excel workbook (.xlsx) named {expected}.",
    ),
    "REVIEW_034": (
        "warning",
        "{file} 中有 {count} 个核定得分或核定说明是工作区的 {expected} 没有或不同的：本次采用的是 {expected}。",
        "如 {file} 是考评小组后来重新填写的，请把它另存为工作区中的 {expected}（替换原文件）后重新运行。",
        "{file} holds approved scores or notes ({count}) that the workspace's {expected} lacks or gives otherwise: {expected} was applied.",
        "If the group filled {file} since, save it as {expected} in the workspace (replacing it) and run again.",
    ),
    "REVIEW_015": (
        "error",
        "{file} 中已填写了 {count} 个核定得分，但工作区中没有 {expected}：本次未采用审核结果。",
        "如这就是考评小组的审核结果，请把它另存为工作区中的 {expected} 后重新运行。",
        "{file} holds approved scores ({count}), but the workspace has no {expected}: no review was applied.",
        "If this is the group's review, save it as {expected} in the workspace and run again.",
    ),
    "REVIEW_016": (
        "error",
        "审核表中{which}填写了核定得分{example}：无法判断以哪一张为准，本次未采用任何核定得分。",
        "请把核定得分集中到一张审核工作表中，删除或清空其他副本。",
        "In the review, {which} approved scores{example}: which one counts cannot be told, so none was applied.",
        "Gather the approved scores on one review sheet and delete or clear the copies.",
    ),
    "REVIEW_017": (
        "error",
        "审核表 {file} 是为{other}生成的，不是本工作区 {expected} 年度的：本次未采用任何核定得分。",
        "请使用本工作区 perfxl review 生成的审核表（output/review.xlsx）填写。",
        "The review {file} was made for {other}, not this workspace's {expected}: no approved score was applied.",
        "Fill the review this workspace's perfxl review writes (output/review.xlsx).",
    ),
    "REVIEW_018": (
        "error",
        "{section_label} 指标 {id} 的核定得分单元格显示为“{value}”，不是填写的数字（错误值、未保存计算结果或引用其他文件的公式、百分比格式）：未采用。",
        "请直接填写 0 至分值之间的数字，单元格格式用常规或数值；留空表示采用自评得分。",
        "{section_label} {id}: the approved score cell shows '{value}', not a number typed in (an error value, a formula never computed or reaching into another file, a percentage): not used.",
        "Type a number from 0 to the points, in a General or Number cell; leave it blank to keep the self score.",
    ),
    "REVIEW_019": (
        "error",
        "{section_label} 指标 {id} 的核定得分单元格在合并区域 {value} 中：合并后只有第一格保存数值，无法判断各行的核定得分，未采用。",
        "请取消合并，逐行填写核定得分（留空表示采用自评得分）。",
        "{section_label} {id}: the approved score cell is inside the merged range {value}; merged cells keep a value in their first cell only, so each row's score cannot be told: not used.",
        "Unmerge the cells and enter each row's approved score (blank keeps the self score).",
    ),
    "TEMPLATE_001": (
        "error",
        "模板文件 {file} 第 {line} 行有错误：{reason}。该文档未生成，其余输出不受影响。",
        "请修改 templates 文件夹中的该模板，或删除它以恢复默认模板。",
        "Template {file} line {line}: {reason}. That document was not written; the other outputs were.",
        "Fix the template in the workspace's templates folder, or delete it to use the default.",
    ),
    "TEMPLATE_002": (
        "warning",
        "截止日期 {value} 不在 {year} 年或 {next_year} 年内，与 {year} 年度考评不符。模板和邮件草稿已按此日期生成。",
        "如是笔误，请改正（--deadline 或主表“设置”中的截止日期）后重新运行 perfxl templates，并重新发送邮件草稿。",
        "The deadline {value} is not in {year} or {next_year}, so it does not fit the {year} assessment. The templates and drafts were made with it.",
        "If it is a typo, correct it (--deadline, or the master's Settings deadline), run perfxl templates again and send the drafts again.",
    ),
    "ROUND_001": (
        "warning",
        "截至日期 {value} 不在 {year} 年度内：时序进度按该日期计算为 0% 或 100%，落后判断没有意义。",
        "请核对 --as-of 的日期（如 {year}-09-30）后重新运行。",
        "The as-of date {value} is outside {year}: the elapsed share is 0% or 100% and lagging means nothing.",
        "Check the --as-of date (e.g. {year}-09-30) and run again.",
    ),
    "ROUND_002": (
        "warning",
        "另一轮次的进度文件已损坏，无法读取，本次不与该轮次比较。",
        "如需比较，请对该轮次重新运行 perfxl run -w {workspace} --round {typed} --as-of（该轮次的截至日期）。",
        "Another round's progress file is damaged and cannot be read: this round is not compared with it.",
        "To compare, run perfxl run -w {workspace} --round {typed} --as-of (that round's date) again.",
    ),
    "ROUND_005": (
        "warning",
        "轮次“{previous}”和{others}的截至日期都是 {as_of}：本轮与“{previous}”比较。",
        "如应与其他轮次比较，请把不用的轮次的截至日期改正（对该轮次重新运行 perfxl run --round 名称 --as-of 正确日期）后重新运行本轮。",
        "The rounds '{previous}' and {others} were all measured as of {as_of}: this round is compared with '{previous}'.",
        "To compare with another, correct the date of the rounds not meant (run perfxl run --round NAME --as-of THE-RIGHT-DATE for each), then run this round again.",
    ),
    "ROUND_006": (
        "warning",
        "轮次“{round}”上次按截至 {before} 计算，这次按截至 {now} 计算：此后的轮次将与 {now} 的进度比较。",
        "如该轮次应保持原日期，请运行 perfxl run -w {workspace} --round {typed} --as-of {before}。",
        "The round '{round}' was last measured as of {before}, now as of {now}: later rounds compare with its progress as of {now}.",
        "If the round should keep its date, run perfxl run -w {workspace} --round {typed} --as-of {before}.",
    ),
    "ROUND_003": (
        "warning",
        "截至日期 {value} 还没有到（今天是 {today}）：时序进度按将来的日期计算，落后判断会偏严。",
        "请核对 --as-of 的日期后重新运行。",
        "The as-of date {value} has not come yet (today is {today}): the elapsed share is that of a future day, and lagging is judged too strictly.",
        "Check the --as-of date and run again.",
    ),
    "ROUND_004": (
        "warning",
        "与上一轮“{previous}”相比，{items} 的科室或指标已改变（名称、分值或代码改给了别的科室），不与上一轮比较。",
        "请核对主表；如确有调整，无需处理。",
        "Since the previous round '{previous}', {items} changed (name, points, or a code given to another section): they are not compared with that round.",
        "Check the master; if the change was meant, nothing to do.",
    ),
    "PROGRESS_001": (
        "error",
        "指标 {id} 的完成进度为空。",
        "请填写 0% 至 100% 之间的完成进度。",
        "The progress of {id} is blank.",
        "Enter a progress from 0% to 100%.",
    ),
    "PROGRESS_002": (
        "error",
        "指标 {id} 的完成进度“{value}”不是百分比。",
        "请填写 0% 至 100% 之间的完成进度，如 75%。",
        "The progress of {id}, '{value}', is not a percentage.",
        "Enter a progress from 0% to 100%, e.g. 75%.",
    ),
    "PROGRESS_003": (
        "error",
        "指标 {id} 的完成进度 {value} 超出 0% 至 100% 的范围。",
        "请填写 0% 至 100% 之间的完成进度{hint}。",
        "The progress of {id}, {value}, is outside 0% to 100%.",
        "Enter a progress from 0% to 100%{hint}.",
    ),
    "PROGRESS_005": (
        "error",
        "指标 {id} 的完成进度是公式“={formula}”，但文件中没有保存计算结果。",
        "请直接填写百分比，如 75%；或在 Excel/WPS 中打开后保存一次再发送。",
        "The progress of {id} is the formula '={formula}' with no saved result.",
        "Enter the percentage itself, e.g. 75%, or open and save the file in Excel/WPS before sending.",
    ),
    "PROGRESS_006": (
        "warning",
        "指标 {id} 的完成进度是公式“={formula}”，文件中没有保存计算结果；perfxl 计算为 {parsed}。",
        "请核对；今后请直接填写百分比，如 75%。",
        "The progress of {id} is the formula '={formula}' with no saved result; perfxl computed {parsed}.",
        "Please check; in future enter the percentage itself, e.g. 75%.",
    ),
    "PROGRESS_004": (
        "warning",
        "指标 {id} 的完成进度“{value}”存成了文字或不带百分号的数字，已按 {parsed} 读取。",
        "请核对。今后请在“完成进度”单元格中直接键入数字和百分号，如 75%；不要加其他文字，也不要把单元格改成文本格式。",
        "The progress of {id}, '{value}', was stored as text or as a number without a percent sign; it was read as {parsed}.",
        "Please check. In future type the number and a percent sign straight into the Progress cell, e.g. 75%, with no other characters, and do not format the cell as text.",
    ),
    "RECT_001": (
        "warning",
        "上年度整改事项 {key}（{text}）的“{part}”未填写（“无”“/”之类不算填写）。",
        "请填写该事项的整改措施和整改成效。",
        "Last year's rectification item {key} ({text}) has no '{part}' (a dash or 'none' is no answer).",
        "Fill in the measures taken and their results.",
    ),
    "RECT_003": (
        "warning",
        "事项编号“{value}”不是上年度的整改事项（应为 {keys} 之一），这一行的回答未采用。",
        "请不要修改“事项编号”列：把回答移到对应事项的行中，或恢复原来的编号。",
        "Item number '{value}' is none of last year's rectification items (expected one of {keys}); this row's answer was not used.",
        "Do not change the item number column: move the answer to its item's row, or restore the number.",
    ),
    "RECT_002": (
        "warning",
        "找不到“上年度整改”工作表，{count} 项上年度整改事项视为未答复。",
        "请使用本年度下发的模板，在“上年度整改”中逐项填写。",
        "The return has no sheet for last year's rectification: last year's rectification items ({count}) count as unanswered.",
        "Use this year's template and answer each item on its Last year's rectification sheet.",
    ),
    "YOY_001": (
        "info",
        "科室 {section_code} 上年名称为“{old}”，今年为“{new}”，已按代码对应。",
        "如并非同一科室，请在主表中为其使用新的代码。",
        "Section {section_code} was called '{old}' last year and '{new}' now; matched by code.",
        "If it is not the same section, give it a new code in the master.",
    ),
    "YOY_002": (
        "info",
        "科室 {section_code}“{name}”是今年新增的，没有上年度结果可比较。",
        "无需处理。",
        "Section {section_code} '{name}' is new this year; there is no result to compare with.",
        "Nothing to do.",
    ),
    "YOY_003": (
        "info",
        "上年度的科室 {section_code}“{name}”今年已不在主表中。",
        "无需处理；如为误删，请在主表中恢复。",
        "Last year's section {section_code} '{name}' is not in this year's master.",
        "Nothing to do, unless it was removed by mistake.",
    ),
    "YOY_004": (
        "info",
        "指标 {id} 上年名称为“{old}”，今年为“{new}”，已按编号对应。",
        "如并非同一指标，请为其使用新的编号。",
        "Indicator {id} was called '{old}' last year and '{new}' now; matched by ID.",
        "If it is not the same indicator, give it a new ID.",
    ),
    "YOY_005": (
        "info",
        "指标 {id}“{name}”是今年新增的。",
        "无需处理。",
        "Indicator {id} '{name}' is new this year.",
        "Nothing to do.",
    ),
    "YOY_006": (
        "info",
        "上年度的指标 {id}“{name}”今年已不在主表中。",
        "无需处理。",
        "Last year's indicator {id} '{name}' is not in this year's master.",
        "Nothing to do.",
    ),
    "YOY_008": (
        "warning",
        "上年度的结果文件 {path} 已损坏，无法使用（{reason}），只沿用了科室、指标和扣分登记中的整改事项。",
        "如需导入上年度结果，请在上年度工作区重新运行 perfxl run -w {typed}，再运行 perfxl init 临时文件夹 --from {typed}，把临时文件夹中的 previous.json 复制到新工作区、替换原文件。",
        "Last year's results {path} are damaged and cannot be used ({reason}); only sections, indicators and the register's items were carried over.",
        "To import last year's results, run perfxl run -w {typed} again, then perfxl init SCRATCH --from {typed}, and copy SCRATCH/previous.json over the new workspace's.",
    ),
    "YOY_009": (
        "warning",
        "上年度的科室 {section_code}“{name}”今年已不在主表中，它的 {count} 项整改事项不会出现在任何自评表中，也不会跟踪。",
        "如该科室改了代码或并入其他科室，请在主表中保留原代码，或把它的整改事项（见上年度的整改通知）转交接手的科室。",
        "Last year's section {section_code} '{name}' is not in this year's master: its {count} rectification items will be on no template and not followed up.",
        "If it was recoded or merged, keep its old code in the master, or pass its items (see last year's notices) to the section taking over.",
    ),
    "YOY_013": (
        "warning",
        "上年度的科室 {old_code}“{name}”今年的代码是 {section_code}：上年度的结果和整改事项已按名称对应到 {section_code}。",
        "请核对科室代码是否有意调整；如非有意，请在主表中恢复上年度的代码。",
        "Last year's section {old_code} '{name}' has the code {section_code} this year: last year's results and items were matched to {section_code} by name.",
        "Check that the codes were changed on purpose; if not, restore last year's codes in the master.",
    ),
    "YOY_014": (
        "warning",
        "上年度的 {file} 在最后一次 perfxl run 之后又改动过：上年度结果按那次运行导入（{year} 年度），科室、指标和整改事项以现在的主表为准，两者可能不一致。",
        "请核对新工作区的科室、指标和上年度整改事项；如上年度的改动应当计入结果，请先在上年度工作区重新运行 perfxl run，再删除新工作区后重新运行 perfxl init --from。",
        "Last year's {file} was changed after its last perfxl run: last year's results were imported as that run computed them ({year}); sections, indicators and items follow the master as it is now, and the two may differ.",
        "Check the new workspace's sections, indicators and last year's items; if the changes should count in last year's results, run perfxl run there again, then delete the new workspace and run perfxl init --from again.",
    ),
    "YOY_015": (
        "warning",
        "本工作区是 {year} 年度，导入的“上年度”数据却是 {previous} 年度的，各处的“上年”比较实为与 {previous} 年度比较。",
        "请核对主表“设置”中的年度；如年度无误而上年度数据有误，请运行 perfxl init 临时文件夹 --from {last}年度工作区文件夹，再把临时文件夹中的 previous.json 复制到本工作区、替换原文件。",
        "This workspace is for {year}, but the 'last year' imported is {previous}: every comparison with last year is with {previous}.",
        "Check the year in the master's Settings; if it is right and last year's data is wrong, run perfxl init SCRATCH --from the {last} workspace's folder, and copy SCRATCH/previous.json over this workspace's.",
    ),
    "YOY_016": (
        "warning",
        "{year} 年度的 {count} 项整改事项属于 {last} 年度主表中已没有的科室 {codes}，不再结转。",
        "如仍需跟踪，请把这些事项（见 {year} 年度的整改通知）转交接手的科室。",
        "{year}'s rectification items of sections no longer in {last}'s master ({codes}; {count} in all) are not carried over.",
        "To follow them up, pass them (see {year}'s notices) to the sections taking over.",
    ),
    "YOY_010": (
        "warning",
        "今年的科室 {section_code}“{name}”与上年度的科室 {old_code} 同名：如只是改了代码，上年度的结果和整改事项按代码对应，对应不上。",
        "如为同一科室，请在主表中沿用上年度的代码 {old_code}。",
        "This year's section {section_code} '{name}' has the name of last year's {old_code}: if only its code changed, last year's results and items, matched by code, are not matched.",
        "If it is the same section, keep last year's code {old_code} in the master.",
    ),
    "YOY_012": (
        "warning",
        "上年度扣分登记簿 {file} 中有 {count} 行有错误，这些行的扣分未转为本年度的整改事项。",
        "如需结转，请在上年度工作区改正扣分登记簿后，删除新工作区并重新运行 perfxl init --from。",
        "Last year's deductions register {file} has {count} rows in error; they were not carried over as rectification items.",
        "To carry them over, fix last year's register, then delete the new workspace and run perfxl init --from again.",
    ),
    "YOY_011": (
        "warning",
        "上年度工作区 {path} 的考评结果是临时结果（{count} 个科室未排名），导入的是这份临时结果。",
        "如上年度已补正，请先在上年度工作区重新运行 perfxl run，再删除新工作区后重新运行 perfxl init --from。",
        "Last year's workspace {path} has provisional results (sections not ranked: {count}); those were imported.",
        "If last year has been completed since, run perfxl run there again, then delete the new workspace and run perfxl init --from again.",
    ),
    "YOY_007": (
        "warning",
        "上年度工作区 {path} 没有考评结果（output/manifest.json）：只沿用了科室、指标和扣分登记中的整改事项。",
        "如需导入上年度结果，请先运行 perfxl run -w {typed}，再运行 perfxl init 临时文件夹 --from {typed}，把临时文件夹中的 previous.json 复制到新工作区、替换原文件。",
        "Last year's workspace {path} has no results (output/manifest.json): only sections, indicators and the register's items were carried over.",
        "To import its results, run perfxl run -w {typed}, then perfxl init SCRATCH --from {typed}, and copy SCRATCH/previous.json over the new workspace's.",
    ),
}


def catalogue_markdown() -> str:
    """The problem catalogue as the README's table (`python -m perfxl.i18n` prints it)."""
    lines = ["| code | severity | what it means (en) |", "|---|---|---|"]
    for code, (severity, _zh, _zh_fix, en, _en_fix) in ISSUES.items():
        lines.append(f"| `{code}` | {severity} | {en.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(catalogue_markdown(), end="")
