"""Our own Lambda runtime: the sandbox image's entry point, in place of awslambdaric.

    python3 runtime.py <handler>       (the image's ENTRYPOINT; SST's CMD is the handler's name,
                                        packages.sandbox.runner.handler.handler; _HANDLER if absent)

It speaks the Lambda Runtime API, as AWS documents it:
  https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html       (next, response, error,
                                                                       init error; version 2018-06-01)
  https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html    (what a custom runtime does:
                                                                       init tasks, the invocation loop,
                                                                       and "Implementing response
                                                                       streaming in a custom runtime")
  https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html
  https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html (the caller's side)

Init: read AWS_LAMBDA_RUNTIME_API (before the handler's import seals this process's environment:
isolation.seal_runner), import the handler's module from LAMBDA_TASK_ROOT (handler.py warms the
runner and forks its zygote there, before this process opens any connection, so no job process
inherits one), or report POST /runtime/init/error {errorType, errorMessage} and exit.

Then one invocation at a time: GET /runtime/invocation/next (no timeout: the environment may be
frozen in between), call handler(event, context), and answer in streaming mode: POST
/runtime/invocation/{id}/response with `Lambda-Runtime-Function-Response-Mode: streaming` and
`Transfer-Encoding: chunked`, one HTTP chunk per line the handler sends (context.send), the
handler's return value as the last line. The body is newline-delimited JSON:
    {"type": "output", "jobId": ..., "stream": "stdout"|"stderr", "data": ...}   while the job runs
    {"type": "result", ...Result}                                                once, last
The stream opens at the first line, so a failure before any (an event that is not JSON, a handler
that raises first) is POST /runtime/invocation/{id}/error with `Lambda-Runtime-Function-Error-Type`,
which the caller sees as a function error; a failure after it ends the chunked body with the
trailers `Lambda-Runtime-Function-Error-Type` and `Lambda-Runtime-Function-Error-Body` (the error
document, base64), declared up front in a `Trailer` header, so the stream ends as failed, not as
complete. A 500 from the Runtime API is a non-recoverable state: the runtime exits.
"""

import base64
import http.client
import importlib
import json
import os
import sys
import time
import traceback

API_VERSION = "2018-06-01"
ERROR_TYPE = "Lambda-Runtime-Function-Error-Type"
ERROR_BODY = "Lambda-Runtime-Function-Error-Body"
NDJSON = "application/x-ndjson"


class RuntimeApiError(Exception):
    """The Runtime API answered 500 (its container is in a non-recoverable state)."""


def error_document(error, error_type=None):
    return {
        "errorMessage": str(error),
        "errorType": error_type or type(error).__name__,
        "stackTrace": traceback.format_list(traceback.extract_tb(error.__traceback__)),
    }


class RuntimeApi:
    """The Runtime API's endpoints over one kept-alive HTTP/1.1 connection."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.host, self.port = host, int(port)
        self.connection = None

    def _connection(self):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port)  # no timeout: see next()
        return self.connection

    def _finish(self, what):
        response = self.connection.getresponse()
        body = response.read()
        if response.status >= 500:
            raise RuntimeApiError(f"{what}: {response.status} {body[:200]!r}")
        if response.will_close:
            self.close()
        return response, body

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method, path, body=None, headers=None):
        connection = self._connection()
        try:
            connection.request(method, f"/{API_VERSION}{path}", body=body, headers=headers or {})
            return self._finish(f"{method} {path}")
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def next(self):
        """Block until the next invocation: (request id, headers, event bytes)."""
        response, body = self.request("GET", "/runtime/invocation/next")
        return response.getheader("Lambda-Runtime-Aws-Request-Id"), response, body

    def init_error(self, document):
        self.request("POST", "/runtime/init/error", json.dumps(document).encode(),
                     {ERROR_TYPE: document["errorType"], "Content-Type": "application/json"})

    def invocation_error(self, request_id, document):
        self.request("POST", f"/runtime/invocation/{request_id}/error", json.dumps(document).encode(),
                     {ERROR_TYPE: document["errorType"], "Content-Type": "application/json"})

    def open_stream(self, request_id):
        """Start the streamed response: headers now, then chunks (ResponseStream)."""
        connection = self._connection()
        connection.putrequest("POST", f"/{API_VERSION}/runtime/invocation/{request_id}/response", skip_accept_encoding=True)
        for name, value in (("Lambda-Runtime-Function-Response-Mode", "streaming"), ("Transfer-Encoding", "chunked"),
                            ("Content-Type", NDJSON), ("Trailer", f"{ERROR_TYPE}, {ERROR_BODY}")):
            connection.putheader(name, value)
        connection.endheaders()
        return ResponseStream(self, connection)


class ResponseStream:
    """One streamed response: each write is one HTTP chunk, sent at once (http.client sets TCP_NODELAY)."""

    def __init__(self, api, connection):
        self.api, self.connection = api, connection

    def write(self, data):
        if data:
            self.connection.send(b"%x\r\n%s\r\n" % (len(data), data))

    def finish(self, error=None):
        """The last chunk; with an error document, the trailers that mark the stream failed."""
        trailers = b""
        if error is not None:
            body = base64.b64encode(json.dumps(error).encode()).decode()
            trailers = f"{ERROR_TYPE}: {error['errorType']}\r\n{ERROR_BODY}: {body}\r\n".encode()
        self.connection.send(b"0\r\n" + trailers + b"\r\n")
        self.api._finish("POST response")


class Context:
    """The handler's context: awslambdaric's LambdaContext fields, and `send` for a streamed line."""

    def __init__(self, api, request_id, response):
        self.aws_request_id = request_id
        self.invoked_function_arn = response.getheader("Lambda-Runtime-Invoked-Function-Arn")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self._deadline_ms = int(response.getheader("Lambda-Runtime-Deadline-Ms") or 0)
        self._api, self.stream = api, None

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))

    def send(self, message):
        """One line of the streamed response (the stream opens at the first)."""
        line = json.dumps(message).encode() + b"\n"  # before the stream opens: a message that is not JSON fails alone
        if self.stream is None:
            self.stream = self._api.open_stream(self.aws_request_id)
        self.stream.write(line)


def invoke(api, handler, request_id, response, body):
    try:
        event = json.loads(body or b"{}")
    except ValueError as error:
        api.invocation_error(request_id, error_document(error, "Runtime.UnmarshalError"))
        return
    context = Context(api, request_id, response)
    failure = None
    try:
        result = handler(event, context)
        context.send(result)  # the last line; a result that is not JSON fails here
    except (TypeError, ValueError) as error:
        failure = error_document(error, "Runtime.MarshalError" if "JSON serializable" in str(error) else None)
    except (OSError, http.client.HTTPException, RuntimeApiError):
        raise  # the Runtime API itself failed: nothing to answer on
    except Exception as error:  # noqa: BLE001 - an unhandled error of the function
        failure = error_document(error)
    if context.stream is None:
        api.invocation_error(request_id, failure)
    else:
        context.stream.finish(failure)


def load_handler(name):
    module_name, _, function_name = name.rpartition(".")
    task_root = os.environ.get("LAMBDA_TASK_ROOT")
    if task_root and task_root not in sys.path:
        sys.path.insert(0, task_root)
    return getattr(importlib.import_module(module_name), function_name)


def main(argv):
    api = RuntimeApi(os.environ["AWS_LAMBDA_RUNTIME_API"])  # before the handler seals os.environ
    name = argv[1] if len(argv) > 1 else os.environ.get("_HANDLER", "")
    try:
        handler = load_handler(name)
    except Exception as error:  # noqa: BLE001 - what awslambdaric reports as an init error
        kind = "Runtime.HandlerNotFound" if isinstance(error, AttributeError) else "Runtime.ImportModuleError"
        api.init_error(error_document(error, kind))
        sys.stderr.write(f"init error: {kind}: {error}\n")
        return 1
    while True:
        try:
            request_id, response, body = api.next()
        except (RuntimeApiError, OSError, http.client.HTTPException) as error:
            sys.stderr.write(f"runtime API: {type(error).__name__}: {error}\n")
            return 1
        try:
            invoke(api, handler, request_id, response, body)
        except RuntimeApiError as error:
            sys.stderr.write(f"runtime API: {error}\n")
            return 1
        except (OSError, http.client.HTTPException) as error:
            # The connection broke mid-answer (the platform cut it short): log it, take the next one.
            sys.stderr.write(f"runtime API connection: {type(error).__name__}: {error}\n")

if __name__ == "__main__":
    sys.exit(main(sys.argv))
