import logging

from django.apps import AppConfig

logger = logging.getLogger(__name__)


class PipelineConfig(AppConfig):
    name = "pipeline"
    verbose_name = "Triage pipeline"

    def ready(self):
        from pipeline.providers import provider_description

        logger.info(provider_description())
