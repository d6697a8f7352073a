"""Generate a large synthetic handbook (for the benchmark and scale tests).

    python benchmarks/generate.py OUT_DIR --roles 300
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

SENTENCE = ("负责所辖区域客户的开发与维护，按照公司流程跟进商机、报价、签约与回款，"
            "确保销售目标达成并及时反馈市场信息。")


def generate(out: Path, roles: int = 300, regions: int = 8) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "data").mkdir(exist_ok=True)
    depts = max(2, roles // 10)
    dump = lambda p, v: p.write_text(  # noqa: E731
        yaml.safe_dump(v, allow_unicode=True, sort_keys=False), encoding="utf-8")
    dump(out / "handbook.yml", {"title": "大型销售管理手册", "organization": "测试集团",
                                "doc_number": "BIG-001"})
    kpis = [{"id": f"k{i}", "name": f"指标{i}", "definition": SENTENCE, "formula": "A ÷ B",
             "unit": "%", "frequency": "monthly", "target": "≥95%"} for i in range(20)]
    dump(out / "data" / "kpis.yml", kpis)
    dump(out / "data" / "departments.yml", [
        {"id": f"d{i}", "name": f"销售{i}部", "head": f"r{i * 10}", "purpose": SENTENCE,
         "functions": [SENTENCE] * 4, **({"parent": "d0"} if i else {})} for i in range(depts)])
    role_list = []
    for i in range(roles):
        d = min(i // 10, depts - 1)
        boss = None if i == 0 else (0 if i % 10 == 0 else d * 10)
        role = {"id": f"r{i}", "title": f"岗位{i}", "department": f"d{d}", "grade": "P5",
                "headcount": 3, "summary": SENTENCE * 2,
                "duties": [{"title": f"职责{j}", "tasks": [SENTENCE] * 4, "focus": SENTENCE}
                           for j in range(4)],
                "qualifications": [SENTENCE] * 4,
                "kpis": [{"kpi": f"k{i % 20}", "weight": 60},
                         {"kpi": f"k{(i + 1) % 20}", "weight": 40}]}
        if boss is not None:
            role["reports_to"] = f"r{boss}"
        role_list.append(role)
    (out / "data" / "roles").mkdir(exist_ok=True)
    for role in role_list:
        dump(out / "data" / "roles" / f"{role['id']}.yml", role)
    dump(out / "data" / "processes.yml", [
        {"id": f"p{i}", "name": f"流程{i}", "owner": f"r{i % roles}", "steps": [
            {"id": f"s{j}", "name": f"步骤{j}", "actor": f"r{(i + j) % roles}",
             "description": SENTENCE} for j in range(6)]} for i in range(max(1, roles // 10))])
    dump(out / "data" / "rules.yml", [
        {"id": f"rule{i}", "title": f"制度{i}", "articles": [SENTENCE] * 8,
         "applies_to": {"departments": [f"d{i % depts}"]},
         "penalties": [{"violation": SENTENCE, "penalty": "警告"}]}
        for i in range(max(1, roles // 10))])
    dump(out / "data" / "regions.yml", {"defaults": {"hotline": "400-000-0000"}, "regions": [
        {"id": f"g{i}", "name": f"大区{i}"} for i in range(regions)]})
    dump(out / "data" / "revisions.yml", [
        {"version": "1.0", "date": "2024-01-01", "summary": "首次发布"}])


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--roles", type=int, default=300)
    ap.add_argument("--regions", type=int, default=8)
    a = ap.parse_args()
    generate(a.out, a.roles, a.regions)
