"""Who may read and who may decide escalated cases through the API."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from supervisor.groups import DECIDE_PERMISSION, VIEW_CASES_PERMISSION


class CanViewCases(BasePermission):
    message = "You do not have permission to see escalated cases."

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and (user.has_perm(VIEW_CASES_PERMISSION) or user.has_perm(DECIDE_PERMISSION))
        )


class CanDecideCases(BasePermission):
    message = "You do not have permission to approve or reject cases."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(DECIDE_PERMISSION))
