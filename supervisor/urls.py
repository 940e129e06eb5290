from django.urls import path

from supervisor.apis import DecideApi, LoginApi, PendingListApi

urlpatterns = [
    path("auth/login", LoginApi.as_view(), name="auth-login"),
    path("supervisor/pending", PendingListApi.as_view(), name="supervisor-pending"),
    path("supervisor/decide", DecideApi.as_view(), name="supervisor-decide"),
]
