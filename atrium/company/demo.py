"""The demo company's profile: 筑城装饰工程有限公司 with its short name, address, credit code, bank account and a
drawn logo and seal (small PNGs made here, so the repository holds no binary files). Written by the admin
through the service (so it is audited like any change); does nothing once a legal name is filled."""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable

from django.core.files.base import ContentFile

from atrium.accounts.demo import COMPANY
from atrium.accounts.models import User
from atrium.company.models import CompanyProfile
from atrium.company.services import company_profile_update
from atrium.core.demo import register_seeder

DEMO_PROFILE = {
    "legal_name": COMPANY,
    "short_name": "筑城装饰",
    "address": "北京市朝阳区建国路88号筑城大厦12层",
    "phone": "010-65881234",
    "tax_id": "91110105MA01XC8Q7L",
    "bank_name": "招商银行北京朝阳支行",
    "bank_account": "110912345610801",
}

Pixel = tuple[int, int, int, int]


def png(size: int, paint: Callable[[float, float], Pixel]) -> bytes:
    """A square RGBA PNG whose pixel at (x, y) in [-1, 1]² is ``paint(x, y)``."""
    rows = bytearray()
    for j in range(size):
        rows.append(0)
        for i in range(size):
            rows.extend(paint(2 * i / (size - 1) - 1, 2 * j / (size - 1) - 1))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def _logo(x: float, y: float) -> Pixel:
    """A rounded square in the product's blue with a white house roof (筑城: building)."""
    if max(abs(x), abs(y)) > 0.95:
        return (0, 0, 0, 0)
    roof = y > -0.55 + abs(x) * 0.9 and y < -0.25 + abs(x) * 0.9 and abs(x) < 0.62
    walls = abs(x) < 0.42 and 0.05 < y < 0.6
    return (255, 255, 255, 255) if roof or walls else (37, 99, 235, 255)


def _seal(x: float, y: float) -> Pixel:
    """A red ring with a star: the shape of a company seal."""
    r = math.hypot(x, y)
    angle = math.atan2(y, x)
    star = r < 0.32 * (0.6 + 0.4 * math.cos(5 * (angle + math.pi / 2)))
    ring = 0.82 < r < 0.95
    return (200, 30, 30, 230) if ring or star else (0, 0, 0, 0)


def seed_company_profile() -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None or CompanyProfile.current().legal_name:
        return
    company_profile_update(
        actor=admin,
        data=DEMO_PROFILE,
        version=CompanyProfile.current().version,
        logo=ContentFile(png(96, _logo), name="logo.png"),
        seal=ContentFile(png(160, _seal), name="seal.png"),
    )


register_seeder(12, "company profile", seed_company_profile)
