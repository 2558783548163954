from allauth.account.adapter import DefaultAccountAdapter
from django.template.loader import render_to_string

from .network import client_ip
from .site import email_context, rebased, sender
from .tasks import enqueue, send_email

# allauth's text templates extend account/email/base_message.txt, which extends this layout;
# the HTML part wraps their message alone (email/account.html has the greeting and footer).
MESSAGE_ONLY_LAYOUT = "email/message_only.txt"


class AccountAdapter(DefaultAccountAdapter):
    """Account emails carry the hub's name, come from its sender, link to its public address,
    have a text and an HTML part, and leave through the task queue after the commit."""

    def get_client_ip(self, request) -> str:
        # allauth's per-address rate limits count the client, not the reverse proxy.
        return client_ip(request)

    def get_from_email(self) -> str:
        return sender()

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth builds its links (confirm, reset, sign up) on the host the request came in
        # on; the email links to the hub's public address instead.
        context = {
            "request": self.request,
            "email": email,
            **context,
            **email_context(),
            **{
                key: rebased(value)
                for key, value in context.items()
                if key.endswith("_url") and isinstance(value, str) and value
            },
        }
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        if html is None:
            text = render_to_string(
                f"{template_prefix}_message.txt",
                {**context, "account_email_layout": MESSAGE_ONLY_LAYOUT},
            )
            html = render_to_string("email/account.html", {**context, "text": text.strip()})
        enqueue(
            send_email,
            subject=message.subject,
            body=message.body,
            to=list(message.to),
            from_email=message.from_email,
            html=html,
            headers=dict(message.extra_headers),
        )
