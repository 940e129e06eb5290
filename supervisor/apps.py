from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SupervisorConfig(AppConfig):
    name = "supervisor"
    verbose_name = "Supervisor console"

    def ready(self):
        from supervisor.groups import supervisors_group_ensure

        # After migrate, when the permissions exist: also on a fresh test database.
        post_migrate.connect(supervisors_group_ensure, sender=self)
