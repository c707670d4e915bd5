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

/// Sent on registration: the link that confirms the address is the person's (7 days).
pub fn verify_address(user: &User, token: &str, site_url: &str) -> Mail {
    let link = site(site_url, &format!("verify?token={token}"));
    let name = user.name.as_str();
    let (subject, lines, button) = match user.locale {
        Locale::En => (
            "Confirm your e-mail address",
            vec![
                format!("Hello {name},"),
                "Thank you for registering at Toko. Please confirm that this address is yours; the shop reviews your registration and tells you here.".to_owned(),
                "If you did not register, ignore this mail: nothing more will be sent to you unless the address is confirmed.".to_owned(),
            ],
            "Confirm my address",
        ),
        Locale::Id => (
            "Konfirmasi alamat e-mail Anda",
            vec![
                format!("Halo {name},"),
                "Terima kasih telah mendaftar di Toko. Mohon konfirmasi bahwa alamat ini milik Anda; toko akan memeriksa pendaftaran Anda dan memberi kabar lewat alamat ini.".to_owned(),
                "Jika Anda tidak mendaftar, abaikan e-mail ini: kami tidak mengirim apa pun lagi selama alamat ini belum dikonfirmasi.".to_owned(),
            ],
            "Konfirmasi alamat saya",
        ),
    };
    mail(
        &user.email,
        subject.to_owned(),
        lines,
        Some((button, &link)),
    )
}

/// Sent to an address that already has an account when someone registers with it again:
/// the answer to the registration is the same as for a new address.
pub fn registration_attempt(email: &Email, locale: Locale, site_url: &str) -> Mail {
    let forgot = site(site_url, "forgot");
    let (subject, lines, button) = match locale {
        Locale::En => (
            "Someone tried to register with your address",
            vec![
                format!("Someone just tried to register a new Toko account with {email}, which already has one. No new account was made."),
                "If it was you, sign in with your password, or set a new one if you forgot it. If it was not you, you need not do anything.".to_owned(),
            ],
            "Set a new password",
        ),
        Locale::Id => (
            "Seseorang mencoba mendaftar dengan alamat Anda",
            vec![
                format!("Seseorang baru saja mencoba mendaftarkan akun Toko baru dengan {email}, yang sudah memiliki akun. Tidak ada akun baru yang dibuat."),
                "Jika itu Anda, masuklah dengan kata sandi Anda, atau buat kata sandi baru jika lupa. Jika bukan Anda, Anda tidak perlu melakukan apa pun.".to_owned(),
            ],
            "Buat kata sandi baru",
        ),
    };
    mail(email, subject.to_owned(), lines, Some((button, &forgot)))
}

/// Sent to the address an account asks to move to: the link that makes the change.
pub fn confirm_new_address(user: &User, new: &Email, token: &str, site_url: &str) -> Mail {
    let link = site(site_url, &format!("verify?token={token}"));
    let name = user.name.as_str();
    let (subject, lines, button) = match user.locale {
        Locale::En => (
            "Confirm your new e-mail address",
            vec![
                format!("Hello {name},"),
                format!("You asked Toko to send your mail to {new} from now on. Open the link within 24 hours to make the change; you then sign in with this address."),
                "If you did not ask for this, ignore this mail: nothing changes.".to_owned(),
            ],
            "Use this address",
        ),
        Locale::Id => (
            "Konfirmasi alamat e-mail baru Anda",
            vec![
                format!("Halo {name},"),
                format!("Anda meminta Toko mengirim e-mail ke {new} mulai sekarang. Buka tautan dalam 24 jam untuk mengubahnya; setelah itu Anda masuk dengan alamat ini."),
                "Jika Anda tidak memintanya, abaikan e-mail ini: tidak ada yang berubah.".to_owned(),
            ],
            "Pakai alamat ini",
        ),
    };
    mail(new, subject.to_owned(), lines, Some((button, &link)))
}

/// Sent to the current address when a move to another is asked for.
pub fn address_change_requested(user: &User, new: &Email, site_url: &str) -> Mail {
    let forgot = site(site_url, "forgot");
    let (subject, lines, button) = match user.locale {
        Locale::En => (
            "Your Toko address is about to change",
            vec![
                format!("Someone signed in to your account asked to move it to {new}. It moves only when the link sent there is opened."),
                "If it was not you, set a new password now: that ends every session of the account.".to_owned(),
            ],
            "Set a new password",
        ),
        Locale::Id => (
            "Alamat e-mail Toko Anda akan diubah",
            vec![
                format!("Seseorang yang masuk ke akun Anda meminta alamatnya diubah ke {new}. Alamat baru berlaku hanya setelah tautan yang dikirim ke sana dibuka."),
                "Jika itu bukan Anda, buat kata sandi baru sekarang: semua sesi akun akan berakhir.".to_owned(),
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

/// The last mail to an erased account's address: what went and what stayed.
pub fn account_erased(email: &Email, locale: Locale) -> Mail {
    let (subject, lines) = match locale {
        Locale::En => (
            "Your Toko account was deleted",
            vec![
                "Your account and the personal data Toko held about you were deleted: profile, addresses, messages, files, points.".to_owned(),
                "Orders stay in the shop's books without your name, address or e-mail; reviews stay under \"a former customer\". This address can register again at any time.".to_owned(),
            ],
        ),
        Locale::Id => (
            "Akun Toko Anda telah dihapus",
            vec![
                "Akun Anda dan data pribadi yang disimpan Toko tentang Anda telah dihapus: profil, alamat, pesan, berkas, poin.".to_owned(),
                "Pesanan tetap tercatat di pembukuan toko tanpa nama, alamat, atau e-mail Anda; ulasan tetap tampil sebagai \"mantan pelanggan\". Alamat ini dapat mendaftar lagi kapan saja.".to_owned(),
            ],
        ),
    };
    mail(email, subject.to_owned(), lines, None)
}

/// The role's name in the mail's language.
fn role_name(role: crate::domain::Role, locale: Locale) -> &'static str {
    use crate::domain::Role::*;
    match (role, locale) {
        (Customer, Locale::En) => "customer",
        (Customer, Locale::Id) => "pelanggan",
        (Operator, _) => "operator",
        (Marketing, Locale::En) => "marketing",
        (Marketing, Locale::Id) => "pemasaran",
        (Manager, Locale::En) => "manager",
        (Manager, Locale::Id) => "manajer",
        (Admin, _) => "admin",
    }
}

/// An invitation to join the shop's staff: a link to set a password (72 hours), then
/// the console.
pub fn staff_invite(user: &User, invited_by: &str, token: &str, site_url: &str) -> Mail {
    let link = site(site_url, &format!("reset?token={token}&invite=1"));
    let name = user.name.as_str();
    let role = role_name(user.role, user.locale);
    let (subject, lines, button) = match user.locale {
        Locale::En => (
            "You are invited to the shop's console",
            vec![
                format!("Hello {name},"),
                format!("{invited_by} invited you to work in the shop's Toko console as {role}. Set your password with the link below (it works once, for 72 hours), then sign in to the console with this address."),
                "If you did not expect this, ignore this mail: nobody can sign in with your address until a password is set.".to_owned(),
            ],
            "Set my password",
        ),
        Locale::Id => (
            "Anda diundang ke konsol toko",
            vec![
                format!("Halo {name},"),
                format!("{invited_by} mengundang Anda untuk bekerja di konsol Toko sebagai {role}. Buat kata sandi Anda lewat tautan di bawah (hanya berlaku sekali, selama 72 jam), lalu masuk ke konsol dengan alamat ini."),
                "Jika Anda tidak mengharapkan ini, abaikan e-mail ini: tidak ada yang bisa masuk dengan alamat Anda sebelum kata sandi dibuat.".to_owned(),
            ],
            "Buat kata sandi saya",
        ),
    };
    mail(
        &user.email,
        subject.to_owned(),
        lines,
        Some((button, &link)),
    )
}

/// The staff digest of new work (`toko::domain::digest`): what came since the last mail
/// and what waits in all, for the work this member's role does; a link to the console.
pub fn staff_digest(
    user: &User,
    news: &crate::domain::WaitingView,
    waiting: &crate::domain::WaitingView,
    site_url: &str,
) -> Mail {
    let link = format!("{}/console/", site_url.trim_end_matches('/'));
    let en = user.locale == Locale::En;
    let describe = |v: &crate::domain::WaitingView| -> Vec<String> {
        let parts: [(Option<u32>, &str, &str); 4] = [
            (
                v.pending_orders,
                "orders to accept",
                "pesanan menunggu diterima",
            ),
            (
                v.proofs_to_check,
                "payment proofs to check",
                "bukti bayar perlu dicek",
            ),
            (
                v.registrations,
                "registrations to decide",
                "pendaftaran menunggu keputusan",
            ),
            (
                v.unanswered_messages,
                "unanswered messages",
                "pesan belum dibalas",
            ),
        ];
        parts
            .iter()
            .filter_map(|(n, e, i)| {
                n.filter(|n| *n > 0)
                    .map(|n| format!("{}: {n}", if en { e } else { i }))
            })
            .collect()
    };
    let new = describe(news).join(", ");
    let all = describe(waiting).join(", ");
    let name = user.name.as_str();
    let (subject, lines, button) = if en {
        (
            format!("New work at the shop: {new}"),
            vec![
                format!("Hello {name},"),
                format!("New since the last mail: {new}."),
                format!("Waiting in all: {all}."),
                "An admin chooses how often these mails come (Console → Staff).".to_owned(),
            ],
            "Open the console",
        )
    } else {
        (
            format!("Pekerjaan baru di toko: {new}"),
            vec![
                format!("Halo {name},"),
                format!("Baru sejak e-mail terakhir: {new}."),
                format!("Semua yang menunggu: {all}."),
                "Admin menentukan seberapa sering e-mail ini dikirim (Konsol → Staf).".to_owned(),
            ],
            "Buka konsol",
        )
    };
    mail(&user.email, subject, lines, Some((button, &link)))
}
