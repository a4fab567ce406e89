"""How the list engine's own records read in the operation log (``atrium.core.log_fields``)."""

from django.utils.translation import gettext_lazy as _

from atrium.core.log_fields import register_log_fields

register_log_fields("saved_view", model="lists.SavedView", label=_("Saved view"))
