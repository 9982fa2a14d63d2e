"""A county item that charges the 不动产登记费 (issue 18 §2): 国有建设用地使用权及房屋所有权
转移登记 (二手房过户) at the county's 不动产登记 window. Its fee lines and amounts are set by
demo/fees.py like every charged item's; this module only adds the item, with the acceptance
rule that makes the form ask how many 不动产权证书 are to be issued (one per 权利人)."""

from .items_base import RT, TB, D, ItemSpec, O, S, T, form, gov, id_card, own, promise_steps

REGISTRATION_BASIS = (
    "《不动产登记暂行条例》(国务院令第656号)第十四条、第二十条;《不动产登记暂行条例实施细则》第三十八条"
)

COUNTY = (
    ItemSpec(
        "421",
        "国有建设用地使用权及房屋所有权转移登记",
        "zrj",
        T.CONFIRMATION,
        REGISTRATION_BASIS,
        (30, 5),
        "因买卖、赠与、继承等导致国有建设用地使用权及房屋所有权转移的,当事人共同申请(继承等可单方申请)。",
        (
            id_card(),
            form("《不动产登记申请书》"),
            gov("不动产权证书", "不动产登记机构", "不动产权证书"),
            own("买卖合同、赠与合同或继承证明等转移登记原因文件"),
            own("完税凭证"),
        ),
        promise_steps(5),
        (RT.LICENCE, "不动产权证书"),
        "过户 二手房过户 房产证过户 不动产登记 转移登记 房屋买卖",
        mode=D.OWN,
        who=S.BOTH,
        online=O.PREREVIEW,
        tongban=TB.NONE,
        licence="不动产权证书",
        express=True,
        rules=(("property.certificates >= 1", "核发不动产权证书本数(每位权利人一本)不少于1本"),),
    ),
)
TOWNSHIP = ()
