from wagtail import hooks

from .viewsets import ExpertsGroup


@hooks.register("register_admin_viewset")
def register_experts_admin():
    return ExpertsGroup()
