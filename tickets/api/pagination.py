from rest_framework.pagination import PageNumberPagination


class NativePagination(PageNumberPagination):
    """`page` and `page_size`; the size is capped so one call never loads the whole table."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
