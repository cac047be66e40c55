"""Macro management for agents: list, create, change and delete canned replies."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from tickets.agenttools.models import Macro
from tickets.agenttools.selectors import macros_usable_by
from tickets.errors import InvalidInputError
from tickets.services.macros import PLACEHOLDERS, can_edit_macro, macro_delete, macro_save

from .mixins import AgentRequiredMixin, form_error_field
from .tool_forms import MacroForm

PLACEHOLDER_HELP = [(f"{{{{ {name} }}}}", text) for name, (text, _) in PLACEHOLDERS.items()]


def _save(request, form: MacroForm, macro: Macro | None) -> Macro | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return macro_save(
            actor=request.user,
            macro=macro,
            name=data["name"],
            body=data["body"],
            is_internal=data["is_internal"],
            is_shared=data["is_shared"],
            set_status=data["set_status"],
            set_priority=data["set_priority"],
            set_category=data["set_category"],
            add_tags=data["add_tags"],
            remove_tags=data["remove_tags"],
        )
    except InvalidInputError as error:
        form.add_error(form_error_field(error, form), error.message)
        return None


class MacroListView(AgentRequiredMixin, View):
    template_name = "agent/macros.html"

    def render_page(self, request, form: MacroForm, status: int = 200):
        macros = [
            (macro, can_edit_macro(request.user, macro)) for macro in macros_usable_by(request.user)
        ]
        context = {"macros": macros, "form": form, "placeholders": PLACEHOLDER_HELP}
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(request, MacroForm())

    def post(self, request):
        form = MacroForm(request.POST)
        macro = _save(request, form, None)
        if macro is None:
            return self.render_page(request, form, status=400)
        messages.success(request, f"Macro “{macro.name}” saved.")
        return HttpResponseRedirect(reverse("agent:macros"))


class MacroEditView(AgentRequiredMixin, View):
    template_name = "agent/macro_edit.html"

    def get_macro(self, request, pk) -> Macro:
        return get_object_or_404(macros_usable_by(request.user), pk=pk)

    def render_page(self, request, form, macro, status=200):
        context = {
            "form": form,
            "macro": macro,
            "placeholders": PLACEHOLDER_HELP,
            "can_edit": can_edit_macro(request.user, macro),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        macro = self.get_macro(request, pk)
        return self.render_page(request, MacroForm(instance=macro), macro)

    def post(self, request, pk):
        macro = self.get_macro(request, pk)
        form = MacroForm(request.POST, instance=Macro.objects.get(pk=macro.pk))
        saved = _save(request, form, macro)
        if saved is None:
            return self.render_page(request, form, macro, status=400)
        messages.success(request, f"Macro “{saved.name}” saved.")
        return HttpResponseRedirect(reverse("agent:macros"))


class MacroDeleteView(AgentRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        macro = get_object_or_404(macros_usable_by(request.user), pk=pk)
        macro_delete(actor=request.user, macro=macro)
        messages.success(request, f"Macro “{macro.name}” deleted.")
        return HttpResponseRedirect(reverse("agent:macros"))
