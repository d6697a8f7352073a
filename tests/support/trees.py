"""A small hand-built document tree with every node type, for writer tests that must not
depend on the loader or the builder."""

from __future__ import annotations

from handbook import tree as t
from handbook.labels import labels_for


def ref_anchors(node: object) -> set[str]:
    """The anchor of every Ref anywhere in a tree (a Document, section, block ...)."""
    found: set[str] = set()

    def visit(n: object) -> None:
        if isinstance(n, t.Ref):
            found.add(n.anchor)
        if isinstance(n, tuple):
            for child in n:
                visit(child)
        elif hasattr(n, "__dataclass_fields__"):
            for name in n.__dataclass_fields__:
                visit(getattr(n, name))

    visit(node)
    return found


def T(s: str) -> tuple[t.Inline, ...]:
    return (t.Text(s),)


def small_document(language: str = "zh-CN", edition: str = "base") -> t.Document:
    rev1 = t.Revision("1.0", "2024-01-15", "2024-02-01", "张敏", "李强", "王志远")
    rev2 = t.Revision("1.1", "2025-03-10", "2025-04-01", "张敏", "刘洋", "王志远")
    editions = (t.Edition("base", "全国版", "zh-CN"), t.Edition("east", "华东大区", "zh-CN"),
                t.Edition("hkmo", "港澳大区", "zh-TW"))
    this = next(e for e in editions if e.id == edition)
    meta = t.Meta(
        title="销售管理手册", organization="华夏智联科技股份有限公司", doc_number="HX-YX-001",
        subtitle="营销中心管理规范", owner="销售运营部", confidentiality="内部",
        language=language, edition=this, editions=editions, current=rev2, first=rev1,
        labels=tuple(sorted(labels_for(language).items())),
    )
    front = (
        t.FieldList((
            t.Field("文件编号", T("HX-YX-001")), t.Field("版本", T("1.1")),
            t.Field("发布日期", T("2025-03-10")), t.Field("实施日期", T("2025-04-01")),
            t.Field("编制", T("张敏")), t.Field("审核", T("刘洋")), t.Field("批准", T("王志远")),
        )),
    )
    foreword = t.Section(
        anchor="chapter-foreword", title="前言", level=1, page=True, kind="chapter",
        entity_id="foreword",
        blocks=(
            t.Paragraph((t.Text("本手册适用于"), t.Strong(T("全体销售人员")), t.Text("，请"),
                         t.Emphasis(T("认真阅读")), t.Text("。客服热线 "), t.Code("400-800-1234"),
                         t.Text("。"))),
            t.BulletList(((t.Paragraph(T("第一项要求")),),
                          (t.Paragraph((t.Text("参见"), t.Ref("role-sales-rep", T("销售代表")),
                                        t.Text("。"))),))),
        ),
        children=(
            t.Section(anchor="chapter-foreword-scope", title="适用范围", level=2,
                      blocks=(t.OrderedList(((t.Paragraph(T("营销中心各部门")),),
                                             (t.Paragraph(T("各大区办事处")),))),
                              t.Paragraph((t.Text("官网："),
                                           t.Link("https://example.com/", T("example.com")),
                                           t.LineBreak(), t.Text("第二行"))))),
        ),
    )
    org = t.Diagram(
        kind="org", title="组织架构图",
        nodes=(t.GraphNode("dept-sales", "销售部", "department-sales", "rounded"),
               t.GraphNode("role-director", "销售总监", "role-director", "box", "dept-sales"),
               t.GraphNode("role-sales-rep", "销售代表", "role-sales-rep", "box", "dept-sales")),
        edges=(t.GraphEdge("role-director", "role-sales-rep"),),
        clusters=(t.GraphCluster("dept-sales", "销售部"),),
    )
    departments = t.Section(
        anchor="departments", title="组织架构与部门职能", level=1, page=True, kind="chapter",
        blocks=(org,),
        children=(t.Section(
            anchor="department-sales", title="销售部", level=2, page=True, kind="department",
            entity_id="sales",
            blocks=(t.FieldList((
                t.Field("部门负责人", (t.Ref("role-director", T("销售总监")),)),)),),
        ),),
    )
    role = t.Section(
        anchor="role-sales-rep", title="销售代表", level=2, page=True, kind="role",
        entity_id="sales-rep",
        blocks=(t.FieldList((
            t.Field("所属部门", (t.Ref("department-sales", T("销售部")),)),
            t.Field("直接上级", (t.Ref("role-director", T("销售总监")),)),
            t.Field("编制人数", T("40")),
        )),),
        children=(
            t.Section(anchor="role-sales-rep-duties", title="岗位职责", level=3, blocks=(
                t.OrderedList((
                    (t.Paragraph((t.Strong(T("客户开发")),)),
                     t.BulletList(((t.Paragraph(T("每周拜访客户不少于 15 家")),),)),
                     t.Paragraph((t.Text("考核重点："), t.Text("新客户数")))),
                )),
            )),
            t.Section(anchor="role-sales-rep-kpis", title="考核指标", level=3, blocks=(
                t.Table(header=(T("指标"), T("权重")),
                        rows=(((t.Ref("kpi-revenue", T("销售额达成率")),), T("60%")),
                              ((t.Ref("kpi-collection", T("回款率")),), T("40%"))),
                        widths=(3, 1)),
            )),
        ),
    )
    director = t.Section(anchor="role-director", title="销售总监", level=2, page=True,
                         kind="role", entity_id="director",
                         blocks=(t.Paragraph(T("负责全国销售目标。")),))
    roles = t.Section(anchor="roles", title="岗位说明书", level=1, page=True, kind="chapter",
                      children=(director, role))
    flow = t.Diagram(
        kind="flow", title="订单到发货", direction="TB",
        nodes=(t.GraphNode("order", "录入订单\n销售代表", "process-order-order", "box"),
               t.GraphNode("credit", "信用审核", "process-order-credit", "diamond"),
               t.GraphNode("ship", "发货", "process-order-ship", "box"),
               t.GraphNode("hold", "暂缓发货", "process-order-hold", "box")),
        edges=(t.GraphEdge("order", "credit"), t.GraphEdge("credit", "ship", "通过"),
               t.GraphEdge("credit", "hold", "超额度"), t.GraphEdge("hold", "credit", "回款后")),
    )
    process = t.Section(
        anchor="process-order", title="订单到发货流程", level=2, page=True, kind="process",
        entity_id="order", blocks=(flow,),
        children=(t.Section(anchor="process-order-credit", title="2. 信用审核", level=3,
                            blocks=(t.Paragraph(T("信用专员核对信用额度。")),)),),
    )
    processes = t.Section(anchor="processes", title="业务流程", level=1, page=True,
                          kind="chapter", children=(process,))
    rule = t.Section(
        anchor="rule-anti-cross-selling", title="防窜货管理制度", level=2, page=True,
        kind="rule", entity_id="anti-cross-selling",
        blocks=(t.Articles((
            t.Article("第一条", "rule-anti-cross-selling-1",
                      (t.Paragraph(T("经销商不得跨区域销售，严禁低价倾销。")),)),
            t.Article("第二条", "rule-anti-cross-selling-2",
                      (t.Paragraph(T("发现窜货应在 24 小时内上报。")),
                       t.BulletList(((t.Paragraph(T("附照片")),),)))),
        )),
            t.Table(header=(T("违规行为"), T("处罚")),
                    rows=((T("首次窜货"), T("警告并扣除保证金 10%")),))),
    )
    rules = t.Section(anchor="rules", title="管理制度", level=1, page=True, kind="chapter",
                      children=(rule,))
    kpis = t.Section(anchor="kpis", title="考核指标", level=1, page=True, kind="chapter", children=(
        t.Section(anchor="kpi-revenue", title="销售额达成率", level=2, page=True, kind="kpi",
                  entity_id="revenue", blocks=(t.Paragraph(T("实际销售额 ÷ 目标销售额")),)),
        t.Section(anchor="kpi-collection", title="回款率", level=2, page=True, kind="kpi",
                  entity_id="collection", blocks=(t.Paragraph(T("实际回款 ÷ 应收款")),)),
    ))
    revisions = t.Section(anchor="revisions", title="修订记录", level=1, page=True, kind="chapter",
                          blocks=(t.Table(header=(T("版本"), T("发布日期"), T("修订说明")),
                                          rows=((T("1.0"), T("2024-01-15"), T("首次发布")),
                                                (T("1.1"), T("2025-03-10"), T("增加信用管理"))),
                                          widths=(1, 2, 5)),))
    doc = t.Document(meta=meta, front=front,
                     sections=(foreword, departments, roles, processes, rules, kpis, revisions))
    return doc
