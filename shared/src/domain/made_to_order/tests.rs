use super::*;
use serde_json::json;

fn banner() -> MadeToOrder {
    MadeToOrder::parse(&json!({
        "options": [
            { "code": "material", "name": { "en": "Material", "id": "Bahan" }, "choices": [
                { "code": "flexi", "name": "Flexi 280g", "add": 0, "perM2": true },
                { "code": "albatros", "name": "Albatros", "add": 10_000, "perM2": true },
            ]},
            { "code": "finishing", "name": { "en": "Finishing", "id": "Finishing" }, "choices": [
                { "code": "none", "name": "Cut only", "add": 0 },
                { "code": "eyelets", "name": "Eyelets", "add": 5_000 },
            ]},
        ],
        "size": { "minWidthCm": 50, "minHeightCm": 50, "maxWidthCm": 500, "maxHeightCm": 300 },
    }))
    .expect("valid")
}

fn chose(material: &str, finishing: &str, w: u32, h: u32) -> Configuration {
    Configuration {
        options: [("material", material), ("finishing", finishing)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        size: Some(Size {
            width_cm: w,
            height_cm: h,
        }),
    }
}

#[test]
fn a_banner_is_priced_by_its_area_material_and_finishing() {
    // Rp 25.000 per m²; 300 × 100 cm is 3 m²; Albatros adds Rp 10.000 per m²; eyelets
    // Rp 5.000 a piece: (35.000 × 3) + 5.000 = 110.000 a piece, 330.000 for 3.
    let (unit, chosen) = banner()
        .price(
            25_000,
            3,
            &chose("albatros", "eyelets", 300, 100),
            "items[0]",
        )
        .expect("priced");
    assert_eq!(unit, 110_000);
    assert_eq!(unit * 3, 330_000);
    assert_eq!(
        describe(
            Some(Size {
                width_cm: 300,
                height_cm: 100
            }),
            &chosen,
            false
        ),
        "300 × 100 cm · Material: Albatros · Finishing: Eyelets"
    );
    assert_eq!(
        describe(None, &chosen, true),
        "Bahan: Albatros · Finishing: Eyelets"
    );
}

#[test]
fn small_sizes_are_charged_at_the_minimum_and_rounding_is_half_up_once() {
    let b = banner();
    let (small, _) = b
        .price(25_000, 1, &chose("flexi", "none", 20, 20), "i")
        .expect("priced");
    assert_eq!(small, 6_250, "charged as 50 × 50 cm");
    // 101 × 51 cm = 5 151 cm² at Rp 25.000/m²: Rp 12.877,5 rounds up to 12.878.
    let (half, _) = b
        .price(25_000, 1, &chose("flexi", "none", 101, 51), "i")
        .expect("priced");
    assert_eq!(half, 12_878);
}

#[test]
fn quantity_tiers_set_the_unit_price_by_band() {
    let cards = MadeToOrder::parse(&json!({ "tiers": [
        { "from": 1, "unitPrice": 1_500 }, { "from": 100, "unitPrice": 1_000 }, { "from": 500, "unitPrice": 700 },
    ]}))
    .expect("valid");
    let unit = |q| {
        cards
            .price(9_999, q, &Configuration::default(), "i")
            .expect("priced")
            .0
    };
    assert_eq!(
        [
            unit(1),
            unit(99),
            unit(100),
            unit(499),
            unit(500),
            unit(999)
        ],
        [1_500, 1_500, 1_000, 1_000, 700, 700]
    );
}

#[test]
fn what_the_product_does_not_offer_is_refused_by_path() {
    let b = banner();
    let mut c = chose("gold", "eyelets", 600, 100);
    c.options.insert("colour".into(), "red".into());
    let problems = b.price(25_000, 1, &c, "items[2]").expect_err("refused");
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "items[2].options.colour",
            "items[2].options.material",
            "items[2].size.widthCm"
        ]
    );
    let mut no_size = chose("flexi", "none", 1, 1);
    no_size.size = None;
    no_size.options.remove("finishing");
    let paths: Vec<String> = b
        .price(1, 1, &no_size, "i")
        .expect_err("refused")
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(paths, ["i.options.finishing", "i.size"]);
    let plain = MadeToOrder::default();
    assert_eq!(
        plain.price(10_000, 2, &Configuration::default(), "i"),
        Ok((10_000, vec![]))
    );
    assert!(plain.price(10_000, 2, &chose("a", "b", 1, 1), "i").is_err());
}

#[test]
fn bad_pricing_is_refused_whole_with_every_problem() {
    let problems = MadeToOrder::parse(&json!({
        "options": [
            { "code": "Material!", "name": { "en": "", "id": "Bahan" }, "choices": [
                { "code": "a", "name": "A", "add": -1 }, { "code": "a", "name": "B", "add": 0, "perM2": true },
            ]},
        ],
        "tiers": [{ "from": 2, "unitPrice": 100 }, { "from": 2, "unitPrice": 90 }],
    }))
    .expect_err("invalid");
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "pricing.options[0].code",
            "pricing.options[0].name.en",
            "pricing.options[0].choices[0].add",
            "pricing.options[0].choices[1].code",
            "pricing.options[0].choices[1].perM2",
            "pricing.tiers[0].from",
            "pricing.tiers[1].from",
        ]
    );
    assert_eq!(code_of(" Albatros 440g! "), "albatros-440g");
}
