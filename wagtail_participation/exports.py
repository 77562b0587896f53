"""Exports every method shares: cells a spreadsheet cannot run as formulas, the streamed CSV
download, the write-only XLSX workbook, and the prepared XLSX exports with their status and
download views.

A method's export views are :class:`ExportStatusView` and :class:`ExportDownloadView` with its
own export model, permission, URL namespace, file name, title and way back: one mixin of those,
handed to :func:`export_urlpatterns`; its "prepare" view subclasses :class:`PrepareExportView`."""

from __future__ import annotations

import csv
import secrets
import tempfile
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from wagtail_participation.staff_second_factor import second_factor_required

# Spreadsheets run a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a spreadsheet shows it: text never runs as a formula, times in the site's zone."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        # Excel knows no time zones: write the local wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def fill_export(model, export_id: int, prefix: str, write) -> str:
    """Build the XLSX of one prepared export (an ``IdeaExport``, ``SurveyExport``...): move its
    status along, let ``write(export, handle, on_progress)`` write the workbook, store the file
    under a name nobody can guess, and record a failure. Shared by every export task."""
    exports = model.objects.filter(pk=export_id)
    export = exports.select_related("record").first()
    if export is None or export.is_finished:
        return ""
    exports.update(status=model.RUNNING, progress=0)
    try:
        with tempfile.TemporaryFile() as handle:
            write(export, handle, lambda percent: exports.update(progress=percent))
            handle.seek(0)
            # A random part in the name: the file is not guessable even where media is served publicly.
            name = f"{prefix}-{export.record_id}-{secrets.token_hex(8)}.xlsx"
            export.file.save(name, File(handle), save=False)
    except Exception as error:
        exports.update(status=model.FAILED, error=f"{type(error).__name__}: {error}")
        raise
    exports.update(status=model.DONE, progress=100, file=export.file.name)
    return export.file.name


class Echo:
    """A file-like object that hands each written line straight back (for streaming CSV)."""

    def write(self, value):
        return value


def csv_cell(value):
    """A :func:`safe_cell` as CSV text wants it: moments to the minute, in the site's zone."""
    value = safe_cell(value)
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "hour") else value


def streamed_csv(filename: str, header: list, rows: Iterable) -> StreamingHttpResponse:
    """A CSV download written row by row as ``rows`` yields them, so a large export needs neither
    memory nor waiting. Every cell goes through :func:`csv_cell` (no formulas)."""
    writer = csv.writer(Echo())

    def lines():
        yield "\ufeff"  # a byte order mark, so spreadsheet programs read UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_xlsx(handle, sheets: Iterable[tuple[str, list, Iterable]]) -> None:
    """Write ``(title, header, rows)`` sheets to ``handle`` as XLSX in openpyxl's write-only mode
    (rows are streamed, never kept), every cell through :func:`safe_cell`. ``sheets`` may be a
    generator: it is asked for the next sheet once the previous one is written (the moment to
    report progress)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
    workbook.save(handle)


class PrepareExportView(View):
    """POST only: queue a prepared export of ``self.record`` (set by the view's dispatch) and show
    its status page. Subclasses set ``export_model``, ``build_task`` (the task that fills it) and
    ``namespace`` (the URL namespace with an ``export`` route)."""

    http_method_names = ["post"]
    export_model = None
    build_task = None
    namespace = ""

    def post(self, request, *args, **kwargs):
        export = self.export_model.objects.create(record=self.record, requested_by=request.user)
        # After commit: a worker process must find the row.
        transaction.on_commit(lambda: self.build_task.enqueue(export.pk))
        return redirect(reverse(f"{self.namespace}:export", args=(export.pk,)))


class ExportMixin:
    """Loads a prepared export and checks who may see it, on every request.

    Subclasses set ``export_model`` (a ``BackgroundExport``), ``permission_check(user)``,
    ``namespace`` (the URL namespace with ``export`` and ``download`` routes) and
    ``file_prefix``, and override :meth:`back_link` and :meth:`export_breadcrumbs`."""

    export_model = None
    permission_check = None
    namespace = ""
    file_prefix = "export"

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_check(request.user):
            raise PermissionDenied
        self.export = get_object_or_404(self.export_model.objects.select_related("record"), pk=kwargs["pk"])
        self.record = self.export.record
        return super().dispatch(request, *args, **kwargs)

    def back_link(self) -> tuple[str, str]:
        """Where "back" goes from the export's page: ``(url, label)``."""
        raise NotImplementedError

    def export_breadcrumbs(self) -> list[dict]:
        """The breadcrumbs between the admin's home and the export's own page."""
        return []


class ExportStatusView(ExportMixin, WagtailAdminTemplateMixin, TemplateView):
    """Progress of an export; fetched again by a small script until it is ready (see the template)."""

    template_name = "wagtail_participation/admin/export_status.html"
    header_icon = "download"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + self.export_breadcrumbs() + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        back_url, back_label = self.back_link()
        return super().get_context_data(**kwargs) | {
            "export": self.export,
            "download_url": reverse(f"{self.namespace}:download", args=(self.export.pk,)),
            "back_url": back_url,
            "back_label": back_label,
        }


class ExportDownloadView(ExportMixin, View):
    def get(self, request, *args, **kwargs):
        if self.export.status != self.export_model.DONE or not self.export.file:
            return redirect(reverse(f"{self.namespace}:export", args=(self.export.pk,)))  # not ready: see its progress
        return FileResponse(
            self.export.file.open("rb"),
            as_attachment=True,
            filename=f"{self.file_prefix}-{self.record.pk}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


def export_urlpatterns(export_settings: type) -> list:
    """A method viewset's routes ``export`` (progress) and ``download`` for its prepared exports,
    their views made of ``export_settings`` (a mixin with what :class:`ExportMixin` asks for)."""
    name = export_settings.__name__.removesuffix("Mixin")
    attributes = {"__module__": export_settings.__module__}
    status = type(f"{name}StatusView", (export_settings, ExportStatusView), attributes)
    download = type(f"{name}DownloadView", (export_settings, ExportDownloadView), attributes)
    # Personal data: the staff's second factor is asked for (docs/staff-accounts.md).
    return [
        path("exports/<int:pk>/", second_factor_required(status.as_view()), name="export"),
        path("exports/<int:pk>/download/", second_factor_required(download.as_view()), name="download"),
    ]
