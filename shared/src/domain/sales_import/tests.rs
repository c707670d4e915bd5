use super::*;
use time::macros::date;

fn resolve(raw: &str) -> Option<Category> {
    match raw.trim().to_lowercase().as_str() {
        "printing" | "cetak" => Category::parse("printing").ok(),
        "laptops" => Category::parse("laptops").ok(),
        "kartu nama" => Category::parse("printing").ok(),
        _ => None,
    }
}

const TODAY: Date = date!(2026 - 12 - 01);

#[test]
fn a_monthly_file_sums_by_month_and_category() {
    let text = "Month,Category,Units,Revenue\r\n2026-01,printing,10,1.500.000\n2026-01,Cetak,5,500000\n2026-02,laptops,1,9000000\n";
    let f = parse_sales(text, &resolve, TODAY, Locale::En).expect("parsed");
    assert_eq!(f.form, SalesForm::Monthly);
    assert_eq!(f.rows, 3);
    assert_eq!(f.months.len(), 2);
    assert_eq!(f.months[0].categories["printing"], (15, 2_000_000));
    assert_eq!((f.months[0].orders, f.months[1].revenue), (0, 9_000_000));
    assert_eq!((f.units(), f.revenue()), (16, 11_000_000));
    // The same file with other line ends is the same import.
    let again =
        parse_sales(&text.replace("\r\n", "\n"), &resolve, TODAY, Locale::En).expect("parsed");
    assert_eq!(again.id(), f.id());
}

#[test]
fn order_lines_count_invoices_and_customers() {
    let text = "date,invoice,customer e-mail,product or category,quantity,unit price\n\
        2026-03-02,INV-1,Ani@Example.com,Kartu nama,2,50000\n\
        2026-03-02,INV-1,ani@example.com,laptops,1,9000000\n\
        2026-04-10,INV-2,budi@example.com,printing,3,1000\n\
        2026-04-11,INV-3,ani@example.com,printing,1,1000\n";
    let f = parse_sales(text, &resolve, TODAY, Locale::En).expect("parsed");
    assert_eq!(f.form, SalesForm::Lines);
    assert_eq!((f.months[0].orders, f.months[0].revenue), (1, 9_100_000));
    assert_eq!((f.months[1].orders, f.months[1].units), (2, 4));
    let ani = &f.customers[0];
    assert_eq!(
        (ani.email.as_str(), ani.orders, ani.revenue),
        ("ani@example.com", 2, 9_101_000)
    );
    assert_eq!(ani.last_day, date!(2026 - 04 - 11));
}

#[test]
fn every_bad_line_is_reported_with_its_number() {
    let text = "month,category,units,revenue\n2026-01,printing,-5,100\n2026/02,printing,1,100\n2026-03,unknown,1,100\n2026-04,printing,1\n2027-01,printing,1,1\n2026-05,printing,1,12.5\n";
    let errors = parse_sales(text, &resolve, TODAY, Locale::En).expect_err("refused");
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7]);
    assert!(errors[0].message.contains("units"), "{errors:?}");
    assert!(errors[1].message.contains("2025-01"), "{errors:?}");
    assert!(errors[2].message.contains("unknown"), "{errors:?}");
    assert!(errors[3].message.contains("4 columns"), "{errors:?}");
    assert!(errors[4].message.contains("after this month"), "{errors:?}");
    let header =
        parse_sales("when,what\n2026-01,1\n", &resolve, TODAY, Locale::En).expect_err("refused");
    assert_eq!(header[0].line, 1);
    assert_eq!(
        parse_sales(
            "month,category,units,revenue\n",
            &resolve,
            TODAY,
            Locale::En
        )
        .expect_err("refused")[0]
            .line,
        1
    );
}

#[test]
fn imports_are_added_to_the_dashboard_marked() {
    let live = (
        vec![CategoryMonth {
            month: "2026-02".into(),
            category: "printing".into(),
            units: 1,
            revenue: 100,
            imported_units: 0,
            imported_revenue: 0,
        }],
        vec![MonthTotal {
            orders: 1,
            units: 1,
            revenue: 100,
            ..MonthTotal::empty("2026-02")
        }],
    );
    let f = parse_sales(
        "month,category,units,revenue\n2026-01,printing,2,200\n2026-02,printing,3,300\n",
        &resolve,
        TODAY,
        Locale::En,
    )
    .expect("parsed");
    let (cats, totals) = with_imported(live, &f.months);
    assert_eq!(
        cats.iter()
            .map(|c| (c.month.as_str(), c.revenue, c.imported_revenue))
            .collect::<Vec<_>>(),
        [("2026-01", 200, 200), ("2026-02", 400, 300)]
    );
    assert_eq!(
        totals
            .iter()
            .map(|t| (t.month.as_str(), t.orders, t.revenue, t.imported_revenue))
            .collect::<Vec<_>>(),
        [("2026-01", 0, 200, 200), ("2026-02", 1, 400, 300)]
    );
}

#[test]
fn customers_are_merged_by_email() {
    let live = CustomerStats {
        orders: 1,
        revenue: 500,
        email: "ani@example.com".into(),
        name: "Ani".into(),
        customer_id: "u1".into(),
        exists: true,
        ..Default::default()
    };
    let imported = CustomerStats {
        orders: 3,
        revenue: 900,
        imported_revenue: 900,
        email: "ani@example.com".into(),
        import_id: Some("x".into()),
        ..Default::default()
    };
    let other = CustomerStats {
        orders: 1,
        revenue: 1000,
        email: "budi@example.com".into(),
        ..Default::default()
    };
    let top = merge_customers(vec![other, live, imported], 10);
    assert_eq!(
        (
            top[0].name.as_str(),
            top[0].orders,
            top[0].revenue,
            top[0].imported_revenue
        ),
        ("Ani", 4, 1400, 900)
    );
    assert_eq!(top[1].email, "budi@example.com");
    assert_eq!(merge_customers(top, 1).len(), 1);
}

#[test]
fn problems_are_phrased_in_the_reader_s_language() {
    let text = "month,category,units,revenue\n2026-01,printing,-5,100\n";
    let id = parse_sales(text, &resolve, TODAY, Locale::Id).expect_err("refused");
    assert!(
        id[0].message.contains("jumlah unit harus bilangan bulat"),
        "{id:?}"
    );
}
