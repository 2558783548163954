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
