"""The logframe workbook: one template for download, import and export.

`template` names the sheets and columns, `reader` turns a workbook into a
validated plan (or a list of issues naming sheet, row, column and reason),
`importer` applies a plan through the services in one transaction, and
`exporter` writes the current framework back into the same template.
"""
