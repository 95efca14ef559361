"""Shared fixtures: a small master built in code, and workspaces made from it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from perfxl.simulate import Filling, fill_template
from perfxl.workspace import Workspace, init_workspace

SMALL_BUREAU: dict[str, Any] = {
    "settings": {
        "单位名称": "测试局",
        "年度": 2020,
        "轮次": "年度考评",
        "截止日期": "2021-01-31",
        "奖金总额": 10000,
        "绩效办联系人": "王五",
    },
    "sections": [
        {"code": "K01", "name": "办公室", "head": "张三", "contact": "李四",
         "email": "k01@example.gov.cn", "headcount": 5},
        {"code": "K02", "name": "法制科", "head": "赵六", "contact": "钱七",
         "email": "k02@example.gov.cn", "headcount": 3},
        {"code": "K03", "name": "政工科", "head": "孙八", "contact": "周九",
         "email": "", "headcount": 4},
    ],
    "indicators": [
        {"id": "A01", "category": "基础绩效指标", "subcategory": "规定指标", "name": "党建工作成效",
         "points": 40, "criteria": "按要求完成得满分。", "owners": "全体", "evidence": "会议记录"},
        {"id": "A02", "category": "基础绩效指标", "subcategory": "规定指标", "name": "依法行政成效",
         "points": 30, "criteria": "每发现一起问题扣2分。", "owners": "K02", "evidence": "案卷"},
        {"id": "B01", "category": "基础绩效指标", "subcategory": "自选指标", "name": "机关运转保障",
         "points": 12.5, "criteria": "保障有力得满分。", "owners": "办公室、K03", "evidence": "台账"},
        {"id": "C01", "category": "争先创优指标", "subcategory": "争先创优指标", "name": "工作创新",
         "points": 20, "criteria": "受上级肯定推广的，每项得10分。", "owners": "K01,K02",
         "evidence": "推广文件"},
    ],
    "deductions": [
        {"date": "2020-10-12", "section": "K02", "source": "明察暗访", "reason": "窗口人员脱岗",
         "points": 2, "veto": "否", "reference": "岩效督〔2020〕3号"},
    ],
}


def small_bureau() -> dict[str, Any]:
    """A fresh deep copy that a test may edit."""
    return copy.deepcopy(SMALL_BUREAU)


@pytest.fixture
def bureau() -> dict[str, Any]:
    return small_bureau()


@pytest.fixture
def workspace(tmp_path: Path, bureau: dict[str, Any]) -> Workspace:
    return init_workspace(tmp_path / "ws", data=bureau, workspace_id="test-workspace")


class ReturnFactory:
    """Writes filled returns into a workspace's inbox, the way sections would send them."""

    def __init__(self, workspace: Workspace) -> None:
        from perfxl.master import load_master
        from perfxl.pipeline import build_templates

        self.workspace = workspace
        self.templates = {f.section.code: f.workbook for f in build_templates(workspace.root).files}
        self.master, _ = load_master(workspace.master)

    def filling(self, code: str) -> Filling:
        """A complete, correct filling: 90% of points, texts and evidence everywhere."""
        filling = Filling()
        for indicator in self.master.indicators_for(code):
            filling.scores[indicator.id] = float(indicator.points) * 0.9
            filling.achievements[indicator.id] = f"{indicator.name}：全年完成各项任务。"
            filling.evidence[indicator.id] = f"{indicator.id}工作台账.pdf"
        filling.report = {"overall": "总体情况良好。", "practice": "主要做法有三。",
                          "problems": "存在不足。", "next_steps": "下一步继续努力。"}
        return filling

    def write(self, code: str, name: str | None = None, filling: Filling | None = None,
              edit: Any = None) -> Path:
        """Fill `code`'s template (optionally `edit(book)` with openpyxl), save into inbox/."""
        target = self.workspace.inbox / (name or f"{code}.xlsx")
        target.parent.mkdir(parents=True, exist_ok=True)
        fill_template(self.templates[code], target, filling or self.filling(code))
        if edit is not None:
            import openpyxl

            book = openpyxl.load_workbook(target)
            edit(book)
            book.save(target)
        return target

    def write_all(self) -> list[Path]:
        return [self.write(s.code) for s in self.master.sections]


@pytest.fixture
def returns(workspace: Workspace) -> ReturnFactory:
    return ReturnFactory(workspace)
