"""The facts life events asked when they were a code table (life_facts.NEEDED_BY_ENTRY until
issue 15's second pass): written into the tables by migration 0004, by the demo loader and by
the life-event tests' world. After that they are the county's data, edited in the admin."""

from __future__ import annotations

GROUPS = {
    "child": "新生儿信息",
    "father": "父亲信息",
    "mother": "母亲信息",
    "shop": "店铺信息",
    "deceased": "逝者信息",
    "house": "建房信息",
}
FACTS = (  # (name, label, kind)
    ("child.name", "新生儿姓名", "text"),
    ("child.sex", "新生儿性别", "sex"),
    ("child.birth_date", "出生日期", "date"),
    ("child.birth_place", "出生地点(医院或地址)", "text"),
    ("father.name", "父亲姓名", "text"),
    ("father.citizen_id", "父亲公民身份号码", "citizen_id"),
    ("mother.name", "母亲姓名", "text"),
    ("mother.citizen_id", "母亲公民身份号码", "citizen_id"),
    ("shop.name", "店铺名称(字号)", "text"),
    ("shop.address", "经营场所地址", "text"),
    ("shop.scope", "经营项目(如:小吃、快餐)", "text"),
    ("shop.sign_text", "店招文字", "text"),
    ("deceased.name", "逝者姓名", "text"),
    ("deceased.citizen_id", "逝者公民身份号码", "citizen_id"),
    ("deceased.death_date", "死亡日期", "date"),
    ("house.location", "建房地点(村、组)", "text"),
)
CHILD = ("child.name", "child.sex", "child.birth_date")
PARENTS = ("father.name", "father.citizen_id", "mother.name", "mother.citizen_id")
DECEASED = ("deceased.name", "deceased.citizen_id", "deceased.death_date")
NEEDED_BY_ENTRY = {
    "073010000": (*CHILD, "child.birth_place", *PARENTS),  # 出生登记
    "202220000": CHILD,  # 新生儿参保登记
    "202090000": CHILD,  # 社会保障卡申领 (the newborn's card)
    "015010000": ("shop.name", "shop.address", "shop.scope"),  # 个体工商户设立登记
    "015040000": ("shop.name", "shop.address"),  # 小餐饮店登记
    "014160000": ("shop.address", "shop.sign_text"),  # 户外广告(店招)设置审批
    "073090000": DECEASED,  # 死亡人员户口注销
    "202040000": DECEASED,  # 城乡居民养老保险注销登记
    "052120000": DECEASED,  # 丧葬补助金、抚恤金申领
    "014010000": ("house.location",),  # 农村村民宅基地审批
    "014020000": ("house.location",),  # 乡村建设规划许可证核发
}


def seed(life_fact_model, item_fact_model) -> None:
    """Write the table once (rows already there, perhaps edited, are left as they are). Takes the
    model classes so that a migration can pass its historical models."""
    facts = {}
    for n, (name, label, kind) in enumerate(FACTS):
        group = GROUPS.get(name.partition(".")[0], "申请信息")
        facts[name] = life_fact_model.objects.get_or_create(
            name=name, defaults={"label": label, "kind": kind, "group": group, "order": n}
        )[0]
    for entry, names in NEEDED_BY_ENTRY.items():
        for n, name in enumerate(names):
            item_fact_model.objects.get_or_create(entry=entry, fact=facts[name], defaults={"order": n})
