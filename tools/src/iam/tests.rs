//! The IAM check's own tests.
use super::*;

#[test]
fn wildcards_match_as_iam_does() {
    assert!(like("USER#*", "USER#01ABC"));
    assert!(like("OUTBOX", "OUTBOX"));
    assert!(!like("OUTBOX", "OUTBOX#DEAD"));
    assert!(like(
        "arn:aws:s3:::b/orders/*",
        "arn:aws:s3:::b/orders/1/2/file.pdf"
    ));
    assert!(!like("arn:aws:s3:::b/orders/*", "arn:aws:s3:::b/media/x"));
    assert!(like("a?c*", "abcdef"));
    assert!(!like("a?c", "ac"));
    assert!(like_ignoring_case("dynamodb:GetItem", "dynamodb:getitem"));
}

fn template() -> Template {
    Template::parse(
        r#"
Parameters:
  MailFrom: { Type: String, Default: shop@toko.example }
Resources:
  MainTable:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
      GlobalSecondaryIndexes:
        - IndexName: gsi1
          KeySchema: [{ AttributeName: gsi1pk, KeyType: HASH }]
  FilesBucket: { Type: AWS::S3::Bucket, Properties: {} }
  CatalogFunction:
    Type: AWS::Serverless::Function
    Metadata: { BuildProperties: { Binary: catalog } }
    Properties:
      Policies:
        - Statement:
            - Effect: Allow
              Action: [dynamodb:GetItem]
              Resource: !GetAtt MainTable.Arn
              Condition:
                ForAllValues:StringLike:
                  dynamodb:LeadingKeys: ["PRODUCT#*"]
            - Effect: Allow
              Action: dynamodb:Query
              Resource: !Sub "${MainTable.Arn}/index/gsi1"
            - Effect: Allow
              Action: s3:ListBucket
              Resource: !GetAtt FilesBucket.Arn
              Condition:
                StringLike:
                  s3:prefix: ["orders/*"]
            - Effect: Allow
              Action: ses:SendEmail
              Resource: !Sub "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${MailFrom}"
"#,
    )
    .expect("template")
}

fn policies() -> (Policies, Account) {
    let names = HashMap::from([
        ("MainTable".to_owned(), "t-main".to_owned()),
        ("FilesBucket".to_owned(), "t-files".to_owned()),
    ]);
    let account = Account::local("ap-southeast-3");
    let p = Policies::from_template(&template(), &names, &account).expect("policies");
    (p, account)
}

#[test]
fn a_call_is_allowed_only_by_a_grant_with_its_action_resource_and_keys() {
    let (p, a) = policies();
    let mut get = Call::new("dynamodb:GetItem", a.table_arn("t-main"));
    get.leading_keys = vec!["PRODUCT#1".into()];
    assert_eq!(p.allowing("catalog", &get).len(), 1);
    get.leading_keys = vec!["PRODUCT#1".into(), "USER#2".into()];
    assert!(
        p.allowing("catalog", &get).is_empty(),
        "every key must match"
    );
    let update = Call {
        action: "dynamodb:UpdateItem".into(),
        ..get.clone()
    };
    assert!(p.allowing("catalog", &update).is_empty());
    assert!(p.allowing("order", &get).is_empty(), "another function");
    let query = Call::new(
        "dynamodb:Query",
        format!("{}/index/gsi1", a.table_arn("t-main")),
    );
    assert_eq!(p.allowing("catalog", &query).len(), 1);
    let other = Call::new(
        "dynamodb:Query",
        format!("{}/index/gsi2", a.table_arn("t-main")),
    );
    assert!(p.allowing("catalog", &other).is_empty());
    assert_eq!(
        p.hash_keys.get(&Some("gsi1".into())).map(String::as_str),
        Some("gsi1pk")
    );
}

#[test]
fn listing_needs_a_matching_prefix_and_mail_the_sender_identity() {
    let (p, a) = policies();
    let mut list = Call::new("s3:ListBucket", a.bucket_arn("t-files"));
    list.prefix = Some("orders/1/2/file.pdf".into());
    assert_eq!(p.allowing("catalog", &list).len(), 1);
    list.prefix = Some("media/x".into());
    assert!(p.allowing("catalog", &list).is_empty());
    list.prefix = None;
    assert!(p.allowing("catalog", &list).is_empty());
    let send = Call::new("ses:SendEmail", a.identity_arn("shop@toko.example"));
    assert_eq!(p.allowing("catalog", &send).len(), 1);
    let spoof = Call::new("ses:SendEmail", a.identity_arn("ceo@toko.example"));
    assert!(p.allowing("catalog", &spoof).is_empty());
}

#[test]
fn what_is_not_understood_fails_instead_of_passing() {
    let deny = template_with(
        "Effect: Deny\n              Action: s3:GetObject\n              Resource: '*'",
    );
    assert!(deny.is_err());
    let other = template_with("Effect: Allow\n              Action: s3:GetObject\n              Resource: '*'\n              Condition: { Bool: { aws:SecureTransport: 'true' } }");
    assert!(other.is_err());
}

fn template_with(statement: &str) -> Result<Policies, BoxError> {
    let text = format!(
        "Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Metadata: {{ BuildProperties: {{ Binary: f }} }}\n    Properties:\n      Policies:\n        - Statement:\n            - {statement}\n"
    );
    Policies::from_template(
        &Template::parse(&text)?,
        &HashMap::new(),
        &Account::local("r"),
    )
}
