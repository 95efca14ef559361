"""Synthetic bureaus for the benchmarks: a workspace, filled returns and a filled review.

    make_workspace(root, sections=N, indicators_per_section=60, seed=...)
    fill_returns(workspace, seed=..., long_share=0.5, broken=0)
    make_review(workspace, share=0.05, seed=...)
    corpus(sections=N, ...) -> Path   # all three, cached under /tmp by their parameters

Every section owns exactly `indicators_per_section` indicators: a third shared by every
section (全体, 规定指标), a tenth of excellence items (争先创优指标, some 全体, the rest owned
by groups of 8 sections) and the rest business items (自选指标) owned by groups of 4. Texts
come from the bundled sample's returns.json, so cells hold real Chinese of realistic length.

Run directly to build (or find) one corpus:

    .venv/bin/python benchmarks/synthetic.py --sections 100
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfxl import i18n
from perfxl.cells import column_letter
from perfxl.model import Master
from perfxl.simulate import Filling, fill_template
from perfxl.workspace import Workspace, init_workspace, load_sample, load_sample_texts

SAMPLE = "longyan-2020"
GENERATOR_VERSION = "3"  # 2: the review typed into the XML; 3: its note a shared string
BASE = Path(os.environ.get("PERFXL_BENCH_DIR", "/tmp/perfxl-bench"))
BUSINESS_GROUP = 4  # sections sharing one set of business indicators
EXCELLENCE_GROUP = 8  # sections sharing one set of excellence indicators
BASIC_SHARED_POINTS = 340  # 全体 basic points per section
BUSINESS_POINTS = 300  # business points per section: 340 + 300 = 640, the seed's basic total
EXCELLENCE_POINTS = 200
LONG_TEXT = (300, 650)  # characters of a long 完成情况

DISTRICTS = ("市", "新罗区", "永定区", "上杭县", "武平县", "长汀县", "连城县", "漳平市")
BUREAUS = ("司法局", "公安局", "财政局", "教育局", "民政局", "人社局", "住建局", "交通运输局",
           "农业农村局", "卫健委", "市场监管局", "生态环境局")
FOCUS = ("年度重点任务", "专项工作", "制度建设", "队伍建设", "基层基础", "数字化建设",
         "服务质效", "风险防控", "督查落实", "群众满意度")
SURNAMES = "陈林黄张李王吴刘蔡杨郑赖罗邱温钟傅曾廖谢卢江游"
GIVEN = ("德荣", "晓燕", "文斌", "俊铭", "雅琴", "志坚", "建华", "碧琴", "秀梅", "丽华", "明辉",
         "国平", "海燕", "振东", "淑芬", "少龙", "惠燕", "艳红", "朋发", "求生", "树元", "占和")
SOURCES = ("上级通报", "大督查大落实", "明察暗访", "市效能办通报", "12345平台督办")
REASONS = ("政务信息报送迟报{n}次", "明察暗访发现窗口工作人员脱岗{n}人次",
           "12345便民服务平台工单超期办结{n}件", "督办事项逾期未反馈{n}件",
           "会议无故缺席{n}次", "值班抽查未在岗{n}次")
BROKEN_KINDS = ("text", "over", "blank")  # what a deliberately broken return gets wrong


# --- the bureau -----------------------------------------------------------------------------


def _spread(total: int, count: int) -> list[int]:
    """`count` whole points summing to `total`, varied but deterministic."""
    base, remainder = divmod(total, count)
    points = [base + (1 if n < remainder else 0) for n in range(count)]
    step = max(1, base // 4)
    for n in range(0, count - 1, 2):  # +step/-step pairs keep the sum
        points[n] += step
        points[n + 1] -= step
    return points


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _section_names(count: int) -> list[str]:
    bases = [s["name"] for s in load_sample(SAMPLE)["sections"]]
    if count <= len(bases):
        return bases[:count]
    names = []
    for district in DISTRICTS:
        for bureau in BUREAUS:
            for base in bases:
                names.append(f"{district}{bureau}{base}")
    while len(names) < count:
        names.append(f"第{len(names) + 1}科")
    return names[:count]


def _counts(per_section: int) -> tuple[int, int, int]:
    """(shared basic, business, excellence) indicators per section."""
    shared = max(1, round(per_section / 3))
    excellence = max(1, per_section // 10)
    business = per_section - shared - excellence
    if business < 1:
        raise ValueError(f"indicators_per_section={per_section} is too small")
    return shared, business, excellence


def bureau_data(
    sections: int, indicators_per_section: int = 60, seed: int = 2020
) -> dict[str, Any]:
    """The data dict `init_workspace` takes: settings, sections, indicators, deductions."""
    rng = random.Random(seed)
    sample = load_sample(SAMPLE)
    by_prefix: dict[str, list[dict[str, Any]]] = {}
    for item in sample["indicators"]:
        by_prefix.setdefault(item["id"][0], []).append(item)
    mandated, optional, excellence_pool = by_prefix["A"], by_prefix["B"], by_prefix["C"]
    business_pool = mandated[1:] + optional  # topics for group-owned business items

    codes = [f"S{n:04d}" for n in range(1, sections + 1)]
    section_rows = []
    for code, name in zip(codes, _section_names(sections), strict=True):
        section_rows.append({
            "code": code, "name": name, "head": _person(rng), "contact": _person(rng),
            "email": f"{code.lower()}@bench.example.gov.cn", "headcount": rng.randint(3, 12),
        })

    shared_n, business_n, excellence_n = _counts(indicators_per_section)
    indicators: list[dict[str, Any]] = []

    def add(ident: str, base: dict[str, Any], category: str, subcategory: str, name: str,
            points: int, owners: str) -> None:
        indicators.append({
            "id": ident, "category": category, "subcategory": subcategory, "name": name,
            "points": points, "criteria": base.get("criteria", ""), "owners": owners,
            "evidence": base.get("evidence", ""), "note": f"样例:{base['id']}",
        })

    for n, points in enumerate(_spread(BASIC_SHARED_POINTS, shared_n)):
        base = mandated[n % len(mandated)]
        name = base["name"] if n < len(mandated) else f"{base['name']}（{FOCUS[n % len(FOCUS)]}）"
        add(f"A{n + 1:03d}", base, "基础绩效指标", "规定指标", name, points, "全体")

    business_points = _spread(BUSINESS_POINTS, business_n)
    serial = 0
    for group_start in range(0, sections, BUSINESS_GROUP):
        owners = "、".join(codes[group_start:group_start + BUSINESS_GROUP])
        for n, points in enumerate(business_points):
            serial += 1
            base = business_pool[(group_start // BUSINESS_GROUP + n) % len(business_pool)]
            name = f"{base['name']}（{FOCUS[n % len(FOCUS)]}）"
            add(f"B{serial:05d}", base, "基础绩效指标", "自选指标", name, points, owners)

    excellence_points = _spread(EXCELLENCE_POINTS, excellence_n)
    shared_excellence = max(1, excellence_n // 3)
    for n in range(shared_excellence):
        base = excellence_pool[n % len(excellence_pool)]
        add(f"C{n + 1:03d}", base, "争先创优指标", "争先创优指标", base["name"],
            excellence_points[n], "全体")
    serial = shared_excellence
    for group_start in range(0, sections, EXCELLENCE_GROUP):
        owners = "、".join(codes[group_start:group_start + EXCELLENCE_GROUP])
        for n in range(shared_excellence, excellence_n):
            serial += 1
            base = excellence_pool[(group_start // EXCELLENCE_GROUP + n) % len(excellence_pool)]
            add(f"C{serial:03d}", base, "争先创优指标", "争先创优指标",
                f"{base['name']}（{FOCUS[n % len(FOCUS)]}）", excellence_points[n], owners)

    settings = dict(sample["settings"])
    settings["单位名称"] = "龙岩市绩效基准测试"
    settings["奖金总额"] = 50_000 * sections
    return {"settings": settings, "sections": section_rows, "indicators": indicators,
            "deductions": []}


def deduction_entries(data: dict[str, Any], share: float, seed: int) -> list[dict[str, Any]]:
    """Inspection deductions for `share` of the sections, one to three entries each."""
    rng = random.Random(seed + 1)
    codes = [s["code"] for s in data["sections"]]
    chosen = rng.sample(codes, max(1, round(len(codes) * share))) if share > 0 else []
    entries = []
    for code in sorted(chosen):
        for _ in range(rng.randint(1, 3)):
            month, day = rng.randint(3, 12), rng.randint(1, 28)
            entries.append({
                "date": f"{data['settings']['年度']}-{month:02d}-{day:02d}", "section": code,
                "source": rng.choice(SOURCES),
                "reason": rng.choice(REASONS).format(n=rng.randint(1, 4)),
                "points": rng.choice((0.5, 1, 1, 1.5, 2, 3, 5)),
                "veto": "是" if rng.random() < 0.05 else "否",
                "reference": f"岩效督〔2020〕{rng.randint(1, 99)}号",
            })
    return entries


def make_workspace(root: Path, sections: int = 12, indicators_per_section: int = 60,
                   seed: int = 2020, deductions_share: float = 0.1) -> Workspace:
    """A new workspace at `root` for a synthetic bureau, with deductions for 10% of sections."""
    from perfxl.master_writer import write_deductions

    data = bureau_data(sections, indicators_per_section, seed)
    workspace = init_workspace(Path(root), data=data, workspace_id="bench")
    write_deductions(workspace.deductions, deduction_entries(data, deductions_share, seed))
    return workspace


# --- the returns ------------------------------------------------------------------------------


def _texts() -> dict[str, Any]:
    return load_sample_texts(SAMPLE)


def _long_text(rng: random.Random, pool: list[str], everything: list[str]) -> str:
    """Several hundred characters: the indicator's own texts, topped up from others."""
    wanted = rng.randint(*LONG_TEXT)
    parts = rng.sample(pool, len(pool))
    while sum(len(p) for p in parts) < wanted:
        parts.append(rng.choice(everything))
    text = ""
    for part in parts:
        if len(text) >= wanted:
            break
        text += part
    return text


def make_filling(master: Master, code: str, texts: dict[str, Any], rng: random.Random,
                 long: bool, broken: str | None = None) -> Filling:
    """What one section types in: scores, 完成情况 (long or short), evidence, the report."""
    achievements: dict[str, list[str]] = texts["achievements"]
    everything = [t for pool in achievements.values() for t in pool]
    evidence: dict[str, list[str]] = texts["evidence"]
    reports = list(texts["reports"].values())
    filling = Filling()
    indicators = master.indicators_for(code)
    for indicator in indicators:
        sample_id = indicator.note.partition(":")[2] or indicator.id
        pool = achievements.get(sample_id, ["按要求完成。"])
        rate = Decimal(rng.choice((100, 100, 98, 95, 92, 90, 88, 85, 80, 70))) / 100
        score = (indicator.points * rate * 2).to_integral_value() / 2
        filling.scores[indicator.id] = float(score)
        filling.achievements[indicator.id] = (
            _long_text(rng, pool, everything) if long else rng.choice(pool))
        filling.evidence[indicator.id] = rng.choice(evidence.get(sample_id, ["工作台账"]))
    for part in i18n.REPORT_PARTS:
        first, second = rng.sample(reports, 2)
        text = first[part.zh] + ("\n" + second[part.zh] if long else "")
        filling.report[part.key] = text
    if broken:
        target = indicators[rng.randrange(len(indicators))]
        if broken == "text":
            filling.scores[target.id] = "无"
        elif broken == "over":
            filling.scores[target.id] = float(target.points) + 5
        else:
            del filling.scores[target.id]
    return filling


_WORKER_MASTER: Master | None = None  # set before the pool forks: workers share it


def write_filled(path: Path, master: Master, code: str, filling: Filling,
                 lang: str = "zh") -> None:
    """perfxl's own template for the section, with the inputs typed into its sheet XML.

    Several times faster than openpyxl's load-fill-save, and the file keeps exactly the
    sheets, validation, protection and metadata `perfxl templates` writes. Rows are found
    by the 编号 in column A, as perfxl itself finds them.
    """
    import re
    import zipfile
    from xml.sax.saxutils import escape

    from perfxl import template_writer as tw

    section = master.section(code)
    assert section is not None
    blank = path.with_name(path.name + ".blank")
    tw.write_template(blank, master, section, lang)
    position = {c.key: n for n, c in enumerate(i18n.TEMPLATE_COLUMNS)}
    letters = {key: column_letter(position[key]) for key in ("self_score", "achievement",
                                                             "evidence")}

    # Excel and WPS save every text in the shared string table: the template's inline
    # strings move there, and what the section typed is appended (as escaped XML).
    typed_strings: list[str] = []

    def shared_cell(ref: str, style: str, escaped: str) -> str:
        typed_strings.append(escaped)
        return f'<c r="{ref}" s="{style}" t="s"><v>{first_typed + len(typed_strings) - 1}</v></c>'

    def text_cell(ref: str, style: str, text: str) -> str:
        return shared_cell(ref, style, escape(text))

    def to_shared(xml: str) -> str:
        return re.sub(r'<c r="([A-Z]+\d+)" s="(\d+)" t="inlineStr"><is><t[^>]*>([^<]*)</t>'
                      r"</is></c>", lambda m: shared_cell(m[1], m[2], m[3]), xml)

    with zipfile.ZipFile(blank) as source:
        strings_xml = source.read("xl/sharedStrings.xml").decode("utf-8")
        first_typed = strings_xml.count("<si>")
        sheets = {name: to_shared(source.read(name).decode("utf-8"))
                  for name in source.namelist() if name.startswith("xl/worksheets/sheet")}
        self_xml = sheets["xl/worksheets/sheet2.xml"]
        report_xml = sheets["xl/worksheets/sheet3.xml"]
        rows = {escape(i.id): i.id for i in master.indicators_for(code)}
        shared = re.findall(r"<si><t[^>]*>([^<]*)</t></si>", strings_xml) + typed_strings
        indicator_at = {m[1]: rows[shared[int(m[2])]] for m in re.finditer(
            r'<c r="A(\d+)"[^>]*t="s"><v>(\d+)</v>', self_xml) if shared[int(m[2])] in rows}

        def typed(match: re.Match[str]) -> str:
            column, row, style = match[1], match[2], match[3]
            indicator = indicator_at.get(row)
            if indicator is None:
                return match[0]
            ref = f"{column}{row}"
            if column == letters["self_score"]:
                score = filling.scores.get(indicator)
                if isinstance(score, (int, float)):
                    return f'<c r="{ref}" s="{style}"><v>{score:.16G}</v></c>'
                return text_cell(ref, style, str(score)) if score is not None else match[0]
            values = (filling.achievements if column == letters["achievement"]
                      else filling.evidence)
            return text_cell(ref, style, values[indicator]) if indicator in values else match[0]

        wanted = "".join(letters.values())
        self_xml = re.sub(rf'<c r="([{wanted}])(\d+)" s="(\d+)"/>', typed, self_xml)
        parts = list(i18n.REPORT_PARTS)

        def reported(match: re.Match[str]) -> str:
            part = parts[int(match[1]) - 2]
            text = filling.report.get(part.key)
            return text_cell(f"B{match[1]}", match[2], text) if text else match[0]

        report_xml = re.sub(rf'<c r="B([2-{len(parts) + 1}])" s="(\d+)"/>', reported,
                            report_xml)
        added = "".join(f'<si><t xml:space="preserve">{t}</t></si>' for t in typed_strings)
        total = first_typed + len(typed_strings)
        strings_xml = re.sub(r'count="\d+" uniqueCount="\d+"',
                             f'count="{total}" uniqueCount="{total}"', strings_xml, count=1)
        strings_xml = strings_xml.replace("</sst>", added + "</sst>")
        replaced = {**sheets, "xl/worksheets/sheet2.xml": self_xml,
                    "xl/worksheets/sheet3.xml": report_xml, "xl/sharedStrings.xml": strings_xml}
        _rewrite_package(source, path, {n: x.encode("utf-8") for n, x in replaced.items()})
    blank.unlink()


def _rewrite_package(source: Any, target: Path, replaced: dict[str, bytes]) -> None:
    """Copy the open zip `source` to `target`, with the parts in `replaced` swapped in."""
    import zipfile

    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, replaced.get(info.filename) or source.read(info))


def _can_write_directly() -> bool:
    from perfxl import template_writer as tw

    return hasattr(tw, "write_template")


def _fill_one(job: tuple[str, str, str, Filling, str]) -> str:
    template, target, code, filling, filler = job
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    if filler == "xlsxwriter":
        assert _WORKER_MASTER is not None
        write_filled(Path(target), _WORKER_MASTER, code, filling)
    else:
        fill_template(Path(template), Path(target), filling)
    return target


@dataclass(frozen=True)
class FillStats:
    returns: int
    long_returns: int
    broken: dict[str, str]  # section code -> what is wrong in its return
    templates_seconds: float
    fill_seconds: float
    filler: str


def fill_returns(workspace: Workspace, seed: int = 2020, long_share: float = 0.5,
                 broken: int = 0, workers: int | None = None, batch_size: int = 100,
                 filler: str = "xlsxwriter") -> FillStats:
    """Templates via `perfxl.pipeline.build_templates`, then every one filled into inbox/.

    Half of the returns (by default) carry long 完成情况 texts; `broken` returns get one bad
    self score each (text, over the points, or blank). `filler` "openpyxl" fills each
    template with `perfxl.simulate.fill_template` (~200 ms a file here); "xlsxwriter"
    (default) writes the same workbook directly (see `write_filled`). Both in a Pool.
    """
    global _WORKER_MASTER
    from perfxl import pipeline

    started = time.perf_counter()
    templates = pipeline.build_templates(workspace.root)
    templates_seconds = time.perf_counter() - started
    master = templates.master
    if filler == "xlsxwriter" and not _can_write_directly():
        filler = "openpyxl"  # template_writer changed shape: fall back to the slow path
    texts = _texts()
    rng = random.Random(seed + 2)
    codes = [s.code for s in master.sections]
    long_codes = set(rng.sample(codes, round(len(codes) * long_share)))
    broken_codes = sorted(rng.sample(codes, min(broken, len(codes))))
    broken_kinds = {c: BROKEN_KINDS[n % len(BROKEN_KINDS)] for n, c in enumerate(broken_codes)}
    year = master.settings.year
    jobs = []
    for n, item in enumerate(templates.files):
        code = item.section.code
        section_rng = random.Random(f"{seed}-{code}")
        filling = make_filling(master, code, texts, section_rng, code in long_codes,
                               broken_kinds.get(code))
        folder = workspace.inbox / f"第{n // batch_size + 1}批"
        target = folder / f"{item.section.name}-{year}自评表（已填）.xlsx"
        jobs.append((str(item.workbook), str(target), code, filling, filler))
    started = time.perf_counter()
    _WORKER_MASTER = master
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(workers or os.cpu_count() or 1) as pool:
            for _ in pool.imap_unordered(_fill_one, jobs, chunksize=4):
                pass
    finally:
        _WORKER_MASTER = None
    return FillStats(len(jobs), len(long_codes), broken_kinds, templates_seconds,
                     time.perf_counter() - started, filler)


# --- the review --------------------------------------------------------------------------------


NOTE = "佐证材料不足以支撑自评得分，按评分标准核减。"  # the group's reason for each cut


def make_review(workspace: Workspace, share: float = 0.05, seed: int = 2020) -> int:
    """`perfxl review`, then 核定得分 a bit below the self score on `share` of the rows.

    The scores and notes are typed straight into the sheet XML of the review perfxl wrote,
    so the file stays as Excel or WPS would save it: text in the shared string table.
    (Saving with openpyxl instead writes every Chinese character of every 完成情况 as a
    numeric character reference, inline: a sheet 8x larger than any spreadsheet
    application would produce, which measured openpyxl rather than the group's workflow.)
    Saved as workspace/review.xlsx; returns the number of rows changed.
    """
    import re
    import zipfile

    from perfxl import pipeline

    pipeline.build_review(workspace.root)
    rng = random.Random(seed + 3)
    written = workspace.output / "review.xlsx"
    with zipfile.ZipFile(written) as source:
        sheet_part = "xl/worksheets/sheet1.xml"
        xml = source.read(sheet_part)
        self_scores = {int(row): Decimal(value.decode()) for row, value in
                       re.findall(rb'<c r="F(\d+)"[^>]*><v>([^<]*)</v></c>', xml)}
        approved: dict[int, Decimal] = {}
        for row in sorted(self_scores):
            if row >= 3 and rng.random() < share:
                cut = Decimal(rng.choice(("0.5", "1", "1", "2", "3")))
                approved[row] = max(self_scores[row] - cut, Decimal(0))
        strings = source.read("xl/sharedStrings.xml")
        note = strings.count(b"<si>")  # one shared string, appended below

        def typed(match: re.Match[bytes]) -> bytes:
            column, row, style = match[1], int(match[2]), match[3].decode()
            if row not in approved:
                return match[0]
            if column == b"I":
                return f'<c r="I{row}" s="{style}"><v>{approved[row]}</v></c>'.encode()
            return f'<c r="J{row}" s="{style}" t="s"><v>{note}</v></c>'.encode()

        xml = re.sub(rb'<c r="([IJ])(\d+)" s="(\d+)"/>', typed, xml)
        strings = re.sub(rb'count="\d+" uniqueCount="\d+"',
                         f'count="{note + 1}" uniqueCount="{note + 1}"'.encode(), strings,
                         count=1).replace(b"</sst>", f"<si><t>{NOTE}</t></si></sst>".encode())
        _rewrite_package(source, workspace.review,
                         {sheet_part: xml, "xl/sharedStrings.xml": strings})
    return len(approved)


# --- the cache ---------------------------------------------------------------------------------


def _code_version() -> str:
    """Changes when perfxl's template or master format may have changed: part of the cache
    key. The writers' sources and the fingerprint function, not all of model.py, which
    changes often for reasons that leave the files alone."""
    import inspect

    import perfxl
    from perfxl import model

    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    folder = Path(perfxl.__file__).parent
    for name in ("template_writer.py", "binding.py", "master_writer.py", "xlsx_style.py"):
        path = folder / name
        if path.is_file():
            digest.update(path.read_bytes())
    for function in (model.fingerprint, model.format_points):
        digest.update(inspect.getsource(function).encode())
    return digest.hexdigest()[:10]


def corpus(sections: int, indicators_per_section: int = 60, seed: int = 2020,
           broken: int = 0, long_share: float = 0.5, review_share: float | None = 0.05,
           deductions_share: float = 0.1, filler: str = "xlsxwriter", base: Path = BASE,
           log: Any = None) -> Path:
    """A complete workspace (returns, review, deductions), generated once and cached."""
    review = "none" if review_share is None else f"{review_share:g}"
    key = (f"s{sections}-i{indicators_per_section}-seed{seed}-b{broken}-l{long_share:g}"
           f"-r{review}-d{deductions_share:g}-{filler}-{_code_version()}")
    root = base / "corpus" / key
    marker = root / ".complete.json"
    if marker.is_file():
        return root
    say = log or (lambda text: print(text, file=sys.stderr, flush=True))
    if root.exists():
        shutil.rmtree(root)  # an interrupted generation
    say(f"generating {sections} sections × {indicators_per_section} indicators in {root} ...")
    started = time.perf_counter()
    workspace = make_workspace(root, sections, indicators_per_section, seed, deductions_share)
    stats = fill_returns(workspace, seed=seed, long_share=long_share, broken=broken,
                         filler=filler)
    say(f"  templates {stats.templates_seconds:.1f} s, {stats.returns} returns filled "
        f"({stats.filler}) in {stats.fill_seconds:.1f} s "
        f"({stats.returns / stats.fill_seconds:.0f}/s)")
    changed = 0
    if review_share is not None:
        review_started = time.perf_counter()
        changed = make_review(workspace, review_share, seed)
        say(f"  review: {changed} rows changed in {time.perf_counter() - review_started:.1f} s")
    # generation leaves archive/ and output/ behind; benchmarks copy without them
    info = {"sections": sections, "indicators_per_section": indicators_per_section,
            "seed": seed, "broken": stats.broken, "long_returns": stats.long_returns,
            "review_rows_changed": changed, "filler": stats.filler,
            "templates_seconds": round(stats.templates_seconds, 1),
            "fill_seconds": round(stats.fill_seconds, 1),
            "seconds": round(time.perf_counter() - started, 1)}
    marker.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    say(f"  done in {info['seconds']} s")
    return root


def corpus_info(root: Path) -> dict[str, Any]:
    info: dict[str, Any] = json.loads((root / ".complete.json").read_text(encoding="utf-8"))
    return info


_SET_ASIDE: list[Path] = []


def _set_aside(folder: Path) -> None:
    aside = folder.parent / f".old-{folder.name}-{os.getpid()}-{len(_SET_ASIDE)}"
    folder.rename(aside)
    if not _SET_ASIDE:
        atexit.register(_delete_set_aside)
    _SET_ASIDE.append(aside)


def _delete_set_aside() -> None:
    for folder in _SET_ASIDE:
        shutil.rmtree(folder, ignore_errors=True)


def fresh_copy(source: Path, target: Path, returns: bool = True) -> Workspace:
    """A copy of a corpus workspace without archive/ and output/ (and without inbox/ files
    when `returns` is false), so a timed command starts from what an office would have.

    The last copy is set aside, not deleted, until this process ends: ext4 gives a new file
    an inode freed more than a minute ago, and searches past every one freed since, so
    deleting the last run's thousands of files just before a timed run added up to a second
    of system time to it (which grew run after run). No office deletes thousands of files
    before it runs perfxl."""
    if target.exists():
        _set_aside(target)
    skip = {"archive", "output", ".complete.json"} | (set() if returns else {"inbox"})
    shutil.copytree(source, target, ignore=lambda folder, names: (
        [n for n in names if n in skip] if Path(folder) == source else []))
    workspace = Workspace(target)
    for folder in (workspace.inbox, workspace.output, workspace.archive):
        folder.mkdir(exist_ok=True)
    # the copy (and the last copy's deletion) written out now, not while the timed command
    # runs: an office's inbox was written long before it runs perfxl
    if hasattr(os, "sync"):
        os.sync()
    return workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", type=int, default=12)
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--broken", type=int, default=0)
    parser.add_argument("--no-review", action="store_true")
    parser.add_argument("--filler", choices=("xlsxwriter", "openpyxl"), default="xlsxwriter")
    parser.add_argument("--dir", type=Path, default=BASE, help="cache folder (default %(default)s)")
    args = parser.parse_args()
    root = corpus(args.sections, args.indicators, args.seed, args.broken,
                  review_share=None if args.no_review else 0.05, filler=args.filler,
                  base=args.dir)
    print(root)


if __name__ == "__main__":
    main()
