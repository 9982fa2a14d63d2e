"""Life-event bundles (一件事一次办, R-16) and search synonyms (what people say → what the
catalogue calls it).

A bundle names its items by (site key, seq): "qx" is the county, "ft" the township 凤田镇.
A bundle row points at one implementer's `Item`, but it stands for the catalogue entry (the
first nine digits of the basic code): at 溪城 or at the county the same bundle uses 溪城's or the
citizen's township's own items of those entries (catalog/bundles.py).
"""

BUNDLES = (
    {
        "code": "newborn",
        "name": "新生儿出生一件事",
        "description": "孩子出生后,凭《出生医学证明》一次申请,同时办理出生登记(落户)、新生儿医保参保和社会保障卡申领;"
        "父母身份证、户口簿、出生医学证明只需提交一次。",
        "keywords": "生孩子 孩子出生 新生儿 上户口 宝宝医保 出生医学证明",
        "items": (("ft", "301"), ("ft", "222"), ("ft", "209")),
    },
    {
        "code": "disability",
        "name": "残疾人服务一件事",
        "description": "一次申请,办理残疾人证新办,并在取得残疾人证后同步申请困难残疾人生活补贴和重度残疾人护理补贴。",
        "keywords": "残疾证 残疾人 两项补贴 护理补贴 生活补贴",
        "items": (("ft", "009"), ("ft", "007"), ("ft", "008")),
    },
    {
        "code": "small-restaurant",
        "name": "开办小餐饮一件事",
        "description": "开小吃店、小饭馆:一表申请,同时办理个体工商户设立登记、小餐饮店登记和店招(户外广告)设置审批,"
        "营业执照可容缺后补。",
        "keywords": "开饭店 开餐馆 小吃店 餐饮 个体户 营业执照 店招",
        "items": (("ft", "501"), ("ft", "504"), ("qx", "416")),
    },
    {
        "code": "rural-housing",
        "name": "农村建房一件事",
        "description": "农村村民建房:宅基地审批与乡村建设规划许可联审联办,房屋建成后办理宅基地使用权及房屋所有权首次登记;"
        "“三到场”现场服务。",
        "keywords": "盖房子 农村建房 宅基地 建房许可 房产证",
        "items": (("ft", "401"), ("ft", "402"), ("ft", "406")),
    },
    {
        "code": "farewell",
        "name": "身后一件事",
        "description": "亲人去世后,一次申请办理户口注销、城乡居民养老保险注销(个人账户余额和丧葬补助金)"
        "及职工养老保险丧葬补助金、抚恤金申领。",
        "keywords": "去世 死亡 身后事 销户 丧葬补助 抚恤金",
        "items": (("ft", "309"), ("ft", "204"), ("qx", "212")),
    },
)

# term → expansions (space separated), as SearchSynonym stores them.
SYNONYMS = {
    "社保": "社会保险 社会保障卡 养老保险",
    "医保": "医疗保险 医疗保障 医保",
    "低保": "最低生活保障",
    "五保": "特困人员 救助供养",
    "户口": "户籍 户口",
    "户口本": "户口簿",
    "残疾证": "残疾人证",
    "开饭店": "餐饮 食品经营 个体工商户 小餐饮",
    "开店": "个体工商户 营业执照 设立登记",
    "盖房子": "农村建房 宅基地 乡村建设规划",
    "结婚": "婚姻登记 结婚登记",
    "离婚": "婚姻登记 离婚登记",
    "生孩子": "出生 生育 新生儿",
    "孩子出生": "出生 生育 新生儿",
    "身份证": "居民身份证",
    "养老金": "养老保险 待遇申领 资格认证",
    "退休": "养老保险 待遇申领",
    "失业金": "失业保险金",
    "砍树": "林木采伐",
    "狗证": "犬只登记",
    "暂住证": "居住证",
    "看病报销": "医疗费用 报销 医疗救助",
    "请律师": "法律援助",
    "房产证": "不动产 首次登记",
    "环评": "环境影响",
    "开发票": "代开 发票",
    # How people say it at the window: dialect, older words, common slips of the pen.
    "低包": "最低生活保障",
    "残废": "残疾",
    "残废证": "残疾人证",
    "老汉": "老人",
    "二胎": "生育 出生 新生儿",
    "走了": "去世",
    "过世": "去世",
    "砍": "林木采伐 砍伐",
    "狗": "犬只",
    "离了婚": "离婚登记",
    "补助": "补贴 津贴 救助",
    "有钱发": "补贴 津贴",
    "八十岁": "高龄",
    "九十岁": "高龄",
    "百岁": "高龄",
    "穷": "生活困难 最低生活保障",
    "揭不开锅": "生活困难 最低生活保障",
    "迁走": "迁出 户口迁移",
    # Issue 15's second pass (from the tuning table only; the held-out needs are not looked at).
    "迁到": "户口迁移 迁入",
    "迁回": "户口迁移 迁入",
    "没了": "去世",
    "不在了": "去世",
    "销": "注销 销户",
    "瘫": "重度残疾人 残疾",
    "瘫痪": "重度残疾人 残疾",
    "面馆": "餐饮 小餐饮",
    "大风": "自然灾害 受灾",
    "刮垮": "自然灾害 受灾",
    "养老钱": "养老金 养老保险 待遇申领",
    "长寿钱": "高龄 津贴",
}
