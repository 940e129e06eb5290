"""English sentiment words and complaint phrases, written for customer-service messages.

Weights are on one scale for both languages: 1 a mild word ("late", "nice"),
2 a clear one ("annoyed", "great"), 3 one that settles it ("worst", "amazing").
Words are lower case and unaccented, as ``text.prepare`` leaves them.
"""

from __future__ import annotations

from crm_agents.providers.local.lexicon import Lexicon, phrases, weigh, word_set

POSITIVE = weigh(
    {
        3: """amazing awesome excellent fantastic outstanding superb wonderful brilliant
        perfect incredible phenomenal exceptional love loved loving loves lovely
        best impressed impressive stellar flawless fabulous""",
        2: """great good nice thanks thank thx ty appreciate appreciated appreciates
        grateful glad happy pleased enjoy enjoyed enjoying helpful kind friendly
        beautiful pleasant smooth awesomeness congrats congratulations
        welcome fun excited exciting yay woohoo hooray kudos shoutout favorite
        favourite recommend recommended comfortable comfy delicious fast quick
        quickly efficient professional courteous polite sweet gorgeous terrific
        solved resolved fixed rock rocks rocked win winning winner hero heroes
        luv loyal thankful blessed seamless painless easy effortless wowed""",
        1: """ok okay well nicely appreciation improve improved
        helped support supportive promptly prompt clean comfortable
        worth free upgrade upgraded bonus reward rewarded lucky relief relieved
        success successful smile smiling lol haha hah cute cool""",
    }
)

NEGATIVE = weigh(
    {
        3: """worst horrible terrible awful pathetic disgusting disgusted unacceptable
        ridiculous outrageous atrocious abysmal appalling horrendous incompetent
        incompetence useless hate hated hates furious livid nightmare disaster
        disgrace disgraceful shameful scam fraud liars lying lied fail fails failed
        failure joke clowns unbelievable unprofessional rude""",
        2: """bad poor sucks suck sucked crap crappy shitty shit wtf damn dammit
        annoyed annoying angry upset frustrated frustrating frustration
        disappointed disappointing disappointment unhappy sad mad pissed sick tired
        delay delayed delays cancelled canceled cancellation cancelations
        cancellations cancelling canceling stranded stuck lost missing missed
        broken worse waste wasted wasting problem problems issue issues
        complaint complain complaining mess messed screwed ruined ruin
        inconvenience inconvenienced hassle nope never sorry apology apologize
        unhelpful unfriendly careless dirty filthy cold slow slowest overbooked
        oversold bumped refused denied declined rebooked diverted misconnect
        misconnected unable error errors glitch glitches confusing confused
        ugh argh smh shame fault wrong worried worry stressful stress embarrassing
        forever excuse excuses ignore ignored ignoring rip ripped penalty
        lousy mediocre substandard subpar awkward garbage trash aggravated aggravating
        lazy insulting insulted insult offensive bummer wth wtf sigh disconnected
        inappropriate ripoff unreliable unorganized disorganized chaos clueless
        horrific irritated irritating rudely neglected mislead misleading misled
        dissatisfied unsatisfied unhappy disrespectful disrespected sad sadly
        downgraded nonexistent ridiculously pointless shocking shocked""",
        1: """late wait waiting waited
        charge charged fee fees expensive pricey cramped tiny small
        uncomfortable noisy hungry thirsty tired exhausted again still
        nobody nothing nowhere without unfortunately sadly hard difficult
        long lack lacking questionable choppy""",
    }
)

# Patterns typical of complaints that no single word carries. Each is a
# regular expression over the unaccented lower-case text.
PHRASES = phrases(
    [
        (r"\bon hold\b", -2, "on hold"),
        (
            r"\bstill (?:waiting|no|not|nothing|haven't|hasn't|have not|stuck|on)\b",
            -2,
            "still waiting",
        ),
        (
            r"\b(?:no ?one|nobody|no body) (?:answers|answered|is answering|picks up|will|to help|at|here|there|cares)",
            -2,
            "no one answers",
        ),
        (
            r"\bno (?:answer|response|reply|help|info|information|updates?|communication|call ?back|explanation)\b",
            -2,
            "no answer",
        ),
        (
            r"\b(?:lost|missing|misplaced|delayed|damaged|broken) (?:my |our |the )?(?:bag|bags|luggage|baggage|suitcase)",
            -3,
            "lost bag",
        ),
        (
            r"\b(?:bag|bags|luggage|baggage|suitcase) (?:is |was |are |were |has been |have been )?(?:lost|missing|damaged|broken|delayed|never)",
            -3,
            "lost bag",
        ),
        (r"\bcancell?ed flight", -2, "cancelled flight"),
        (r"\bflight (?:is |was |got |has been )?(?:delayed|cancell?ed|late)", -2, "delayed flight"),
        (r"\bmissed (?:my |our |the )?(?:connection|connecting|flight)", -3, "missed connection"),
        (r"\bthanks? (?:you )?for nothing\b", -4, "sarcasm: thanks for nothing"),
        (
            r"\b(?:thanks|great|nice|love|awesome) (?:a lot )?for (?:the |a )?(?:delay|delays|nothing|wait|waiting|losing|cancell?ing|ruining)",
            -4,
            "sarcasm: thanks for the delay",
        ),
        (
            r"\byeah right\b|\bjust great\b|\bso much for\b|\boh great\b|\bgreat job\b.*\b(?:delay|lost|cancel)",
            -3,
            "sarcasm",
        ),
        (
            r"\b(?:customer )?service (?:is |was )?(?:terrible|awful|horrible|bad|poor|lacking|non existent|nonexistent)",
            -3,
            "bad service",
        ),
        (
            r"\b(?:never|not|won't|will not|wont) (?:fly|flying|book|booking|use|using|choose|recommend) (?:with )?(?:you|again|this|your)",
            -3,
            "will not fly again",
        ),
        (r"\bnever again\b", -3, "never again"),
        (
            r"\b(?:doesn't|does not|didn't|did not|isn't|is not|not|won't|will not|wont|cant|can't|cannot|dont|don't) (?:even )?work",
            -2,
            "does not work",
        ),
        (
            r"\b(?:haven't|have not|hasn't|has not|didn't|did not|never|still not) (?:yet )?(?:received|got|gotten|heard|arrived|been (?:contacted|refunded|helped))",
            -2,
            "not received",
        ),
        (
            r"\b(?:can't|cant|cannot|unable to|couldn't|could not) (?:get|reach|find|check|book|change|log|access|talk|speak)",
            -1,
            "cannot get through",
        ),
        (
            # A bare "hours" is not a complaint ("what are your opening hours?"); a count
            # of them, or "for hours", is a wait.
            r"\b(?:(?:\d+|two|three|four|five|six|several|many) (?:\+ )?(?:hours?|hrs?|days?|weeks?)|for hours|hours (?:on hold|late|delayed|waiting))\b",
            -1,
            "long wait",
        ),
        (r"\bwhat (?:a|the) (?:joke|mess|hell|heck|fuck)", -3, "what a mess"),
        (r"\bwhere is my\b|\bwhere's my\b", -1, "where is my"),
        (
            r"\b(?:why|how) (?:is|was|are|were|did|does|do|can|would|has|have) (?:it|this|that|there|my|our|you|your|the)\b.*\b(?:so|still|always|never|not|no)\b",
            -1,
            "why is it still",
        ),
        (r"\bfix (?:it|this|your)\b", -1, "fix it"),
        (r"\bthank you so much\b|\bthanks so much\b|\bthank you very much\b", 2, "warm thanks"),
        (r"\bcan't wait\b|\bcant wait\b", 3, "can't wait"),
        (r"\bno problem\b|\bno worries\b|\bnot a problem\b", 2, "no problem"),
        (r"\bon time\b|\bahead of schedule\b", 1, "on time"),
        (r"\bgreat (?:job|work|service|crew|flight|experience)\b", 2, "great job"),
        (r"\bthe best\b", 1, "the best"),
        (
            r"\b(?:deserve|do|doing|have|need|needs|could be|should be|be|get) (?:a |much |way |so much )?better\b",
            -2,
            "demands better",
        ),
        (
            r"\b(?:other|another|different) airlines?\b|\bswitch(?:ing)? (?:to|airlines)\b",
            -2,
            "will switch airline",
        ),
        (r"\b(?:hang|hung|hangs) up\b|\bdisconnected\b", -2, "hung up"),
        (r"\bare you (?:kidding|serious|joking)\b|\bseriously\?", -3, "are you kidding"),
        (
            r"\bno (?:luggage|bags?|food|wifi|water|power|seats?|gate|pilot|crew|one|help|idea)\b",
            -2,
            "no luggage",
        ),
        (r"\bbehind schedule\b|\bsat on the (?:tarmac|runway)|\bon the tarmac\b", -2, "tarmac"),
        (r"\bnot bad\b|\bnot too bad\b", 1, "not bad"),
    ]
)

# Words that turn the sentiment of the next few words around.
NEGATORS = word_set("""not no never neither nor none nothing nobody cannot cant can't don't dont
    doesn't doesnt didn't didnt isn't isnt wasn't wasnt aren't arent weren't
    werent won't wont wouldn't wouldnt shouldn't shouldnt haven't havent
    hasn't hasnt hadn't hadnt couldn't couldnt without hardly barely""")
INTENSIFIERS = weigh(
    {
        1.5: """very really so super extremely totally completely absolutely
            incredibly utterly truly seriously beyond such most
            too highly fucking freaking bloody""",
        0.6: "slightly somewhat kinda kind sorta bit little",
    }
)
# After "but" the writer says what they mean; what came before counts less.
CONTRAST = word_set("but however although though yet except")

HASHTAG_PARTS = weigh(
    {
        -2: """fail sucks worst never fml shame moneyback nothappy disappoint
            ruin stranded delay cancel lost ugh angry rude unacceptable""",
        2: "love best great thank happy awesome amazing",
    }
)

LEXICON = Lexicon(
    name="en",
    positive=POSITIVE,
    negative=NEGATIVE,
    phrases=PHRASES,
    negators=NEGATORS,
    intensifiers=INTENSIFIERS,
    contrast=CONTRAST,
    hashtag_parts=HASHTAG_PARTS,
)
