//! The staff digest of new work (`toko::domain::digest`): off, each time (within the
//! schedule's 5 minutes) or at most hourly, as an admin set it. One run counts the work
//! waiting, keeps what grew since the last run (a conditional write: of two overlapping
//! runs only one goes on), and mails each active staff member who has joined the new work
//! their role does, with what waits in all.

use crate::Deps;
use time::OffsetDateTime;
use toko::account_mail::staff_digest;
use toko::domain::{digest_for, DigestMode, StaffView};
use toko::ports::PortError;

/// The digests mailed by this run.
pub(crate) async fn send_digest(deps: &Deps, now: OffsetDateTime) -> Result<u32, PortError> {
    let settings = deps.settings.digest_settings().await?;
    if settings.mode == DigestMode::Off {
        return Ok(0);
    }
    let (previous, waiting) = tokio::join!(deps.settings.digest_state(), deps.work.waiting());
    let (previous, waiting) = (previous?, waiting?);
    let run = previous.run(settings.mode, waiting, now);
    if !deps
        .settings
        .save_digest_state(&run.state, &previous)
        .await?
    {
        return Ok(0); // another run came first
    }
    let Some(news) = run.send else {
        return Ok(0);
    };
    let mut sent = 0;
    for member in deps.roster.staff().await? {
        if !StaffView::from(&member).active || !member.email_verified {
            continue;
        }
        let Some((mine, all)) = digest_for(member.role, news, waiting) else {
            continue;
        };
        let mail = staff_digest(&member, &mine, &all, &deps.site_url);
        // A digest SES refuses is not kept: the next one says what waits.
        match deps.mailer.send(&mail).await {
            Ok(()) => sent += 1,
            Err(e) => tracing::error!(user_id = %member.id, error = %e, "staff digest not sent"),
        }
    }
    Ok(sent)
}
