from django.contrib.auth.decorators import login_required
from django.urls import path, re_path

from atrium.accounts.views import admin_departments, admin_roles, admin_users, me, operation_log
from atrium.lists import views as lists

app_name = "accounts"

urlpatterns = [
    path("me/", me.profile, name="profile"),
    path("me/tokens/", me.tokens, name="tokens"),
    path("me/tokens/new", me.token_new, name="token_new"),
    path("me/tokens/<int:token_id>/revoke", me.token_revoke_view, name="token_revoke"),
    path("settings/operation-log/", operation_log.operation_log, name="operation_log"),
    re_path(
        r"^settings/operation-log/export\.(?P<format>csv|xlsx)$",
        login_required(lists.export),
        {"list_key": "operation_log"},
        name="operation_log_export",
    ),
]

# Administration of people and access (settings/users, settings/departments, settings/roles).
urlpatterns += [
    path("settings/users/", admin_users.users, name="users"),
    path("settings/users/new/", admin_users.user_new, name="user_new"),
    path("settings/users/<int:user_id>/", admin_users.user_page, name="user_detail"),
    path("settings/users/<int:user_id>/roles/", admin_users.user_roles, name="user_roles"),
    path("settings/users/<int:user_id>/password/", admin_users.user_password, name="user_password"),
    path(
        "settings/users/<int:user_id>/deactivate/", admin_users.user_deactivate_view, name="user_deactivate"
    ),
    path(
        "settings/users/<int:user_id>/reactivate/", admin_users.user_reactivate_view, name="user_reactivate"
    ),
    path(
        "settings/users/<int:user_id>/unlock-sign-in/",
        admin_users.user_unlock_sign_in_view,
        name="user_unlock_sign_in",
    ),
    path("settings/departments/", admin_departments.departments, name="departments"),
    path(
        "settings/departments/<int:department_id>/",
        admin_departments.department_page,
        name="department_detail",
    ),
    path(
        "settings/departments/<int:department_id>/delete/",
        admin_departments.department_delete_view,
        name="department_delete",
    ),
    path("settings/roles/", admin_roles.roles, name="roles"),
    path("settings/roles/<int:role_id>/", admin_roles.role_page, name="role_detail"),
    path("settings/roles/<int:role_id>/grants/", admin_roles.role_grants, name="role_grants"),
    path("settings/roles/<int:role_id>/delete/", admin_roles.role_delete_view, name="role_delete"),
]
