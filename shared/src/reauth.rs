//! Confirming the password of a signed-in account before a change that matters (a new
//! password, a new e-mail address, deleting the account): wrong guesses are counted on
//! the sign-in counters (`toko::domain::signin`), so a stolen session cannot guess
//! faster than a stranger at the sign-in form.

use crate::auth::verify_password;
use crate::domain::{attempt_counters, Refusal, User};
use crate::ports::{LoginAttempts, Users};
use crate::Error;
use time::OffsetDateTime;

/// Longer inputs are never a valid password (and would only cost hashing time).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// The account with its credentials when `password` is its password; 403
/// `wrong_password` otherwise, 429 once the counters are full.
pub async fn confirm_password(
    users: &dyn Users,
    attempts: &dyn LoginAttempts,
    account: &User,
    password: &str,
    source: Option<&str>,
    now: OffsetDateTime,
) -> Result<User, Error> {
    let counters = attempt_counters(&account.email, source);
    let [pair, address, source] = &counters;
    let (for_pair, for_address, for_source, user) = tokio::join!(
        attempts.reserve(pair, now),
        attempts.reserve(address, now),
        attempts.reserve(source, now),
        users.find_by_email(&account.email)
    );
    if let Some(at) = for_pair?.max(for_address?).max(for_source?) {
        return Err(Error::too_many_attempts(
            now,
            at,
            "Too many wrong passwords.",
        ));
    }
    let user = user?
        .filter(|u| u.id == account.id)
        .ok_or_else(|| Error::from(Refusal::WrongPassword))?;
    if password.len() > MAX_PASSWORD_BYTES || !verify_password(password, &user.password_hash) {
        return Err(Refusal::WrongPassword.into());
    }
    let (released_pair, released_address, released_source) = tokio::join!(
        attempts.release(pair),
        attempts.release(address),
        attempts.release(source)
    );
    released_pair.and(released_address).and(released_source)?;
    Ok(user)
}
