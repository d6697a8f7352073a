"""`handbook diff`: semantic changes between two handbook folders or git revisions.

Pairs of handbooks are copies of tests/fixtures/diff/base edited in tmp_path. The golden
Markdown report is tests/golden/diff/report.md; HANDBOOK_UPDATE_GOLDEN=1 regenerates it.
"""

from __future__ import annotations

import copy
import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.cli import main
from handbook.diff import run_diff, snapshot, to_json
from handbook.diff.core import Change, diff_snapshots, format_path, parse_path
from handbook.diff.markdown import inline_diff, render_markdown
from handbook.pipeline import check

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "diff" / "base"
GOLDEN = HERE / "golden" / "diff"

SALES_REP = "data/roles/sales-rep.yml"
PROCESS = "data/processes/customer-visit.yml"
RULE = "data/rules/visit-rule.yml"


# --------------------------------------------------------------------------- helpers

def make_pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURE, old)
    shutil.copytree(FIXTURE, new)
    return old, new


def edit(root: Path, rel: str, before: str, after: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(before) == 1, f"{before!r} not found once in {rel}"
    path.write_text(text.replace(before, after), encoding="utf-8")


def run(old: Path | str, new: Path | str, fmt: str = "json",
        repo: Path | str = ".") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = run_diff(str(old), str(new), fmt, repo, out=out, err=err)
    return rc, out.getvalue(), err.getvalue()


def diff_json(old: Path | str, new: Path | str, repo: Path | str = ".") -> list[dict[str, Any]]:
    rc, out, err = run(old, new, "json", repo)
    assert rc == 0, err
    assert err == ""
    return json.loads(out)


def mod(kind: str, eid: str | None, field: str, old: Any, new: Any) -> dict[str, Any]:
    return {"kind": kind, "id": eid, "change": "modified", "field": field, "old": old,
            "new": new}


def assert_valid(root: Path) -> None:
    _, diags = check(root)
    assert not diags, diags.lines()


# --------------------------------------------------------------------------- folders, JSON

def test_identical_handbooks_have_no_changes(tmp_path: Path) -> None:
    old, new = make_pair(tmp_path)
    assert diff_json(old, new) == []
    rc, out, _ = run(old, new, "markdown")
    assert rc == 0
    assert "没有语义变更" in out


def test_role_fields_report_paths(tmp_path: Path) -> None:
    old, new = make_pair(tmp_path)
    edit(new, SALES_REP, "weight: 60", "weight: 50")
    edit(new, SALES_REP, "weight: 40", "weight: 50")
    edit(new, SALES_REP, "      - 遵守[[rule:visit-rule]]。\n",
         "      - 遵守[[rule:visit-rule]]。\n      - 每周复盘拜访数据。\n")
    edit(new, SALES_REP, "regions: [hk]", "regions: [hk, east]")
    assert_valid(new)
    assert diff_json(old, new) == [
        mod("role", "sales-rep", "duties[0].tasks[2]", None, "每周复盘拜访数据。"),
        mod("role", "sales-rep", "qualifications[1].regions", ["hk"], ["hk", "east"]),
        mod("role", "sales-rep", "kpis[0].weight", 60, 50),
        mod("role", "sales-rep", "kpis[1].weight", 40, 50),
    ]


def test_inserted_step_is_matched_by_id(tmp_path: Path) -> None:
    old, new = make_pair(tmp_path)
    edit(new, PROCESS, "  - id: review\n",
         "  - id: prepare\n    name: 准备资料\n    actor: sales-rep\n  - id: review\n")
    edit(new, PROCESS, "next: [visit, plan]", "next: [visit]")
    assert_valid(new)
    # The new step is one change; the later steps are addressed by their NEW index.
    assert diff_json(old, new) == [
        mod("process", "customer-visit", "steps[1]", None,
            {"id": "prepare", "name": "准备资料", "actor": "sales-rep"}),
        mod("process", "customer-visit", "steps[2].next", ["visit", "plan"], ["visit"]),
    ]


def test_removed_step_uses_old_index(tmp_path: Path) -> None:
    old, new = make_pair(tmp_path)
    edit(new, PROCESS, "  - id: review\n    name: 审核计划\n    actor: manager\n"
         "    next: [visit, plan]\n", "")
    edit(new, PROCESS, "  - id: visit\n    name: 上门拜访\n",
         "  - id: visit\n    name: 上门拜访客户\n")
    assert diff_json(old, new) == [
        mod("process", "customer-visit", "steps[1]",
            {"id": "review", "name": "审核计划", "actor": "manager", "next": ["visit", "plan"]},
            None),
        mod("process", "customer-visit", "steps[1].name", "上门拜访", "上门拜访客户"),
    ]


def test_inserted_article_is_one_change_and_renumbering_is_noted(tmp_path: Path) -> None:
    old, new = make_pair(tmp_path)
    edit(new, RULE, "  - 拜访后当日登记拜访纪要。\n",
         "  - 销售代表应提前一天预约客户。\n  - 拜访后当日登记拜访纪要并拍照存档。\n")
    assert_valid(new)
    # The edited article pairs with its old self, not with the inserted one before it.
    assert diff_json(old, new) == [
        mod("rule", "visit-rule", "articles[1]", None, "销售代表应提前一天预约客户。"),
        mod("rule", "visit-rule", "articles[2]", "拜访后当日登记拜访纪要。",
            "拜访后当日登记拜访纪要并拍照存档。"),
    ]
    _, md, _ = run(old, new, "markdown")
    assert "新增第二条，原第二条至第三条依次改为第三条至第四条" in md


def test_appended_article_does_not_renumber(tmp_path: Path) -> None:
    old, new = make_pair(tmp_path)
    edit(new, RULE, "penalties:", "  - 拜访记录保存三年。\npenalties:")
    assert diff_json(old, new) == [
        mod("rule", "visit-rule", "articles[3]", None, "拜访记录保存三年。")]
    _, md, _ = run(old, new, "markdown")
    assert "条款重新编号" not in md


def test_kpi_items_are_matched_by_kpi(tmp_path: Path) -> None:
    old, new = make_pair(tmp_path)
    edit(new, SALES_REP, "kpis:\n  - kpi: sales-achievement\n    weight: 60\n",
         "kpis:\n  - kpi: retired\n    weight: 10\n  - kpi: sales-achievement\n    weight: 50\n")
    assert_valid(new)
    assert diff_json(old, new) == [
        mod("role", "sales-rep", "kpis[0]", None, {"kpi": "retired", "weight": 10}),
        mod("role", "sales-rep", "kpis[1].weight", 60, 50),
    ]
    _, md, _ = run(old, new, "markdown")
    assert ("**KPI 权重变化** 岗位「销售代表」`sales-rep`：电话拜访量 `retired` 新增 10%；"
            "销售额达成率 `sales-achievement` 60% → 50%。") in md


def test_every_kind_and_its_ids(tmp_path: Path) -> None:
    old, new = make_pair(tmp_path)
    edit(new, "handbook.yml", "owner: 销售运营部\n", "owner: 销售运营部\nsubtitle: 营销中心\n")
    edit(new, "data/regions.yml", "hotline: 400-000-0000", "hotline: 400-000-1111")
    (new / "data/regions.yml").write_text(
        (new / "data/regions.yml").read_text(encoding="utf-8")
        + "  - id: south\n    name: 华南大区\n", encoding="utf-8")
    (new / "data/kpis/retired.yml").unlink()
    edit(new, "content/foreword.md", "title: 前言", "title: 序言")
    edit(new, "data/overlays/east/roles/sales-rep.yml", "weight: 70", "weight: 65")
    edit(new, "data/overlays/east/roles/sales-rep.yml", "weight: 30", "weight: 35")
    (new / "data/overlays/hk/kpis").mkdir(parents=True)
    (new / "data/overlays/hk/kpis/visit-count.yml").write_text(
        'id: visit-count\ntarget: "≥40"\n', encoding="utf-8")
    (new / "data/revisions.yml").write_text(
        (new / "data/revisions.yml").read_text(encoding="utf-8")
        + '- version: "1.2"\n  date: 2025-01-01\n  summary: 停用电话拜访量。\n', encoding="utf-8")
    assert_valid(new)
    retired = {"id": "retired", "name": "电话拜访量",
               "definition": "每月电话联系客户的次数（将于下一版停用）。", "unit": "次",
               "frequency": "monthly"}
    assert diff_json(old, new) == [
        mod("handbook", None, "subtitle", None, "营销中心"),
        mod("defaults", None, "hotline", "400-000-0000", "400-000-1111"),
        {"kind": "region", "id": "south", "change": "added", "field": None, "old": None,
         "new": {"id": "south", "name": "华南大区"}},
        {"kind": "kpi", "id": "retired", "change": "removed", "field": None, "old": retired,
         "new": None},
        mod("chapter", "foreword", "title", "前言", "序言"),
        mod("overlay", "east/role/sales-rep", "kpis[0].weight", 70, 65),
        mod("overlay", "east/role/sales-rep", "kpis[1].weight", 30, 35),
        {"kind": "overlay", "id": "hk/kpi/visit-count", "change": "added", "field": None,
         "old": None, "new": {"id": "visit-count", "target": "≥40"}},
        {"kind": "revision", "id": "1.2", "change": "added", "field": None, "old": None,
         "new": {"version": "1.2", "date": "2025-01-01", "summary": "停用电话拜访量。"}},
    ]


def test_chapter_body_and_regions_change(tmp_path: Path) -> None:
    old, new = make_pair(tmp_path)
    edit(new, "content/foreword.md", "order: 1\n", "order: 1\nregions: [east]\n")
    edit(new, "content/foreword.md", "# 编制目的\n", "# 编制目的与范围\n")
    changes = diff_json(old, new)
    assert [c["field"] for c in changes] == ["regions", "body"]
    assert changes[0]["old"] is None and changes[0]["new"] == ["east"]
    _, md, _ = run(old, new, "markdown")
    assert "**适用版本变化** 章节「前言」`foreword`：所有版本 → 仅 华东大区（east）。" in md
    assert "-# 编制目的\n  +# 编制目的与范围" in md


def test_content_errors_are_counted_but_diffed(tmp_path: Path) -> None:
    old, new = make_pair(tmp_path)
    edit(new, "data/kpis/visit-count.yml", 'target: "≥60"', 'target: "≥70"\ncolour: red')
    rc, out, err = run(old, new)
    assert rc == 0
    assert json.loads(out) == [mod("kpi", "visit-count", "target", "≥60", "≥70")]
    assert "NEW" in err and "1 content error;" in err and "OLD" not in err


def test_json_is_deterministic_and_plain(tmp_path: Path) -> None:
    old, new = make_pair(tmp_path)
    edit(new, SALES_REP, "title: 销售代表", "title: 客户经理")
    first = run(old, new)[1]
    assert first == run(old, new)[1]
    assert "客户经理" in first  # ensure_ascii=False
    assert first.endswith("\n")


# --------------------------------------------------------------------------- usage errors, CLI

def test_usage_errors_exit_2(tmp_path: Path) -> None:
    old, _ = make_pair(tmp_path)
    rc, out, err = run(old, "no-such-thing", "json", tmp_path)
    assert (rc, out) == (2, "")
    assert "not inside a git repository" in err
    rc, _, err = run(old, old, "yaml")
    assert rc == 2 and "unknown format" in err
    rc, _, err = run(old, "--help", "json", tmp_path)
    assert rc == 2 and "neither a folder nor a git revision" in err


def test_cli_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                  monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = make_pair(tmp_path)
    edit(new, SALES_REP, "headcount: 20", "headcount: 25")
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "old", "new", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        mod("role", "sales-rep", "headcount", 20, 25)]
    assert main(["diff", "old", "new"]) == 0
    assert "编制人数（`headcount`）：`20` → `25`" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["diff", "old"])
    assert exc.value.code == 2


# --------------------------------------------------------------------------- git revisions

def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t",
                           "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "-q")
    (top / "README.md").write_text("readme\n", encoding="utf-8")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "readme only")
    git(top, "tag", "v0")
    shutil.copytree(FIXTURE, top / "books" / "sales")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "handbook")
    git(top, "tag", "v1")
    edit(top / "books" / "sales", SALES_REP, "weight: 60", "weight: 55")
    edit(top / "books" / "sales", SALES_REP, "weight: 40", "weight: 45")
    git(top, "commit", "-q", "-am", "weights")
    return top


WEIGHTS = [mod("role", "sales-rep", "kpis[0].weight", 60, 55),
           mod("role", "sales-rep", "kpis[1].weight", 40, 45)]


def test_git_revisions(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = repo / "books" / "sales"
    assert diff_json("v1", "HEAD", book) == WEIGHTS
    assert diff_json("HEAD~1", "HEAD", book) == WEIGHTS
    assert diff_json("HEAD", "HEAD", book) == []
    # A folder and a revision mix; --repo defaults to the current folder.
    monkeypatch.chdir(book)
    assert diff_json("v1", ".") == WEIGHTS
    edit(book, SALES_REP, "headcount: 20", "headcount: 21")  # uncommitted
    assert diff_json("HEAD", str(book)) == [mod("role", "sales-rep", "headcount", 20, 21)]
    assert git(repo, "status", "--porcelain") == "M books/sales/data/roles/sales-rep.yml"


def test_git_bad_revisions(repo: Path) -> None:
    book = repo / "books" / "sales"
    rc, out, err = run("v1", "no-such-rev", "json", book)
    assert (rc, out) == (2, "")
    assert "'no-such-rev' is neither a folder nor a revision of the git repository" in err
    rc, _, err = run("v0", "HEAD", "json", book)
    assert rc == 2 and "books/sales/ does not exist in revision 'v0'" in err


def test_git_handbook_at_top_level(tmp_path: Path, repo: Path) -> None:
    top = tmp_path / "top"
    shutil.copytree(FIXTURE, top)
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "one")
    edit(top, RULE, "category: 销售管理", "category: 客户管理")
    git(top, "commit", "-q", "-am", "two")
    assert diff_json("HEAD~1", "HEAD", top) == [
        mod("rule", "visit-rule", "category", "销售管理", "客户管理")]


# --------------------------------------------------------------------------- Markdown

def golden_pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = make_pair(tmp_path)
    edit(new, "handbook.yml", "owner: 销售运营部\n",
         "owner: 销售运营部\nsubtitle: 营销中心管理规范\n")
    edit(new, "data/regions.yml", "hotline: 400-000-0000", "hotline: 400-000-1111")
    edit(new, SALES_REP, "weight: 60", "weight: 50")
    edit(new, SALES_REP, "weight: 40", "weight: 50")
    edit(new, SALES_REP, "summary: 在负责区域内开发客户，服务热线 {{ region.hotline }}。",
         "summary: 在负责区域内开发和维护客户，完成月度销售目标；客户可拨打服务热线 "
         "{{ region.hotline }} 咨询，也可在CRM中提交服务工单。")
    edit(new, SALES_REP, "      - 遵守[[rule:visit-rule]]。\n",
         "      - 遵守[[rule:visit-rule]]。\n      - 每周复盘拜访数据。\n")
    edit(new, SALES_REP, "regions: [hk]", "regions: [hk, east]")
    edit(new, PROCESS, "  - id: review\n",
         "  - id: prepare\n    name: 准备资料\n    actor: sales-rep\n  - id: review\n")
    edit(new, PROCESS, "next: [visit, plan]", "next: [visit]")
    edit(new, RULE, "  - 拜访后当日登记拜访纪要。\n",
         "  - 销售代表应提前一天预约客户。\n  - 拜访后当日登记拜访纪要并拍照存档。\n")
    edit(new, RULE, "penalty: 通报批评。", "penalty: 通报批评，扣减当月绩效。")
    (new / "data/kpis/retired.yml").unlink()
    (new / "data/glossary.yml").write_text(
        (new / "data/glossary.yml").read_text(encoding="utf-8")
        + "- id: lead\n  term: 线索\n  definition: 有购买意向、尚未成交的潜在客户信息。\n",
        encoding="utf-8")
    edit(new, "content/foreword.md", "您正在阅读的是“{{ region.name }}”。",
         "您正在阅读的是“{{ region.name }}”。\n\n各大区版本与全国版不一致时，以大区版本为准。")
    edit(new, "data/overlays/east/roles/sales-rep.yml", "weight: 70", "weight: 65")
    edit(new, "data/overlays/east/roles/sales-rep.yml", "weight: 30", "weight: 35")
    (new / "data/revisions.yml").write_text(
        (new / "data/revisions.yml").read_text(encoding="utf-8")
        + '- version: "1.2"\n  date: 2025-01-01\n  summary: 调整销售代表考核权重。\n',
        encoding="utf-8")
    assert_valid(new)
    return old, new


def test_markdown_report_matches_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    golden_pair(tmp_path)
    monkeypatch.chdir(tmp_path)
    rc, text, err = run("old", "new", "markdown")
    assert (rc, err) == (0, "")
    path = GOLDEN / "report.md"
    if os.environ.get("HANDBOOK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run with HANDBOOK_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), \
        "report.md differs from the golden file; HANDBOOK_UPDATE_GOLDEN=1 regenerates it"


def test_long_report_is_shortened_for_a_comment(tmp_path: Path) -> None:
    old, new = golden_pair(tmp_path)
    a, b = snapshot(check(old)[0]), snapshot(check(new)[0])
    changes = diff_snapshots(a, b)
    full = render_markdown(changes, a, b, "old", "new")
    assert "<details>" in full and "报告过长" not in full
    compact = render_markdown(changes, a, b, "old", "new", max_chars=len(full) - 1)
    assert "<details>" not in compact and "新增条目的内容已省略" in compact
    assert "#### 修改：「客户拜访流程」`customer-visit`" in compact
    cut = render_markdown(changes, a, b, "old", "new", max_chars=1500)
    assert len(cut) <= 1500 and "以下已截断" in cut
    assert cut.count("```") % 2 == 0


def test_inline_diff_is_compact() -> None:
    old = "甲" * 30 + "逾期超过90天启动法律程序" + "乙" * 30
    new = "甲" * 30 + "逾期超过60天启动法律程序" + "乙" * 30
    assert inline_diff(old, new) == "…甲甲甲甲甲甲甲甲逾期超过[-9-]{+6+}0天启动法律程序乙乙乙乙…"
    assert inline_diff("ab", "abc") == "ab{+c+}"


def test_markdown_text_cannot_break_out() -> None:
    from handbook.diff.markdown import code, fenced

    assert code("a`b") == "``a`b``"
    assert fenced("x\n```\ny")[0] == "  ````"


# --------------------------------------------------------------------------- properties

def replay(old: Any, changes: list[tuple[tuple[Any, ...], Any, Any]]) -> Any:
    """The documented semantics of field changes, applied to `old`: a path's list indices
    are NEW indices, except the last index of a removed item (`new` None), an OLD index."""
    if not changes:
        return old
    whole = [c for c in changes if not c[0]]
    if whole:
        assert len(changes) == 1
        return whole[0][2]
    if isinstance(old, dict):
        out = dict(old)
        groups: dict[Any, list[Any]] = {}
        for path, o, n in changes:
            groups.setdefault(path[0], []).append((path[1:], o, n))
        for key, sub in groups.items():
            if len(sub) == 1 and not sub[0][0] and sub[0][2] is None:
                assert out.pop(key) == sub[0][1]
            else:
                out[key] = replay(out.get(key), sub)
        return out
    assert isinstance(old, list), (old, changes)
    removed = {p[0] for p, o, n in changes if len(p) == 1 and n is None}
    added = {p[0]: n for p, o, n in changes if len(p) == 1 and o is None}
    for i in removed:
        assert i < len(old)
    nested: dict[int, list[Any]] = {}
    for p, o, n in changes:
        if not (len(p) == 1 and (o is None or n is None)):
            nested.setdefault(p[0], []).append((p[1:], o, n))
    survivors = iter([v for i, v in enumerate(old) if i not in removed])
    out_list = []
    for j in range(len(old) - len(removed) + len(added)):
        if j in added:
            out_list.append(added[j])
        else:
            out_list.append(replay(next(survivors), nested.get(j, [])))
    assert next(survivors, None) is None
    return out_list


def check_roundtrip(old: dict[Any, Any], new: dict[Any, Any], changes: list[Change]) -> None:
    added = {(c.kind, c.id) for c in changes if c.change == "added"}
    removed = {(c.kind, c.id) for c in changes if c.change == "removed"}
    assert added == set(new) - set(old)
    assert removed == set(old) - set(new)
    by_key: dict[Any, list[Any]] = {}
    for c in changes:
        if c.change == "modified":
            assert c.field is not None and parse_path(c.field) == c.path
            assert c.old != c.new
            by_key.setdefault((c.kind, c.id), []).append((parse_path(c.field), c.old, c.new))
        else:
            assert c.field is None
            assert c.new == new.get((c.kind, c.id)) and c.old == old.get((c.kind, c.id))
    assert set(by_key) == {k for k in set(old) & set(new) if old[k] != new[k]}
    for key, field_changes in by_key.items():
        assert replay(copy.deepcopy(old[key]), field_changes) == new[key]


IDS = st.sampled_from(["a", "b", "c", "d", "e"])
KEYS = st.sampled_from(["id", "name", "title", "steps", "tasks", "kpis", "kpi", "weight",
                        "regions", "next", "text", "articles", "duties", "x", "y-z", "1a"])
SCALARS = st.one_of(st.text(alphabet="拜访客户ab。", max_size=6), st.integers(0, 100), IDS)


def _keyed(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    item = st.builds(lambda i, rest: {**rest, "id": i}, IDS,
                     st.dictionaries(KEYS, children, max_size=2))
    return st.lists(item, max_size=5, unique_by=lambda d: d["id"])


VALUES = st.recursive(
    SCALARS,
    lambda ch: st.lists(ch, max_size=5) | st.dictionaries(KEYS, ch, max_size=4) | _keyed(ch),
    max_leaves=16)
ENTITY_KEYS = st.tuples(st.sampled_from(["handbook", "role", "process", "rule", "kpi",
                                         "revision"]), st.sampled_from(["a", "b", "c"]))
SNAPSHOTS = st.dictionaries(ENTITY_KEYS, st.dictionaries(KEYS, VALUES, max_size=4), max_size=4)


def mutate(draw: Any, value: Any, depth: int = 0) -> Any:
    """A random edit of `value` that keeps most of it (as a real change does)."""
    action = draw(st.integers(0, 9))
    if action == 0 or depth > 5:
        return draw(VALUES) if action == 0 else value
    if isinstance(value, dict):
        out = dict(value)
        for key in list(out):
            roll = draw(st.integers(0, 5))
            if roll == 0:
                del out[key]
            elif roll == 1:
                out[key] = mutate(draw, out[key], depth + 1)
        if draw(st.booleans()):
            out[draw(KEYS)] = draw(VALUES)
        return out
    if isinstance(value, list):
        out_list = [mutate(draw, v, depth + 1) if draw(st.integers(0, 3)) == 0 else v
                    for v in value]
        for _ in range(draw(st.integers(0, 2))):
            op = draw(st.integers(0, 3))
            if op == 3 and out_list:  # a near-copy of an item, under a new id if keyed
                item = copy.deepcopy(out_list[draw(st.integers(0, len(out_list) - 1))])
                if isinstance(item, dict) and "id" in item:
                    item["id"] = f"{item['id']}-{draw(IDS)}"
                out_list.insert(draw(st.integers(0, len(out_list))), mutate(draw, item, 9))
            elif op == 0:
                out_list.insert(draw(st.integers(0, len(out_list))), draw(VALUES))
            elif op == 1 and out_list:
                out_list.pop(draw(st.integers(0, len(out_list) - 1)))
            elif op == 2 and len(out_list) > 1:
                i, j = draw(st.integers(0, len(out_list) - 1)), draw(
                    st.integers(0, len(out_list) - 1))
                out_list.insert(j, out_list.pop(i))
        return out_list
    return draw(SCALARS) if action < 4 else value


def mutate_snapshot(draw: Any, snap: dict[Any, Any]) -> dict[Any, Any]:
    new = {}
    for key, value in snap.items():
        roll = draw(st.integers(0, 6))
        if roll == 0:
            continue  # removed
        changed = mutate(draw, value) if roll <= 3 else None
        # Every item of a snapshot is a mapping; only its fields change type.
        new[key] = changed if isinstance(changed, dict) else copy.deepcopy(value)
    for key in draw(st.lists(ENTITY_KEYS, max_size=2)):
        new.setdefault(key, draw(st.dictionaries(KEYS, VALUES, max_size=3)))
    return new


FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(SNAPSHOTS)
def test_property_diff_with_itself_is_empty(snap: dict[Any, Any]) -> None:
    assert diff_snapshots(snap, copy.deepcopy(snap)) == []


@FAST
@given(st.data(), SNAPSHOTS)
def test_property_changes_replay_old_into_new(data: st.DataObject,
                                              old: dict[Any, Any]) -> None:
    new = mutate_snapshot(data.draw, old)
    changes = diff_snapshots(old, new)
    check_roundtrip(old, new, changes)
    assert to_json(changes) == to_json(diff_snapshots(old, new))


@FAST
@given(SNAPSHOTS, SNAPSHOTS)
def test_property_unrelated_snapshots(old: dict[Any, Any], new: dict[Any, Any]) -> None:
    check_roundtrip(old, new, diff_snapshots(old, new))


BASE_SNAPSHOT = snapshot(check(FIXTURE)[0])


@FAST
@given(st.data())
def test_property_real_handbook_modifications(data: st.DataObject) -> None:
    """Random edits of the fixture handbook's own data (spec-typed fields, keyed steps and
    KPIs, {text, regions} items, overlays, chapters) replay exactly."""
    old = copy.deepcopy(BASE_SNAPSHOT)
    new = mutate_snapshot(data.draw, old)
    assert diff_snapshots(old, copy.deepcopy(old)) == []
    check_roundtrip(old, new, diff_snapshots(old, new))


@given(st.lists(st.one_of(st.sampled_from(["a", "b", "c"]), st.integers(0, 20),
                          st.text(alphabet="a.[]\" 1", max_size=3)), max_size=5))
def test_property_paths_parse_back(tokens: list[Any]) -> None:
    path = tuple(t for t in tokens if not (isinstance(t, str) and not t))
    field = format_path(path)
    assert (parse_path(field) if field else ()) == path
