"""schemathesis hooks for scripts/fuzz.sh (loaded through SCHEMATHESIS_HOOKS).

`cargo lambda watch`, the local stand-in for API Gateway, answers a request whose body is
not UTF-8 with its own 500 before any function runs; such a case tests the emulator,
not Toko. The functions' own answer to undecodable bytes (400 `invalid_json`) is tested
in the shared crate (`http::tests`). Every other generated case, valid or not, is sent.
"""
import schemathesis


@schemathesis.hook
def filter_case(context, case):
    body = case.body
    if isinstance(body, (bytes, bytearray)):
        try:
            bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True
