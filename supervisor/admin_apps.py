"""Django's admin app with our site as ``admin.site``, the way Django documents it.

Its own module: ``supervisor/apps.py`` may hold only the supervisor app's config
for Django to find it, and the site module imports models, which must wait.
"""

from django.contrib.admin.apps import AdminConfig


class SupervisorAdminConfig(AdminConfig):
    default_site = "supervisor.admin_site.SupervisorAdminSite"
