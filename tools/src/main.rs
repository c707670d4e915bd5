//! `toko`: operator commands.
//!
//! ```text
//! toko provision [--prefix toko-dev-] [--template infra/template.yaml] [--env-out FILE] [--set KEY=VALUE]...
//! toko create-staff --email E --name N --role admin|operator|marketing|manager [--table T] --password-stdin
//! toko seed [--table T]
//! ```
//! AWS access (credentials, region, `AWS_ENDPOINT_URL`) comes from the usual AWS settings.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use toko::adapters::dynamo::DynamoStore;
use toko::auth::hash_password;
use toko::domain::{AccountStatus, Email, Locale, Password, PersonName, Phone, Role, User, UserId};
use toko::ports::Users;
use toko_tools::{provision, BoxError, Template};

const USAGE: &str = "usage:
  toko provision [--prefix P] [--template FILE] [--env-out FILE] [--set KEY=VALUE]...
  toko create-staff --email E --name N --role admin|operator|marketing|manager [--table T] --password-stdin
  toko seed [--table T]";

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

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let mut args = Args(std::env::args().skip(1).collect());
    if args.0.is_empty() {
        return Err(USAGE.into());
    }
    let command = args.0.remove(0);
    let sdk = toko::aws::load().await;
    match command.as_str() {
        "provision" => cmd_provision(&sdk, args).await,
        "create-staff" => cmd_create_staff(&sdk, args).await,
        "seed" => cmd_seed(&sdk, args).await,
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
    let template = Template::load(&template)?;
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

fn store(sdk: &toko::aws::SdkConfig, args: &mut Args) -> Result<DynamoStore, BoxError> {
    let table = match args.value("--table") {
        Some(t) => t,
        None => toko::config::table_name()?,
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
        id: UserId::generate(),
        email: Email::parse(email).map_err(|m| format!("email {m}"))?,
        name: PersonName::parse(name).map_err(|m| format!("name {m}"))?,
        phone: None,
        role,
        status,
        locale: Locale::En,
        marketing_opt_in: false,
        password_hash: hash_password(
            &Password::parse(password).map_err(|m| format!("password {m}"))?,
        )?,
        created_at: now,
        decided_at: (status != AccountStatus::Pending).then_some(now),
        decided_by: None,
        decision_note: None,
        pending_orders: 0,
        unread_messages: 0,
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

/// Demo accounts for the local shop; running it again changes nothing.
async fn cmd_seed(sdk: &toko::aws::SdkConfig, mut args: Args) -> Result<(), BoxError> {
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
            Err(e) if e.code == "email_taken" => {}
            Err(e) => return Err(Box::new(e)),
        }
        println!(
            "  {:<9} {:<9} {email:<24} {password}",
            role.as_str(),
            status.as_str()
        );
    }
    Ok(())
}
