"""户籍 and 公安: seed 001's 户籍办证服务窗口 (身份证, 出生登记入户, 更正出生日期, 变更姓名,
分户, 立户). The 派出所 is an office stationed by the county police (R-05 派驻)."""
from yichuang.catalog.models import SpecialProcedure

from .items_base import (INSTANT_STEPS, RT, TB, D, H, ItemSpec, O, T, birth_cert, form, gov, hukou, id_card,
                         marriage_cert, named, optional, own, photo, promise_steps)

K = SpecialProcedure.Kind
HUKOU_RULES = "《中华人民共和国户口登记条例》"
ID_CARD_FEE_BASIS = "《中华人民共和国居民身份证法》;《国家发展改革委 财政部关于第二代居民身份证收费标准等有关问题的通知》(发改价格〔2003〕2322号)"

TOWNSHIP = (
    ItemSpec(
        "301", "出生登记", "pcs", T.CONFIRMATION, f"{HUKOU_RULES}第七条", (5, 0),
        "婴儿出生后一个月以内,由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记;"
        "随父或随母落户由父母自愿选择。",
        (birth_cert(), named(id_card(), "父母双方居民身份证"), named(hukou(), "拟落户的居民户口簿"),
         optional(named(marriage_cert(), "父母的结婚证"))),
        INSTANT_STEPS, (RT.LICENCE, "居民户口簿(新生儿户口页)"),
        "上户口 新生儿落户 报户口 孩子出生 生孩子 出生登记 户口",
        mode=D.STATIONED, handling=H.WINDOW, online=O.ONLINE, licence="居民户口簿",
        rules=(("parent.hukou_local", "父亲或母亲一方为本县常住户口"),)),
    ItemSpec(
        "302", "居民身份证申领、换领、补领", "pcs", T.CONFIRMATION, "《中华人民共和国居民身份证法》第八条", (42, 10),
        "居住在中华人民共和国境内的中国公民:年满16周岁的应当申领,未满16周岁的可以申领;"
        "有效期满、证件损坏或丢失的应当换领、补领。",
        (hukou(acceptance_standard="首次申领须交验"), optional(named(id_card(), "原居民身份证(换领时交回)")),
         form("《居民身份证申领登记表》")),
        (("受理", "综合受理窗口", 0, "现场采集人像和指纹"), ("审核签发", "{dept}", 3), ("制证", "清溪县公安局", 5),
         ("发证", "综合出件窗口", 2, "窗口领取或邮寄送达")),
        (RT.LICENCE, "中华人民共和国居民身份证"),
        "身份证 办身份证 补身份证 换身份证 身份证丢了 身份证到期",
        mode=D.STATIONED, online=O.PREREVIEW, tongban=TB.NATIONAL, quota=30, licence="居民身份证", express=True,
        visit_reason="须本人到场采集人像和指纹信息",
        statutory_note="自提交申领登记表之日起60日(自然日)内发放,交通不便地区可延长不超过30日",
        fees=(("居民身份证工本费(申领、到期换领)", "20元/证", ID_CARD_FEE_BASIS, True),
              ("居民身份证工本费(丢失补领、损坏换领)", "40元/证", ID_CARD_FEE_BASIS, False))),
    ItemSpec(
        "303", "户口迁移(迁入、迁出)登记", "pcs", T.CONFIRMATION, f"{HUKOU_RULES}第十条、第十三条", (20, 5),
        "符合本县户口迁移政策(投靠亲属、购房、就业、婚姻等)的公民;省内迁移“一站式”办理,跨省迁移“跨省通办”。",
        (id_card(), named(hukou(), "迁入地居民户口簿"), optional(gov("不动产权证书", "不动产登记机构", "不动产权证书")),
         optional(own("购房合同(尚未取得不动产权证书时提供)")), form("《户口迁移申请表》")),
        promise_steps(5), (RT.CERTIFICATE, "准予迁入证明及户口迁入登记"), "迁户口 户口迁移 落户 买房落户 投靠 户口",
        mode=D.STATIONED, tongban=TB.NATIONAL, quota=20, licence="准予迁入证明",
        rules=(("applicant.has_legal_residence_here || applicant.joins_relative_here",
                "在迁入地有合法稳定住所,或符合投靠亲属落户条件"),)),
    ItemSpec(
        "304", "分户、立户登记", "pcs", T.CONFIRMATION, HUKOU_RULES, (20, 5),
        "在本县有独立合法住所,或因结婚、离婚等原因需要单独立户的本县常住户口居民。",
        (id_card(), named(hukou(), "原居民户口簿"), optional(gov("不动产权证书", "不动产登记机构", "不动产权证书")),
         form("《分户申请表》"), own("原户主同意分户的书面意见")),
        (("受理", "综合受理窗口", 0), ("*审核", "{dept}", 3, "民警实地核查独立住所"), ("审批", "{dept}负责人", 1),
         ("发簿", "综合出件窗口", 1)),
        (RT.LICENCE, "居民户口簿"), "分户 立户 单独立户口 分家 户口本 户口簿",
        mode=D.STATIONED, licence="居民户口簿",
        procedures=((K.SITE_INSPECTION, 3, "民警实地核查申请人独立住所"),)),
    ItemSpec(
        "305", "变更、更正户口登记项目(姓名、出生日期)", "pcs", T.CONFIRMATION, f"{HUKOU_RULES}第十七条、第十八条",
        (30, 10),
        "户口登记的姓名、出生日期等项目确有错误,或依法需要变更姓名的本县常住户口居民。",
        (id_card(), hukou(), form("《户口登记项目变更更正申请表》"), own("出生医学证明或最早形成的入学登记原始档案")),
        (("受理", "综合受理窗口", 0), ("*调查核实", "{dept}", 5), ("审批", "清溪县公安局", 3), ("变更", "{dept}", 2)),
        (RT.LICENCE, "居民户口簿(变更后)"), "改名 改名字 改年龄 出生日期错了 户口信息更正 变更姓名",
        mode=D.STATIONED, licence="居民户口簿",
        procedures=((K.SITE_INSPECTION, 10, "走访调查、调取原始档案核实"),)),
    ItemSpec(
        "306", "居住证申领", "pcs", T.PUBLIC_SERVICE, "《居住证暂行条例》(国务院令第663号)第二条", (10, 5),
        "离开常住户口所在地到本县居住半年以上,且有合法稳定就业、合法稳定住所、连续就读条件之一的公民。",
        (id_card(), photo("近期一寸免冠白底彩色照片", 1),
         own("居住地住址、就业或就读情况证明(租房合同、劳动合同或在校证明之一)", commitment_allowed=True)),
        promise_steps(5), (RT.LICENCE, "居住证"), "居住证 暂住证 外地人 积分入学 新居民 办居住证",
        mode=D.STATIONED, licence="居住证", express=True,
        statutory_note="自受理之日起15日(自然日)内制作发放",
        rules=(("applicant.months_resident >= 6 && !applicant.hukou_local", "在本县居住满半年且非本县户籍"),)),
    ItemSpec(
        "307", "无犯罪记录证明开具", "pcs", T.PUBLIC_SERVICE,
        "《公安部关于印发〈公安机关办理犯罪记录查询工作规定〉的通知》(公通字〔2021〕19号)", (3, 0),
        "个人因就业、出国、入学等需要查询本人在中国境内有无犯罪记录;单位经授权可查询。",
        (id_card(), form("《无犯罪记录证明申请表》"), optional(own("委托代办的授权委托书及受托人身份证件"))),
        INSTANT_STEPS, (RT.CERTIFICATE, "无犯罪记录证明"), "无犯罪证明 无犯罪记录 政审 开证明 出国 入职",
        mode=D.STATIONED, handling=H.WINDOW, online=O.FULL, licence="无犯罪记录证明"),
    ItemSpec(
        "308", "犬只登记", "pcs", T.CONFIRMATION, "《中华人民共和国动物防疫法》第三十条", (10, 3),
        "在本县饲养犬只的个人或单位,犬只已按规定接种狂犬病疫苗;禁养犬只不予登记。",
        (id_card(), own("动物诊疗机构出具的狂犬病免疫证明"), own("犬只正面、侧面彩色照片", copies=2),
         form("《养犬登记申请表》")),
        promise_steps(3), (RT.LICENCE, "犬只登记证(犬牌)"), "养狗 犬只登记 狗证 办狗证 养犬 宠物",
        mode=D.STATIONED, online=O.ONLINE, licence="犬只登记证",
        rules=(("!dog.banned_breed", "犬只不属于本县禁养犬只品种"), ("dog.rabies_vaccinated", "犬只已接种狂犬病疫苗"))),
    ItemSpec(
        "309", "死亡人员户口注销", "pcs", T.CONFIRMATION, f"{HUKOU_RULES}第八条", (3, 0),
        "本县常住户口公民死亡的,城市在葬前、农村在一个月以内,由户主、亲属、抚养人或者邻居申报死亡登记,注销户口。",
        (gov("居民死亡医学证明(推断)书", "医疗卫生机构"), hukou(), named(id_card(), "申报人居民身份证"),
         optional(named(id_card(), "死者居民身份证(交回)"))),
        INSTANT_STEPS, (RT.CERTIFICATE, "户口注销证明"), "去世 死亡 销户 注销户口 人走了 身后事",
        mode=D.STATIONED, handling=H.WINDOW),
)

COUNTY = (
    ItemSpec(
        "310", "居民户口簿补领、换领", "gaj", T.CONFIRMATION, HUKOU_RULES, (5, 0),
        "居民户口簿遗失、损坏或户内信息变更需要换领的本县常住户口居民,由户主或户内成员申请。",
        (id_card(), form("《居民户口簿补领(换领)申请表》"), optional(named(hukou(), "原居民户口簿(换领时交回)"))),
        INSTANT_STEPS, (RT.LICENCE, "居民户口簿"), "户口本丢了 补户口本 换户口簿 户口簿",
        handling=H.WINDOW, licence="居民户口簿"),
)
