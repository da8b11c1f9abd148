from django.urls import path

from suivi.indicators.views import definition, disaggregation, entry, progress, review, sheet

app_name = "indicators"

urlpatterns = [
    path("indicateurs/<uuid:pk>/", sheet.sheet, name="sheet"),
    path("indicateurs/<uuid:pk>/modifier/", definition.edit, name="edit"),
    path("indicateurs/<uuid:pk>/traductions/", definition.translate, name="translate"),
    path("indicateurs/<uuid:pk>/valeurs/<int:year>/", entry.entry, name="entry"),
    path("valeurs/<uuid:pk>/approuver/", review.approve, name="approve"),
    path("valeurs/<uuid:pk>/renvoyer/", review.return_for_revision, name="return"),
    path("valeurs/<uuid:pk>/pieces/", entry.evidence_add, name="evidence_add"),
    path("pieces/<uuid:pk>/", sheet.evidence_download, name="evidence"),
    path("revue/", review.queue, name="review_queue"),
    path("desagregations/", disaggregation.dimensions, name="dimensions"),
    path("interventions/<str:code>/progression/", progress.progress, name="progress"),
    path("interventions/<str:code>/periodes/", progress.period_list, name="periods"),
    path("periodes/<uuid:pk>/verrouiller/", progress.lock, name="lock_period"),
]
