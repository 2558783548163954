from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Profile
from .uploads import CleanImageField
from .validators import CONTROL_CHARACTERS


class ProfileForm(forms.ModelForm):
    avatar = CleanImageField(
        label=_("Avatar"),
        required=False,
        max_side=settings.AGORA_AVATAR_SIZE,
        square=True,
        help_text=_("JPEG, PNG, GIF or WebP, up to 5 MB. It is cropped to a square."),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "avatar",
            "bio",
            "preferred_language",
            "email_frequency",
            "notify_replies",
            "notify_mentions",
            "notify_follows",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
            "email_frequency": forms.RadioSelect,
        }
        help_texts = {
            "display_name": _("Shown next to what you write. Leave empty to use your username."),
            "bio": _("A few words about you, up to 2,000 characters."),
        }

    field_order = ["display_name", "avatar", "remove_avatar", "bio", "preferred_language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.avatar:
            del self.fields["remove_avatar"]

    def clean_display_name(self) -> str:
        value = " ".join(self.cleaned_data["display_name"].split())
        if CONTROL_CHARACTERS.search(value):
            raise forms.ValidationError(_("Remove the control characters from your display name."))
        return value


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good and my posts become anonymous.")
    )

    username = forms.CharField(
        label=_("Type your username to confirm"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        # Members who only sign in through single sign-on have no password to confirm with.
        if user.has_usable_password():
            del self.fields["username"]
        else:
            del self.fields["password"]
            self.fields["username"].required = True

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if username != self.user.get_username():
            raise forms.ValidationError(_("This is not your username."))
        return username


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the hub"), max_length=200, required=False)
