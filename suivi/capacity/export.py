"""A capacity register as an xlsx workbook: the columns of its list, one row
per record, every cell written through `suivi.core.tabular` (a text never
becomes a formula; dates and numbers keep their types)."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import Any

from openpyxl import Workbook

from suivi.capacity.registers import Register
from suivi.core.tabular import append_row


def workbook(register: Register, records: Iterable[Any]) -> tuple[bytes, int]:
    """The workbook's bytes and how many records it holds; a training's
    participants follow on a second sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(register.title)[:31]
    append_row(sheet, [column.label for column in register.columns])
    count = 0
    kept = []
    for item in records:
        append_row(sheet, [column.value(item) for column in register.columns])
        kept.append(item)
        count += 1
    if register.kind == "training":
        from django.utils.translation import gettext as _

        lines = book.create_sheet(str(_("Participants"))[:31])
        append_row(
            lines,
            [
                _("Training"),
                _("Last day"),
                _("Institution"),
                _("State institution"),
                _("Function"),
                _("Sex"),
                _("Pre-test score"),
                _("Post-test score"),
                _("Maximum test score"),
                _("Satisfaction"),
            ],
        )
        for training in kept:
            for p in training.participants.all():
                append_row(
                    lines,
                    [
                        training.topic,
                        training.ends_on,
                        p.institution_name,
                        p.state_institution,
                        p.function,
                        p.get_sex_display(),
                        p.pre_score,
                        p.post_score,
                        training.max_score,
                        p.get_satisfaction_display(),
                    ],
                )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count
