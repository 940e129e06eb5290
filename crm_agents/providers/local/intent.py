"""What the customer wants: a refund, help with a problem, or an answer.

Refund is decided first because it changes routing: money is only paid out
after review. Asking *about* refunds ("what is your refund policy", "in which
cases can I get a refund") is a general inquiry, not a request for one.
Between support and general the rule is the one a help desk uses: something
is broken, stuck, lost or must be changed on the customer's account or order
-> support; a question about how things work, what they cost or what is
possible -> general.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_agents.providers.local.lexicon import word_set
from crm_agents.providers.local.patterns import GuardedPattern, search_each
from crm_agents.providers.local.text import Text
from crm_agents.schemas import Intent

_REFUND = GuardedPattern(
    r"\b(?:refunds?|refunded|refunding|refnd\w*|refun|reimburs\w*|reinburs\w*|rebat\w*"
    r"|restitu\w*|chargebacks?|charge ?backs?|compensat\w*|money back|cash back"
    r"|(?:give|pay|send|return|get)(?: me)? back my (?:money|payment)"
    r"|revers\w* (?:a |the |this |that |my )?(?:transaction|charge|payment|fee)"
    r"|(?:transaction|charge|payment|fee) (?:\w+ )?reversed|cancel(?:l?ing|l?ed)? (?:a |the |this |that |my )?(?:payment|charge)"
    r"|return (?:it|this|them|the item|an item|a product|the product|my (?:order|purchase|item))"
    r"|returned (?:an? |the |my )?(?:item|purchase|product)|my return\b|stop (?:the |a |my )?payment"
    # Cancelling a purchase already paid for is asking for the money back; an
    # order (with its number) can still be cancelled before it is charged.
    r"|cancel\w* (?:a |my |this |the |that )?(?:previous |recent )?purchases?(?! *#?\d)"
    r"|reembols\w*|devoluci[oó]n\w*|devolver(?:me|nos)? (?:el|mi|nuestro) dinero"
    r"|devuelvan?(?:me|nos)? (?:el|mi|nuestro) dinero|recuperar (?:el|mi|nuestro) dinero)\b"
)
# Customers type fast: "reimubrsement", "erbate". A word with exactly the
# letters of a refund word, in another order, is taken for it.
_REFUND_WORDS = word_set(
    "refund refunds refunded reimburse reimbursement reimbursements rebate rebates "
    "rebating compensation restitution reembolso"
)
_REFUND_ANAGRAMS = {"".join(sorted(word)): word for word in _REFUND_WORDS}
_SHORTEST_REFUND_WORD = min(len(word) for word in _REFUND_WORDS)

# Questions about the rules, not about a refund of one's own.
_REFUND_POLICY = GuardedPattern(
    r"\b(?:polic(?:y|ies)|pol[ií]tica|in (?:which|what) (?:cases?|situations?|circumstances)"
    r"|(?:which|what) (?:cases?|situations?|circumstances)|in (?:which|what) \w+ (?:can|could|may|do) i"
    r"|conditions? for|eligib\w+|guarantee|how long (?:do )?(?:refunds|reimbursements) (?:\w+ )?take|(?:usually|normally|generally|typically) (?:\w+ )?take"
    r"|en qu[eé] casos)\b"
)

# Something went wrong, or the customer needs something done to their account
# or order. Each entry: (pattern, label for the cue).
_SUPPORT = tuple(
    (GuardedPattern(pattern), label)
    for pattern, label in (
        (
            r"\b(?:not|n't|never|cannot|cant|unable|won't|wont|didn't|didnt|doesn't|doesnt|isn't|isnt|hasn't|hasnt|haven't|havent|no longer)\b"
            r"(?: \w+){0,3} (?:work\w*|go(?:ne)? through|arrived?|receiv\w*|show\w*|updat\w*|complet\w*|verif\w*|access\w*|find|get|see|use|log|sign|transfer\w*|accept\w*|let|allow\w*|open|load\w*)",
            "something does not work",
        ),
        (
            r"\b(?:declin\w*|reject\w*|fail\w*|stuck|pending|frozen|froze|block\w*|locked|lock|"
            r"stolen|lost|missing|compromis\w*|fraud\w*|hack\w*|unauthori[sz]ed|swallow\w*|"
            r"expir\w*|forgot\w*|forget|error\w*|issues?|problems?|trouble|wrong|broken|bug|glitch\w*|"
            r"complain\w*|complaint|claim|reclamation|mistake)\b",
            "problem",
        ),
        (
            r"\b(?:cancel\w*|chang\w*|edit\w*|updat\w*|modif\w*|delet\w*|remov\w*|clos\w*|"
            r"terminat\w*|switch\w*|reset\w*|recover\w*|restor\w*|retriev\w*|activat\w*|reactivat\w*|"
            r"link\w*|unlock\w*|unblock\w*|track\w*|trac(?:e|ing)|register\w*|registration|sign ?up|"
            r"creat\w*|open(?:ing)? (?:a |an |my )?\w* ?account|subscri\w*|unsubscri\w*|"
            r"download\w*|set (?:up|\w+ \w+ up)|add (?:an? )?item|correct)\b",
            "account or order change",
        ),
        (
            r"\b(?:agent|human|person|somebody|someone|representative|operator|manager)\b",
            "wants a person",
        ),
        (
            r"\b(?:hasn't|hasnt|haven't|havent|still|yet|not) (?:\w+ )?(?:arriv\w*|come|came|receiv\w*|gotten|got|shown)\b|\bwhere (?:is|are) my\b|\bwhere's my\b|\bstatus of\b|\beta\b",
            "waiting for something",
        ),
        (
            r"\b(?:no funciona|no puedo|problema|error|cancelar|cambiar|ayuda|perdid[ao]|queja|reclamaci[oó]n)\b",
            "problema",
        ),
    )
)
# Questions about how things work, what they cost, what is possible.
_GENERAL = tuple(
    (GuardedPattern(pattern), label)
    for pattern, label in (
        (
            r"\b(?:fees?|charges?|charged|cost\w*|price\w*|pric\w*|how much|free|rates?|exchange|discount)\b",
            "price or fee",
        ),
        (
            r"\b(?:limits?|limited|restrictions?|maximum|minimum|how many|how often|age|old)\b",
            "limits",
        ),
        (
            r"\b(?:which|what) (?:\w+ )?(?:cards?|currenc\w+|countr\w+|methods?|options?|businesses|stores|locations|atms?)\b|\b(?:accept\w*|support(?:ed)?|available)\b",
            "what is offered",
        ),
        (r"\b(?:feedback|review|opinion|suggest\w*|newsletter)\b", "feedback"),
        (
            r"\b(?:delivery (?:options|methods|period|time)|when will|how (?:long|soon|fast)|ship(?:ping)? (?:options|methods)|deliver to)\b",
            "delivery question",
        ),
        (
            r"\b(?:payment (?:methods|options)|pay with|pay by|apple pay|google pay|visa|mastercard|cheque|check|cash)\b",
            "payment options",
        ),
        (
            r"\b(?:customer (?:service|support|assistance)|opening hours|phone number|contact)\b",
            "contact details",
        ),
        (
            r"\b(?:why (?:do|must|should|would) (?:i|you)|what happens|is it possible|can i|do you|is there|are there|where can i|how do i|how can i)\b",
            "how it works",
        ),
        (
            r"\b(?:invoice|bill|purchase|buy|order(?:ing)? (?:some|a few)|item|items|products?)\b",
            "purchase question",
        ),
        (r"\b(?:verif\w*|identity|id|source of)\b", "verification question"),
    )
)

_SUPPORT_PATTERNS = tuple(pattern for pattern, _ in _SUPPORT)
_GENERAL_PATTERNS = tuple(pattern for pattern, _ in _GENERAL)


@dataclass(frozen=True)
class IntentJudgement:
    intent: Intent
    cues: tuple[str, ...]


def judge_intent(text: Text) -> IntentJudgement:
    plain = text.plain
    refund = _refund_cue(text)
    if refund:
        policy = _REFUND_POLICY.search(plain)
        if policy:
            return IntentJudgement(
                Intent.GENERAL_INQUIRY,
                (refund, f"general:'{policy.group(0)}' (refund rules, not a refund)"),
            )
        return IntentJudgement(Intent.REFUND_REQUEST, (refund,))
    support = [(m.group(0), _SUPPORT[i][1]) for i, m in search_each(_SUPPORT_PATTERNS, plain)]
    general = [(m.group(0), _GENERAL[i][1]) for i, m in search_each(_GENERAL_PATTERNS, plain)]
    cues = tuple(f"support:'{s}' ({label})" for s, label in support) + tuple(
        f"general:'{g}' ({label})" for g, label in general
    )
    # A message with no cue at all (thanks, feedback, small talk) is "anything
    # else", a general inquiry. Other ties go to support: a message with both a
    # problem and a question is more often a problem phrased as a question.
    if not support and not general:
        return IntentJudgement(Intent.GENERAL_INQUIRY, ("general: no request found",))
    intent = Intent.GENERAL_INQUIRY if len(general) > len(support) else Intent.SUPPORT_REQUEST
    return IntentJudgement(intent, cues)


def _refund_cue(text: Text) -> str | None:
    match = _REFUND.search(text.plain)
    if match:
        return f"refund:'{match.group(0)}'"
    for token in text.tokens:
        if len(token) >= _SHORTEST_REFUND_WORD:
            meant = _REFUND_ANAGRAMS.get("".join(sorted(token)))
            if meant:
                return f"refund:'{token}' (typo of '{meant}')"
    return None
