"""Forms of the community. Limits and content rules are checked again by the services."""

from __future__ import annotations

import re
import uuid

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hub.uploads import CleanImageField
from hub.validators import CONTROL_CHARACTERS

from .models import Flag, TopicPage
from .services.posting import MAX_TAGS

TAG_NAME = re.compile(r"^[\w][\w-]{0,39}$", re.UNICODE)


def strip_controls(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value)


def parse_tag_names(raw: str, *, limit: int) -> list[str]:
    """The tag names typed in a field ("5g, #roaming esim"): lowercase, without duplicates,
    at most ``limit``, each a valid tag name, or ValidationError saying what is wrong."""
    names = [n.lower() for n in re.split(r"[\s,]+", raw) if n]
    names = list(dict.fromkeys(n.lstrip("#") for n in names))
    if len(names) > limit:
        raise forms.ValidationError(
            ngettext("Use at most %(n)d tag.", "Use at most %(n)d tags.", limit) % {"n": limit}
        )
    if any(not TAG_NAME.match(n) for n in names):
        raise forms.ValidationError(
            _("Tags are single words of letters, digits and hyphens (up to 40 characters).")
        )
    return names


class PostForm(forms.Form):
    """What every post form shares: a Markdown body and a token that makes the same
    submission count once."""

    body_max = settings.AGORA_MAX_BODY_CHARS
    body_min = 2

    body = forms.CharField(
        label=_("Your text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Markdown: **bold**, *italic*, `code`, [links](https://…), lists. @name mentions a member."
        ),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        body.max_length = self.body_max
        body.widget.attrs["maxlength"] = self.body_max
        body.validators = [*body.validators, MaxLengthValidator(self.body_max)]
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def clean_body(self) -> str:
        body = strip_controls(self.cleaned_data["body"]).strip()
        if len(body) < self.body_min:
            raise forms.ValidationError(_("Write a little more."))
        return body


class ImageMixin(forms.Form):
    image = CleanImageField(
        label=_("Image"),
        required=False,
        max_side=2000,
        help_text=_("Optional. JPEG, PNG, GIF or WebP, up to 5 MB."),
    )

    def images(self) -> list:
        image = self.cleaned_data.get("image")
        return [image] if image else []


class QuestionForm(ImageMixin, PostForm):
    body_min = 10

    title = forms.CharField(
        label=_("Title"),
        min_length=10,
        max_length=200,
        help_text=_("Your question in one sentence, e.g. “Why does my phone lose 4G at home?”"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=TopicPage.objects.none(), empty_label=_("Choose a topic")
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=250,
        help_text=_("Up to 5 words separated by spaces or commas, e.g. “5g roaming”."),
    )

    field_order = ["title", "topic", "body", "tags", "image", "submission_token"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = TopicPage.objects.live().public().order_by("path")
        self.fields["body"].label = _("Details")
        self.fields["body"].help_text = _(
            "What did you try, what happened, which device or plan? Markdown works."
        )

    def clean_title(self) -> str:
        title = " ".join(strip_controls(self.cleaned_data["title"]).split())
        if len(title) < 10:
            raise forms.ValidationError(_("Give your question a title of at least 10 characters."))
        return title

    def clean_tags(self) -> list[str]:
        return parse_tag_names(self.cleaned_data["tags"], limit=MAX_TAGS)


class AnswerForm(ImageMixin, PostForm):
    body_min = 2
    BRAND, OFFICIAL, PERSONAL = "brand", "official", "personal"

    def __init__(self, *args, brand_voice: bool = False, may_mark_official: bool = False, **kw):
        super().__init__(*args, **kw)
        self.fields["body"].label = _("Your answer")
        if brand_voice:
            choices = [(self.BRAND, _("For the brand team"))]
            if may_mark_official:
                choices.append((self.OFFICIAL, _("As the brand's official answer")))
            choices.append((self.PERSONAL, _("As my personal opinion")))
            self.fields["stance"] = forms.ChoiceField(
                label=_("You answer"),
                choices=choices,
                initial=self.BRAND,
                widget=forms.RadioSelect,
                help_text=_(
                    "Members see your name, title and verified badge on every answer. Say "
                    "whether this one is the brand's position or your own view."
                ),
            )


class CommentForm(PostForm):
    body_max = settings.AGORA_MAX_COMMENT_CHARS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Your comment")
        self.fields["body"].widget.attrs["rows"] = 3
        self.fields["body"].help_text = _("Ask for details or add a short remark. Markdown works.")


class FlagForm(forms.Form):
    """Why a member flags a post. "Something else" needs a word of explanation."""

    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Details for the moderators"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )

    def clean_text(self) -> str:
        return strip_controls(self.cleaned_data["text"]).strip()

    def clean(self):
        data = super().clean()
        if data.get("reason") == Flag.Reason.OTHER and not data.get("text"):
            self.add_error("text", _("Tell the moderators what is wrong."))
        return data


class TagsForm(forms.Form):
    """The tags of a question, changed by a member with the privilege (or the author)."""

    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=250,
        help_text=_("Up to 5 words separated by spaces or commas."),
    )

    def clean_tags(self) -> list[str]:
        return parse_tag_names(strip_controls(self.cleaned_data["tags"]), limit=MAX_TAGS)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (the member reads it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
