from tickets.pagination import COUNT_CAP, MAX_PAGE_SIZE, CappedPageNumberPagination


class NativePagination(CappedPageNumberPagination):
    """`page` and `page_size`; the size is capped so one call never loads the whole table,
    and the count stops at COUNT_CAP so a list of a million tickets stays fast."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_capped"] = self.page.paginator.is_capped
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count"]["description"] = (
            f"Matching items, counted up to {COUNT_CAP}; pages stop there too."
        )
        schema["properties"]["count_is_capped"] = {
            "type": "boolean",
            "description": f"True when more than {COUNT_CAP} items match: narrow the filters.",
        }
        schema["required"] = [*schema.get("required", []), "count_is_capped"]
        return schema
