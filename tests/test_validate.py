"""Editions (contract section 5) and the cross-checks that run on every edition (section 4),
on tests/minimal and small changes of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.diagnostics import Diagnostics, Mark
from handbook.editions import BASE, edition_ids, filter_value, resolve
from handbook.model.handbook import Handbook
from handbook.model.values import PDict, PList, PStr
from handbook.pipeline import check
from handbook.validate import version_key

MINIMAL = Path(__file__).resolve().parent / "minimal"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of tests/minimal to change."""
    target = tmp_path / "handbook"
    shutil.copytree(MINIMAL, target)
    return target


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (file, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def write(root: Path, file: str, text: str) -> None:
    path = root / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def checked(root: Path) -> tuple[Handbook, list[str]]:
    hb, diags = check(root)
    return hb, diags.lines()


def ok(root: Path) -> Handbook:
    hb, lines = checked(root)
    assert lines == []
    return hb


# --------------------------------------------------------------------------- editions


def test_editions_of_the_minimal_handbook() -> None:
    hb = ok(MINIMAL)
    assert edition_ids(hb) == [BASE, "east", "hk"]
    names = {e: (resolve(hb, e).name, resolve(hb, e).language) for e in edition_ids(hb)}
    assert names == {BASE: ("全国版", "zh-CN"), "east": ("华东大区", "zh-CN"),
                     "hk": ("香港大区", "zh-TW")}


def test_entity_with_regions_is_only_in_those_editions(root: Path) -> None:
    write(root, "data/kpis/hk-visits.yml", "id: hk-visits\nname: 香港拜访量\nregions: [hk]\n")
    hb = ok(root)
    assert {e: "hk-visits" in resolve(hb, e).kind("kpi") for e in edition_ids(hb)} == {
        BASE: False, "east": False, "hk": True}
    # and the regions key itself is gone from the edition's entity
    assert "regions" not in resolve(hb, "hk").kind("kpi")["hk-visits"]


def test_list_items_with_regions() -> None:
    hb = ok(MINIMAL)
    quals = {e: list(resolve(hb, e).kind("role")["sales-rep"]["qualifications"])
             for e in edition_ids(hb)}
    # `{text, regions}` items become plain text where they are shown
    assert quals == {BASE: ["大专及以上学历。"], "east": ["大专及以上学历。"],
                     "hk": ["大专及以上学历。", "能用粤语沟通。"]}
    articles = {e: len(resolve(hb, e).kind("rule")["visit-rule"]["articles"])
                for e in edition_ids(hb)}
    assert articles == {BASE: 2, "east": 3, "hk": 2}


def test_mapping_list_items_with_regions(root: Path) -> None:
    write(root, "data/kpis/calls.yml", "id: calls\nname: 电话量\n")
    edit(root, "data/roles/sales-rep.yml", "    weight: 40\n",
         "    weight: 40\n  - kpi: calls\n    weight: 0\n    regions: [hk]\n")
    hb = ok(root)
    kpis = {e: [dict(k) for k in resolve(hb, e).kind("role")["sales-rep"]["kpis"]]
            for e in (BASE, "hk")}
    assert kpis == {
        BASE: [{"kpi": "sales-achievement", "weight": 60}, {"kpi": "visit-count", "weight": 40}],
        "hk": [{"kpi": "sales-achievement", "weight": 60}, {"kpi": "visit-count", "weight": 40},
               {"kpi": "calls", "weight": 0}],
    }
    edit(root, "data/roles/sales-rep.yml", "    weight: 0\n", "    weight: 5\n")
    _, lines = checked(root)
    assert lines == [
        "data/roles/sales-rep.yml:20:3: error: KPI weights of role 'sales-rep' sum to 105, not "
        "100, in the 香港大区 edition; weights are whole percentages that add up to 100"]


def test_overlays_replace_whole_values() -> None:
    hb = ok(MINIMAL)
    base = resolve(hb, BASE).kind("role")["sales-rep"]
    east = resolve(hb, "east").kind("role")["sales-rep"]
    hk = resolve(hb, "hk").kind("role")["sales-rep"]
    assert [(k["kpi"], k["weight"]) for k in east["kpis"]] == [
        ("sales-achievement", 70), ("visit-count", 30)]
    assert east["summary"] == "在华东大区开发客户，由{{ region.manager }}统一调度。"
    # keys the overlay does not name stay as they are
    assert east["title"] == base["title"] == "销售代表"
    assert east["duties"] == base["duties"]
    # other editions keep the base values
    assert [(k["kpi"], k["weight"]) for k in hk["kpis"]] == [
        ("sales-achievement", 60), ("visit-count", 40)]
    assert hk["summary"] == base["summary"]
    # and the replaced values point at the overlay file
    assert east.at("summary") == Mark("data/overlays/east/roles/sales-rep.yml", 2, 10)
    assert east.at("title") == Mark("data/roles/sales-rep.yml", 2, 8)
    # the base entity itself is untouched
    assert hb.kind("role")["sales-rep"]["kpis"][0]["weight"] == 60


def test_overlay_list_replaces_the_list(root: Path) -> None:
    write(root, "data/overlays/east/rules/visit-rule.yml",
          "id: visit-rule\narticles:\n  - 华东只有这一条。\n")
    hb = ok(root)
    assert list(resolve(hb, "east").kind("rule")["visit-rule"]["articles"]) == ["华东只有这一条。"]
    assert len(resolve(hb, "hk").kind("rule")["visit-rule"]["articles"]) == 2


def test_region_values_are_merged_over_defaults() -> None:
    hb = ok(MINIMAL)
    east = resolve(hb, "east").values["region"]
    assert east == {"hotline": "400-000-0000", "id": "east", "name": "华东大区",
                    "provinces": "上海、江苏、浙江", "manager": "陈刚"}
    hk = resolve(hb, "hk").values["region"]
    assert hk["hotline"] == "+852 0000 0000" and hk["language"] == "zh-TW"


def test_base_edition_values(root: Path) -> None:
    hb = ok(MINIMAL)
    assert resolve(hb, BASE).values["region"] == {"hotline": "400-000-0000", "id": "base",
                                                  "name": "全国版"}
    assert resolve(hb, BASE).values["handbook"]["doc_number"] == "SL-YX-001"
    edit(root, "handbook.yml", "language: zh-CN\n", "language: zh-CN\nbase_edition_name: 总部版\n")
    hb = ok(root)
    assert resolve(hb, BASE).values["region"]["name"] == "总部版"
    assert resolve(hb, BASE).name == "总部版"


def test_chapters_with_regions(root: Path) -> None:
    write(root, "data/kpis/hk-visits.yml", "id: hk-visits\nname: 香港拜访量\nregions: [hk]\n")
    write(root, "content/hk.md",
          "---\ntitle: 香港须知\nregions: [hk]\n---\n\n见[[kpi:hk-visits]]。\n")
    hb = ok(root)  # the reference is fine: the chapter is only in the edition that has the KPI
    assert {e: [c.id for c in resolve(hb, e).chapters] for e in edition_ids(hb)} == {
        BASE: ["foreword"], "east": ["foreword"], "hk": ["foreword", "hk"]}


def test_filter_value_keeps_positions() -> None:
    m = Mark("x.yml", 3, 5)
    item = PDict(Mark("x.yml", 4, 5))
    item["text"] = PStr("只在华东", Mark("x.yml", 4, 11))
    item["regions"] = PList(Mark("x.yml", 5, 16), [PStr("east", Mark("x.yml", 5, 16))])
    value = PList(m, [PStr("都有", m), item], [m, Mark("x.yml", 4, 5)])
    assert filter_value(value, None) == ["都有"]
    east = filter_value(value, "east")
    assert east == ["都有", "只在华东"] and east.at(1) == Mark("x.yml", 4, 5)
    assert east[1].mark == Mark("x.yml", 4, 11)


# --------------------------------------------------------------------------- references


def test_reference_must_resolve_in_every_edition_the_text_is_in(root: Path) -> None:
    write(root, "data/kpis/hk-visits.yml", "id: hk-visits\nname: 香港拜访量\nregions: [hk]\n")
    # fine in an hk-only list item
    edit(root, "data/roles/sales-rep.yml", "  - text: 能用粤语沟通。\n",
         "  - text: 能用粤语沟通，考核[[kpi:hk-visits]]。\n")
    # an error in a text every edition has: in the two editions without the KPI
    edit(root, "data/roles/manager.yml", "[[kpi:sales-achievement|销售目标]]",
         "[[kpi:hk-visits|香港目标]]")
    _, lines = checked(root)
    assert lines == [
        "data/roles/manager.yml:6:18: error: kpi 'hk-visits' is not in the base (全国版) and "
        "华东大区 editions; it is limited to regions: hk",
    ]


def test_reference_in_a_field_to_a_region_only_entity(root: Path) -> None:
    write(root, "data/roles/hk-rep.yml",
          "id: hk-rep\ntitle: 香港销售\ndepartment: sales\nregions: [hk]\n")
    edit(root, "data/roles/sales-rep.yml", "career_next: [manager]", "career_next: [hk-rep]")
    _, lines = checked(root)
    assert lines == [
        "data/roles/sales-rep.yml:24:15: error: role 'hk-rep' is not in the base (全国版) and "
        "华东大区 editions; it is limited to regions: hk",
    ]


def test_overlay_text_is_checked_in_its_region_only(root: Path) -> None:
    edit(root, "data/overlays/east/roles/sales-rep.yml", "由{{ region.manager }}统一调度",
         "由[[role:boss]]和{{ region.office }}统一调度")
    _, lines = checked(root)
    assert lines == [
        "data/overlays/east/roles/sales-rep.yml:2:21: error: unknown role 'boss'; expected one "
        "of: director, manager, sales-rep",
        "data/overlays/east/roles/sales-rep.yml:2:35: error: '{{ region.office }}' has no value "
        "in the 华东大区 edition; set 'office' in data/regions.yml (defaults or the region)",
    ]


def test_overlay_weights_are_checked_in_their_edition(root: Path) -> None:
    edit(root, "data/overlays/east/roles/sales-rep.yml", "weight: 30", "weight: 20")
    _, lines = checked(root)
    assert lines == [
        "data/overlays/east/roles/sales-rep.yml:4:3: error: KPI weights of role 'sales-rep' sum "
        "to 90, not 100, in the 华东大区 edition; weights are whole percentages that add up "
        "to 100"]


def test_region_value_set_in_the_region_only(root: Path) -> None:
    # {{ region.manager }} is in the east overlay, and only east sets manager: fine
    ok(root)
    edit(root, "data/roles/director.yml", "负责营销中心的全面工作。",
         "负责营销中心的全面工作，热线{{ region.hotline }}，{{ handbook.title }}。")
    ok(root)


# --------------------------------------------------------------------------- structure


def test_self_reporting_role(root: Path) -> None:
    edit(root, "data/roles/director.yml", "grade: M3", "reports_to: director\ngrade: M3")
    _, lines = checked(root)
    assert lines == [
        "data/roles/director.yml:4:13: error: cycle in the reporting line: director → director; "
        "one of these must not point back; check 'reports_to'"]


def test_cycle_only_in_one_edition(root: Path) -> None:
    write(root, "data/overlays/hk/roles/director.yml", "id: director\nreports_to: manager\n")
    _, lines = checked(root)
    assert lines == [
        "data/overlays/hk/roles/director.yml:2:13: error: cycle in the reporting line: director "
        "→ manager → director; one of these must not point back; check 'reports_to'"]


def test_steps(root: Path) -> None:
    edit(root, "data/processes/customer-visit.yml", "next: [visit, plan]", "next: []")
    ok(root)  # an empty next ends the process there
    edit(root, "data/processes/customer-visit.yml", "  - id: visit\n", "  - id: visit\n"
         "    next: [nowhere, review]\n")
    _, lines = checked(root)
    assert lines == ["data/processes/customer-visit.yml:18:12: error: unknown step 'nowhere' in "
                     "process 'customer-visit'; expected one of: plan, review, visit"]


def test_process_without_steps_in_an_edition(root: Path) -> None:
    edit(root, "data/processes/customer-visit.yml", "  - id: plan\n",
         "  - id: plan\n    regions: [east]\n")
    edit(root, "data/processes/customer-visit.yml", "  - id: review\n",
         "  - id: review\n    regions: [east]\n")
    edit(root, "data/processes/customer-visit.yml", "  - id: visit\n",
         "  - id: visit\n    regions: [east]\n")
    _, lines = checked(root)
    assert lines == [
        "data/processes/customer-visit.yml:7:3: error: process 'customer-visit' has no steps in "
        "the base (全国版) and 香港大区 editions",
    ]


def test_revision_order() -> None:
    assert version_key("1.10") > version_key("1.9") > version_key("1.0")
    assert version_key("2") < version_key("2.0")


def test_missing_revision_log(root: Path) -> None:
    (root / "data/revisions.yml").unlink()
    _, lines = checked(root)
    assert lines == ["data/revisions.yml:1:1: error: the revision log is empty; add "
                     "data/revisions.yml with at least one {version, date, summary}"]


def test_errors_in_one_go(root: Path) -> None:
    """Load errors do not stop the cross-checks on what did load."""
    edit(root, "data/roles/director.yml", "headcount: 1", "headcount: 一")
    edit(root, "data/roles/sales-rep.yml", "reports_to: manager", "reports_to: boss")
    hb, diags = check(root)
    assert isinstance(diags, Diagnostics)
    assert diags.lines() == [
        "data/roles/director.yml:5:12: error: 'headcount' of role must be a whole number, "
        "not text",
        "data/roles/sales-rep.yml:4:13: error: unknown role 'boss'; expected one of: director, "
        "manager, sales-rep",
    ]
    assert "director" in hb.kind("role")


def test_doc_number_with_a_path_separator_is_an_error(root: Path) -> None:
    """It names the downloads; '../x' would be written outside --out."""
    edit(root, "handbook.yml", "doc_number: SL-YX-001", 'doc_number: "../../x"')
    _, lines = checked(root)
    assert lines == ["handbook.yml:3:13: error: doc_number '../../x' cannot be part of a file "
                     "name; leave out '/' and '\\', e.g. HX-YX-001"]


def test_duplicate_chapter_id_is_an_error(root: Path) -> None:
    write(root, "content/other.md", "---\ntitle: 其他\nid: foreword\n---\n正文。\n")
    _, lines = checked(root)
    assert lines == ["content/other.md:3:1: error: duplicate chapter id 'foreword'; "
                     "content/foreword.md has it too; set a different 'id' in the front matter"]


def test_one_mistake_in_many_editions_is_one_line(tmp_path: Path) -> None:
    """Five editions: a wrong weight in the base role is wrong in every edition but the one
    whose overlay replaces the weights, and is reported once, naming the exception."""
    root = tmp_path / "handbook"
    shutil.copytree(MINIMAL, root)
    regions = root / "data" / "regions.yml"
    regions.write_text(regions.read_text(encoding="utf-8") + "  - {id: west, name: 西部大区}\n"
                       "  - {id: north, name: 华北大区}\n",
                       encoding="utf-8")
    edit(root, "data/roles/sales-rep.yml", "weight: 60", "weight: 50")
    _, lines = checked(root)
    assert lines == [
        "data/roles/sales-rep.yml:20:3: error: KPI weights of role 'sales-rep' sum to 90, not "
        "100, in every edition but the 华东大区 edition; weights are whole percentages that add "
        "up to 100"]
