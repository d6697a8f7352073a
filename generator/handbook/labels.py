"""Words the writers and the builder put around the content, per label language.

Traditional Chinese is not listed: a zh-TW edition converts the whole tree, these labels
included, with OpenCC (see `handbook.editions.convert`).
"""

from __future__ import annotations

ZH = {
    "toc": "目录", "home": "首页", "page": "页", "page_x_of_y": "第 {page} 页 / 共 {pages} 页",
    "version": "版本", "doc_number": "文件编号", "published": "发布日期", "effective": "实施日期",
    "prepared_by": "编制", "reviewed_by": "审核", "approved_by": "批准",
    "confidentiality": "密级", "owner": "归口部门", "organization": "编制单位",
    "edition": "版别", "editions": "地区版本", "downloads": "下载", "read_online": "在线阅读",
    "download_pdf": "下载 PDF", "download_docx": "下载 Word", "onboarding": "入职手册",
    "document_control": "文件控制", "search": "搜索", "cover_title_suffix": "",
    "chapter_departments": "组织架构与部门职能", "chapter_roles": "岗位说明书",
    "chapter_processes": "业务流程", "chapter_rules": "管理制度", "chapter_kpis": "考核指标",
    "chapter_glossary": "术语表", "chapter_revisions": "修订记录",
    "org_chart": "组织架构图", "department": "所属部门", "parent_department": "上级部门",
    "head": "部门负责人", "purpose": "部门宗旨", "functions": "部门职能",
    "roles_in_department": "部门岗位", "reports_to": "直接上级", "subordinates": "直接下级",
    "grade": "职级", "headcount": "编制人数", "summary": "工作概述", "duties": "岗位职责",
    "tasks": "工作任务", "focus": "考核重点", "qualifications": "任职资格",
    "kpis": "考核指标", "weight": "权重", "career": "晋升通道", "acts_in": "参与的流程",
    "applicable_rules": "适用制度", "process_owner": "流程负责人", "process_purpose": "流程目的",
    "trigger": "触发条件", "related_rules": "相关制度", "flowchart": "流程图", "steps": "流程步骤",
    "step": "步骤", "actor": "执行岗位", "description": "说明", "outputs": "输出表单与记录",
    "next": "下一步", "end": "结束", "category": "类别", "applies_to": "适用范围",
    "articles": "条款", "penalties": "罚则", "violation": "违规行为", "penalty": "处罚",
    "definition": "定义", "formula": "计算公式", "unit": "单位", "frequency": "考核周期",
    "target": "目标值", "monthly": "月度", "quarterly": "季度", "yearly": "年度",
    "used_by": "使用岗位", "term": "术语", "summary_of_changes": "修订说明", "changes": "修订内容",
    "none": "无", "yes": "是", "weight_total": "合计",
}

EN = {
    "toc": "Contents", "home": "Home", "page": "Page", "page_x_of_y": "Page {page} of {pages}",
    "version": "Version", "doc_number": "Document No.", "published": "Published",
    "effective": "Effective", "prepared_by": "Prepared by", "reviewed_by": "Reviewed by",
    "approved_by": "Approved by", "confidentiality": "Classification", "owner": "Owner",
    "organization": "Organization", "edition": "Edition", "editions": "Regional editions",
    "downloads": "Downloads", "download_pdf": "Download PDF", "download_docx": "Download Word",
    "read_online": "Read online",
    "onboarding": "Onboarding manual", "document_control": "Document control",
    "search": "Search", "cover_title_suffix": "",
    "chapter_departments": "Organization and departments", "chapter_roles": "Job descriptions",
    "chapter_processes": "Processes", "chapter_rules": "Policies", "chapter_kpis": "KPIs",
    "chapter_glossary": "Glossary", "chapter_revisions": "Revision history",
    "org_chart": "Organization chart", "department": "Department",
    "parent_department": "Parent department", "head": "Head", "purpose": "Purpose",
    "functions": "Functions", "roles_in_department": "Roles", "reports_to": "Reports to",
    "subordinates": "Direct reports", "grade": "Grade", "headcount": "Headcount",
    "summary": "Summary", "duties": "Duties", "tasks": "Tasks", "focus": "Assessment focus",
    "qualifications": "Qualifications", "kpis": "KPIs", "weight": "Weight",
    "career": "Career path", "acts_in": "Processes", "applicable_rules": "Applicable policies",
    "process_owner": "Owner", "process_purpose": "Purpose", "trigger": "Trigger",
    "related_rules": "Related policies", "flowchart": "Flowchart", "steps": "Steps",
    "step": "Step", "actor": "Actor", "description": "Description",
    "outputs": "Forms and records", "next": "Next", "end": "End", "category": "Category",
    "applies_to": "Applies to", "articles": "Articles", "penalties": "Penalties",
    "violation": "Violation", "penalty": "Penalty", "definition": "Definition",
    "formula": "Formula", "unit": "Unit", "frequency": "Frequency", "target": "Target",
    "monthly": "Monthly", "quarterly": "Quarterly", "yearly": "Yearly", "used_by": "Used by",
    "term": "Term", "summary_of_changes": "Summary", "changes": "Changes", "none": "None",
    "yes": "Yes", "weight_total": "Total",
}

CHINESE_NUMERALS = "零一二三四五六七八九"


def labels_for(language: str) -> dict[str, str]:
    return EN if language == "en" else ZH


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (for 第N条)."""
    if n <= 0:
        raise ValueError(n)
    if n >= 10000:
        return str(n)
    digits = CHINESE_NUMERALS
    units = ["", "十", "百", "千"]
    out = ""
    s = str(n)
    zero = False
    for i, ch in enumerate(s):
        d = int(ch)
        unit = units[len(s) - 1 - i]
        if d == 0:
            zero = True
            continue
        if zero and out:
            out += "零"
        zero = False
        out += digits[d] + unit
    if 10 <= n < 20:
        out = out[1:]  # 十二, not 一十二
    return out


def article_number(n: int, language: str) -> str:
    if language == "en":
        return f"Article {n}"
    return f"第{chinese_number(n)}条"
