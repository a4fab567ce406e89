"""An administrator builds a team: a department under 销售部, a role that sees the users of its department,
and a new person with both; that person then signs in and sees the shell with their own name."""

from playwright.sync_api import expect

PASSWORD = "Zc!9-safe-passphrase"


def test_admin_sets_up_a_new_colleague_who_then_signs_in(page, site, sign_in):
    sign_in("admin")
    expect(page.get_by_test_id("user-menu")).to_contain_text("系统管理员")

    page.goto(f"{site}/settings/departments/")
    expect(page.get_by_test_id("department-tree")).to_contain_text("销售部")
    page.fill("input[name=name]", "华南销售组")
    page.locator("select[name=parent]").select_option(label="\u3000\u3000销售部")
    page.get_by_role("button", name="创建部门").click()
    expect(page.locator(".message.success")).to_contain_text("华南销售组")
    expect(page.locator('[data-department="销售部"] [data-department="华南销售组"]')).to_be_visible()

    page.goto(f"{site}/settings/roles/")
    page.fill("input[name=name]", "区域销售")
    page.get_by_role("button", name="创建角色").click()
    expect(page.locator(".message.success")).to_contain_text("区域销售")
    page.locator('select[name="user.view"]').select_option(label="本部门")
    page.get_by_test_id("save-grants").click()
    expect(page.locator(".message.success")).to_contain_text("权限已保存")
    expect(page.locator('select[name="user.view"]')).to_have_value("2")

    page.goto(f"{site}/settings/users/")
    page.get_by_test_id("new-record").click()
    page.fill("input[name=username]", "zhoujie")
    page.fill("input[name=display_name]", "周杰")
    page.fill("input[name=email]", "zhoujie@zhucheng.example")
    page.fill("input[name=phone]", "13812345678")
    page.locator("select[name=department]").select_option(label="\u3000\u3000\u3000华南销售组")
    page.get_by_label("区域销售").check()
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="创建用户").click()
    expect(page.locator(".message.success")).to_contain_text("用户“周杰”已创建")

    page.goto(f"{site}/settings/users/?q=zhoujie")
    row = page.locator('tr[data-user="zhoujie"]')
    expect(row).to_contain_text("华南销售组")
    expect(row).to_contain_text("区域销售")

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(f"{site}/accounts/login/")

    sign_in("zhoujie", PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_contain_text("周杰")
    expect(page.locator("h1")).to_contain_text("欢迎")
