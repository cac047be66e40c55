"""`field = ANY(ARRAY(subquery))`: a filter PostgreSQL plans apart from the query using it.

With `field IN (subquery)` PostgreSQL folds the subquery into the outer query's joins; on
the queue (seven tables) planning that join cost far more than running it. As an array
the subquery is run once, first, and the outer query looks its rows up by index.

The subquery is compiled here, once, as SQL with params: the page and its count then
reuse it instead of each compiling (and cloning, at every chained call) its queryset.
"""

from django.db.models import BooleanField, Expression, F, QuerySet


class IsAnyOf(Expression):
    """`<field> = ANY(ARRAY(<sql>))`, a condition over SQL compiled beforehand."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, sql: str, params) -> None:
        super().__init__()
        self.lhs = F(field)
        self.sql, self.params = sql, tuple(params)

    def get_source_expressions(self) -> list:
        return [self.lhs]

    def set_source_expressions(self, expressions: list) -> None:
        (self.lhs,) = expressions

    def as_sql(self, compiler, connection):
        lhs, lhs_params = compiler.compile(self.lhs)
        return f"{lhs} = ANY(ARRAY({self.sql}))", (*lhs_params, *self.params)


def compiled(queryset: QuerySet, using: str) -> tuple[str, list]:
    """The queryset's SQL and params, for `using`'s database."""
    sql, params = queryset.query.get_compiler(using=using).as_sql()
    return sql, list(params)


def is_any_of(field: str, queryset: QuerySet, *, using: str) -> IsAnyOf:
    """`field = ANY(ARRAY(queryset))`, the queryset (one column) compiled now."""
    return IsAnyOf(field, *compiled(queryset, using))
