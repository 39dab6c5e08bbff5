"""A local HTTP server standing in for the EC2 instance metadata service (IMDSv2), the ECS/EKS
container credentials endpoint, and a flaky AWS endpoint for retry tests.

Prints the port it listens on (127.0.0.1, chosen by the OS) as the first line of stdout.

Routes:
  PUT  /latest/api/token                          needs X-aws-ec2-metadata-token-ttl-seconds
  GET  /latest/meta-data/iam/security-credentials/ needs the token; returns the role name
  GET  /latest/meta-data/iam/security-credentials/test-role   credentials JSON
  GET  /container/creds                           needs Authorization: Bearer container-token
  POST /flaky/<id>/<failures>/<status>/<code>     answers <status> with __type <code> <failures> times, then {}
  GET  /count/<id>                                how many requests /flaky/<id>/... received
  GET  /s3-redirect/<bucket>?location=            301 PermanentRedirect with x-amz-bucket-region: eu-central-1,
                                                  as S3 answers for a bucket of another region
  GET  /s3-wrong-region/<bucket>?location=        400 AuthorizationHeaderMalformed "... expecting 'ap-south-1'"
"""
import datetime
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "imds-session-token"
CONTAINER_TOKEN = "Bearer container-token"
COUNTS = {}
LOCK = threading.Lock()


def credentials(key):
    expiration = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    return {
        "Code": "Success",
        "AccessKeyId": key,
        "SecretAccessKey": "secret-" + key,
        "Token": "token-" + key,
        "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "req-fake")
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_PUT(self):
        self.read_body()
        if self.path == "/latest/api/token":
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.reply(400, "missing ttl", "text/plain")
            return self.reply(200, TOKEN, "text/plain")
        self.reply(404, "not found", "text/plain")

    def do_GET(self):
        if self.path.startswith("/latest/meta-data/iam/security-credentials/"):
            if self.headers.get("X-aws-ec2-metadata-token") != TOKEN:
                return self.reply(401, "", "text/plain")
            role = self.path[len("/latest/meta-data/iam/security-credentials/"):]
            if role == "":
                return self.reply(200, "test-role", "text/plain")
            if role == "test-role":
                return self.reply(200, json.dumps(credentials("IMDSKEY")))
            return self.reply(404, "", "text/plain")
        if self.path == "/container/creds":
            if self.headers.get("Authorization") != CONTAINER_TOKEN:
                return self.reply(401, json.dumps({"message": "bad token"}))
            return self.reply(200, json.dumps(credentials("CONTAINERKEY")))
        if self.path.startswith("/s3-redirect/"):
            body = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message></Error>"
            self.send_response(301)
            self.send_header("x-amz-bucket-region", "eu-central-1")
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        if self.path.startswith("/s3-wrong-region/"):
            return self.reply(400, "<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'ap-south-1'</Message></Error>",
                              "application/xml")
        if self.path.startswith("/count/"):
            with LOCK:
                return self.reply(200, json.dumps({"count": COUNTS.get(self.path[len("/count/"):], 0)}))
        self.reply(404, "", "text/plain")

    def do_POST(self):
        self.read_body()
        parts = self.path.strip("/").split("/")
        if len(parts) == 5 and parts[0] == "flaky":
            _, ident, failures, status, code = parts
            with LOCK:
                COUNTS[ident] = COUNTS.get(ident, 0) + 1
                seen = COUNTS[ident]
            if seen <= int(failures):
                return self.reply(int(status), json.dumps({"__type": "com.amazonaws.test#" + code, "message": "injected " + code}))
            return self.reply(200, json.dumps({"ok": seen}))
        self.reply(404, "", "text/plain")


def exit_when_stdin_closes():
    # The test holds our stdin open; when it closes (test finished or crashed), we exit. This
    # does not depend on signals, which a parent may have blocked for its children.
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
