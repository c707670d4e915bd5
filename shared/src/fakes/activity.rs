//! The activity log in memory.

use crate::domain::{Activity, ActivityFilter};
use crate::ports::{ActivityLog, Page, PageRequest, PortError};
use async_trait::async_trait;
use std::sync::Mutex;

#[derive(Default)]
pub struct MemoryActivity {
    pub entries: Mutex<Vec<Activity>>,
}

impl MemoryActivity {
    pub fn all(&self) -> Vec<Activity> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

#[async_trait]
impl ActivityLog for MemoryActivity {
    async fn append(&self, entry: &Activity) -> Result<(), PortError> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(entry.clone());
        Ok(())
    }

    async fn activities(
        &self,
        filter: &ActivityFilter,
        page: &PageRequest,
    ) -> Result<Page<Activity>, PortError> {
        let items = self
            .all()
            .into_iter()
            .rev()
            .filter(|a| filter.by.as_ref().is_none_or(|b| *b == a.by.id))
            .filter(|a| filter.area.is_none_or(|x| x == a.area))
            .take(page.limit.max(1) as usize)
            .collect();
        Ok(Page {
            items,
            next_cursor: None,
        })
    }
}
