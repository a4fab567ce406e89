"""Reads of the company profile. ``company_profile()`` is what the header, e-mails and documents use: a small
frozen value, cached (the cache is dropped when the profile is saved, and expires after a while in any case,
for processes that share no cache), never None: before anyone fills the profile its names are empty and the
product's name stands in (``display_name``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from atrium.company.models import CompanyProfile

CACHE_KEY = "company_profile:v1"
CACHE_SECONDS = 300
PRODUCT_NAME = "Atrium"


@dataclass(frozen=True)
class CompanyInfo:
    legal_name: str = ""
    short_name: str = ""
    address: str = ""
    phone: str = ""
    tax_id: str = ""
    bank_name: str = ""
    bank_account: str = ""
    has_logo: bool = False
    has_seal: bool = False
    version: int = 0

    @property
    def display_name(self) -> str:
        """The name to show in the header: the short name, else the legal name, else the product's."""
        return self.short_name or self.legal_name or PRODUCT_NAME


def _read() -> CompanyInfo:
    row = CompanyProfile.objects.filter(pk=1).first()
    if row is None:
        return CompanyInfo()
    return CompanyInfo(
        legal_name=row.legal_name,
        short_name=row.short_name,
        address=row.address,
        phone=row.phone,
        tax_id=row.tax_id,
        bank_name=row.bank_name,
        bank_account=row.bank_account,
        has_logo=bool(row.logo),
        has_seal=bool(row.seal),
        version=row.version,
    )


def company_profile() -> CompanyInfo:
    info = cache.get(CACHE_KEY)
    if not isinstance(info, CompanyInfo):
        info = _read()
        cache.set(CACHE_KEY, info, CACHE_SECONDS)
    return info


def forget_company_profile() -> None:
    cache.delete(CACHE_KEY)


def company_profile_for_edit() -> CompanyProfile:
    """The row itself, for the settings page (created empty on first use)."""
    return CompanyProfile.current()


def company_logo() -> tuple[bytes, str] | None:
    """The logo's bytes and type, for documents that embed it (a quote's PDF); None without a logo."""
    row = CompanyProfile.objects.filter(pk=1).only("logo", "logo_type").first()
    if row is None or not row.logo:
        return None
    with row.logo.open("rb") as stream:
        return stream.read(), row.logo_type or "image/png"
