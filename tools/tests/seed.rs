//! `toko seed` writes demo accounts with published passwords: only to an emulator.

use std::process::Command;

fn seed(endpoint: Option<&str>, extra: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_toko"));
    cmd.arg("seed")
        .args(["--table", "toko-seed-refusal-test"])
        .args(extra)
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_DYNAMODB")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "ap-southeast-3");
    if let Some(e) = endpoint {
        cmd.env("AWS_ENDPOINT_URL", e);
    }
    cmd.output().expect("run toko")
}

#[test]
fn seed_refuses_anything_but_an_emulator_before_any_call() {
    for endpoint in [None, Some("https://dynamodb.ap-southeast-3.amazonaws.com")] {
        let out = seed(endpoint, &[]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{endpoint:?}");
        assert!(err.contains("refusing to write demo accounts"), "{err}");
        assert!(
            out.stdout.is_empty(),
            "nothing written: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn the_rule_is_an_endpoint_on_this_machine_or_an_explicit_flag() {
    use toko_tools::seed_allowed;
    assert!(seed_allowed(Some("http://127.0.0.1:5061"), false).is_ok());
    assert!(seed_allowed(Some("http://localhost:4566/"), false).is_ok());
    assert!(seed_allowed(Some("http://127.0.0.1.evil.example:80"), false).is_err());
    assert!(seed_allowed(Some("https://dynamodb.ap-southeast-3.amazonaws.com"), false).is_err());
    assert!(seed_allowed(None, false).is_err());
    assert!(seed_allowed(None, true).is_ok());
}
