"""The upload page in a real browser: the administrator reaches it from the admin, uploads a
file, the job page polls its progress and shows the summary when the task has run; axe-clean,
375 px at 200 % text."""

import json

import pytest
from django.contrib.auth.models import Permission

from yichuang.catalog.exchange.sample import document
from yichuang.common.browser_testing import PHONE, enlarge_text, horizontal_overflow, screenshot
from yichuang.exchange import services
from yichuang.exchange.models import ImportJob
from yichuang.org.tests.factories import DepartmentFactory, UserFactory
from yichuang.workbench.tests.test_flows_browser import check

pytestmark = pytest.mark.django_db(transaction=True)


def test_upload_from_the_admin_and_watch_the_progress_to_the_summary(page, log_in, tmp_path):
    admin = UserFactory(is_staff=True)
    admin.user_permissions.add(
        Permission.objects.get(codename="add_importjob"), Permission.objects.get(codename="view_importjob")
    )
    department = DepartmentFactory()
    file = tmp_path / "provincial.json"
    file.write_text(json.dumps(document(3, [(department.credit_code, department.site.code)]), ensure_ascii=False))
    log_in(admin)
    page.goto("/admin/exchange/importjob/add/")
    page.get_by_label("交换文件(.json 或 .xlsx)").set_input_files(str(file))
    check(page, "catalog-import-upload")
    page.get_by_role("button", name="上传并导入").click()
    page.locator("#import-progress").wait_for()
    services.run(ImportJob.objects.get().pk)  # what the task runner does; the page polls meanwhile
    page.get_by_role("status").get_by_text("导入完成").wait_for(timeout=30_000)
    check(page, "catalog-import-done")
    page.set_viewport_size(PHONE)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, "catalog-import-done-375")
