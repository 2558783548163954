"""The role groups come from one table (hub.roles), which the migrations and the demo share."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from demo.factories.users import VerifiedUserFactory, activate_totp, ensure_role_groups
from hub.roles import (
    COMMUNITY_MANAGERS,
    EXPERTS,
    MODERATORS,
    ROLE_GROUP_PERMISSIONS,
    TREE_PAGE_PERMISSIONS,
)

pytestmark = pytest.mark.django_db


def held(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def page_grants(group: Group) -> set[tuple[int, str]]:
    return {(gpp.page.depth, gpp.permission.codename) for gpp in group.page_permissions.all()}


def test_a_fresh_install_gives_every_role_group_the_table():
    for name, permissions in ROLE_GROUP_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        assert set(permissions) <= held(group), name
    assert "community.mark_official" not in held(Group.objects.get(name=EXPERTS))
    cm_pages = {(1, f"{kind}_page") for kind in TREE_PAGE_PERMISSIONS[COMMUNITY_MANAGERS]}
    assert page_grants(Group.objects.get(name=COMMUNITY_MANAGERS)) == cm_pages
    assert page_grants(Group.objects.get(name=MODERATORS)) == set()
    assert page_grants(Group.objects.get(name=EXPERTS)) == set()


def test_the_demo_and_the_tests_build_the_same_groups_as_the_migrations():
    before = {g.name: (held(g), page_grants(g)) for g in Group.objects.all()}
    ensure_role_groups()
    after = {g.name: (held(g), page_grants(g)) for g in Group.objects.all()}
    assert after == before


def test_a_community_manager_of_a_fresh_install_opens_the_admin_and_edits_pages(client):
    cm = VerifiedUserFactory(username="newcm", email="newcm@example.com")
    cm.groups.add(Group.objects.get(name=COMMUNITY_MANAGERS))
    activate_totp(cm, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(cm)
    assert client.get("/admin/").status_code == 200
    root = Page.objects.get(depth=1)
    assert client.get(f"/admin/pages/{root.pk}/").status_code == 200
    assert cm.has_perm("moderation.manage_crisis")
