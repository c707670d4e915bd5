use crate::helpers::spawn_app;
use toko_tools::{provision, Template};

#[tokio::test]
async fn resources_come_from_the_template_and_provisioning_twice_is_harmless() {
    let app = spawn_app().await;
    let sdk = toko::aws::from_env();
    let template = Template::load(&toko_tools::default_template_path()).expect("template");
    let prefix = app.store.table().trim_end_matches("maintable").to_owned();

    let again = provision(&sdk, &template, &prefix)
        .await
        .expect("idempotent");

    assert_eq!(again.env["TOKO_TABLE"], app.store.table());
    let table = app
        .store
        .client()
        .await
        .describe_table()
        .table_name(app.store.table())
        .send()
        .await
        .expect("describe");
    let t = table.table().expect("table");
    let gsis: Vec<&str> = t
        .global_secondary_indexes()
        .iter()
        .filter_map(|g| g.index_name())
        .collect();
    let (_, props) = template
        .resources("AWS::DynamoDB::Table")
        .into_iter()
        .next()
        .expect("a table");
    let declared: Vec<&str> = props["GlobalSecondaryIndexes"]
        .as_sequence()
        .expect("indexes")
        .iter()
        .filter_map(|g| g["IndexName"].as_str())
        .collect();
    assert!(declared.len() >= 2);
    assert_eq!(gsis, declared);
    let ttl = app
        .store
        .client()
        .await
        .describe_time_to_live()
        .table_name(app.store.table())
        .send()
        .await
        .expect("ttl");
    assert_eq!(
        ttl.time_to_live_description()
            .and_then(|d| d.attribute_name()),
        Some("expiresAt")
    );
}
