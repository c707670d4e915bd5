//! Each function's routes as one declared table: method, the spec's path pattern, and
//! the handler. [`routes!`](crate::routes) writes the function's `ROUTES` (what the
//! spec-parity test reads) and its `route` dispatcher from the same lines, so the code
//! cannot serve a route the table does not list.

use crate::error::Error;
use crate::http::{method_not_allowed, route_not_found};
use lambda_http::http::Method;

/// The route a request resolved to: its index in the table and the path's parameters.
#[derive(Debug, PartialEq, Eq)]
pub struct Resolved<'p> {
    pub index: usize,
    pub params: Vec<&'p str>,
}

/// The segments of `path` bound to the `{…}` parts of `pattern`, if it matches.
fn bind<'p>(pattern: &str, path: &[&'p str]) -> Option<Vec<&'p str>> {
    let parts: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    if parts.len() != path.len() {
        return None;
    }
    let mut params = Vec::new();
    for (part, seg) in parts.iter().zip(path) {
        if part.starts_with('{') {
            params.push(*seg);
        } else if part != seg {
            return None;
        }
    }
    Some(params)
}

/// Finds the route of `method path`. A literal segment wins over a parameter
/// (`/api/orders/quote` over `/api/orders/{id}`); a path served for other methods only
/// is 405 naming them, an unknown path 404. Segments stay percent-encoded: ids are
/// plain ULIDs, so an encoded one simply matches nothing.
pub fn resolve<'p>(
    routes: &[(&str, &str)],
    method: &Method,
    path: &'p str,
) -> Result<Resolved<'p>, Error> {
    let segments: Vec<&'p str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let matching: Vec<(usize, &str, Vec<&'p str>)> = routes
        .iter()
        .enumerate()
        .filter_map(|(i, (m, p))| bind(p, &segments).map(|params| (i, *m, params)))
        .collect();
    let fewest = matching
        .iter()
        .map(|(_, _, params)| params.len())
        .min()
        .ok_or_else(route_not_found)?;
    let best: Vec<_> = matching
        .into_iter()
        .filter(|(_, _, params)| params.len() == fewest)
        .collect();
    let allowed: Vec<Method> = best
        .iter()
        .filter_map(|(_, m, _)| Method::from_bytes(m.as_bytes()).ok())
        .collect();
    best.into_iter()
        .find(|(_, m, _)| *m == method.as_str())
        .map(|(index, _, params)| Resolved { index, params })
        .ok_or_else(|| method_not_allowed(&allowed))
}

/// Declares a function's routes: `GET "/api/orders/{id}" => detail(id)` calls
/// `detail(deps, req, id)`; `POST "/api/orders" => place` calls `place(deps, req)`.
/// Writes `pub const ROUTES` and `async fn route(deps, req) -> HttpResult`.
#[macro_export]
macro_rules! routes {
    ($deps:ty; $($method:ident $path:literal => $handler:ident $(($($param:ident),*))?),+ $(,)?) => {
        /// The routes this function serves: method and path pattern, as in the spec.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),+];

        #[allow(unused_assignments, unused_mut, unused_variables)]
        async fn route(deps: &$deps, req: &lambda_http::Request) -> $crate::http::HttpResult {
            let found = $crate::router::resolve(ROUTES, req.method(), req.uri().path())?;
            let mut index = 0usize;
            $(
                if found.index == index {
                    let mut params = found.params.iter().copied();
                    $($(let $param: &str = params.next().unwrap_or_default();)*)?
                    return $handler(deps, req $($(, $param)*)?).await;
                }
                index += 1;
            )+
            Err($crate::http::route_not_found())
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUTES: &[(&str, &str)] = &[
        ("POST", "/api/orders"),
        ("GET", "/api/orders"),
        ("POST", "/api/orders/quote"),
        ("GET", "/api/orders/{id}"),
        ("POST", "/api/orders/{id}/files/{fileId}/complete"),
    ];

    #[test]
    fn literal_segments_win_and_parameters_are_bound() {
        let found = |m: Method, p: &'static str| resolve(ROUTES, &m, p).map_err(|e| e.code);
        assert_eq!(found(Method::GET, "/api/orders").map(|r| r.index), Ok(1));
        assert_eq!(
            found(Method::POST, "/api/orders/quote").map(|r| r.index),
            Ok(2)
        );
        assert_eq!(
            found(Method::GET, "/api/orders/01J").map(|r| (r.index, r.params)),
            Ok((3, vec!["01J"]))
        );
        assert_eq!(
            found(Method::POST, "/api/orders/a/files/b/complete").map(|r| r.params),
            Ok(vec!["a", "b"])
        );
        assert_eq!(
            found(Method::GET, "/api/orders/quote").err(),
            Some("method_not_allowed")
        );
        assert_eq!(
            found(Method::DELETE, "/api/orders").err(),
            Some("method_not_allowed")
        );
        assert_eq!(found(Method::GET, "/api/nothing").err(), Some("not_found"));
        assert_eq!(
            found(Method::GET, "/api/orders/a/b").err(),
            Some("not_found")
        );
    }
}
