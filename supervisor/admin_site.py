"""The admin site, branded as the supervisors' console, with the queue on its index page."""

from __future__ import annotations

from django.contrib import admin

from pipeline.models import PendingApproval
from pipeline.selectors import pending_approval_counts


class SupervisorAdminSite(admin.AdminSite):
    site_header = "CRM Triage — Supervisor console"
    site_title = "CRM Triage"
    index_title = "Supervisor console"
    # The queue needs the width more than a menu of the few models there are.
    enable_nav_sidebar = False
    # A name of our own: "admin/index.html" would be found in django.contrib.admin
    # first, since the template loaders follow INSTALLED_APPS.
    index_template = "admin/console_index.html"

    def index(self, request, extra_context=None):
        extra_context = extra_context or {}
        queue_admin = self._registry.get(PendingApproval)
        if queue_admin and queue_admin.has_view_permission(request):
            extra_context["queue_counts"] = pending_approval_counts()
        return super().index(request, extra_context)
