"""The REST API at /api/v1/: each app contributes a router; errors share one format (atrium.core.api)."""

from ninja import NinjaAPI

from atrium.accounts.api import router as accounts_router
from atrium.contracts.api import router as contracts_router
from atrium.core.api.auth import API_AUTH
from atrium.core.api.errors import install_error_handlers
from atrium.core.search.api import router as search_router
from atrium.customers.api import router as customers_router
from atrium.fields.api import router as fields_router
from atrium.fields.choice_api import router as choice_lists_router
from atrium.notifications.api import router as notifications_router
from atrium.sales.api import router as sales_router

api = NinjaAPI(
    title="Atrium API",
    version="1",
    description="REST API of Atrium. Authenticate with `Authorization: Bearer <personal token>`.",
    auth=API_AUTH,
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", accounts_router)
api.add_router("/notifications", notifications_router)
api.add_router("/", customers_router)
api.add_router("/search", search_router)
api.add_router("/", fields_router)
api.add_router("/", choice_lists_router)
api.add_router("/", sales_router)
api.add_router("/", contracts_router)
