//! What an AWS request asks IAM for: the action, resource and condition keys of a
//! DynamoDB (JSON), S3 (REST, path-style or presigned) or SES (v1 query, v2 REST) request,
//! read from the request as it goes out.

use crate::iam::{Account, Call};
use serde_json::Value;
use std::collections::HashMap;

/// A request, as the SDK sends it.
pub struct Request<'a> {
    pub method: &'a str,
    /// Path and query (`/bucket/key?tagging`), or the whole URL.
    pub uri: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl Request<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The calls IAM evaluates for the request (one per item for transactions), or `None`
/// when the request is not one this understands.
pub fn calls(
    req: &Request<'_>,
    account: &Account,
    hash_keys: &HashMap<Option<String>, String>,
) -> Option<Vec<Call>> {
    if let Some(op) = req
        .header("x-amz-target")
        .and_then(|t| t.strip_prefix("secretsmanager."))
    {
        let body: Value = serde_json::from_slice(req.body).ok()?;
        let id = body["SecretId"].as_str()?;
        let arn = if id.starts_with("arn:") {
            id.to_owned()
        } else {
            account.secret_arn(id)
        };
        return Some(vec![Call::new(format!("secretsmanager:{op}"), arn)]);
    }
    if let Some(target) = req.header("x-amz-target") {
        let op = target.strip_prefix("DynamoDB_20120810.")?;
        let body: Value = serde_json::from_slice(req.body).ok()?;
        return Some(dynamodb(op, &body, account, hash_keys));
    }
    let form = std::str::from_utf8(req.body).unwrap_or("");
    if form.contains("Action=SendEmail") || form.contains("Action=SendRawEmail") {
        // SES v1: IAM authorises the sender identity and, when one is named, the
        // configuration set.
        let fields = query_pairs(form);
        let action = format!("ses:{}", fields.get("Action")?);
        let from = address(fields.get("Source")?);
        let mut calls = vec![Call::new(action.clone(), account.identity_arn(&from))];
        if let Some(set) = fields.get("ConfigurationSetName") {
            calls.push(Call::new(action, account.configuration_set_arn(set)));
        }
        return Some(calls);
    }
    s3(req, account)
}

fn dynamodb(
    op: &str,
    body: &Value,
    account: &Account,
    hash_keys: &HashMap<Option<String>, String>,
) -> Vec<Call> {
    let table_pk = hash_keys.get(&None).map_or("pk", String::as_str);
    let key_of = |item: &Value| item[table_pk]["S"].as_str().map(str::to_owned);
    let one = |action: &str, table: &Value, keys: Vec<String>| {
        let mut c = Call::new(
            format!("dynamodb:{action}"),
            account.table_arn(table.as_str().unwrap_or("")),
        );
        c.leading_keys = keys;
        c
    };
    match op {
        "GetItem" | "UpdateItem" | "DeleteItem" => {
            vec![one(
                op,
                &body["TableName"],
                key_of(&body["Key"]).into_iter().collect(),
            )]
        }
        "PutItem" => vec![one(
            op,
            &body["TableName"],
            key_of(&body["Item"]).into_iter().collect(),
        )],
        "Query" => {
            let index = body["IndexName"].as_str().map(str::to_owned);
            let pk = hash_keys.get(&index).map_or("pk", String::as_str);
            let mut c = one(op, &body["TableName"], query_keys(body, pk));
            if let Some(i) = index {
                c.resource = format!("{}/index/{i}", c.resource);
            }
            vec![c]
        }
        "BatchGetItem" | "BatchWriteItem" => {
            let tables = body["RequestItems"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            tables
                .iter()
                .map(|(table, req)| {
                    let keys = match req {
                        Value::Array(writes) => writes
                            .iter()
                            .filter_map(|w| {
                                key_of(&w["PutRequest"]["Item"])
                                    .or_else(|| key_of(&w["DeleteRequest"]["Key"]))
                            })
                            .collect(),
                        _ => req["Keys"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(key_of)
                            .collect(),
                    };
                    one(op, &Value::String(table.clone()), keys)
                })
                .collect()
        }
        "TransactWriteItems" | "TransactGetItems" => {
            let items = body["TransactItems"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            items
                .iter()
                .filter_map(|item| {
                    let (kind, inner) = item.as_object()?.iter().next()?;
                    let action = match kind.as_str() {
                        "Put" => "PutItem",
                        "Update" => "UpdateItem",
                        "Delete" => "DeleteItem",
                        "ConditionCheck" => "ConditionCheckItem",
                        "Get" => "GetItem",
                        _ => return None,
                    };
                    let key = key_of(&inner["Key"]).or_else(|| key_of(&inner["Item"]));
                    Some(one(action, &inner["TableName"], key.into_iter().collect()))
                })
                .collect()
        }
        _ => vec![one(op, &body["TableName"], Vec::new())],
    }
}

/// The partition-key value a query's key condition names (`pk = :pk AND ...`).
fn query_keys(body: &Value, pk: &str) -> Vec<String> {
    let expr = body["KeyConditionExpression"].as_str().unwrap_or("");
    let names = &body["ExpressionAttributeNames"];
    expr.split(" AND ")
        .chain(expr.split(" and "))
        .filter_map(|part| {
            let (left, right) = part.split_once('=')?;
            let (left, right) = (
                left.trim().trim_start_matches('('),
                right.trim().trim_end_matches(')'),
            );
            let attr = if left.starts_with('#') {
                names[left].as_str()?
            } else {
                left
            };
            (attr == pk).then(|| {
                body["ExpressionAttributeValues"][right]["S"]
                    .as_str()
                    .map(str::to_owned)
            })?
        })
        .take(1)
        .collect()
}

fn s3(req: &Request<'_>, account: &Account) -> Option<Vec<Call>> {
    let path = path_of(req.uri);
    let query = query_pairs(req.uri.split_once('?').map_or("", |(_, q)| q));
    let path = percent_decode(path.strip_prefix('/')?);
    let (bucket, key) = path.split_once('/').unwrap_or((&path, ""));
    if bucket.is_empty() {
        return None;
    }
    let object = |action: &str| Call::new(format!("s3:{action}"), account.object_arn(bucket, key));
    let calls = match (req.method, key.is_empty()) {
        ("GET", true) if query.contains_key("list-type") || query.contains_key("prefix") => {
            let mut c = Call::new("s3:ListBucket", account.bucket_arn(bucket));
            c.prefix = Some(query.get("prefix").cloned().unwrap_or_default());
            vec![c]
        }
        ("POST", true) if query.contains_key("delete") => {
            vec![Call::new(
                "s3:DeleteObject",
                account.object_arn(bucket, "*"),
            )]
        }
        (_, true) => vec![Call::new(
            format!("s3:{}Bucket", req.method),
            account.bucket_arn(bucket),
        )],
        ("GET", false) if query.contains_key("tagging") => vec![object("GetObjectTagging")],
        ("PUT", false) if query.contains_key("tagging") => vec![object("PutObjectTagging")],
        ("GET" | "HEAD", false) => vec![object("GetObject")],
        ("DELETE", false) => vec![object("DeleteObject")],
        ("PUT", false) => {
            let mut calls = vec![object("PutObject")];
            if let Some(source) = req.header("x-amz-copy-source") {
                let source = percent_decode(source.trim_start_matches('/'));
                let source = source.split('?').next().unwrap_or("");
                let (b, k) = source.split_once('/').unwrap_or((source, ""));
                calls.push(Call::new("s3:GetObject", account.object_arn(b, k)));
            }
            calls
        }
        _ => vec![object(&format!("{}Object", req.method))],
    };
    Some(calls)
}

/// The path of a path-and-query or of a whole URL.
fn path_of(uri: &str) -> &str {
    let no_scheme = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    let path = if uri.contains("://") {
        no_scheme.find('/').map_or("/", |i| &no_scheme[i..])
    } else {
        no_scheme
    };
    path.split('?').next().unwrap_or("/")
}

fn query_pairs(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(&v.replace('+', " ")))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The address of `Name <address>` or of a bare address.
fn address(from: &str) -> String {
    match (from.rfind('<'), from.rfind('>')) {
        (Some(a), Some(b)) if a < b => from[a + 1..b].to_owned(),
        _ => from.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys() -> HashMap<Option<String>, String> {
        HashMap::from([(None, "pk".into()), (Some("gsi1".into()), "gsi1pk".into())])
    }

    fn dynamo(op: &str, body: Value) -> Vec<Call> {
        let headers = vec![("X-Amz-Target".to_owned(), format!("DynamoDB_20120810.{op}"))];
        let body = body.to_string();
        let req = Request {
            method: "POST",
            uri: "/",
            headers: &headers,
            body: body.as_bytes(),
        };
        calls(&req, &Account::local("r"), &keys()).expect("understood")
    }

    #[test]
    fn dynamodb_requests_name_their_action_table_index_and_partition_keys() {
        let c = dynamo(
            "UpdateItem",
            json!({"TableName": "t", "Key": {"pk": {"S": "PRODUCT#1"}, "sk": {"S": "A"}}}),
        );
        assert_eq!(c[0].action, "dynamodb:UpdateItem");
        assert_eq!(c[0].resource, "arn:aws:dynamodb:r:000000000000:table/t");
        assert_eq!(c[0].leading_keys, vec!["PRODUCT#1"]);
        let q = dynamo(
            "Query",
            json!({"TableName": "t", "IndexName": "gsi1",
            "KeyConditionExpression": "#p = :p AND begins_with(gsi1sk, :s)",
            "ExpressionAttributeNames": {"#p": "gsi1pk"},
            "ExpressionAttributeValues": {":p": {"S": "CATEGORY#x"}, ":s": {"S": "a"}}}),
        );
        assert_eq!(
            q[0].resource,
            "arn:aws:dynamodb:r:000000000000:table/t/index/gsi1"
        );
        assert_eq!(q[0].leading_keys, vec!["CATEGORY#x"]);
        let t = dynamo(
            "TransactWriteItems",
            json!({"TransactItems": [
            {"Put": {"TableName": "t", "Item": {"pk": {"S": "ORDER#1"}}}},
            {"ConditionCheck": {"TableName": "t", "Key": {"pk": {"S": "USER#1"}}}}]}),
        );
        let actions: Vec<_> = t
            .iter()
            .map(|c| (c.action.as_str(), c.leading_keys[0].as_str()))
            .collect();
        assert_eq!(
            actions,
            vec![
                ("dynamodb:PutItem", "ORDER#1"),
                ("dynamodb:ConditionCheckItem", "USER#1")
            ]
        );
        let b = dynamo(
            "BatchGetItem",
            json!({"RequestItems": {"t": {"Keys": [{"pk": {"S": "A"}}, {"pk": {"S": "B"}}]}}}),
        );
        assert_eq!(b[0].leading_keys, vec!["A", "B"]);
    }

    fn s3_call(method: &str, uri: &str, headers: &[(String, String)]) -> Vec<Call> {
        let req = Request {
            method,
            uri,
            headers,
            body: b"",
        };
        calls(&req, &Account::local("r"), &keys()).expect("understood")
    }

    #[test]
    fn s3_requests_name_the_object_or_the_listing_prefix() {
        let get = s3_call("HEAD", "/files/orders/1/a%20b.pdf", &[]);
        assert_eq!(
            (get[0].action.as_str(), get[0].resource.as_str()),
            ("s3:GetObject", "arn:aws:s3:::files/orders/1/a b.pdf")
        );
        let tag = s3_call("PUT", "/files/orders/1/x?tagging", &[]);
        assert_eq!(tag[0].action, "s3:PutObjectTagging");
        let list = s3_call("GET", "/files?list-type=2&prefix=orders%2F1", &[]);
        assert_eq!(
            (list[0].action.as_str(), list[0].prefix.as_deref()),
            ("s3:ListBucket", Some("orders/1"))
        );
        let copy = s3_call(
            "PUT",
            "/files/final/x",
            &[("x-amz-copy-source".into(), "files/uploads/x".into())],
        );
        assert_eq!(copy[1].resource, "arn:aws:s3:::files/uploads/x");
        let presigned = s3_call(
            "PUT",
            "http://127.0.0.1:5000/files/orders/1/x?X-Amz-Signature=abc",
            &[],
        );
        assert_eq!(presigned[0].resource, "arn:aws:s3:::files/orders/1/x");
    }

    #[test]
    fn mail_names_the_sender_identity() {
        let form = b"Action=SendEmail&Source=Toko+%3Cshop%40toko.example%3E&ConfigurationSetName=t-mail&Version=2010-12-01";
        let req = Request {
            method: "POST",
            uri: "/",
            headers: &[],
            body: form,
        };
        let c = calls(&req, &Account::local("r"), &keys()).expect("understood");
        assert_eq!(
            (c[0].action.as_str(), c[0].resource.as_str()),
            (
                "ses:SendEmail",
                "arn:aws:ses:r:000000000000:identity/shop@toko.example"
            )
        );
        assert_eq!(
            c[1].resource,
            "arn:aws:ses:r:000000000000:configuration-set/t-mail"
        );
    }
}
