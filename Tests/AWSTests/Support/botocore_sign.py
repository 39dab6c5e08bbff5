"""Signs requests with botocore so the Swift signer can be compared byte for byte.

Reads a JSON list of cases from the file named by argv[1] and prints a JSON list of results:
{"authorization": ...} for header signing, {"url": ...} for presigning.
Each case: method, scheme, host, path (wire form), query [[name, value], ...] (decoded),
headers [[name, value], ...], body (base64), service, region, access_key, secret_key, token,
timestamp (YYYYmmddTHHMMSSZ), mode ("header" | "query"), expires.
"""
import base64
import datetime
import json
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(case):
    stamp = datetime.datetime.strptime(case["timestamp"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda *args, **kwargs: stamp
    creds = Credentials(case["access_key"], case["secret_key"], case.get("token"))
    s3 = case["service"] == "s3"
    url = f'{case["scheme"]}://{case["host"]}{case["path"]}'
    request = AWSRequest(method=case["method"], url=url, data=base64.b64decode(case["body"]))
    for name, value in case["headers"]:
        request.headers[name] = value  # appends: repeated headers are kept in order
    if case["mode"] == "header":
        request.params = [tuple(pair) for pair in case["query"]]
        signer = (botocore.auth.S3SigV4Auth if s3 else botocore.auth.SigV4Auth)(
            creds, case["service"], case["region"])
        signer.add_auth(request)
        return {"authorization": request.headers["Authorization"]}
    request.params = {name: value for name, value in case["query"]}
    signer = (botocore.auth.S3SigV4QueryAuth if s3 else botocore.auth.SigV4QueryAuth)(
        creds, case["service"], case["region"], expires=case["expires"])
    signer.add_auth(request)
    return {"url": request.url}


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    json.dump([sign(case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
