from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language
from wagtail.models import Page

from . import services
from .brand import brand_for_request
from .forms import DeleteAccountForm, ProfileForm, SearchForm
from .health import liveness, readiness
from .identity import identity_of
from .middleware import LANGUAGE_SESSION_KEY, SUPPORTED
from .permissions import can_view_profile
from .search import claimed_page_types, plain_query, search_sections

User = get_user_model()
PAGE_RESULTS = 5


@require_GET
def brand_css(request):
    """The brand's colours as CSS custom properties (no inline style: the CSP forbids it)."""
    brand = brand_for_request(request)
    css = (
        ":root{"
        f"--brand-primary:{brand.primary_colour};"
        f"--brand-primary-hover:{brand.primary_hover_colour};"
        f"--brand-accent:{brand.accent_colour};"
        "}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable" if request.GET.get("v") else "no-cache"
    )
    return response


@require_GET
def ping(request):
    """The smallest view of the project: the benchmarks' baseline."""
    return HttpResponse("pong", content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    """Readiness (database, cache, broker, search; kept a few seconds), or liveness alone with
    ``?probe=live``, which touches none of them."""
    probe = liveness if request.GET.get("probe") == "live" else readiness
    status, report = probe()
    return JsonResponse(report, status=status)


def member_profile(request, username: str):
    member = get_object_or_404(
        User.objects.select_related("profile", "standing"), username=username
    )
    if not can_view_profile(request.user, member):
        raise Http404
    return render(
        request,
        "hub/member_profile.html",
        {"member": member, "profile": member.profile, "identity": identity_of(member.pk)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = services.get_profile(request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
        avatar = form.cleaned_data.get("avatar")
        # The form already copied its values onto `profile`; the service starts from the
        # stored row so it can tell the old avatar from the new one.
        profile = services.update_profile(
            services.get_profile(request.user),
            by=request.user,
            avatar=avatar if isinstance(avatar, ContentFile) else None,
            remove_avatar=form.cleaned_data.get("remove_avatar", False),
            **data,
        )
        request.session[LANGUAGE_SESSION_KEY] = profile.preferred_language
        messages.success(request, _("Your profile is saved."))
        return redirect("hub:profile-edit")
    return render(request, "hub/profile_edit.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def export_data(request):
    if request.method == "POST":
        archive = services.build_member_export(request.user)
        response = HttpResponse(archive, content_type="application/zip")
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="agora-{request.user.username}-{stamp}.zip"'
        )
        return response
    return render(request, "hub/export_data.html")


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user, by=request.user)
        logout(request)
        messages.success(request, _("Your account is deleted. Thank you for your time with us."))
        return redirect("/")
    return render(request, "hub/delete_account.html", {"form": form})


@csrf_exempt
@require_POST
def set_language(request):
    """Django's language switch, remembered on the member's profile when signed in.

    Exempt from CSRF on purpose: a forged switch only changes the language, and a form without
    a token keeps anonymous pages cacheable. ``next`` is still checked by Django's view.
    """
    language = request.POST.get("language")
    if language in SUPPORTED and request.user.is_authenticated:
        profile = services.get_profile(request.user)
        if profile.preferred_language != language:
            profile.preferred_language = language
            profile.save(update_fields=["preferred_language", "updated_at"])
        request.session[LANGUAGE_SESSION_KEY] = language
    return django_set_language(request)


@require_GET
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    pages = []
    terms = plain_query(query)
    if terms is not None:
        candidates = Page.objects.live().public()
        if claimed := claimed_page_types():
            candidates = candidates.not_type(*claimed)
        pages = list(candidates.specific().search(terms)[:PAGE_RESULTS])
    sections = search_sections(request, query) if query else []
    return render(
        request,
        "hub/search.html",
        {"form": form, "query": query, "pages": pages, "sections": sections},
    )
