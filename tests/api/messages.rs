use crate::helpers::{cart, sent_mail_to, spawn_app};
use lambda_http::http::StatusCode;
use serde_json::json;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn a_customer_message_is_acknowledged_at_once_and_a_reply_lands_in_inbox_and_mailbox() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let product = app.product(&admin, "Undangan", "printing", 5_000).await;
    let order = app
        .place_order(&token, &cart(&product, 100), None)
        .await
        .body["id"]
        .as_str()
        .expect("order")
        .to_owned();

    let sent = app
        .call("inbox", "POST", "/api/messages", Some(&token), Some(json!({ "kind": "question", "subject": "Kertas undangan", "body": "Bisa pakai kertas linen?", "orderId": order })))
        .await;

    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    let inbox = app.call_inbox("GET", "/api/messages", Some(&token)).await;
    assert_eq!(inbox.body["unread"], 1, "the acknowledgement is unread");
    let subjects: Vec<&str> = inbox.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["subject"].as_str().expect("s"))
        .collect();
    assert_eq!(subjects, ["We received your message", "Kertas undangan"]);
    let mails = crate::helpers::other_mail_to(&app.endpoint, customer.email.as_str()).await;
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].body.contains("within one working day"),
        "{}",
        mails[0].body
    );

    let queue = app
        .call(
            "inbox",
            "GET",
            "/api/admin/messages?unanswered=true",
            Some(&operator),
            None,
        )
        .await;
    let waiting: Vec<&str> = queue.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["id"].as_str().expect("id"))
        .collect();
    let id = sent.body["id"].as_str().expect("id");
    assert!(waiting.contains(&id));
    let reply = app
        .call("inbox", "POST", "/api/admin/messages", Some(&operator), Some(json!({ "customerId": customer.id.as_str(), "subject": "Re: Kertas undangan", "body": "Bisa, linen 250 gsm.", "inReplyTo": id })))
        .await;

    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    assert_eq!(app.me(Some(&token)).await.body["unreadMessages"], 2);
    let mails = sent_mail_to(&app.endpoint, customer.email.as_str()).await;
    assert!(mails
        .iter()
        .any(|m| m.subject == "Re: Kertas undangan" && m.body.contains("linen 250 gsm")));
    let queue = app
        .call(
            "inbox",
            "GET",
            "/api/admin/messages?unanswered=true",
            Some(&operator),
            None,
        )
        .await;
    assert!(
        !queue.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|m| m["id"] == id),
        "answered"
    );
    let all = app
        .call("inbox", "GET", "/api/admin/messages", Some(&operator), None)
        .await;
    let mine = all.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|m| m["id"] == id)
        .expect("listed");
    assert!(mine["answeredAt"].is_string());
}

#[tokio::test]
async fn pending_customers_cannot_write_and_bad_messages_are_422() {
    let app = spawn_app().await;
    let (_, pending) = app.signed_in(Role::Customer, AccountStatus::Pending).await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (other, other_token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Nota", "printing", 5_000).await;
    let foreign = app
        .place_order(&other_token, &cart(&product, 1), None)
        .await
        .body["id"]
        .as_str()
        .expect("order")
        .to_owned();
    let ok = json!({ "kind": "suggestion", "subject": "Hi", "body": "Hello" });

    let r = app
        .call("inbox", "POST", "/api/messages", Some(&pending), Some(ok))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "account_not_approved")
    );
    for body in [
        json!({ "kind": "spam", "subject": "Hi", "body": "Hello" }),
        json!({ "kind": "question", "subject": "", "body": "Hello" }),
        json!({ "kind": "question", "subject": "Hi", "body": "x".repeat(5001) }),
        json!({ "kind": "question", "subject": "Hi", "body": "Hello", "orderId": foreign }),
    ] {
        let r = app
            .call(
                "inbox",
                "POST",
                "/api/messages",
                Some(&token),
                Some(body.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let to_nobody = app
        .call("inbox", "POST", "/api/admin/messages", Some(&admin), Some(json!({ "customerId": toko::domain::UserId::generate().as_str(), "subject": "Hi", "body": "Hello" })))
        .await;
    assert_eq!(to_nobody.status, StatusCode::NOT_FOUND);
    let not_theirs = app
        .call("inbox", "POST", "/api/admin/messages", Some(&admin), Some(json!({ "customerId": other.id.as_str(), "subject": "Hi", "body": "Hello", "inReplyTo": toko::domain::MessageId::generate().as_str() })))
        .await;
    assert_eq!(not_theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.me(Some(&other_token)).await.body["unreadMessages"],
        0,
        "nothing half-written"
    );
    assert_eq!(
        app.call("inbox", "GET", "/api/admin/messages", Some(&token), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}
