//! The mails about getting into an account, in the person's language: a link to set a
//! new password, the answer to a reset request for an address without an account (so
//! both requests look alike from outside), and the notice that a password changed.

use crate::domain::{Email, Locale, User};
use crate::mail::{mail, Mail};

fn site(site_url: &str, path: &str) -> String {
    format!("{}/#/{path}", site_url.trim_end_matches('/'))
}

/// The one-time link to set a new password (valid 30 minutes).
pub fn password_reset(user: &User, token: &str, site_url: &str) -> Mail {
    let link = site(site_url, &format!("reset?token={token}"));
    let name = user.name.as_str();
    let (subject, lines, button) = match user.locale {
        Locale::En => (
            "Set a new password",
            vec![
                format!("Hello {name},"),
                "Someone (we hope you) asked to set a new password for your Toko account. The link below works once, for 30 minutes.".to_owned(),
                "If it was not you, ignore this mail: your password stays as it is.".to_owned(),
            ],
            "Set a new password",
        ),
        Locale::Id => (
            "Buat kata sandi baru",
            vec![
                format!("Halo {name},"),
                "Seseorang (semoga Anda) meminta untuk membuat kata sandi baru akun Toko Anda. Tautan di bawah hanya berlaku sekali, selama 30 menit.".to_owned(),
                "Jika bukan Anda, abaikan e-mail ini: kata sandi Anda tidak berubah.".to_owned(),
            ],
            "Buat kata sandi baru",
        ),
    };
    mail(
        &user.email,
        subject.to_owned(),
        lines,
        Some((button, &link)),
    )
}

/// The answer to a reset request for an address that has no account.
pub fn reset_without_account(email: &Email, locale: Locale, site_url: &str) -> Mail {
    let register = site(site_url, "register");
    let (subject, lines, button) = match locale {
        Locale::En => (
            "Set a new password",
            vec![
                format!("Someone asked to set a new password for {email} at Toko, but there is no account with this address."),
                "If it was you, perhaps you registered with another address. If it was not you, ignore this mail.".to_owned(),
            ],
            "Register",
        ),
        Locale::Id => (
            "Buat kata sandi baru",
            vec![
                format!("Seseorang meminta kata sandi baru untuk {email} di Toko, tetapi tidak ada akun dengan alamat ini."),
                "Jika itu Anda, mungkin Anda mendaftar dengan alamat lain. Jika bukan Anda, abaikan e-mail ini.".to_owned(),
            ],
            "Daftar",
        ),
    };
    mail(email, subject.to_owned(), lines, Some((button, &register)))
}

/// Sent after a password was set (reset or changed): every session has ended.
pub fn password_changed(user: &User, site_url: &str) -> Mail {
    let forgot = site(site_url, "forgot");
    let name = user.name.as_str();
    let (subject, lines, button) = match user.locale {
        Locale::En => (
            "Your password was changed",
            vec![
                format!("Hello {name},"),
                "The password of your Toko account was just changed, and every device signed in with the old one was signed out.".to_owned(),
                "If you did not do this, set a new password right away and tell the shop.".to_owned(),
            ],
            "Set a new password",
        ),
        Locale::Id => (
            "Kata sandi Anda telah diubah",
            vec![
                format!("Halo {name},"),
                "Kata sandi akun Toko Anda baru saja diubah, dan semua perangkat yang masuk dengan kata sandi lama telah dikeluarkan.".to_owned(),
                "Jika bukan Anda yang mengubahnya, segera buat kata sandi baru dan beri tahu toko.".to_owned(),
            ],
            "Buat kata sandi baru",
        ),
    };
    mail(
        &user.email,
        subject.to_owned(),
        lines,
        Some((button, &forgot)),
    )
}
