//! Files of orders that ended without production (rejected, cancelled) are kept for a
//! retention period and then expired by the files bucket's lifecycle rule, which acts on
//! the tag set here (`ClosedOrderFileRetentionDays` in the template).

use crate::domain::OrderId;
use crate::ports::PortError;
use crate::ports::{Files, ObjectStore};

pub const CLOSED_TAG: (&str, &str) = ("toko-order", "closed");

/// Tags every file of the order for expiry. Called after the order's move is stored;
/// a failure is the caller's to log (the move itself stands).
pub async fn close_order_files(
    files: &dyn Files,
    storage: &dyn ObjectStore,
    order: &OrderId,
) -> Result<usize, PortError> {
    let list = files.list(order).await?;
    for f in &list {
        storage.tag(&f.key(), CLOSED_TAG.0, CLOSED_TAG.1).await?;
    }
    Ok(list.len())
}
