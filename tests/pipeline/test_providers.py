"""The provider factory: one provider per process, even when threads ask at once."""

from __future__ import annotations

import time

import pytest

from pipeline import providers
from tests.concurrency import concurrently


@pytest.fixture
def slow_local_provider(monkeypatch):
    built = []

    class SlowLocalProvider(providers.LocalProvider):
        def __init__(self):
            # Long enough for every thread to reach the factory while it builds.
            time.sleep(0.05)
            built.append(self)

    monkeypatch.setattr(providers, "LocalProvider", SlowLocalProvider)
    providers.fallback_provider.cache_clear()
    yield built
    providers.fallback_provider.cache_clear()


def test_concurrent_first_calls_build_one_provider(settings, slow_local_provider):
    settings.LLM_PROVIDER = "local"
    got = concurrently(16, lambda _: providers.configured_provider())

    assert len(slow_local_provider) == 1
    assert len(got) == 16
    assert all(provider is slow_local_provider[0] for provider in got)
