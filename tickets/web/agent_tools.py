"""The agents' tools on the dashboard: tags, macros, merge, presence, bulk, saved views."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from tickets import permissions, selectors
from tickets.agenttools import presence
from tickets.agenttools.selectors import (
    macro_get_for,
    saved_view_get_for,
    tag_suggestions,
)
from tickets.errors import InvalidInputError
from tickets.services.bulk import bulk_apply, bulk_max_tickets
from tickets.services.macros import macro_apply
from tickets.services.merge import ticket_merge, ticket_unmerge
from tickets.services.saved_views import saved_view_delete, saved_view_save
from tickets.services.tags import ticket_tags_change

from .agent import AgentActionView
from .mixins import AgentRequiredMixin
from .queries import queue_tickets
from .tool_context import queue_data, saved_view_query
from .tool_forms import ApplyMacroForm, BulkForm, MergeForm, SavedViewForm, TagsForm

SUGGESTIONS = 20


# ---------------------------------------------------------------- one ticket


class TagsView(AgentActionView):
    form_class = TagsForm

    def act(self, ticket, data):
        ticket_tags_change(
            ticket=ticket, actor=self.request.user, add=data["add"], remove=data["remove"]
        )
        return "Tags updated."


class ApplyMacroView(AgentActionView):
    form_class = ApplyMacroForm

    def act(self, ticket, data):
        macro = macro_get_for(user=self.request.user, macro_id=data["macro"])
        macro_apply(ticket=ticket, actor=self.request.user, macro=macro)
        return f"Macro “{macro.name}” applied."


class MergeView(AgentActionView):
    form_class = MergeForm

    def act(self, ticket, data):
        target = ticket_merge(duplicate=ticket, target=data["target"], actor=self.request.user)
        return f"Merged into {target.case_number}. You can undo this for a day."


class UnmergeView(AgentActionView):
    def act(self, ticket, data):
        ticket_unmerge(duplicate=ticket, actor=self.request.user)
        return "The merge is undone."


class PresenceView(AgentRequiredMixin, View):
    """POST every few seconds from the ticket page: who else has it open or is typing."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not permissions.visible_tickets(request.user).filter(pk=pk).exists():
            raise Http404("No such ticket.")
        others = presence.presence_report(
            ticket_id=pk, user=request.user, is_typing=request.POST.get("typing") == "1"
        )
        return JsonResponse(
            {
                "others": [
                    {"username": o.username, "name": o.name, "is_typing": o.is_typing}
                    for o in others
                ],
                "poll_seconds": presence.POLL_SECONDS,
            }
        )


# ---------------------------------------------------------------- suggestions


class TagSuggestionsView(AgentRequiredMixin, View):
    def get(self, request):
        return JsonResponse({"tags": tag_suggestions(prefix=request.GET.get("q", "")[:50])})


class AgentSuggestionsView(AgentRequiredMixin, View):
    def get(self, request):
        prefix = request.GET.get("q", "").strip()[:150]
        agents = selectors.agents()
        if prefix:
            agents = agents.filter(
                Q(username__istartswith=prefix)
                | Q(first_name__istartswith=prefix)
                | Q(last_name__istartswith=prefix)
            )
        rows = agents.values("username", "first_name", "last_name")[:SUGGESTIONS]
        return JsonResponse(
            {
                "agents": [
                    {
                        "username": row["username"],
                        "name": f"{row['first_name']} {row['last_name']}".strip(),
                    }
                    for row in rows
                ]
            }
        )


# ---------------------------------------------------------------- the queue


class BulkView(AgentRequiredMixin, View):
    """Apply one action to the selected tickets (or to all that match, up to the limit)
    and show which changed and which were refused, and why."""

    http_method_names = ["post"]

    def post(self, request):
        form = BulkForm(request.POST, user=request.user)
        query = request.POST.get("query", "")
        back = reverse("agent:queue") + (f"?{query}" if query else "")
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return HttpResponseRedirect(back)
        data = form.cleaned_data
        ids, matched_more = data["tickets"], False
        if data["all_matching"]:
            limit = bulk_max_tickets()
            matching = queue_tickets(user=request.user, data=queue_data(data["query"]))
            ids = list(matching.values_list("pk", flat=True)[: limit + 1])
            matched_more, ids = len(ids) > limit, ids[:limit]
        try:
            result = bulk_apply(
                actor=request.user, ticket_ids=ids, action=data["action"], value=data["value"]
            )
        except InvalidInputError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(back)
        return render(
            request,
            "agent/bulk_result.html",
            {
                "result": result,
                "action_label": dict(form.fields["action"].choices)[data["action"]],
                "matched_more": matched_more,
                "bulk_max": bulk_max_tickets(),
                "back": back,
            },
        )


class SavedViewCreateView(AgentRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = SavedViewForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Give the view a name.")
            return HttpResponseRedirect(reverse("agent:queue"))
        query = saved_view_query(QueryDict(form.cleaned_data["query"]))
        view = saved_view_save(
            actor=request.user,
            name=form.cleaned_data["name"],
            query=query,
            is_shared=form.cleaned_data["is_shared"],
        )
        messages.success(request, f"View “{view.name}” saved.")
        return HttpResponseRedirect(reverse("agent:queue") + (f"?{query}" if query else ""))


class SavedViewDeleteView(AgentRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        view = saved_view_get_for(user=request.user, view_id=pk)
        saved_view_delete(actor=request.user, view=view)
        messages.success(request, f"View “{view.name}” deleted.")
        return HttpResponseRedirect(reverse("agent:queue"))
