"""The contract's JSON Schema, rewritten into a form ``hypothesis-jsonschema`` generates from quickly.

``contracts/migration_contract_schema.json`` states its per-kind rules as ``allOf: [{if: {properties:
{type: {const: K}}}, then: ...}]``. hypothesis-jsonschema can only honour such a conditional by merging
and filtering at every draw, which takes minutes per example on that schema. Rewritten here, each
object with such conditionals becomes a ``oneOf`` of its *variants*: for each value of the property
the conditions test (the discriminator), the object with that value as a ``const`` and the ``then``
parts whose ``if`` it satisfies merged in. The rewrite keeps the set of valid documents except in
two places, both narrower, never wider:

- objects are closed (``additionalProperties: false``): the schema allows unknown keys, which
  ``check`` only warns about; generating them would spend the examples on noise;
- a discriminator is always present in a variant when the object requires it, and otherwise one
  variant leaves it out.

Every generated document is still validated against the *original* schema by the test
(``jsonschema``), so a fault in this rewrite cannot pass a schema-invalid contract off as valid.
"""

import copy
from typing import Any, Dict, List, Optional

Schema = Dict[str, Any]


def resolve_refs(schema: Schema) -> Schema:
    """The schema with every ``#/definitions/...`` reference replaced by its target (no cycles here)."""
    definitions = schema.get("definitions", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                name = node["$ref"].rsplit("/", 1)[-1]
                return walk(copy.deepcopy(definitions[name]))
            return {k: walk(v) for k, v in node.items() if k != "definitions"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def _condition(if_part: Schema) -> Optional[tuple]:
    """``(property, allowed values, needs presence)`` of an ``if`` testing one property's value."""
    props = if_part.get("properties", {})
    if len(props) != 1:
        return None
    (name, test), = props.items()
    if "const" in test:
        values = [test["const"]]
    elif "enum" in test:
        values = list(test["enum"])
    else:
        return None
    return name, values, name in if_part.get("required", [])


def _merge(base: Schema, extra: Schema) -> Schema:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if key == "required":
            out["required"] = sorted(set(out.get("required", [])) | set(value))
        elif key == "properties":
            props = out.setdefault("properties", {})
            for name, sub in value.items():
                props[name] = _merge(props[name], sub) if name in props else copy.deepcopy(sub)
        elif key == "allOf":
            out.setdefault("allOf", []).extend(copy.deepcopy(value))
        else:
            out[key] = copy.deepcopy(value)
    return out


def _nested_condition(if_part: Schema) -> Optional[tuple]:
    """``(outer property, inner property, values)`` of an ``if`` on a sub-object's property
    (``{properties: {construction: {properties: {type: {const: "array"}}}}}``)."""
    props = if_part.get("properties", {})
    if len(props) != 1:
        return None
    (outer, test), = props.items()
    inner = _condition(test) if isinstance(test, dict) and "properties" in test else None
    return (outer, inner[0], inner[1]) if inner else None


def _variants(obj: Schema) -> List[Schema]:
    """The variants of one object schema whose ``allOf`` holds if/then conditionals."""
    conditionals = [c for c in obj.get("allOf", []) if "if" in c]
    rest = [c for c in obj.get("allOf", []) if "if" not in c]
    base = {k: v for k, v in obj.items() if k != "allOf"}
    if rest:
        base["allOf"] = rest
    if not conditionals:
        return [base]
    flat = [c for c in conditionals if _condition(c["if"])]
    nested = [c for c in conditionals if not _condition(c["if"]) and _nested_condition(c["if"])]
    if len(flat) + len(nested) != len(conditionals):
        raise ValueError(f"unsupported conditional: {conditionals}")
    variants = [base]
    if flat:
        name = _condition(flat[0]["if"])[0]
        if any(_condition(c["if"])[0] != name for c in flat):
            raise ValueError(f"conditionals on several properties: {flat}")
        prop = base.get("properties", {}).get(name, {})
        values = prop.get("enum") or sorted({v for c in flat for v in _condition(c["if"])[1]})
        required = name in base.get("required", [])
        variants = []
        for value in values:
            v = _merge(base, {"properties": {name: {"const": value}}, "required": [name]})
            for c in flat:
                if value in _condition(c["if"])[1]:
                    v = _merge(v, c["then"])
            variants.append(v)
        if not required:
            # The property left out: an `if` without `required` holds vacuously (JSON Schema's
            # `properties` tests only the keys present), one with `required` does not.
            v = copy.deepcopy(base)
            v.setdefault("properties", {})[name] = {"not": {}}
            for c in flat:
                if name not in c["if"].get("required", []):
                    v = _merge(v, c["then"])
            variants.append(v)
    for c in nested:
        outer, inner, values = _nested_condition(c["if"])
        split = []
        for v in variants:
            sub = v["properties"][outer]
            for value in sub["properties"][inner].get("enum", values):
                w = copy.deepcopy(v)
                w["properties"][outer] = _merge(sub, {"properties": {inner: {"const": value}}, "required": [inner]})
                if value in values:
                    w = _merge(w, c["then"])
                split.append(w)
        variants = split
    return [finish(v) for v in variants]


def finish(node: Any) -> Any:
    """Rewrites every conditional object below ``node`` into variants, and closes objects."""
    if isinstance(node, list):
        return [finish(v) for v in node]
    if not isinstance(node, dict):
        return node
    if "allOf" in node and any("if" in c for c in node["allOf"]):
        variants = _variants(node)
        # `anyOf`, not `oneOf`: the variants exclude each other by their discriminator already, and
        # hypothesis-jsonschema turns a `oneOf` into a costly merge of each option with the others negated.
        return variants[0] if len(variants) == 1 else {"anyOf": variants}
    out = {k: finish(v) for k, v in node.items()}
    if out.get("type") == "object" and "properties" in out:
        out["additionalProperties"] = False
    if "allOf" in out and all(set(c) <= {"required"} for c in out["allOf"]):
        for c in out.pop("allOf"):
            out["required"] = sorted(set(out.get("required", [])) | set(c["required"]))
    return out


def generation_schema(schema: Schema) -> Schema:
    """The original schema, references resolved, conditionals rewritten into variants."""
    return finish(resolve_refs(schema))


def strategy(node: Schema, text=None):
    """A Hypothesis strategy for documents valid against ``node`` (a ``generation_schema`` part).

    Objects, arrays and ``anyOf`` are composed here once, up front; every leaf (strings with
    their patterns, numbers with their bounds, enums, consts) is drawn by hypothesis-jsonschema's
    ``from_schema``. Letting ``from_schema`` walk the whole tree re-canonicalises the nested
    sub-schemas on every draw, several seconds per contract; composed, a draw takes milliseconds.
    ``text``, when given, is mixed into every free-text string leaf (no pattern, enum or const),
    so that names and fragments meet each other often enough to reach past name resolution.
    """
    from hypothesis import strategies as st
    from hypothesis_jsonschema import from_schema

    if "anyOf" in node:
        return st.one_of([strategy(v, text) for v in node["anyOf"]])
    kind = node.get("type")
    if kind == "object" and "properties" in node:
        required = set(node.get("required", []))
        props = {k: v for k, v in node["properties"].items() if v != {"not": {}}}
        return st.fixed_dictionaries(
            {k: strategy(v, text) for k, v in props.items() if k in required},
            optional={k: strategy(v, text) for k, v in props.items() if k not in required})
    if kind == "array" and isinstance(node.get("items"), dict):
        return st.lists(strategy(node["items"], text), min_size=node.get("minItems", 0),
                        max_size=min(node.get("maxItems", 4), 4))
    if isinstance(kind, list) and "null" in kind:
        rest = [t for t in kind if t != "null"]
        return st.one_of(st.none(), strategy(dict(node, type=rest[0] if len(rest) == 1 else rest), text))
    leaf = from_schema({k: v for k, v in node.items() if k not in ("description", "default")})
    if text is not None and kind == "string" and not {"pattern", "enum", "const"} & set(node):
        return st.one_of(text, leaf)
    return leaf
