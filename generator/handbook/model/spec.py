"""Field specifications of every data file: the single source of truth for type checks,
conversion to positioned values (`convert.py`) and the JSON Schema (`jsonschema.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
VERSION_PATTERN = r"^[0-9]+(?:\.[0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
LANGUAGES = ("zh-CN", "zh-TW", "en")
REF_KINDS = ("department", "role", "process", "rule", "kpi", "term")


@dataclass(frozen=True)
class Type:
    doc: str = field(default="", kw_only=True)


@dataclass(frozen=True)
class Str(Type):
    """A one-line name or value (numbers are accepted and kept as written)."""


@dataclass(frozen=True)
class Text(Type):
    """Markdown with [[kind:id]] references and {{ region.x }} values."""


@dataclass(frozen=True)
class Id(Type):
    pass


@dataclass(frozen=True)
class Ref(Type):
    kind: str = "role"


@dataclass(frozen=True)
class Int(Type):
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Date(Type):
    pass


@dataclass(frozen=True)
class Version(Type):
    pass


@dataclass(frozen=True)
class Enum(Type):
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scalar(Type):
    """Any scalar (region values): kept as text."""


@dataclass(frozen=True)
class List(Type):
    item: Type = field(default_factory=Text)


@dataclass(frozen=True)
class F:
    type: Type
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Obj(Type):
    """A mapping. `filterable` objects may carry `regions:` (contract section 5);
    `extra` allows keys beyond `fields` (region values)."""

    name: str = ""
    fields: dict[str, F] = field(default_factory=dict)
    filterable: bool = True
    extra: Type | None = None


@dataclass(frozen=True)
class OneOf(Type):
    """A text, or an object (a list item that carries `regions:` or has parts)."""

    text: Type = field(default_factory=Text)
    obj: Obj = field(default_factory=Obj)


def text_item(doc: str = "") -> OneOf:
    """A list item of text that may also be written `{text: ..., regions: [...]}`."""
    return OneOf(Text(doc=doc), Obj("text item", {"text": F(Text(), True)}))


def text_list(doc: str = "") -> List:
    return List(text_item(), doc=doc)


REGIONS_FIELD = F(List(Ref(kind="region")), doc="only in these regions' editions")

HANDBOOK = Obj("handbook", {
    "title": F(Str(), True, "手册名称"),
    "organization": F(Str(), True, "公司名称"),
    "doc_number": F(Str(), True, "文件编号, e.g. HX-YX-001"),
    "subtitle": F(Str(), doc="副标题"),
    "owner": F(Str(), doc="归口部门"),
    "confidentiality": F(Str(), doc="密级"),
    "language": F(Enum(values=LANGUAGES), doc="language of labels (default zh-CN)"),
    "base_edition_name": F(Str(), doc="name of the edition without a region (default 全国版)"),
}, filterable=False)

REVISION = Obj("revision", {
    "version": F(Version(), True, "dotted numbers as a string: \"1.0\""),
    "date": F(Date(), True, "发布日期"),
    "effective": F(Date(), doc="实施日期"),
    "prepared_by": F(Str(), doc="编制"),
    "reviewed_by": F(Str(), doc="审核"),
    "approved_by": F(Str(), doc="批准"),
    "summary": F(Text(), True, "修订说明"),
    "changes": F(text_list(), doc="修订内容"),
}, filterable=False)

DEPARTMENT = Obj("department", {
    "id": F(Id(), True),
    "name": F(Str(), True, "部门名称"),
    "parent": F(Ref(kind="department"), doc="上级部门"),
    "head": F(Ref(kind="role"), doc="部门负责人 (role id)"),
    "purpose": F(Text(), doc="部门宗旨"),
    "functions": F(text_list(), doc="部门职能"),
    "order": F(Int(), doc="sort key"),
})

DUTY = Obj("duty", {
    "title": F(Str(), True, "职责"),
    "tasks": F(text_list(), doc="工作任务"),
    "focus": F(Text(), doc="考核重点"),
})

ROLE = Obj("role", {
    "id": F(Id(), True),
    "title": F(Str(), True, "岗位名称"),
    "department": F(Ref(kind="department"), True, "所属部门"),
    "reports_to": F(Ref(kind="role"), doc="直接上级"),
    "grade": F(Str(), doc="职级"),
    "headcount": F(Int(minimum=0), doc="编制人数"),
    "summary": F(Text(), doc="工作概述"),
    "duties": F(List(OneOf(Text(), DUTY)), doc="岗位职责"),
    "qualifications": F(text_list(), doc="任职资格"),
    "kpis": F(List(Obj("role KPI", {
        "kpi": F(Ref(kind="kpi"), True),
        "weight": F(Int(minimum=0, maximum=100), True, "percent"),
    })), doc="考核指标 and weights (sum 100)"),
    "career_next": F(List(Ref(kind="role")), doc="晋升通道"),
    "order": F(Int(), doc="sort key"),
})

STEP = Obj("step", {
    "id": F(Id(), doc="unique in the process; needed to be a `next` target"),
    "name": F(Str(), True, "步骤名称"),
    "actor": F(Ref(kind="role"), True, "执行岗位"),
    "description": F(Text(), doc="说明"),
    "outputs": F(text_list(), doc="表单与记录"),
    "next": F(List(Ref(kind="step")), doc="following step ids (default: the next step)"),
})

PROCESS = Obj("process", {
    "id": F(Id(), True),
    "name": F(Str(), True, "流程名称"),
    "owner": F(Ref(kind="role"), doc="流程负责人"),
    "purpose": F(Text(), doc="流程目的"),
    "trigger": F(Text(), doc="触发条件"),
    "rules": F(List(Ref(kind="rule")), doc="相关制度"),
    "steps": F(List(STEP), True, "流程步骤"),
    "order": F(Int(), doc="sort key"),
})

RULE = Obj("rule", {
    "id": F(Id(), True),
    "title": F(Str(), True, "制度名称"),
    "category": F(Str(), doc="类别"),
    "effective": F(Date(), doc="实施日期"),
    "applies_to": F(Obj("applies_to", {
        "roles": F(List(Ref(kind="role"))),
        "departments": F(List(Ref(kind="department"))),
    }, filterable=False), doc="适用范围"),
    "articles": F(List(text_item()), True, "条款, numbered 第一条 …"),
    "penalties": F(List(Obj("penalty", {
        "violation": F(Text(), True, "违规行为"),
        "penalty": F(Text(), True, "处罚"),
    })), doc="罚则"),
    "order": F(Int(), doc="sort key"),
})

KPI = Obj("kpi", {
    "id": F(Id(), True),
    "name": F(Str(), True, "指标名称"),
    "definition": F(Text(), doc="定义"),
    "formula": F(Str(), doc="计算公式"),
    "unit": F(Str(), doc="单位"),
    "frequency": F(Enum(values=("monthly", "quarterly", "yearly")), doc="考核周期"),
    "target": F(Str(), doc="目标值"),
    "order": F(Int(), doc="sort key"),
})

TERM = Obj("term", {
    "id": F(Id(), True),
    "term": F(Str(), True, "术语"),
    "definition": F(Text(), True, "定义"),
})

REGION = Obj("region", {
    "id": F(Id(), True),
    "name": F(Str(), True, "大区名称"),
    "provinces": F(List(Str()), doc="省份"),
    "language": F(Enum(values=LANGUAGES[:2]), doc="zh-TW publishes in Traditional Chinese"),
}, filterable=False, extra=Scalar(doc="a value text may insert as {{ region.<key> }}"))

REGIONS_FILE = Obj("regions file", {
    "defaults": F(Obj("defaults", {}, filterable=False, extra=Scalar()),
                  doc="values every region and the base edition start from"),
    "regions": F(List(REGION), doc="the sales regions"),
}, filterable=False)

CHAPTER_FRONT_MATTER = Obj("chapter front matter", {
    "title": F(Str(), True, "章节标题"),
    "order": F(Int(), doc="sort key"),
    "regions": REGIONS_FIELD,
    "id": F(Id(), doc="anchor id (default: the file name)"),
}, filterable=False)

# kind -> (entity spec, folder/file stem under data/)
ENTITY_KINDS: dict[str, tuple[Obj, str]] = {
    "department": (DEPARTMENT, "departments"),
    "role": (ROLE, "roles"),
    "process": (PROCESS, "processes"),
    "rule": (RULE, "rules"),
    "kpi": (KPI, "kpis"),
}
KIND_BY_FOLDER = {folder: kind for kind, (_, folder) in ENTITY_KINDS.items()}
KIND_BY_FOLDER["glossary"] = "term"
DISPLAY_FIELD = {"department": "name", "role": "title", "process": "name", "rule": "title",
                 "kpi": "name", "term": "term"}
