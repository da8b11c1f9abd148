"""The forms of the steering pages besides a register's record and filters
(`suivi.core.register_forms`, with the choices `scoped` gives): an action,
a status step, an attendance line, the minutes, and the graded
sub-questions of a quality criterion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suivi.core.actors import Actor
from suivi.core.register_forms import DATE, TEXTAREA
from suivi.governance import selectors
from suivi.governance.models import Grade


def scoped(user: Actor) -> dict[str, Any]:
    """What the record and filter forms may offer, for `user`."""
    return {
        "intervention": selectors.interventions(user),
        "result": selectors.results(user),
        "activity": selectors.activities(user),
        "meeting": selectors.meetings(user),
        "decision": selectors.decisions(user),
        "revision": selectors.revisions(user),
        "organisation": selectors.organisations(user),
    }


class ActionForm(forms.Form):
    action = forms.CharField(label=_("Action"), widget=TEXTAREA)
    responsible = forms.CharField(label=_("Responsible"), max_length=200, required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    progress = forms.CharField(label=_("Progress"), widget=TEXTAREA, required=False)


class StepForm(forms.Form):
    note = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class ParticipationForm(forms.Form):
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
    )
    institution = forms.CharField(label=_("Or another institution"), max_length=200, required=False)
    state_institution = forms.BooleanField(label=_("State institution"), required=False)
    attendees = forms.IntegerField(
        label=_("People present"), min_value=1, max_value=500, required=False
    )
    focal_points = forms.IntegerField(
        label=_("Focal points present"), min_value=0, max_value=500, required=False
    )

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations(user)  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    minutes = forms.FileField(label=_("Minutes (PDF or Word)"))


GRADE_CHOICES = [("", "—"), *Grade.choices]


class GradesForm(forms.Form):
    """The sub-questions of a criterion, each with its grade; a blank line
    at the end adds one."""

    def __init__(self, *args: Any, answers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for position in range(1, len(answers) + 2):
            answer = answers[position - 1] if position <= len(answers) else None
            question = forms.CharField(
                label=_("Sub-question %(n)d") % {"n": position},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=answer.question if answer else "",
            )
            grade = forms.ChoiceField(
                label=_("Grade"),
                choices=GRADE_CHOICES,
                required=False,
                initial=answer.grade if answer else "",
            )
            statement = forms.CharField(
                label=_("Statement chosen"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=answer.statement if answer else "",
            )
            self.fields[f"question_{position}"] = question
            self.fields[f"grade_{position}"] = grade
            self.fields[f"statement_{position}"] = statement
            self.rows.append(position)

    def answers(self) -> list[tuple[str, str, str]]:
        data = self.cleaned_data
        return [
            (data[f"question_{n}"], data[f"grade_{n}"], data[f"statement_{n}"])
            for n in self.rows
            if data[f"question_{n}"].strip() or data[f"grade_{n}"]
        ]

    def bound_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"question_{n}"], self[f"grade_{n}"], self[f"statement_{n}"]) for n in self.rows
        ]
