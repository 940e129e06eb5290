"""The audit trail in the admin: every processed message, read-only.

``RunAuditAdmin`` is also the base of the supervisors' queue (``supervisor.admin``):
both show a run the same way, and neither lets anyone edit, add or delete one.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from pipeline.models import Run

_FIELDSETS = (
    ("Message", {"fields": ("client_id", "timestamp", "message", "run_id", "sender")}),
    (
        "Analysis",
        {
            "fields": (
                "sentiment",
                "intent",
                "language",
                "sla_breached",
                "proposed_action",
                "degraded",
            )
        },
    ),
    ("Briefing note", {"fields": ("supervisor_note",)}),
    ("Reply", {"fields": ("execution_result", "reply_edited", "executed_at")}),
    ("Agent steps", {"fields": ("steps_table",)}),
    ("History", {"fields": ("status", "history")}),
)


class RunAuditAdmin(admin.ModelAdmin):
    """A run shown as a record: all fields read-only, no add, change or delete.

    Without change permission Django renders the change view as a view page, with
    no Save buttons; decisions have their own views (see ``supervisor.admin``).
    """

    fieldsets = _FIELDSETS
    readonly_fields = tuple(name for _, options in _FIELDSETS for name in options["fields"])
    list_select_related = ("decided_by",)
    date_hierarchy = "created_at"
    list_per_page = 50

    class Media:
        css = {"all": ("supervisor/console.css",)}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Briefing")
    def briefing(self, obj: Run) -> str:
        return Truncator(obj.supervisor_note or "").chars(90)

    @admin.display(description="LLM", boolean=False)
    def degraded_marker(self, obj: Run) -> str:
        if not obj.degraded:
            return ""
        return format_html(
            '<span class="console-badge console-degraded" title="{}">fallback</span>',
            "An LLM step failed and the local provider answered instead.",
        )

    @admin.display(description="Per-step records")
    def steps_table(self, obj: Run) -> str:
        if not obj.steps:
            return "—"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} ms</td><td>{} / {}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    step.get("step", "?"),
                    step.get("provider", "?"),
                    round(step.get("latency_ms") or 0),
                    _or_dash(step.get("prompt_tokens")),
                    _or_dash(step.get("response_tokens")),
                    "yes" if step.get("fallback") else "no",
                    step.get("error") or "—",
                )
                for step in obj.steps
            ),
        )
        return format_html(
            '<table class="console-steps"><thead><tr><th>Step</th><th>Provider</th>'
            "<th>Latency</th><th>Tokens in / out</th><th>Fallback</th><th>Error</th>"
            "</tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    @admin.display(description="Events")
    def history(self, obj: Run) -> str:
        return format_html(
            '<ol class="console-history">{}</ol>',
            format_html_join("", "<li><strong>{}</strong> {}</li>", run_history(obj)),
        )


def run_history(run: Run) -> list[tuple[str, str]]:
    """What happened to a run, in order, from the fields the pipeline and decisions record."""
    events = [
        (
            "Received",
            f"{moment_text(run.created_at)} from {run.sender} (customer wrote {moment_text(run.timestamp)})",
        )
    ]
    if run.status == Run.Status.RECEIVED:
        return [*events, ("In progress", "the agents have not finished yet")]
    sla = "SLA breached" if run.sla_breached else "within SLA"
    if run.status == Run.Status.PROCESSED:
        events.append(
            ("Processed automatically", f"{run.proposed_action.replace('_', ' ')}, {sla}")
        )
    else:
        events.append(("Escalated", f"to a supervisor by the Triage, {sla}"))
    if run.decided_at:
        verdict = "Approved" if run.approved else "Rejected"
        who = run.decided_by.get_username() if run.decided_by else "?"
        reason = f": “{run.decision_reason}”" if run.decision_reason else " (no reason given)"
        events.append((verdict, f"by {who}, {moment_text(run.decided_at)}{reason}"))
    if run.status == Run.Status.EXECUTING:
        events.append(("Reply", "being drafted by the Executor"))
    if run.executed_at and run.execution_result is not None:
        author = "written by the supervisor" if run.reply_edited else "drafted by the Executor"
        events.append(
            ("Reply sent", f"{moment_text(run.executed_at)}, {author}: “{run.execution_result}”")
        )
    return events


def moment_text(moment: datetime | str | None) -> str:
    """A recorded moment as supervisors read it; also the ISO strings of error details."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment is None:
        return "an unknown time"
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")


def _or_dash(value) -> str:
    return "—" if value is None else str(value)


@admin.register(Run)
class RunAdmin(RunAuditAdmin):
    """Every message the webhook accepted, escalated or not: for audit."""

    list_display = (
        "created_at",
        "client_id",
        "status",
        "sentiment",
        "intent",
        "language",
        "proposed_action",
        "sla_breached",
        "degraded_marker",
        "decided_by",
    )
    list_filter = (
        "status",
        "sentiment",
        "intent",
        "proposed_action",
        "sla_breached",
        "degraded",
        ("decided_by", admin.RelatedOnlyFieldListFilter),
        "sender",
    )
    search_fields = ("client_id", "message", "run_id")
    ordering = ("-created_at",)
