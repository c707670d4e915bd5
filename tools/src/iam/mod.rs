//! What IAM would allow: each function's policy statements from the template, resolved to
//! the resources a run created, and a check of one AWS call against them (actions and
//! resource ARNs with wildcards, `dynamodb:LeadingKeys`, `s3:prefix`). The emulators do not
//! enforce IAM; the integration tests put this check in front of them.
//!
//! Only what the template's statements use is understood; anything else (a `Deny`, another
//! condition, a SAM policy template) is an error, so an unknown policy fails the check
//! instead of passing it.

use crate::{BoxError, Template};
use serde_yaml::Value;
use std::collections::{BTreeMap, HashMap};

/// The account a run stands for: ARNs are built the way AWS builds them.
#[derive(Debug, Clone)]
pub struct Account {
    pub partition: String,
    pub region: String,
    pub id: String,
}

impl Account {
    pub fn local(region: &str) -> Self {
        Self {
            partition: "aws".into(),
            region: region.into(),
            id: "000000000000".into(),
        }
    }

    pub fn table_arn(&self, table: &str) -> String {
        format!(
            "arn:{}:dynamodb:{}:{}:table/{table}",
            self.partition, self.region, self.id
        )
    }

    pub fn object_arn(&self, bucket: &str, key: &str) -> String {
        format!("arn:{}:s3:::{bucket}/{key}", self.partition)
    }

    pub fn bucket_arn(&self, bucket: &str) -> String {
        format!("arn:{}:s3:::{bucket}", self.partition)
    }

    /// The ARN of a secret named by its name (as the emulator names it).
    pub fn secret_arn(&self, name: &str) -> String {
        format!(
            "arn:{}:secretsmanager:{}:{}:secret:{name}",
            self.partition, self.region, self.id
        )
    }

    pub fn identity_arn(&self, identity: &str) -> String {
        format!(
            "arn:{}:ses:{}:{}:identity/{identity}",
            self.partition, self.region, self.id
        )
    }

    pub fn configuration_set_arn(&self, name: &str) -> String {
        format!(
            "arn:{}:ses:{}:{}:configuration-set/{name}",
            self.partition, self.region, self.id
        )
    }
}

/// One request as IAM sees it: the action, the resource, and the condition keys it carries.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Call {
    /// `service:Operation`, e.g. `dynamodb:UpdateItem`.
    pub action: String,
    pub resource: String,
    /// Partition-key values the request touches (DynamoDB).
    pub leading_keys: Vec<String>,
    /// The listing prefix (`s3:ListBucket`).
    pub prefix: Option<String>,
}

impl Call {
    pub fn new(action: impl Into<String>, resource: impl Into<String>) -> Self {
        Self {
            action: action.into(),
            resource: resource.into(),
            leading_keys: Vec::new(),
            prefix: None,
        }
    }
}

impl std::fmt::Display for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} on {}", self.action, self.resource)?;
        if !self.leading_keys.is_empty() {
            write!(f, " (keys {})", self.leading_keys.join(", "))?;
        }
        if let Some(p) = &self.prefix {
            write!(f, " (prefix {p:?})")?;
        }
        Ok(())
    }
}

/// One action on one resource pattern, as a statement grants it (with its conditions).
#[derive(Debug, Clone)]
pub struct Grant {
    pub function: String,
    pub statement: usize,
    pub action: String,
    pub resource: String,
    pub leading_keys: Option<Vec<String>>,
    pub prefixes: Option<Vec<String>>,
}

impl Grant {
    pub fn allows(&self, call: &Call) -> bool {
        like_ignoring_case(&self.action, &call.action)
            && like(&self.resource, &call.resource)
            && self.leading_keys.as_ref().is_none_or(|patterns| {
                // ForAllValues: every key the request touches matches one pattern.
                call.leading_keys
                    .iter()
                    .all(|k| patterns.iter().any(|p| like(p, k)))
            })
            && self.prefixes.as_ref().is_none_or(|patterns| {
                call.prefix
                    .as_ref()
                    .is_some_and(|v| patterns.iter().any(|p| like(p, v)))
            })
    }
}

impl std::fmt::Display for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} statement {}: {} on {}",
            self.function, self.statement, self.action, self.resource
        )?;
        if let Some(k) = &self.leading_keys {
            write!(f, " (LeadingKeys {})", k.join(", "))?;
        }
        if let Some(p) = &self.prefixes {
            write!(f, " (s3:prefix {})", p.join(", "))?;
        }
        Ok(())
    }
}

/// Every function's grants, by the function's binary name.
#[derive(Debug, Clone, Default)]
pub struct Policies {
    pub grants: BTreeMap<String, Vec<Grant>>,
    /// The partition-key attribute of the table (`None`) and of each index.
    pub hash_keys: HashMap<Option<String>, String>,
}

impl Policies {
    /// The policies of the template's functions, with resource names as `names` (logical →
    /// physical) created them.
    pub fn from_template(
        template: &Template,
        names: &HashMap<String, String>,
        account: &Account,
    ) -> Result<Self, BoxError> {
        let resolver = Resolver {
            template,
            names,
            account,
        };
        let mut policies = Policies::default();
        for (logical, props) in template.resources("AWS::DynamoDB::Table") {
            if names.contains_key(&logical) {
                policies.read_key_schema(props);
            }
        }
        let functions = template.root.get("Resources").and_then(Value::as_mapping);
        for (id, r) in functions.into_iter().flatten() {
            if r.get("Type").and_then(Value::as_str) != Some("AWS::Serverless::Function") {
                continue;
            }
            let binary = r
                .get("Metadata")
                .and_then(|m| m.get("BuildProperties"))
                .and_then(|b| b.get("Binary"))
                .and_then(Value::as_str)
                .ok_or_else(|| format!("{id:?} has no BuildProperties.Binary"))?;
            let mut grants = Vec::new();
            let list = r.get("Properties").and_then(|p| p.get("Policies"));
            for policy in list.and_then(Value::as_sequence).into_iter().flatten() {
                let statements = policy
                    .get("Statement")
                    .and_then(Value::as_sequence)
                    .ok_or_else(|| {
                        format!("{binary}: only inline Statement policies are understood")
                    })?;
                for s in statements {
                    let n = grants
                        .iter()
                        .map(|g: &Grant| g.statement + 1)
                        .max()
                        .unwrap_or(0);
                    grants.extend(resolver.statement(binary, n, s)?);
                }
            }
            policies.grants.insert(binary.to_owned(), grants);
        }
        Ok(policies)
    }

    fn read_key_schema(&mut self, props: &Value) {
        let hash = |schema: Option<&Value>| {
            schema?.as_sequence()?.iter().find_map(|k| {
                (k.get("KeyType")?.as_str()? == "HASH")
                    .then(|| k.get("AttributeName")?.as_str().map(str::to_owned))?
            })
        };
        if let Some(h) = hash(props.get("KeySchema")) {
            self.hash_keys.insert(None, h);
        }
        let indexes = props
            .get("GlobalSecondaryIndexes")
            .and_then(Value::as_sequence);
        for index in indexes.into_iter().flatten() {
            let name = index.get("IndexName").and_then(Value::as_str);
            if let (Some(name), Some(h)) = (name, hash(index.get("KeySchema"))) {
                self.hash_keys.insert(Some(name.to_owned()), h);
            }
        }
    }

    /// The positions (in `grants[function]`) of the grants that allow the call; empty
    /// when IAM would deny it.
    pub fn allowing(&self, function: &str, call: &Call) -> Vec<usize> {
        self.grants
            .get(function)
            .map(|g| {
                g.iter()
                    .enumerate()
                    .filter(|(_, g)| g.allows(call))
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default()
    }
}

struct Resolver<'a> {
    template: &'a Template,
    names: &'a HashMap<String, String>,
    account: &'a Account,
}

impl Resolver<'_> {
    fn statement(&self, function: &str, n: usize, s: &Value) -> Result<Vec<Grant>, BoxError> {
        let here = || format!("{function} statement {n}");
        if s.get("Effect").and_then(Value::as_str) != Some("Allow") {
            return Err(format!("{}: only Allow statements are understood", here()).into());
        }
        let actions = strings(s.get("Action")).ok_or_else(|| format!("{}: Action", here()))?;
        let resources = match s.get("Resource") {
            Some(Value::Sequence(list)) => list.iter().map(|r| self.value(r)).collect(),
            Some(r) => vec![self.value(r)],
            None => vec![Err(format!("{}: no Resource", here()).into())],
        }
        .into_iter()
        .collect::<Result<Vec<_>, BoxError>>()?;
        let (mut leading_keys, mut prefixes) = (None, None);
        if let Some(cond) = s.get("Condition").and_then(Value::as_mapping) {
            for (op, keys) in cond {
                for (key, values) in keys.as_mapping().into_iter().flatten() {
                    let (op, key) = (op.as_str().unwrap_or(""), key.as_str().unwrap_or(""));
                    let values = strings(Some(values));
                    match (op, key) {
                        ("ForAllValues:StringLike", "dynamodb:LeadingKeys") => {
                            leading_keys = values
                        }
                        ("StringLike", "s3:prefix") => prefixes = values,
                        _ => {
                            return Err(format!(
                                "{}: condition {op} {key} is not understood",
                                here()
                            )
                            .into())
                        }
                    }
                }
            }
        }
        let mut grants = Vec::new();
        for action in &actions {
            for resource in &resources {
                grants.push(Grant {
                    function: function.to_owned(),
                    statement: n,
                    action: action.clone(),
                    resource: resource.clone(),
                    leading_keys: leading_keys.clone(),
                    prefixes: prefixes.clone(),
                });
            }
        }
        Ok(grants)
    }

    /// A resource: a string, `!GetAtt X.Arn`, `!Ref X` or `!Sub "..."`.
    fn value(&self, v: &Value) -> Result<String, BoxError> {
        match v {
            Value::String(s) => Ok(s.clone()),
            Value::Tagged(t) if t.tag == "!GetAtt" => {
                let target = t.value.as_str().ok_or("!GetAtt needs a string")?;
                let logical = target.strip_suffix(".Arn").ok_or("only .Arn attributes")?;
                self.arn(logical)
            }
            Value::Tagged(t) if t.tag == "!Ref" => {
                self.reference(t.value.as_str().ok_or("!Ref needs a string")?)
            }
            Value::Tagged(t) if t.tag == "!Sub" => {
                self.substitute(t.value.as_str().ok_or("only the one-string !Sub")?)
            }
            other => Err(format!("resource {other:?} is not understood").into()),
        }
    }

    fn arn(&self, logical: &str) -> Result<String, BoxError> {
        let name = self
            .names
            .get(logical)
            .ok_or_else(|| format!("{logical} was not created locally"))?;
        if !self
            .template
            .resources("AWS::DynamoDB::Table")
            .iter()
            .any(|(id, _)| id == logical)
        {
            return Ok(self.account.bucket_arn(name));
        }
        Ok(self.account.table_arn(name))
    }

    fn reference(&self, name: &str) -> Result<String, BoxError> {
        match name {
            "AWS::Partition" => Ok(self.account.partition.clone()),
            "AWS::Region" => Ok(self.account.region.clone()),
            "AWS::AccountId" => Ok(self.account.id.clone()),
            _ => self
                .names
                .get(name)
                .cloned()
                .or_else(|| self.template.parameter_default(name))
                // A resource that exists only in the cloud (a topic, a web ACL): named
                // by a placeholder no local call matches.
                .or_else(|| {
                    let resources = self.template.root.get("Resources")?;
                    resources.get(name).map(|_| format!("${{{name}}}"))
                })
                .ok_or_else(|| format!("{name} has no local value").into()),
        }
    }

    fn substitute(&self, text: &str) -> Result<String, BoxError> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find('}').ok_or("unclosed ${ in !Sub")? + start;
            let name = &rest[start + 2..end];
            out.push_str(&match name.strip_suffix(".Arn") {
                Some(logical) => self.arn(logical)?,
                None => self.reference(name)?,
            });
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    match v? {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Sequence(list) => list.iter().map(|s| s.as_str().map(str::to_owned)).collect(),
        _ => None,
    }
}

/// IAM's `StringLike`: `*` any run of characters, `?` one character, case-sensitive.
pub fn like(pattern: &str, value: &str) -> bool {
    let (p, v): (Vec<char>, Vec<char>) = (pattern.chars().collect(), value.chars().collect());
    // Classic wildcard matching with backtracking to the last `*`.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < v.len() {
        if i < p.len() && (p[i] == '?' || p[i] == v[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// Actions compare without case (`dynamodb:getitem` is `dynamodb:GetItem`).
fn like_ignoring_case(pattern: &str, value: &str) -> bool {
    like(&pattern.to_lowercase(), &value.to_lowercase())
}

#[cfg(test)]
mod tests;
