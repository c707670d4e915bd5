//! Past sales brought in from a shop's books: the dashboard's months, categories, totals
//! and best customers include them, marked; the same file twice changes nothing; an
//! import can be undone; bad files are refused line by line and import nothing.

use crate::helpers::{read, request, spawn_app, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::Value;
use toko::domain::{AccountStatus, Role};

impl TestApp {
    async fn post_sales(&self, token: &str, csv: String, query: &str) -> TestResponse {
        let uri = format!("/api/admin/imports/sales{query}");
        read(
            self.handle("analytics", request("POST", &uri, Some(token), Some(csv)))
                .await,
        )
        .await
    }

    async fn dashboard(&self, token: &str, from: &str, to: &str) -> Value {
        let (r, _) = self
            .call_analytics(
                &format!("/api/admin/analytics?from={from}&to={to}"),
                Some(token),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        r.body
    }
}

/// The `n`th month before the clock's month, `yyyy-mm`.
fn months_ago(app: &TestApp, n: i32) -> String {
    let d = app.clock_now().date();
    let total = d.year() * 12 + i32::from(u8::from(d.month())) - 1 - n;
    format!("{:04}-{:02}", total / 12, total % 12 + 1)
}

/// Ten months of two categories, ending two months ago: the file and each month's sums.
fn ten_months(app: &TestApp) -> (String, Vec<(String, i64, i64)>) {
    let mut csv = String::from("month,category,units,revenue\n");
    let mut sums = Vec::new();
    for i in 0..10 {
        let month = months_ago(app, 11 - i);
        let (u1, r1) = (10 + i as i64, 1_000_000 + 10_000 * i as i64);
        let (u2, r2) = (i as i64 + 1, 9_000_000);
        csv.push_str(&format!(
            "{month},printing,{u1},{r1}\n{month},Laptop,{u2},\"9.000.000\"\n"
        ));
        sums.push((month, u1 + u2, r1 + r2));
    }
    (csv, sums)
}

fn month_row<'a>(dash: &'a Value, month: &str) -> Option<&'a Value> {
    dash["totals"]["byMonth"]
        .as_array()
        .expect("months")
        .iter()
        .find(|m| m["month"] == month)
}

#[tokio::test]
async fn a_ten_month_history_shows_on_the_dashboard_once_and_can_be_undone() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.product(&admin, "Kartu nama", "printing", 85_000).await;
    app.product(&admin, "Laptop", "laptops", 9_000_000).await;
    let (_, manager) = app.signed_in(Role::Manager, AccountStatus::Approved).await;
    let (csv, sums) = ten_months(&app);
    let (from, to) = (sums[0].0.clone(), sums[9].0.clone());

    // A dry run says what would come in, and changes nothing.
    let preview = app.post_sales(&manager, csv.clone(), "?dryRun=true").await;
    assert_eq!(preview.status, StatusCode::OK, "{:?}", preview.body);
    assert_eq!(preview.body["rows"], 20);
    assert_eq!(preview.body["months"].as_array().map(Vec::len), Some(10));
    assert_eq!(preview.body["alreadyImported"], false);
    let before = app.dashboard(&manager, &from, &to).await;
    assert_eq!(before["totals"]["revenue"], 0);

    let applied = app
        .post_sales(&manager, csv.clone(), "?fileName=books.csv")
        .await;
    assert_eq!(applied.status, StatusCode::CREATED, "{:?}", applied.body);
    assert_eq!(applied.body["state"], "applied");
    let id = applied.body["id"].as_str().expect("id").to_owned();
    let dash = app.dashboard(&manager, &from, &to).await;
    for (month, units, revenue) in &sums {
        let row = month_row(&dash, month).expect("month on the dashboard");
        assert_eq!(
            (row["units"].as_i64(), row["revenue"].as_i64()),
            (Some(*units), Some(*revenue)),
            "{month}"
        );
        assert_eq!(
            row["importedRevenue"].as_i64(),
            Some(*revenue),
            "marked as imported"
        );
    }
    let total: i64 = sums.iter().map(|s| s.2).sum();
    assert_eq!(dash["totals"]["revenue"].as_i64(), Some(total));
    assert_eq!(dash["totals"]["imported"]["revenue"].as_i64(), Some(total));
    let laptops: i64 = dash["salesByCategoryByMonth"]
        .as_array()
        .expect("categories")
        .iter()
        .filter(|c| c["category"] == "laptops")
        .map(|c| c["importedRevenue"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(
        laptops, 90_000_000,
        "\"Laptop\" named the product: its category counted"
    );

    // The same file again (another line end) changes nothing, in parallel too.
    let again = csv.replace('\n', "\r\n");
    let twice =
        futures::future::join_all((0..3).map(|_| app.post_sales(&manager, again.clone(), "")))
            .await;
    for r in &twice {
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["alreadyImported"], true);
    }
    let after = app.dashboard(&manager, &from, &to).await;
    assert_eq!(after["totals"]["revenue"].as_i64(), Some(total));

    // Another file with one of those months is refused: no month counts twice.
    let overlap = format!(
        "month,category,units,revenue\n{},printing,1,1000\n",
        sums[3].0
    );
    let r = app.post_sales(&manager, overlap.clone(), "").await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::CONFLICT, "months_already_imported"),
        "{:?}",
        r.body
    );

    let list = app
        .call(
            "analytics",
            "GET",
            "/api/admin/imports",
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(list.body["items"][0]["fileName"], "books.csv");

    // Undo: the figures go, and the month is free for a corrected file.
    let undo = format!("/api/admin/imports/{id}/undo");
    let r = app
        .call("analytics", "POST", &undo, Some(&manager), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["state"], "undone");
    let undone = app.dashboard(&manager, &from, &to).await;
    assert_eq!(undone["totals"]["revenue"], 0);
    assert!(month_row(&undone, &sums[0].0).is_none());
    let r = app
        .call("analytics", "POST", &undo, Some(&manager), None)
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::CONFLICT, "import_not_applied")
    );
    let r = app.post_sales(&manager, overlap, "").await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = app.post_sales(&manager, csv, "").await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::CONFLICT, "months_already_imported")
    );
}

#[tokio::test]
async fn bad_files_are_refused_line_by_line_and_import_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let (_, manager) = app.signed_in(Role::Manager, AccountStatus::Approved).await;
    let month = months_ago(&app, 2);
    let cases = [
        ("month,category,revenue\n2025-01,printing,5\n", vec![1]),
        (&*format!("month,category,units,revenue\n{month},printing,-5,100\n{month},printing,1,100\n{month},printing,2,x\n"), vec![2, 4]),
        ("month,category,units,revenue\nJanuary 2025,printing,1,100\n01/2025,printing,1,100\n", vec![2, 3]),
        (&*format!("month,category,units,revenue\n{month},stickers,1,100\n{month},printing,1\n"), vec![2, 3]),
        ("date,invoice,customer e-mail,product or category,quantity,unit price\n2025-02-30,INV-1,not-an-address,printing,0,100\n", vec![2]),
    ];
    for (csv, lines) in cases {
        let r = app.post_sales(&manager, csv.to_owned(), "").await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_csv"),
            "{csv}: {:?}",
            r.body
        );
        assert!(r.is_problem());
        let reported: Vec<String> = r.body["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| e["field"].as_str().unwrap_or("").to_owned())
            .collect();
        let expected: Vec<String> = lines.iter().map(|l| format!("line {l}")).collect();
        assert_eq!(reported, expected, "{csv}: {:?}", r.body);
    }
    // Every reason on one line is given.
    let r = app
        .post_sales(&manager, "date,invoice,customer e-mail,product or category,quantity,unit price\n2025-02-30,INV-1,not-an-address,printing,0,100\n".into(), "")
        .await;
    let message = r.body["errors"][0]["message"].as_str().unwrap_or("");
    for part in ["date", "e-mail", "quantity"] {
        assert!(message.contains(part), "{message}");
    }
    // 10 MB: refused before it is read.
    let mut big = String::from("month,category,units,revenue\n");
    while big.len() < 10 * 1024 * 1024 {
        big.push_str(&format!("{month},printing,1,1000\n"));
    }
    let r = app.post_sales(&manager, big, "").await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "file_too_large")
    );
    let list = app
        .call(
            "analytics",
            "GET",
            "/api/admin/imports",
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(
        list.body["items"],
        serde_json::json!([]),
        "nothing was imported"
    );
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    for token in [customer, operator] {
        let r = app
            .post_sales(
                &token,
                format!("month,category,units,revenue\n{month},printing,1,1\n"),
                "",
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn order_lines_bring_orders_and_best_customers_and_erasure_removes_them() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let cards = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let (_, manager) = app.signed_in(Role::Manager, AccountStatus::Approved).await;
    let (ani, ani_token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    app.completed_order(&admin, &ani_token, &cards).await;
    let (m1, m2) = (months_ago(&app, 3), months_ago(&app, 2));
    let csv = format!(
        "Date,Invoice,Customer E-mail,Product or category,Quantity,Unit price\n\
         {m1}-05,A-1,{ani},Kartu nama,2,50000\n\
         {m1}-05,A-1,{ani},printing,1,10000\n\
         {m2}-10,A-2,{ani},printing,1,1000000\n\
         {m2}-11,B-1,lama@example.com,Kartu nama,3,700000\n",
        ani = ani.email.as_str().to_uppercase()
    );
    let r = app.post_sales(&manager, csv, "").await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(
        (r.body["form"].as_str(), r.body["customers"].as_i64()),
        (Some("lines"), Some(2))
    );
    let dash = app.dashboard(&manager, &m1, &months_ago(&app, 0)).await;
    let first = month_row(&dash, &m1).expect("month 1");
    assert_eq!(
        (first["orders"].as_i64(), first["revenue"].as_i64()),
        (Some(1), Some(110_000))
    );
    let second = month_row(&dash, &m2).expect("month 2");
    assert_eq!(
        (second["orders"].as_i64(), second["importedOrders"].as_i64()),
        (Some(2), Some(2))
    );
    let top = dash["topCustomers"].as_array().expect("top");
    let ani_row = top
        .iter()
        .find(|c| c["email"] == ani.email.as_str())
        .expect("Ani");
    assert_eq!(
        ani_row["orders"].as_i64(),
        Some(3),
        "her live order and two imported"
    );
    assert_eq!(ani_row["importedRevenue"].as_i64(), Some(1_110_000));
    assert_eq!(
        top[0]["email"], "lama@example.com",
        "the biggest spender first"
    );
    assert_eq!(
        top.iter()
            .filter(|c| c["email"] == ani.email.as_str())
            .count(),
        1
    );

    // Ani deletes her account: her imported past goes with it.
    let r = app
        .call(
            "privacy",
            "POST",
            "/api/account/delete",
            Some(&ani_token),
            Some(serde_json::json!({ "password": "staff password 123" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let dash = app.dashboard(&manager, &m1, &months_ago(&app, 0)).await;
    let emails: Vec<&str> = dash["topCustomers"]
        .as_array()
        .expect("top")
        .iter()
        .filter_map(|c| c["email"].as_str())
        .collect();
    assert!(!emails.contains(&ani.email.as_str()), "{emails:?}");
    assert!(emails.contains(&"lama@example.com"));
}
