"""Account pages: API tokens, and password change and reset guarded against guessing."""

import hashlib

from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from knox.settings import knox_settings

from helpdesk.client_address import client_address
from helpdesk.lockout import seconds_locked, too_many_attempts_page
from helpdesk.throttling import count_hit, rate_of, wait_if_over
from tickets.apitokens.services import token_create, token_list_for, token_revoke

from .forms import ApiTokenForm


@method_decorator(never_cache, name="dispatch")
class ApiTokenView(LoginRequiredMixin, View):
    """Lists the user's tokens; POST issues a named one and shows it this once."""

    template_name = "web/token.html"

    def render_page(self, request, form, new_token: str | None = None, status: int = 200):
        context = {
            "form": form,
            "new_token": new_token,
            "tokens": token_list_for(user=request.user),
            "token_ttl_days": knox_settings.TOKEN_TTL.days,
            "tokens_per_user": settings.HELPDESK_API_TOKENS_PER_USER,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(request, ApiTokenForm())

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        _, token = token_create(user=request.user, name=form.cleaned_data["name"])
        return self.render_page(request, ApiTokenForm(), new_token=token)


class ApiTokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, digest: str):
        if token_revoke(user=request.user, digest=digest):
            messages.success(request, "The token was revoked; it no longer works.")
        else:
            messages.error(request, "That token was already gone.")
        return redirect("token")


def reset_rate() -> str:
    return rate_of("password_reset")


class PasswordChangeView(auth_views.PasswordChangeView):
    """A wrong current password is a password guess (from a session left open, say): it
    counts towards the account's login lockout, and a locked account changes nothing."""

    def post(self, request, *args, **kwargs):
        credentials = {"username": request.user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return too_many_attempts_page(request, seconds_locked(request, credentials))
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password"):
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.request.user.get_username()},
                request=self.request,
            )
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Reset mails per client address and per email address are limited, so the form can
    neither flood a mailbox nor be driven at scale; without the cache it refuses."""

    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "").strip().lower()
        keys = [f"password_reset:address:{client_address(request)}"]
        if email:
            keys.append(f"password_reset:email:{hashlib.sha256(email.encode()).hexdigest()}")
        wait = max(count_hit(key, reset_rate(), fails_closed=True) for key in keys)
        if wait:
            return too_many_attempts_page(request, wait)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Bad reset links count against the client address; past the limit no link is checked.
    A completed reset proves the mailbox, so it lifts the account's login lockout."""

    def dispatch(self, request, *args, **kwargs):
        key = f"password_reset:bad_link:{client_address(request)}"
        if wait := wait_if_over(key, reset_rate()):
            return too_many_attempts_page(request, wait)
        response = super().dispatch(request, *args, **kwargs)
        if not self.validlink:
            count_hit(key, reset_rate(), fails_closed=True)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response
