"""Fixtures of the admin console's tests: logged-in browsers (Django's test client) and cases."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from tests.factories import escalated_case_create, supervisor_create


@pytest.fixture
def admin_client_for():
    def login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login


@pytest.fixture
def supervisor_browser(supervisor, admin_client_for) -> Client:
    """Alice, a supervisor, logged into the admin."""
    return admin_client_for(supervisor)


@pytest.fixture
def other_supervisor(db):
    return supervisor_create("bob")


@pytest.fixture
def viewer(db):
    """Staff who may look at cases but not decide them."""
    user = get_user_model().objects.create_user("victor", password="victor-password", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="pipeline", codename="view_pendingapproval"),
        Permission.objects.get(content_type__app_label="pipeline", codename="view_run"),
    )
    return user


@pytest.fixture
def make_case(db):
    return escalated_case_create
