"""The `handbook diff` report as Markdown, for a pull-request comment.

A heading with both sides, one summary line with counts, "审阅提示" (what a reviewer should
not miss: KPI weight changes, articles renumbered by an insertion or removal, entities and
list items whose editions (`regions`) changed), then one section per kind. Short values are
shown `old` → `new`; long one-line texts as a compact inline diff ([-deleted-]{+inserted+},
long unchanged stretches elided), multi-line texts as a unified diff, and added or removed
structures as YAML (added entities folded in a <details> block). Texts are always inside
code spans or fenced blocks, so their Markdown cannot break the report.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import yaml

from ..labels import ZH, chinese_number
from ..model import spec as s
from .core import KINDS, NATURAL_KEYS, Change, Key, Snapshot, format_path, spec_for

KIND_LABEL = {
    "handbook": "手册信息", "defaults": "地区默认值", "region": "大区", "department": "部门",
    "role": "岗位", "process": "流程", "rule": "制度", "kpi": "考核指标", "term": "术语",
    "chapter": "章节", "overlay": "地区覆盖", "revision": "修订记录",
}
FIELD_LABEL = {
    "id": "ID", "regions": "适用版本", "body": "正文", "order": "排序", "weight": "权重",
    "kpi": "指标", "text": "文本", "language": "语言", "provinces": "省份", "title": "名称",
    "defaults": "默认值", "next": "下一步", "rules": "相关制度", "roles": "岗位",
    "departments": "部门", "kpis": "考核指标", "career_next": "晋升通道", "steps": "流程步骤",
    "articles": "条款", "penalties": "罚则", "applies_to": "适用范围",
}
DISPLAY = {"department": "name", "role": "title", "process": "name", "rule": "title",
           "kpi": "name", "term": "term", "region": "name", "chapter": "title"}
SHORT = 40  # one-line values up to this many characters are shown whole
MAX_CHARS = 60_000  # GitHub refuses comments over 65,536 characters
TINY = 20  # a changed text up to this long is shown `old` → `new`, a longer one as a diff
CONTEXT = 12  # characters of unchanged text kept around a change in an inline diff
_CJK = re.compile(r"[\u3400-\u9fff]")


# --------------------------------------------------------------------------- small helpers

def code(text: str) -> str:
    """`text` as an inline code span, whatever backticks it holds."""
    text = " ".join(str(text).split("\n"))
    run = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fenced(text: str, lang: str = "", indent: str = "  ") -> list[str]:
    run = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (run + 1)
    body = [f"{indent}{line}".rstrip() for line in text.split("\n")]
    return [f"{indent}{fence}{lang}", *body, f"{indent}{fence}"]


class _Dumper(yaml.SafeDumper):
    pass


def _str_repr(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_repr)


def to_yaml(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=10_000, default_flow_style=False).rstrip("\n")


def _is_short(v: Any) -> bool:
    if v is None or isinstance(v, (int, float, bool)):
        return True
    if isinstance(v, str):
        return "\n" not in v and len(v) <= SHORT
    if isinstance(v, list):
        return all(isinstance(i, (str, int)) for i in v) and len(_inline(v)) <= 2 * SHORT
    return False


def _inline(v: Any) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(str(i) for i in v) + "]"
    return str(v)


def _spec_label(t: s.Type | None, key: str) -> str | None:
    if isinstance(t, s.OneOf):
        t = t.obj
    if isinstance(t, s.Obj) and key in t.fields:
        doc = t.fields[key].doc
        if doc and _CJK.match(doc):
            return re.split(r"[ ,(（]", doc, maxsplit=1)[0]
    return None


def _child_type(t: s.Type | None, key: str | int) -> s.Type | None:
    if isinstance(t, s.OneOf):
        t = t.obj
    if isinstance(key, int):
        return t.item if isinstance(t, s.List) else None
    if isinstance(t, s.Obj):
        if key in t.fields:
            return t.fields[key].type
        return s.REGIONS_FIELD.type if key == "regions" else t.extra
    return None


def path_label(kind: str, eid: str | None, path: tuple[str | int, ...],
               removed_item: bool = False, values: list[Any] | None = None) -> str:
    """A reader's name for a field path: 岗位职责 第3项 › 工作任务 第1项; the last index of a
    removed item is an index in the old list (原第N条). `values[n]`, the value at
    `path[:n + 1]` where known, names keyed items: 流程步骤 第3步 `review`."""
    t = spec_for(kind, eid)
    parts: list[str] = []
    parent: str | int | None = None
    for n, tok in enumerate(path):
        if isinstance(tok, int):
            old = "原" if removed_item and n == len(path) - 1 else ""
            if parent == "articles":
                num = f"第{chinese_number(tok + 1)}条"
            elif parent == "steps":
                num = f"第{tok + 1}步"
            else:
                num = f"第{tok + 1}项"
            item = values[n] if values and n < len(values) else None
            if isinstance(item, dict):
                key = next((item[k] for k in NATURAL_KEYS if isinstance(item.get(k), str)), None)
                num += f" {code(key)}" if key else ""
            if parts:
                parts[-1] += f" {old}{num}"
            else:
                parts.append(old + num)
        else:
            parts.append(_spec_label(t, tok) or FIELD_LABEL.get(tok) or ZH.get(tok) or tok)
        t = _child_type(t, tok)
        parent = tok
    return " › ".join(parts)


def inline_diff(old: str, new: str) -> str:
    """One line: unchanged text with [-deleted-]{+inserted+}; long unchanged runs elided."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segs: list[list[str]] = []  # [tag, old part, new part]
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        tag = "=" if op == "equal" else "~"
        if segs and segs[-1][0] == tag:
            segs[-1][1] += old[i1:i2]
            segs[-1][2] += new[j1:j2]
        else:
            segs.append([tag, old[i1:i2], new[j1:j2]])
    # Tiny unchanged islands between two changes read better folded into them.
    merged: list[list[str]] = []
    for k, seg in enumerate(segs):
        island = seg[0] == "=" and len(seg[1]) < 3 and k + 1 < len(segs)
        if merged and merged[-1][0] == "~" and (island or seg[0] == "~"):
            merged[-1][1] += seg[1]
            merged[-1][2] += seg[2]
        else:
            merged.append(list(seg))
    out = []
    for k, (tag, a, b) in enumerate(merged):
        if tag == "=":
            first, last = k == 0, k == len(merged) - 1
            if first and len(a) > CONTEXT:
                a = "…" + a[-CONTEXT:]
            elif last and len(a) > CONTEXT:
                a = a[:CONTEXT] + "…"
            elif not first and not last and len(a) > 3 * CONTEXT:
                a = a[:CONTEXT] + "…" + a[-CONTEXT:]
            out.append(a)
        else:
            out.append((f"[-{a}-]" if a else "") + (f"{{+{b}+}}" if b else ""))
    return "".join(out)


def _lines_diff(old: str, new: str) -> str:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
    return "\n".join(line for line in lines if not line.startswith(("---", "+++")))


# --------------------------------------------------------------------------- the report

class Report:
    def __init__(self, changes: list[Change], old: Snapshot, new: Snapshot,
                 old_label: str, new_label: str, compact: bool = False) -> None:
        self.compact = compact  # added entities without their content
        self.changes = changes
        self.old = old
        self.new = new
        self.old_label = old_label
        self.new_label = new_label

    # names ------------------------------------------------------------------------------
    def value(self, key: Key) -> Any:
        return self.new.get(key, self.old.get(key))

    def name(self, kind: str, eid: str | None) -> str:
        """「display name」 `id`, or the id alone."""
        if eid is None:
            return ""
        if kind == "revision":
            return f"{eid} 版"
        if kind == "overlay":
            parts = eid.split("/")
            if len(parts) == 3:
                region = self._display("region", parts[0]) or parts[0]
                target = self._display(parts[1], parts[2])
                shown = f"「{target}」" if target else " "
                return f"{region} › {KIND_LABEL.get(parts[1], parts[1])}{shown}{code(parts[2])}"
        display = self._display(kind, eid)
        return f"「{display}」{code(eid)}" if display else code(eid)

    def _display(self, kind: str, eid: str) -> str | None:
        v = self.value((kind, eid))
        field = DISPLAY.get(kind)
        if isinstance(v, dict) and field and isinstance(v.get(field), str):
            return str(v[field])
        return None

    def regions_text(self, regions: Any) -> str:
        if regions is None:
            return "所有版本"
        if not isinstance(regions, list) or not regions:
            return "不出现在任何版本" if regions == [] else code(str(regions))
        names = [f"{self._display('region', str(r)) or r}（{r}）" for r in regions]
        return "仅 " + "、".join(names)

    # main -------------------------------------------------------------------------------
    def render(self) -> str:
        out = [f"## 手册变更：{code(self.old_label)} → {code(self.new_label)}", ""]
        if not self.changes:
            out += ["没有语义变更。", ""]
            return "\n".join(out)
        out += [self.summary(), ""]
        notes = [*self.kpi_notes(), *self.renumber_notes(), *self.region_notes()]
        if notes:
            out += ["### 审阅提示", "", *notes, ""]
        by_kind: dict[str, list[Change]] = {}
        for c in self.changes:
            by_kind.setdefault(c.kind, []).append(c)
        for kind in sorted(by_kind, key=lambda k: KINDS.index(k) if k in KINDS else 99):
            out += [f"### {KIND_LABEL.get(kind, kind)}（{kind}）", ""]
            out += self.kind_section(by_kind[kind])
        return "\n".join(out).rstrip("\n") + "\n"

    def summary(self) -> str:
        entities: dict[tuple[str, str | None], str] = {}
        fields = 0
        for c in self.changes:
            entities[(c.kind, c.id)] = c.change
            fields += c.change == "modified"
        count = {k: sum(1 for v in entities.values() if v == k)
                 for k in ("added", "removed", "modified")}
        line = (f"共 {len(entities)} 项变更：新增 {count['added']} 项，删除 {count['removed']} "
                f"项，修改 {count['modified']} 项（{fields} 处字段变更）。")
        old_v, new_v = self._current("old"), self._current("new")
        if old_v != new_v:
            line += f"当前版本 {old_v or '无'} → {new_v or '无'}。"
        return line

    def _current(self, side: str) -> str | None:
        snap = self.old if side == "old" else self.new
        versions = [k[1] for k in snap if k[0] == "revision" and k[1]]
        if not versions:
            return None
        try:
            return max(versions, key=lambda v: tuple(int(p) for p in v.split(".")))
        except ValueError:
            return max(versions)

    # reviewer notes -------------------------------------------------------------------------
    def _modified(self, kind: str) -> list[Key]:
        """Modified entities of this kind, and modified overlays of it."""
        keys: list[Key] = []
        for c in self.changes:
            target = c.kind
            if c.kind == "overlay":
                parts = (c.id or "").split("/")
                target = parts[1] if len(parts) == 3 else ""
            if c.change == "modified" and target == kind and (c.kind, c.id) not in keys:
                keys.append((c.kind, c.id))
        return keys

    def kpi_notes(self) -> list[str]:
        notes = []
        for key in self._modified("role"):
            old_w = _weights(self.old.get(key))
            new_w = _weights(self.new.get(key))
            if old_w == new_w or (old_w is None and new_w is None):
                continue
            old_w, new_w = old_w or {}, new_w or {}
            parts = []
            for kpi in [*new_w, *(k for k in old_w if k not in new_w)]:
                name = self._display("kpi", kpi)
                label = f"{name} {code(kpi)}" if name else code(kpi)
                a, b = old_w.get(kpi), new_w.get(kpi)
                if a == b:
                    continue
                if a is None:
                    parts.append(f"{label} 新增 {b}%")
                elif b is None:
                    parts.append(f"{label} 删除（原 {a}%）")
                else:
                    parts.append(f"{label} {a}% → {b}%")
            total_a, total_b = _total(old_w), _total(new_w)
            if total_a != total_b:
                parts.append(f"合计 {total_a}% → {total_b}%")
            if parts:
                notes.append(f"- **KPI 权重变化** {self.kind_name(key)}：" + "；".join(parts)
                             + "。")
        return notes

    def kind_name(self, key: Key) -> str:
        kind, eid = key
        label = KIND_LABEL.get(kind, kind)
        name = self.name(kind, eid)
        return f"{label}{name}" if name.startswith("「") else f"{label} {name}".strip()

    def renumber_notes(self) -> list[str]:
        notes = []
        for key in self._modified("rule"):
            items = [c for c in self.changes if (c.kind, c.id) == key
                     and len(c.path) == 2 and c.path[0] == "articles"
                     and isinstance(c.path[1], int) and (c.old is None or c.new is None)]
            old_arts = (self.old.get(key) or {}).get("articles")
            if not items or not isinstance(old_arts, list):
                continue
            removed = sorted(int(c.path[1]) for c in items if c.new is None)
            added = sorted(int(c.path[1]) for c in items if c.old is None)
            survivors = [i for i in range(len(old_arts)) if i not in set(removed)]
            new_len = len(survivors) + len(added)
            slots = [j for j in range(new_len) if j not in set(added)]
            moves = [(i, j) for i, j in zip(survivors, slots, strict=True) if i != j]
            if not moves:
                continue
            runs: list[list[int]] = []  # [first old, last old, shift]
            for i, j in moves:
                if runs and runs[-1][1] == i - 1 and runs[-1][2] == j - i:
                    runs[-1][1] = i
                else:
                    runs.append([i, i, j - i])
            cause = [f"新增{_art(j)}" for j in added]
            cause += [f"删除原{_art(i)}" for i in removed]
            shifts = []
            for a, b, d in runs:
                if a == b:
                    shifts.append(f"原{_art(a)}改为{_art(a + d)}")
                else:
                    shifts.append(f"原{_art(a)}至{_art(b)}依次改为{_art(a + d)}至{_art(b + d)}")
            notes.append(f"- **条款重新编号** {self.kind_name(key)}：{'、'.join(cause)}，"
                         f"{'；'.join(shifts)}（按源文件顺序；引用这些条款编号的文字需同步核对）。")
        return notes

    def region_notes(self) -> list[str]:
        notes = []
        for c in self.changes:
            if c.change != "modified" or c.kind in ("region", "defaults", "handbook"):
                continue
            if c.path and c.path[-1] == "regions":
                a, b = c.old, c.new
            elif c.path and isinstance(c.path[-1], int) and c.old is not None \
                    and c.new is not None:
                a, b = _item_regions(c.old), _item_regions(c.new)
                if a == b:
                    continue
            else:
                continue
            where = path_label(c.kind, c.id, c.path[:-1]) if c.path[-1] == "regions" else \
                path_label(c.kind, c.id, c.path)
            where = f" {where}" if where else ""
            notes.append(f"- **适用版本变化** {self.kind_name((c.kind, c.id))}{where}："
                         f"{self.regions_text(a)} → {self.regions_text(b)}。")
        return notes

    def values_along(self, c: Change) -> list[Any]:
        """The NEW value at each prefix of the change's path (the last one: the change's)."""
        out: list[Any] = []
        v = self.new.get((c.kind, c.id))
        for tok in c.path:
            if isinstance(tok, int):
                v = v[tok] if isinstance(v, list) and tok < len(v) else None
            else:
                v = v.get(tok) if isinstance(v, dict) else None
            out.append(v)
        if out:
            out[-1] = c.new if c.new is not None else c.old
        return out

    # sections ---------------------------------------------------------------------------
    def kind_section(self, changes: list[Change]) -> list[str]:
        out: list[str] = []
        groups: dict[Key, list[Change]] = {}
        for c in changes:
            groups.setdefault((c.kind, c.id), []).append(c)
        for (kind, eid), group in groups.items():
            first = group[0]
            name = self.name(kind, eid)
            if first.change == "added":
                extra = ""
                if isinstance(first.new, dict) and "regions" in first.new:
                    extra = f"（{self.regions_text(first.new['regions'])}）"
                out += [f"- **新增** {name}{extra}", ""]
                if not self.compact:
                    out += ["  <details><summary>内容</summary>", "",
                            *fenced(to_yaml(first.new), "yaml"), "", "  </details>", ""]
            elif first.change == "removed":
                out += [f"- **删除** {name}", ""]
            else:
                title = f"#### 修改：{name}" if name else "#### 修改"
                out += [title, ""]
                for c in group:
                    out += self.field_change(c)
                if out[-1]:
                    out.append("")
        return out

    def field_change(self, c: Change) -> list[str]:
        removed_item = c.new is None and bool(c.path) and isinstance(c.path[-1], int)
        label = path_label(c.kind, c.id, c.path, removed_item, self.values_along(c))
        field = code(c.field or "")
        head = f"- {field}：" if label == c.field else f"- {label}（{field}）："
        if c.old is None:
            if _is_short(c.new):
                return [f"{head}新增 {code(_inline(c.new))}"]
            return [f"{head}新增", "", *fenced(to_yaml(c.new), "yaml"), ""]
        if c.new is None:
            if _is_short(c.old):
                return [f"{head}删除（原为 {code(_inline(c.old))}）"]
            return [f"{head}删除，原为：", "", *fenced(to_yaml(c.old), "yaml"), ""]
        texts = isinstance(c.old, str) and isinstance(c.new, str)
        if _is_short(c.old) and _is_short(c.new) and not (
                texts and max(len(c.old), len(c.new)) > TINY):
            return [f"{head}{code(_inline(c.old))} → {code(_inline(c.new))}"]
        if texts:
            if "\n" in c.old or "\n" in c.new:
                return [head, "", *fenced(_lines_diff(c.old, c.new), "diff"), ""]
            inline = inline_diff(c.old, c.new)
            if len(inline) <= 2 * SHORT:
                return [f"{head}{code(inline)}"]
            return [head, "", *fenced(inline), ""]
        body = "\n".join(["- " + line for line in to_yaml(c.old).split("\n")] +
                         ["+ " + line for line in to_yaml(c.new).split("\n")])
        return [head, "", *fenced(body, "diff"), ""]


def _art(index: int) -> str:
    return f"第{chinese_number(index + 1)}条"


def _weights(entity: Any) -> dict[str, Any] | None:
    if not isinstance(entity, dict) or not isinstance(entity.get("kpis"), list):
        return None
    out = {}
    for item in entity["kpis"]:
        if isinstance(item, dict) and isinstance(item.get("kpi"), str):
            out[item["kpi"]] = item.get("weight")
    return out


def _total(weights: dict[str, Any]) -> int:
    return sum(w for w in weights.values() if isinstance(w, int))


def _item_regions(item: Any) -> Any:
    return item.get("regions") if isinstance(item, dict) else None


def render_markdown(changes: list[Change], old: Snapshot, new: Snapshot,
                    old_label: str, new_label: str, max_chars: int = MAX_CHARS) -> str:
    """The report; one too long for a pull-request comment leaves out the content of added
    entities, and is then cut at a line, with a note."""
    text = Report(changes, old, new, old_label, new_label).render()
    if len(text) <= max_chars:
        return text
    text = Report(changes, old, new, old_label, new_label, compact=True).render()
    note = ("\n> 报告过长：新增条目的内容已省略"
            if len(text) <= max_chars else "\n> 报告过长，以下已截断")
    note += "；完整的变更见 `handbook diff --format json`。\n"
    if len(text) > max_chars:
        cut = text.rfind("\n### ", 0, max_chars - len(note))
        if cut <= 0:
            cut = text.rfind("\n", 0, max_chars - len(note))
        text = text[:cut].rstrip("\n") + "\n"
        if text.count("```") % 2:  # never leave a code block open
            text += "  ```\n"
    return text + note


__all__ = ["Report", "render_markdown", "format_path"]
