"""Forms of the experts app: the application, the community manager's decisions, the inbox
actions, and the admin form of a profile (its photo goes through the hub's upload pipeline)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from community.forms import parse_tag_names, strip_controls
from community.models import Tag, TopicPage
from hub.blocks import validate_link
from hub.uploads import CleanImageField

from .models import ExpertProfile
from .services.verification import unique_slug

MAX_LINKS = 5
MAX_AREA_TAGS = 12


def _photo_field() -> CleanImageField:
    return CleanImageField(
        label=_("Photo"),
        required=False,
        max_side=512,
        square=True,
        help_text=_("A clear photo of your face: members see it next to every answer you give."),
    )


def _bio_field() -> forms.CharField:
    return forms.CharField(
        label=_("Biography"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _links_field() -> forms.CharField:
    return forms.CharField(
        label=_("Links"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: Label | https://address"),
    )


class CleanTextMixin:
    """Control characters never reach the database, whatever the field."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = strip_controls(value).strip()
        return cleaned


def parse_links(raw: str) -> list[dict]:
    """One link per line, "Label | https://address" (or just the address)."""
    links = []
    for line in (raw or "").splitlines():
        line = strip_controls(line).strip()
        if not line:
            continue
        label, _sep, url = line.rpartition("|")
        label, url = label.strip()[:80], url.strip()
        if not url.startswith(("https://", "http://")):
            raise forms.ValidationError(
                _("Each link must be a full address starting with https://.")
            )
        validate_link(url)
        links.append({"label": label or url[:80], "url": url[:500]})
    if len(links) > MAX_LINKS:
        raise forms.ValidationError(_("Give at most %(n)d links.") % {"n": MAX_LINKS})
    return links


def links_text(links) -> str:
    return "\n".join(f"{link.get('label', '')} | {link.get('url', '')}" for link in links or ())


class ApplicationForm(CleanTextMixin, forms.Form):
    real_name = forms.CharField(
        label=_("Real name"),
        max_length=120,
        help_text=_("Brand voices answer under their real name."),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=120)
    department = forms.CharField(label=_("Department"), max_length=120, required=False)
    photo = _photo_field()
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics you know well"),
        queryset=TopicPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Tags you know well"),
        required=False,
        max_length=500,
        help_text=_("Existing tags, separated by spaces or commas, e.g. 5g roaming esim."),
    )
    bio = _bio_field()
    links = _links_field()
    motivation = forms.CharField(
        label=_("Why do you apply?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Your role at the company and what you can answer. The community manager reads it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = TopicPage.objects.live().public().order_by("title")

    def clean_tags(self) -> list[Tag]:
        names = parse_tag_names(self.cleaned_data["tags"], limit=MAX_AREA_TAGS)
        tags = list(Tag.objects.filter(name__in=names))
        unknown = sorted(set(names) - {t.name for t in tags})
        if unknown:
            raise forms.ValidationError(
                _("These tags do not exist yet: %(tags)s.") % {"tags": ", ".join(unknown)}
            )
        return tags

    def clean_links(self) -> list[dict]:
        return parse_links(self.cleaned_data["links"])


class OwnProfileForm(CleanTextMixin, forms.Form):
    photo = _photo_field()
    bio = _bio_field()
    links = _links_field()

    def clean_links(self) -> list[dict]:
        return parse_links(self.cleaned_data["links"])


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OptionalReasonForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False


class DepartForm(OptionalReasonForm):
    successor = forms.ModelChoiceField(
        label=_("Successor"),
        queryset=ExpertProfile.objects.none(),
        required=False,
        help_text=_("Takes over the open questions and the section."),
    )

    def __init__(self, *args, profile: ExpertProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = ExpertProfile.objects.filter(
            kind=ExpertProfile.Kind.EXPERT, state=ExpertProfile.State.VERIFIED
        ).exclude(pk=profile.pk)


class ReassignForm(OptionalReasonForm):
    expert = forms.ModelChoiceField(label=_("Give it to"), queryset=ExpertProfile.objects.none())

    def __init__(self, *args, exclude: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = ExpertProfile.objects.filter(
            kind=ExpertProfile.Kind.EXPERT, state=ExpertProfile.State.VERIFIED
        ).exclude(pk=exclude)


class SectionChoiceForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=_("In the section of"),
        queryset=ExpertProfile.objects.filter(
            kind=ExpertProfile.Kind.EXPERT, state=ExpertProfile.State.VERIFIED
        ),
    )


class ExpertProfileAdminForm(CleanTextMixin, WagtailAdminModelForm):
    """The community manager edits a profile in the admin; the photo is re-encoded like every
    member image, and links are typed one per line."""

    photo = _photo_field()
    links = _links_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk:
            self.initial["links"] = links_text(self.instance.links)
            # A profile belongs to one account for good: what was verified is that person.
            if "user" in self.fields:
                self.fields["user"].disabled = True

    def clean_links(self) -> list[dict]:
        return parse_links(self.cleaned_data["links"])

    def save(self, commit=True):
        if not self.instance.slug:
            self.instance.slug = unique_slug(self.instance.real_name, exclude_pk=self.instance.pk)
        return super().save(commit=commit)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo in (None, False):
            return self.instance.photo if photo is None else None
        return photo
