"""Build the document tree of one edition (or one role's onboarding manual).

This is the only place that decides what a handbook contains and in which order; writers
only lay the tree out. Anchors are stable and derived from ids (`role-sales-rep`,
`rule-pricing-3`), so links survive edits and diffs stay readable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import text as tx
from . import tree as t
from .chinese import to_traditional
from .editions import BASE, Edition, display_name, edition_ids, ordered, resolve
from .labels import article_number, labels_for
from .model.handbook import Handbook
from .model.values import PDict
from .validate import version_key

CHAPTER_KINDS = ("department", "role", "process", "rule", "kpi", "term")


def anchor(kind: str, eid: str) -> str:
    return f"{kind}-{eid}"


def _T(s: Any) -> tuple[t.Inline, ...]:
    return (t.Text(str(s)),)


def _join(parts: Iterable[tuple[t.Inline, ...]], sep: str = "、") -> tuple[t.Inline, ...]:
    out: list[t.Inline] = []
    for i, p in enumerate(parts):
        if i:
            out.append(t.Text(sep))
        out.extend(p)
    return tuple(out)


class _Builder:
    def __init__(self, ed: Edition, include: set[str] | None) -> None:
        self.ed = ed
        self.include = include  # anchors of entity sections present; None: everything
        self.L = labels_for(ed.language if ed.language == "en" else "zh-CN")
        self.roles = ordered_roles(ed)
        self.departments = ordered(ed.kind("department"))

    # ------------------------------------------------------------------ references
    def has(self, kind: str, eid: str) -> bool:
        if eid not in self.ed.kind(kind):
            return False
        return self.include is None or anchor(kind, eid) in self.include

    def ref(self, kind: str, eid: str, label: str | None = None) -> tuple[t.Inline, ...]:
        entity = self.ed.kind(kind).get(eid)
        text = label if label is not None else (display_name(kind, entity) if entity else eid)
        if entity is not None and self.has(kind, eid):
            return (t.Ref(anchor(kind, eid), (t.Text(text),)),)
        return (t.Text(text),)

    def _resolve(self, kind: str, eid: str, label: str | None) -> t.Inline:
        inl = self.ref(kind, eid, label)
        return inl[0]

    def blocks(self, src: Any) -> list[t.Block | tx.Heading]:
        if not src:
            return []
        return tx.render(str(src), self.ed.values, self._resolve)

    def flat_blocks(self, src: Any) -> tuple[t.Block, ...]:
        """Text blocks for an entity field: headings inside become bold paragraphs."""
        out: list[t.Block] = []
        for b in self.blocks(src):
            if isinstance(b, tx.Heading):
                out.append(t.Paragraph((t.Strong((t.Text(b.title),)),)))
            else:
                out.append(b)
        return tuple(out)

    def inline(self, src: Any) -> tuple[t.Inline, ...]:
        return tx.render_inline(str(src), self.ed.values, self._resolve) if src else ()

    def items(self, values: Any) -> tuple[tuple[t.Block, ...], ...]:
        return tuple(self.flat_blocks(v) or (t.Paragraph(()),) for v in values or [])

    # ------------------------------------------------------------------ document
    def front(self, current: PDict, first: PDict) -> tuple[t.Block, ...]:
        L = self.L
        meta = self.ed.handbook.meta
        rows = [
            t.Field(L["doc_number"], _T(meta.get("doc_number", ""))),
            t.Field(L["version"], _T(current.get("version", ""))),
            t.Field(L["edition"], _T(self.ed.name)),
            t.Field(L["published"], _T(current.get("date", ""))),
        ]
        if current.get("effective"):
            rows.append(t.Field(L["effective"], _T(current["effective"])))
        for key in ("prepared_by", "reviewed_by", "approved_by"):
            if current.get(key):
                rows.append(t.Field(L[key], _T(current[key])))
        if meta.get("owner"):
            rows.append(t.Field(L["owner"], _T(meta["owner"])))
        if meta.get("confidentiality"):
            rows.append(t.Field(L["confidentiality"], _T(meta["confidentiality"])))
        return (t.FieldList(tuple(rows)),)

    def chapter(self, key: str, anchor_id: str, children: list[t.Section],
                blocks: tuple[t.Block, ...] = ()) -> t.Section:
        return t.Section(anchor=anchor_id, title=self.L[key], level=1, blocks=blocks,
                         children=tuple(children), page=True, kind="chapter",
                         entity_id=anchor_id)

    def prose(self, chapter: Any, level: int = 1) -> t.Section:
        anchor_id = f"chapter-{chapter.id}"
        blocks: list[t.Block] = []
        children: list[t.Section] = []
        stack: list[tuple[int, str, str, list[t.Block], list[t.Section]]] = []
        used: set[str] = set()

        def close_to(lv: int) -> None:
            while stack and stack[-1][0] >= lv:
                hl, title, anc, bl, ch = stack.pop()
                sec = t.Section(anchor=anc, title=title, level=level + len(stack) + 1,
                                blocks=tuple(bl), children=tuple(ch))
                (stack[-1][4] if stack else children).append(sec)

        for b in self.blocks(chapter.body):
            if isinstance(b, tx.Heading):
                if b.level == 1 and not stack and not blocks and not children:
                    continue  # a leading '# title' repeats the front matter title
                close_to(b.level)
                n = len(used) + 1
                anc = f"{anchor_id}-{n}"
                used.add(anc)
                stack.append((b.level, b.title, anc, [], []))
            elif stack:
                stack[-1][3].append(b)
            else:
                blocks.append(b)
        close_to(0)
        return t.Section(anchor=anchor_id, title=str(chapter.title), level=level,
                         blocks=tuple(blocks), children=tuple(children), page=True,
                         kind="chapter", entity_id=chapter.id)

    # ------------------------------------------------------------------ departments
    def org_chart(self) -> t.Diagram:
        nodes: list[t.GraphNode] = []
        clusters: list[t.GraphCluster] = []
        edges: list[t.GraphEdge] = []
        for d in self.departments:
            clusters.append(t.GraphCluster(f"d-{d['id']}", str(d["name"])))
        for r in self.roles:
            nodes.append(t.GraphNode(f"r-{r['id']}", str(r["title"]),
                                     anchor("role", r["id"]) if self.has("role", r["id"]) else None,
                                     "box", f"d-{r['department']}"))
        role_ids = {r["id"] for r in self.roles}
        for r in self.roles:
            boss = r.get("reports_to")
            if boss in role_ids:
                edges.append(t.GraphEdge(f"r-{boss}", f"r-{r['id']}"))
        # Left to right: departments stack down the page, which suits portrait A4 and
        # phone screens better than a chart as wide as the number of departments.
        return t.Diagram("org", self.L["org_chart"], tuple(nodes), tuple(edges),
                         tuple(clusters), "LR")

    def department(self, d: PDict) -> t.Section:
        L = self.L
        did = str(d["id"])
        fields: list[t.Field] = []
        if d.get("parent"):
            fields.append(t.Field(L["parent_department"], self.ref("department", d["parent"])))
        if d.get("head"):
            fields.append(t.Field(L["head"], self.ref("role", d["head"])))
        members = [r for r in self.roles if r.get("department") == did]
        headcount = sum(r.get("headcount", 0) or 0 for r in members)
        if headcount:
            fields.append(t.Field(L["headcount"], _T(headcount)))
        blocks: list[t.Block] = []
        if fields:
            blocks.append(t.FieldList(tuple(fields)))
        blocks.extend(self.flat_blocks(d.get("purpose")))
        children = []
        if d.get("functions"):
            children.append(self.sub(f"department-{did}", "functions", L["functions"],
                                     (t.OrderedList(self.items(d["functions"])),), 3))
        if members:
            children.append(self.sub(f"department-{did}", "roles", L["roles_in_department"], (
                t.BulletList(tuple((t.Paragraph(self.ref("role", r["id"])),) for r in members)),),
                3))
        return t.Section(anchor=anchor("department", did), title=str(d["name"]), level=2,
                         blocks=tuple(blocks), children=tuple(children), page=True,
                         kind="department", entity_id=did)

    def sub(self, base: str, part: str, title: str, blocks: tuple[t.Block, ...],
            level: int) -> t.Section:
        return t.Section(anchor=f"{base}-{part}", title=title, level=level, blocks=blocks)

    # ------------------------------------------------------------------ roles
    def role(self, r: PDict, level: int = 2) -> t.Section:
        L = self.L
        rid = str(r["id"])
        base = anchor("role", rid)
        subs = [x for x in self.roles if x.get("reports_to") == rid]
        fields = [t.Field(L["department"], self.ref("department", r["department"]))]
        fields.append(t.Field(L["reports_to"], self.ref("role", r["reports_to"])
                              if r.get("reports_to") else _T(L["none"])))
        fields.append(t.Field(L["subordinates"], _join(self.ref("role", x["id"]) for x in subs)
                              if subs else _T(L["none"])))
        if r.get("grade"):
            fields.append(t.Field(L["grade"], _T(r["grade"])))
        if r.get("headcount") is not None:
            fields.append(t.Field(L["headcount"], _T(r["headcount"])))
        blocks: list[t.Block] = [t.FieldList(tuple(fields))]
        children: list[t.Section] = []
        lv = level + 1
        if r.get("summary"):
            children.append(self.sub(base, "summary", L["summary"],
                                     self.flat_blocks(r["summary"]), lv))
        if r.get("duties"):
            items = []
            for duty in r["duties"]:
                if isinstance(duty, dict):
                    item: list[t.Block] = [t.Paragraph((t.Strong(_T(duty.get("title", ""))),))]
                    if duty.get("tasks"):
                        item.append(t.BulletList(self.items(duty["tasks"])))
                    if duty.get("focus"):
                        item.append(t.Paragraph((t.Strong(_T(L["focus"] + "：")),
                                                 *self.inline(duty["focus"]))))
                    items.append(tuple(item))
                else:
                    items.append(self.flat_blocks(duty))
            children.append(self.sub(base, "duties", L["duties"],
                                     (t.OrderedList(tuple(items)),), lv))
        if r.get("qualifications"):
            children.append(self.sub(base, "qualifications", L["qualifications"],
                                     (t.BulletList(self.items(r["qualifications"])),), lv))
        if r.get("kpis"):
            rows = []
            total = 0
            for k in r["kpis"]:
                kpi = self.ed.kind("kpi").get(k["kpi"], PDict(k.mark))
                freq = kpi.get("frequency")
                rows.append((self.ref("kpi", k["kpi"]), _T(f"{k['weight']}%"),
                             _T(L.get(str(freq), freq or "")), _T(kpi.get("target", ""))))
                total += k["weight"]
            rows.append((_T(L["weight_total"]), _T(f"{total}%"), (), ()))
            children.append(self.sub(base, "kpis", L["kpis"], (t.Table(
                (_T(L["kpis"]), _T(L["weight"]), _T(L["frequency"]), _T(L["target"])),
                tuple(rows), (4, 1, 1, 3)),), lv))
        acts = self.processes_of(rid)
        if acts:
            items = []
            for proc, steps in acts:
                names = "、".join(str(s["name"]) for s in steps)
                items.append((t.Paragraph((*self.ref("process", proc["id"]),
                                           t.Text("：" + names))),))
            children.append(self.sub(base, "processes", L["acts_in"],
                                     (t.BulletList(tuple(items)),), lv))
        rules = self.rules_of(r)
        if rules:
            children.append(self.sub(base, "rules", L["applicable_rules"], (t.BulletList(
                tuple((t.Paragraph(self.ref("rule", x["id"])),) for x in rules)),), lv))
        if r.get("career_next"):
            path = _join([self.ref("role", rid, str(r["title"])),
                          _join((self.ref("role", n) for n in r["career_next"]), " / ")], " → ")
            children.append(self.sub(base, "career", L["career"], (t.Paragraph(path),), lv))
        dept = self.ed.kind("department").get(r["department"])
        return t.Section(anchor=base, title=str(r["title"]), level=level, blocks=tuple(blocks),
                         children=tuple(children), page=True, kind="role", entity_id=rid,
                         group=display_name("department", dept) if dept else None)

    def processes_of(self, rid: str) -> list[tuple[PDict, list[PDict]]]:
        out = []
        for p in ordered(self.ed.kind("process")):
            steps = [s for s in p.get("steps", []) if s.get("actor") == rid]
            if steps or p.get("owner") == rid:
                out.append((p, steps))
        return out

    def rules_of(self, r: PDict) -> list[PDict]:
        out = []
        for rule in ordered(self.ed.kind("rule")):
            at = rule.get("applies_to") or {}
            if r["id"] in (at.get("roles") or []) or r.get("department") in (
                    at.get("departments") or []):
                out.append(rule)
        return out

    # ------------------------------------------------------------------ processes
    def process(self, p: PDict, level: int = 2) -> t.Section:
        L = self.L
        pid = str(p["id"])
        base = anchor("process", pid)
        steps = list(p.get("steps", []))
        # A step without an id gets a key no id can take ('_' is not allowed in ids).
        keys = [str(s.get("id") or f"s_{i + 1}") for i, s in enumerate(steps)]
        fields = []
        if p.get("owner"):
            fields.append(t.Field(L["process_owner"], self.ref("role", p["owner"])))
        if p.get("trigger"):
            fields.append(t.Field(L["trigger"], self.inline(p["trigger"])))
        if p.get("rules"):
            fields.append(t.Field(L["related_rules"], _join(self.ref("rule", x)
                                                            for x in p["rules"])))
        blocks: list[t.Block] = []
        if fields:
            blocks.append(t.FieldList(tuple(fields)))
        blocks.extend(self.flat_blocks(p.get("purpose")))
        nodes, edges = [], []
        nexts: list[list[str]] = []
        for i, s in enumerate(steps):
            nxt = [str(n) for n in s["next"]] if "next" in s else (
                [keys[i + 1]] if i + 1 < len(steps) else [])
            nexts.append(nxt)
        for i, s in enumerate(steps):
            actor = self.ed.kind("role").get(s["actor"])
            label = f"{i + 1}. {s['name']}\n{display_name('role', actor) if actor else s['actor']}"
            nodes.append(t.GraphNode(keys[i], label, f"{base}-step-{keys[i]}",
                                     "diamond" if len(nexts[i]) > 1 else "box"))
        for i, nxt in enumerate(nexts):
            for n in nxt:
                if n in keys:
                    edges.append(t.GraphEdge(keys[i], n, None))
        blocks.append(t.Diagram("flow", str(p["name"]), tuple(nodes), tuple(edges), (), "TB"))
        children = []
        names = dict(zip(keys, (str(s["name"]) for s in steps), strict=True))
        for i, s in enumerate(steps):
            sf = [t.Field(L["actor"], self.ref("role", s["actor"]))]
            if s.get("outputs"):
                sf.append(t.Field(L["outputs"], _join(self.inline(o) for o in s["outputs"])))
            nxt = nexts[i]
            sf.append(t.Field(L["next"], _join(
                (t.Ref(f"{base}-step-{n}", _T(names[n])),) for n in nxt if n in names)
                if nxt else _T(L["end"])))
            sb: list[t.Block] = [t.FieldList(tuple(sf))]
            sb.extend(self.flat_blocks(s.get("description")))
            children.append(t.Section(anchor=f"{base}-step-{keys[i]}",
                                      title=f"{i + 1}. {s['name']}", level=level + 1,
                                      blocks=tuple(sb)))
        return t.Section(anchor=base, title=str(p["name"]), level=level, blocks=tuple(blocks),
                         children=tuple(children), page=True, kind="process", entity_id=pid)

    # ------------------------------------------------------------------ rules
    def rule(self, r: PDict, level: int = 2) -> t.Section:
        L = self.L
        rid = str(r["id"])
        base = anchor("rule", rid)
        fields = []
        if r.get("category"):
            fields.append(t.Field(L["category"], _T(r["category"])))
        if r.get("effective"):
            fields.append(t.Field(L["effective"], _T(r["effective"])))
        at = r.get("applies_to") or {}
        scope = [*(self.ref("department", d) for d in at.get("departments") or []),
                 *(self.ref("role", x) for x in at.get("roles") or [])]
        if scope:
            fields.append(t.Field(L["applies_to"], _join(scope)))
        blocks: list[t.Block] = [t.FieldList(tuple(fields))] if fields else []
        arts = tuple(t.Article(article_number(i + 1, self.ed.language), f"{base}-{i + 1}",
                               self.flat_blocks(a)) for i, a in enumerate(r.get("articles", [])))
        blocks.append(t.Articles(arts))
        children = []
        if r.get("penalties"):
            rows = tuple((self.inline(x.get("violation")), self.inline(x.get("penalty")))
                         for x in r["penalties"])
            children.append(self.sub(base, "penalties", L["penalties"], (t.Table(
                (_T(L["violation"]), _T(L["penalty"])), rows, (1, 1)),), level + 1))
        return t.Section(anchor=base, title=str(r["title"]), level=level, blocks=tuple(blocks),
                         children=tuple(children), page=True, kind="rule", entity_id=rid)

    # ------------------------------------------------------------------ KPIs, glossary
    def kpi(self, k: PDict, level: int = 2) -> t.Section:
        L = self.L
        kid = str(k["id"])
        fields = []
        for key in ("formula", "unit", "frequency", "target"):
            if k.get(key):
                value = L.get(str(k[key]), k[key]) if key == "frequency" else k[key]
                fields.append(t.Field(L[key], _T(value)))
        blocks: list[t.Block] = []
        blocks.extend(self.flat_blocks(k.get("definition")))
        if fields:
            blocks.append(t.FieldList(tuple(fields)))
        users = [(r, w["weight"]) for r in self.roles for w in r.get("kpis", [])
                 if w.get("kpi") == kid]
        children = []
        if users:
            children.append(self.sub(anchor("kpi", kid), "roles", L["used_by"], (t.Table(
                (_T(L["used_by"]), _T(L["weight"])),
                tuple((self.ref("role", r["id"]), _T(f"{w}%")) for r, w in users), (3, 1)),),
                level + 1))
        return t.Section(anchor=anchor("kpi", kid), title=str(k["name"]), level=level,
                         blocks=tuple(blocks), children=tuple(children), page=True, kind="kpi",
                         entity_id=kid)

    def term(self, g: PDict) -> t.Section:
        return t.Section(anchor=anchor("term", g["id"]), title=str(g["term"]), level=2,
                         blocks=self.flat_blocks(g.get("definition")), kind="term",
                         entity_id=str(g["id"]))

    def revisions(self, revs: list[PDict]) -> t.Section:
        L = self.L
        rows = []
        for rev in revs:
            desc = list(self.inline(rev.get("summary")))
            for c in rev.get("changes") or []:
                desc.extend((t.LineBreak(), t.Text("· "), *self.inline(c)))
            people = " / ".join(str(rev.get(k, "—")) for k in
                                ("prepared_by", "reviewed_by", "approved_by"))
            rows.append((_T(rev["version"]), _T(rev["date"]), _T(rev.get("effective", "—")),
                         tuple(desc), _T(people)))
        head = (_T(L["version"]), _T(L["published"]), _T(L["effective"]), _T(L["changes"]),
                _T(f"{L['prepared_by']} / {L['reviewed_by']} / {L['approved_by']}"))
        return self.chapter("chapter_revisions", "revisions", [],
                            (t.Table(head, tuple(rows), (1, 2, 2, 6, 3)),))


def ordered_roles(ed: Edition) -> list[PDict]:
    """Roles grouped by department (in department order), senior roles first (by depth in
    the reporting line), then by their own `order` and load order."""
    table = ed.kind("role")
    dept_rank = {d["id"]: i for i, d in enumerate(ordered(ed.kind("department")))}

    def depth(role: PDict) -> int:
        seen: set[str] = set()
        n = 0
        while role.get("reports_to") in table and role["id"] not in seen:
            seen.add(role["id"])
            role = table[role["reports_to"]]
            n += 1
        return n

    roles = ordered(table)
    rank = {id(r): i for i, r in enumerate(roles)}
    return sorted(roles, key=lambda r: (dept_rank.get(r.get("department"), len(dept_rank)),
                                        depth(r), rank[id(r)]))


def sorted_revisions(hb: Handbook) -> list[PDict]:
    revs = [r for r in hb.revisions if "version" in r and "date" in r]
    return sorted(revs, key=lambda r: version_key(str(r["version"])))


def _revision(rev: PDict) -> t.Revision:
    return t.Revision(str(rev["version"]), str(rev["date"]),
                      str(rev["effective"]) if rev.get("effective") else None,
                      *(str(rev[k]) if rev.get(k) else None
                        for k in ("prepared_by", "reviewed_by", "approved_by")))


def _meta(ed: Edition, role: PDict | None, b: _Builder) -> t.Meta:
    hb = ed.handbook
    revs = sorted_revisions(hb)
    editions = tuple(
        t.Edition(e, resolve_name(hb, e), resolve_language(hb, e)) for e in edition_ids(hb))
    m = hb.meta
    return t.Meta(
        title=str(m.get("title", "")), organization=str(m.get("organization", "")),
        doc_number=str(m.get("doc_number", "")),
        subtitle=str(m["subtitle"]) if m.get("subtitle") else None,
        owner=str(m["owner"]) if m.get("owner") else None,
        confidentiality=str(m["confidentiality"]) if m.get("confidentiality") else None,
        language=ed.language, edition=t.Edition(ed.id, ed.name, ed.language),
        editions=editions, current=_revision(revs[-1]), first=_revision(revs[0]),
        labels=tuple(sorted(b.L.items())),
        role=str(role["id"]) if role else None,
        role_title=str(role["title"]) if role else None,
    )


def resolve_name(hb: Handbook, eid: str) -> str:
    if eid == BASE:
        return str(hb.meta.get("base_edition_name", "全国版"))
    region = hb.region(eid)
    return str(region.get("name", eid)) if region else eid


def resolve_language(hb: Handbook, eid: str) -> str:
    region = hb.region(eid) if eid != BASE else None
    if region is not None and region.get("language"):
        return str(region["language"])
    return str(hb.meta.get("language", "zh-CN"))


def build_document(hb: Handbook, edition_id: str = BASE, role_id: str | None = None
                   ) -> t.Document:
    """The tree of one edition; with `role_id`, that role's onboarding manual."""
    ed = resolve(hb, edition_id)
    if role_id is None:
        probe = _Builder(ed, None)
        return _document(ed, None, probe.departments, probe.roles,
                         ordered(ed.kind("process")), ordered(ed.kind("rule")),
                         ordered(ed.kind("kpi")))
    # A new hire's manual: the role, its department, the processes it acts in, the rules
    # and KPIs that apply to it, with the prose chapters and the glossary.
    role = ed.kind("role")[role_id]
    probe = _Builder(ed, None)
    processes = [p for p, _ in probe.processes_of(role_id)]
    rules = probe.rules_of(role)
    for p in processes:
        for rid in p.get("rules") or []:
            if rid in ed.kind("rule") and all(r["id"] != rid for r in rules):
                rules.append(ed.kind("rule")[rid])
    kpis = [ed.kind("kpi")[k["kpi"]] for k in role.get("kpis", []) if k["kpi"] in ed.kind("kpi")]
    dept = ed.kind("department").get(role["department"])
    return _document(ed, role, [dept] if dept is not None else [], [role], processes, rules,
                     kpis)


def _document(ed: Edition, role: PDict | None, departments: list[PDict], roles: list[PDict],
              processes: list[PDict], rules: list[PDict], kpis: list[PDict]) -> t.Document:
    """The chapters, in their fixed order, for the given entities; references to anything
    else (in an onboarding manual) are written as plain text, not links."""
    include = None
    if role is not None:
        include = {anchor(kind, e["id"]) for kind, items in (
            ("department", departments), ("role", roles), ("process", processes),
            ("rule", rules), ("kpi", kpis)) for e in items}
        include |= {anchor("term", g) for g in ed.kind("term")}
    b = _Builder(ed, include)
    revs = sorted_revisions(ed.handbook)
    sections: list[t.Section] = [b.prose(c) for c in _chapters(ed)]
    chapters = (
        ("chapter_departments", "departments", [b.department(d) for d in departments],
         (b.org_chart(),) if role is None else ()),
        ("chapter_roles", "roles", [b.role(r) for r in roles], ()),
        ("chapter_processes", "processes", [b.process(p) for p in processes], ()),
        ("chapter_rules", "rules", [b.rule(r) for r in rules], ()),
        ("chapter_kpis", "kpis", [b.kpi(k) for k in kpis], ()),
        ("chapter_glossary", "glossary", [b.term(g) for g in ed.kind("term").values()], ()),
    )
    for key, anchor_id, children, blocks in chapters:
        if children:
            sections.append(b.chapter(key, anchor_id, children, blocks))
    sections.append(b.revisions(revs))
    doc = t.Document(_meta(ed, role, b), b.front(revs[-1], revs[0]), tuple(sections))
    return _script(doc)


def _chapters(ed: Edition) -> list[Any]:
    indexed = list(enumerate(ed.chapters))
    indexed.sort(key=lambda p: (p[1].order if p[1].order is not None else 1_000_000, p[0]))
    return [c for _, c in indexed]


def _script(doc: t.Document) -> t.Document:
    if doc.meta.language == "zh-TW":
        return to_traditional(doc)
    return doc
