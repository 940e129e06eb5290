"""The supervisors' console: the queue of escalated cases, one case, and decisions.

Built the way Django's admin builds its own extras: per-object views from
``get_urls()`` wrapped in ``admin_site.admin_view()`` (as ``UserAdmin``'s password
view), and two-step bulk actions (as ``delete_selected``). Every decision goes
through ``pipeline.services.approval_decide``.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from pipeline.admin import RunAuditAdmin, moment_text
from pipeline.errors import DecisionConflict, DecisionInProgress
from pipeline.models import ESCALATED_STATUSES, PendingApproval, Run
from pipeline.selectors import sla_breached_condition
from pipeline.services import approval_decide
from supervisor.admin_forms import BulkDecisionForm, CaseDecisionForm
from supervisor.groups import DECIDE_PERMISSION

PENDING = Run.Status.PENDING_APPROVAL
# Within this share of the SLA's end, a waiting case is flagged as due soon.
DUE_SOON_SHARE = 0.25


class StatusFilter(admin.SimpleListFilter):
    """Pending cases unless the supervisor asks for others: the queue is the default view."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [(status.value, status.label) for status in ESCALATED_STATUSES]

    def value(self):
        return super().value() or PENDING.value

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        yield {
            "selected": self.value() == self.ALL,
            "query_string": changelist.get_query_string({self.parameter_name: self.ALL}),
            "display": "All",
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class SlaFilter(admin.SimpleListFilter):
    title = "SLA"
    parameter_name = "sla"

    def lookups(self, request, model_admin):
        return [("breached", "breached"), ("within", "within SLA")]

    def queryset(self, request, queryset):
        if self.value() == "breached":
            return queryset.filter(sla_late=True)
        if self.value() == "within":
            return queryset.filter(sla_late=False)
        return queryset


@admin.register(PendingApproval)
class PendingApprovalAdmin(RunAuditAdmin):
    """The queue: escalated cases, pending ones oldest first, decided with two clicks."""

    list_display = (
        "age",
        "client_id",
        "sentiment",
        "intent",
        "language",
        "proposed_action",
        "briefing",
        "degraded_marker",
    )
    list_display_links = ("age", "client_id")
    list_filter = (
        StatusFilter,
        "sentiment",
        "intent",
        SlaFilter,
        ("decided_by", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("client_id", "message", "run_id")
    ordering = ("created_at",)
    actions = ("approve_selected", "reject_selected")
    change_form_template = "admin/pipeline/pendingapproval/change_form.html"

    def get_queryset(self, request):
        # One rule for "late", from the selector, for the column, the filter and the index.
        late = ExpressionWrapper(sla_breached_condition(), output_field=BooleanField())
        return super().get_queryset(request).annotate(sla_late=late)

    def get_list_display(self, request):
        if _showing_pending_only(request):
            return self.list_display  # all pending: no status column needed
        return (*self.list_display, "status", "decided_by")

    def changelist_view(self, request, extra_context=None):
        title = "Queue: pending cases" if _showing_pending_only(request) else "Escalated cases"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    # --- permissions ----------------------------------------------------------------------

    def has_view_permission(self, request, obj=None):
        # As the API: whoever may decide may also look.
        return super().has_view_permission(request, obj) or self.has_decide_permission(request)

    def has_decide_permission(self, request, obj=None):
        return request.user.has_perm(DECIDE_PERMISSION)

    # --- the queue's columns ----------------------------------------------------------------

    @admin.display(description="Age / SLA", ordering="timestamp")
    def age(self, obj: PendingApproval) -> str:
        now = timezone.now()
        waited_until = now if obj.status == PENDING else (obj.decided_at or now)
        age = timesince(obj.timestamp, waited_until, depth=2)
        if obj.sla_late:
            return format_html(
                '<span class="console-badge console-late">SLA breached</span> {}', age
            )
        sla_ends = obj.timestamp + timedelta(hours=settings.SLA_THRESHOLD_HOURS)
        due_soon_from = sla_ends - timedelta(hours=settings.SLA_THRESHOLD_HOURS * DUE_SOON_SHARE)
        if obj.status == PENDING and now >= due_soon_from:
            return format_html(
                '<span class="console-badge console-due">due in {}</span> {}',
                timesince(now, sla_ends, depth=1),
                age,
            )
        return age

    # --- one case -----------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        decision_urls = [
            path(
                "<path:object_id>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="{}_{}_approve".format(*info),
            ),
            path(
                "<path:object_id>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name="{}_{}_reject".format(*info),
            ),
        ]
        # Before Django's own: its "<path:object_id>/" would swallow these.
        return decision_urls + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_decide_permission": self.has_decide_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def approve_view(self, request, object_id):
        return self._decision_view(request, object_id, approved=True)

    def reject_view(self, request, object_id):
        return self._decision_view(request, object_id, approved=False)

    def _decision_view(self, request, object_id, *, approved: bool):
        if not self.has_decide_permission(request):
            raise PermissionDenied
        case = self.get_object(request, unquote(object_id))
        if case is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if case.status != PENDING:
            messages.warning(request, f"{case.client_id}: {_decided_text(case)}.")
            return HttpResponseRedirect(self._case_url(request, case))
        form = CaseDecisionForm(
            request.POST if request.method == "POST" else None, approved=approved
        )
        if form.is_valid():
            return self._decision_respond(request, case, form.decision())
        context = {
            **self.admin_site.each_context(request),
            "title": f"{'Approve' if approved else 'Reject'} the case of {case.client_id}",
            "subtitle": None,
            "opts": self.opts,
            "case": case,
            "form": form,
            "approved": approved,
            "preserved_filters": self.get_preserved_filters(request),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/pipeline/pendingapproval/decide.html", context)

    def _decision_respond(self, request, case: PendingApproval, decision: dict):
        result, skipped_because = _case_decide(request, case, **decision)
        if result is None:
            messages.error(request, f"{case.client_id} was not decided by you: {skipped_because}.")
            return HttpResponseRedirect(self._case_url(request, case))
        verdict = "approved, reply sent" if result.approved else "rejected"
        messages.success(
            request,
            format_html(
                '<a href="{}">{}</a>: {}.',
                self._case_url(request, result),
                result.client_id,
                verdict,
            ),
        )
        return HttpResponseRedirect(self._queue_url(request))

    def _case_url(self, request, case) -> str:
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[case.pk])
        return self._with_filters(request, url)

    def _queue_url(self, request) -> str:
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        return self._with_filters(request, url)

    def _with_filters(self, request, url: str) -> str:
        context = {"opts": self.opts, "preserved_filters": self.get_preserved_filters(request)}
        return add_preserved_filters(context, url)

    # --- several cases ----------------------------------------------------------------------------

    @admin.action(description="Approve selected cases", permissions=["decide"])
    def approve_selected(self, request, queryset):
        return self._bulk_decide(request, queryset, approved=True)

    @admin.action(description="Reject selected cases", permissions=["decide"])
    def reject_selected(self, request, queryset):
        return self._bulk_decide(request, queryset, approved=False)

    def _bulk_decide(self, request, queryset, *, approved: bool):
        """First POST: the chosen cases and the reason form; second (with ``post``): decide.

        The cases are those the supervisor ticked, whatever the current filter: one
        decided in between (so gone from the pending list) is reported, not lost.
        """
        if request.POST.get("select_across") != "1":
            selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
            queryset = self.get_queryset(request).filter(pk__in=selected)
        cases = list(queryset.select_related("decided_by").order_by("created_at"))
        form = BulkDecisionForm(
            request.POST if request.POST.get("post") else None, approved=approved
        )
        if form.is_valid():
            self._bulk_report(request, cases, form.decision())
            return None  # back to the queue, as Django's own actions do
        context = {
            **self.admin_site.each_context(request),
            "title": f"{'Approve' if approved else 'Reject'} {len(cases)} selected cases",
            "subtitle": None,
            "opts": self.opts,
            "cases": cases,
            "pending_count": sum(case.status == PENDING for case in cases),
            "form": form,
            "approved": approved,
            "action": "approve_selected" if approved else "reject_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(
            request, "admin/pipeline/pendingapproval/bulk_decide_confirmation.html", context
        )

    def _bulk_report(self, request, cases: list[PendingApproval], decision: dict) -> None:
        decided, skipped = [], []
        for case in cases:
            if case.status != PENDING:
                skipped.append(f"{case.client_id} ({_decided_text(case)})")
                continue
            result, skipped_because = _case_decide(request, case, **decision)
            if result is None:
                skipped.append(f"{case.client_id} ({skipped_because})")
            else:
                decided.append(result.client_id)
        verb = "Approved" if decision["approved"] else "Rejected"
        if decided:
            self.message_user(request, f"{verb} {_cases(len(decided))}: {', '.join(decided)}.")
        if skipped:
            self.message_user(
                request,
                f"Skipped {_cases(len(skipped))}, not decided again: {'; '.join(skipped)}.",
                messages.WARNING,
            )


def _case_decide(request, case: PendingApproval, *, approved: bool, reason: str, reply: str | None):
    """Decide one case as the logged-in user: ``(case, None)``, or ``(None, why not)``."""
    try:
        result = approval_decide(
            run_id=case.pk, approved=approved, decided_by=request.user, reason=reason, reply=reply
        )
    except DecisionConflict as conflict:
        other = "approved" if not approved else "rejected"
        who, when = conflict.extra.get("decided_by"), conflict.extra.get("decided_at")
        return None, f"{who} {other} it first, at {moment_text(when)}"
    except DecisionInProgress:
        return None, "someone else is deciding it right now"
    if result.decided_by_id != request.user.pk:
        # The same decision, taken first by someone else: the service answers with theirs.
        return None, _decided_text(result)
    return result, None


def _showing_pending_only(request) -> bool:
    return request.GET.get(StatusFilter.parameter_name, PENDING) == PENDING


def _decided_text(case: PendingApproval) -> str:
    if case.decided_at is None:
        return f"already {case.get_status_display()}"
    verdict = "approved" if case.approved else "rejected"
    who = case.decided_by.get_username() if case.decided_by else "someone"
    return f"already {verdict} by {who} at {moment_text(case.decided_at)}"


def _cases(count: int) -> str:
    return f"{count} case" if count == 1 else f"{count} cases"
