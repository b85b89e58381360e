"""How a checked record (a role, a skill, a dataset's steps) is kept in the store: plain tables
written from its models and read back fast as plain records, without validation.

Why not pickle or JSON: unpickling pydantic models, or validating their JSON back, costs more
than the rest of a command at the 3,000-role scale (see the Performance section of the README).
A record instead holds one table of plain field dicts per model class it contains (values
:mod:`marshal` stores), and it is read back as the record classes of
:mod:`careerpath.data.records` without validation and without Pydantic: the models were
validated before the store was written, and a record that does not fit today's classes is
refused (the store is rebuilt). Records of plain fields only (a requirement) are rebuilt from a
row's values with :func:`flat_builder`.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from careerpath.data.records import make

if TYPE_CHECKING:
    from pydantic import BaseModel

    from careerpath.data.ladder import Ladder

FORMAT_VERSION = 4
"""Bumped whenever the layout of a record changes."""

_LADDER_ATTRIBUTES = frozenset(
    {
        "scale",
        "importance_scale",
        "name",
        "description",
        "version",
        "attribution",
        "licence",
        "files",
        "roles",
        "skills",
        "sources",
        "steps",
        "_out",
        "_in",
    }
)


# Layout of an entry's payload: one table per model class, in an order where every class comes
# after the classes it holds. A row is the model's field dict with each nested model replaced by
# its index in that model's table (a list of indices for a list of models), and a parallel list
# holds each row's bit mask of explicitly set fields (so ``model_fields_set`` and
# ``exclude_unset`` dumps come out as after a fresh load). Rows of small all-scalar models are
# stored once and shared. The dataset's own lists are lists of indices.


class _Unsupported(Exception):
    """A model this cache cannot rebuild without validation."""


def _nested_model(annotation: Any) -> tuple[str, type[BaseModel]] | None:
    """How a field holds models: ``("one"|"optional"|"list", model)``, or None for plain values.

    A field that holds a string or a model (text in one language or several) is ``"text"`` (it
    may also be None), and a list of such values ``"texts"``: a string stays a string in the
    table, a model becomes its row number (an int), so the two are told apart when rebuilt.
    """
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "one", annotation
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _nested_model(args[0])
    if origin is list and len(args) == 1:
        inner = _nested_model(args[0])
        if inner is None:
            return None
        if inner[0] == "text":
            return "texts", inner[1]
        if inner[0] != "one":
            raise _Unsupported(f"list of {annotation}")
        return "list", inner[1]
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        found = [_nested_model(a) for a in options]
        if not any(found):
            return None
        if len(options) == 1 and found[0] is not None and found[0][0] == "one":
            return "optional", found[0][1]
        models = [one for one in found if one is not None]
        plain = [option for option, one in zip(options, found, strict=True) if one is None]
        if len(models) == 1 and models[0][0] == "one" and len(plain) == 1 and _is_string(plain[0]):
            return "text", models[0][1]
        raise _Unsupported(f"union {annotation}")
    if any(_nested_model(arg) for arg in args if not isinstance(arg, (str, int))):
        raise _Unsupported(f"models inside {annotation}")
    return None


def _is_string(annotation: Any) -> bool:
    """True for ``str`` (and an ``Annotated`` str)."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation is str


class _Layout:
    """How one model class (or record class: see :mod:`careerpath.data.records`) is stored
    and rebuilt."""

    def __init__(self, model: type[Any]) -> None:
        self.model = model
        self.nested: list[tuple[str, str, type[Any]]] = []
        self.record = "_fields" in model.__dict__
        if self.record:  # a record class declares its layout: no Pydantic needed to read it
            self.names: tuple[str, ...] = model._fields
            self.nested.extend(model._nested)
        else:
            config = model.model_config
            if (
                not config.get("frozen")
                or config.get("extra") == "allow"
                or model.__private_attributes__
                or model.__pydantic_post_init__
                or model.__pydantic_root_model__
            ):
                raise _Unsupported(model.__name__)
            self.names = tuple(model.model_fields)
            for name, field in model.model_fields.items():
                nesting = _nested_model(field.annotation)
                if nesting is not None:
                    self.nested.append((name, *nesting))
        self.full_mask = (1 << len(self.names)) - 1
        self.bits = {name: 1 << index for index, name in enumerate(self.names)}


_LAYOUTS: dict[type[BaseModel], _Layout] = {}


def _layout(model: type[BaseModel]) -> _Layout:
    layout = _LAYOUTS.get(model)
    if layout is None:
        layout = _LAYOUTS[model] = _Layout(model)
    return layout


class _Tables:
    """The rows of every model class, filled while encoding a dataset."""

    def __init__(self) -> None:
        self.rows: dict[type[BaseModel], list[dict[str, Any]]] = {}
        self.masks: dict[type[BaseModel], list[int]] = {}
        self.encoders: dict[type[BaseModel], Callable[[Any], int]] = {}

    def encoder(self, model: type[BaseModel]) -> Callable[[Any], int]:
        """A function that stores a *model* value and returns its row number."""
        encode = self.encoders.get(model)
        if encode is None:
            encode = self.encoders[model] = self._make(_layout(model))
        return encode

    def _make(self, layout: _Layout) -> Callable[[Any], int]:
        model, names, bits, full_mask = layout.model, layout.names, layout.bits, layout.full_mask
        nested = [(name, how, self.encoder(inner)) for name, how, inner in layout.nested]
        rows = self.rows.setdefault(model, [])
        masks = self.masks.setdefault(model, [])
        mask_of: dict[frozenset[str], int] = {}

        def encode(value: Any) -> int:
            if type(value) is not model:  # a subclass would come back as the declared class
                raise _Unsupported(f"{type(value).__name__} where {model.__name__} is declared")
            fields = value.__dict__
            if len(fields) != len(names):
                raise _Unsupported(f"{model.__name__} instance holds more than its fields")
            set_fields = value.__pydantic_fields_set__
            if len(set_fields) == len(names):
                mask = full_mask
            else:
                which = frozenset(set_fields)
                mask = mask_of.get(which, -1)
                if mask < 0:
                    mask = mask_of[which] = sum(bits.get(name, 0) for name in which)
            if nested:  # rows of models without nested ones are only read: no copy needed
                fields = fields.copy()
            for name, how, encode_inner in nested:
                item = fields[name]
                if how == "list":
                    fields[name] = [encode_inner(one) for one in item]
                elif how == "texts":
                    fields[name] = [one if type(one) is str else encode_inner(one) for one in item]
                elif how == "text":
                    if item is not None and type(item) is not str:
                        fields[name] = encode_inner(item)
                elif item is not None:
                    fields[name] = encode_inner(item)
            rows.append(fields)
            masks.append(mask)
            return len(rows) - 1

        return encode


def check_attributes(ladder: Ladder) -> None:
    """Refuse a dataset holding more than a store keeps (Ladder grew: the news would be lost)."""
    from careerpath.data.ladder import Ladder

    if type(ladder) is Ladder and set(vars(ladder)) != _LADDER_ATTRIBUTES:
        raise _Unsupported("Ladder attributes changed")


_new = object.__new__
_set = object.__setattr__
_make = make


def _rebuild(
    layout: _Layout, rows: list[dict[str, Any]], masks: list[int], built: dict[Any, list[Any]]
) -> list[Any]:
    """The records a table's rows stand for (without validation: they were valid). The masks
    of fields given (kept for the models a store is written from) are not read: a record does
    not keep them."""
    if not layout.record:
        raise _Unsupported(f"{layout.model.__name__} is read back as its record class")
    if rows and tuple(rows[0]) != layout.names:
        raise _Unsupported(f"{layout.model.__name__} fields changed")
    if len(rows) != len(masks):
        raise _Unsupported(f"{layout.model.__name__} rows and masks differ")
    model, make = layout.model, _make
    nested = [(name, how, built[inner]) for name, how, inner in layout.nested]
    instances: list[Any] = []
    append = instances.append
    for fields in rows:
        for name, how, table in nested:
            value = fields[name]
            if how == "list":
                fields[name] = [table[index] for index in value]
            elif how == "texts":
                fields[name] = [table[one] if type(one) is int else one for one in value]
            elif how == "text":
                if type(value) is int:
                    fields[name] = table[value]
            elif value is not None:
                fields[name] = table[value]
        append(make(model, fields))
    return instances


def _instance(model: type[BaseModel], fields: dict[str, Any], fields_set: set[str]) -> Any:
    """An instance of *model* holding *fields*, made without validation (they were valid)."""
    instance = _new(model)
    _set(instance, "__dict__", fields)
    _set(instance, "__pydantic_fields_set__", fields_set)
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


_ORDERS: dict[type[BaseModel], list[type[BaseModel]]] = {}


def _order_from(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The model classes *model* holds, each after the classes it holds, *model* last."""
    found = _ORDERS.get(model)
    if found is not None:
        return found
    order: list[type[BaseModel]] = []
    visiting: set[type[BaseModel]] = set()

    def visit(current: type[BaseModel]) -> None:
        if current in order:
            return
        if current in visiting:
            raise _Unsupported(f"{current.__name__} holds itself")
        visiting.add(current)
        for _, _, inner in _layout(current).nested:
            visit(inner)
        order.append(current)

    visit(model)
    _ORDERS[model] = order
    return order


class RecordEncoder:
    """Encodes instances of one model class one at a time, each as plain tables on its own
    (for :mod:`marshal`): one role, or a dataset's steps, stored apart (see
    :mod:`careerpath.data.store`). The tables are made once and emptied between records."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        self.order = _order_from(model)
        self.tables = _Tables()
        self.encode_one = self.tables.encoder(model)
        # Each class's table, in order: the lists the encoders fill (every class in the order
        # has them, made with its encoder), looked up once rather than for every record.
        self.filled = [
            (inner.__name__, self.tables.rows[inner], self.tables.masks[inner])
            for inner in self.order
        ]

    def __call__(self, values: list[Any]) -> tuple[Any, ...]:
        encode = self.encode_one
        roots = [encode(value) for value in values]
        stored = [(name, rows[:], masks[:]) for name, rows, masks in self.filled]
        for _, rows, masks in self.filled:  # emptied in place: the encoders keep writing to them
            rows.clear()
            masks.clear()
        return FORMAT_VERSION, stored, roots


def encode_records(model: type[BaseModel], values: list[Any]) -> tuple[Any, ...]:
    """Plain tables (for :mod:`marshal`) of *values*, instances of *model*, on their own."""
    return RecordEncoder(model)(values)


def decode_records(model: type[Any], payload: Any) -> list[Any]:
    """The instances :func:`encode_records` stored (rebuilt without validation)."""
    version, stored, roots = payload
    order = _order_from(model)
    if version != FORMAT_VERSION or len(stored) != len(order):
        raise _Unsupported("model classes changed")
    for (name, _, _), inner in zip(stored, order, strict=True):
        if name != inner.__name__:
            raise _Unsupported("model classes changed")
    built: dict[Any, list[Any]] = {}
    for inner, (_, rows, masks) in zip(order, stored, strict=True):
        built[inner] = _rebuild(_layout(inner), rows, masks, built)
    table = built[model]
    return [table[index] for index in roots]


def replaced(value: Any, **fields: Any) -> Any:
    """A copy of the model instance or record *value* with *fields* replaced, without
    validation and with the same explicitly set fields (so a dump of the copy tells the same
    story)."""
    if _layout(type(value)).record:
        return _make(type(value), {**value.__dict__, **fields})
    return _instance(type(value), {**value.__dict__, **fields}, value.__pydantic_fields_set__)


def fields_mask(value: Any) -> int:
    """Which fields of the model instance *value* were set explicitly, as a bit mask in the
    order of its fields (see :func:`flat_builder`)."""
    layout = _layout(type(value))
    if layout.record:  # a record keeps no such set: every field counts as given
        return layout.full_mask
    return sum(layout.bits[name] for name in value.__pydantic_fields_set__)


def flat_builder(record: type[Any]) -> Callable[[dict[str, Any], int], Any]:
    """A function that rebuilds an instance of the record class *record* (of plain fields
    only) from its field values, in field order, without validation; the mask of fields given
    (:func:`fields_mask`) it is passed beside them is not kept."""
    layout = _layout(record)
    if layout.nested or not layout.record:
        raise _Unsupported(f"{record.__name__} holds records, or is not a record class")
    return lambda fields, _: _make(record, fields)
