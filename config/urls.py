from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)

from config import views

urlpatterns = [
    path("", views.root, name="root"),
    path("health", views.health, name="health"),
    path("ready", views.ready, name="ready"),
    path("api/v1/", include("pipeline.urls")),
    path("api/v1/", include("supervisor.urls")),
    path("admin/", admin.site.urls),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="openapi-schema"), name="swagger-ui"),
    path("redoc", SpectacularRedocView.as_view(url_name="openapi-schema"), name="redoc"),
]

handler404 = "config.views.not_found"
handler500 = "config.views.internal_error"
