"""The pages every register gets: an overview with counts, a list (filters,
pagination, count, HTMX results), an xlsx export of the filtered list, a
detail, and a create/change form posted with HTMX.

An app describes its registers (`suivi.core.registers`) and joins them to its
selectors, policies and templates in a `RegisterSite`; its views module then
exposes the site's views under its own names. Core imports no domain app:
everything it reads or writes goes through the functions the site holds.
Also here, for lists and forms that are not registers: `submit` (a form
posted to a service) and `paged` (a page of a list and the query to keep).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from suivi.core.actors import Actor
from suivi.core.forms_errors import add_service_errors
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.core.register_forms import FilterForm, RecordForm
from suivi.core.registers import Catalogue, CellContext, Register, workbook
from suivi.core.spreadsheets import xlsx_response

PAGE_SIZE = 25


def no_content_redirect(url: str) -> HttpResponse:
    """What an HTMX form gets once saved: no content, and where to go."""
    response = HttpResponse(status=204)
    response["HX-Redirect"] = url
    return response


def submit(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], Any],
    success_url: str | Callable[[Any], str],
    success_message: str,
    htmx_redirect: Callable[[str], HttpResponse] = no_content_redirect,
    rename: Mapping[str, str] | None = None,
) -> HttpResponse | None:
    """On a valid POST, call `save(cleaned_data)` (a service) and answer with
    a redirect to `success_url` (a client redirect for HTMX). A refusal of
    rights is a 404; a broken rule goes on the form (`rename`: the service's
    field name → the form's), and None tells the view to show the form again
    (as it does for a GET or an invalid form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(dict(form.cleaned_data))
    except PermissionDenied as denied:
        raise Http404 from denied
    except ValidationError as error:
        add_service_errors(form, error, rename)
        return None
    messages.success(request, success_message)
    url = success_url(saved) if callable(success_url) else success_url
    if request.htmx:
        return htmx_redirect(url)
    return redirect(url)


def paged(request: AuthenticatedHttpRequest, found: Any, size: int) -> tuple[Page, str]:
    """The page the query string asks for, and the query string without the
    page (for the pager's and the export's links)."""
    page = Paginator(found, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def partial(request: AuthenticatedHttpRequest, template: str, fragment: str) -> str:
    """The template, or only its fragment when HTMX asks."""
    return f"{template}#{fragment}" if request.htmx else template


class RegisterSelectors(Protocol):
    """What a site reads through (an app's selectors module): the model of
    each kind, the records of a kind `user` may read (narrowed by the filter
    form's lookups), one of them or None, the count per kind, and the audit
    record of an export."""

    @property
    def MODELS(self) -> Mapping[str, type[models.Model]]: ...  # noqa: N802

    def records(
        self, user: Actor, kind: str, lookups: Mapping[str, object] | None = None
    ) -> Any: ...

    def record(self, user: Actor, kind: str, pk: object) -> Any: ...

    def counts(self, user: Actor) -> Mapping[str, int]: ...

    def record_export(self, user: Actor, kind: str, count: int) -> None: ...


@dataclass(frozen=True)
class RegisterSite:
    """An app's registers joined to what reads, checks and shows them."""

    # The URL namespace (names `list`, `export`, `create`, `detail`, `edit`)
    # and the templates' folder (`index.html`, `detail.html`; the list and
    # the form are core's `core/registers/list.html` and `form.html`).
    namespace: str
    catalogue: Catalogue
    selectors: RegisterSelectors
    may_view: Callable[[Actor], bool]
    may_manage: Callable[[Actor], bool]
    # The querysets a form may offer for a field (intervention, activity…).
    scoped: Callable[[Actor], Mapping[str, Any]]
    # The export's file name: f"{export_prefix}-{slug}.xlsx".
    export_prefix: str
    # What the app's detail page shows besides the record's columns (its
    # history, child rows, forms): (request, register, record, may_manage).
    detail_context: Callable[[AuthenticatedHttpRequest, Register, Any, bool], dict[str, Any]]
    # The path converter of a record's key in the URLs.
    key: str = "uuid"
    # The name of the app's registers, first in the pages' breadcrumbs.
    section: str | Promise = ""
    # Links a register's list offers beside « Add » (text, URL).
    list_links: Callable[[Register], list[tuple[str | Promise, str]]] = lambda register: []

    def detail_url(self, register: Register, pk: object) -> str:
        return reverse(f"{self.namespace}:detail", args=[register.slug, pk])

    def page_urls(self, register: Register, item: Any = None) -> dict[str, str]:
        """The links the shared list and form pages show."""
        urls = {
            name: reverse(f"{self.namespace}:{name}", args=[register.slug])
            for name in ("list", "export", "create")
        }
        urls["index"] = reverse(f"{self.namespace}:index")
        if item is not None:
            urls["detail"] = self.detail_url(register, item.pk)
        return urls

    def require_view(self, request: AuthenticatedHttpRequest) -> None:
        if not self.may_view(request.user):
            raise Http404

    def require_manage(self, request: AuthenticatedHttpRequest) -> None:
        if not self.may_manage(request.user):
            raise Http404

    def filter_form(self, request: AuthenticatedHttpRequest, register: Register) -> FilterForm:
        return FilterForm(
            request.GET or None,
            register=register,
            model=self.selectors.MODELS[register.kind],
            scoped=self.scoped(request.user),
        )

    def filtered(
        self, request: AuthenticatedHttpRequest, register: Register
    ) -> tuple[FilterForm, Any]:
        form = self.filter_form(request, register)
        context = CellContext(today=timezone.localdate())
        lookups = form.lookups(context) if form.is_bound else {}
        return form, self.selectors.records(request.user, register.kind, lookups)

    def urls(self, prefix: str) -> list[URLPattern]:
        """The register pages under `prefix` (a register's URL segment next):
        names `index`, `list`, `export`, `create`, `detail` and `edit`."""
        read, write = require_GET, require_http_methods(["GET", "POST"])
        return [
            path(prefix, read(self.index), name="index"),
            path(f"{prefix}<str:kind>/", read(self.list), name="list"),
            path(f"{prefix}<str:kind>/export/", read(self.export), name="export"),
            path(f"{prefix}<str:kind>/nouveau/", write(self.edit), name="create"),
            path(f"{prefix}<str:kind>/<{self.key}:pk>/", read(self.detail), name="detail"),
            path(f"{prefix}<str:kind>/<{self.key}:pk>/modifier/", write(self.edit), name="edit"),
        ]

    # --- the views -------------------------------------------------------

    def index(self, request: AuthenticatedHttpRequest) -> HttpResponse:
        self.require_view(request)
        counts = self.selectors.counts(request.user)
        return render(
            request,
            f"{self.namespace}/index.html",
            {
                "registers": [(r, counts[r.kind]) for r in self.catalogue.registers],
                "may_manage": self.may_manage(request.user),
            },
        )

    def list(self, request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
        self.require_view(request)
        register = self.catalogue.by_slug(kind)
        form, found = self.filtered(request, register)
        page, query = paged(request, found, PAGE_SIZE)
        context = CellContext(today=timezone.localdate())
        rows = [
            (self.detail_url(register, item.pk), register.cells(item, context))
            for item in page.object_list
        ]
        return render(
            request,
            partial(request, "core/registers/list.html", "results"),
            {
                "register": register,
                "form": form,
                "page": page,
                "rows": rows,
                "query": query,
                "may_manage": self.may_manage(request.user),
                "section": self.section,
                "urls": self.page_urls(register),
                "links": self.list_links(register),
            },
        )

    def export(self, request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
        """The filtered register as an xlsx workbook (cells through `tabular`)."""
        self.require_view(request)
        register = self.catalogue.by_slug(kind)
        _form, found = self.filtered(request, register)
        content, count = workbook(register, found, CellContext(today=timezone.localdate()))
        self.selectors.record_export(request.user, register.kind, count)
        return xlsx_response(content, f"{self.export_prefix}-{register.slug}.xlsx")

    def detail(self, request: AuthenticatedHttpRequest, kind: str, pk: str) -> HttpResponse:
        register = self.catalogue.by_slug(kind)
        item = or_404(self.selectors.record(request.user, register.kind, pk))
        may_manage = self.may_manage(request.user)
        context = CellContext(today=timezone.localdate())
        return render(
            request,
            f"{self.namespace}/detail.html",
            {
                "register": register,
                "item": item,
                "fields": register.cells(item, context),
                "may_manage": may_manage,
                **self.detail_context(request, register, item, may_manage),
            },
        )

    def edit(
        self, request: AuthenticatedHttpRequest, kind: str, pk: str | None = None
    ) -> HttpResponse:
        """Create (no pk) or change a record; the form posts through HTMX and
        comes back with its errors, or the browser goes to the record."""
        self.require_manage(request)
        register = self.catalogue.by_slug(kind)
        item = or_404(self.selectors.record(request.user, register.kind, pk)) if pk else None
        form = RecordForm(
            request.POST or None,
            register=register,
            model=self.selectors.MODELS[register.kind],
            scoped=self.scoped(request.user),
            record=item,
        )
        answer = submit(
            request,
            form,
            save=lambda data: register.save(request.user, item, data),
            success_url=lambda saved: self.detail_url(register, saved.pk),
            success_message=_("Saved."),
        )
        if answer is not None:
            return answer
        return render(
            request,
            partial(request, "core/registers/form.html", "record-form"),
            {
                "register": register,
                "item": item,
                "form": form,
                "section": self.section,
                "urls": self.page_urls(register, item),
            },
        )
