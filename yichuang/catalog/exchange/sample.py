"""A generated exchange document (tests, the bench, the documentation's example): `n` standard
items, each implemented by every given (department, site) pair."""

from __future__ import annotations

from .reading import FORMAT

SUBJECTS = [
    "个体工商户",
    "农村宅基地",
    "高龄老人",
    "残疾人",
    "食品经营",
    "生育",
    "最低生活保障",
    "临时救助",
    "林木采伐",
    "取水",
]
ACTIONS = ["设立登记", "变更登记", "注销登记", "许可", "审批", "待遇申领", "资格认定", "备案", "证明开具", "补贴发放"]


def item(i: int, pairs, status: str | None = None) -> dict:
    subject, action = SUBJECTS[i % len(SUBJECTS)], ACTIONS[(i // len(SUBJECTS)) % len(ACTIONS)]
    implementations = [{"department_code": d, "site_code": s, "delegation_mode": "own"} for d, s in pairs]
    if status:
        for imp in implementations:
            imp["status"] = status
    return {
        "basic_code": f"00{i:010d}",
        "name": f"{subject}{action}{i}",
        "item_type": "01" if i % 2 else "20",
        "legal_basis": f"《{subject}管理办法》第{i % 40 + 1}条",
        "exercise_level": "township",
        "service_object": "person",
        "statutory_days": 20,
        "promised_days": 5,
        "case_kind": "promised",
        "conditions": f"符合《{subject}管理办法》规定的条件",
        "handling_mode": "window",
        "has_fees": False,
        "result_type": "approval",
        "result_name": f"{subject}{action}决定书",
        "consult_phone": "0570-1234567",
        "complaint_phone": "12345",
        "review_body": "示范县人民政府",
        "litigation_body": "示范县人民法院",
        "materials": [
            {"name": "申请表", "kind": "original", "necessity": "required"},
            {"name": "居住证明(租房合同或房产证明)", "kind": "copy", "commitment_allowed": True},
        ],
        "steps": [
            {"name": "受理", "actor": "综合受理窗口", "days": 1},
            {"name": "审核决定", "actor": "实施部门", "days": 4},
        ],
        "implementations": implementations,
    }


def document(n: int, pairs, status: str = "published") -> dict:
    return {"format": FORMAT, "status": status, "items": [item(i, pairs) for i in range(n)]}
