"""Turning raw cell values into text, numbers and dates, and naming cells in A1 notation."""

from __future__ import annotations

import ast
import functools
import math
import operator
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Context, Decimal, DecimalException, InvalidOperation


@functools.lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """0-based column index to letters: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """Column letters to a 0-based index: A -> 0, AA -> 26 (upper case expected)."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


_NOT_XML = {0xFFFE: 0xFFFD, 0xFFFF: 0xFFFD}
# A formula reaching into another workbook: Excel and LibreOffice store [1]Sheet!A1 (the
# link's index), some programs [Book2.xlsx]Sheet!A1. A table's structured reference,
# Table1[Score] or Table1[2020], follows a name, and stays in the workbook.
EXTERNAL_REFERENCE = re.compile(
    r"(?<![\w\]])\[(?:\d+|[^\[\]]*\.(?:xl\w*|ods|et|csv))\]"
    r"|\[\s*'(?:file|https?|ftp):", re.IGNORECASE)  # LibreOffice: ['file:///…/x.ods'#$Sheet1.A1]


@functools.lru_cache(maxsize=1 << 16)  # the same few hundred cells, in every return
def a1(row: int, column: int) -> str:
    """1-based row and 0-based column to an A1 address."""
    return f"{column_letter(column)}{row}"


def cell_text(value: object) -> str:
    """A cell as trimmed text; whole floats lose their `.0`, dates print as ISO. U+FFFE and
    U+FFFF, which lenient readers pass on but no XML may hold (a template or report made
    with them would not open), become U+FFFD."""
    if type(value) is str:  # most cells: one test instead of six
        if "\ufffe" in value or "\uffff" in value:
            value = value.translate(_NOT_XML)
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def exact_decimal(value: object) -> Decimal | None:
    """A numeric cell value as a Decimal, else None: a float as Excel shows it, its shortest
    repr within 15 significant digits."""
    if type(value) is float:  # what readers give for every number: the common case first
        return _float_decimal(value) if value - value == 0 else None  # not inf, not nan
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):  # a subclass (numpy's float64): read as a float is
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return _float_decimal(float(value))
    if isinstance(value, Decimal):
        return value
    return None


MAX_POINTS = Decimal(10_000)
_CENT = Decimal("0.01")


def plain_points(value: Decimal) -> bool:
    """True for points or a deduction perfxl can add up: at most MAX_POINTS, at most two
    decimals (a pasted document number, 2020123456789…, would overflow the arithmetic)."""
    return abs(value) <= MAX_POINTS and value == value.quantize(_CENT)


@functools.lru_cache(maxsize=4096)  # a few hundred distinct scores and points, over and over
def _float_decimal(value: float) -> Decimal:
    # keyed by the float, so 0.0 and -0.0 share an entry: zero is always plain 0 here
    if not value:
        return Decimal(0)
    number = Decimal(repr(value))
    # A sum saved by Excel (=SUM(0.1,32.2,7.7)) or pasted as a value keeps 17 digits,
    # 40.000000000000007, where Excel shows 15: 40, which is what the section typed or saw.
    # Excel rounds the binary value itself, half away from zero.
    if len(number.as_tuple().digits) > EXCEL_DIGITS:
        return as_excel_shows(Decimal(value))
    return number


EXCEL_DIGITS = 15  # significant digits Excel keeps of a number typed and shows of any
_EXCEL_CONTEXT = Context(prec=EXCEL_DIGITS, rounding=ROUND_HALF_UP)


def as_excel_shows(value: Decimal) -> Decimal:
    """`value` to Excel's 15 significant digits: =35/3*3 is 35, as in Excel, not the
    35.00000000000000000000000001 of exact decimal division (which exceeded 分值 35)."""
    rounded = _EXCEL_CONTEXT.plus(value)
    if rounded == rounded.to_integral_value() and rounded.adjusted() < _WHOLE_DIGITS:
        return rounded.quantize(Decimal(1)) or Decimal(0)
    return rounded.normalize()


_WHOLE_DIGITS = 28  # a whole number written out in full within Decimal's default precision


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


# the longest first: "points" before "pts"
_UNIT_WORDS = {"分": ("points", "point", "pts", "pt"), "人": ("persons", "person", "people"),
               "年": ("years", "year"), "元": ("yuan", "rmb", "cny")}


def lenient_decimal(value: object, units: str = "分") -> tuple[Decimal | None, bool]:
    """Parse a number a person typed: (value, was_adjusted).

    Accepts numbers stored as text, full-width digits and punctuation (１２．５), one of the
    trailing `units` (分; also 人, 年 or 元 where those are counted) and surrounding spaces;
    `was_adjusted` is True when anything had to be cleaned so the caller can warn. Anything
    else gives (None, False).
    """
    number = exact_decimal(value)
    if number is not None:
        return number, False
    if not isinstance(value, str):
        return None, False
    if _NUMBER.fullmatch(value):  # plain digits stored as text: no cleaning needed
        return Decimal(value) or Decimal(0), True  # "-0" reads as plain 0
    text = unicodedata.normalize("NFKC", value).strip().replace("\u3000", "")
    if text[-1:] and text[-1] in units:
        text = text[:-1].strip()
    else:  # the same units in English: "12.5 points", "6 people", "100000 yuan"
        text = text.rstrip(".")  # "30 pts."
        lowered = text.casefold()
        word = next((word for unit in units for word in _UNIT_WORDS.get(unit, ())
                     if lowered.endswith(word)), None)
        text = text[:-len(word)].strip() if word else text
    if not _NUMBER.fullmatch(text):
        return None, False
    try:
        return Decimal(text) or Decimal(0), True
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        return None, False


def parse_date(value: object) -> date | None:
    """A date cell, or text such as 2021-01-31, 2021/1/31 or 2021年1月31日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def display_width(text: str) -> int:
    """Half-width columns a text takes; CJK (three UTF-8 bytes) counts two, ASCII one."""
    return (len(text.encode("utf-8")) + len(text)) // 2


def shortened(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: cut at a space or punctuation where one is near
    the end (never inside a number, which would then misread: "扣分 1" for "扣分 1.5"),
    marked with …."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    boundary = max(cut.rfind(c) for c in " ，。；、：（,;:(")
    if boundary >= limit // 2:
        cut = cut[:boundary]
    elif cut[-1:].isdigit() or cut[-1:] == ".":
        cut = cut.rstrip("0123456789.")
    return cut.rstrip() + "…"


LINE_POINTS = 13.5  # one line of 10-point 宋体, as the formats here set
LINE_POINTS_11 = 15  # one line of the 11-point default font of a workbook perfxl edits
MAX_ROW_POINTS = 409  # the tallest row Excel allows


def wrapped_height(texts: Sequence[tuple[str, float]], line_points: float = LINE_POINTS) -> float:
    """A row height (points) that shows each text wrapped in its column of the given width
    (Excel's units, about one Latin character): a Chinese character takes two units.
    `line_points`: one line's height in the cells' font (10-point by default)."""
    lines = max((_wrapped_lines(text, width) for text, width in texts if text), default=1)
    return min(MAX_ROW_POINTS, lines * line_points + 4)


def taller_than_a_line(texts: Sequence[tuple[str, float]], line_points: float = LINE_POINTS
                       ) -> float | None:
    """wrapped_height(texts) when a text needs more than one line, else None (the default
    height does)."""
    height = wrapped_height(texts, line_points)
    return height if height > wrapped_height((), line_points) else None


def title_lines(text: str, span: float, points: int = 16) -> int:
    """Lines a bold title of `points` takes in `span` column units: points/10 times the
    10-point text's width (what display_width counts), each line typed (a section name
    with an Alt+Enter in it) wrapped on its own."""
    usable = max(span - 1.5, 1.0)
    return max(1, sum(max(1, math.ceil(display_width(line) * points / 10 / usable))
                      for line in text.splitlines() or [text]))


@functools.lru_cache(maxsize=8192)  # criteria and names repeat across a city's templates
def _wrapped_lines(text: str, width: float) -> int:
    usable = max(width - 1.5, 1.0)  # the cell's margins
    lines = 0
    for paragraph in text.splitlines() or [text]:
        lines += max(1, math.ceil(display_width(paragraph) / usable))
    return lines


def is_summary_label(text: str) -> bool:
    """Whether a cell's text names a 小计/合计 row: a sum, never data of its own."""
    return any(word in text for word in ("小计", "合计", "总计", "Subtotal", "Total"))


# "注：…", "说明1:": a note typed under a table (the master's and the register's too)
NOTE_OPENING = re.compile(r"^\s*(?:注|说明|备注|附注|note)\s*\d*\s*[：:]", re.IGNORECASE)
# or a label before a colon as forms end ("填表人：张三", "填报日期：…"): in a return, a
# signature line, never an ID (no ID holds a colon)
_LABEL_COLON = re.compile(r"^[^：:\d]{1,10}[：:]")


# the same without a colon: "填表人" with the name in the next cell, "备注" heading a remark
_NOTE_WORDS = frozenset(("注", "备注", "说明", "附注", "补充说明", "填表人", "填报人", "制表人",
                         "审核人", "负责人", "科室负责人", "分管领导", "联系人", "联系电话",
                         "填表日期", "填报日期", "日期", "签字", "签名", "盖章", "单位盖章"))
_FIRST_WORD = re.compile(r"[\s：:]")


# and as English forms end: "Prepared by", "Note", "Date" (case aside)
_NOTE_PHRASES = ("prepared by", "filled in by", "reviewed by", "approved by", "checked by",
                 "note", "notes", "remark", "remarks", "date", "signature", "signed", "stamp")


@functools.lru_cache(maxsize=8192)  # the same few hundred ids, in every return
def is_note_label(text: str) -> bool:
    """Whether a cell's text opens a note or a signature line, not data of a table."""
    if NOTE_OPENING.match(text) or _LABEL_COLON.match(text) or \
            _FIRST_WORD.split(text.strip(), maxsplit=1)[0] in _NOTE_WORDS:
        return True
    lowered = text.strip().casefold()
    return any(lowered == phrase or (lowered.startswith(phrase)
                                     and lowered[len(phrase)] in " :：")
               for phrase in _NOTE_PHRASES)


def decimal_places(number: Decimal) -> int:
    """How many decimals `number` shows at the least (12.50 has 1; 40 has 0)."""
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@functools.lru_cache(maxsize=8192)  # the same few hundred ids, in every return
def id_key(indicator_id: str) -> str:
    """A 编号 as compared: case, spaces and full-width forms (Ａ０３ from a Chinese input
    method, which looks the same on screen) aside."""
    return unicodedata.normalize("NFKC", indicator_id).replace(" ", "").casefold()


ARITHMETIC = re.compile(r"[0-9.+\-*/() ]+")  # a formula perfxl computes itself
_PERCENT = re.compile(r"(\([^()]*\)|\d+(?:\.\d+)?|\.\d+)\s*%")
_OPERATORS: dict[type, Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def evaluate_arithmetic(formula: str) -> Decimal | None:
    """The value of a formula made only of numbers (30% as Excel reads it, 0.3), + - * /
    and brackets; else None.

    perfxl never trusts a cached formula result it can compute itself.
    """
    text = formula.strip().lstrip("=").strip()
    if not text or len(text) > 200:  # (before any pattern: a 1 MB formula stalled one)
        return None
    # =30%+20% in a progress cell; "= 30%", "=(20+30)%", "=.5%" as Excel reads them too
    text = _PERCENT.sub(r"(\1/100)", text)
    if not ARITHMETIC.fullmatch(text):
        return None
    try:
        tree = ast.parse(text, mode="eval")
        return as_excel_shows(_evaluate(tree.body))
    except (SyntaxError, ValueError, ArithmeticError, DecimalException, RecursionError,
            MemoryError):
        return None


def _evaluate(node: ast.AST) -> Decimal:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return Decimal(str(node.value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    raise ValueError("not arithmetic")
