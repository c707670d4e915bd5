//! In-memory fakes of the ports, for unit tests of the functions. The emulator tests
//! exercise the real adapters; these keep the same rules (unique e-mail, one decision).

use crate::domain::{AccountStatus, CustomerDecision, Email, Note, Role, User, UserId};
use crate::domain::{Missing, Refusal};
use crate::mail::Mail;
use crate::ports::PortError;
use crate::ports::{Clock, LoginAttempts, Mailer, Page, PageRequest, Users};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::Mutex;
use time::OffsetDateTime;

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[derive(Default)]
pub struct MemoryUsers {
    users: Mutex<Vec<User>>,
}

#[async_trait]
impl Users for MemoryUsers {
    async fn create(&self, user: &User) -> Result<(), PortError> {
        let mut users = lock(&self.users);
        if users.iter().any(|u| u.email == user.email) {
            return Err(Refusal::EmailTaken.into());
        }
        users.push(user.clone());
        Ok(())
    }

    async fn get(&self, id: &UserId) -> Result<Option<User>, PortError> {
        Ok(lock(&self.users).iter().find(|u| &u.id == id).cloned())
    }

    async fn search_customers(
        &self,
        term: &str,
        _page: &PageRequest,
    ) -> Result<Page<UserId>, PortError> {
        let items = lock(&self.users)
            .iter()
            .filter(|u| u.role == crate::domain::Role::Customer)
            .filter(|u| {
                crate::domain::search::person_terms(u.name.as_str(), u.email.as_str())
                    .contains(term)
            })
            .map(|u| u.id.clone())
            .collect();
        Ok(Page {
            items,
            next_cursor: None,
        })
    }

    async fn set_access(
        &self,
        id: &UserId,
        role: Role,
        status: AccountStatus,
    ) -> Result<User, PortError> {
        let mut users = lock(&self.users);
        let u = users
            .iter_mut()
            .find(|u| &u.id == id)
            .ok_or(Refusal::NotFound(Missing::Account))?;
        u.role = role;
        u.status = status;
        u.session_version += 1;
        Ok(u.clone())
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, PortError> {
        Ok(lock(&self.users)
            .iter()
            .find(|u| &u.email == email)
            .cloned())
    }

    async fn update_profile(
        &self,
        id: &UserId,
        change: &crate::domain::ProfileChange,
    ) -> Result<User, PortError> {
        let mut users = lock(&self.users);
        let u = users
            .iter_mut()
            .find(|u| &u.id == id)
            .ok_or(Refusal::NotFound(Missing::Account))?;
        change.apply(u);
        Ok(u.clone())
    }

    async fn list_customers(
        &self,
        status: AccountStatus,
        page: &PageRequest,
    ) -> Result<Page<User>, PortError> {
        let mut items: Vec<User> = lock(&self.users)
            .iter()
            .filter(|u| u.role == Role::Customer && u.status == status)
            .cloned()
            .collect();
        items.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        let start = match &page.cursor {
            Some(c) => items
                .iter()
                .position(|u| u.id.as_str() == c)
                .map(|i| i + 1)
                .ok_or(PortError::Refused(Refusal::InvalidCursor))?,
            None => 0,
        };
        let rest: Vec<User> = items.into_iter().skip(start).collect();
        let limit = page.limit.max(1) as usize;
        let next_cursor = (rest.len() > limit).then(|| rest[limit - 1].id.as_str().to_owned());
        Ok(Page {
            items: rest.into_iter().take(limit).collect(),
            next_cursor,
        })
    }

    async fn decide(
        &self,
        id: &UserId,
        decision: CustomerDecision,
        by: &UserId,
        note: &Note,
        at: OffsetDateTime,
    ) -> Result<User, PortError> {
        let mut users = lock(&self.users);
        let user = users
            .iter_mut()
            .find(|u| &u.id == id && u.role == Role::Customer)
            .ok_or(PortError::Refused(Refusal::NotFound(Missing::Customer)))?;
        if user.status != AccountStatus::Pending {
            return Err(Refusal::AlreadyDecided(user.status).into());
        }
        user.status = decision.outcome();
        user.decided_at = Some(at);
        user.decided_by = Some(by.clone());
        user.decision_note = Some(note.clone());
        Ok(user.clone())
    }
}

#[derive(Default)]
pub struct MemoryAttempts {
    windows: Mutex<HashMap<String, (OffsetDateTime, u32)>>,
}

#[async_trait]
impl LoginAttempts for MemoryAttempts {
    async fn reserve(
        &self,
        counter: &crate::domain::AttemptCounter,
        now: OffsetDateTime,
    ) -> Result<Option<OffsetDateTime>, PortError> {
        let mut w = lock(&self.windows);
        let entry = w.entry(counter.key.clone()).or_insert((now, 0));
        if entry.0 + crate::domain::ATTEMPT_WINDOW <= now {
            *entry = (now, 0);
        }
        if entry.1 >= counter.limit {
            return Ok(Some(entry.0 + crate::domain::ATTEMPT_WINDOW));
        }
        entry.1 += 1;
        Ok(None)
    }

    async fn release(&self, counter: &crate::domain::AttemptCounter) -> Result<(), PortError> {
        let mut w = lock(&self.windows);
        if counter.reset_on_success {
            w.remove(&counter.key);
        } else if let Some(entry) = w.get_mut(&counter.key) {
            entry.1 = entry.1.saturating_sub(1);
        }
        Ok(())
    }
}

/// Keeps sent mail for assertions; can be told to fail.
#[derive(Default)]
pub struct MemoryMailer {
    pub sent: Mutex<Vec<Mail>>,
    pub fail: std::sync::atomic::AtomicBool,
}

impl MemoryMailer {
    pub fn sent(&self) -> Vec<Mail> {
        lock(&self.sent).clone()
    }
}

#[async_trait]
impl Mailer for MemoryMailer {
    async fn send(&self, mail: &Mail) -> Result<(), PortError> {
        if self.fail.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(PortError::unavailable("mailer told to fail"));
        }
        lock(&self.sent).push(mail.clone());
        Ok(())
    }
}

/// A clock that only moves when told to.
pub struct FixedClock(Mutex<OffsetDateTime>);

impl FixedClock {
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Mutex::new(at))
    }

    pub fn advance(&self, by: time::Duration) {
        let mut t = lock(&self.0);
        *t += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        *lock(&self.0)
    }
}

/// Orders in memory: keeps orders and moves them (status must match, as in DynamoDB);
/// the customer counters live in the DynamoDB adapter only.
#[derive(Default)]
pub struct MemoryOrders {
    orders: Mutex<Vec<crate::domain::Order>>,
    counters: Mutex<HashMap<String, u64>>,
    reminded: Mutex<std::collections::HashMap<crate::domain::OrderId, String>>,
}

#[async_trait]
impl crate::ports::Orders for MemoryOrders {
    async fn next_invoice_number(&self, day: &str) -> Result<u64, PortError> {
        let mut c = lock(&self.counters);
        let n = c.entry(day.to_owned()).or_insert(0);
        *n += 1;
        Ok(*n)
    }

    async fn place(
        &self,
        order: &crate::domain::Order,
        _voucher: Option<&crate::domain::Voucher>,
        _idempotency: Option<(&str, &str)>,
    ) -> Result<crate::ports::Placed, PortError> {
        lock(&self.orders).push(order.clone());
        Ok(crate::ports::Placed::Created)
    }

    async fn idempotency(
        &self,
        _customer: &UserId,
        _key: &str,
    ) -> Result<Option<crate::ports::IdempotencyRecord>, PortError> {
        Ok(None)
    }

    async fn get(
        &self,
        id: &crate::domain::OrderId,
    ) -> Result<Option<crate::domain::Order>, PortError> {
        Ok(lock(&self.orders).iter().find(|o| &o.id == id).cloned())
    }

    async fn list_for_customer(
        &self,
        customer: &UserId,
        page: &PageRequest,
    ) -> Result<Page<crate::domain::Order>, PortError> {
        let mut items: Vec<_> = lock(&self.orders)
            .iter()
            .filter(|o| &o.customer_id == customer)
            .cloned()
            .collect();
        items.reverse();
        items.truncate(page.limit.max(1) as usize);
        Ok(Page {
            items,
            next_cursor: None,
        })
    }

    async fn find_by_invoice(
        &self,
        prefix: &str,
        _page: &PageRequest,
    ) -> Result<Page<crate::domain::Order>, PortError> {
        let mut items: Vec<_> = lock(&self.orders)
            .iter()
            .filter(|o| o.invoice_code.as_str().starts_with(prefix))
            .cloned()
            .collect();
        items.sort_by(|a, b| a.invoice_code.as_str().cmp(b.invoice_code.as_str()));
        Ok(Page {
            items,
            next_cursor: None,
        })
    }

    async fn list_by_status(
        &self,
        status: crate::domain::OrderStatus,
        page: &PageRequest,
    ) -> Result<Page<crate::domain::Order>, PortError> {
        let mut items: Vec<_> = lock(&self.orders)
            .iter()
            .filter(|o| o.status == status)
            .cloned()
            .collect();
        items.truncate(page.limit.max(1) as usize);
        Ok(Page {
            items,
            next_cursor: None,
        })
    }

    async fn list_by_status_newest(
        &self,
        status: crate::domain::OrderStatus,
        page: &PageRequest,
    ) -> Result<Page<crate::domain::Order>, PortError> {
        let mut oldest_first = self.list_by_status(status, page).await?;
        oldest_first.items.reverse();
        Ok(oldest_first)
    }

    async fn claim_payment_reminder(
        &self,
        id: &crate::domain::OrderId,
        claim: &str,
    ) -> Result<bool, PortError> {
        let accepted = lock(&self.orders)
            .iter()
            .any(|o| &o.id == id && o.status == crate::domain::OrderStatus::Accepted);
        if !accepted {
            return Ok(false);
        }
        let mut reminded = lock(&self.reminded);
        let holder = reminded
            .entry(id.clone())
            .or_insert_with(|| claim.to_owned());
        Ok(holder == claim)
    }

    async fn release_payment_reminder(
        &self,
        id: &crate::domain::OrderId,
        claim: &str,
    ) -> Result<(), PortError> {
        let mut reminded = lock(&self.reminded);
        if reminded.get(id).is_some_and(|holder| holder == claim) {
            reminded.remove(id);
        }
        Ok(())
    }

    async fn transition(
        &self,
        order: &crate::domain::Order,
        t: &crate::domain::Transition,
    ) -> Result<crate::domain::Order, PortError> {
        let mut orders = lock(&self.orders);
        let stored = orders
            .iter_mut()
            .find(|o| o.id == order.id)
            .ok_or(PortError::Refused(Refusal::NotFound(Missing::Order)))?;
        if stored.status != t.from {
            return Err(Refusal::OrderMoved { expected: t.from }.into());
        }
        stored.apply(t);
        Ok(stored.clone())
    }

    async fn answer_proof(
        &self,
        order: &crate::domain::Order,
        step: &crate::domain::ProofStep,
    ) -> Result<crate::domain::Order, PortError> {
        let mut orders = lock(&self.orders);
        let stored = orders
            .iter_mut()
            .find(|o| o.id == order.id)
            .ok_or(PortError::Refused(Refusal::NotFound(Missing::Order)))?;
        if stored.proof.as_ref().map(crate::domain::Proof::mark) != step.before {
            return Err(Refusal::ProofNotCurrent.into());
        }
        *stored = stored.with_proof(step);
        Ok(stored.clone())
    }
}

/// Order files in memory.
#[derive(Default)]
pub struct MemoryFiles {
    files: Mutex<Vec<crate::domain::OrderFile>>,
}

#[async_trait]
impl crate::ports::Files for MemoryFiles {
    async fn create(&self, file: &crate::domain::OrderFile) -> Result<(), PortError> {
        lock(&self.files).push(file.clone());
        Ok(())
    }

    async fn list(
        &self,
        order: &crate::domain::OrderId,
    ) -> Result<Vec<crate::domain::OrderFile>, PortError> {
        Ok(lock(&self.files)
            .iter()
            .filter(|f| &f.order_id == order)
            .cloned()
            .collect())
    }

    async fn get(
        &self,
        order: &crate::domain::OrderId,
        file: &crate::domain::FileId,
    ) -> Result<Option<crate::domain::OrderFile>, PortError> {
        Ok(lock(&self.files)
            .iter()
            .find(|f| &f.order_id == order && &f.id == file)
            .cloned())
    }

    async fn settle(
        &self,
        file: &crate::domain::OrderFile,
        outcome: &crate::ports::FileOutcome,
    ) -> Result<crate::domain::OrderFile, PortError> {
        let mut files = lock(&self.files);
        let f = files
            .iter_mut()
            .find(|f| f.id == file.id)
            .ok_or(PortError::Refused(Refusal::NotFound(Missing::File)))?;
        if f.status == crate::domain::FileStatus::AwaitingUpload {
            f.status = outcome.status;
            f.reason = outcome.reason.clone();
            f.uploaded_at = Some(outcome.at);
        }
        Ok(f.clone())
    }
}

/// An object's bytes and tags.
type Stored = (Vec<u8>, Vec<(String, String)>);

/// Objects in memory, with their tags; presigned URLs point nowhere real.
#[derive(Default)]
pub struct MemoryObjects {
    pub objects: Mutex<HashMap<String, Stored>>,
}

#[async_trait]
impl crate::ports::ObjectStore for MemoryObjects {
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        _size: u64,
        _issued: time::OffsetDateTime,
        _expires: std::time::Duration,
    ) -> Result<crate::ports::PresignedRequest, PortError> {
        Ok(crate::ports::PresignedRequest {
            url: format!("memory://{key}"),
            method: "PUT".to_owned(),
            headers: [("content-type".to_owned(), content_type.to_owned())].into(),
            expires_at: String::new(),
        })
    }

    async fn head(&self, key: &str) -> Result<Option<crate::ports::ObjectInfo>, PortError> {
        Ok(lock(&self.objects)
            .get(key)
            .map(|(b, _)| crate::ports::ObjectInfo {
                size: b.len() as u64,
                content_type: None,
                etag: Some(format!("{:x}", b.len())),
                modified: None,
            }))
    }

    async fn first_bytes(&self, key: &str, n: u64) -> Result<Vec<u8>, PortError> {
        Ok(lock(&self.objects)
            .get(key)
            .map(|(b, _)| b.iter().take(n as usize).copied().collect())
            .unwrap_or_default())
    }

    async fn delete(&self, key: &str) -> Result<(), PortError> {
        lock(&self.objects).remove(key);
        Ok(())
    }

    async fn put(&self, key: &str, bytes: Vec<u8>, _content_type: &str) -> Result<(), PortError> {
        lock(&self.objects).insert(key.to_owned(), (bytes, Vec::new()));
        Ok(())
    }

    async fn promote(&self, from: &str, to: &str, _etag: Option<&str>) -> Result<(), PortError> {
        let mut objects = lock(&self.objects);
        let moved = objects
            .remove(from)
            .ok_or(PortError::Refused(crate::domain::Refusal::UploadChanged))?;
        objects.insert(to.to_owned(), moved);
        Ok(())
    }

    async fn tag(&self, key: &str, name: &str, value: &str) -> Result<(), PortError> {
        if let Some((_, tags)) = lock(&self.objects).get_mut(key) {
            tags.push((name.to_owned(), value.to_owned()));
        }
        Ok(())
    }

    async fn presign_get(
        &self,
        key: &str,
        _disposition: &str,
        _expires: std::time::Duration,
    ) -> Result<crate::ports::PresignedRequest, PortError> {
        self.presign_put(
            key,
            "",
            0,
            time::OffsetDateTime::UNIX_EPOCH,
            std::time::Duration::ZERO,
        )
        .await
    }
}

mod activity;
mod money;
mod recovery;
pub use activity::MemoryActivity;
pub use money::{MemoryPoints, MemorySettings};
pub use recovery::MemoryRecovery;

/// Waiting work as a test sets it.
#[derive(Default)]
pub struct FixedWork(pub crate::domain::WaitingWork);

#[async_trait]
impl crate::ports::WorkQueue for FixedWork {
    async fn waiting(&self) -> Result<crate::domain::WaitingWork, PortError> {
        Ok(self.0)
    }
}
