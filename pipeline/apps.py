import logging

from django.apps import AppConfig

logger = logging.getLogger(__name__)


class PipelineConfig(AppConfig):
    name = "pipeline"
    verbose_name = "Triage pipeline"
