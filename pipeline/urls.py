from django.urls import path

from pipeline.apis import WebhookMessageApi

urlpatterns = [
    path("webhook/messages", WebhookMessageApi.as_view(), name="webhook-messages"),
]
