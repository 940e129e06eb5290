"""The supervisor API: log in, list the pending cases, decide one."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.tokens import AccessToken

from config.openapi import error_responses
from config.parsers import JSONParser
from config.throttling import LoginIpThrottle, LoginUsernameThrottle
from pipeline.selectors import pending_approval_list
from pipeline.serializers import ProcessingResponseSerializer
from pipeline.services import approval_decide
from supervisor.permissions import CanDecideCases, CanViewCases
from supervisor.serializers import (
    DecisionInputSerializer,
    LoginInputSerializer,
    PendingApprovalItemSerializer,
    TokenResponseSerializer,
)


class BadCredentials(exceptions.AuthenticationFailed):
    default_detail = "Incorrect username or password."
    default_code = "bad_credentials"


class LoginApi(APIView):
    """OAuth2-style password login (form-urlencoded, as the original; JSON also accepted)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    throttle_classes = [LoginIpThrottle, LoginUsernameThrottle]

    def get_authenticate_header(self, request):
        return "Bearer"

    @extend_schema(
        operation_id="auth_login",
        request={
            "application/x-www-form-urlencoded": LoginInputSerializer,
            "application/json": LoginInputSerializer,
        },
        responses={
            200: TokenResponseSerializer,
            **error_responses(400, 401, 413, 415, 422, 429, 503),
        },
    )
    def post(self, request):
        data = LoginInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request._request, **data.validated_data)
        if user is None or not user.is_active:
            raise BadCredentials()
        token = AccessToken.for_user(user)
        return Response({"access_token": str(token), "token_type": "bearer"})


class PendingListApi(APIView):
    permission_classes = [CanViewCases]

    @extend_schema(
        operation_id="supervisor_pending_list",
        responses={
            200: PendingApprovalItemSerializer(many=True),
            **error_responses(401, 403, 503),
        },
    )
    def get(self, request):
        return Response(PendingApprovalItemSerializer(pending_approval_list(), many=True).data)


class DecideApi(APIView):
    permission_classes = [CanDecideCases]

    @extend_schema(
        operation_id="supervisor_decide",
        request=DecisionInputSerializer,
        responses={
            200: ProcessingResponseSerializer,
            **error_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
        },
    )
    def post(self, request):
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = approval_decide(decided_by=request.user, **data.validated_data)
        return Response(ProcessingResponseSerializer(case).data)
