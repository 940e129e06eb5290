"""Triage: the routing matrix, the SLA boundary, and the briefing written only on escalation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crm_agents import triage
from crm_agents.deadline import Deadline
from crm_agents.providers.base import LLMError, Task
from crm_agents.schemas import Action, Analysis, Intent, Sentiment
from tests.crm_agents.doubles import Answers

NOW = datetime(2026, 2, 26, 10, 0, tzinfo=UTC)
THRESHOLD_HOURS = 2.0
BRIEFING = "The customer wants a refund and is upset. Weigh the waiting time before deciding."

POS, NEU, NEG = Sentiment.POSITIVE, Sentiment.NEUTRAL, Sentiment.NEGATIVE
REFUND, SUPPORT, INQUIRY = Intent.REFUND_REQUEST, Intent.SUPPORT_REQUEST, Intent.GENERAL_INQUIRY
ESCALATE, REFUND_IT, STANDARD = (
    Action.ESCALATE_TO_HUMAN,
    Action.PROCESS_REFUND,
    Action.SEND_STANDARD_RESPONSE,
)

# The contract, written out case by case rather than recomputed: negative
# sentiment or a breached SLA escalates; otherwise a refund request is refunded;
# anything else gets the standard response.
MATRIX = [
    (POS, REFUND, False, REFUND_IT),
    (POS, SUPPORT, False, STANDARD),
    (POS, INQUIRY, False, STANDARD),
    (NEU, REFUND, False, REFUND_IT),
    (NEU, SUPPORT, False, STANDARD),
    (NEU, INQUIRY, False, STANDARD),
    (NEG, REFUND, False, ESCALATE),
    (NEG, SUPPORT, False, ESCALATE),
    (NEG, INQUIRY, False, ESCALATE),
    (POS, REFUND, True, ESCALATE),
    (POS, SUPPORT, True, ESCALATE),
    (POS, INQUIRY, True, ESCALATE),
    (NEU, REFUND, True, ESCALATE),
    (NEU, SUPPORT, True, ESCALATE),
    (NEU, INQUIRY, True, ESCALATE),
    (NEG, REFUND, True, ESCALATE),
    (NEG, SUPPORT, True, ESCALATE),
    (NEG, INQUIRY, True, ESCALATE),
]


def _triage(analysis, *, timestamp, provider, fallback):
    return triage.triage(
        "I was promised a refund last week",
        analysis,
        client_id="CRM-7",
        timestamp=timestamp,
        now=NOW,
        threshold_hours=THRESHOLD_HOURS,
        provider=provider,
        fallback=fallback,
        deadline=Deadline(5),
    )


def test_the_matrix_covers_every_combination():
    assert {(s, i, b) for s, i, b, _ in MATRIX} == {
        (s, i, b) for s in Sentiment for i in Intent for b in (False, True)
    }


@pytest.mark.parametrize(
    ("sentiment", "intent", "breached", "expected"),
    MATRIX,
    ids=[f"{s}-{i}-{'late' if b else 'on_time'}" for s, i, b, _ in MATRIX],
)
def test_routing_matrix(sentiment, intent, breached, expected, local_provider):
    analysis = Analysis(sentiment, intent, "en")
    writer = Answers(text=BRIEFING)
    waited = timedelta(hours=5) if breached else timedelta(minutes=30)

    decision = _triage(analysis, timestamp=NOW - waited, provider=writer, fallback=local_provider)

    assert triage.route(analysis, breached=breached) == expected
    assert decision.proposed_action == expected
    assert decision.sla_breached is breached
    if expected == ESCALATE:
        assert decision.supervisor_note == BRIEFING
        assert [request.task for request in writer.requests] == [Task.BRIEF]
        assert [record.step for record in decision.records] == ["triage"]
    else:
        assert decision.supervisor_note is None
        assert writer.requests == []
        assert decision.records == ()


# -- the SLA boundary ---------------------------------------------------------

PLUS_TWO = timezone(timedelta(hours=2))
MINUS_FIVE = timezone(timedelta(hours=-5))


@pytest.mark.parametrize(
    ("timestamp", "breached"),
    [
        pytest.param(NOW - timedelta(hours=2), False, id="exactly-at-threshold"),
        pytest.param(NOW - timedelta(hours=2, seconds=1), True, id="one-second-over"),
        pytest.param(
            NOW - timedelta(hours=1, minutes=59, seconds=59), False, id="one-second-under"
        ),
        # 10:00 at +02:00 is 08:00 UTC: two hours before NOW.
        pytest.param(
            datetime(2026, 2, 26, 10, 0, tzinfo=PLUS_TWO), False, id="offset-at-threshold"
        ),
        pytest.param(
            datetime(2026, 2, 26, 9, 59, 59, tzinfo=PLUS_TWO), True, id="offset-one-second-over"
        ),
        # 03:00 at -05:00 is 08:00 UTC as well.
        pytest.param(datetime(2026, 2, 26, 3, 0, tzinfo=MINUS_FIVE), False, id="negative-offset"),
        pytest.param(
            datetime(2026, 2, 26, 2, 59, 59, tzinfo=MINUS_FIVE), True, id="negative-offset-over"
        ),
        pytest.param(datetime(2026, 2, 26, 8, 0), False, id="naive-at-threshold"),
        pytest.param(datetime(2026, 2, 26, 7, 59, 59), True, id="naive-one-second-over"),
        pytest.param(NOW + timedelta(hours=3), False, id="in-the-future"),
        pytest.param(NOW + timedelta(days=365), False, id="far-in-the-future"),
        pytest.param(NOW - timedelta(days=30), True, id="long-ago"),
    ],
)
def test_sla_is_breached_only_strictly_past_the_threshold(timestamp, breached):
    assert triage.sla_breached(timestamp, now=NOW, threshold_hours=THRESHOLD_HOURS) is breached


def test_a_naive_timestamp_is_read_as_utc():
    naive = datetime(2026, 2, 26, 7, 0)

    assert triage.as_utc(naive) == datetime(2026, 2, 26, 7, 0, tzinfo=UTC)
    assert triage.as_utc(NOW.astimezone(PLUS_TWO)) == NOW


def test_a_fractional_threshold_is_honoured():
    half_hour_ago = NOW - timedelta(minutes=30)

    assert not triage.sla_breached(half_hour_ago, now=NOW, threshold_hours=0.5)
    assert triage.sla_breached(half_hour_ago - timedelta(seconds=1), now=NOW, threshold_hours=0.5)


def test_a_breached_sla_escalates_even_a_happy_customer(local_provider):
    writer = Answers(text=BRIEFING)
    happy = Analysis(POS, INQUIRY, "en")

    decision = _triage(
        happy, timestamp=NOW - timedelta(hours=3), provider=writer, fallback=local_provider
    )

    assert (decision.sla_breached, decision.proposed_action) == (True, ESCALATE)
    facts = writer.requests[0].facts
    assert facts["sla_breached"] is True
    assert facts["hours_waiting"] == pytest.approx(3.0)
    assert "Waiting: 3.0 hours (SLA breached)" in writer.requests[0].user


def test_a_timestamp_in_the_future_has_waited_zero_hours(local_provider):
    writer = Answers(text=BRIEFING)

    decision = _triage(
        Analysis(NEG, SUPPORT, "en"),
        timestamp=NOW + timedelta(hours=1),
        provider=writer,
        fallback=local_provider,
    )

    assert decision.sla_breached is False
    assert writer.requests[0].facts["hours_waiting"] == 0.0


# -- the briefing ----------------------------------------------------------------


def test_the_briefing_request_is_prose_at_temperature_0_1(local_provider):
    writer = Answers(text=BRIEFING)

    _triage(Analysis(NEG, REFUND, "es"), timestamp=NOW, provider=writer, fallback=local_provider)

    (request,) = writer.requests
    assert request.temperature == 0.1
    assert request.response_schema is None
    assert request.system == triage.SYSTEM_PROMPT
    assert request.user.endswith(
        "<customer_message>\nI was promised a refund last week\n</customer_message>"
    )


def test_the_briefing_falls_back_to_the_local_template(local_provider):
    class Broken:
        name = "broken"

        def generate(self, request, *, deadline):
            raise LLMError("http_503", "down")

    decision = _triage(
        Analysis(NEG, REFUND, "en"), timestamp=NOW, provider=Broken(), fallback=local_provider
    )

    assert decision.proposed_action == ESCALATE
    assert decision.supervisor_note  # the local provider's two sentences
    (record,) = decision.records
    assert (record.provider, record.fallback, record.error) == ("local", True, "http_503")
