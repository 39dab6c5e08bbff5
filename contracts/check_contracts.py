"""Consistency check of contracts/: each contract validates against the JSON Schema, and each
expected/<view>.json names a view of its contract, lists exactly that view's columns in every row
and is sorted by its order_by. It checks shape only: the values are hand-written truth.

Usage: python3 contracts/check_contracts.py   (needs the `jsonschema` package)
"""
import glob
import json
import os
import re
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))


def view_name(table):
    return 'ddb_' + re.sub(r'[^a-z0-9_]', '_', table.lower()) + '_view'


def view_columns(table):
    """Columns of a table's view (without _partition_key), per docs/CONTRACT.md section 5."""
    if table['type'] == 'single-entity':
        return [a['name'] for a in table['attributes']]
    cols = ['_entity_type', table['pk']] + ([table['sk']] if table.get('sk') else [])
    for entity in table['entities']:
        for a in entity['attributes']:
            if a['name'] not in cols:
                cols.append(a['name'])
    return cols


def sort_key(row, order_by):
    return tuple('' if row[c] is None else row[c] for c in order_by)


def main():
    schema = json.load(open(os.path.join(HERE, 'migration_contract_schema.json')))
    validator = jsonschema.Draft7Validator(schema)
    problems = []
    for path in sorted(glob.glob(os.path.join(HERE, '*', 'contract.json'))):
        folder = os.path.dirname(path)
        contract = json.load(open(path))
        problems += [f'{path}: {list(e.absolute_path)}: {e.message}' for e in validator.iter_errors(contract)]
        views = {view_name(t['table']): view_columns(t) for t in contract['tables']}
        found = set()
        for exp_path in sorted(glob.glob(os.path.join(folder, 'expected', '*.json'))):
            exp = json.load(open(exp_path))
            name = exp['view']
            found.add(name)
            if os.path.basename(exp_path) != name + '.json' or name not in views:
                problems.append(f'{exp_path}: view {name} is not a view of {path}')
                continue
            want = set(views[name])
            for i, row in enumerate(exp['rows']):
                if set(row) != want:
                    problems.append(f'{exp_path}: row {i}: missing {sorted(want - set(row))}, extra {sorted(set(row) - want)}')
            keys = [sort_key(r, exp['order_by']) for r in exp['rows'] if set(exp['order_by']) <= set(r)]
            if keys != sorted(keys) or len(set(keys)) != len(keys):
                problems.append(f'{exp_path}: rows not strictly sorted by {exp["order_by"]}')
        for missing in sorted(set(views) - found):
            problems.append(f'{folder}: no expected/{missing}.json')
    for p in problems:
        print(p)
    print('ok' if not problems else f'{len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
