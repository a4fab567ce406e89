"""Exports of the customer lists: scope, BOM, formula neutralising, columns, XLSX, logging."""

from __future__ import annotations

import io

from django.urls import reverse

from atrium.core.models import OperationLog
from atrium.customers.models import Contact, Customer, CustomerTag, Lead


def _url(list_key, fmt="csv", **params):
    from urllib.parse import urlencode

    url = reverse("customers:list_export", kwargs={"list_key": list_key, "format": fmt})
    return f"{url}?{urlencode(params)}" if params else url


def _csv(response) -> str:
    """The file after its first line, which says who exported it and when."""
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    stamp, _newline, rest = body.decode("utf-8-sig").partition("\r\n")
    assert stamp.startswith("导出人：") and "导出时间：" in stamp
    return rest


def _seed(personas):
    tagged = Customer.objects.create(
        name="李明的客户", phone="13800138030", owner=personas.sales1, tags=["a", "b"]
    )
    CustomerTag.objects.bulk_create([CustomerTag(customer=tagged, tag=tag) for tag in tagged.tags])
    Customer.objects.create(name='=HYPERLINK("http://evil")', owner=personas.sales1)
    Customer.objects.create(name="张华的客户", owner=personas.sales2)
    Customer.objects.create(name="公海客户", owner=None)


def test_csv_has_bom_chinese_headers_and_only_my_customers(client_as, personas):
    _seed(personas)
    response = client_as("sales1").get(_url("customers"))
    assert response.status_code == 200
    text = _csv(response)
    assert "李明的客户" in text and "张华的客户" not in text and "公海客户" not in text
    assert text.splitlines()[0].startswith("名称")
    assert "'=HYPERLINK" in text


def test_manager_exports_both(client_as, personas):
    _seed(personas)
    text = _csv(client_as("manager").get(_url("customers")))
    assert "李明的客户" in text and "张华的客户" in text


def test_chosen_columns_and_filters(client_as, personas):
    _seed(personas)
    text = _csv(client_as("sales1").get(_url("customers", columns="name,tags,owner", tag="a")))
    lines = text.splitlines()
    assert len(lines) == 2 and lines[1] == "李明的客户,a、b,李明"


def test_unknown_column_and_bad_filter_are_400(client_as, personas):
    assert client_as("sales1").get(_url("customers", columns="name,password")).status_code == 400
    assert client_as("sales1").get(_url("customers", created_from="yesterday")).status_code == 400


def test_export_is_logged(client_as, personas):
    _seed(personas)
    b"".join(client_as("sales1").get(_url("customers", level="A")).streaming_content)
    log = OperationLog.objects.get(action="export", actor=personas.sales1)
    assert log.kind == "customer" and log.changes["count"] == 0 and log.changes["filters"]["level"] == "A"


def test_xlsx_opens_with_openpyxl(client_as, personas):
    from openpyxl import load_workbook

    _seed(personas)
    response = client_as("sales1").get(_url("customers", "xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert str(rows[0][0]).startswith("导出人：李明（sales1）")
    names = {row[0] for row in rows[2:]}
    assert names == {"李明的客户", '\'=HYPERLINK("http://evil")'}


def test_contacts_and_leads_scope(client_as, personas):
    mine = Customer.objects.create(name="甲", owner=personas.sales1)
    theirs = Customer.objects.create(name="乙", owner=personas.sales2)
    Contact.objects.create(customer=mine, name="我的联系人")
    Contact.objects.create(customer=theirs, name="他的联系人")
    Lead.objects.create(name="我的线索", owner=personas.sales1)
    Lead.objects.create(name="他的线索", owner=personas.sales2)
    client = client_as("sales1")
    contacts = _csv(client.get(_url("contacts")))
    leads = _csv(client.get(_url("leads")))
    assert "我的联系人" in contacts and "他的联系人" not in contacts
    assert "我的线索" in leads and "他的线索" not in leads


def test_without_export_right(client_as, personas):
    assert client_as("outsider").get(_url("customers")).status_code == 403
    assert client_as("pm").get(_url("leads")).status_code == 403


def test_a_sales_rep_exports_the_pool_they_may_browse(client_as, personas):
    """Pool customers have no owner: an own-scope export right used to reach none of them (an empty file
    although the rep browses the pool); the pool's export now follows the pool's browse right."""
    _seed(personas)
    Customer.objects.create(name="归档的公海客户", owner=None, is_archived=True)
    text = _csv(client_as("sales1").get(_url("pool", columns="name")))
    assert text.splitlines()[1:] == ["公海客户"]
    assert client_as("outsider").get(_url("pool")).status_code == 403


def test_unknown_export_parameters_are_refused_by_name(client_as, personas):
    response = client_as("sales1").get(_url("customers", levle="A"))
    assert response.status_code == 400 and "levle" in response.content.decode()
    assert not OperationLog.objects.filter(action="export").exists()
