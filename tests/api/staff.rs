//! Staff management against the emulator: an invitation by mail that ends in a console
//! sign-in, role changes and deactivation that end sessions, nobody changing themselves,
//! and two admins demoting each other at once never leaving the shop without one.

use crate::helpers::{sent_mail_to, spawn_app, unique_email, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::domain::{AccountStatus, Role};
use toko::ports::Users;

async fn staff(
    app: &TestApp,
    method: &str,
    uri: &str,
    token: &str,
    body: Option<Value>,
) -> TestResponse {
    app.call("staff", method, uri, Some(token), body).await
}

/// The set-password tokens mailed to `email`, oldest first.
async fn invitation_tokens(app: &TestApp, email: &str) -> Vec<String> {
    sent_mail_to(&app.endpoint, email)
        .await
        .iter()
        .filter_map(|m| {
            let at = m.body.find("reset?token=")? + "reset?token=".len();
            m.body.get(at..at + 43).map(str::to_owned)
        })
        .collect()
}

fn member<'a>(list: &'a TestResponse, id: &str) -> &'a Value {
    list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id} is not listed: {:?}", list.body))
}

#[tokio::test]
async fn an_invited_operator_sets_a_password_from_the_mail_and_signs_in() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let email = unique_email("rina");
    let invited = staff(
        &app,
        "POST",
        "/api/admin/staff",
        &admin,
        Some(
            json!({ "email": email, "name": "Rina Operator", "role": "operator", "locale": "id" }),
        ),
    )
    .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{:?}", invited.body);
    assert_eq!(invited.body["joined"], false);
    assert_eq!(invited.body["active"], true);
    let id = invited.body["id"].as_str().expect("id").to_owned();

    // Nobody can sign in as her before she sets a password.
    let guess = app.login(&email, "staff password 123").await;
    assert_eq!(guess.status, StatusCode::UNAUTHORIZED, "{:?}", guess.body);
    // The same address cannot be invited twice; a customer role is not a staff role.
    let again = staff(
        &app,
        "POST",
        "/api/admin/staff",
        &admin,
        Some(json!({ "email": email, "name": "Rina", "role": "operator" })),
    )
    .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "email_taken")
    );
    let customer = staff(
        &app,
        "POST",
        "/api/admin/staff",
        &admin,
        Some(json!({ "email": unique_email("c"), "name": "C", "role": "customer" })),
    )
    .await;
    customer.assert_rejects("role", "must be one of operator");

    let mails = sent_mail_to(&app.endpoint, &email).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Anda diundang ke konsol toko");
    assert!(
        mails[0].body.contains("sebagai operator"),
        "{}",
        mails[0].body
    );
    // A second invitation while she has not joined: a fresh link (both work until used).
    let resent = staff(
        &app,
        "POST",
        &format!("/api/admin/staff/{id}/invite"),
        &admin,
        None,
    )
    .await;
    assert_eq!(resent.status, StatusCode::ACCEPTED, "{:?}", resent.body);
    let tokens = invitation_tokens(&app, &email).await;
    assert_eq!(tokens.len(), 2);

    let set = app
        .call(
            "login",
            "POST",
            "/api/auth/reset",
            None,
            Some(json!({ "token": tokens[1], "password": "rina's own password" })),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    assert_eq!(set.body["staff"], true);
    // Joining is not a "your password was changed" event.
    assert_eq!(sent_mail_to(&app.endpoint, &email).await.len(), 2);

    let signed_in = app.login(&email, "rina's own password").await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    let permissions = signed_in.body["user"]["permissions"]
        .as_array()
        .expect("permissions");
    assert!(permissions.contains(&json!("orders.decide")));
    assert!(!permissions.contains(&json!("staff")));

    let list = staff(&app, "GET", "/api/admin/staff", &admin, None).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    assert_eq!(member(&list, &id)["joined"], true);
    let late = staff(
        &app,
        "POST",
        &format!("/api/admin/staff/{id}/invite"),
        &admin,
        None,
    )
    .await;
    assert_eq!(
        (late.status, late.code()),
        (StatusCode::CONFLICT, "already_joined")
    );
}

#[tokio::test]
async fn role_changes_and_deactivation_end_sessions_and_nobody_changes_themselves() {
    let app = spawn_app().await;
    let (admin_user, admin) = app.signed_in(Role::Admin, AccountStatus::Approved).await;
    let (op, op_token) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let uri = format!("/api/admin/staff/{}", op.id);

    let promoted = staff(
        &app,
        "PUT",
        &uri,
        &admin,
        Some(json!({ "role": "manager" })),
    )
    .await;
    assert_eq!(promoted.status, StatusCode::OK, "{:?}", promoted.body);
    assert_eq!(promoted.body["role"], "manager");
    // The token from before the change no longer works; a new sign-in is a manager's.
    let old = app.me(Some(&op_token)).await;
    assert_eq!(
        (old.status, old.code()),
        (StatusCode::UNAUTHORIZED, "session_revoked")
    );
    let fresh = app.login(op.email.as_str(), "staff password 123").await;
    assert_eq!(fresh.body["user"]["role"], "manager", "{:?}", fresh.body);
    assert!(fresh.body["user"]["permissions"]
        .as_array()
        .expect("p")
        .contains(&json!("dashboard")));

    let off = staff(&app, "PUT", &uri, &admin, Some(json!({ "active": false }))).await;
    assert_eq!(off.status, StatusCode::OK, "{:?}", off.body);
    assert_eq!(off.body["active"], false);
    let refused = app.login(op.email.as_str(), "staff password 123").await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "account_disabled")
    );
    let on = staff(&app, "PUT", &uri, &admin, Some(json!({ "active": true }))).await;
    assert_eq!(on.body["active"], true, "{:?}", on.body);
    assert_eq!(
        app.login(op.email.as_str(), "staff password 123")
            .await
            .status,
        StatusCode::OK
    );

    // Not one's own account; asking for what already is changes nothing.
    let own = format!("/api/admin/staff/{}", admin_user.id);
    let me_off = staff(&app, "PUT", &own, &admin, Some(json!({ "active": false }))).await;
    assert_eq!(
        (me_off.status, me_off.code()),
        (StatusCode::CONFLICT, "own_account")
    );
    let me_down = staff(
        &app,
        "PUT",
        &own,
        &admin,
        Some(json!({ "role": "operator" })),
    )
    .await;
    assert_eq!(me_down.code(), "own_account");
    let same = staff(
        &app,
        "PUT",
        &own,
        &admin,
        Some(json!({ "role": "admin", "active": true })),
    )
    .await;
    assert_eq!(same.status, StatusCode::OK, "{:?}", same.body);
    assert_eq!(
        app.me(Some(&admin)).await.status,
        StatusCode::OK,
        "no change, no sign-out"
    );

    // Customers are not staff; bad input is refused.
    let (customer, _) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let not_staff = staff(
        &app,
        "PUT",
        &format!("/api/admin/staff/{}", customer.id),
        &admin,
        Some(json!({ "active": false })),
    )
    .await;
    assert_eq!(
        not_staff.status,
        StatusCode::NOT_FOUND,
        "{:?}",
        not_staff.body
    );
    let bad = staff(
        &app,
        "PUT",
        &uri,
        &admin,
        Some(json!({ "active": "no", "role": "boss" })),
    )
    .await;
    bad.assert_rejects("active", "true or false");
    bad.assert_rejects("role", "must be one of");
    let after = app
        .call("staff", "GET", "/api/admin/staff", Some(&admin), None)
        .await;
    assert_eq!(
        member(&after, op.id.as_str())["role"],
        "manager",
        "a refused change wrote nothing"
    );
}

#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    let app = spawn_app().await;
    for round in 0..4 {
        let (a, a_token) = app.signed_in(Role::Admin, AccountStatus::Approved).await;
        let (b, b_token) = app.signed_in(Role::Admin, AccountStatus::Approved).await;
        // Round by round, both ways a demotion can go: role or deactivation.
        let body = if round % 2 == 0 {
            json!({ "role": "operator" })
        } else {
            json!({ "active": false })
        };
        let (to_b, to_a) = (
            format!("/api/admin/staff/{}", b.id),
            format!("/api/admin/staff/{}", a.id),
        );
        let (ra, rb) = tokio::join!(
            staff(&app, "PUT", &to_b, &a_token, Some(body.clone())),
            staff(&app, "PUT", &to_a, &b_token, Some(body.clone())),
        );
        let ok = [&ra, &rb]
            .iter()
            .filter(|r| r.status == StatusCode::OK)
            .count();
        assert_eq!(
            ok, 1,
            "round {round}: exactly one demotion lands: {:?} / {:?}",
            ra.body, rb.body
        );
        for r in [&ra, &rb].iter().filter(|r| r.status != StatusCode::OK) {
            assert!(
                matches!(r.code(), "forbidden" | "session_revoked"),
                "round {round}: the loser was demoted first: {:?}",
                r.body
            );
        }
        let ua = app.store.get(&a.id).await.expect("read").expect("a");
        let ub = app.store.get(&b.id).await.expect("read").expect("b");
        let admins = [ua, ub]
            .iter()
            .filter(|u| u.role == Role::Admin && u.status == AccountStatus::Approved)
            .count();
        assert_eq!(admins, 1, "round {round}");
    }
}
