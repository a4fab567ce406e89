"""Demo data: customers, contacts, leads and follow-ups of a decoration firm.

About 200 customers — 家装 households in residential compounds of 上海, 杭州 and 苏州, and 工装 companies
(offices, shops, restaurants, hotels …) — owned by sales1 and sales2 or in the pool (about a fifth), with 1–3
contacts each, about 40 leads in every status and follow-ups over the last four months, some with a next
follow-up in the coming days. Written through the services (audit rows, search index), then dated into the
past with queryset updates. Deterministic (seeded random); does nothing when customers exist.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from atrium.accounts.models import User
from atrium.core.demo import register_seeder
from atrium.customers.models import Contact, Customer, FollowUp, Lead
from atrium.customers.services import (
    contact_create,
    customer_create,
    customer_release,
    followup_create,
    lead_convert,
    lead_create,
)

SEED = 20240615
HOUSEHOLDS, COMPANIES = 118, 74
LEAD_PLAN = {"new": 10, "following": 12, "converted": 8, "invalid": 10}
DAYS_BACK = 120

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚陆顾钱"
)
GIVEN = (
    "伟芳静敏磊军洋勇艳杰娟涛明超霞平刚文辉玲华红建国志新海波宁晨欣怡佳婷雪琳浩宇轩涵思博俊鹏飞斌萱晓春峰慧"
)
MOBILE_PREFIXES = (
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "158",
    "159",
    "177",
    "186",
    "187",
    "188",
    "189",
)
# city: [(district, road, compound)]
COMPOUNDS = {
    "上海市": [
        ("浦东新区", "锦绣路", "联洋花园"),
        ("浦东新区", "张杨路", "仁恒河滨城"),
        ("浦东新区", "花木路", "世纪公园壹号"),
        ("徐汇区", "田林路", "田林十二村"),
        ("徐汇区", "龙华西路", "滨江华庭"),
        ("闵行区", "七莘路", "万科城市花园"),
        ("闵行区", "古美路", "古美西苑"),
        ("长宁区", "古北路", "古北国际花园"),
        ("普陀区", "中山北路", "中远两湾城"),
        ("杨浦区", "殷行路", "新江湾城悦庭"),
        ("宝山区", "共康路", "保利叶语"),
        ("松江区", "九亭大街", "九亭颐景园"),
    ],
    "杭州市": [
        ("西湖区", "文一西路", "西溪诚园"),
        ("西湖区", "古墩路", "翠苑一区"),
        ("滨江区", "江南大道", "钱塘山水"),
        ("滨江区", "滨盛路", "江南豪园"),
        ("拱墅区", "丽水路", "运河宸园"),
        ("余杭区", "良渚路", "良渚文化村"),
        ("上城区", "望江路", "望江家园"),
        ("萧山区", "市心路", "萧山金色钱塘"),
    ],
    "苏州市": [
        ("工业园区", "星湖街", "星湖湾花园"),
        ("工业园区", "现代大道", "金鸡湖畔苑"),
        ("工业园区", "苏州大道东", "中海御湖熙岸"),
        ("姑苏区", "平江路", "平江新城"),
        ("吴中区", "东吴北路", "太湖天地"),
        ("相城区", "元和路", "元和花园"),
        ("虎丘区", "狮山路", "狮山名邸"),
    ],
}
CITY_WEIGHTS = {"上海市": 5, "杭州市": 3, "苏州市": 2}
AREA_CODES = {"上海市": "021", "杭州市": "0571", "苏州市": "0512"}
LAYOUTS = [("两室一厅", 60, 85), ("两室两厅", 75, 95), ("三室一厅", 90, 115), ("三室两厅", 105, 145),
           ("四室两厅", 140, 190), ("复式", 160, 260), ("别墅", 260, 480)]  # fmt: skip
STYLES = ("现代简约", "北欧", "新中式", "轻奢", "日式原木", "美式", "法式", "奶油风")
# name pattern, industry, space, contact titles
COMPANY_KINDS = [
    ("{city}{brand}网络科技有限公司", "办公空间", "办公室", ("行政经理", "总经理", "财务")),
    ("{city}{brand}投资管理有限公司", "办公空间", "办公室", ("行政主管", "合伙人")),
    ("{city}{brand}律师事务所", "办公空间", "办公室", ("主任", "行政")),
    ("{brand}火锅（{district}店）", "酒店餐饮", "餐厅", ("店长", "老板")),
    ("{brand}私房菜", "酒店餐饮", "餐厅", ("老板", "厨师长")),
    ("{brand}精品酒店", "酒店餐饮", "酒店", ("工程部经理", "总经理", "采购")),
    ("{brand}咖啡（{district}店）", "酒店餐饮", "门店", ("店长", "运营经理")),
    ("{brand}服饰旗舰店", "商业零售", "门店", ("店长", "区域经理")),
    ("{brand}母婴生活馆", "商业零售", "门店", ("老板", "店长")),
    ("{brand}少儿英语培训中心", "教育培训", "教学区", ("校长", "行政")),
    ("{brand}口腔门诊部", "医疗养老", "诊所", ("院长", "采购")),
    ("{brand}康养中心", "医疗养老", "养老院", ("院长", "后勤主管")),
    ("{city}{brand}精密机械有限公司", "工业厂房", "厂房及办公楼", ("厂长", "行政经理")),
]  # fmt: skip
BRANDS = ("云帆", "悦庭", "嘉禾", "启航", "睿思", "锦程", "汇丰源", "知味", "麦田", "青橙", "木棉", "朗悦", "星辰",
          "鼎盛", "和煦", "拾光", "禾木", "蓝鲸", "晨曦", "集雅", "观澜", "百川", "南山", "若水", "一方")  # fmt: skip
TOWERS = ("国际大厦", "中心", "广场", "商务楼", "科技园")
COMPANY_NEEDS = ("整层办公室装修", "门店翻新改造", "新店装修，要求赶在开业前完工", "局部改造，增加会议室",
                 "消防和水电改造", "全新装修，含软装")  # fmt: skip
HOME_TAGS = ("全包", "全包", "半包", "清包")
EXTRA_TAGS = ("旧房翻新", "加急", "整装", "智能家居", "老人房", "儿童房", "回头客", "装修贷")
COMPANY_TAGS = ("工装", "加急", "全包", "半包", "大客户", "回头客")
SOURCE_WEIGHTS = {"电话营销": 15, "转介绍": 30, "网络推广": 30, "展会": 8, "老客户": 12, "其他": 5}
LEVELS = ("A", "B", "B", "C", "C", "")
STATUSES = ("potential", "potential", "interested", "interested", "signed", "lost")
FOLLOWUP_TYPES = {"call": 30, "wechat": 30, "visit": 12, "site_survey": 12, "meeting": 8, "email": 8}
FOLLOWUP_TEXT = {
    "call": ["电话沟通装修预算，客户倾向{style}风格", "电话回访，客户在对比两家公司的报价",
             "电话确认量房时间，客户周末有空", "电话沟通施工周期，客户希望两个月内完工"],
    "wechat": ["微信发送{style}案例图，客户反馈不错", "微信发送初版报价单，等待客户确认",
               "微信沟通主材品牌，客户倾向国产一线", "客户微信咨询装修贷分期"],
    "visit": ["客户来公司展厅参观样板间", "上门拜访，介绍施工工艺和质保", "拜访客户，沟通合同细节"],
    "site_survey": ["现场勘测{layout}，实测面积约{area}㎡", "现场量房，卫生间需要重新做防水",
                    "现场勘测水电，老线路需全部更换", "现场勘测，厨房墙体可以拆除"],
    "meeting": ["与设计师一起开方案会，确定{style}方向", "方案评审会，客户要求调整厨房布局"],
    "email": ["邮件发送正式报价和合同草案", "邮件发送施工进度计划和材料清单"],
}  # fmt: skip
OUTCOMES = ("", "有意向", "需要再跟进", "已报价", "等待客户确认", "预约量房")
NEXT_ACTIONS = ("电话回访", "上门量房", "发送报价", "约客户看样板间", "确认设计方案", "签订合同")
LEAD_NOTES = ("抖音私信咨询旧房翻新", "小红书留言，想了解全包价格", "老客户介绍，新房交付后装修",
              "官网表单提交，咨询办公室装修", "展会登记，关注智能家居")  # fmt: skip
INVALID_NOTES = ("空号", "同行咨询", "已找其他公司", "重复登记")


@dataclass
class Planned:
    """One demo customer before it is written, and what happens to it."""

    data: dict[str, Any]
    contacts: list[dict[str, Any]]
    owner: str  # sales1 / sales2 (who creates it)
    in_pool: bool
    followups: list[dict[str, Any]] = field(default_factory=list)
    created: datetime.datetime | None = None


@dataclass
class PlannedLead:
    """One demo lead before it is written; ``lead_id`` is set once it is."""

    owner: str
    status: str
    data: dict[str, Any]
    created: datetime.datetime
    followups: list[dict[str, Any]]
    lead_id: int | None = None

    @property
    def converted_at(self) -> datetime.datetime | None:
        if self.status != "converted" or not self.followups:
            return None
        return self.followups[-1]["happened_at"]


class DemoCustomers:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.now = timezone.now().replace(second=0, microsecond=0)
        self.users = {u.username: u for u in User.objects.filter(username__in=("sales1", "sales2"))}
        self.used_names: set[str] = set()

    # --- generated values -------------------------------------------------------------------------------
    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def full_name(self, surname: str | None = None) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return (surname or self.rng.choice(SURNAMES)) + given

    def person_name(self) -> str:
        """张先生 / 李女士 while those last, else a full name; never twice."""
        return self.unique(
            lambda: (
                self.rng.choice(SURNAMES) + self.rng.choice(("先生", "女士"))
                if self.rng.random() < 0.6
                else self.full_name()
            )
        )

    def unique(self, make: Any) -> str:
        for _attempt in range(50):
            name = make()
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        return name

    def place(self) -> tuple[str, str, str, str]:
        city = self.rng.choices(list(CITY_WEIGHTS), list(CITY_WEIGHTS.values()))[0]
        district, road, compound = self.rng.choice(COMPOUNDS[city])
        return city, district, road, compound

    def common(self) -> dict[str, Any]:
        return {
            "source": self.rng.choices(list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values()))[0],
            "level": self.rng.choice(LEVELS),
            "status": self.rng.choice(STATUSES),
        }

    def when(self, days_ago_from: float, days_ago_to: float) -> datetime.datetime:
        """A working-hours moment between the two ages (in days), never in the future."""
        day = self.now - datetime.timedelta(days=self.rng.uniform(days_ago_to, days_ago_from))
        moment = day.replace(hour=self.rng.randint(9, 19), minute=self.rng.choice((0, 10, 20, 30, 40, 50)))
        return moment if moment < self.now else moment - datetime.timedelta(days=1)

    # --- planned records --------------------------------------------------------------------------------
    def household(self) -> Planned:
        name = self.person_name()
        owner_name = self.full_name(name[0]) if name.endswith(("先生", "女士")) else name
        city, district, road, compound = self.place()
        layout, low, high = self.rng.choice(LAYOUTS)
        area = self.rng.randint(low, high)
        tags = [self.rng.choice(HOME_TAGS), *self.rng.sample(EXTRA_TAGS, self.rng.choice((0, 1, 1, 2)))]
        if layout == "别墅":
            tags.append("别墅")
        phone = self.mobile()
        data = {
            "type": "person",
            "name": name,
            "industry": "别墅豪宅" if layout == "别墅" else "住宅家装",
            "region": city + district,
            "address": f"{city}{district}{road}{self.rng.randint(1, 1999)}弄{compound}"
            f"{self.rng.randint(1, 36)}号{self.rng.randint(2, 32)}{self.rng.randint(1, 4):02d}室",
            "phone": phone,
            "tags": tags,
            "notes": f"{layout}，建筑面积约{area}㎡，{'旧房' if '旧房翻新' in tags else '新房'}，"
            f"预算约{self.rng.randint(max(8, area // 8), max(12, area // 3))}万，喜欢{self.rng.choice(STYLES)}风格，"
            f"希望{self.rng.randint(1, 12)}月开工。",
            **self.common(),
        }
        contacts = [{"name": owner_name, "title": "业主", "mobile": phone, "is_primary": True}]
        if self.rng.random() < 0.45:
            contacts.append(
                {
                    "name": self.full_name(),
                    "title": self.rng.choice(("配偶", "家人")),
                    "mobile": self.mobile(),
                }
            )
        if self.rng.random() < 0.1:
            contacts.append({"name": self.full_name(), "title": "物业管家", "phone": self.mobile()})
        return self.planned(data, contacts)

    def company(self) -> Planned:
        pattern, industry, space, titles = self.rng.choice(COMPANY_KINDS)
        city, district, road, _compound = self.place()
        brand = self.rng.choice(BRANDS)
        name = pattern.format(city=city[:2], brand=brand, district=district[:2])
        while name in self.used_names:
            brand = self.rng.choice(BRANDS) + self.rng.choice(BRANDS)[0]
            name = pattern.format(city=city[:2], brand=brand, district=district[:2])
        self.used_names.add(name)
        area = self.rng.randint(80, 2500)
        data = {
            "type": "company",
            "name": name,
            "short_name": brand,
            "industry": industry,
            "region": city + district,
            "address": f"{city}{district}{road}{self.rng.randint(1, 2999)}号"
            f"{self.rng.choice(BRANDS)}{self.rng.choice(TOWERS)}{self.rng.randint(1, 30)}层",
            "phone": self.mobile()
            if self.rng.random() < 0.5
            else f"{AREA_CODES[city]}-{self.rng.randint(5 * 10**7, 7 * 10**7)}",
            "tags": self.rng.sample(COMPANY_TAGS, self.rng.randint(1, 2)),
            "notes": f"{space}约{area}㎡，{self.rng.choice(COMPANY_NEEDS)}，预算约{max(10, area // 10)}万。",
            **self.common(),
        }
        contacts = [
            {"name": self.full_name(), "title": title, "mobile": self.mobile(), "is_primary": position == 0}
            for position, title in enumerate(titles[: self.rng.randint(1, min(3, len(titles)))])
        ]
        return self.planned(data, contacts)

    def planned(self, data: dict[str, Any], contacts: list[dict[str, Any]]) -> Planned:
        draw = self.rng.random()
        owner = "sales1" if draw < 0.5 else "sales2"
        plan = Planned(data=data, contacts=contacts, owner=owner, in_pool=self.rng.random() < 0.2)
        count = self.rng.choice((0, 0, 1, 2)) if plan.in_pool else self.rng.choice((1, 1, 2, 2, 3, 4))
        times = sorted(
            (self.when(DAYS_BACK, 45) if plan.in_pool else self.when(DAYS_BACK, 0.2)) for _ in range(count)
        )
        plan.followups = [self.followup(moment) for moment in times]
        if plan.followups and not plan.in_pool and self.rng.random() < 0.45:
            soon = self.now + datetime.timedelta(days=self.rng.randint(0, 10), hours=self.rng.randint(0, 8))
            plan.followups[-1]["next_at"] = soon.replace(hour=self.rng.randint(9, 17), minute=0)
            plan.followups[-1]["next_action"] = self.rng.choice(NEXT_ACTIONS)
        first = plan.followups[0]["happened_at"] if plan.followups else self.when(DAYS_BACK, 20)
        plan.created = first - datetime.timedelta(days=self.rng.randint(1, 15), hours=self.rng.randint(0, 5))
        return plan

    def lead(self, status: str) -> PlannedLead:
        owner = self.rng.choice(("sales1", "sales2"))
        data = _lead_data(self, status)
        created = self.when(DAYS_BACK, 3)
        age = max(1, (self.now - created).days)
        # A follow-up moves a new lead to "following": new leads have none.
        count = {"new": 0, "invalid": self.rng.randint(0, 1)}.get(status, self.rng.randint(1, 3))
        moments = sorted(self.when(age, 0.5) for _n in range(count))
        return PlannedLead(owner, status, data, created, [self.followup(moment) for moment in moments])

    def followup(self, moment: datetime.datetime) -> dict[str, Any]:
        kind = self.rng.choices(list(FOLLOWUP_TYPES), list(FOLLOWUP_TYPES.values()))[0]
        layout, low, high = self.rng.choice(LAYOUTS)
        content = self.rng.choice(FOLLOWUP_TEXT[kind]).format(
            style=self.rng.choice(STYLES), layout=layout, area=self.rng.randint(low, high)
        )
        return {"type": kind, "happened_at": moment, "content": content, "outcome": self.rng.choice(OUTCOMES)}


def _write_customer(demo: DemoCustomers, plan: Planned) -> None:

    actor = demo.users[plan.owner]
    customer = customer_create(actor=actor, data=plan.data, force=True)
    contacts = [contact_create(actor=actor, data={**c, "customer": customer.pk}) for c in plan.contacts]
    for item in plan.followups:
        subject = (
            {"contact": contacts[0].pk} if contacts and demo.rng.random() < 0.3 else {"customer": customer.pk}
        )
        followup_create(actor=actor, data={**item, **subject})
    created = plan.created
    last = plan.followups[-1] if plan.followups else None
    Customer.objects.filter(pk=customer.pk).update(
        created_at=created,
        owned_since=created,
        updated_at=last["happened_at"] if last else created,
        last_followup_at=last["happened_at"] if last else None,
        next_followup_at=last.get("next_at") if last else None,
    )
    Contact.objects.filter(customer=customer).update(created_at=created, updated_at=created)
    FollowUp.objects.filter(customer=customer).update(created_at=F("happened_at"))
    if plan.in_pool:
        customer_release(actor=actor, customer=customer.pk)
        Customer.objects.filter(pk=customer.pk).update(owned_since=demo.when(40, 1))


def _lead_data(demo: DemoCustomers, status: str) -> dict[str, Any]:
    city, district, road, compound = demo.place()
    company = ""
    if demo.rng.random() < 0.3:
        company = (
            f"{city[:2]}{demo.rng.choice(BRANDS)}{demo.rng.choice(('贸易', '科技', '餐饮管理'))}有限公司"
        )
    return {
        "name": demo.person_name(),
        "company": company,
        "phone": demo.mobile(),
        "source": demo.rng.choices(list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values()))[0],
        "status": "following" if status == "converted" else status,
        "address": f"{city}{district}{road}{compound}",
        "notes": demo.rng.choice(INVALID_NOTES if status == "invalid" else LEAD_NOTES),
    }


def _write_lead(demo: DemoCustomers, plan: PlannedLead) -> None:

    owner = demo.users[plan.owner]
    lead = lead_create(actor=owner, data=plan.data)
    plan.lead_id = lead.pk
    for item in plan.followups:
        followup_create(actor=owner, data={**item, "lead": lead.pk})
    FollowUp.objects.filter(lead=lead).update(created_at=F("happened_at"))
    last = plan.followups[-1]["happened_at"] if plan.followups else None
    Lead.objects.filter(pk=lead.pk).update(
        created_at=plan.created, updated_at=last or plan.created, last_followup_at=last
    )


def _convert_lead(demo: DemoCustomers, plan: PlannedLead) -> None:

    assert plan.lead_id is not None, "a lead is converted after it is written"
    customer, _contact = lead_convert(actor=demo.users[plan.owner], lead=plan.lead_id, data={"force": True})
    Customer.objects.filter(pk=customer.pk).update(
        created_at=plan.converted_at, owned_since=plan.converted_at
    )
    Lead.objects.filter(pk=plan.lead_id).update(converted_at=plan.converted_at, updated_at=plan.converted_at)


def seed_customers() -> None:
    """Idempotent: does nothing when any customer exists."""

    if Customer.objects.exists():
        return
    demo = DemoCustomers()
    if set(demo.users) != {"sales1", "sales2"}:
        return  # no demo people: nothing to attach customers to
    plans = [demo.household() for _n in range(HOUSEHOLDS)] + [demo.company() for _n in range(COMPANIES)]
    leads = [demo.lead(status) for status, count in LEAD_PLAN.items() for _n in range(count)]
    # Written in the order they happened, so that ids follow the creation times (lists sort "newest" by id).
    events: list[tuple[datetime.datetime, Callable[[], None]]] = [
        (plan.created or demo.now, partial(_write_customer, demo, plan)) for plan in plans
    ]
    events += [(lead.created, partial(_write_lead, demo, lead)) for lead in leads]
    events += [(lead.converted_at, partial(_convert_lead, demo, lead)) for lead in leads if lead.converted_at]
    events.sort(key=lambda event: event[0])
    with transaction.atomic():
        for _moment, write in events:
            write()


register_seeder(20, "customers", seed_customers)
