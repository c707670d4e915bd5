//! Bounces and complaints from SES (through SNS) mark the address not mailable: promo
//! mail skips it and the staff see why. The sample event replays through the function.

use crate::helpers::spawn_app;
use serde_json::{json, Value};
use toko::domain::{AccountStatus, MailBlock, Role};
use toko::ports::Users;

fn sns(notification: Value) -> Value {
    json!({ "Records": [{ "EventSource": "aws:sns", "Sns": { "Type": "Notification", "Message": notification.to_string() } }] })
}

fn deps(app: &crate::helpers::TestApp) -> bounces::Deps {
    bounces::Deps {
        marketing: std::sync::Arc::new(toko::adapters::dynamo::DynamoStore::lazy(
            &app.sdk_for("bounces"),
            app.store.table(),
        )),
        clock: app.clock.clone(),
    }
}

#[tokio::test]
async fn a_permanent_bounce_stops_promo_mail_and_shows_why() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (ani, _) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (budi, _) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    for u in [&ani, &budi] {
        toko::ports::Marketing::set_opt_in(&app.store, &u.id, true)
            .await
            .expect("opt in");
    }
    let deps = deps(&app);

    let done = bounces::handle(&deps, sns(json!({ "eventType": "Bounce", "bounce": { "bounceType": "Permanent",
        "bouncedRecipients": [{ "emailAddress": ani.email.as_str().to_uppercase() }, { "emailAddress": "nobody@example.com" }] } })))
        .await
        .expect("handled");
    let transient = bounces::handle(
        &deps,
        sns(
            json!({ "eventType": "Bounce", "bounce": { "bounceType": "Transient",
        "bouncedRecipients": [{ "emailAddress": budi.email.as_str() }] } }),
        ),
    )
    .await
    .expect("handled");

    assert_eq!(done, json!({ "blocked": 1, "ignored": 1 }));
    assert_eq!(transient, json!({ "blocked": 0, "ignored": 1 }));
    let ani_now = app.store.get(&ani.id).await.expect("read").expect("ani");
    assert_eq!(ani_now.mail_blocked, Some(MailBlock::Bounced));
    assert!(!ani_now.marketing_opt_in);
    let budi_now = app.store.get(&budi.id).await.expect("read").expect("budi");
    assert_eq!(
        (budi_now.mail_blocked, budi_now.marketing_opt_in),
        (None, true)
    );

    // The promo goes to Budi only; staff see why Ani gets none.
    let promo = app
        .call(
            "promo",
            "POST",
            "/api/admin/promos",
            Some(&admin),
            Some(json!({
            "title": "Diskon", "body": "Banner 20%", "startsAt": "2026-01-01T00:00:00Z",
            "endsAt": "2030-01-01T00:00:00Z", "notify": true })),
        )
        .await;
    assert_eq!(promo.body["notification"]["sent"], 1, "{:?}", promo.body);
    let listed = app.list_customers(Some(&admin), "?status=approved").await;
    let shown = listed.body["items"]
        .as_array()
        .and_then(|i| i.iter().find(|u| u["id"] == ani.id.as_str()))
        .expect("ani listed");
    assert_eq!(shown["mailBlocked"], "bounced");
}

#[tokio::test]
async fn a_complaint_blocks_too_and_the_sample_event_replays() {
    let app = spawn_app().await;
    let (cus, _) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let deps = deps(&app);
    let done = bounces::handle(
        &deps,
        sns(json!({ "notificationType": "Complaint",
        "complaint": { "complainedRecipients": [{ "emailAddress": cus.email.as_str() }] } })),
    )
    .await
    .expect("handled");
    assert_eq!(done["blocked"], 1);
    let now = app
        .store
        .get(&cus.id)
        .await
        .expect("read")
        .expect("customer");
    assert_eq!(now.mail_blocked, Some(MailBlock::Complained));

    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../events/sns/bounces.json"
        ))
        .expect("sample event"),
    )
    .expect("json");
    let replayed = bounces::handle(&deps, sample).await.expect("handled");
    assert_eq!(
        replayed,
        json!({ "blocked": 0, "ignored": 1 }),
        "no account has the sample address"
    );
}
