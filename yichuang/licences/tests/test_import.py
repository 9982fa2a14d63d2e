"""A county bulk-imports its existing licences from CSV or Excel (issue 17 §5, R-42): every row
or none, each bad row named by row and column."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from yichuang.licences.models import LicenceImport
from yichuang.people.licence_ids import make_licence_id
from yichuang.people.models import Applicant, Licence
from yichuang.people.selectors import fetchable_licence
from yichuang.people.tests.factories import ApplicantFactory, make_citizen_id

pytestmark = pytest.mark.django_db
ISSUER = "11330000002482051P"
HEADER = "持证主体类型,持证主体证件号码,持证主体名称,证照类型代码,证照类型名称,颁发机构,颁发机构统一社会信用代码,颁发日期,有效期至,电子证照标识"


def row(number, name="张三", type_code="121", issued="2019-05-20", licence_id=""):
    return f"自然人,{number},{name},{type_code},结婚证,清溪县民政局,{ISSUER},{issued},,{licence_id}"


def run(tmp_path, *lines, suffix=".csv"):
    path = tmp_path / f"licences{suffix}"
    path.write_text("\n".join([HEADER, *lines]), encoding="utf-8-sig")
    out = io.StringIO()
    call_command("import_licences", str(path), stdout=out)
    return out.getvalue()


def test_imported_licences_are_fetchable_for_registered_and_new_holders(tmp_path):
    known = ApplicantFactory()
    new_id = make_citizen_id(777)
    kept = make_licence_id("121", ISSUER, 88)
    assert run(tmp_path, row(known.citizen_id, name="不会覆盖"), row(new_id, name="李四", licence_id=kept)) == (
        "已导入2张证照。\n"
    )
    known.refresh_from_db()
    assert known.name != "不会覆盖" and fetchable_licence(known, "121") is not None
    newcomer = Applicant.objects.get(citizen_id=new_id)
    assert newcomer.name == "李四" and fetchable_licence(newcomer, "121").number == kept


def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_written(tmp_path):
    good = row(ApplicantFactory().citizen_id)
    with pytest.raises(CommandError) as excinfo:
        run(tmp_path, good, row("110101199003071234"), row(make_citizen_id(5), issued="2019/05/20"))
    message = str(excinfo.value)
    assert "第3行“持证主体证件号码”列:公民身份号码无效" in message
    assert "第4行“颁发日期”列:日期应写成2024-05-01的形式。" in message
    assert Licence.objects.count() == 0 and Applicant.objects.count() == 1


def test_a_licence_already_in_the_store_is_refused(tmp_path):
    number = make_citizen_id(9)
    kept = make_licence_id("121", ISSUER, 5)
    run(tmp_path, row(number, licence_id=kept))
    with pytest.raises(CommandError, match="第2行“电子证照标识”列"):
        run(tmp_path, row(number, licence_id=kept))
    assert Licence.objects.count() == 1


def test_a_missing_column_is_reported_before_any_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("持证主体证件号码,证照类型代码\n", encoding="utf-8")
    with pytest.raises(CommandError, match="缺少列:证照类型名称、颁发机构"):
        call_command("import_licences", str(path))


def test_an_excel_workbook_is_imported_with_its_date_cells(tmp_path):
    import datetime as dt

    holder = ApplicantFactory()
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["自然人", holder.citizen_id, "", "121", "结婚证", "清溪县民政局", ISSUER, dt.date(2018, 3, 1)])
    path = tmp_path / "licences.xlsx"
    book.save(path)
    call_command("import_licences", str(path), stdout=io.StringIO())
    assert fetchable_licence(holder, "121").issued_on == dt.date(2018, 3, 1)


def test_an_administrator_imports_a_file_from_the_admin_and_the_import_is_recorded(admin_client):
    holder = ApplicantFactory()
    upload = io.BytesIO("\n".join([HEADER, row(holder.citizen_id)]).encode("utf-8-sig"))
    upload.name = "县民政局存量证照.csv"
    response = admin_client.post("/admin/licences/licenceimport/add/", {"upload": upload})
    assert response.status_code == 302
    assert fetchable_licence(holder, "121") is not None
    assert LicenceImport.objects.get().rows == 1


def test_the_admin_lists_the_bad_rows_and_imports_nothing(admin_client):
    upload = io.BytesIO("\n".join([HEADER, row("110101199003071234")]).encode("utf-8"))
    upload.name = "bad.csv"
    page = admin_client.post("/admin/licences/licenceimport/add/", {"upload": upload}).content.decode()
    assert "第2行“持证主体证件号码”列:公民身份号码无效" in page
    assert Licence.objects.count() == 0 and LicenceImport.objects.count() == 0
