"""Realistic generated customers, contacts, follow-ups and leads of decoration firms, for the benchmarks.

Deterministic for a given seed. Values are plain Python (str, int, bool, None); datetimes are naive UTC strings
``YYYY-MM-DD HH:MM:SS`` that both SQLite (Django's storage format) and PostgreSQL (session time zone UTC)
accept. No generated text contains a tab, a newline or a backslash, so rows can go straight into COPY text.
"""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂文辉玲华红建国志新海波宁晨欣怡佳婷雪琳浩宇轩子梓涵思博俊"
    "鹏飞斌雨萱晓春峰慧倩颖嘉瑞诗梦家鑫凯天昊然悦蕾亮燕琴云丹彬洁莉兰凤璐晶妍楠蓉薇梅健松林德福荣"
)
BRAND = (
    "华盛鑫泰恒达宏远金瑞隆祥丰源佳美通顺新博创联信德汇安嘉利康辉中天宇海诚正合和永凯兴旺龙腾星光明锦绣益"
    "东方南北润泽禾川启航卓越铭誉优品尚雅智云蓝图悦享百年"
)
COMPANY_KINDS = (
    ("科技有限公司", "办公空间"),
    ("网络科技有限公司", "办公空间"),
    ("贸易有限公司", "办公空间"),
    ("文化传媒有限公司", "办公空间"),
    ("建材有限公司", "工业厂房"),
    ("机械制造有限公司", "工业厂房"),
    ("餐饮管理有限公司", "酒店餐饮"),
    ("酒店管理有限公司", "酒店餐饮"),
    ("火锅店", "酒店餐饮"),
    ("咖啡馆", "酒店餐饮"),
    ("服饰店", "商业零售"),
    ("商贸有限公司", "商业零售"),
    ("教育培训中心", "教育培训"),
    ("幼儿园", "教育培训"),
    ("口腔诊所", "医疗养老"),
    ("养老服务中心", "医疗养老"),
    ("健身会所", "商业零售"),
    ("置业有限公司", "其他"),
)
PERSON_INDUSTRIES = ("住宅家装",) * 6 + ("别墅豪宅",)
SOURCES = ("电话营销", "转介绍", "网络推广", "展会", "老客户", "其他")
SOURCE_WEIGHTS = (20, 25, 30, 8, 12, 5)
CITIES = {
    "上海市": (
        "浦东新区",
        "徐汇区",
        "闵行区",
        "静安区",
        "长宁区",
        "普陀区",
        "杨浦区",
        "宝山区",
        "松江区",
        "嘉定区",
    ),
    "杭州市": ("西湖区", "拱墅区", "上城区", "滨江区", "余杭区", "萧山区", "临平区"),
    "苏州市": ("姑苏区", "工业园区", "吴中区", "相城区", "虎丘区", "吴江区"),
    "南京市": ("鼓楼区", "玄武区", "建邺区", "秦淮区", "江宁区", "栖霞区"),
    "无锡市": ("梁溪区", "滨湖区", "新吴区", "锡山区"),
    "宁波市": ("鄞州区", "海曙区", "江北区", "镇海区"),
}
CITY_NAMES = tuple(CITIES)
CITY_WEIGHTS = (35, 25, 20, 10, 5, 5)
ROAD_WORDS = ("长宁", "华山", "延安", "中山", "人民", "解放", "建设", "和平", "东方", "世纪", "文化", "滨江", "湖滨",
              "星湖", "金鸡", "苏州", "南京", "天目", "文三", "莫干", "古墩", "竹园", "淮海", "龙华", "凤起",
              "钱塘", "江南", "学士", "青年", "迎宾")  # fmt: skip
ROAD_SIDES = ("", "", "", "东", "西", "南", "北", "中")
ROAD_SUFFIX = ("路", "路", "路", "大道", "街")
ESTATE_SUFFIX = ("花园", "小区", "苑", "华庭", "名邸", "新村", "公寓", "府", "湾", "雅苑", "家园")
TOWER_SUFFIX = ("大厦", "广场", "中心", "国际", "商务楼")
LAYOUTS = ("一室一厅", "两室一厅", "两室两厅", "三室一厅", "三室两厅", "四室两厅", "复式", "别墅")
STYLES = ("现代简约", "北欧", "新中式", "轻奢", "日式原木", "美式", "法式", "工业风", "奶油风")
TAGS = (
    "全包",
    "半包",
    "清包",
    "别墅",
    "旧房翻新",
    "加急",
    "精装改造",
    "局部改造",
    "整装",
    "大平层",
    "智能家居",
    "VIP",
    "回头客",
    "装修贷",
)
TITLES = ("", "", "业主", "总经理", "行政经理", "采购主管", "店长", "财务", "项目负责人", "设计对接人")
MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "outlook.com", "gmail.com")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
MOBILE_PREFIXES = ("130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157",
                   "158", "159", "166", "176", "177", "180", "181", "186", "187", "188", "189", "199")  # fmt: skip
LEVELS = ("A", "B", "B", "C", "C", "C", "")
STATUSES = ("potential",) * 5 + ("interested",) * 3 + ("signed",) * 2 + ("lost",)
FOLLOWUP_TYPES = ("call", "call", "call", "wechat", "wechat", "visit", "site_survey", "meeting", "email")
FOLLOWUP_TEXT = {
    "call": ("电话沟通装修预算，客户倾向{style}风格", "电话回访，客户在比较几家报价", "电话确认量房时间"),
    "wechat": ("微信发送{style}案例图，客户反馈不错", "微信沟通材料清单", "微信发送报价单，等待回复"),
    "visit": ("上门拜访，介绍公司施工工艺", "客户来公司展厅参观样板间", "拜访客户，沟通合同细节"),
    "site_survey": ("现场勘测{layout}，面积约{area}㎡", "现场量房，墙体需要拆改", "现场勘测水电，需全部重做"),
    "meeting": ("与设计师一起开方案会，确定{style}方向", "方案评审会，客户要求调整厨房布局"),
    "email": ("邮件发送正式报价和合同草案", "邮件发送施工进度计划"),
}
OUTCOMES = ("", "", "有意向", "需要再跟进", "已报价", "等待客户确认", "预约量房", "客户暂缓")
NEXT_ACTIONS = ("", "电话回访", "上门量房", "发送报价", "约客户看样板间", "确认设计方案", "签订合同")
LEAD_STATUSES = ("new", "new", "following", "following", "invalid")  # converted needs a customer


@dataclass
class Clock:
    """Timestamps spread over ``days`` before ``now``; ids grow with the creation time."""

    now: datetime.datetime
    days: int = 3 * 365

    @property
    def start(self) -> float:
        return self.now.timestamp() - self.days * 86400

    def created_at(self, index: int, total: int, rng: random.Random) -> float:
        return self.start + (index + rng.random()) / max(total, 1) * self.days * 86400

    @staticmethod
    def text(timestamp: float) -> str:
        return datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


def landline(rng: random.Random, city: str) -> str:
    area = {"上海市": "021", "杭州市": "0571", "苏州市": "0512", "南京市": "025", "无锡市": "0510"}.get(
        city, "0574"
    )
    return f"{area}-{rng.randrange(50_000_000, 89_999_999)}"


def email(rng: random.Random, domain: str | None = None) -> str:
    local = "".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 8))) + str(rng.randrange(1000))
    return f"{local}@{domain or rng.choice(MAIL_DOMAINS)}"


def road(rng: random.Random) -> str:
    suffix = rng.choice(ROAD_SUFFIX)
    return rng.choice(ROAD_WORDS) + (rng.choice(ROAD_SIDES) if suffix == "路" else "") + suffix


def home_address(rng: random.Random, city: str, district: str) -> str:
    estate = rng.choice(BRAND) + rng.choice(BRAND) + rng.choice(ESTATE_SUFFIX)
    return (
        f"{city}{district}{road(rng)}{rng.randint(1, 2999)}弄{estate}"
        f"{rng.randint(1, 40)}号{rng.randint(1, 33)}{rng.randint(1, 4):02d}室"
    )


def office_address(rng: random.Random, city: str, district: str, brand: str) -> str:
    tower = brand + rng.choice(TOWER_SUFFIX)
    return f"{city}{district}{road(rng)}{rng.randint(1, 2999)}号{tower}{rng.randint(1, 40)}楼"


@dataclass
class CustomerRow:
    """One customer and what its children need to know about it."""

    values: tuple
    owner_id: int | None
    created_at: float
    tags: list[str]


CUSTOMER_COLUMNS = (
    "id", "type", "name", "short_name", "industry", "source", "level", "status", "region", "address", "phone",
    "email", "website", "tags", "notes", "owner_id", "created_by_id", "created_at", "updated_at",
    "last_followup_at", "next_followup_at", "previous_owner_id", "owned_since", "is_archived", "merged_into_id",
    "custom", "version",
)  # fmt: skip
CONTACT_COLUMNS = (
    "id", "customer_id", "name", "title", "phone", "mobile", "email", "wechat", "birthday", "is_primary", "notes",
    "created_at", "updated_at", "last_followup_at", "custom", "version",
)  # fmt: skip
FOLLOWUP_COLUMNS = (
    "id", "customer_id", "contact_id", "lead_id", "type", "happened_at", "content", "outcome", "next_at",
    "next_action", "reminder_sent_at", "owner_id", "created_by_id", "created_at", "updated_at", "custom", "version",
)  # fmt: skip
LEAD_COLUMNS = (
    "id", "name", "company", "phone", "email", "source", "status", "address", "notes", "owner_id",
    "created_by_id", "created_at", "updated_at", "last_followup_at", "next_followup_at", "converted_customer_id",
    "converted_contact_id", "converted_at", "custom", "version",
)  # fmt: skip
TAG_COLUMNS = ("customer_id", "tag")


def customer_fields(rng: random.Random) -> dict:
    """The business fields of one customer (no ids, owners or times): also what the import CSV holds."""
    city = rng.choices(CITY_NAMES, CITY_WEIGHTS)[0]
    district = rng.choice(CITIES[city])
    if rng.random() < 0.45:
        name = person_name(rng)
        layout = rng.choice(LAYOUTS)
        area = rng.randint(45, 320) if layout != "别墅" else rng.randint(220, 600)
        notes = f"{layout}，约{area}㎡，预算{rng.randint(8, 120)}万，喜欢{rng.choice(STYLES)}风格"
        return {
            "type": "person",
            "name": name,
            "short_name": "",
            "industry": "别墅豪宅" if layout == "别墅" else rng.choice(PERSON_INDUSTRIES),
            "region": city + district,
            "address": home_address(rng, city, district),
            "phone": mobile(rng),
            "email": email(rng) if rng.random() < 0.3 else "",
            "website": "",
            "notes": notes,
        }
    brand = rng.choice(BRAND) + rng.choice(BRAND)
    kind, industry = rng.choice(COMPANY_KINDS)
    prefix = city[:2] if kind.endswith("公司") else ""
    domain = "".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 9)))
    return {
        "type": "company",
        "name": f"{prefix}{brand}{kind}",
        "short_name": brand,
        "industry": industry,
        "region": city + district,
        "address": office_address(rng, city, district, brand),
        "phone": landline(rng, city) if rng.random() < 0.5 else mobile(rng),
        "email": email(rng, f"{domain}.com") if rng.random() < 0.6 else "",
        "website": f"https://www.{domain}.com" if rng.random() < 0.4 else "",
        "notes": f"{rng.choice(('办公室', '门店', '餐厅', '营业厅', '展厅'))}约{rng.randint(80, 3000)}㎡，"
        f"计划{rng.randint(1, 12)}月开工",
    }


def customer_row(
    rng: random.Random,
    customer_id: int,
    created_at: float,
    owner_id: int | None,
    previous_owner_id: int | None,
) -> CustomerRow:
    fields = customer_fields(rng)
    tags = rng.sample(TAGS, rng.choices((0, 1, 2, 3), (35, 35, 20, 10))[0])
    created = Clock.text(created_at)
    values = (
        customer_id,
        fields["type"],
        fields["name"],
        fields["short_name"],
        fields["industry"],
        rng.choices(SOURCES, SOURCE_WEIGHTS)[0],
        rng.choice(LEVELS),
        rng.choice(STATUSES),
        fields["region"],
        fields["address"],
        fields["phone"],
        fields["email"],
        fields["website"],
        json.dumps(tags, ensure_ascii=False),
        fields["notes"],
        owner_id,
        owner_id or previous_owner_id,
        created,
        created,  # updated_at: replaced with the last follow-up time by the seeder
        None,
        None,
        previous_owner_id,
        created,
        False,
        None,
        "{}",
        1,
    )
    return CustomerRow(values=values, owner_id=owner_id, created_at=created_at, tags=tags)


def contact_row(
    rng: random.Random, contact_id: int, customer: CustomerRow, is_primary: bool, now: float
) -> tuple:
    is_person = customer.values[1] == "person"
    name = customer.values[2] if is_person and is_primary else person_name(rng)
    created = Clock.text(customer.created_at + rng.random() * min(86400 * 3, now - customer.created_at))
    birthday = f"{rng.randint(1960, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return (
        contact_id,
        customer.values[0],
        name,
        "业主" if is_person and is_primary else rng.choice(TITLES),
        customer.values[10] if is_primary else "",
        mobile(rng),
        email(rng) if rng.random() < 0.4 else "",
        f"wx_{rng.randrange(10**9)}" if rng.random() < 0.5 else "",
        birthday if rng.random() < 0.2 else None,
        is_primary,
        "",
        created,
        created,
        None,
        "{}",
        1,
    )


def followup_text(rng: random.Random, kind: str) -> str:
    return rng.choice(FOLLOWUP_TEXT[kind]).format(
        style=rng.choice(STYLES), layout=rng.choice(LAYOUTS), area=rng.randint(50, 300)
    )


def followup_row(
    rng: random.Random,
    followup_id: int,
    customer_id: int | None,
    contact_id: int | None,
    lead_id: int | None,
    owner_id: int,
    happened_at: float,
    next_at: float | None,
    now: float,
) -> tuple:
    kind = rng.choice(FOLLOWUP_TYPES)
    happened = Clock.text(happened_at)
    return (
        followup_id,
        customer_id,
        contact_id,
        lead_id,
        kind,
        happened,
        followup_text(rng, kind),
        rng.choice(OUTCOMES),
        Clock.text(next_at) if next_at else None,
        rng.choice(NEXT_ACTIONS[1:]) if next_at else "",
        Clock.text(next_at) if next_at and next_at < now else None,  # reminder_sent_at
        owner_id,
        owner_id,  # created_by
        happened,
        happened,  # updated_at
        "{}",
        1,
    )


def lead_row(rng: random.Random, lead_id: int, created_at: float, owner_id: int | None) -> tuple:
    fields = customer_fields(rng)
    person = fields["type"] == "person"
    created = Clock.text(created_at)
    return (
        lead_id,
        fields["name"] if person else person_name(rng),
        "" if person else fields["name"],
        fields["phone"],
        fields["email"],
        rng.choices(SOURCES, SOURCE_WEIGHTS)[0],
        rng.choice(LEAD_STATUSES),
        fields["address"],
        fields["notes"],
        owner_id,
        owner_id,
        created,
        created,
        None,
        None,
        None,
        None,
        None,
        "{}",
        1,
    )
