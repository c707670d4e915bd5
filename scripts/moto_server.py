"""moto's server, with DynamoDB requests taken one at a time.

moto applies TransactWriteItems and conditional writes as check-then-act without a
lock, and its server answers requests on many threads: under concurrent requests two
transactions can both pass a condition that DynamoDB lets only one of them pass (seen
here: 7 orders created where the pending limit allows 5). DynamoDB itself serialises
conflicting writes. One lock around DynamoDB requests gives the emulator that
behaviour; S3, SES and moto's own pages stay concurrent.

Usage: python scripts/moto_server.py -H 127.0.0.1 -p 5050 (the same flags as moto_server).
"""
import threading

from moto import server

_dynamodb = threading.Lock()
_dispatch = server.DomainDispatcherApplication.__call__


def _call(self, environ, start_response):
    if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
        with _dynamodb:
            # The answer is built inside the lock, not streamed after it.
            return list(_dispatch(self, environ, start_response))
    return _dispatch(self, environ, start_response)


server.DomainDispatcherApplication.__call__ = _call

if __name__ == "__main__":
    server.main()
