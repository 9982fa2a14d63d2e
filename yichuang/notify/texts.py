"""The words of each message, in Chinese, one template per kind. A message names the case by
its number and the item by its name, never the applicant's ID number (scrub() makes sure,
whatever a template or its values hold) and never the phone."""

from __future__ import annotations

import re

from yichuang.common.idnumbers import is_valid_citizen_id
from yichuang.people.numbers import mask_citizen_id

from .models import Message

Kind = Message.Kind
SIGNATURE = "【一窗通】"

TEMPLATES: dict[str, str] = {
    Kind.RECEIVED: "您的“{item}”申请已收到,办件编号{case}。工作人员将尽快预审,结果会再通知您。",
    Kind.SUPPLEMENT: "您的办件{case}(“{item}”)需要补正材料,一次告知如下:{materials}。"
    "请登录网上办事大厅在线补交,或带到{site}窗口。",
    Kind.ACCEPTED: "您的办件{case}(“{item}”)已受理,承诺于{due_date}前办结。",
    Kind.REFUSED: "您的“{item}”申请(办件编号{case})不予受理,理由见受理通知书;如有疑问请咨询{site}。",
    Kind.DECIDED: "您的办件{case}(“{item}”)已办结:{decision}。",
    Kind.JOINT_RESULT: "您的联办件{case}(“{item}”)各部门已办结:{decision}。",
    Kind.READY: "您的办件{case}(“{item}”)结果已出,可到{site}窗口领取,请带好身份证件。",
    Kind.POSTED: "您的办件{case}(“{item}”)结果已邮寄,快递单号{tracking}。",
    Kind.ELECTRONIC: "您的办件{case}(“{item}”)结果已电子送达,请登录网上办事大厅“我的办件”下载。",
    Kind.RATING: "您的办件{case}已办结,欢迎对本次服务作出评价(网上办事大厅“我的办件”)。",
    Kind.REMINDER: "温馨提示:您预约了明天{when}在{site}办理“{item}”,预约号{code}。",
    Kind.ANSWER: "您关于“{item}”的咨询已答复,请登录网上办事大厅查看。",
}

# A 居民身份证号码 standing alone in the text (17 digits and a check character that fits): never
# let one through, whatever the values filled in. A run that fails the check is left alone, so
# an 18-digit tracking number is not spoilt (ten times in eleven).
_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")


def scrub(text: str) -> str:
    return _RUN.sub(lambda m: mask_citizen_id(m.group(0)) if is_valid_citizen_id(m.group(0)) else m.group(0), text)


def render(kind: str, **values) -> str:
    return scrub(SIGNATURE + TEMPLATES[kind].format(**values))
