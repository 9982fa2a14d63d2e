"""Organisation of the demo county 清溪县 (R-01…R-05): regions, sites, departments, windows,
staff and A/B posts. Plain data; `org.py` turns it into rows.

The county is fictional. Its region code 331199 sits in a range no real county uses, and the
parent city 云溪市 (named only where a city-level body must be: the tax office above the county
office, the ecology bureau whose branch is stationed here) is fictional as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.org.models import StaffRole, Window

PASSWORD = "yichuang-demo-2026"
ACTOR = "demo:load_demo"  # how the audit log names the demo loader
CITY = "云溪市"
COUNTY_NAME = "清溪县"
COUNTY_CODE = "331199000000"
COUNTY_GOVERNMENT = "清溪县人民政府"
COURT = "清溪县人民法院"
AREA = "0578"

HOURS = "周一至周五 上午8:30-12:00 下午14:30-17:30,周六上午预约服务"
VILLAGE_HOURS = "周一至周五 上午8:30-11:30 下午14:00-17:00,农忙时节可预约上门服务"

COUNTY_SITE = {
    "key": "qx",
    "address": "清溪县溪城街道行政中心路8号市民服务中心一楼",
    "phone": f"{AREA}-6123456",
    "complaint_phone": f"{AREA}-6123400",
}


@dataclass(frozen=True)
class Village:
    key: str
    name: str
    code: str
    address: str


@dataclass(frozen=True)
class Township:
    key: str  # username prefix, e.g. "ft" → ft_clerk1
    name: str  # 凤田镇 / 溪城街道
    short: str  # 凤田 — used in the names of stationed offices (凤田派出所)
    code: str
    address: str
    phone: str
    villages: tuple[Village, ...]


# Statistical convention for the last three digits: 001–199 居委会 (社区), 200–399 村委会 (村).
TOWNSHIPS = (
    Township(
        "xc",
        "溪城街道",
        "溪城",
        "331199001000",
        "清溪县溪城街道府前路21号",
        f"{AREA}-6123501",
        (
            Village("xd", "溪东社区", "331199001001", "清溪县溪城街道溪东路66号溪东社区党群服务中心"),
            Village("wc", "文昌社区", "331199001002", "清溪县溪城街道文昌路118号文昌社区党群服务中心"),
        ),
    ),
    Township(
        "ft",
        "凤田镇",
        "凤田",
        "331199101000",
        "清溪县凤田镇凤田街88号",
        f"{AREA}-6123601",
        (
            Village("ftc", "凤田村", "331199101201", "清溪县凤田镇凤田村村委会大楼一楼"),
            Village("sp", "上坪村", "331199101202", "清溪县凤田镇上坪村文化礼堂东侧"),
        ),
    ),
    Township(
        "sm",
        "石门镇",
        "石门",
        "331199102000",
        "清溪县石门镇石门大道9号",
        f"{AREA}-6123701",
        (
            Village("smc", "石门村", "331199102201", "清溪县石门镇石门村村民服务中心"),
            Village("lt", "龙潭村", "331199102202", "清溪县石门镇龙潭村村委会一楼"),
        ),
    ),
)


@dataclass(frozen=True)
class DepartmentSpec:
    key: str
    name: str
    short: str
    kind: str  # first two characters of the credit code: 11 机关, 12 事业单位, 13 群团
    supervising: str
    phone: str
    review_body: str = COUNTY_GOVERNMENT


# Under the 2023 行政复议法 the county government reviews the acts of its departments and of
# their stationed offices; tax is vertically managed, so the city tax bureau reviews it, and the
# ecology branch is an office of the city bureau, so the city government does.
COUNTY_DEPARTMENTS = (
    DepartmentSpec("mzj", "清溪县民政局", "县民政局", "11", f"{CITY}民政局", f"{AREA}-6123011"),
    DepartmentSpec(
        "rsj", "清溪县人力资源和社会保障局", "县人力社保局", "11", f"{CITY}人力资源和社会保障局", f"{AREA}-6123012"
    ),
    DepartmentSpec("ybj", "清溪县医疗保障局", "县医保局", "11", f"{CITY}医疗保障局", f"{AREA}-6123013"),
    DepartmentSpec("gaj", "清溪县公安局", "县公安局", "11", f"{CITY}公安局", f"{AREA}-6123014"),
    DepartmentSpec(
        "zrj", "清溪县自然资源和规划局", "县自然资源和规划局", "11", f"{CITY}自然资源和规划局", f"{AREA}-6123015"
    ),
    DepartmentSpec("lyj", "清溪县林业局", "县林业局", "11", f"{CITY}林业局", f"{AREA}-6123016"),
    DepartmentSpec("zjj", "清溪县住房和城乡建设局", "县住建局", "11", f"{CITY}住房和城乡建设局", f"{AREA}-6123017"),
    DepartmentSpec("zfj", "清溪县综合行政执法局", "县综合执法局", "11", f"{CITY}综合行政执法局", f"{AREA}-6123018"),
    DepartmentSpec("scj", "清溪县市场监督管理局", "县市场监管局", "11", f"{CITY}市场监督管理局", f"{AREA}-6123019"),
    DepartmentSpec("wjj", "清溪县卫生健康局", "县卫健局", "11", f"{CITY}卫生健康委员会", f"{AREA}-6123020"),
    DepartmentSpec("tyj", "清溪县退役军人事务局", "县退役军人事务局", "11", f"{CITY}退役军人事务局", f"{AREA}-6123021"),
    DepartmentSpec("cl", "清溪县残疾人联合会", "县残联", "13", f"{CITY}残疾人联合会", f"{AREA}-6123022"),
    DepartmentSpec("nyj", "清溪县农业农村局", "县农业农村局", "11", f"{CITY}农业农村局", f"{AREA}-6123023"),
    DepartmentSpec("jtj", "清溪县交通运输局", "县交通运输局", "11", f"{CITY}交通运输局", f"{AREA}-6123024"),
    DepartmentSpec(
        "sthj",
        f"{CITY}生态环境局清溪分局",
        "生态环境分局",
        "11",
        f"{CITY}生态环境局",
        f"{AREA}-6123025",
        f"{CITY}人民政府",
    ),
    DepartmentSpec("yjj", "清溪县应急管理局", "县应急管理局", "11", f"{CITY}应急管理局", f"{AREA}-6123026"),
    DepartmentSpec("sfj", "清溪县司法局", "县司法局", "11", f"{CITY}司法局", f"{AREA}-6123027"),
)

# Township departments. `{t}` is the township's name (offices of the township government),
# `{s}` its short name (offices stationed by a county department, R-02). The last field names
# the county department that supervises the office's items (seed 004: devolved items are
# supervised by the township, entrusted ones jointly with the entrusting department).
TOWNSHIP_DEPARTMENTS = (
    ("shsw", "{t}社会事务办公室", "社会事务办", "11", "mzj"),
    ("rsbs", "{t}人力资源和社会保障服务所", "人力社保所", "12", "rsj"),
    ("pcs", "清溪县公安局{s}派出所", "{s}派出所", "11", "gaj"),
    ("scjgs", "清溪县市场监督管理局{s}市场监督管理所", "{s}市场监管所", "11", "scj"),
    ("sfs", "清溪县司法局{s}司法所", "{s}司法所", "11", "sfj"),
    ("sws", "国家税务总局清溪县税务局{s}税务所", "{s}税务所", "11", None),
    ("zrs", "清溪县自然资源和规划局{s}自然资源所", "{s}自然资源所", "11", "zrj"),
    ("nyb", "{t}农业农村办公室", "农业农村办", "11", "nyj"),
    ("czjs", "{t}村镇建设办公室", "村镇建设办", "11", "zjj"),
)
TAX_SUPERVISOR = "国家税务总局清溪县税务局"
TAX_REVIEW_BODY = f"国家税务总局{CITY}税务局"

W = Window.Type
# (number, type, name, A post, B post) — posts name staff by their username suffix.
COUNTY_WINDOWS = (
    ("01", W.CONSULT, "综合咨询", "clerk1", "clerk2"),
    ("02", W.INTAKE, "综合受理(一)", "clerk2", "clerk3"),
    ("03", W.INTAKE, "综合受理(二)", "clerk3", "clerk4"),
    ("04", W.INTAKE, "综合受理(三)", "clerk4", "clerk2"),
    ("05", W.APPROVAL, "综合审批", "approver_mzj", "approver_rsj"),
    ("06", W.PERMIT, "行政审批专窗", "clerk5", "clerk6"),
    ("07", W.SERVICE, "综合服务专窗", "clerk6", "clerk5"),
    ("08", W.HELPDESK, "帮办代办", "helper", "clerk7"),
    ("09", W.CROSS_AREA, "跨区域通办", "clerk7", "clerk8"),
    ("10", W.UNRESOLVED, "办不成事反映", "supervisor", "head"),
    ("11", W.ENTERPRISE, "企业服务专窗", "approver_scj", "clerk8"),
)
TOWNSHIP_WINDOWS = (
    ("01", W.CONSULT, "综合咨询", "clerk1", "clerk6"),
    ("02", W.INTAKE, "综合受理(一)", "clerk2", "clerk1"),
    ("03", W.INTAKE, "综合受理(二)", "clerk3", "clerk2"),
    ("04", W.APPROVAL, "综合审批", "approver_shsw", "approver_rsbs"),
    ("05", W.PERMIT, "行政审批专窗", "clerk4", "clerk5"),
    ("06", W.SERVICE, "综合服务专窗", "clerk5", "clerk4"),
    ("07", W.HELPDESK, "帮办代办", "helper", "clerk6"),
    ("08", W.CROSS_AREA, "跨区域通办", "clerk6", "clerk3"),
    ("09", W.UNRESOLVED, "办不成事反映", "supervisor", "head"),
    ("10", W.ENTERPRISE, "企业服务专窗", "approver_scjgs", "approver_sws"),
)
# Seed 003: village stations have a 综合窗口 (our 综合受理 type) and 帮办代办.
VILLAGE_WINDOWS = (
    ("01", W.INTAKE, "综合窗口", "helper1", "helper2"),
    ("02", W.HELPDESK, "帮办代办", "helper2", "helper1"),
)

R = StaffRole.Role
COUNTY_CLERKS = 8
TOWNSHIP_CLERKS = 6
# Roles every centre has besides its clerks and its approvers (one approver per department).
CENTRE_ROLES = (("head", R.HEAD), ("supervisor", R.SUPERVISOR), ("helper", R.HELPER), ("admin", R.ADMIN))
VILLAGE_HELPERS = 2

# Deterministic Chinese names: readable, varied, and the same on every load.
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛"
_GIVEN = (
    "建国",
    "秀英",
    "志强",
    "丽华",
    "海燕",
    "文军",
    "晓东",
    "静",
    "伟",
    "芳",
    "敏",
    "磊",
    "婷婷",
    "军",
    "洋",
    "艳",
    "勇",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂英",
    "俊",
    "慧",
    "红梅",
    "鹏",
    "雪梅",
    "国庆",
    "玉兰",
    "振华",
    "佳琪",
    "子涵",
    "浩然",
    "欣怡",
    "宇航",
    "思远",
)


def person_name(index: int) -> str:
    return _SURNAMES[(index * 7) % len(_SURNAMES)] + _GIVEN[(index * 11 + index // len(_GIVEN)) % len(_GIVEN)]


def person_phone(index: int) -> str:
    return f"1390578{index:04d}"


def county_site_name() -> str:
    from yichuang.org.models import Site

    return Site.standard_name(Site.Level.COUNTY, COUNTY_NAME)
