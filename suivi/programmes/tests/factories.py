"""Builders for programmes test data: an intervention with a small chain."""

from datetime import date

import factory

from suivi.programmes.models import Intervention, LogframeRevision, Programme, ResultNode


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"prog-{n}")
    title = factory.Sequence(lambda n: f"Programme {n}")


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"MOR{1605200 + n}")
    short_name = factory.Sequence(lambda n: f"Intervention {n}")
    title = factory.LazyAttribute(lambda o: f"{o.short_name} (titre)")
    start_date = date(2018, 1, 1)
    end_date = date(2022, 12, 31)


class RevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogframeRevision

    intervention = factory.SubFactory(InterventionFactory)
    number = factory.Sequence(lambda n: n + 1)
    label = "DTF"
    reason = "Cadre initial"


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResultNode

    intervention = factory.SelfAttribute("introduced_in.intervention")
    introduced_in = factory.SubFactory(RevisionFactory)
    code = factory.Sequence(lambda n: f"OI{n}")
    level = "output"
    title = factory.Sequence(lambda n: f"Résultat {n}")
