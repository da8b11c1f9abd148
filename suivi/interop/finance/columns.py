"""Columns of the finance files (French headers: the file format), and the
parsing of their amounts and dates."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suivi.interop.logframe.template import Column

BUDGET_SHEETS = ["Budget", "الميزانية"]
BUDGET_COLUMNS = [
    Column("code", "Code", gettext_lazy("DTF budget code: A, A 01, A 01 01, X 01, Z 01 01…"), True),
    Column("title", "Libellé", gettext_lazy("Title of the heading or line."), True),
    Column(
        "mode",
        "Mode d'exécution",
        gettext_lazy("Régie or Cogestion for a line; empty for a heading."),
    ),
    Column(
        "amount",
        "Montant (EUR)",
        gettext_lazy(
            "Amount of a line; a heading's amount, if given, must be the sum of its lines."
        ),
    ),
]

EXPENSE_SHEETS = ["Dépenses", "المصاريف", "Expenses"]
EXPENSE_COLUMNS = [
    Column(
        "document_number",
        "N° pièce",
        gettext_lazy("Accounting document number; it identifies the expense."),
        True,
    ),
    Column("line_code", "Ligne budgétaire", gettext_lazy("Budget line code, e.g. A 01 03."), True),
    Column("date", "Date", gettext_lazy("YYYY-MM-DD or DD/MM/YYYY."), True),
    Column("amount", "Montant (EUR)", gettext_lazy("In euros, two decimals at most."), True),
    Column(
        "kind",
        "Type",
        gettext_lazy("dépense (default) or engagement (a commitment)."),
    ),
    Column("description", "Libellé", gettext_lazy("What was paid.")),
    Column("supplier", "Fournisseur", gettext_lazy("Supplier or beneficiary.")),
]

MODES = {
    "regie": "regie",
    "régie": "regie",
    "cogestion": "cogestion",
    "co-gestion": "cogestion",
    "direct management": "regie",
    "co-management": "cogestion",
    "ريجي": "regie",
}
KINDS = {
    "": "expense",
    "dépense": "expense",
    "depense": "expense",
    "expense": "expense",
    "engagement": "commitment",
    "commitment": "commitment",
}

# 1.005.500 or 1.250,50 (dots between thousands); 12.345 alone is a decimal.
THOUSANDS_DOTS = re.compile(r"-?\d{1,3}((\.\d{3}){2,}(,\d{1,2})?|(\.\d{3})+,\d{1,2})")


def parse_amount(text: str) -> Decimal | str:
    """An amount in euros: ``1 005 500``, ``1.005.500``, ``120700,50``,
    ``120700.5``; the reason when it is not one."""
    compact = re.sub(r"[\s\u00a0\u202f€]", "", text)
    if THOUSANDS_DOTS.fullmatch(compact):
        compact = compact.replace(".", "").replace(",", ".")
    else:
        compact = compact.replace(",", ".")
    try:
        amount = Decimal(compact)
    except InvalidOperation:
        return _("Not an amount: write digits, e.g. 1250.50.")
    if not amount.is_finite():
        return _("Not an amount: write digits, e.g. 1250.50.")
    if amount != amount.quantize(Decimal("0.01")):
        return _("More than two decimals.")
    if abs(amount) >= Decimal("1e12"):
        return _("The amount is too large.")
    return amount.quantize(Decimal("0.01"))
