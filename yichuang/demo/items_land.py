"""自然资源、住房城乡建设、林业、农业农村、生态环境、交通运输: the 行政审批专窗 domains of
seed 000 and seed 001's 村镇建设, 国土 and 农林水 windows."""
from yichuang.catalog.models import SpecialProcedure

from .items_base import (RT, TB, D, H, ItemSpec, O, S, T, business_licence, deferrable, escalate_steps, form, gov,
                         hukou, id_card, named, optional, own, promise_steps, social_card)

K = SpecialProcedure.Kind
PLANNING_LAW = "《中华人民共和国城乡规划法》"
FOREST_LAW = "《中华人民共和国森林法》"
HOMESTEAD_FORM = "《农村宅基地和建房(规划许可)申请表》"
APPLICANT_ID = gov("建设单位营业执照或申请人居民身份证", "市场监督管理部门或公安机关", "营业执照")
SUBSIDY_CARD = named(social_card(), "社会保障卡(惠农资金一卡通)")

TOWNSHIP = (
    ItemSpec(
        "401", "农村村民宅基地审批", "nyb", T.LICENSING,
        "《中华人民共和国土地管理法》第六十二条;《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》"
        "(农经发〔2019〕6号)", (20, 15),
        "本县农村集体经济组织成员以户为单位申请,符合“一户一宅”规定和村庄规划,宅基地面积不超过本省规定标准;"
        "涉及占用农用地的,依法办理农用地转用审批。",
        (id_card(), hukou(), form(HOMESTEAD_FORM), form("《农村宅基地使用承诺书》"),
         own("村民小组会议讨论通过的书面意见和村级公示情况记录"), deferrable(own("住宅建设工程设计图或通用图集选用说明"))),
        (("受理", "行政审批专窗", 0), ("*联审", "{dept}、自然资源所", 8, "农业农村办审查申请人资格,自然资源所审查规划和地类"),
         ("审批", "{dept}负责人", 5), ("发证", "综合出件窗口", 2)),
        (RT.LICENCE, "农村宅基地批准书"), "宅基地 盖房子 建房 农村建房 批地 一户一宅 造房子",
        online=O.FORMS, tongban=TB.NONE, licence="农村宅基地批准书",
        procedures=((K.SITE_INSPECTION, 5, "实地审查申请人条件、拟用地是否符合规划和地类(“三到场”之受理审查到场)"),
                    (K.PUBLIC_NOTICE, 5, "在本村公示申请理由、拟用地位置和面积,公示期不少于5个工作日")),
        rules=(("applicant.collective_member", "申请人是本村集体经济组织成员"),
               ("!household.has_homestead", "申请户在本村没有宅基地(一户一宅)"))),
    ItemSpec(
        "402", "乡村建设规划许可证核发", "czjs", T.LICENSING, f"{PLANNING_LAW}第四十一条", (20, 10),
        "在乡、村庄规划区内进行农村村民住宅、乡镇企业、乡村公共设施和公益事业建设,符合村庄规划;"
        "农村村民住宅建设不得占用农用地,确需占用的依法办理农用地转用审批。",
        (APPLICANT_ID, form(HOMESTEAD_FORM), gov("农村宅基地批准书", "乡镇人民政府", "农村宅基地批准书"),
         own("建设工程设计方案(农房可选用通用图集)")),
        (("受理", "行政审批专窗", 0), ("*审查", "{dept}", 5, "审查设计方案并现场踏勘放样"), ("决定", "{dept}负责人", 3),
         ("发证", "综合出件窗口", 2)),
        (RT.LICENCE, "乡村建设规划许可证"), "乡村建设规划许可 盖房子 建房 农村建房 规划许可 建房许可",
        mode=D.DEVOLVED, by="zrj", who=S.BOTH, tongban=TB.NONE, licence="乡村建设规划许可证",
        procedures=((K.SITE_INSPECTION, 5, "现场踏勘、定位放样"),)),
    ItemSpec(
        "403", "建设工程规划许可证核发", "czjs", T.LICENSING, f"{PLANNING_LAW}第四十条", (20, 15),
        "在本镇(街道)城镇规划区内进行建筑物、构筑物、道路、管线等工程建设的单位或个人;"
        "便民服务中心受理、初审后上报县自然资源和规划局审批。",
        (APPLICANT_ID, form("《建设工程规划许可申请表》"),
         gov("不动产权证书(土地)或建设用地批准文件", "不动产登记机构或自然资源主管部门", "不动产权证书"),
         own("建设工程设计方案总平面图及建筑单体方案图")),
        escalate_steps(3, 10, 2), (RT.LICENCE, "建设工程规划许可证"), "规划许可 建设工程 盖楼 建厂房 规划证",
        mode=D.ENTRUSTED_INTAKE, by="zrj", handling=H.ESCALATE, who=S.BOTH, tongban=TB.NONE, licence="建设工程规划许可证",
        procedures=((K.TECHNICAL_REVIEW, 10, "建设工程设计方案技术审查"), (K.PUBLIC_NOTICE, 7, "设计方案批前公示"))),
    ItemSpec(
        "404", "农村危房改造补助申请", "czjs", T.BENEFIT,
        "《住房和城乡建设部 财政部 民政部 国家乡村振兴局关于做好农村低收入群体等重点对象住房安全保障工作的实施意见》",
        (30, 20),
        "住房经鉴定为C级或D级危房的本县农村低保户、分散供养特困人员、低保边缘家庭,以及因病因灾因意外事故"
        "刚性支出较大导致基本生活出现严重困难的家庭。",
        (id_card(), hukou(), form("《农村危房改造补助申请表》"), own("现住房屋照片")),
        escalate_steps(8, 10, 2), (RT.PAYMENT, "农村危房改造补助资金"), "危房改造 危房 房子漏雨 旧房改造 住房补助 房子要倒",
        mode=D.ENTRUSTED_INTAKE, by="zjj", handling=H.ESCALATE,
        procedures=((K.APPRAISAL, 10, "组织技术人员开展农村住房安全性鉴定"), (K.PUBLIC_NOTICE, 7, "补助对象在村内公示")),
        rules=(('household.house_safety_grade in ["C", "D"]', "住房经鉴定为C级或D级危房"),
               ("household.is_subsistence || household.is_extreme_poverty || household.low_income",
                "申请户属于农村低收入群体"))),
    ItemSpec(
        "406", "宅基地使用权及房屋所有权首次登记", "zrs", T.CONFIRMATION,
        "《不动产登记暂行条例》(国务院令第656号)第二十条;《不动产登记暂行条例实施细则》", (30, 10),
        "依法取得宅基地使用权并建成住房的本县农村村民;房屋已通过竣工核实(“三到场”之竣工验收到场)。",
        (id_card(), hukou(), form("《不动产登记申请书》"), gov("农村宅基地批准书", "乡镇人民政府", "农村宅基地批准书"),
         gov("乡村建设规划许可证", "乡镇人民政府", "乡村建设规划许可证"),
         own("不动产权籍调查成果(地籍调查表、宗地图、房屋平面图)")),
        (("受理", "行政审批专窗", 0), ("*权籍审核", "{dept}", 4), ("登簿", "清溪县不动产登记中心", 4),
         ("缮证发证", "综合出件窗口", 2)),
        (RT.LICENCE, "不动产权证书"), "房产证 宅基地证 土地证 不动产登记 办证 农房登记",
        mode=D.STATIONED, handling=H.ESCALATE, tongban=TB.NONE, licence="不动产权证书", express=True,
        procedures=((K.SITE_INSPECTION, 5, "权籍调查和实地查看"), (K.PUBLIC_NOTICE, 15, "首次登记公告,公告期不少于15个工作日"))),
    ItemSpec(
        "407", "耕地地力保护补贴申报", "nyb", T.BENEFIT,
        "《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》(财农〔2016〕26号)", (30, 20),
        "拥有耕地承包权的种地农民;已作为畜牧养殖场用地、已改为林地及非农业征(占)用的耕地不予补贴。",
        (id_card(), gov("农村土地承包经营权证", "清溪县人民政府"), form("《耕地地力保护补贴面积申报表》"), SUBSIDY_CARD),
        (("受理", "综合受理窗口", 0), ("*审核", "{dept}", 10, "村级核实后乡镇审核补贴面积"),
         ("汇总上报", "{dept}", 5), ("发放", "清溪县农业农村局", 5)),
        (RT.PAYMENT, "耕地地力保护补贴发放至惠农资金一卡通"), "种粮补贴 耕地补贴 地力补贴 农业补贴 种地补贴",
        online=O.ONLINE, village=True,
        procedures=((K.PUBLIC_NOTICE, 7, "补贴面积在村级公示"),),
        rules=(("land.contracted_area_mu > 0", "申请户拥有承包耕地"), ("!land.converted_to_non_farm", "耕地未改变农业用途"))),
    ItemSpec(
        "408", "农机购置补贴申请", "nyb", T.BENEFIT, "《中华人民共和国农业机械化促进法》第二十七条", (30, 20),
        "从事农业生产的个人和农业生产经营组织,购买列入本省补贴范围的农业机械。",
        (id_card(), own("购机发票原件"), form("《农机购置补贴申请表》"), SUBSIDY_CARD),
        escalate_steps(5, 10, 5), (RT.PAYMENT, "农机购置补贴资金"), "农机补贴 买农机 拖拉机 收割机 补贴",
        mode=D.ENTRUSTED_INTAKE, by="nyj", handling=H.ESCALATE, who=S.BOTH,
        procedures=((K.SITE_INSPECTION, 5, "核验机具(人机合影、铭牌)"),)),
    ItemSpec(
        "409", "林木采伐许可证核发(农村居民自留山和个人承包集体林地林木)", "nyb", T.LICENSING,
        f"{FOREST_LAW}第五十六条、第五十七条", (20, 5),
        "农村居民采伐自留山和个人承包集体林地上的林木,不在禁伐区,且在本县年度森林采伐限额内;"
        "采伐自留地和房前屋后个人所有的零星林木无需申请。",
        (id_card(), gov("林权证或不动产权证书(林地)", "不动产登记机构", "不动产权证书"),
         form("《林木采伐申请表》(载明采伐地点、林种、树种、面积、蓄积、方式和更新措施)")),
        (("受理", "行政审批专窗", 0), ("*审核", "{dept}", 3, "林业工作站现场核实伐区"), ("发证", "{dept}负责人", 2)),
        (RT.LICENCE, "林木采伐许可证"), "砍树 伐木 采伐证 林木采伐 砍伐 木材",
        mode=D.ENTRUSTED, by="lyj", licence="林木采伐许可证",
        procedures=((K.SITE_INSPECTION, 5, "现场核实伐区和蓄积"),),
        rules=(("!forest.in_prohibited_zone", "采伐地点不在禁止采伐区域"),)),
    ItemSpec(
        "411", "农村土地经营权流转合同备案", "nyb", T.FILING,
        "《中华人民共和国农村土地承包法》第三十六条;《农村土地经营权流转管理办法》", (5, 0),
        "以出租(转包)、入股等方式流转土地经营权的承包农户和受让方。",
        (named(id_card(), "流转双方居民身份证"), own("土地经营权流转合同", copies=2),
         gov("农村土地承包经营权证", "清溪县人民政府")),
        (("受理", "综合受理窗口", 0), ("备案", "{dept}", 0), ("出具回执", "综合出件窗口", 0)),
        (RT.CERTIFICATE, "流转合同备案回执"), "土地流转 承包地 租地 流转合同 土地出租",
        who=S.BOTH),
)

COUNTY = (
    ItemSpec(
        "403", "建设工程规划许可证核发", "zrj", T.LICENSING, f"{PLANNING_LAW}第四十条", (20, 10),
        "在城市、镇规划区内进行建筑物、构筑物、道路、管线等工程建设的单位或个人,已取得建设用地使用权。",
        (APPLICANT_ID, form("《建设工程规划许可申请表》"),
         gov("不动产权证书(土地)或建设用地批准文件", "不动产登记机构或自然资源主管部门", "不动产权证书"),
         own("建设工程设计方案总平面图及建筑单体方案图")),
        promise_steps(10), (RT.LICENCE, "建设工程规划许可证"), "规划许可 建设工程 盖楼 建厂房 规划证",
        who=S.BOTH, licence="建设工程规划许可证",
        procedures=((K.TECHNICAL_REVIEW, 10, "建设工程设计方案技术审查"), (K.PUBLIC_NOTICE, 7, "设计方案批前公示"))),
    ItemSpec(
        "412", "建设用地规划许可证核发", "zrj", T.LICENSING, f"{PLANNING_LAW}第三十七条、第三十八条", (20, 10),
        "以划拨或出让方式取得国有土地使用权的建设项目。",
        (business_licence(), form("《建设用地规划许可申请表》"),
         gov("国有建设用地使用权出让合同或划拨决定书", "自然资源主管部门"), own("拟建项目总平面布置示意图")),
        promise_steps(10), (RT.LICENCE, "建设用地规划许可证"), "用地规划 规划许可 建设用地 拿地",
        who=S.ENTITY, licence="建设用地规划许可证"),
    ItemSpec(
        "413", "临时用地审批", "zrj", T.LICENSING, "《中华人民共和国土地管理法》第五十七条", (20, 10),
        "建设项目施工、地质勘查需临时使用国有土地或农民集体所有的土地,使用期限一般不超过二年,不得修建永久性建筑物。",
        (business_licence(), form("《临时用地申请表》"), own("临时使用土地合同"), own("土地复垦方案报告表")),
        promise_steps(10), (RT.APPROVAL, "临时用地批复"), "临时用地 施工用地 借地 临时占地",
        who=S.ENTITY, procedures=((K.SITE_INSPECTION, 5, "实地踏勘拟用地范围"),)),
    ItemSpec(
        "410", "林木采伐许可证核发", "lyj", T.LICENSING, f"{FOREST_LAW}第五十六条、第五十七条", (20, 10),
        "采伐林地上的林木(农村居民采伐自留地和房前屋后个人所有的零星林木除外),在本县年度森林采伐限额内,"
        "不在禁伐区。",
        (APPLICANT_ID, gov("林权证或不动产权证书(林地)", "不动产登记机构", "不动产权证书"),
         form("《林木采伐申请表》(载明采伐地点、林种、树种、面积、蓄积、方式和更新措施)"),
         optional(own("伐区调查设计文件"))),
        (("受理", "行政审批专窗", 0), ("*审核", "{dept}", 6, "组织伐区现场核查"), ("决定", "{dept}负责人", 3),
         ("发证", "综合出件窗口", 1)),
        (RT.LICENCE, "林木采伐许可证"), "砍树 伐木 采伐证 林木采伐 砍伐 木材",
        who=S.BOTH, licence="林木采伐许可证",
        procedures=((K.SITE_INSPECTION, 5, "现场核实伐区和蓄积"),),
        rules=(("!forest.in_prohibited_zone", "采伐地点不在禁止采伐区域"),)),
    ItemSpec(
        "414", "城市道路占用、挖掘审批", "zjj", T.LICENSING, "《城市道路管理条例》第三十条、第三十一条、第三十三条", (20, 5),
        "因工程建设需要挖掘城市道路,或因特殊情况需要临时占用城市道路的单位和个人;须同时经公安交通管理部门同意。",
        (APPLICANT_ID, form("《城市道路占用、挖掘申请表》"), own("施工方案及交通组织方案"), own("占用、挖掘位置平面图")),
        promise_steps(5), (RT.APPROVAL, "城市道路占用、挖掘许可决定书"), "挖路 占道 占道挖掘 开挖路面 占用道路",
        who=S.BOTH, procedures=((K.SITE_INSPECTION, 3, "现场踏勘占用、挖掘路段"),)),
    ItemSpec(
        "415", "建筑工程施工许可证核发", "zjj", T.LICENSING, "《中华人民共和国建筑法》第七条、第八条;《建筑工程施工许可管理办法》",
        (5, 3),
        "已办理用地批准手续,依法取得建设工程规划许可证,已确定施工企业,有满足施工需要的资金安排、施工图纸及技术资料,"
        "有保证工程质量和安全的具体措施。",
        (business_licence(), gov("建设工程规划许可证", "自然资源主管部门", "建设工程规划许可证"), own("建设工程施工合同"),
         own("施工图设计文件审查合格书"), own("建设资金已经落实承诺书", commitment_allowed=True)),
        promise_steps(3), (RT.LICENCE, "建筑工程施工许可证"), "施工许可 开工 施工证 盖楼",
        who=S.ENTITY, online=O.ONLINE, licence="建筑工程施工许可证",
        statutory_note="自收到申请之日起七日(自然日)内作出决定"),
    ItemSpec(
        "416", "设置大型户外广告及在城市建筑物、设施上悬挂、张贴宣传品审批", "zfj", T.LICENSING,
        "《城市市容和环境卫生管理条例》第十一条", (20, 5),
        "在城市建成区设置大型户外广告、店招店牌,或在城市建筑物、设施上悬挂、张贴宣传品的单位和个人。",
        (APPLICANT_ID, form("《户外广告设置申请表》"), own("广告设计效果图及设置位置图"),
         own("设置场地使用权证书或使用协议"), deferrable(own("大型户外广告结构安全检测报告"))),
        promise_steps(5), (RT.APPROVAL, "户外广告设置许可决定书"), "广告牌 户外广告 招牌 店招 横幅 宣传 门头",
        who=S.BOTH),
    ItemSpec(
        "408", "农机购置补贴申请", "nyj", T.BENEFIT, "《中华人民共和国农业机械化促进法》第二十七条", (30, 20),
        "从事农业生产的个人和农业生产经营组织,购买列入本省补贴范围的农业机械。",
        (id_card(), own("购机发票原件"), form("《农机购置补贴申请表》"), SUBSIDY_CARD),
        (("受理", "综合服务专窗", 0), ("*核验", "{dept}", 5, "核验机具"), ("审核", "{dept}", 10), ("兑付", "{dept}", 5)),
        (RT.PAYMENT, "农机购置补贴资金"), "农机补贴 买农机 拖拉机 收割机 补贴",
        who=S.BOTH, procedures=((K.SITE_INSPECTION, 5, "核验机具(人机合影、铭牌)"),)),
    ItemSpec(
        "417", "农药经营许可证核发", "nyj", T.LICENSING, "《农药管理条例》(国务院令第677号)", (20, 10),
        "有具备农药和病虫害防治专业知识的经营人员,有与其他商品、饮用水水源和生活区域有效隔离的经营场所和仓储场所,"
        "有农药经营质量管理制度。",
        (business_licence(), form("《农药经营许可证申请表》"), own("经营人员农学或植保专业学历证书或培训合格证书"),
         own("经营场所和仓储场所平面图及照片")),
        promise_steps(10), (RT.LICENCE, "农药经营许可证"), "卖农药 农资店 农药经营 农药许可",
        who=S.BOTH, licence="农药经营许可证",
        procedures=((K.SITE_INSPECTION, 5, "现场核查经营和仓储场所"),)),
    ItemSpec(
        "418", "建设项目环境影响报告表审批", "sthj", T.LICENSING,
        "《中华人民共和国环境影响评价法》第二十二条;《建设项目环境保护管理条例》", (20, 10),
        "依法应当编制环境影响报告表的建设项目,报告表由建设单位或其委托的技术单位编制。",
        (business_licence(), own("建设项目环境影响报告表(含电子版)"), form("《建设项目环境影响评价文件审批申请书》")),
        promise_steps(10), (RT.APPROVAL, "建设项目环境影响报告表批复"), "环评 环境影响评价 办厂 环保审批",
        who=S.ENTITY, online=O.ONLINE, statutory_note="法定自收到报告表之日起三十日(自然日)内作出审批决定",
        procedures=((K.TECHNICAL_REVIEW, 10, "环境影响报告表技术评估"), (K.PUBLIC_NOTICE, 5, "受理情况和拟审批意见公示"))),
    ItemSpec(
        "419", "建设项目环境影响登记表备案", "sthj", T.FILING,
        "《中华人民共和国环境影响评价法》第十六条;《建设项目环境影响登记表备案管理办法》", (1, 0),
        "对环境影响很小、不需要进行环境影响评价的建设项目,建设单位在建成并投入生产运营前网上填报备案。",
        (own("建设项目环境影响登记表(网上填报)", form="electronic", kind="electronic"),),
        (("网上填报", "建设单位", 0), ("自动备案", "备案系统", 0)),
        (RT.CERTIFICATE, "建设项目环境影响登记表备案回执"), "环评登记表 环评备案 小项目环评",
        who=S.ENTITY, online=O.FULL, tongban=TB.NONE),
    ItemSpec(
        "420", "道路货物运输经营许可", "jtj", T.LICENSING, "《中华人民共和国道路运输条例》;《道路货物运输及站场管理规定》",
        (20, 5),
        "使用总质量4.5吨以上普通货运车辆从事道路货物运输经营,有与其经营业务相适应并经检测合格的车辆、"
        "符合规定条件的驾驶人员和健全的安全生产管理制度。",
        (APPLICANT_ID, form("《道路货物运输经营申请表》"), own("拟投入车辆承诺书", commitment_allowed=True),
         gov("驾驶人员机动车驾驶证和道路运输从业资格证", "公安机关交通管理部门、交通运输主管部门"),
         own("安全生产管理制度文本")),
        promise_steps(5), (RT.LICENCE, "道路运输经营许可证"), "货运 跑运输 道路运输证 货车 营运证",
        who=S.BOTH, online=O.ONLINE, licence="道路运输经营许可证"),
)
