"""Who the caller is, and the categories a ticket may be filed under."""

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from tickets import permissions, selectors
from tickets.models import Category

from .. import apidocs
from .. import serializers as s
from ..filters import CategoryFilter
from ..pagination import NativePagination
from .base import NativeView


class MeView(NativeView):
    @apidocs.me
    def get(self, request: Request) -> Response:
        user = request.user
        body = {
            "id": user.pk,
            "username": user.username,
            "role": permissions.role_of(user).value,
            "seller_accounts": sorted(permissions.seller_account_id_list(user)),
            "vendor_code": user.vendor.code if user.vendor_id else None,
        }
        return Response(s.MeOut(body).data)


class MeSlashView(MeView):
    @apidocs.me_slash
    def get(self, request: Request) -> Response:
        return super().get(request)


class CategoryListView(NativeView, ListAPIView):
    serializer_class = s.CategoryOut
    filter_backends = [DjangoFilterBackend]
    filterset_class = CategoryFilter
    pagination_class = NativePagination
    queryset = Category.objects.none()

    def get_queryset(self) -> QuerySet[Category]:
        return selectors.category_list_for(user=self.request.user)

    @apidocs.category_list
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class CategoryTreeView(NativeView):
    @apidocs.category_tree
    def get(self, request: Request) -> Response:
        nodes = list(selectors.category_list_for(user=request.user))
        by_parent: dict[int | None, list[Category]] = {}
        for node in nodes:
            by_parent.setdefault(node.parent_id, []).append(node)
        for node in nodes:
            node.tree_children = by_parent.get(node.pk, [])
        return Response(s.CategoryTreeOut(by_parent.get(None, []), many=True).data)
