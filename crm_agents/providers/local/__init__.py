"""The offline provider: rules and templates written in this project, no network."""

from crm_agents.providers.local.provider import LocalProvider

__all__ = ["LocalProvider"]
