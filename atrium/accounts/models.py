"""People and access: users, departments (a tree), roles with grants per kind of record, API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from atrium.core.kinds import ACTION_LABELS, SCOPE_LABELS


class Department(models.Model):
    """A node of the company's department tree. ``path`` ("/1/4/9/") makes "this one and below" one
    indexed prefix match; services keep it true when a department moves."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    head = models.ForeignKey(
        "accounts.User",
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="department_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    roles = models.ManyToManyField("accounts.Role", verbose_name=_("roles"), blank=True, related_name="users")
    is_external = models.BooleanField(
        _("external client"),
        default=False,
        help_text=_("Clients from outside the company see only what they are explicitly a member of."),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_unique_email_ci"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class Role(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_system = models.BooleanField(_("built-in"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class RoleGrant(models.Model):
    """One cell of a role's matrix: on kind K, action A, up to scope S (1 own, 2 department, 3 all)."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="grants")
    kind = models.CharField(max_length=50)
    action = models.CharField(max_length=20, choices=list(ACTION_LABELS.items()))
    scope = models.PositiveSmallIntegerField(choices=[(int(k), v) for k, v in SCOPE_LABELS.items()])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role", "kind", "action"], name="role_grant_unique_cell"),
            models.CheckConstraint(
                condition=models.Q(scope__gte=1, scope__lte=3), name="role_grant_scope_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role_id}:{self.kind}.{self.action}={self.scope}"


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 of the secret is kept; the token is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class UserSession(models.Model):
    """The sessions a user is signed in with, so that deactivation can end all of them at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}:{self.session_key[:6]}…"


class SignInFailure(models.Model):
    """One wrong password (or unknown login), kept for the sign-in limits' window (ATRIUM_LOGIN_LOCKOUT_*).

    Addresses and devices are stored as keyed hashes (``accounts.sign_in_sources``), never in clear. ``trusted``
    says the attempt came from an address or device that had signed in to the account before: such failures
    slow the source down instead of locking it out."""

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    login = models.CharField(max_length=150, blank=True)  # the typed login, lower-cased, for unknown accounts
    address = models.CharField(max_length=64)
    device = models.CharField(max_length=64, blank=True)
    trusted = models.BooleanField(default=False)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "address", "at"], name="signinfail_user_address"),
            models.Index(fields=["address", "at"], name="signinfail_address"),
            models.Index(fields=["login", "address", "at"], name="signinfail_login_address"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id or self.login}@{self.address[:8]}"


class KnownSignInSource(models.Model):
    """An address or a device (the ``atrium_device`` cookie) that signed in to the account successfully: wrong
    passwords from it only slow it down, and the right password from it still gets in while strangers are
    locked out."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    last_success_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "digest"], name="known_signin_source_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.digest[:8]}"
