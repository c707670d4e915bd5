//! Local resources from `infra/template.yaml`: the template is the one list of tables,
//! buckets, sender identities and function settings, so local and cloud cannot drift.
//! Used by the `toko` command (dev setup) and by the integration tests (fresh names per test).

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TimeToLiveSpecification,
};
use serde_yaml::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub mod iam;
pub mod iam_calls;
pub mod iam_report;
pub mod keys;
mod seed;
pub use seed::{seed_allowed, seed_storefront};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The SAM template, parsed (CloudFormation's `!Ref` and friends become tagged values).
pub struct Template {
    root: Value,
    parameters: HashMap<String, String>,
}

/// The default location of the template, relative to the workspace root.
pub fn default_template_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../infra/template.yaml")
}

fn str_of(v: &Value) -> Option<&str> {
    v.as_str()
}

impl Template {
    pub fn load(path: &Path) -> Result<Self, BoxError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Self, BoxError> {
        let root: Value = serde_yaml::from_str(text)?;
        if root.get("Resources").and_then(Value::as_mapping).is_none() {
            return Err("the template has no Resources".into());
        }
        Ok(Self {
            root,
            parameters: HashMap::new(),
        })
    }

    /// `(logical id, properties)` of every resource of the type, in template order.
    pub fn resources(&self, kind: &str) -> Vec<(String, &Value)> {
        let Some(map) = self.root.get("Resources").and_then(Value::as_mapping) else {
            return Vec::new();
        };
        map.iter()
            .filter(|(_, r)| r.get("Type").and_then(str_of) == Some(kind))
            .filter_map(|(k, r)| Some((k.as_str()?.to_owned(), r.get("Properties")?)))
            .collect()
    }

    /// Sets a parameter's value for this machine (instead of its default).
    pub fn with_parameter(mut self, name: &str, value: &str) -> Self {
        self.parameters.insert(name.to_owned(), value.to_owned());
        self
    }

    fn parameter_default(&self, name: &str) -> Option<String> {
        if let Some(v) = self.parameters.get(name) {
            return Some(v.clone());
        }
        let d = self.root.get("Parameters")?.get(name)?.get("Default")?;
        match d {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// The functions' environment (globals, then each function's own), with `!Ref`s to
    /// local resources and parameter defaults resolved. Values that only exist in the
    /// cloud (dynamic references, attributes) are left out: the caller supplies them.
    pub fn environment(&self, names: &HashMap<String, String>) -> BTreeMap<String, String> {
        let mut env = BTreeMap::new();
        let mut add = |vars: Option<&Value>| {
            let Some(map) = vars.and_then(Value::as_mapping) else {
                return;
            };
            for (k, v) in map {
                let Some(key) = k.as_str() else { continue };
                if let Some(val) = self.resolve(v, names) {
                    env.insert(key.to_owned(), val);
                }
            }
        };
        add(self
            .root
            .get("Globals")
            .and_then(|g| g.get("Function"))
            .and_then(|f| f.get("Environment"))
            .and_then(|e| e.get("Variables")));
        for (_, props) in self.resources("AWS::Serverless::Function") {
            add(props.get("Environment").and_then(|e| e.get("Variables")));
        }
        env
    }

    fn resolve(&self, v: &Value, names: &HashMap<String, String>) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Tagged(t) if t.tag == "!Ref" => {
                let target = t.value.as_str()?;
                names
                    .get(target)
                    .cloned()
                    .or_else(|| self.parameter_default(target))
            }
            _ => None,
        }
    }

    /// `(method, path, binary)` of every HTTP API route the template deploys.
    pub fn http_routes(&self) -> Vec<(String, String, String)> {
        let mut routes = Vec::new();
        let Some(map) = self.root.get("Resources").and_then(Value::as_mapping) else {
            return routes;
        };
        for (_, r) in map {
            if r.get("Type").and_then(str_of) != Some("AWS::Serverless::Function") {
                continue;
            }
            let Some(binary) = r
                .get("Metadata")
                .and_then(|m| m.get("BuildProperties"))
                .and_then(|b| b.get("Binary"))
                .and_then(str_of)
            else {
                continue;
            };
            let events = r
                .get("Properties")
                .and_then(|p| p.get("Events"))
                .and_then(Value::as_mapping);
            for (_, e) in events.into_iter().flatten() {
                if e.get("Type").and_then(str_of) != Some("HttpApi") {
                    continue;
                }
                let props = e.get("Properties");
                let path = props.and_then(|p| p.get("Path")).and_then(str_of);
                let method = props.and_then(|p| p.get("Method")).and_then(str_of);
                if let (Some(path), Some(method)) = (path, method) {
                    routes.push((method.to_uppercase(), path.to_owned(), binary.to_owned()));
                }
            }
        }
        routes.sort();
        routes
    }

    /// Resolves a plain string or a `!Ref` to a parameter default (for identities).
    fn literal(&self, v: &Value) -> Option<String> {
        self.resolve(v, &HashMap::new())
    }
}

/// The local (physical) name of a template resource under a prefix.
pub fn physical_name(prefix: &str, logical: &str) -> String {
    format!("{prefix}{}", logical.to_lowercase())
}

/// What [`provision`] created: physical names by logical id, and the functions' environment.
#[derive(Debug, Clone)]
pub struct Provisioned {
    pub names: HashMap<String, String>,
    pub env: BTreeMap<String, String>,
}

fn key_schema(v: Option<&Value>) -> Result<Vec<KeySchemaElement>, BoxError> {
    let list = v.and_then(Value::as_sequence).ok_or("KeySchema missing")?;
    list.iter()
        .map(|k| {
            let name = k
                .get("AttributeName")
                .and_then(str_of)
                .ok_or("AttributeName")?;
            let kind = match k.get("KeyType").and_then(str_of) {
                Some("HASH") => KeyType::Hash,
                Some("RANGE") => KeyType::Range,
                other => return Err(format!("unknown KeyType {other:?}").into()),
            };
            Ok(KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(kind)
                .build()?)
        })
        .collect()
}

async fn create_table(
    client: &aws_sdk_dynamodb::Client,
    name: &str,
    props: &Value,
) -> Result<(), BoxError> {
    let mut req = client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .set_key_schema(Some(key_schema(props.get("KeySchema"))?));
    for a in props
        .get("AttributeDefinitions")
        .and_then(Value::as_sequence)
        .ok_or("AttributeDefinitions missing")?
    {
        let attr = a
            .get("AttributeName")
            .and_then(str_of)
            .ok_or("AttributeName")?;
        let kind = match a.get("AttributeType").and_then(str_of) {
            Some("S") => ScalarAttributeType::S,
            Some("N") => ScalarAttributeType::N,
            Some("B") => ScalarAttributeType::B,
            other => return Err(format!("unknown AttributeType {other:?}").into()),
        };
        req = req.attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(attr)
                .attribute_type(kind)
                .build()?,
        );
    }
    for g in props
        .get("GlobalSecondaryIndexes")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        let projection = match g
            .get("Projection")
            .and_then(|p| p.get("ProjectionType"))
            .and_then(str_of)
        {
            Some("KEYS_ONLY") => ProjectionType::KeysOnly,
            Some("INCLUDE") => ProjectionType::Include,
            _ => ProjectionType::All,
        };
        req = req.global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(g.get("IndexName").and_then(str_of).ok_or("IndexName")?)
                .set_key_schema(Some(key_schema(g.get("KeySchema"))?))
                .projection(Projection::builder().projection_type(projection).build())
                .build()?,
        );
    }
    match req.send().await {
        Ok(_) => {}
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_resource_in_use_exception()) => {}
        Err(e) => return Err(format!("creating table {name}: {e:?}").into()),
    }
    if let Some(ttl) = props.get("TimeToLiveSpecification") {
        if ttl.get("Enabled").and_then(Value::as_bool) == Some(true) {
            let attr = ttl
                .get("AttributeName")
                .and_then(str_of)
                .ok_or("TTL AttributeName")?;
            let _ = client
                .update_time_to_live()
                .table_name(name)
                .time_to_live_specification(
                    TimeToLiveSpecification::builder()
                        .enabled(true)
                        .attribute_name(attr)
                        .build()?,
                )
                .send()
                .await;
        }
    }
    Ok(())
}

async fn create_bucket(
    client: &aws_sdk_s3::Client,
    template: &Template,
    name: &str,
    props: &Value,
) -> Result<(), BoxError> {
    use aws_sdk_s3::types::{CorsConfiguration, CorsRule};
    let created: Result<(), BoxError> = match client.create_bucket().bucket(name).send().await {
        Ok(_) => Ok(()),
        Err(e)
            if e.as_service_error().is_some_and(|s| {
                s.is_bucket_already_owned_by_you() || s.is_bucket_already_exists()
            }) =>
        {
            Ok(())
        }
        Err(e) => Err(format!("creating bucket {name}: {e:?}").into()),
    };
    created?;
    let rules = props
        .get("CorsConfiguration")
        .and_then(|c| c.get("CorsRules"))
        .and_then(Value::as_sequence);
    let Some(rules) = rules else { return Ok(()) };
    let list = |r: &Value, k: &str| -> Vec<String> {
        r.get(k)
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .filter_map(|v| template.literal(v))
            .collect()
    };
    let mut cors = CorsConfiguration::builder();
    for r in rules {
        cors = cors.cors_rules(
            CorsRule::builder()
                .set_allowed_origins(Some(list(r, "AllowedOrigins")))
                .set_allowed_methods(Some(list(r, "AllowedMethods")))
                .set_allowed_headers(Some(list(r, "AllowedHeaders")))
                .set_max_age_seconds(r.get("MaxAge").and_then(Value::as_i64).map(|m| m as i32))
                .build()?,
        );
    }
    client
        .put_bucket_cors()
        .bucket(name)
        .cors_configuration(cors.build()?)
        .send()
        .await
        .map_err(|e| format!("bucket CORS of {name}: {e:?}"))?;
    Ok(())
}

/// An S3 client that works against emulators too (path-style addressing there).
pub fn s3_client(sdk: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    toko::adapters::s3::client(sdk)
}

/// Creates every table, bucket and sender identity of the template under `prefix`
/// (idempotent), and returns the names and the functions' environment.
pub async fn provision(
    sdk: &aws_config::SdkConfig,
    template: &Template,
    prefix: &str,
) -> Result<Provisioned, BoxError> {
    let dynamo = toko::adapters::dynamo::store::client(sdk);
    let s3 = s3_client(sdk);
    let ses = toko::adapters::ses::client(sdk);
    let mut names = HashMap::new();
    for (logical, props) in template.resources("AWS::DynamoDB::Table") {
        let name = physical_name(prefix, &logical);
        create_table(&dynamo, &name, props).await?;
        names.insert(logical, name);
    }
    for (logical, props) in template.resources("AWS::S3::Bucket") {
        let name = physical_name(prefix, &logical);
        create_bucket(&s3, template, &name, props).await?;
        names.insert(logical, name);
    }
    for (_, props) in template.resources("AWS::SES::EmailIdentity") {
        let Some(identity) = props.get("EmailIdentity").and_then(|v| template.literal(v)) else {
            continue;
        };
        // SES v1, as the functions send: idempotent, and emulated by moto and LocalStack.
        ses.verify_email_identity()
            .email_address(&identity)
            .send()
            .await
            .map_err(|e| format!("verifying sender {identity}: {e:?}"))?;
    }
    for (logical, _) in template.resources("AWS::SES::ConfigurationSet") {
        // The functions send with it (`TOKO_SES_CONFIGURATION_SET`), as on AWS; locally it
        // has no event destination (SNS is not emulated here).
        let name = physical_name(prefix, &logical);
        let set = aws_sdk_ses::types::ConfigurationSet::builder()
            .name(&name)
            .build()?;
        match ses
            .create_configuration_set()
            .configuration_set(set)
            .send()
            .await
        {
            Ok(_) => {}
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_configuration_set_already_exists_exception()) => {}
            Err(e) => return Err(format!("configuration set {name}: {e:?}").into()),
        }
        names.insert(logical, name);
    }
    let env = template.environment(&names);
    Ok(Provisioned { names, env })
}

/// The repository's OpenAPI spec.
pub fn default_spec_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../infra/openapi.yaml")
}

/// Every operation of the spec: (METHOD, path, x-function).
pub fn spec_operations(path: &Path) -> Result<Vec<(String, String, String)>, BoxError> {
    let spec: Value = serde_yaml::from_str(&std::fs::read_to_string(path)?)?;
    let mut operations = Vec::new();
    let paths = spec
        .get("paths")
        .and_then(Value::as_mapping)
        .ok_or("the spec has no paths")?;
    for (path, item) in paths {
        let path = path.as_str().ok_or("a path is not text")?;
        for (method, op) in item.as_mapping().ok_or("a path item is not a map")? {
            let function = op
                .get("x-function")
                .and_then(str_of)
                .ok_or_else(|| format!("{path} has no x-function"))?;
            operations.push((
                method
                    .as_str()
                    .ok_or("a method is not text")?
                    .to_uppercase(),
                path.to_owned(),
                function.to_owned(),
            ));
        }
    }
    Ok(operations)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace_file(name: &str) -> String {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// The OpenAPI spec, the SAM template and the local router name the same routes,
    /// each served by the same function.
    #[test]
    fn openapi_template_and_local_router_agree_on_every_route() {
        let template = Template::load(&default_template_path()).expect("template");
        let deployed = template.http_routes();
        assert!(!deployed.is_empty());

        let mut documented = spec_operations(&default_spec_path()).expect("openapi");
        documented.sort();
        assert_eq!(
            documented, deployed,
            "infra/openapi.yaml vs infra/template.yaml"
        );

        let cargo = workspace_file("Cargo.toml");
        let router: Vec<(String, String)> = cargo
            .split("[workspace.metadata.lambda.watch.router]")
            .nth(1)
            .expect("watch router section")
            .lines()
            .take_while(|l| !l.starts_with('['))
            .filter_map(|l| {
                let (path, function) = l.split_once('=')?;
                Some((
                    path.trim().trim_matches('"').to_owned(),
                    function.trim().trim_matches('"').to_owned(),
                ))
            })
            .collect();
        for (_, path, function) in &deployed {
            assert!(
                router.contains(&(path.clone(), function.clone())),
                "Cargo.toml's watch router lacks {path} -> {function}"
            );
        }
        for (path, function) in &router {
            assert!(
                deployed.iter().any(|(_, p, f)| p == path && f == function),
                "the watch router routes {path} -> {function}, which the template does not deploy"
            );
        }
    }

    #[test]
    fn the_repository_template_names_the_functions_settings() {
        let t = Template::load(&default_template_path()).expect("template parses");
        assert!(!t.resources("AWS::DynamoDB::Table").is_empty());
        let names = HashMap::from([("MainTable".to_owned(), "x-maintable".to_owned())]);
        let env = t.environment(&names);
        assert_eq!(
            env.get("TOKO_TABLE").map(String::as_str),
            Some("x-maintable")
        );
        assert!(
            env.contains_key("TOKO_MAIL_FROM"),
            "parameter defaults resolve"
        );
        for cloud_only in [
            "TOKO_LINK_SECRET",
            "TOKO_TOKEN_PUBLIC_KEYS",
            "TOKO_TOKEN_SIGNING_SECRET",
        ] {
            assert!(
                !env.contains_key(cloud_only),
                "{cloud_only}: cloud-only values are left to the caller"
            );
        }
    }
}
