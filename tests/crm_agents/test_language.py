"""Language detection of short customer messages."""

import pytest

from crm_agents.providers.local.classifier import classify
from crm_agents.providers.local.language import detect_language
from crm_agents.providers.local.text import prepare


@pytest.mark.parametrize(
    "text",
    [
        "Where is my bag? It was supposed to arrive yesterday",
        "@AcmeAir thanks for the upgrade!",
        "I can't log in to my account",
    ],
)
def test_english(text):
    assert classify(text).language == "en"


@pytest.mark.parametrize(
    "text",
    [
        "¿Dónde está mi maleta? Tenía que llegar ayer",
        "Donde esta mi maleta? tenia que llegar ayer",  # no accents, no ¿
        "@AcmeAir gracias por el cambio de asiento",
        "No funciona la web desde hace dos días",
        "Quiero un reembolso",
        "Hola, necesito ayuda con mi reserva",
    ],
)
def test_spanish(text):
    assert classify(text).language == "es"


def test_no_evidence_defaults_to_english():
    assert classify("@AcmeAir https://example.com/abc").language == "en"


def test_cue_reports_the_counts():
    language, cue = detect_language(prepare("el vuelo de la mañana"))
    assert language == "es"
    assert cue.startswith("lang:es ")
    assert "en=0" in cue
