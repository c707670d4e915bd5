//! HTTP edge helpers: problem+json responses, JSON bodies parsed into fields with
//! per-field errors, query parameters (routes: `router.rs`).

use crate::domain::{Address, Line, PersonName, Phone};
use crate::error::{Error, FieldError};
use crate::ports::PageRequest;
use lambda_http::http::{header, Method, StatusCode};
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Largest JSON body any route of these functions accepts.
pub const MAX_JSON_BODY: usize = 16 * 1024;

pub type HttpResult = Result<Response<Body>, Error>;

fn base(status: StatusCode, content_type: &str) -> lambda_http::http::response::Builder {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, "no-store")
        .header("x-content-type-options", "nosniff")
}

/// A JSON response.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> HttpResult {
    let body = serde_json::to_vec(value).map_err(Error::internal)?;
    base(status, "application/json")
        .body(Body::from(body))
        .map_err(Error::internal)
}

/// A CSV file to download (`name`), for the caller only.
pub fn csv_download(body: String, name: &str) -> HttpResult {
    base(StatusCode::OK, "text/csv; charset=utf-8")
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        )
        .body(Body::from(body))
        .map_err(Error::internal)
}

/// A text body up to `max` bytes (413 `file_too_large` past it, saying `too_large`), 400
/// `invalid_csv` when it is not UTF-8.
pub fn text_body<'a>(req: &'a Request, max: usize, too_large: &str) -> Result<&'a str, Error> {
    let bytes: &[u8] = req.body().as_ref();
    if bytes.len() > max {
        return Err(Error::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
            too_large,
        ));
    }
    std::str::from_utf8(bytes).map_err(|_| {
        Error::bad_request(
            "invalid_csv",
            "The file must be CSV text in UTF-8 (in a spreadsheet: Save as → CSV UTF-8).",
        )
    })
}

/// A `true`/`false` query parameter (absent: false); anything else is 400 `invalid_query`.
pub fn query_flag(q: &HashMap<String, String>, name: &str) -> Result<bool, Error> {
    match q.get(name).map(String::as_str) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(Error::bad_request(
            "invalid_query",
            format!("{name} must be true or false."),
        )),
    }
}

/// 422 `invalid_csv`: each bad line of a file (at most
/// [`MAX_REPORTED_ERRORS`](crate::domain::MAX_REPORTED_ERRORS)) in `errors` as `line N`.
pub fn invalid_csv(errors: Vec<crate::domain::csv::LineError>) -> Error {
    let count = errors.len();
    let mut e = Error::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_csv",
        format!("{count} line(s) of the file need correcting; nothing was changed."),
    );
    e.errors = errors
        .into_iter()
        .take(crate::domain::MAX_REPORTED_ERRORS)
        .map(|l| FieldError::new(format!("line {}", l.line), l.message))
        .collect();
    e
}

/// A JSON response anyone may cache for `max_age` seconds, with an ETag: a request whose
/// `If-None-Match` names it gets 304 and no body (public, non-personal data only).
pub fn public_json<T: Serialize>(req: &Request, value: &T, max_age: u32) -> HttpResult {
    tagged_json(req, value, &format!("public, max-age={max_age}"))
}

/// A JSON response for the caller only that the browser keeps but asks again for each
/// time, sending the ETag: unchanged, the answer is a 304 without a body (polling).
pub fn revalidated_json<T: Serialize>(req: &Request, value: &T) -> HttpResult {
    tagged_json(req, value, "private, no-cache")
}

fn tagged_json<T: Serialize>(req: &Request, value: &T, cache_control: &str) -> HttpResult {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let body = serde_json::to_vec(value).map_err(Error::internal)?;
    let etag = format!(
        "\"{}\"",
        URL_SAFE_NO_PAD.encode(&Sha256::digest(&body)[..12])
    );
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == etag)
        });
    let builder = Response::builder()
        .header(header::CACHE_CONTROL, cache_control)
        .header(header::ETAG, &etag)
        .header("x-content-type-options", "nosniff");
    if fresh {
        return builder
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::Empty)
            .map_err(Error::internal);
    }
    builder
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .map_err(Error::internal)
}

pub fn no_content() -> HttpResult {
    Response::builder()
        .status(StatusCode::NO_CONTENT)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::Empty)
        .map_err(Error::internal)
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    code: &'a str,
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    errors: &'a [FieldError],
}

/// Renders an error as RFC 9457 problem+json. Server-side failures are logged with
/// their cause chain here; the body only ever carries the stable code and detail.
pub fn problem(err: &Error) -> Response<Body> {
    if err.status.is_server_error() {
        tracing::error!(status = err.status.as_u16(), code = err.code, error = %err, "request failed");
    } else {
        tracing::info!(
            status = err.status.as_u16(),
            code = err.code,
            "request refused"
        );
    }
    let body = Problem {
        kind: format!("https://toko.dev/problems/{}", err.code.replace('_', "-")),
        title: err.title(),
        status: err.status.as_u16(),
        detail: &err.detail,
        code: err.code,
        errors: &err.errors,
    };
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let mut builder = base(err.status, "application/problem+json");
    if err.status == StatusCode::UNAUTHORIZED {
        builder = builder.header(header::WWW_AUTHENTICATE, "Bearer");
    }
    if let Some(s) = err.retry_after {
        builder = builder.header(header::RETRY_AFTER, s.to_string());
    }
    builder
        .body(Body::from(bytes))
        .unwrap_or_else(|_| Response::new(Body::Empty))
}

/// Turns a handler's outcome into what Lambda returns: every failure the client
/// should see becomes `Ok(problem)`.
pub fn respond(result: HttpResult) -> Result<Response<Body>, lambda_http::Error> {
    Ok(result.unwrap_or_else(|e| problem(&e)))
}

pub fn method_not_allowed(allowed: &[Method]) -> Error {
    let list: Vec<&str> = allowed.iter().map(Method::as_str).collect();
    Error::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("This route accepts {}.", list.join(", ")),
    )
}

pub fn route_not_found() -> Error {
    Error::not_found("No such route.")
}

/// Decodes `application/x-www-form-urlencoded` text (query strings).
fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Query parameters: from the URI, or from the event's parsed map when the URI has none.
pub fn query(req: &Request) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(q) = req.uri().query() {
        for pair in q.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            out.insert(form_decode(k), form_decode(v));
        }
    } else {
        for (k, v) in req.query_string_parameters().iter() {
            out.insert(k.to_owned(), v.to_owned());
        }
    }
    out
}

/// `?cursor=&limit=` of a listing; `limit` defaults to 20 and must be 1..=100.
pub fn page_request(q: &HashMap<String, String>) -> Result<PageRequest, Error> {
    let limit = match q.get("limit").map(String::as_str) {
        None | Some("") => 20,
        Some(raw) => match raw.parse::<u32>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(Error::bad_request(
                    "invalid_query",
                    "limit must be a whole number from 1 to 100.",
                ))
            }
        },
    };
    let cursor = q.get("cursor").filter(|c| !c.is_empty()).cloned();
    Ok(PageRequest { cursor, limit })
}

/// A JSON object body, read field by field; each bad field adds a field error and
/// `finish` turns them into one 422.
#[derive(Debug)]
pub struct Form {
    map: Map<String, Value>,
    errors: Vec<FieldError>,
}

impl Form {
    /// Reads the body: 413 `payload_too_large` past [`MAX_JSON_BODY`], 400 `invalid_json`
    /// when it is empty, not JSON, or not an object.
    pub fn parse(req: &Request) -> Result<Self, Error> {
        let bytes: &[u8] = req.body().as_ref();
        if bytes.len() > MAX_JSON_BODY {
            return Err(Error::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("The request body must be at most {MAX_JSON_BODY} bytes."),
            ));
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::bad_request(
                "invalid_json",
                "A JSON object body is required.",
            ));
        }
        match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(map)) => Ok(Self {
                map,
                errors: Vec::new(),
            }),
            Ok(_) => Err(Error::bad_request(
                "invalid_json",
                "The request body must be a JSON object.",
            )),
            Err(_) => Err(Error::bad_request(
                "invalid_json",
                "The request body is not valid JSON.",
            )),
        }
    }

    fn string(&mut self, field: &str, required: bool) -> Option<String> {
        match self.map.get(field) {
            None | Some(Value::Null) => {
                if required {
                    self.errors.push(FieldError::new(field, "is required"));
                }
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.errors.push(FieldError::new(field, "must be a string"));
                None
            }
        }
    }

    fn apply<T>(
        &mut self,
        field: &str,
        raw: Option<String>,
        parse: impl FnOnce(&str) -> Result<T, &'static str>,
    ) -> Option<T> {
        match parse(&raw?) {
            Ok(v) => Some(v),
            Err(msg) => {
                self.errors.push(FieldError::new(field, msg));
                None
            }
        }
    }

    /// A required string field parsed into a domain type.
    pub fn required<T>(
        &mut self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, &'static str>,
    ) -> Option<T> {
        let raw = self.string(field, true);
        self.apply(field, raw, parse)
    }

    /// An optional string field: absent, null or blank is `None`.
    pub fn optional<T>(
        &mut self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, &'static str>,
    ) -> Option<T> {
        let raw = self.string(field, false).filter(|s| !s.trim().is_empty());
        self.apply(field, raw, parse)
    }

    /// A required field of any JSON type, parsed from its JSON value.
    pub fn value<T>(
        &mut self,
        field: &str,
        parse: impl FnOnce(&Value) -> Result<T, &'static str>,
    ) -> Option<T> {
        match self.map.get(field) {
            None | Some(Value::Null) => {
                self.errors.push(FieldError::new(field, "is required"));
                None
            }
            Some(v) => match parse(v) {
                Ok(t) => Some(t),
                Err(msg) => {
                    self.errors.push(FieldError::new(field, msg));
                    None
                }
            },
        }
    }

    /// An optional boolean field.
    pub fn flag(&mut self, field: &str, default: bool) -> bool {
        match self.map.get(field) {
            None | Some(Value::Null) => default,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.errors
                    .push(FieldError::new(field, "must be true or false"));
                default
            }
        }
    }

    /// Records an error of a field whose value was not usable.
    pub fn reject(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// The raw JSON value of a field, for nested objects and arrays.
    /// Whether the body names the field at all (`null` included).
    pub fn has(&self, field: &str) -> bool {
        self.map.contains_key(field)
    }

    /// Whether every field read so far was fine.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// A postal address: the object in field `nested`, or the body's own fields.
    /// Recipient, phone, street, city and postal code are required; district
    /// (kelurahan/kecamatan) and province optional.
    pub fn address(&mut self, nested: Option<&str>) -> Option<Address> {
        let (obj, prefix) = match nested {
            None => (self.map.clone(), String::new()),
            Some(field) => match self.map.get(field) {
                None | Some(Value::Null) => {
                    self.reject(field, "is required");
                    return None;
                }
                Some(Value::Object(o)) => (o.clone(), format!("{field}.")),
                Some(_) => {
                    self.reject(field, "must be an object");
                    return None;
                }
            },
        };
        let mut part = |key: &str, required: bool, max: usize| -> Result<Option<Line>, ()> {
            let field = format!("{prefix}{key}");
            match obj.get(key) {
                None | Some(Value::Null) if !required => Ok(None),
                Some(Value::String(s)) if !required && s.trim().is_empty() => Ok(None),
                None | Some(Value::Null) => {
                    self.reject(field, "is required");
                    Err(())
                }
                Some(Value::String(s)) => Line::parse(s, max).map(Some).map_err(|m| {
                    self.reject(field, m);
                }),
                Some(_) => {
                    self.reject(field, "must be a string");
                    Err(())
                }
            }
        };
        let recipient = part("recipient", true, 100);
        let phone = part("phone", true, 40);
        let street = part("street", true, 200);
        let district = part("district", false, 100);
        let city = part("city", true, 100);
        let province = part("province", false, 60);
        let postal_code = part("postalCode", true, 20);
        let recipient = recipient.ok().flatten().and_then(|r| {
            PersonName::parse(r.as_str())
                .map_err(|m| self.reject(format!("{prefix}recipient"), m))
                .ok()
        });
        let phone = phone.ok().flatten().and_then(|p| {
            Phone::parse(p.as_str())
                .map_err(|m| self.reject(format!("{prefix}phone"), m))
                .ok()
        });
        Some(Address {
            recipient: recipient?,
            phone: phone?,
            street: street.ok()??,
            district: district.ok()?,
            city: city.ok()??,
            province: province.ok()?,
            postal_code: postal_code.ok()??,
        })
    }

    /// The whole body, for a domain parser that reports problems by path itself.
    pub fn into_value(self) -> Value {
        Value::Object(self.map)
    }

    pub fn raw(&self, field: &str) -> Option<&Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    /// The 422 for a form whose required fields were not all usable.
    pub fn into_error(self) -> Error {
        Error::validation(self.errors)
    }

    /// `Ok` when every field read so far was fine, else one 422 listing them all.
    pub fn finish(self) -> Result<(), Error> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::validation(self.errors))
        }
    }
}

/// The bearer token of the request, if it has one.
pub fn bearer_token(req: &Request) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The caller's address: CloudFront's `CloudFront-Viewer-Address` (`ip:port`; through
/// CloudFront, API Gateway's source is the edge), else API Gateway's source IP (`None`
/// outside API Gateway).
pub fn source_ip(req: &Request) -> Option<String> {
    use lambda_http::request::RequestContext;
    use lambda_http::RequestExt;
    let viewer = req
        .headers()
        .get("cloudfront-viewer-address")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit_once(':'))
        .map(|(ip, _port)| ip.trim_matches(['[', ']']).to_owned());
    if viewer.is_some() {
        return viewer;
    }
    match req.request_context_ref()? {
        RequestContext::ApiGatewayV2(ctx) => ctx.http.source_ip.clone(),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(body: &str) -> Request {
        lambda_http::http::Request::builder()
            .method("POST")
            .uri("/api/x?limit=5&cursor=abc%3D")
            .body(Body::from(body.to_owned()))
            .expect("request")
    }

    #[test]
    fn bodies_that_are_not_json_objects_are_400() {
        for body in ["", "   ", "{", "[1,2]", "\"x\"", "null"] {
            let err = Form::parse(&post(body)).expect_err("refused");
            assert_eq!(err.status, StatusCode::BAD_REQUEST, "{body:?}");
            assert_eq!(err.code, "invalid_json");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_400_not_a_crash() {
        // What API Gateway passes on as a binary body (the fuzzer's bytes; see
        // scripts/fuzz_hooks.py for why the local emulator cannot pass them).
        let req = lambda_http::http::Request::builder()
            .method("POST")
            .uri("/api/x")
            .body(Body::Binary(vec![0xff, 0x32, 0xde, 0x96, b'{']))
            .expect("request");
        let err = Form::parse(&req).expect_err("refused");
        assert_eq!(
            (err.status, err.code),
            (StatusCode::BAD_REQUEST, "invalid_json")
        );
    }

    #[test]
    fn huge_bodies_are_413() {
        let body = format!("{{\"a\":\"{}\"}}", "x".repeat(MAX_JSON_BODY));
        let err = Form::parse(&post(&body)).expect_err("refused");
        assert_eq!(err.status, StatusCode::PAYLOAD_TOO_LARGE);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut f = Form::parse(&post(r#"{"email": 5, "flag": "yes"}"#)).expect("object");
        let email = f.required("email", |s| Ok::<_, &str>(s.to_owned()));
        let name = f.required("name", |s| Ok::<_, &str>(s.to_owned()));
        f.flag("flag", false);
        assert!(email.is_none() && name.is_none());
        let err = f.finish().expect_err("422");
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "name", "flag"]);
    }

    #[test]
    fn query_and_paging_are_parsed_from_the_uri() {
        let q = query(&post("{}"));
        let page = page_request(&q).expect("valid");
        assert_eq!(page.limit, 5);
        assert_eq!(page.cursor.as_deref(), Some("abc="));
        let mut bad = HashMap::new();
        bad.insert("limit".to_owned(), "1000".to_owned());
        assert_eq!(
            page_request(&bad).err().map(|e| e.code),
            Some("invalid_query")
        );
    }

    #[test]
    fn bearer_tokens_are_read_case_insensitively() {
        let req = lambda_http::http::Request::builder()
            .header("authorization", "bearer abc.def")
            .body(Body::Empty)
            .expect("request");
        assert_eq!(bearer_token(&req), Some("abc.def"));
        let req = lambda_http::http::Request::builder()
            .header("authorization", "Basic xyz")
            .body(Body::Empty)
            .expect("request");
        assert_eq!(bearer_token(&req), None);
    }
}
