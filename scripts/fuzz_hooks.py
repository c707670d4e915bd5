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


# Sales files (`POST /api/admin/imports/sales`, text/csv): schemathesis has no CSV writer
# of its own, so cases are drawn from sales-file-shaped text — either header, lines of
# months, days, categories and numbers mixed with any text — as well as any text at all.
from hypothesis import strategies as st  # noqa: E402

_cell = st.one_of(
    st.sampled_from(["2025-01", "2025-13", "2025/01", "2025-02-30", "2025-03-04", "printing",
                     "Laptop", "a@b.co", "-5", "0", "1.250.000", "12,5", "INV-1", '"q""uoted"', ""]),
    st.text(max_size=12),
    st.integers(min_value=-10, max_value=10**16).map(str),
)
_line = st.lists(_cell, min_size=0, max_size=7).map(",".join)
_header = st.sampled_from([
    "month,category,units,revenue",
    "date,invoice,customer e-mail,product or category,quantity,unit price",
    "Month, Category ,Units,Revenue",
    "month,category",
])
_sales_csv = st.one_of(
    st.tuples(_header, st.lists(_line, max_size=8)).map(lambda t: "\n".join([t[0], *t[1]]) + "\n"),
    st.text(max_size=200),
).map(lambda s: s.encode("utf-8"))
schemathesis.openapi.media_type("text/csv", _sales_csv)
