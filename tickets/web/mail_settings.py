"""A user's mail settings: the address mail goes to (changed by confirmation link) and
which kinds of mail they get."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.views import View

from tickets.errors import InvalidInputError
from tickets.notifications.preferences import (
    enabled_events_of,
    events_for,
    notification_preferences_set,
)
from tickets.services.accounts import address_confirm, address_confirmation_request


class AddressForm(forms.Form):
    email = forms.EmailField(label="Mail address", max_length=254)


class PreferencesForm(forms.Form):
    events = forms.MultipleChoiceField(
        label="Mail me when", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = [(event.value, event.label) for event in events_for(user)]


class MailSettingsView(LoginRequiredMixin, View):
    template_name = "web/mail_settings.html"

    def get(self, request):
        return self.page(request)

    def post(self, request):
        if "events-form" in request.POST:
            return self.save_preferences(request)
        return self.request_confirmation(request)

    def request_confirmation(self, request):
        form = AddressForm(request.POST)
        if form.is_valid():
            try:
                address = address_confirmation_request(
                    user=request.user, address=form.cleaned_data["email"]
                )
            except InvalidInputError as error:
                form.add_error("email", error.message)
            else:
                messages.success(
                    request,
                    f"We sent a confirmation link to {address}. Follow it to confirm the address.",
                )
                return redirect("mail-settings")
        return self.page(request, address_form=form, status=400)

    def save_preferences(self, request):
        form = PreferencesForm(request.POST, user=request.user)
        if form.is_valid():
            notification_preferences_set(user=request.user, enabled=form.cleaned_data["events"])
            messages.success(request, "Your mail choices were saved.")
            return redirect("mail-settings")
        return self.page(request, preferences_form=form, status=400)

    def page(self, request, *, address_form=None, preferences_form=None, status=200):
        user = request.user
        return render(
            request,
            self.template_name,
            {
                "address_form": address_form or AddressForm(initial={"email": user.email}),
                "preferences_form": preferences_form
                or PreferencesForm(user=user, initial={"events": sorted(enabled_events_of(user))}),
            },
            status=status,
        )


class AddressConfirmView(LoginRequiredMixin, View):
    """The link in the confirmation mail: the address in it becomes the user's."""

    def get(self, request, token):
        try:
            user = address_confirm(user=request.user, token=token)
        except InvalidInputError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Thank you: {user.email} is confirmed.")
        return redirect("mail-settings")
