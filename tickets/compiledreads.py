"""Reads compiled to SQL once per process, for the fixed-shape queries of hot pages.

Django compiles a queryset to SQL on every evaluation: it resolves each selected column,
join and lookup again, and on a ticket page that was the largest piece of the ORM's time.
A CompiledRead builds its queryset once per shape with placeholder values, keeps the
compiler Django made and the SQL it wrote, and on each run binds the real values to the
same SQL. Rows come back through Django's own iterable: model instances with their
select_related rows, as the queryset would have given.

A shape is everything the SQL's text depends on: the read's own `shape` arguments (a role,
say, or a list's filters and page), which values are given, and the length of each list.
Values are ids and keys (ints and strings): each must reach the SQL as a parameter
unchanged, and compiling checks that every one does. A read with many shapes keeps the
`max_shapes` compiled last.

A read whose rows depend on how common its values are (a list of one customer's tickets:
three rows for most, thousands for a marketplace's largest seller) is `planned_per_run`:
PostgreSQL plans it with each run's values, when it binds any. Other reads are prepared
once a connection has run them twice (settings.py), and after a few runs PostgreSQL may
settle on one plan for every value: right for a read by primary key, a full sort of the
large customer's tickets for a list.
"""

import contextlib
import copy
import itertools
import threading
from collections.abc import Callable, Hashable, Iterator, Sequence

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.transaction import TransactionManagementError

# Far below any id a table gives out, and each one different.
_NUMBERS = itertools.count(-(2**62), -1)

Key = int | str
Value = Key | Sequence[Key]


def _placeholder_for(value: Key) -> Key:
    number = next(_NUMBERS)
    return number if isinstance(value, int) else f"\x00placeholder{number}"


class CompiledRead:
    """`build(*shape, **values)` compiled once per shape, run with each call's values.

    `build` must be pure: the same shape gives the same query whatever the values. It
    gets placeholders of the values' types (a tuple of them for a list value) and must use
    each as the value of a lookup, never look at it.
    """

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        max_shapes: int = 256,
        planned_per_run: bool = False,
    ):
        self.build = build
        self.max_shapes = max_shapes
        self.planned_per_run = planned_per_run
        self._compiled: dict[Hashable, _Compiled | None] = {}
        self._compiling = threading.Lock()

    def rows(self, *shape: Hashable, **values: Value) -> list[Model]:
        compiled = self._compiled_for(shape, values)
        if compiled is None:
            return []
        with self._planning(compiled):
            return list(compiled.bound(values))

    def one(self, *shape: Hashable, **values: Value) -> Model | None:
        """The row of a read that finds one row at most (by a unique key), or None."""
        rows = self.rows(*shape, **values)
        return rows[0] if rows else None

    def count(self, *shape: Hashable, **values: Value) -> int:
        """How many rows the read finds, in one `SELECT COUNT(*)` around its SQL."""
        compiled = self._compiled_for(shape, values)
        if compiled is None:
            return 0
        sql = f"SELECT COUNT(*) FROM ({compiled.sql}) counted"
        with (
            self._planning(compiled),
            connections[compiled.queryset.db].cursor() as cursor,
        ):
            cursor.execute(sql, compiled.params_for(values))
            return cursor.fetchone()[0]

    def _planning(self, compiled: "_Compiled") -> contextlib.AbstractContextManager:
        # A statement that binds no value is the same on every run: one plan serves all.
        if self.planned_per_run and compiled.slots:
            return _unprepared(connections[compiled.queryset.db])
        return contextlib.nullcontext()

    def _compiled_for(self, shape, values) -> "_Compiled | None":
        names_and_lengths = tuple(
            (name, None if isinstance(value, Key) else len(value)) for name, value in values.items()
        )
        key = (shape, names_and_lengths)
        try:
            return self._compiled[key]
        except KeyError:
            pass
        with self._compiling:
            if key not in self._compiled:
                while len(self._compiled) >= self.max_shapes:
                    del self._compiled[next(iter(self._compiled))]
                self._compiled[key] = _compile(self.build, shape, values)
            return self._compiled[key]


@contextlib.contextmanager
def _unprepared(connection) -> Iterator[None]:
    """Statements run meanwhile are not prepared (psycopg's prepare_threshold), so
    PostgreSQL plans each with its parameters."""
    connection.ensure_connection()
    driver = connection.connection
    if not hasattr(driver, "prepare_threshold"):
        yield
        return
    threshold, driver.prepare_threshold = driver.prepare_threshold, None
    try:
        yield
    finally:
        driver.prepare_threshold = threshold


class _Compiled:
    def __init__(self, queryset: QuerySet, sql: str, params: tuple, slots: list):
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        self.sql = sql
        self.params = params
        self.slots = slots
        self._converters: dict[tuple[int, ...], dict] = {}

    def converters(self, expressions: list) -> dict:
        """The compiler's converters for the selected columns, worked out once: they
        depend on the columns alone, which every run shares."""
        key = tuple(map(id, expressions))
        try:
            return self._converters[key]
        except KeyError:
            converters = self.compiler.get_converters(expressions)
            self._converters[key] = converters
            return converters

    def params_for(self, values: dict[str, Value]) -> tuple:
        params = list(self.params)
        for position, name, index, kind in self.slots:
            params[position] = kind(values[name] if index is None else values[name][index])
        return tuple(params)

    def bound(self, values: dict[str, Value]) -> QuerySet:
        params = self.params_for(values)
        connection = connections[self.queryset.db]
        if self.queryset.query.select_for_update and connection.get_autocommit():
            raise TransactionManagementError("select_for_update needs a transaction.")
        compiler = copy.copy(self.compiler)
        compiler.connection = connection
        compiler.as_sql = lambda *args, **kwargs: (self.sql, params)
        compiler.get_converters = self.converters
        queryset = self.queryset._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return queryset


def _compile(build: Callable[..., QuerySet], shape: tuple, values: dict) -> _Compiled | None:
    placeholders, names = {}, {}
    for name, value in values.items():
        if isinstance(value, Key):
            placeholders[name] = _placeholder_for(value)
            names[placeholders[name]] = (name, None)
        else:
            placeholders[name] = tuple(_placeholder_for(item) for item in value)
            names.update({held: (name, index) for index, held in enumerate(placeholders[name])})
    queryset = build(*shape, **placeholders)
    if queryset._prefetch_related_lookups:
        raise ImproperlyConfigured("A compiled read runs one query: prefetch apart.")
    compiled = _Compiled(queryset, "", (), [])
    try:
        sql, params = compiled.compiler.as_sql()
    except EmptyResultSet:
        return None
    # A value keeps the type the database adapter gave its placeholder (Int8, say).
    slots = [
        (position, *names[param], type(param))
        for position, param in enumerate(params)
        if isinstance(param, Key) and param in names
    ]
    # A value may be bound more than once (a subquery used twice), but every one must be.
    if {(name, index) for _, name, index, _ in slots} != set(names.values()):
        raise ImproperlyConfigured(f"{build.__qualname__} does not bind every value.")
    compiled.sql, compiled.params, compiled.slots = sql, tuple(params), slots
    return compiled


class CompiledList:
    """A list read through two compiled reads, for a paginator to count and slice.

    `page_read` takes the shape, then a page's offset and size; `count_read` the shape,
    then how many rows to count up to. `attach` gives a page's rows what they show beyond
    their columns (their tags, say).
    """

    def __init__(
        self,
        page_read: CompiledRead,
        count_read: CompiledRead,
        *shape: Hashable,
        attach: Callable[[list], None] | None = None,
        **values: Value,
    ):
        self.page_read, self.count_read = page_read, count_read
        self.shape, self.values, self.attach = shape, values, attach

    def count_up_to(self, cap: int) -> int:
        return self.count_read.count(*self.shape, cap + 1, **self.values)

    def __getitem__(self, page: slice) -> list:
        if page.stop <= page.start:
            return []
        size = page.stop - page.start
        rows = self.page_read.rows(*self.shape, page.start, size, **self.values)
        if self.attach is not None:
            self.attach(rows)
        return rows
