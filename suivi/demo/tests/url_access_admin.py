"""The admin site's part of the access table (`url_access.py`)."""

from __future__ import annotations

from suivi.demo.tests.url_access_users import ADMIN, SIGNED_IN


# -- The admin site: system administrators with a verified second factor only -------
# Everyone else is sent to the admin's sign-in page (see "admin:login").
def _admin(get: object, post: object, targets: list[str] | None = None) -> dict:
    entry: dict = {"else": "admin-login", "GET": {get: ADMIN}, "POST": {post: ADMIN}}
    if targets:
        entry["targets"] = targets
    return entry


ADMIN_URLS: dict[str, dict] = {
    # Suivi's sign-in page serves the admin too; signed in, it does not exist.
    "admin:login": {"GET": {404: SIGNED_IN}, "POST": {404: SIGNED_IN}},
    "admin:index": _admin(200, 200),
    # Not an administrator: sent to the admin's index (which sends to its sign-in).
    "admin:logout": {**_admin(405, "login"), "else": 302},
    "admin:password_change": _admin(200, 200),
    "admin:password_change_done": _admin(200, 405),
    "admin:autocomplete": _admin(403, 405),
    "admin:jsi18n": _admin(200, 405),
    "admin:view_on_site": _admin(404, 404, ["admin:organisation"]),
    "admin:app_list": _admin(200, 200, ["admin-app:accounts"]),
    "route:admin/(?P<url>.*)$": _admin(404, 404, ["admin-url:nowhere"]),
    "admin:otp_totp_totpdevice_config": _admin(200, 200, ["admin:totpdevice"]),
    "admin:otp_totp_totpdevice_qrcode": _admin(200, 200, ["admin:totpdevice"]),
    "admin:auth_user_password_change": _admin(200, 200, ["admin:user"]),
}
# Each registered model: its list, add, history, delete and change pages, and the
# unnamed `<object_id>/` that redirects to the change page. `refuses`: what the
# model's admin refuses the administrator (403); `missing`: the demo has no row
# (its pages send back to the admin's index, 302).
ADMIN_MODELS = {
    "otp_totp_totpdevice": {"route": "admin/otp_totp/totpdevice/", "target": "admin:totpdevice"},
    "axes_accessattempt": {
        "route": "admin/axes/accessattempt/",
        "target": "admin:accessattempt",
        "refuses": {"add"},
        "missing": True,
    },
    "axes_accessfailurelog": {
        "route": "admin/axes/accessfailurelog/",
        "target": "admin:accessfailurelog",
        "refuses": {"add"},
        "missing": True,
    },
    "django_tasks_database_dbtaskresult": {
        "route": "admin/django_tasks_database/dbtaskresult/",
        "target": "admin:dbtaskresult",
        "refuses": {"add", "change", "delete"},
        "missing": True,
    },
    "core_auditevent": {
        "route": "admin/core/auditevent/",
        "target": "admin:auditevent",
        "refuses": {"add", "change", "delete"},
    },
    "accounts_user": {
        "route": "admin/accounts/user/",
        "target": "admin:user",
        "refuses": {"delete"},
    },
    "accounts_organisation": {
        "route": "admin/accounts/organisation/",
        "target": "admin:organisation",
        "refuses": {"delete"},
    },
}


def _or_refused(model: dict, action: str, answer: object) -> object:
    return 403 if action in model.get("refuses", ()) else answer


for _prefix, _model in ADMIN_MODELS.items():
    _target = [_model["target"]]
    _page = 302 if _model.get("missing") else 200
    _add = _or_refused(_model, "add", 200)
    _delete = _or_refused(_model, "delete", _page)
    ADMIN_URLS |= {
        f"admin:{_prefix}_changelist": _admin(200, 200),
        f"admin:{_prefix}_add": _admin(_add, _add),
        f"admin:{_prefix}_history": _admin(_page, _page, _target),
        f"admin:{_prefix}_delete": _admin(_delete, _delete, _target),
        # A change POSTed to a model that refuses it: 403 even for a missing row.
        f"admin:{_prefix}_change": _admin(_page, _or_refused(_model, "change", _page), _target),
        f"route:{_model['route']}<path:object_id>/": _admin(302, 302, _target),
    }
