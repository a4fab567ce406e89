"""The permission sweep's records of this app (see atrium/testing/sweep.py): sales2 as a user, 销售二部, the
sales-rep role and one of sales2's API tokens."""

from atrium.accounts.models import ApiToken, Role
from atrium.testing.sweep import record_maker, url_argument


@record_maker("user")
def _user(world):
    return world.personas.sales2


@record_maker("department")
def _department(world):
    return world.personas.sales2.department


@record_maker("role")
def _role(world):
    return Role.objects.get(code="sales_rep")


@record_maker("api_token")
def _api_token(world):
    return ApiToken.objects.create(
        user=world.personas.sales2, name="张华的脚本", prefix="sweep0002", secret_hash="0" * 64
    )


url_argument("user_id", record="user", directory=True)
url_argument("department_id", record="department", directory=True)
url_argument("role_id", record="role")
url_argument("token_id", record="api_token")
url_argument("format", values=("csv", "xlsx"))
