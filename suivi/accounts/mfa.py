"""TOTP second factor (django-otp) for the roles that require it."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from suivi.accounts.models import User
from suivi.core import audit


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def pending_device(*, user: User) -> TOTPDevice:
    """The unconfirmed device shown at enrolment, created on first visit."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Suivi"}
    )
    return device


def device_secret(device: TOTPDevice) -> str:
    """The base32 secret, for people who type it into their app by hand."""
    return base64.b32encode(device.bin_key).decode("ascii")


def qr_code_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")


@transaction.atomic
def verify(*, request: object, user: User, device: TOTPDevice, token: str) -> bool:
    """Check `token`; on success confirm the device (enrolment) and mark the session verified."""
    if not device.verify_token(token.strip().replace(" ", "")):
        audit.record(actor=user, action="accounts.mfa.failed", target=user)
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(actor=user, action="accounts.mfa.enrolled", target=user)
    otp_login(request, device)
    audit.record(actor=user, action="accounts.mfa.verified", target=user)
    return True
