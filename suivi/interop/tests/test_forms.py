"""Upload forms."""

from django.core.files.uploadedfile import SimpleUploadedFile

from suivi.interop.forms import LogframeUploadForm


def test_the_logframe_upload_form_checks_its_texts_before_the_task_runs():
    form = LogframeUploadForm(
        {"label": "Cadre\u202e", "reason": "COPIL\r\n2019", "decision_reference": "D\x07"},
        {"file": SimpleUploadedFile("cadre.xlsx", b"PK")},
    )
    assert not form.is_valid()
    assert set(form.errors) == {"label", "decision_reference"}
