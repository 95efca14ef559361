"""The naive reference: what an office script would do, as its own process.

    python benchmarks/naive.py check INBOX
        openpyxl.load_workbook(path) on every .xlsx (default mode, as people write it), find
        the 自评表 sheet, read its rows, check each self score (blank, not a number, outside
        0..分值) and that a 完成情况 is given when the score is below 分值; print the problems.

    python benchmarks/naive.py run WORKSPACE --out FOLDER
        the same reading, then pandas: scores per section (review.xlsx's 核定得分 replacing
        the self score), basic scaled to 640, excellence added, deductions.xlsx subtracted,
        ranked by total; an openpyxl ranking workbook and totals.json written to FOLDER.

The last line printed is a JSON summary the benchmarks read.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import openpyxl


def header_columns(sheet, wanted):
    """(header row number, {label: column index}) of the first row holding every `wanted`."""
    for number, row in enumerate(sheet.iter_rows(min_row=1, max_row=15, values_only=True),
                                 start=1):
        labels = {str(v).strip(): n for n, v in enumerate(row) if v is not None}
        if all(w in labels for w in wanted):
            return number, labels
    return None, None


def read_return(path):
    """(section code, rows, problems) of one returned workbook."""
    book = openpyxl.load_workbook(path)
    problems = []
    if "自评表" not in book.sheetnames:
        return None, [], [(str(path), "", "没有自评表")]
    sheet = book["自评表"]
    header, cols = header_columns(sheet, ("编号", "分值", "自评得分", "完成情况"))
    if header is None:
        return None, [], [(str(path), "", "找不到表头")]
    code = None
    if "填报说明" in book.sheetnames:
        for label, value in book["填报说明"].iter_rows(min_col=1, max_col=2, values_only=True):
            if label == "填报科室" and value:
                code = str(value).split()[0]
    rows = []
    for row in sheet.iter_rows(min_row=header + 1, values_only=True):
        ident = row[cols["编号"]]
        if ident is None or str(ident).strip() == "":
            continue
        points = float(row[cols["分值"]])
        score = row[cols["自评得分"]]
        text = row[cols["完成情况"]]
        cell = f"{ident}"
        if score is None or (isinstance(score, str) and not score.strip()):
            problems.append((str(path), cell, "自评得分为空"))
            score = None
        elif not isinstance(score, (int, float)):
            try:
                score = float(str(score).strip())
            except ValueError:
                problems.append((str(path), cell, f"自评得分“{score}”不是数字"))
                score = None
        if score is not None and not 0 <= score <= points:
            problems.append((str(path), cell, f"自评得分 {score} 不在 0 至 {points} 之间"))
            score = None
        if score is not None and score < points and not (text and str(text).strip()):
            problems.append((str(path), cell, "未填写完成情况"))
        rows.append((code, str(ident), points, score))
    return code, rows, problems


def returns_in(inbox: Path) -> list[Path]:
    return sorted(p for p in inbox.rglob("*.xlsx") if not p.name.startswith(("~$", ".~")))


def check(inbox: Path) -> dict:
    started = time.perf_counter()
    problems = []
    rows = 0
    files = returns_in(inbox)
    for path in files:
        _code, found, issues = read_return(path)
        rows += len(found)
        problems.extend(issues)
    for file, cell, message in problems:
        print(f"{file} {cell}: {message}")
    return {"mode": "check", "files": len(files), "rows": rows, "problems": len(problems),
            "files_with_problems": len({p[0] for p in problems}),
            "seconds": round(time.perf_counter() - started, 3)}


def run(workspace: Path, out: Path) -> dict:
    import pandas as pd

    started = time.perf_counter()
    master = openpyxl.load_workbook(workspace / "master.xlsx")
    indicators = pd.DataFrame(list(master["指标"].iter_rows(min_row=2, values_only=True)),
                              columns=[c.value for c in master["指标"][1]])
    indicators = indicators[["编号", "类别", "分值"]].rename(
        columns={"编号": "id", "类别": "category", "分值": "points"})
    sections = pd.DataFrame(list(master["科室"].iter_rows(min_row=2, values_only=True)),
                            columns=[c.value for c in master["科室"][1]])
    records = []
    problems = 0
    files = returns_in(workspace / "inbox")
    for path in files:
        _code, rows, issues = read_return(path)
        problems += len(issues)
        records.extend(rows)
    scores = pd.DataFrame(records, columns=["code", "id", "points_in_file", "score"])
    review_path = workspace / "review.xlsx"
    if review_path.is_file():
        review = pd.read_excel(review_path, header=1, engine="openpyxl")
        review = review.dropna(subset=["核定得分"])[["科室代码", "编号", "核定得分"]]
        review.columns = ["code", "id", "approved"]
        scores = scores.merge(review, on=["code", "id"], how="left")
        scores["score"] = scores["approved"].fillna(scores["score"])
    scores = scores.merge(indicators, on="id", how="left")
    basic = scores[scores["category"] == "基础绩效指标"].groupby("code").agg(
        raw=("score", "sum"), possible=("points", "sum"))
    table = pd.DataFrame({"basic": basic["raw"] / basic["possible"] * 640})
    excellence = scores[scores["category"] == "争先创优指标"].groupby("code")["score"].sum()
    table["excellence"] = excellence.reindex(table.index).fillna(0)
    deductions = pd.read_excel(workspace / "deductions.xlsx", engine="openpyxl")
    table["deductions"] = (deductions.groupby("科室")["扣分"].sum()
                           .reindex(table.index).fillna(0))
    table["total"] = (table["basic"] + table["excellence"] - table["deductions"]).round(2)
    table["rank"] = table["total"].rank(ascending=False, method="min").astype(int)
    table = table.sort_values(["rank", "basic"], ascending=[True, False])
    names = dict(zip(sections["代码"], sections["名称"], strict=False))

    out.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "排名"
    sheet.append(["名次", "科室代码", "科室", "基础绩效", "争先创优", "扣分", "总分"])
    for code, row in table.iterrows():
        sheet.append([int(row["rank"]), code, names.get(code, ""), round(row["basic"], 2),
                      float(row["excellence"]), float(row["deductions"]), float(row["total"])])
    book.save(out / "naive_ranking.xlsx")
    totals = {str(code): float(total) for code, total in table["total"].items()}
    (out / "totals.json").write_text(json.dumps(totals, ensure_ascii=False), encoding="utf-8")
    return {"mode": "run", "files": len(files), "rows": len(scores), "problems": problems,
            "ranked": len(table), "seconds": round(time.perf_counter() - started, 3),
            "totals": str(out / "totals.json")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("check", "run"))
    parser.add_argument("path", type=Path, help="the inbox (check) or the workspace (run)")
    parser.add_argument("--out", type=Path, default=None, help="run: where to write")
    args = parser.parse_args()
    if args.mode == "check":
        summary = check(args.path)
    else:
        summary = run(args.path, args.out or args.path / "naive-output")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
