from django.contrib.auth.decorators import login_required
from django.urls import path

from atrium.lists.views import list_page
from atrium.sales.views import board, deal_pages, product_pages, quote_pages, quote_public, settings_pages

app_name = "sales"

urlpatterns = [
    path("deals/", login_required(list_page), {"list_key": "deals"}, name="deals"),
    path("deals/new/", deal_pages.deal_new, name="deal_new"),
    path("deals/<int:deal_id>/", deal_pages.deal_detail, name="deal_detail"),
    path("deals/<int:deal_id>/edit/", deal_pages.deal_edit, name="deal_edit"),
    path("deals/<int:deal_id>/delete/", deal_pages.deal_delete_view, name="deal_delete"),
    path("deals/<int:deal_id>/timeline/", deal_pages.deal_timeline, name="deal_timeline"),
    path("deals/<int:deal_id>/move/", board.deal_move_view, name="deal_move"),
    path("deals/board/", board.board_home, name="board"),
    path("deals/board/<int:pipeline_id>/", board.pipeline_board, name="pipeline_board"),
    path("deals/board/<int:pipeline_id>/totals/", board.board_totals, name="board_totals"),
    path(
        "deals/board/<int:pipeline_id>/stages/<int:stage_id>/cards/",
        board.board_column,
        name="board_column",
    ),
    path("quotes/", login_required(list_page), {"list_key": "quotes"}, name="quotes"),
    path("deals/<int:deal_id>/quotes/new/", quote_pages.quote_new, name="quote_new"),
    path("quotes/<int:quote_id>/", quote_pages.quote_detail, name="quote_detail"),
    path("quotes/<int:quote_id>/compare/", quote_pages.quote_compare, name="quote_compare"),
    path("quotes/<int:quote_id>/delete/", quote_pages.quote_delete_view, name="quote_delete"),
    path("quotes/<int:quote_id>/versions/new/", quote_pages.quote_version_new_view, name="quote_version_new"),
    path(
        "quotes/<int:quote_id>/v<int:number>/edit/", quote_pages.quote_version_edit, name="quote_version_edit"
    ),
    path(
        "quotes/<int:quote_id>/v<int:number>/mark/",
        quote_pages.quote_version_mark_view,
        name="quote_version_mark",
    ),
    path("quotes/<int:quote_id>/v<int:number>.pdf", quote_pages.quote_version_pdf, name="quote_version_pdf"),
    path(
        "quotes/<int:quote_id>/v<int:number>/send/",
        quote_pages.quote_version_send_view,
        name="quote_version_send",
    ),
    # The client's signed link (no sign-in): the quote and its answer, and its PDF.
    path("q/<str:token>/", quote_public.quote_public, name="quote_public"),
    path("q/<str:token>/pdf", quote_public.quote_public_pdf, name="quote_public_pdf"),
    path("settings/products/", login_required(list_page), {"list_key": "products"}, name="products"),
    path("settings/products/new/", product_pages.product_new, name="product_new"),
    path("settings/products/<int:product_id>/", product_pages.product_edit, name="product_edit"),
    path(
        "settings/products/<int:product_id>/delete/",
        product_pages.product_delete_view,
        name="product_delete",
    ),
    path("settings/pipelines/", settings_pages.pipelines, name="pipelines"),
    path("settings/pipelines/new/", settings_pages.pipeline_new, name="pipeline_new"),
    path("settings/pipelines/<int:pipeline_id>/", settings_pages.pipeline_detail, name="pipeline_detail"),
    path(
        "settings/pipelines/<int:pipeline_id>/delete/",
        settings_pages.pipeline_delete_view,
        name="pipeline_delete",
    ),
    path("settings/pipelines/<int:pipeline_id>/stages/new/", settings_pages.stage_new, name="stage_new"),
    path("settings/stages/<int:stage_id>/", settings_pages.stage_edit, name="stage_edit"),
    path("settings/stages/<int:stage_id>/delete/", settings_pages.stage_delete_view, name="stage_delete"),
    path("settings/stages/<int:stage_id>/<str:direction>/", settings_pages.stage_shift, name="stage_shift"),
]
