"""人力资源社会保障 and 医疗保障: seed 001's 人力资源社会保障服务窗口 (居民医保, 异地领取养老金
资格认证 …) and seed 000's 人社、医保 domains of the 综合服务专窗."""
from yichuang.catalog.models import SpecialProcedure

from .items_base import (INSTANT_STEPS, RT, TB, D, H, ItemSpec, O, S, T, birth_cert, deferrable, escalate_steps,
                         form, gov, hukou, id_card, named, optional, own, photo, promise_steps, social_card)

K = SpecialProcedure.Kind
INSURANCE_LAW = "《中华人民共和国社会保险法》"
RURAL_PENSION = "《国务院关于建立统一的城乡居民基本养老保险制度的意见》(国发〔2014〕8号)"
RURAL_MEDICAL = "《国务院关于整合城乡居民基本医疗保险制度的意见》(国发〔2016〕3号)"
EMPLOYMENT = "《中华人民共和国就业促进法》;《就业服务与就业管理规定》(劳动和社会保障部令第28号)"

TOWNSHIP = (
    ItemSpec(
        "201", "城乡居民基本养老保险参保登记", "rsbs", T.PUBLIC_SERVICE,
        f"{INSURANCE_LAW}第二十条、第二十二条;{RURAL_PENSION}", (5, 0),
        "年满16周岁(不含在校学生),非国家机关和事业单位工作人员,且不属于职工基本养老保险覆盖范围的本县户籍城乡居民。",
        (id_card(), optional(hukou()), form("《城乡居民基本养老保险参保登记表》")),
        INSTANT_STEPS, (RT.OTHER, "城乡居民基本养老保险参保登记信息"),
        "社保 养老保险 农保 居民养老 参保 交社保 城乡居民养老",
        mode=D.ENTRUSTED, by="rsj", online=O.FULL, village=True,
        rules=(("applicant.age >= 16 && !applicant.is_student && !applicant.in_employee_pension",
                "年满16周岁、非在校学生且未参加职工基本养老保险"),)),
    ItemSpec(
        "202", "城乡居民基本养老保险待遇申领", "rsbs", T.BENEFIT, f"{INSURANCE_LAW}第二十一条;{RURAL_PENSION}", (20, 10),
        "参加城乡居民基本养老保险、年满60周岁、累计缴费满15年,且未领取国家规定的基本养老保障待遇的本县参保人员。",
        (id_card(), social_card(), form("《城乡居民基本养老保险待遇领取申请表》")),
        escalate_steps(3, 5, 2), (RT.PAYMENT, "城乡居民基本养老金按月发放"),
        "养老金 领养老金 60岁 农保领取 退休 社保",
        mode=D.ENTRUSTED_INTAKE, by="rsj", handling=H.ESCALATE, online=O.ONLINE,
        rules=(("applicant.age >= 60", "申请人年满60周岁"),
               ("applicant.contribution_years >= 15", "累计缴费满15年"))),
    ItemSpec(
        "203", "城乡居民基本养老保险待遇领取资格认证", "rsbs", T.PUBLIC_SERVICE, f"{INSURANCE_LAW};{RURAL_PENSION}", (5, 0),
        "按月领取城乡居民或企业职工基本养老保险待遇的人员,每年进行一次待遇领取资格认证;可在异地认证。",
        (id_card(),), INSTANT_STEPS, (RT.OTHER, "待遇领取资格认证结果"),
        "养老金认证 资格认证 生存认证 刷脸 年审 异地领取养老金",
        mode=D.ENTRUSTED, by="rsj", online=O.FULL, tongban=TB.NATIONAL, local_approval=True, self_service=True,
        village=True),
    ItemSpec(
        "204", "城乡居民基本养老保险注销登记", "rsbs", T.PUBLIC_SERVICE, RURAL_PENSION, (20, 10),
        "参保人员死亡、丧失国籍,或已享受其他基本养老保障待遇的,由本人或其继承人申请注销并结算个人账户余额。",
        (named(id_card(), "继承人或申请人居民身份证"), gov("参保人员居民死亡医学证明(推断)书或火化证明", "医疗卫生机构或殡仪馆"),
         form("《城乡居民基本养老保险注销登记表》"), optional(named(hukou(), "显示亲属关系的居民户口簿"))),
        escalate_steps(4, 5), (RT.PAYMENT, "个人账户余额及丧葬补助金一次性支付"),
        "人走了 去世 死亡 丧葬补助 注销社保 身后事 农保注销",
        mode=D.ENTRUSTED_INTAKE, by="rsj", handling=H.ESCALATE),
    ItemSpec(
        "205", "失业登记", "rsbs", T.PUBLIC_SERVICE, EMPLOYMENT, (5, 0),
        "法定劳动年龄内、有劳动能力、有就业要求、处于无业状态的城乡劳动者,可在常住地进行失业登记。",
        (id_card(), form("《失业登记表》")), INSTANT_STEPS, (RT.OTHER, "失业登记信息(记载于就业创业证)"),
        "失业 没工作 下岗 失业证 就业创业证 失业登记",
        mode=D.ENTRUSTED, by="rsj", online=O.FULL, tongban=TB.PROVINCE, local_approval=True, village=True,
        rules=(("applicant.age >= 16", "申请人年满16周岁"), ("!applicant.employed", "申请人目前处于无业状态"))),
    ItemSpec(
        "206", "就业登记", "rsbs", T.PUBLIC_SERVICE, EMPLOYMENT, (5, 0),
        "用人单位招用劳动者,或劳动者实现灵活就业的,办理就业登记。",
        (id_card(), own("劳动合同(灵活就业人员提交从业情况书面声明)")), INSTANT_STEPS, (RT.OTHER, "就业登记信息"),
        "就业 上班 找到工作 就业登记 用工备案 招工",
        mode=D.ENTRUSTED, by="rsj", who=S.BOTH, online=O.FULL),
    ItemSpec(
        "207", "就业困难人员认定", "rsbs", T.CONFIRMATION, f"{EMPLOYMENT};《中华人民共和国就业促进法》第五十二条", (20, 5),
        "已办理失业登记,且属于大龄失业人员、残疾人、低保家庭成员、零就业家庭成员或连续失业一年以上等情形之一的"
        "本县户籍劳动者。",
        (id_card(), form("《就业困难人员认定申请表》"), optional(gov("中华人民共和国残疾人证", "县残疾人联合会", "残疾人证"))),
        promise_steps(5), (RT.CERTIFICATE, "就业困难人员认定结果"), "就业困难 就业援助 公益性岗位 大龄失业 4050",
        mode=D.ENTRUSTED, by="rsj",
        procedures=((K.PUBLIC_NOTICE, 5, "认定结果在申请人所在村(社区)公示"),),
        rules=(("applicant.registered_unemployed", "申请人已办理失业登记"),)),
    ItemSpec(
        "208", "灵活就业人员参保登记", "rsbs", T.PUBLIC_SERVICE, f"{INSURANCE_LAW}第十条、第二十三条", (5, 0),
        "无雇工的个体工商户、未在用人单位参加基本养老保险的非全日制从业人员以及其他灵活就业人员。",
        (id_card(), form("《灵活就业人员参保登记表》")), INSTANT_STEPS, (RT.OTHER, "职工基本养老保险参保登记信息(灵活就业)"),
        "社保 灵活就业 个人交社保 自由职业 个体户社保 职工养老",
        mode=D.ENTRUSTED, by="rsj", online=O.FULL,
        rules=(("applicant.age >= 16 && !applicant.in_employee_pension", "年满16周岁且未在用人单位参加职工基本养老保险"),)),
    ItemSpec(
        "221", "城乡居民基本医疗保险参保登记", "rsbs", T.PUBLIC_SERVICE, f"{INSURANCE_LAW}第二十五条;{RURAL_MEDICAL}", (5, 0),
        "除应参加职工基本医疗保险以外的本县户籍居民、持本县居住证的非本县户籍居民及在校学生。",
        (id_card(), form("《城乡居民基本医疗保险参保登记表》")), INSTANT_STEPS, (RT.OTHER, "城乡居民基本医疗保险参保登记信息"),
        "医保 农村合作医疗 新农合 居民医保 交医保 参保 医疗保险",
        mode=D.ENTRUSTED, by="ybj", online=O.FULL, village=True),
    ItemSpec(
        "222", "新生儿参保登记", "rsbs", T.PUBLIC_SERVICE, f"{INSURANCE_LAW}第二十五条;{RURAL_MEDICAL}", (5, 0),
        "本县户籍或父母一方在本县参加基本医疗保险的新生儿,凭出生医学证明办理参保登记。",
        (birth_cert(), named(id_card(), "新生儿监护人居民身份证"), deferrable(named(hukou(), "新生儿已落户的居民户口簿"))),
        INSTANT_STEPS, (RT.OTHER, "新生儿城乡居民基本医疗保险参保登记信息"),
        "新生儿 宝宝 医保 孩子出生 参保 生孩子 新生儿医保",
        mode=D.ENTRUSTED, by="ybj", online=O.FULL, tongban=TB.PROVINCE,
        promised_note="出生后90日内参保缴费的,自出生之日起享受医保待遇"),
    ItemSpec(
        "209", "社会保障卡申领", "rsbs", T.PUBLIC_SERVICE, f"{INSURANCE_LAW}第五十八条", (5, 0),
        "已在本县参加社会保险且尚未领取社会保障卡的人员;便民服务中心即时制卡。",
        (id_card(), optional(photo("近期免冠白底彩色照片", 1))), INSTANT_STEPS, (RT.LICENCE, "社会保障卡"),
        "社保卡 社会保障卡 办卡 市民卡 医保卡 办社保卡",
        mode=D.ENTRUSTED, by="rsj", online=O.ONLINE, tongban=TB.NATIONAL, local_approval=True, licence="社会保障卡",
        self_service=True, visit_reason="即时制卡须本人到场采集照片并签名", quota=30),
    ItemSpec(
        "223", "医疗救助申请", "rsbs", T.BENEFIT,
        "《社会救助暂行办法》(国务院令第649号)第五章;《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》"
        "(国办发〔2021〕42号)", (20, 15),
        "本县低保对象、特困人员、低保边缘家庭成员、纳入监测范围的防止返贫对象,以及因高额医疗费用支出导致家庭"
        "基本生活出现严重困难的大病患者。",
        (id_card(), form("《医疗救助申请审批表》"), own("住院医疗费用发票和费用明细清单"), own("出院小结或疾病诊断证明书")),
        escalate_steps(5, 8, 2), (RT.PAYMENT, "医疗救助金发放"), "医疗救助 看病报销 大病 医药费 救助 看不起病",
        mode=D.ENTRUSTED_INTAKE, by="ybj", handling=H.ESCALATE,
        rules=(("household.is_subsistence || household.is_extreme_poverty || household.medical_burden_high",
                "申请人属于低保、特困对象或因病致贫家庭"),)),
)

COUNTY = (
    ItemSpec(
        "210", "社会保障卡补领、换领", "rsj", T.PUBLIC_SERVICE, f"{INSURANCE_LAW}第五十八条", (5, 0),
        "社会保障卡遗失、损坏或需更换新版卡的持卡人;遗失的先办理挂失。",
        (id_card(), form("《社会保障卡补换申请表》")), INSTANT_STEPS, (RT.LICENCE, "社会保障卡"),
        "社保卡丢了 补卡 换卡 社保卡坏了 社保卡挂失",
        online=O.ONLINE, tongban=TB.NATIONAL, local_approval=True, licence="社会保障卡", self_service=True, quota=40,
        visit_reason="即时制卡须本人到场签名领卡"),
    ItemSpec(
        "211", "企业职工基本养老保险待遇申领", "rsj", T.BENEFIT,
        f"{INSURANCE_LAW}第十六条;《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》", (20, 10),
        "达到法定退休年龄、累计缴纳基本养老保险费满规定年限的企业职工和灵活就业参保人员。",
        (id_card(), social_card(), form("《基本养老保险待遇申领表》"),
         deferrable(gov("职工人事档案(用于核定出生时间和参加工作时间)", "用人单位或档案管理机构"))),
        promise_steps(10), (RT.PAYMENT, "基本养老金按月发放"), "退休 办退休 养老金 退休金 社保退休 到龄退休",
        online=O.ONLINE, tongban=TB.PROVINCE,
        rules=(("applicant.reached_retirement_age && applicant.contribution_years >= 15",
                "已达到法定退休年龄且累计缴费满15年"),)),
    ItemSpec(
        "212", "基本养老保险参保人员丧葬补助金、抚恤金申领", "rsj", T.BENEFIT, f"{INSURANCE_LAW}第十七条", (20, 10),
        "参加职工基本养老保险的个人因病或者非因工死亡的,其遗属可以申领丧葬补助金和抚恤金。",
        (named(id_card(), "申领人居民身份证"), gov("居民死亡医学证明(推断)书或火化证明", "医疗卫生机构或殡仪馆"),
         form("《丧葬补助金、抚恤金申领表》"), optional(named(hukou(), "显示亲属关系的居民户口簿"))),
        promise_steps(10), (RT.PAYMENT, "丧葬补助金、抚恤金一次性发放"), "丧葬费 抚恤金 去世 死亡 身后事 丧葬补助",
        online=O.ONLINE),
    ItemSpec(
        "213", "失业保险金申领", "rsj", T.BENEFIT,
        f"{INSURANCE_LAW}第四十五条、第五十条;《失业保险条例》(国务院令第258号)", (10, 5),
        "失业前用人单位和本人已经缴纳失业保险费满一年,非因本人意愿中断就业,已经进行失业登记并有求职要求。",
        (id_card(), own("用人单位出具的终止或者解除劳动关系的证明"), optional(social_card())),
        promise_steps(5), (RT.PAYMENT, "失业保险金按月发放"), "失业金 失业保险 下岗 被辞退 失业补助 领失业金",
        online=O.FULL, tongban=TB.PROVINCE,
        rules=(("applicant.unemployment_insurance_months >= 12 && applicant.involuntary_separation",
                "已缴纳失业保险费满一年且非因本人意愿中断就业"),)),
    ItemSpec(
        "224", "基本医疗保险参保人员跨省异地就医备案", "ybj", T.PUBLIC_SERVICE,
        f"{INSURANCE_LAW}第二十九条;《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》"
        "(医保发〔2022〕22号)", (5, 0),
        "参加本县基本医疗保险,因异地长期居住、工作或转诊转院需在参保地以外就医的参保人员。",
        (id_card(), form("《跨省异地就医登记备案表》"), own("异地长期居住个人承诺书", commitment_allowed=True)),
        INSTANT_STEPS, (RT.OTHER, "跨省异地就医备案信息"), "医保 异地就医 外地看病 异地备案 转诊 长期居住外地",
        online=O.FULL, tongban=TB.NATIONAL, local_approval=True),
    ItemSpec(
        "225", "参保人员医疗费用手工(零星)报销", "ybj", T.BENEFIT, f"{INSURANCE_LAW}第二十八条、第二十九条", (30, 20),
        "因急诊抢救或未能直接结算等原因,自行垫付医疗费用的本县基本医疗保险参保人员。",
        (id_card(), own("医疗费用收费票据原件"), own("医疗费用明细清单"), own("出院小结或门诊病历")),
        promise_steps(20), (RT.PAYMENT, "医保基金支付款拨付至参保人银行账户"),
        "医保报销 看病报销 垫付 外地看病报销 手工报销 医药费",
        online=O.PREREVIEW, express=True),
    ItemSpec(
        "226", "门诊慢特病待遇认定", "ybj", T.CONFIRMATION,
        "《中华人民共和国社会保险法》;《国务院办公厅关于建立健全职工基本医疗保险门诊共济保障机制的指导意见》"
        "(国办发〔2021〕14号)", (20, 10),
        "患有本县规定的门诊慢性病、特殊疾病病种的基本医疗保险参保人员。",
        (id_card(), own("二级及以上定点医疗机构出具的疾病诊断证明书"), own("近期检查检验报告单"),
         form("《门诊慢特病待遇认定申请表》")),
        (("受理", "综合服务专窗", 0), ("*审核", "{dept}", 6, "组织医疗专家评审"), ("认定", "{dept}负责人", 3),
         ("告知", "综合出件窗口", 1)),
        (RT.CERTIFICATE, "门诊慢特病待遇资格"), "慢性病 慢病 特殊病 门诊特殊病 医保 高血压 糖尿病",
        online=O.ONLINE,
        procedures=((K.EXPERT_REVIEW, 10, "组织医疗专家评审病种认定材料"),)),
)
