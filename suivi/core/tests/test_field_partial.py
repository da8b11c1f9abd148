"""The shared field partial (templates/partials/field.html): radio buttons and
check boxes inside their labels under a legend, and a file input introduced
by a label in the user's language rather than the browser's "Choose File"."""

from django import forms
from django.template.loader import render_to_string
from django.utils import translation


class Sample(forms.Form):
    sex = forms.ChoiceField(
        label="Sexe", choices=[("women", "Femme"), ("men", "Homme")], widget=forms.RadioSelect
    )
    consent = forms.BooleanField(label="Consentement")
    file = forms.FileField(label="Fichier")


def _field(name: str, language: str = "fr") -> str:
    with translation.override(language):
        return render_to_string("partials/field.html", {"field": Sample()[name]})


def test_radio_buttons_are_a_group_under_a_legend_each_inside_its_label():
    html = _field("sex")
    assert html.startswith('<fieldset class="field">') and "<legend>Sexe</legend>" in html
    assert '<label for="id_sex_0"><input type="radio"' in html


def test_a_check_box_is_inside_its_label():
    html = _field("consent")
    assert '<label for="id_consent"><input type="checkbox"' in html
    assert "<span>Consentement</span></label>" in html


def test_a_file_input_is_introduced_in_the_users_language():
    assert "Choisir un fichier" in _field("file", "fr") and "Aucun fichier choisi" in _field("file")
    arabic = _field("file", "ar")
    assert "اختر ملفًا" in arabic and 'data-empty="لم يُختر أي ملف"' in arabic
    assert 'type="file"' in arabic and 'data-kind="file"' in arabic
