from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("support/escalate/<int:pk>/", views.escalate, name="escalate"),
    path("support/webhook/", views.support_webhook, name="support-webhook"),
]
