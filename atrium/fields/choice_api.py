"""API of the choice lists (选项列表): any signed-in member of staff reads the lists and their options (the values
records store and their names); who may manage a list (its kind's edit right: customer settings for the lists of
customers) adds, renames, retires, restores, moves and merges options. Edits carry the option's ``version``:
a stale one answers 409 and changes nothing."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from atrium.core.access import can, require
from atrium.core.api.schemas import ERRORS, InputSchema
from atrium.core.errors import NotFound
from atrium.fields.choice_lists import ChoiceList
from atrium.fields.choice_options import list_for, lists_readable, options_of
from atrium.fields.choice_services import choice_option_add, choice_option_update, choice_options_merge
from atrium.fields.models import ChoiceOption

router = Router(tags=["choice lists"])


class ChoiceOptionOut(Schema):
    id: int
    value: str = Field(description="What records store")
    label: str = Field(description="The option's name")
    position: int
    retired: bool
    version: int

    @staticmethod
    def resolve_retired(obj: ChoiceOption) -> bool:
        return obj.is_retired


class ChoiceListOut(Schema):
    key: str
    label: str
    description: str
    multi: bool
    keyed: bool
    max_length: int
    may_edit: bool
    options: list[ChoiceOptionOut]


class ChoiceOptionIn(InputSchema):
    label: str = Field(max_length=200)


class ChoiceOptionPatchIn(InputSchema):
    version: int
    label: str | None = Field(None, max_length=200)
    retired: bool | None = None
    position: int | None = Field(None, description="0-based place in the list")


class ChoiceMergeIn(InputSchema):
    source: int = Field(description="The option that goes")
    target: int = Field(description="The option its records move to")
    version: int | None = Field(None, description="The source option's version")


class MergeOut(Schema):
    survivor: ChoiceOptionOut
    records_moved: int


def _readable(request: HttpRequest, key: str) -> ChoiceList:
    found = list_for(key)
    if found is None or found not in lists_readable(request.user):
        raise NotFound(_("There is no such choice list."))
    return found


def _writable(request: HttpRequest, key: str) -> ChoiceList:
    """The list, when this person may manage it: the right is asked before any option is looked up."""
    item = _readable(request, key)
    require(request.user, item.kind, "edit")
    return item


def _out(request: HttpRequest, item: ChoiceList) -> dict:
    return {
        "key": item.key,
        "label": str(item.label),
        "description": str(item.description),
        "multi": item.multi,
        "keyed": item.keyed,
        "max_length": min(item.max_length, 64),
        "may_edit": can(request.user, item.kind, "edit"),
        "options": options_of(item.key),
    }


@router.get(
    "/choice-lists", response={200: list[ChoiceListOut], **ERRORS}, summary="Choice lists and options"
)
def list_choice_lists(request: HttpRequest):
    if getattr(request.user, "is_external", False):
        raise NotFound()  # external people (clients) read none of the company's settings
    return [_out(request, item) for item in lists_readable(request.user)]


@router.get("/choice-lists/{choice_list}", response={200: ChoiceListOut, **ERRORS}, summary="One choice list")
def get_choice_list(request: HttpRequest, choice_list: str):
    return _out(request, _readable(request, choice_list))


@router.post(
    "/choice-lists/{choice_list}/options", response={201: ChoiceOptionOut, **ERRORS}, summary="Add an option"
)
def add_choice_option(request: HttpRequest, choice_list: str, payload: ChoiceOptionIn):
    item = _writable(request, choice_list)
    return Status(201, choice_option_add(actor=request.user, list_key=item.key, label=payload.label))


def _option_of(item: ChoiceList, option_id: int) -> ChoiceOption:
    option = ChoiceOption.objects.filter(pk=option_id, list=item.key).first()
    if option is None:
        raise NotFound(_("There is no such option."))
    return option


@router.patch(
    "/choice-lists/{choice_list}/options/{int:option_id}",
    response={200: ChoiceOptionOut, **ERRORS},
    summary="Rename, retire, restore or move an option",
)
def patch_choice_option(request: HttpRequest, choice_list: str, option_id: int, payload: ChoiceOptionPatchIn):
    item = _writable(request, choice_list)
    option = _option_of(item, option_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return choice_option_update(actor=request.user, option=option, data=data, version=version)


@router.post(
    "/choice-lists/{choice_list}/merge",
    response={200: MergeOut, **ERRORS},
    summary="Merge one option into another",
)
def merge_choice_options(request: HttpRequest, choice_list: str, payload: ChoiceMergeIn):
    item = _writable(request, choice_list)
    source = _option_of(item, payload.source)
    survivor, moved = choice_options_merge(
        actor=request.user, source=source, target=payload.target, version=payload.version
    )
    return {"survivor": survivor, "records_moved": moved}
