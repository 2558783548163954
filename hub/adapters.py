from allauth.account.adapter import DefaultAccountAdapter

from .network import client_ip
from .tasks import enqueue, send_email


class AccountAdapter(DefaultAccountAdapter):
    """Account emails leave through the task queue, after the transaction commits."""

    def get_client_ip(self, request) -> str:
        # allauth's per-address rate limits count the client, not the reverse proxy.
        return client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        enqueue(
            send_email,
            subject=message.subject,
            body=message.body,
            to=list(message.to),
            from_email=message.from_email,
            html=html,
            headers=dict(message.extra_headers),
        )
