"""The demo brand's texts: Lumio, a fictional telecom operator."""

import uuid


def item(value: dict) -> dict:
    """A ListBlock item in Wagtail's stored format."""
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


TOPICS = [
    ("Network and coverage", "Signal, 4G and 5G coverage, outages, calls that drop.", "signal"),
    ("Smartphones", "Choosing, setting up and repairing your phone; eSIM and SIM cards.", "phone"),
    ("Offers and billing", "Plans, options, invoices, payments and roaming charges.", "bill"),
    ("Internet box", "Fibre and DSL, the Lumio Box, Wi-Fi and TV at home.", "router"),
]

LEGAL_PAGES = [
    ("Terms of use", "The rules of the Lumio Community."),
    ("Privacy policy", "What we keep about you, why, and how to get it or erase it."),
    ("Legal notice", "Who publishes this site."),
]

HOME_SECTIONS = [
    {
        "type": "hero",
        "value": {
            "heading": "Answers from people who know Lumio",
            "intro": "Ask a question, share a fix, and hear directly from Lumio's network, "
            "phone and billing experts, under their real names.",
            "image": None,
            "actions": [
                item({"label": "Browse the topics", "page": None, "url": "/community/"}),
                item({"label": "Join the community", "page": None, "url": "/accounts/signup/"}),
            ],
        },
    },
    {
        "type": "cards",
        "value": {
            "heading": "How it works",
            "cards": [
                item(
                    {
                        "title": "Ask",
                        "text": "Describe your problem; similar questions show up while you type.",
                        "link": {"label": "", "page": None, "url": ""},
                    }
                ),
                item(
                    {
                        "title": "Get an answer",
                        "text": "Members and Lumio experts answer. Official answers are marked.",
                        "link": {"label": "", "page": None, "url": ""},
                    }
                ),
                item(
                    {
                        "title": "Help others",
                        "text": "Helpful answers earn points; the most helpful members become ambassadors.",
                        "link": {"label": "", "page": None, "url": ""},
                    }
                ),
            ],
        },
    },
    {
        "type": "callout",
        "value": {
            "heading": "Need help with your account?",
            "text": "<p>For anything about <b>your own contract or bill</b>, our customer service can look at your account directly.</p>",
            "link": {
                "label": "Contact customer support",
                "page": None,
                "url": "https://support.lumio.example/",
            },
        },
    },
]


# (topic index, asker, title, body, tags, [(answerer, body, accepted, official)])
QUESTIONS = [
    (
        0,
        "member",
        "Why does my phone drop from 5G to 4G at home?",
        "Since last week my phone shows **5G** outside but falls back to 4G as soon as I get "
        "home, in Lyon 3e. Is there an outage, or is it my settings?",
        ["5g", "coverage"],
        [
            (
                "expert",
                "5G uses higher frequencies that walls absorb more than 4G. Indoors your phone "
                "keeps the more stable 4G link on purpose. Check *Settings › Mobile network › "
                "5G auto*; there is no outage in Lyon 3e this week.",
                False,
                True,
            ),
            (
                "member2",
                "Same for me in an old stone building. Wi-Fi calling fixed my calls indoors.",
                True,
                False,
            ),
        ],
    ),
    (
        2,
        "member2",
        "Roaming charges in Switzerland on the Essential plan?",
        "I travel to Geneva next month. Is Switzerland included in the EU roaming zone of the "
        "Essential plan, or will I pay extra for data?",
        ["roaming", "billing"],
        [
            (
                "expert",
                "Switzerland is not in the EU zone. Add the *Travel Europe+* option before you "
                "leave: 10 GB for 7 days.",
                False,
                True,
            ),
        ],
    ),
    (
        1,
        "member",
        "How do I move my eSIM to a new phone?",
        "I just got a new phone and want to move my eSIM without going to a shop. Is there a "
        "QR code in the app?",
        ["esim"],
        [
            (
                "member2",
                "Yes: in the Lumio app, go to *My line › eSIM › Transfer*. You get a QR code by "
                "email within minutes.",
                True,
                False,
            ),
        ],
    ),
    (
        3,
        "member2",
        "Lumio Box Wi-Fi keeps disconnecting every evening",
        "Every evening around 9 pm my laptop loses the Wi-Fi of the Lumio Box for a minute. "
        "The TV on cable is fine. Any idea?",
        ["wifi", "box"],
        [],
    ),
    (
        2,
        "member",
        "Invoice shows a charge I do not recognise",
        "My October invoice has a 4.99 line called *Services+*. I never subscribed to it. How "
        "do I get it removed and refunded?",
        ["billing"],
        [],
    ),
]
