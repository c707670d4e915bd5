//! `toko iam-report`: what the integration suite's AWS calls asked of IAM
//! (`target/tmp/iam-calls.jsonl`, written by the tests' IAM check): every call the
//! template's policies would deny, and every grant no call used.

use crate::iam::{Account, Policies};
use crate::{BoxError, Template};
use std::collections::{BTreeSet, HashMap};

/// The findings of one run.
#[derive(Debug, Default)]
pub struct Report {
    pub calls: usize,
    /// `function: call`, once each.
    pub denied: BTreeSet<String>,
    /// Grants never used, as the template writes them.
    pub unused: Vec<String>,
}

/// Reads the log against the template (grants are named by logical resource ids).
pub fn report(template: &Template, log: &str) -> Result<Report, BoxError> {
    let mut names = HashMap::new();
    for kind in ["AWS::DynamoDB::Table", "AWS::S3::Bucket"] {
        for (id, _) in template.resources(kind) {
            names.insert(id.clone(), format!("${{{id}}}"));
        }
    }
    // Parameters the deployer must give (no default) are named as placeholders too.
    let parameters = template
        .root
        .get("Parameters")
        .and_then(serde_yaml::Value::as_mapping);
    for (name, p) in parameters.into_iter().flatten() {
        if let (Some(name), None) = (name.as_str(), p.get("Default")) {
            names.insert(name.to_owned(), format!("${{{name}}}"));
        }
    }
    let account = Account {
        partition: "${AWS::Partition}".into(),
        region: "${AWS::Region}".into(),
        id: "${AWS::AccountId}".into(),
    };
    let policies = Policies::from_template(template, &names, &account)?;
    let mut used: BTreeSet<(String, usize)> = BTreeSet::new();
    let mut report = Report::default();
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let function = v["function"].as_str().ok_or("a call without a function")?;
        report.calls += 1;
        if v["denied"].as_bool().unwrap_or(true) {
            report
                .denied
                .insert(format!("{function}: {}", v["call"].as_str().unwrap_or("?")));
        }
        for g in v["grants"].as_array().into_iter().flatten() {
            if let Some(i) = g.as_u64().and_then(|i| usize::try_from(i).ok()) {
                used.insert((function.to_owned(), i));
            }
        }
    }
    for (function, grants) in &policies.grants {
        for (i, g) in grants.iter().enumerate() {
            if !used.contains(&(function.clone(), i)) {
                report.unused.push(g.to_string());
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denials_fail_and_unused_grants_are_listed() {
        let t = Template::parse(
            "Resources:\n  MainTable: { Type: AWS::DynamoDB::Table, Properties: {} }\n  F:\n    Type: AWS::Serverless::Function\n    Metadata: { BuildProperties: { Binary: f } }\n    Properties:\n      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: [dynamodb:GetItem, dynamodb:PutItem]\n              Resource: !GetAtt MainTable.Arn\n",
        )
        .expect("template");
        let log = r#"{"function":"f","call":"dynamodb:GetItem on t","grants":[0],"denied":false}
{"function":"f","call":"dynamodb:Scan on t","grants":[],"denied":true}"#;
        let r = report(&t, log).expect("report");
        assert_eq!(r.calls, 2);
        assert_eq!(
            r.denied.iter().collect::<Vec<_>>(),
            vec!["f: dynamodb:Scan on t"]
        );
        assert_eq!(r.unused.len(), 1);
        assert!(r.unused[0].contains("dynamodb:PutItem on arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${MainTable}"), "{}", r.unused[0]);
    }
}
