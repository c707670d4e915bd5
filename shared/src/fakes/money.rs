//! The shop's settings and reward points in memory.

use super::lock;
use crate::domain::{Refusal, UserId};
use crate::ports::{Page, PageRequest, PortError};
use async_trait::async_trait;
use std::sync::Mutex;

/// The shop's settings in memory (defaults until set), and its payment-code sequence.
#[derive(Default)]
pub struct MemorySettings {
    pub payment: Mutex<Option<crate::domain::PaymentSettings>>,
    pub points: Mutex<Option<crate::domain::PointsSettings>>,
    pub shop: Mutex<Option<crate::domain::ShopProfile>>,
    pub security: Mutex<crate::domain::SecuritySettings>,
    pub storefront: Mutex<crate::domain::Storefront>,
    pub shipping: Mutex<Option<crate::domain::ShippingRates>>,
    pub digest: Mutex<crate::domain::DigestSettings>,
    pub logo: Mutex<Option<String>>,
    pub digest_state: Mutex<crate::domain::DigestState>,
    pub codes: std::sync::atomic::AtomicU64,
}

#[async_trait]
impl crate::ports::ShopSettings for MemorySettings {
    async fn payment_settings(&self) -> Result<crate::domain::PaymentSettings, PortError> {
        Ok(lock(&self.payment).clone().unwrap_or_default())
    }

    async fn set_payment_settings(
        &self,
        settings: &crate::domain::PaymentSettings,
    ) -> Result<(), PortError> {
        *lock(&self.payment) = Some(settings.clone());
        Ok(())
    }

    async fn next_payment_code(&self) -> Result<u64, PortError> {
        Ok(self.codes.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1)
    }

    async fn points_settings(&self) -> Result<crate::domain::PointsSettings, PortError> {
        Ok(lock(&self.points).unwrap_or_default())
    }

    async fn set_points_settings(
        &self,
        settings: &crate::domain::PointsSettings,
    ) -> Result<(), PortError> {
        *lock(&self.points) = Some(*settings);
        Ok(())
    }

    async fn shop_profile(&self) -> Result<crate::domain::ShopProfile, PortError> {
        Ok(lock(&self.shop).clone().unwrap_or_default())
    }

    async fn set_shop_profile(
        &self,
        profile: &crate::domain::ShopProfile,
    ) -> Result<(), PortError> {
        *lock(&self.shop) = Some(profile.clone());
        Ok(())
    }

    async fn storefront(&self) -> Result<crate::domain::Storefront, PortError> {
        Ok(lock(&self.storefront).clone())
    }

    async fn set_storefront(
        &self,
        storefront: &crate::domain::Storefront,
    ) -> Result<(), PortError> {
        *lock(&self.storefront) = storefront.clone();
        Ok(())
    }

    async fn logo(&self) -> Result<Option<String>, PortError> {
        Ok(lock(&self.logo).clone())
    }

    async fn set_logo(&self, logo: Option<&str>) -> Result<(), PortError> {
        *lock(&self.logo) = logo.map(str::to_owned);
        Ok(())
    }

    async fn digest_settings(&self) -> Result<crate::domain::DigestSettings, PortError> {
        Ok(*lock(&self.digest))
    }

    async fn set_digest_settings(
        &self,
        settings: &crate::domain::DigestSettings,
    ) -> Result<(), PortError> {
        *lock(&self.digest) = *settings;
        Ok(())
    }

    async fn digest_state(&self) -> Result<crate::domain::DigestState, PortError> {
        Ok(lock(&self.digest_state).clone())
    }

    async fn save_digest_state(
        &self,
        state: &crate::domain::DigestState,
        previous: &crate::domain::DigestState,
    ) -> Result<bool, PortError> {
        let mut kept = lock(&self.digest_state);
        if kept.seen_at != previous.seen_at {
            return Ok(false);
        }
        *kept = state.clone();
        Ok(true)
    }

    async fn shipping_rates(&self) -> Result<Option<crate::domain::ShippingRates>, PortError> {
        Ok(lock(&self.shipping).clone())
    }

    async fn set_shipping_rates(
        &self,
        rates: &crate::domain::ShippingRates,
    ) -> Result<(), PortError> {
        *lock(&self.shipping) = Some(rates.clone());
        Ok(())
    }

    async fn security_settings(&self) -> Result<crate::domain::SecuritySettings, PortError> {
        Ok(*lock(&self.security))
    }

    async fn set_security_settings(
        &self,
        settings: &crate::domain::SecuritySettings,
    ) -> Result<(), PortError> {
        *lock(&self.security) = *settings;
        Ok(())
    }
}

/// Reward points in memory: balances and ledgers (expiry is the adapter's, tested on
/// the emulator).
#[derive(Default)]
pub struct MemoryPoints {
    pub balances: Mutex<std::collections::HashMap<UserId, crate::domain::PointsBalance>>,
    pub entries: Mutex<Vec<(UserId, crate::domain::PointsEntry)>>,
}

#[async_trait]
impl crate::ports::Points for MemoryPoints {
    async fn balance(&self, customer: &UserId) -> Result<crate::domain::PointsBalance, PortError> {
        Ok(lock(&self.balances)
            .get(customer)
            .copied()
            .unwrap_or_default())
    }

    async fn ledger(
        &self,
        customer: &UserId,
        _page: &PageRequest,
    ) -> Result<Page<crate::domain::PointsEntry>, PortError> {
        let items = lock(&self.entries)
            .iter()
            .rev()
            .filter(|(c, _)| c == customer)
            .map(|(_, e)| e.clone())
            .collect();
        Ok(Page {
            items,
            next_cursor: None,
        })
    }

    async fn adjust(
        &self,
        customer: &UserId,
        entry: &crate::domain::PointsEntry,
    ) -> Result<crate::domain::PointsBalance, PortError> {
        let mut balances = lock(&self.balances);
        let b = balances.entry(customer.clone()).or_default();
        let after = b.balance as i64 + entry.points;
        if after < 0 {
            return Err(Refusal::Points(crate::domain::PointsRefusal::NotEnough {
                balance: b.balance,
            })
            .into());
        }
        b.balance = after as u64;
        if entry.points < 0 {
            b.debits += entry.points.unsigned_abs();
        }
        let out = *b;
        lock(&self.entries).push((customer.clone(), entry.clone()));
        Ok(out)
    }

    async fn due_lots(
        &self,
        _now: time::OffsetDateTime,
        _limit: u32,
    ) -> Result<Vec<crate::domain::PointsLot>, PortError> {
        Ok(Vec::new())
    }

    async fn expire(
        &self,
        _lot: &crate::domain::PointsLot,
        _at: time::OffsetDateTime,
    ) -> Result<u64, PortError> {
        Ok(0)
    }
}
