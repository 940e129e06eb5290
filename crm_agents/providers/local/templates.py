"""The local provider's prose: a supervisor briefing and customer replies in EN and ES."""

from __future__ import annotations

from crm_agents.schemas import Action, Intent, Sentiment

_WANTS = {
    Intent.REFUND_REQUEST: "is asking for a refund",
    Intent.SUPPORT_REQUEST: "needs help with a problem",
    Intent.GENERAL_INQUIRY: "has a general question",
}


def briefing(
    *, sentiment: str, intent: str, sla_breached: bool, hours_waiting: float, **_: object
) -> str:
    """Two sentences for the supervisor: the case, then what to weigh."""
    first = f"The customer {_WANTS[Intent(intent)]} and the message reads as {sentiment}."
    if sla_breached:
        second = (
            f"They have waited {_duration(hours_waiting)}, beyond the SLA, so answer first "
            "and consider a goodwill gesture."
        )
    elif sentiment == Sentiment.NEGATIVE:
        second = "Check the tone of the reply carefully before approving, as the customer is upset."
    else:
        second = "Review the proposed reply before approving."
    return f"{first} {second}"


def _duration(hours: float) -> str:
    if hours < 48:
        return f"{hours:.1f} hours"
    return f"{hours / 24:.0f} days"


# language -> (opening by sentiment, body by action and intent, closing)
_OPENINGS = {
    "en": {
        Sentiment.NEGATIVE: "We are sorry about your experience and understand your frustration.",
        Sentiment.NEUTRAL: "Thank you for contacting us.",
        Sentiment.POSITIVE: "Thank you for your kind message.",
    },
    "es": {
        Sentiment.NEGATIVE: "Lamentamos lo ocurrido y entendemos su malestar.",
        Sentiment.NEUTRAL: "Gracias por ponerse en contacto con nosotros.",
        Sentiment.POSITIVE: "Muchas gracias por su amable mensaje.",
    },
}
_BODIES = {
    "en": {
        Intent.REFUND_REQUEST: "Your refund is being processed and you will receive a confirmation shortly.",
        Intent.SUPPORT_REQUEST: "A member of our team is looking into your request and will get back to you soon.",
        Intent.GENERAL_INQUIRY: "We have received your question and will reply with the details you need soon.",
    },
    "es": {
        Intent.REFUND_REQUEST: "Su reembolso se está tramitando y recibirá una confirmación en breve.",
        Intent.SUPPORT_REQUEST: "Un miembro de nuestro equipo está revisando su solicitud y le responderá pronto.",
        Intent.GENERAL_INQUIRY: "Hemos recibido su consulta y le responderemos pronto con la información que necesita.",
    },
}
_CLOSINGS = {
    "en": "Please reply to this message if there is anything else we can do for you.",
    "es": "Si necesita algo más, no dude en responder a este mensaje.",
}


def reply(*, sentiment: str, intent: str, language: str, action: str, **_: object) -> str:
    """Three sentences in the customer's language (English when it is neither EN nor ES)."""
    lang = language if language in _OPENINGS else "en"
    # A refund is promised only when the action is a refund or a supervisor approved one.
    promised = Intent(intent)
    if promised == Intent.REFUND_REQUEST and action == Action.SEND_STANDARD_RESPONSE:
        promised = Intent.GENERAL_INQUIRY
    return " ".join(
        (_OPENINGS[lang][Sentiment(sentiment)], _BODIES[lang][promised], _CLOSINGS[lang])
    )
