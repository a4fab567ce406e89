"""The permission sweep's records of the list engine (see atrium/testing/sweep.py): a saved view of sales2's;
exports are swept for every registered list."""

from atrium.lists.models import SavedView
from atrium.lists.specs import LISTS
from atrium.testing.sweep import record_maker, url_argument


@record_maker("saved_view")
def _saved_view(world):
    return SavedView.objects.create(list_key="customers", name="张华的A级客户", owner=world.personas.sales2)


url_argument("view_id", record="saved_view")
url_argument("list_key", values=tuple(sorted(LISTS)))
