"""The service catalogue workbook: service types, their details and values,
trades, centres and the periods the intervention targets them (export, edit,
import — all or nothing, idempotent). See docs/imports.md."""
