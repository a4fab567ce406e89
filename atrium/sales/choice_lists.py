"""Deals store values of two lists declared by customers: source (来源) and lost reason (输单原因)."""

from django.utils.translation import gettext_lazy as _

from atrium.customers.models import OptionList
from atrium.fields.choice_lists import ChoiceUse, add_choice_use

add_choice_use(OptionList.SOURCE, ChoiceUse("sales.Deal", "source", label=_("Deals")))
add_choice_use(OptionList.LOST_REASON, ChoiceUse("sales.Deal", "lost_reason", label=_("Deals")))
