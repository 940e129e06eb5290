"""Fixtures for the agents' tests: a Gemini emulator, providers pointed at it, a fake clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from crm_agents.providers.gemini import GeminiProvider
from crm_agents.providers.local import LocalProvider
from crm_agents.providers.resilience import CircuitBreaker
from tests.gemini_emulator import GeminiEmulator


class FakeClock:
    """A monotonic clock that only moves when the test says so."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def _gemini_emulator_server() -> Iterator[GeminiEmulator]:
    with pytest.MonkeyPatch.context() as env:
        # httpx honours HTTP_PROXY even for loopback addresses.
        env.setenv("NO_PROXY", "127.0.0.1,localhost")
        env.setenv("no_proxy", "127.0.0.1,localhost")
        env.delenv("GOOGLE_GENAI_USE_VERTEXAI", raising=False)
        with GeminiEmulator() as emulator:
            yield emulator


@pytest.fixture
def gemini_emulator(_gemini_emulator_server: GeminiEmulator) -> Iterator[GeminiEmulator]:
    """The session's emulator, with an empty script and log for this test."""
    _gemini_emulator_server.reset()
    yield _gemini_emulator_server
    _gemini_emulator_server.reset()


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_gemini(
    gemini_emulator: GeminiEmulator, fake_clock: FakeClock
) -> Iterator[Callable[..., GeminiProvider]]:
    """Build a ``GeminiProvider`` on the emulator with test-sized timeouts; override any option."""
    built: list[GeminiProvider] = []

    def make(**overrides: Any) -> GeminiProvider:
        options: dict[str, Any] = {
            "api_key": "test-key",
            "base_url": gemini_emulator.url,
            "call_timeout_s": 0.5,
            "max_attempts": 3,
            "initial_backoff_s": 0.01,
            "max_backoff_s": 0.05,
            "jitter_s": 0.01,
            "min_attempt_s": 0.05,
            "breaker": CircuitBreaker(5, 30.0, clock=fake_clock),
        }
        options.update(overrides)
        provider = GeminiProvider(**options)
        built.append(provider)
        return provider

    yield make
    for provider in built:
        provider.close()


@pytest.fixture
def gemini_provider(make_gemini: Callable[..., GeminiProvider]) -> GeminiProvider:
    return make_gemini()


@pytest.fixture
def local_provider() -> LocalProvider:
    return LocalProvider()
