"""市场监管、税务、司法、卫生健康、应急: seed 001's 工商税务 window and the stationed 市场监管所,
税务所, 司法所 of seed 003, plus the county's business licences."""
from yichuang.catalog.models import SpecialProcedure

from .items_base import (INSTANT_STEPS, RT, TB, D, H, ItemSpec, O, S, T, business_licence, deferrable,
                         escalate_steps, form, gov, id_card, named, own, promise_steps)

K = SpecialProcedure.Kind
SOLE_TRADER = "《促进个体工商户发展条例》(国务院令第755号);《中华人民共和国市场主体登记管理条例》(国务院令第746号)"
FOOD_LAW = "《中华人民共和国食品安全法》"
FOOD_PERMIT = "《食品经营许可和备案管理办法》(国家市场监督管理总局令第78号)"
REGISTRATION_NOTE = "材料齐全、符合法定形式的当场登记;不能当场登记的3个工作日内登记"

TOWNSHIP = (
    ItemSpec(
        "501", "个体工商户设立登记", "scjgs", T.LICENSING, SOLE_TRADER, (3, 0),
        "有经营能力的自然人或家庭申请从事工商业经营;经营场所符合规定,经营范围不属于禁止经营或须先取得许可的项目。",
        (named(id_card(), "经营者居民身份证"), form("《个体工商户登记(备案)申请书》"),
         own("经营场所使用证明(房屋产权证书或租赁协议)", commitment_allowed=True)),
        INSTANT_STEPS, (RT.LICENCE, "营业执照"), "开店 个体户 营业执照 办执照 开饭店 做生意 个体工商户 开小店",
        mode=D.STATIONED, handling=H.WINDOW, online=O.FULL, local_approval=True, licence="营业执照", self_service=True,
        statutory_note=REGISTRATION_NOTE),
    ItemSpec(
        "502", "个体工商户变更登记", "scjgs", T.LICENSING, SOLE_TRADER, (3, 0),
        "个体工商户的名称、经营者、经营场所、经营范围等登记事项发生变化的。",
        (business_licence(), named(id_card(), "经营者居民身份证"), form("《个体工商户变更登记申请书》")),
        INSTANT_STEPS, (RT.LICENCE, "营业执照(变更后)"), "变更 营业执照变更 改名 换地址 换经营者",
        mode=D.STATIONED, handling=H.WINDOW, online=O.FULL, local_approval=True, licence="营业执照",
        statutory_note=REGISTRATION_NOTE),
    ItemSpec(
        "503", "个体工商户注销登记", "scjgs", T.LICENSING, SOLE_TRADER, (3, 0),
        "个体工商户不再从事经营活动,已结清税款;未发生或已清偿债权债务的可适用简易注销。",
        (business_licence(), named(id_card(), "经营者居民身份证"), form("《个体工商户注销登记申请书》")),
        INSTANT_STEPS, (RT.CERTIFICATE, "准予注销登记通知书"), "不开了 注销 关店 营业执照注销 个体户注销",
        mode=D.STATIONED, handling=H.WINDOW, online=O.FULL, statutory_note=REGISTRATION_NOTE),
    ItemSpec(
        "504", "小餐饮店登记", "scjgs", T.LICENSING,
        f"{FOOD_LAW}第三十六条;《浙江省食品小作坊小餐饮店小食杂店和食品摊贩管理规定》", (10, 5),
        "有固定门店、从业人员较少、经营条件简单的小餐饮店;场所与污染源保持规定距离,具备与经营品种相适应的设备设施,"
        "从业人员持有有效健康证明。",
        (named(id_card(), "经营者居民身份证"), deferrable(business_licence()), form("《小餐饮店登记申请表》"),
         own("从业人员健康证明"), own("经营场所平面布局图及设备设施布局说明")),
        (("受理", "综合受理窗口", 0), ("*现场核查", "{dept}", 2, "核查经营场所布局和设备设施"),
         ("审核决定", "{dept}负责人", 2), ("发证", "综合出件窗口", 1)),
        (RT.LICENCE, "小餐饮店登记证"), "开饭店 开餐馆 小吃店 餐饮 饭店 小餐饮 开小吃店 早餐店",
        mode=D.STATIONED, online=O.ONLINE, licence="小餐饮店登记证",
        procedures=((K.SITE_INSPECTION, 5, "市场监管所现场核查经营场所"),),
        rules=(("shop.area_sqm <= 50", "经营场所使用面积不超过50平方米(本县小餐饮店标准,超过的申请食品经营许可)"),)),
    ItemSpec(
        "505", "仅销售预包装食品备案", "scjgs", T.FILING, f"{FOOD_LAW}第三十五条;{FOOD_PERMIT}", (1, 0),
        "仅销售预包装食品(不含散装食品和现场制售)的经营者,在办理市场主体登记后开展经营前备案。",
        (business_licence(), form("《仅销售预包装食品经营者备案信息采集表》")),
        INSTANT_STEPS, (RT.CERTIFICATE, "仅销售预包装食品备案回执"), "小卖部 便利店 预包装食品 卖零食 食杂店 备案",
        mode=D.STATIONED, who=S.BOTH, handling=H.WINDOW, online=O.FULL),
    ItemSpec(
        "511", "代开增值税发票", "sws", T.PUBLIC_SERVICE, "《中华人民共和国发票管理办法》;《中华人民共和国税收征收管理法》",
        (1, 0),
        "已办理税务信息确认的个体工商户、其他个人及未领用发票的纳税人,发生应税行为需要开具发票的。",
        (named(id_card(), "纳税人居民身份证"), own("购销合同或业务发生的书面凭据"), form("《代开增值税发票缴纳税款申报单》")),
        INSTANT_STEPS, (RT.OTHER, "增值税发票(代开)"), "开发票 代开发票 发票 报税 税务",
        mode=D.STATIONED, who=S.BOTH, handling=H.WINDOW, online=O.FULL, self_service=True),
    ItemSpec(
        "512", "开具税收完税证明", "sws", T.PUBLIC_SERVICE, "《中华人民共和国税收征收管理法》;《税收票证管理办法》", (1, 0),
        "已缴纳税款、需要证明纳税情况的纳税人。",
        (gov("纳税人居民身份证或营业执照", "公安机关或市场监督管理部门", "居民身份证"),),
        INSTANT_STEPS, (RT.CERTIFICATE, "税收完税证明"), "完税证明 纳税证明 交税证明 个税证明",
        mode=D.STATIONED, who=S.BOTH, handling=H.WINDOW, online=O.FULL, self_service=True),
    ItemSpec(
        "521", "法律援助申请", "sfs", T.PUBLIC_SERVICE, "《中华人民共和国法律援助法》第三十一条", (5, 5),
        "经济困难且因请求给予社会保险待遇、给付赡养费抚养费、支付劳动报酬、人身损害赔偿等事项需要代理,"
        "尚未委托代理人的公民。",
        (id_card(), form("《法律援助申请表》"), own("经济困难状况个人诚信承诺书", commitment_allowed=True),
         own("申请援助事项的证据材料(劳动合同、工资凭证、病历或判决书)")),
        escalate_steps(1, 3), (RT.APPROVAL, "给予法律援助决定书"), "法律援助 打官司 请律师 免费律师 讨薪 法律咨询",
        mode=D.ENTRUSTED_INTAKE, by="sfj", handling=H.ESCALATE, statutory_note="法律援助机构自收到申请之日起七日内作出决定",
        rules=(("household.income_per_capita < 2300", "家庭经济困难(家庭月人均收入低于本县低保标准的2倍)"),)),
    ItemSpec(
        "522", "人民调解申请", "sfs", T.PUBLIC_SERVICE, "《中华人民共和国人民调解法》第十七条", (22, 15),
        "公民之间、公民与单位之间发生婚姻家庭、邻里、损害赔偿、土地承包等民间纠纷,当事人自愿申请调解。",
        (id_card(), form("《人民调解申请书》(可口头申请,由调解员记录)")),
        (("受理", "综合受理窗口", 0), ("调查了解", "{dept}", 5), ("组织调解", "人民调解委员会", 8),
         ("制作调解协议书", "人民调解委员会", 2)),
        (RT.CERTIFICATE, "人民调解协议书"), "调解 纠纷 吵架 邻里矛盾 土地纠纷 家庭矛盾",
        mode=D.STATIONED, who=S.BOTH, village=True, statutory_note="一般自受理之日起一个月内调结"),
)

COUNTY = (
    ItemSpec(
        "506", "食品经营许可", "scj", T.LICENSING, f"{FOOD_LAW}第三十五条;{FOOD_PERMIT}", (10, 5),
        "有与经营的食品品种、数量相适应的经营场所和设备设施,有食品安全管理人员和保证食品安全的规章制度,"
        "设备布局和工艺流程合理。",
        (business_licence(), named(id_card(), "法定代表人(负责人)居民身份证"), form("《食品经营许可申请书》"),
         own("主要设备设施布局图和操作流程说明"), own("食品安全管理制度文本")),
        (("受理", "企业服务专窗", 0), ("*现场核查", "{dept}", 2), ("审核决定", "{dept}负责人", 2),
         ("发证", "综合出件窗口", 1)),
        (RT.LICENCE, "食品经营许可证"), "开饭店 餐饮 食品经营许可证 食品许可 开餐厅 卖熟食",
        who=S.BOTH, online=O.ONLINE, licence="食品经营许可证", express=True,
        procedures=((K.SITE_INSPECTION, 5, "现场核查经营场所和设备设施"),)),
    ItemSpec(
        "507", "有限责任公司设立登记", "scj", T.LICENSING,
        "《中华人民共和国公司法》;《中华人民共和国市场主体登记管理条例》(国务院令第746号)", (3, 0),
        "股东符合法定人数,有符合公司章程规定的认缴出资额、公司名称、住所和组织机构。",
        (named(id_card(), "法定代表人居民身份证"), form("《公司登记(备案)申请书》"), own("公司章程"),
         own("股东主体资格文件(自然人股东的居民身份证复印件)"),
         own("住所使用证明(房屋产权证书或租赁协议)", commitment_allowed=True)),
        INSTANT_STEPS, (RT.LICENCE, "营业执照"), "开公司 注册公司 办企业 营业执照 企业开办",
        who=S.BOTH, online=O.FULL, licence="营业执照", express=True, statutory_note=REGISTRATION_NOTE),
    ItemSpec(
        "531", "公共场所卫生许可证核发", "wjj", T.LICENSING, "《公共场所卫生管理条例》;《公共场所卫生管理条例实施细则》",
        (20, 10),
        "经营宾馆、旅店、公共浴室、游泳场所等须取得卫生许可的公共场所,卫生设施和卫生管理制度符合规定。",
        (business_licence(), form("《公共场所卫生许可申请表》"), own("公共场所卫生检测报告"), own("卫生管理制度文本"),
         deferrable(own("从业人员健康合格证明"))),
        promise_steps(10), (RT.LICENCE, "公共场所卫生许可证"), "宾馆 旅馆 洗浴 游泳馆 卫生许可证 开旅馆",
        who=S.BOTH, licence="公共场所卫生许可证",
        procedures=((K.SITE_INSPECTION, 5, "现场卫生审查"), (K.TESTING, 10, "公共场所卫生检测"))),
    ItemSpec(
        "521", "法律援助申请", "sfj", T.PUBLIC_SERVICE, "《中华人民共和国法律援助法》第三十一条", (5, 5),
        "经济困难且因请求给予社会保险待遇、给付赡养费抚养费、支付劳动报酬、人身损害赔偿等事项需要代理,"
        "尚未委托代理人的公民。",
        (id_card(), form("《法律援助申请表》"), own("经济困难状况个人诚信承诺书", commitment_allowed=True),
         own("申请援助事项的证据材料(劳动合同、工资凭证、病历或判决书)")),
        promise_steps(5), (RT.APPROVAL, "给予法律援助决定书"), "法律援助 打官司 请律师 免费律师 讨薪 法律咨询",
        statutory_note="法律援助机构自收到申请之日起七日内作出决定",
        rules=(("household.income_per_capita < 2300", "家庭经济困难(家庭月人均收入低于本县低保标准的2倍)"),)),
    ItemSpec(
        "541", "烟花爆竹经营(零售)许可证核发", "yjj", T.LICENSING,
        "《烟花爆竹安全管理条例》(国务院令第455号);《烟花爆竹经营许可实施办法》", (20, 5),
        "零售经营场所符合本县零售网点布局规划,与居民居住场所保持安全距离,主要负责人经过安全培训合格。",
        (business_licence(), form("《烟花爆竹经营(零售)许可证申请书》"), own("零售经营场所平面图及周边环境说明"),
         own("主要负责人安全培训合格证书")),
        promise_steps(5), (RT.LICENCE, "烟花爆竹经营(零售)许可证"), "卖鞭炮 烟花爆竹 过年卖烟花 零售许可 放鞭炮",
        who=S.BOTH, licence="烟花爆竹经营许可证", tongban=TB.NONE,
        procedures=((K.SITE_INSPECTION, 3, "现场核查零售经营场所"),)),
)
