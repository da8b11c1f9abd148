from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from suivi.accounts import services
from suivi.accounts.models import Membership, Organisation, User
from suivi.core import text


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "is_active"]
    fk_name = "user"

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # end memberships instead, so the audit trail keeps its references


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Preferences"), {"fields": ("preferred_language",)}),
    )
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # deactivate users; their audit events must keep pointing at them


class OrganisationForm(forms.ModelForm):
    """The names checked as the service checks them (`suivi.core.text`), so a
    refused character is shown beside its field, never raised on saving."""

    class Meta:
        model = Organisation
        fields = ["code", "name", "short_name", "kind", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name", "short_name"):
            if name in self.fields:
                self.fields[name].validators.append(text.validate_line)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Organisations are written through `services.create_organisation` and
    `services.update_organisation`: the admin's saves are cleaned and audited
    like every other write. The code is fixed once created."""

    form = OrganisationForm
    list_display = ["short_name", "name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "short_name", "name"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actor, data = request.user, form.cleaned_data
        assert isinstance(actor, User)  # the admin site requires a signed-in administrator
        values = {k: data[k] for k in ("name", "short_name", "kind", "is_active")}
        if change:
            saved = services.update_organisation(actor=actor, organisation=obj, **values)
        else:
            saved = services.create_organisation(actor=actor, code=data["code"], **values)
        # The admin logs and redirects with `obj`: give it the stored record.
        obj.pk, obj._state.adding = saved.pk, False
        for name in ("code", *values, "created_at", "updated_at"):
            setattr(obj, name, getattr(saved, name))

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
