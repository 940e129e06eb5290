"""The forms of the console's decisions: one case, or several at once."""

from __future__ import annotations

from django import forms

from pipeline.models import DECISION_REASON_MAX_CHARS, DECISION_REPLY_MAX_CHARS


class CaseDecisionForm(forms.Form):
    """Approve (optionally with the supervisor's own reply) or reject, with a reason.

    A rejection must say why: the reason is what the customer's file keeps.
    """

    reason = forms.CharField(
        max_length=DECISION_REASON_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )
    reply = forms.CharField(
        label="Reply to send",
        max_length=DECISION_REPLY_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="Leave empty to let the Executor draft the reply (the reason guides it). "
        "Text written here is sent as it is.",
    )

    def __init__(self, *args, approved: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.approved = approved
        if approved:
            self.fields["reason"].help_text = "Optional: why, and guidance for the drafted reply."
        else:
            del self.fields["reply"]
            self.fields["reason"].required = True
            self.fields["reason"].help_text = "Required: why the case is rejected."

    def decision(self) -> dict:
        """The keyword arguments for ``approval_decide`` (besides the case and the user)."""
        reply = self.cleaned_data.get("reply") or None
        return {"approved": self.approved, "reason": self.cleaned_data["reason"], "reply": reply}


class BulkDecisionForm(CaseDecisionForm):
    """The same decision for several cases: each reply is drafted for its own case."""

    def __init__(self, *args, approved: bool, **kwargs):
        super().__init__(*args, approved=approved, **kwargs)
        self.fields.pop("reply", None)
