use super::*;

fn names(raw: &str) -> Option<Category> {
    (raw.trim().eq_ignore_ascii_case("Cetak")).then(|| Category::parse("printing").expect("slug"))
}

fn product(sku: Option<&str>, name: &str, price: Money) -> Product {
    let now = OffsetDateTime::now_utc();
    Product {
        id: ProductId::generate(),
        sku: sku.map(|s| Sku::parse(s).expect("sku")),
        name: ProductName::parse(name).expect("name"),
        category: Category::parse("printing").expect("category"),
        price,
        description: Description::parse("Art carton 260 gsm").expect("description"),
        image_url: Some("/media/x.png".into()),
        rating_sum: 9,
        rating_count: 2,
        created_at: now,
        updated_at: now,
        pricing: crate::domain::MadeToOrder::default(),
        gallery: Vec::new(),
    }
}

#[test]
fn the_export_reads_back_unchanged() {
    let catalogue = vec![
        product(Some("KN-01"), "Kartu nama, \"premium\"", 85_000),
        product(None, "=Stiker", 1_000),
    ];
    let text = products_csv(&catalogue);
    assert!(text.starts_with("sku,id,name,category,price,description\n"));
    let rows = parse_products(&text, &names, Locale::En).expect("rows");
    assert_eq!(rows[0].name.as_str(), "Kartu nama, \"premium\"");
    // A name a spreadsheet would run as a formula is defused in the file, and reads back
    // as it was.
    assert!(text.contains("\"'=Stiker\""));
    assert_eq!(rows[1].name.as_str(), "=Stiker");
    let steps = plan(rows, &catalogue, OffsetDateTime::now_utc(), Locale::En).expect("plan");
    assert_eq!(steps[0].1.action(), "unchanged");
    assert_eq!(steps[1].1.action(), "unchanged");
}

#[test]
fn lines_create_update_or_stay_by_sku_or_id() {
    let old = product(Some("KN-01"), "Kartu nama", 85_000);
    let no_sku = product(None, "Brosur", 2_000);
    let text = format!(
        "SKU,Name,Category,Price,Id\nkn-01,Kartu nama,printing,90.000,\nBR-1,Brosur,Cetak,2000,{}\nST-9,Stiker,printing,500,\n",
        no_sku.id
    );
    let rows = parse_products(&text, &names, Locale::En).expect("rows");
    let steps = plan(
        rows,
        &[old.clone(), no_sku.clone()],
        OffsetDateTime::now_utc(),
        Locale::En,
    )
    .expect("plan");
    match &steps[0].1 {
        Step::Update { after, changed } => {
            assert_eq!(
                (after.id.clone(), after.price, changed.clone()),
                (old.id.clone(), 90_000, vec!["price"])
            );
            assert_eq!(
                (after.rating_count, after.image_url.clone()),
                (2, old.image_url.clone()),
                "what the file has not is kept"
            );
            assert_eq!(
                after.description, old.description,
                "no description column: kept"
            );
        }
        other => panic!("{other:?}"),
    }
    match &steps[1].1 {
        Step::Update { after, changed } => assert_eq!(
            (after.sku.as_ref().map(Sku::as_str), changed.clone()),
            (Some("BR-1"), vec!["sku"])
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(steps[2].1.action(), "create");
}

#[test]
fn bad_lines_are_each_reported() {
    let text = "sku,name,category,price\nA-1,Kartu,printing,-1\n,Tanpa SKU,printing,5\nA-1,Lagi,printing,5\nB 2,,Kertas Mahal!,x\nC-3,Ok\n";
    let errors = parse_products(text, &names, Locale::En).expect_err("bad");
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6]);
    assert!(errors[2].message.contains("line 2"), "{errors:?}");
    for part in ["SKU", "name", "category", "price"] {
        assert!(errors[3].message.contains(part), "{part}: {errors:?}");
    }
    let header =
        parse_products("sku,name,colour\nA,B,C\n", &names, Locale::Id).expect_err("header");
    assert!(
        header[0].message.contains("tidak dikenal") && header[0].message.contains("category"),
        "{header:?}"
    );
}

#[test]
fn a_sku_of_one_product_and_an_id_of_another_is_refused() {
    let a = product(Some("A-1"), "A", 1);
    let b = product(Some("B-1"), "B", 1);
    let text = format!("sku,id,name,category,price\nA-1,{},A,printing,1\nZ-9,01J00000000000000000000000,Z,printing,1\n", b.id);
    let rows = parse_products(&text, &names, Locale::En).expect("rows");
    let errors = plan(
        rows,
        &[a.clone(), b.clone()],
        OffsetDateTime::now_utc(),
        Locale::En,
    )
    .expect_err("refused");
    assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 3]);
    // One product on two lines (by its id, then by its SKU): the second is refused.
    let text = format!(
        "sku,id,name,category,price\nNEW-1,{},A,printing,1\nA-1,,A again,printing,2\n",
        a.id
    );
    let rows = parse_products(&text, &names, Locale::En).expect("rows");
    let errors = plan(rows, &[a, b], OffsetDateTime::now_utc(), Locale::En).expect_err("refused");
    assert_eq!(
        (errors[0].line, errors[0].message.contains("line 2")),
        (3, true)
    );
}
