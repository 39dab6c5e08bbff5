"""Deletes DynamoDB tables on a local endpoint and waits until they are gone, so the next round
of the writer figure (bench/README.md, section 4) writes into empty tables again.

    python bench/glue/drop_tables.py --endpoint http://127.0.0.1:PORT TABLE...

A table that does not exist is skipped. Exit status 0, or 1 when a table could not be deleted.
"""

import argparse
import sys

import boto3


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True, help="DynamoDB endpoint URL (a local moto server)")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("tables", nargs="+")
    options = parser.parse_args(argv)
    client = boto3.client("dynamodb", endpoint_url=options.endpoint, region_name=options.region)
    for table in options.tables:
        try:
            client.delete_table(TableName=table)
        except client.exceptions.ResourceNotFoundException:
            continue
        except Exception as exc:  # reported: the next round would write into a full table
            print(f"drop_tables: could not delete {table}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        client.get_waiter("table_not_exists").wait(TableName=table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
