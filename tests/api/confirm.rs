use crate::helpers::{other_mail_to, spawn_app, SITE_URL};
use lambda_http::http::StatusCode;
use serde_json::json;
use time::Duration;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn pending_registrations_are_listed_oldest_first_in_pages() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(app.registered_customer(&format!("page{i}")).await.0);
        app.advance(Duration::seconds(1));
    }

    let first = app
        .list_customers(Some(&admin), "?status=pending&limit=2")
        .await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let cursor = first.body["nextCursor"]
        .as_str()
        .expect("a next page")
        .to_owned();
    let second = app
        .list_customers(
            Some(&admin),
            &format!("?status=pending&limit=2&cursor={cursor}"),
        )
        .await;

    let listed: Vec<&str> = first.body["items"]
        .as_array()
        .into_iter()
        .chain(second.body["items"].as_array())
        .flatten()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(listed, ids.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(first.body["items"][0].get("passwordHash").is_none());
}

#[tokio::test]
async fn bad_cursors_and_statuses_are_400() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.registered_customer("c1").await;
    app.registered_customer("c2").await;
    let page = app.list_customers(Some(&admin), "?limit=1").await;
    let pending_cursor = page.body["nextCursor"].as_str().expect("cursor").to_owned();

    for q in [
        "?cursor=not-a-cursor".to_owned(),
        "?cursor=eyJ9".to_owned(),
        format!("?status=approved&cursor={pending_cursor}"),
        "?status=everyone".to_owned(),
        "?limit=0".to_owned(),
        "?limit=abc".to_owned(),
    ] {
        let r = app.list_customers(Some(&admin), &q).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q} {:?}", r.body);
        assert!(r.is_problem());
    }
}

#[tokio::test]
async fn approving_moves_the_customer_and_sends_the_approval_email() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (id, email, password) = app.registered_customer("approve").await;

    let resp = app
        .confirm_customer(
            Some(&admin),
            &id,
            json!({ "decision": "approve", "note": "Welcome <b>aboard</b>" }),
        )
        .await;

    assert_eq!(resp.status, StatusCode::OK, "{:?}", resp.body);
    assert_eq!(resp.body["status"], "approved");
    assert_eq!(resp.body["decisionNote"], "Welcome <b>aboard</b>");
    let mails = other_mail_to(&app.endpoint, &email).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].subject, "Your account is approved");
    assert_eq!(mails[0].source, "shop@toko.example");
    assert!(
        mails[0]
            .body
            .contains(&format!("href=\"{SITE_URL}/#/login\"")),
        "{}",
        mails[0].body
    );
    assert!(
        mails[0].body.contains("Welcome &lt;b&gt;aboard&lt;/b&gt;"),
        "the note is escaped"
    );
    let approved = app.list_customers(Some(&admin), "?status=approved").await;
    assert!(approved.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|c| c["id"] == id.as_str()));
    let pending = app.list_customers(Some(&admin), "?status=pending").await;
    assert!(!pending.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|c| c["id"] == id.as_str()));
    let token = app.login(&email, &password).await.body["token"]
        .as_str()
        .expect("token")
        .to_owned();
    assert_eq!(
        app.me(Some(&token)).await.body["user"]["status"],
        "approved"
    );
}

#[tokio::test]
async fn rejecting_sends_the_reason_in_the_customers_language() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let email = crate::helpers::unique_email("tolak");
    let reg = app
        .register(
            json!({ "email": email, "password": "password123", "name": "Sari", "locale": "id" }),
        )
        .await;
    let id = reg.body["customer"]["id"].as_str().expect("id").to_owned();

    let resp = app
        .confirm_customer(
            Some(&admin),
            &id,
            json!({ "decision": "reject", "note": "Alamat tidak lengkap" }),
        )
        .await;

    assert_eq!(resp.body["status"], "rejected");
    let mails = other_mail_to(&app.endpoint, &email).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Pendaftaran akun Anda");
    assert!(mails[0].body.contains("Alamat tidak lengkap"));
}

#[tokio::test]
async fn a_registration_is_decided_once_even_when_two_admins_click_together() {
    let app = spawn_app().await;
    let (a, b) = (app.admin_token().await, app.admin_token().await);
    let (id, email, _) = app.registered_customer("race").await;

    let (r1, r2) = tokio::join!(
        app.confirm_customer(Some(&a), &id, json!({ "decision": "approve" })),
        app.confirm_customer(Some(&b), &id, json!({ "decision": "reject" })),
    );

    let mut statuses = [r1.status, r2.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let loser = if r1.status == StatusCode::CONFLICT {
        &r1
    } else {
        &r2
    };
    assert_eq!(loser.code(), "invalid_transition");
    assert_eq!(
        other_mail_to(&app.endpoint, &email).await.len(),
        1,
        "one decision, one e-mail"
    );
    let again = app
        .confirm_customer(Some(&a), &id, json!({ "decision": "approve" }))
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "invalid_transition")
    );
}

#[tokio::test]
async fn only_admins_decide_registrations_and_the_permission_map_says_who_lists_them() {
    let app = spawn_app().await;
    let (id, _, _) = app.registered_customer("who").await;
    let body = json!({ "decision": "approve" });
    for role in [
        Role::Operator,
        Role::Marketing,
        Role::Manager,
        Role::Customer,
    ] {
        let (_, token) = app.signed_in(role, AccountStatus::Approved).await;
        let list = app.list_customers(Some(&token), "").await;
        let decide = app.confirm_customer(Some(&token), &id, body.clone()).await;
        // Marketing (campaigns) and managers (read-only) see the list.
        let may_list = role.may(toko::domain::Permission::CustomersView);
        assert_eq!(
            list.status,
            if may_list {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            },
            "{role:?}"
        );
        assert_eq!(decide.status, StatusCode::FORBIDDEN, "{role:?}");
    }
    assert_eq!(
        app.list_customers(None, "").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.confirm_customer(None, &id, body).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn unknown_ids_are_404_and_bad_decisions_422() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (staff, _) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let (id, _, _) = app.registered_customer("bad").await;
    let ok = json!({ "decision": "approve" });

    let missing = app
        .confirm_customer(
            Some(&admin),
            &toko::domain::UserId::generate().to_string(),
            ok.clone(),
        )
        .await;
    let garbage = app
        .confirm_customer(Some(&admin), "..%2F..%2Fetc", ok.clone())
        .await;
    let a_staff_member = app
        .confirm_customer(Some(&admin), staff.id.as_str(), ok)
        .await;
    let bad = app
        .confirm_customer(Some(&admin), &id, json!({ "decision": "maybe", "note": 5 }))
        .await;

    for r in [&missing, &garbage, &a_staff_member] {
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{:?}",
            r.body
        );
    }
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["errors"].as_array().map(Vec::len), Some(2));
    let still = app.list_customers(Some(&admin), "").await;
    assert!(
        still.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|c| c["id"] == id.as_str()),
        "nothing changed"
    );
}
