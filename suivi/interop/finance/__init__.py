"""Finance files: the budget workbook (an intervention's DTF budget annex)
and the accounting extract of expenses, read within the bounds of
`interop.reading` and written through `finance.services`."""
