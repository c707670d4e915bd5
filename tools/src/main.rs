//! `toko`: operator commands.
//!
//! ```text
//! toko provision [--prefix toko-dev-] [--template infra/template.yaml] [--env-out FILE] [--param NAME=VALUE]... [--set KEY=VALUE]...
//! toko create-staff --email E --name N --role admin|operator|marketing|manager [--table T] --password-stdin
//! toko staff-access --email E [--role R] [--disable|--enable] [--table T]
//! toko seed [--table T] [--i-know-these-passwords-are-public]
//! toko search-index [--table T]
//! toko keys new --secret-id NAME [--keep KID:KEY] [--derive-from SECRET (emulator only)]
//! toko iam-report [--calls target/tmp/iam-calls.jsonl] [--template infra/template.yaml]
//! ```
//! AWS access (credentials, region, `AWS_ENDPOINT_URL`) comes from the usual AWS settings.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use toko::adapters::dynamo::DynamoStore;
use toko::auth::hash_password;
use toko::domain::{AccountStatus, Email, Password, PersonName, Phone, Role, User};
use toko::ports::Users;
use toko_tools::{provision, BoxError, Template};

const USAGE: &str = "usage:
  toko provision [--prefix P] [--template FILE] [--env-out FILE] [--param NAME=VALUE]... [--set KEY=VALUE]...
  toko create-staff --email E --name N --role admin|operator|marketing|manager [--table T] --password-stdin
  toko staff-access --email E [--role R] [--disable|--enable] [--table T]
  toko seed [--table T] [--i-know-these-passwords-are-public]
  toko search-index [--table T]
  toko keys new --secret-id NAME [--keep KID:KEY] [--derive-from SECRET (emulator only)]
  toko iam-report [--calls FILE] [--template FILE]";

struct Args(Vec<String>);

impl Args {
    fn value(&mut self, flag: &str) -> Option<String> {
        let i = self.0.iter().position(|a| a == flag)?;
        if i + 1 >= self.0.len() {
            return None;
        }
        let v = self.0.remove(i + 1);
        self.0.remove(i);
        Some(v)
    }

    fn values(&mut self, flag: &str) -> Vec<String> {
        std::iter::from_fn(|| self.value(flag)).collect()
    }

    fn flag(&mut self, flag: &str) -> bool {
        match self.0.iter().position(|a| a == flag) {
            Some(i) => {
                self.0.remove(i);
                true
            }
            None => false,
        }
    }
}

/// The SDK configuration of the command line: aws-config's chain (environment, shared
/// profiles, `AWS_ENDPOINT_URL`), over the functions' HTTP client. The functions
/// themselves read only the environment Lambda gives them (`toko::aws::from_env`).
async fn sdk_config() -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(toko::aws::https_client())
        .load()
        .await
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let mut args = Args(std::env::args().skip(1).collect());
    if args.0.is_empty() {
        return Err(USAGE.into());
    }
    let command = args.0.remove(0);
    if command == "iam-report" {
        return cmd_iam_report(args);
    }
    let sdk = sdk_config().await;
    match command.as_str() {
        "provision" => cmd_provision(&sdk, args).await,
        "create-staff" => cmd_create_staff(&sdk, args).await,
        "staff-access" => cmd_staff_access(&sdk, args).await,
        "seed" => cmd_seed(&sdk, args).await,
        "search-index" => cmd_search_index(&sdk, args).await,
        "keys" if args.0.first().map(String::as_str) == Some("new") => {
            args.0.remove(0);
            cmd_keys_new(&sdk, args).await
        }
        _ => Err(USAGE.into()),
    }
}

async fn cmd_provision(sdk: &toko::aws::SdkConfig, mut args: Args) -> Result<(), BoxError> {
    let prefix = args.value("--prefix").unwrap_or_else(|| "toko-dev-".into());
    let template = args
        .value("--template")
        .map(PathBuf::from)
        .unwrap_or_else(toko_tools::default_template_path);
    let env_out = args.value("--env-out");
    let overrides: BTreeMap<String, String> = args
        .values("--set")
        .into_iter()
        .filter_map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
        })
        .collect();
    let mut template = Template::load(&template)?;
    for kv in args.values("--param") {
        let (k, v) = kv.split_once('=').ok_or("--param takes NAME=VALUE")?;
        template = template.with_parameter(k, v);
    }
    let done = provision(sdk, &template, &prefix).await?;
    let mut names: Vec<_> = done.names.iter().collect();
    names.sort();
    for (logical, physical) in names {
        eprintln!("  {logical:<16} {physical}");
    }
    let mut env = done.env;
    env.extend(overrides);
    if let Some(path) = env_out {
        let text: String = env.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
        std::fs::write(&path, text)?;
        eprintln!("  environment written to {path}");
    }
    Ok(())
}

/// A new token-signing key: the private key goes into Secrets Manager (a new secret, or
/// a new version of it: a rotation), and the values for the stack's parameters are
/// printed. During a rotation `--keep` lists the old public key after the new one.
async fn cmd_keys_new(sdk: &toko::aws::SdkConfig, mut args: Args) -> Result<(), BoxError> {
    let name = args
        .value("--secret-id")
        .ok_or("--secret-id NAME is required")?;
    let keep = args.value("--keep");
    let (secret, public) = match args.value("--derive-from") {
        // A key derived from a known secret: for the emulator only (benchmarks sign their
        // own tokens with it).
        Some(from) => {
            let endpoint = std::env::var("AWS_ENDPOINT_URL").ok();
            toko_tools::seed_allowed(endpoint.as_deref(), false)?;
            let keys = toko::auth::TokenKeys::new(from.as_bytes(), time::Duration::hours(1))?;
            (
                toko::tokens::derived_signing_secret(from.as_bytes()),
                keys.public_spec(),
            )
        }
        None => toko::tokens::new_signing_secret()?,
    };
    let arn = toko_tools::keys::store_signing_secret(sdk, &name, &secret).await?;
    let public = match keep {
        Some(old) => format!("{public},{old}"),
        None => public,
    };
    println!("TokenSigningSecretArn={arn}");
    println!("TokenPublicKeys={public}");
    Ok(())
}

/// Fails when a recorded call was denied; lists grants no call used.
fn cmd_iam_report(mut args: Args) -> Result<(), BoxError> {
    let calls = args
        .value("--calls")
        .unwrap_or_else(|| "target/tmp/iam-calls.jsonl".into());
    let template = args
        .value("--template")
        .map(PathBuf::from)
        .unwrap_or_else(toko_tools::default_template_path);
    let log = std::fs::read_to_string(&calls).map_err(|e| format!("{calls}: {e}"))?;
    let r = toko_tools::iam_report::report(&Template::load(&template)?, &log)?;
    println!(
        "IAM: {} AWS calls checked against the template's policies",
        r.calls
    );
    if !r.unused.is_empty() {
        println!("grants no call used ({}):", r.unused.len());
        for g in &r.unused {
            println!("  {g}");
        }
    }
    if !r.denied.is_empty() {
        for d in &r.denied {
            println!("DENIED {d}");
        }
        return Err(format!("{} kinds of call the policies would deny", r.denied.len()).into());
    }
    Ok(())
}

/// Indexes every product for search (products saved before the index existed, or after
/// an index write that failed): each is saved again as it is, which writes only the
/// terms its index lacks. Reads the catalogue page by page (a tool, not a request path).
async fn cmd_search_index(sdk: &toko::aws::SdkConfig, mut args: Args) -> Result<(), BoxError> {
    use toko::ports::{Catalog, PageRequest, ProductSort};
    let store = store(sdk, &mut args)?;
    let mut cursor = None;
    let mut count = 0;
    loop {
        let page = store
            .list(
                None,
                ProductSort::Newest,
                &PageRequest { cursor, limit: 100 },
            )
            .await?;
        for summary in &page.items {
            if let Some(product) = Catalog::get(&store, &summary.id).await? {
                Catalog::update(&store, &product).await?;
                count += 1;
            }
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    println!("Search index: {count} products indexed.");
    // Customers (the console's search) and orders (by invoice code), by status.
    use toko::domain::{AccountStatus, OrderStatus};
    use toko::ports::{Orders, Users};
    let mut people = 0;
    for status in [
        AccountStatus::Pending,
        AccountStatus::Approved,
        AccountStatus::Rejected,
    ] {
        let all = toko::ports::every_page(usize::MAX, |page| {
            let store = &store;
            async move { store.list_customers(status, &page).await }
        })
        .await?;
        for user in all {
            store.index_person(&user.id).await?;
            people += 1;
        }
    }
    let mut orders = 0;
    for status in OrderStatus::ALL {
        let all = toko::ports::every_page(usize::MAX, |page| {
            let store = &store;
            async move { store.list_by_status(status, &page).await }
        })
        .await?;
        for order in all {
            store.index_invoice(&order).await?;
            orders += 1;
        }
    }
    println!("Search index: {people} customers and {orders} orders indexed.");
    Ok(())
}

fn store(sdk: &toko::aws::SdkConfig, args: &mut Args) -> Result<DynamoStore, BoxError> {
    let table = match args.value("--table") {
        Some(t) => t,
        None => toko::config::Settings::from_env().table_name()?,
    };
    Ok(DynamoStore::from_sdk(sdk, table))
}

fn account(
    email: &str,
    name: &str,
    password: &str,
    role: Role,
    status: AccountStatus,
) -> Result<User, BoxError> {
    let now = time::OffsetDateTime::now_utc();
    Ok(User {
        decided_at: (status != AccountStatus::Pending).then_some(now),
        ..User::new(
            Email::parse(email).map_err(|m| format!("email {m}"))?,
            PersonName::parse(name).map_err(|m| format!("name {m}"))?,
            hash_password(&Password::parse(password).map_err(|m| format!("password {m}"))?)?,
            role,
            status,
            now,
        )
    })
}

async fn cmd_create_staff(sdk: &toko::aws::SdkConfig, mut args: Args) -> Result<(), BoxError> {
    let users = store(sdk, &mut args)?;
    let (Some(email), Some(name), Some(role)) = (
        args.value("--email"),
        args.value("--name"),
        args.value("--role"),
    ) else {
        return Err(USAGE.into());
    };
    let role = Role::parse(&role).map_err(|m| format!("role {m}"))?;
    if !role.is_staff() {
        return Err("staff roles are admin, operator, marketing and manager".into());
    }
    if !args.flag("--password-stdin") {
        return Err("give the password on standard input with --password-stdin".into());
    }
    let mut password = String::new();
    std::io::stdin().read_to_string(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']);
    let user = account(&email, &name, password, role, AccountStatus::Approved)?;
    users.create(&user).await?;
    println!("created {} {} ({})", role.as_str(), user.email, user.id);
    Ok(())
}

/// Changes a staff account's role, or deactivates (`--disable`) or reactivates
/// (`--enable`) it; its sessions end within a minute either way.
async fn cmd_staff_access(sdk: &toko::aws::SdkConfig, mut args: Args) -> Result<(), BoxError> {
    let users = store(sdk, &mut args)?;
    let email = args.value("--email").ok_or(USAGE)?;
    let email = Email::parse(&email).map_err(|m| format!("e-mail {m}"))?;
    let user = users
        .find_by_email(&email)
        .await?
        .ok_or("no such account")?;
    if !user.role.is_staff() {
        return Err("not a staff account".into());
    }
    let role = match args.value("--role") {
        Some(r) => Role::parse(&r).map_err(|m| format!("role {m}"))?,
        None => user.role,
    };
    if !role.is_staff() {
        return Err("staff roles are admin, operator, marketing and manager".into());
    }
    let status = match (args.flag("--disable"), args.flag("--enable")) {
        (true, false) => AccountStatus::Rejected,
        (false, true) => AccountStatus::Approved,
        (false, false) => user.status,
        (true, true) => return Err("--disable or --enable, not both".into()),
    };
    let changed = users.set_access(&user.id, role, status).await?;
    println!(
        "{} is {} and {}; sessions from before end within a minute",
        changed.email,
        changed.role.as_str(),
        if changed.status == AccountStatus::Approved {
            "active"
        } else {
            "disabled"
        }
    );
    Ok(())
}

/// Demo accounts for the local shop; running it again changes nothing.
async fn cmd_seed(sdk: &toko::aws::SdkConfig, mut args: Args) -> Result<(), BoxError> {
    let forced = args.flag("--i-know-these-passwords-are-public");
    let endpoint = std::env::var("AWS_ENDPOINT_URL_DYNAMODB")
        .or_else(|_| std::env::var("AWS_ENDPOINT_URL"))
        .ok();
    toko_tools::seed_allowed(endpoint.as_deref(), forced)?;
    let users = store(sdk, &mut args)?;
    let demo = [
        (
            "admin@toko.example",
            "Ayu Admin",
            "admin-demo-123",
            Role::Admin,
            AccountStatus::Approved,
        ),
        (
            "operator@toko.example",
            "Oki Operator",
            "operator-demo-123",
            Role::Operator,
            AccountStatus::Approved,
        ),
        (
            "manager@toko.example",
            "Maya Manager",
            "manager-demo-123",
            Role::Manager,
            AccountStatus::Approved,
        ),
        (
            "marketing@toko.example",
            "Mira Marketing",
            "marketing-demo-123",
            Role::Marketing,
            AccountStatus::Approved,
        ),
        (
            "budi@example.com",
            "Budi Santoso",
            "customer-demo-123",
            Role::Customer,
            AccountStatus::Approved,
        ),
        (
            "sari@example.com",
            "Sari Wijaya",
            "pending-demo-123",
            Role::Customer,
            AccountStatus::Pending,
        ),
    ];
    println!("Demo accounts:");
    for (email, name, password, role, status) in demo {
        let mut user = account(email, name, password, role, status)?;
        if role == Role::Customer {
            user.phone = Phone::parse("+62 812 5550 0101").ok();
        }
        match users.create(&user).await {
            Ok(()) => {}
            Err(e) if e.refusal() == Some(&toko::domain::Refusal::EmailTaken) => {}
            Err(e) => return Err(Box::new(e)),
        }
        println!(
            "  {:<9} {:<9} {email:<24} {password}",
            role.as_str(),
            status.as_str()
        );
    }
    seed_catalogue(&users).await?;
    toko_tools::seed_storefront(&users).await
}

/// A computer store that also prints, designs and installs (prices in IDR).
const DEMO_PRODUCTS: &[(&str, &str, i64, &str)] = &[
    (
        "Laptop ThinkBook 14 (i5, 16 GB, 512 GB SSD)",
        "computers",
        10_499_000,
        "14-inch business laptop with a full-HD screen, backlit keyboard and Windows 11 Pro.",
    ),
    (
        "Desktop PC Office Pro (Ryzen 5, 16 GB)",
        "computers",
        7_850_000,
        "Quiet small-form desktop for offices and schools, assembled and tested in our workshop.",
    ),
    (
        "Monitor 24-inch IPS Full HD",
        "computers",
        1_650_000,
        "Slim 24-inch IPS monitor with HDMI and DisplayPort.",
    ),
    (
        "Wireless keyboard and mouse set",
        "accessories",
        275_000,
        "Quiet keys, 2.4 GHz receiver, batteries included.",
    ),
    (
        "USB-C hub 7-in-1",
        "accessories",
        325_000,
        "HDMI 4K, 3 USB-A ports, SD and microSD, 100 W pass-through charging.",
    ),
    (
        "External SSD 1 TB",
        "accessories",
        1_299_000,
        "Pocket-size USB 3.2 drive, up to 1,000 MB/s.",
    ),
    (
        "Ink tank printer L3250 (Wi-Fi)",
        "printers",
        2_650_000,
        "Print, scan and copy; very low cost per page with refillable ink tanks.",
    ),
    (
        "Laser printer mono M211dw",
        "printers",
        2_199_000,
        "Fast duplex black-and-white printing for busy offices.",
    ),
    (
        "Business cards (box of 100)",
        "printing",
        85_000,
        "Full colour on 310 gsm art carton, matte or glossy laminate.",
    ),
    (
        "Flyers A5 (500 pcs)",
        "printing",
        450_000,
        "Full colour on 150 gsm art paper, double sided.",
    ),
    (
        "Banner 1 x 3 m",
        "printing",
        165_000,
        "Outdoor flexi banner with eyelets, ready to hang.",
    ),
    (
        "Logo design",
        "design",
        1_500_000,
        "Three concepts, two rounds of revisions, files for print and web.",
    ),
    (
        "Packaging design",
        "design",
        2_750_000,
        "Box or label design ready for print, with a mock-up.",
    ),
    (
        "Computer installation at your office",
        "installation",
        350_000,
        "Setup, Windows updates, office software and network, per computer.",
    ),
    (
        "Network setup (up to 10 devices)",
        "installation",
        1_200_000,
        "Router, Wi-Fi access points and cabling for a small office.",
    ),
];

/// The print shop's made-to-order demo products: name, base price, description, pricing.
fn made_to_order_demo() -> Vec<(&'static str, i64, &'static str, serde_json::Value)> {
    use serde_json::json;
    vec![
        (
            "Custom banner (your size)",
            25_000,
            "Outdoor banner printed to your size: Rp 25.000 per m² on Flexi 280g, at least 50 × 50 cm.",
            json!({
                "options": [
                    { "code": "material", "name": { "en": "Material", "id": "Bahan" }, "choices": [
                        { "code": "flexi-280g", "name": "Flexi 280g", "add": 0, "perM2": true },
                        { "code": "albatros", "name": "Albatros", "add": 10_000, "perM2": true },
                    ]},
                    { "code": "finishing", "name": { "en": "Finishing", "id": "Finishing" }, "choices": [
                        { "code": "cut", "name": "Cut only", "add": 0 },
                        { "code": "eyelets", "name": "Eyelets (mata ayam)", "add": 5_000 },
                    ]},
                ],
                "size": { "minWidthCm": 50, "minHeightCm": 50, "maxWidthCm": 500, "maxHeightCm": 300 },
            }),
        ),
        (
            "Business cards (per card)",
            1_500,
            "Full-colour business cards on 260g art carton; the more you order, the less each costs.",
            json!({
                "options": [
                    { "code": "finish", "name": { "en": "Finish", "id": "Laminasi" }, "choices": [
                        { "code": "none", "name": "None", "add": 0 },
                        { "code": "matte", "name": "Matte (doff)", "add": 200 },
                    ]},
                ],
                "tiers": [
                    { "from": 1, "unitPrice": 1_500 },
                    { "from": 100, "unitPrice": 1_000 },
                    { "from": 500, "unitPrice": 700 },
                ],
            }),
        ),
    ]
}

async fn seed_catalogue(store: &DynamoStore) -> Result<(), BoxError> {
    use toko::domain::{Category, Description, Product, ProductId, ProductName};
    use toko::ports::{Catalog, PageRequest, ProductSort};
    let existing = store
        .list(
            None,
            ProductSort::Newest,
            &PageRequest {
                cursor: None,
                limit: 1,
            },
        )
        .await?;
    if !existing.items.is_empty() {
        println!("Catalogue: already has products, left as it is.");
        return Ok(());
    }
    let start = time::OffsetDateTime::now_utc();
    for (i, (name, category, price, description)) in DEMO_PRODUCTS.iter().enumerate() {
        // Spread creation times so that "newest first" lists them in this order.
        let at = start - time::Duration::seconds(i as i64);
        let product = Product {
            id: ProductId::generate(),
            sku: toko::domain::Sku::parse(&format!("TK-{:03}", i + 1)).ok(),
            name: ProductName::parse(name).map_err(|m| format!("{name}: {m}"))?,
            category: Category::parse(category).map_err(|m| format!("{name}: {m}"))?,
            price: *price,
            description: Description::parse(description).map_err(|m| format!("{name}: {m}"))?,
            image_url: Some(format!("/assets/products/{category}.svg")),
            rating_sum: 0,
            rating_count: 0,
            created_at: at,
            updated_at: at,
            pricing: toko::domain::MadeToOrder::default(),
            gallery: Vec::new(),
        };
        Catalog::create(store, &product).await?;
    }
    // Two made-to-order products of a print shop: a banner by size, cards by quantity.
    for (i, (name, price, description, pricing)) in made_to_order_demo().into_iter().enumerate() {
        let at = start - time::Duration::seconds((DEMO_PRODUCTS.len() + i) as i64);
        let pricing =
            toko::domain::MadeToOrder::parse(&pricing).map_err(|p| format!("{name}: {p:?}"))?;
        let product = Product {
            id: ProductId::generate(),
            sku: toko::domain::Sku::parse(&format!("TK-P{:02}", i + 1)).ok(),
            name: ProductName::parse(name).map_err(|m| format!("{name}: {m}"))?,
            category: Category::parse("printing").map_err(|m| format!("{name}: {m}"))?,
            price,
            description: Description::parse(description).map_err(|m| format!("{name}: {m}"))?,
            image_url: Some("/assets/products/printing.svg".to_owned()),
            rating_sum: 0,
            rating_count: 0,
            created_at: at,
            updated_at: at,
            pricing,
            gallery: Vec::new(),
        };
        Catalog::create(store, &product).await?;
    }
    println!("Catalogue: {} demo products.", DEMO_PRODUCTS.len() + 2);
    Ok(())
}
