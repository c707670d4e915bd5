//! The code serves exactly the spec's routes: each function's declared route table
//! (`ROUTES`, written by `toko::routes!` from the same lines that dispatch) against the
//! operations `infra/openapi.yaml` gives that function.

use std::collections::BTreeMap;

const TABLES: &[(&str, &[(&str, &str)])] = &[
    ("register", register::ROUTES),
    ("login", login::ROUTES),
    ("account", account::ROUTES),
    ("confirm", confirm::ROUTES),
    ("catalog", catalog::ROUTES),
    ("order", order::ROUTES),
    ("inbox", inbox::ROUTES),
    ("upload", upload::ROUTES),
    ("review", review::ROUTES),
    ("promo", promo::ROUTES),
    ("analytics", analytics::ROUTES),
    ("privacy", privacy::ROUTES),
    ("staff", staff::ROUTES),
    ("customer", customer::ROUTES),
    ("quotes", quotes::ROUTES),
];

#[test]
fn the_code_serves_exactly_the_routes_of_the_spec() {
    let mut by_function: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (method, path, function) in
        toko_tools::spec_operations(&toko_tools::default_spec_path()).expect("openapi")
    {
        by_function
            .entry(function)
            .or_default()
            .push((method, path));
    }
    for (function, table) in TABLES {
        let mut served: Vec<(String, String)> = table
            .iter()
            .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
            .collect();
        served.sort();
        let mut documented = by_function.remove(*function).unwrap_or_default();
        documented.sort();
        assert_eq!(
            served, documented,
            "functions/{function} vs infra/openapi.yaml"
        );
    }
    assert!(
        by_function.is_empty(),
        "the spec names functions without a route table here: {by_function:?}"
    );
    // Every function with HTTP routes is in the list above (the mailer and bounces, fed
    // by a schedule and by SNS, have none).
    let dirs = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../functions"))
        .expect("functions/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name != "mailer" && name != "bounces")
        .count();
    assert_eq!(dirs, TABLES.len(), "a function is missing from TABLES");
}

#[test]
fn the_spec_names_every_permission_the_code_has() {
    let text = std::fs::read_to_string(toko_tools::default_spec_path()).expect("openapi");
    let spec: serde_yaml::Value = serde_yaml::from_str(&text).expect("yaml");
    let listed: Vec<String> = spec["components"]["schemas"]["User"]["properties"]["permissions"]
        ["items"]["enum"]
        .as_sequence()
        .expect("the permissions enum")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let code: Vec<String> = toko::domain::Permission::ALL
        .iter()
        .map(|p| {
            serde_json::to_value(p)
                .expect("json")
                .as_str()
                .expect("str")
                .to_owned()
        })
        .collect();
    assert_eq!(
        listed, code,
        "infra/openapi.yaml User.permissions follows the map"
    );
}
