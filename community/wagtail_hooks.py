from wagtail import hooks

from .viewsets import ReputationViewSet


@hooks.register("register_admin_viewset")
def register_reputation_admin():
    return ReputationViewSet()
