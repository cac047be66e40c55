"""Pages every role shares: the landing page, sign-up, downloads."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from tickets import permissions, selectors
from tickets.downloads import attachment_file_response
from tickets.permissions import UserRole
from tickets.services.accounts import address_confirmation_request

from .forms import SignUpForm
from .mixins import DomainErrorsMixin

HOME_BY_ROLE = {
    UserRole.CUSTOMER: "portal:list",
    UserRole.AGENT: "agent:queue",
    UserRole.ADMIN: "agent:queue",
    UserRole.VENDOR: "vendor:list",
}


def home_url_for(user) -> str:
    return reverse(HOME_BY_ROLE[permissions.role_of(user)])


class HomeView(TemplateView):
    """The landing page for visitors; signed-in users go straight to their role's home."""

    template_name = "web/home.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(home_url_for(request.user))
        return super().get(request, *args, **kwargs)


class SignUpView(FormView):
    template_name = "registration/signup.html"
    form_class = SignUpForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(home_url_for(request.user))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.save()
        address_confirmation_request(user=user, address=user.email)
        login(self.request, user, backend="helpdesk.authentication.SessionUserBackend")
        messages.success(
            self.request,
            f"Welcome, {user.username}! Your account is ready; we mailed you a link to "
            "confirm your address.",
        )
        return redirect(home_url_for(user))


class AttachmentDownloadView(LoginRequiredMixin, DomainErrorsMixin, View):
    """A file of a message the user may see (or their own pending upload); else 404."""

    def get(self, request, uuid):
        attachment = selectors.attachment_get_for(user=request.user, attachment_uuid=uuid)
        return attachment_file_response(attachment)
