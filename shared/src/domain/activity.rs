//! The activity log: every staff action (who, when, what, on which record, and what it
//! changed in a short "before → after"), append-only, read by admins and managers
//! filtered by person and by area.
//!
//! Entries name customers by id only, never by name, e-mail or what was written to
//! them: the log outlives an erasure without holding personal data of customers.

use super::id::ulid_id;
use super::{clip, rfc3339, Role, UserId};
use serde::{Deserialize, Serialize};
use std::fmt::Display;
use time::OffsetDateTime;

ulid_id!(ActivityId);

/// Longest "what changed" an entry keeps (longer ones end in "…").
pub const CHANGE_MAX: usize = 300;

/// The part of the shop an action belongs to (the log's filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Orders,
    Customers,
    Catalog,
    Promos,
    Messages,
    Settings,
    Staff,
}

impl Area {
    pub const ALL: [Area; 7] = [
        Area::Orders,
        Area::Customers,
        Area::Catalog,
        Area::Promos,
        Area::Messages,
        Area::Settings,
        Area::Staff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Area::Orders => "orders",
            Area::Customers => "customers",
            Area::Catalog => "catalog",
            Area::Promos => "promos",
            Area::Messages => "messages",
            Area::Settings => "settings",
            Area::Staff => "staff",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == raw.trim())
            .ok_or("must be one of orders, customers, catalog, promos, messages, settings, staff")
    }
}

/// What a staff member did. The stored code (`order.accepted`) is what the console
/// translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    OrderAccepted,
    OrderRejected,
    OrderMoved,
    ProofSent,
    QuoteOffered,
    SalesImported,
    SalesImportUndone,
    CustomerApproved,
    CustomerRejected,
    CustomerNoteAdded,
    CustomerPointsAdjusted,
    CustomerExported,
    CustomerErased,
    TestimonialDecided,
    ProductCreated,
    ProductUpdated,
    ProductDeleted,
    ProductPictureChanged,
    ProductsImported,
    PromoCreated,
    PromoUpdated,
    PromoDeleted,
    PromoMailed,
    VoucherCreated,
    VoucherUpdated,
    MessageSent,
    SettingsChanged,
    StaffInvited,
    StaffInvitedAgain,
    StaffChanged,
}

impl Action {
    pub const ALL: [Action; 30] = [
        Action::OrderAccepted,
        Action::OrderRejected,
        Action::OrderMoved,
        Action::ProofSent,
        Action::QuoteOffered,
        Action::SalesImported,
        Action::SalesImportUndone,
        Action::CustomerApproved,
        Action::CustomerRejected,
        Action::CustomerNoteAdded,
        Action::CustomerPointsAdjusted,
        Action::CustomerExported,
        Action::CustomerErased,
        Action::TestimonialDecided,
        Action::ProductCreated,
        Action::ProductUpdated,
        Action::ProductDeleted,
        Action::ProductPictureChanged,
        Action::ProductsImported,
        Action::PromoCreated,
        Action::PromoUpdated,
        Action::PromoDeleted,
        Action::PromoMailed,
        Action::VoucherCreated,
        Action::VoucherUpdated,
        Action::MessageSent,
        Action::SettingsChanged,
        Action::StaffInvited,
        Action::StaffInvitedAgain,
        Action::StaffChanged,
    ];

    pub fn code(self) -> &'static str {
        use Action::*;
        match self {
            OrderAccepted => "order.accepted",
            OrderRejected => "order.rejected",
            OrderMoved => "order.moved",
            ProofSent => "order.proof_sent",
            QuoteOffered => "quote.offered",
            SalesImported => "sales.imported",
            SalesImportUndone => "sales.import_undone",
            CustomerApproved => "customer.approved",
            CustomerRejected => "customer.rejected",
            CustomerNoteAdded => "customer.note_added",
            CustomerPointsAdjusted => "customer.points_adjusted",
            CustomerExported => "customer.exported",
            CustomerErased => "customer.erased",
            TestimonialDecided => "testimonial.decided",
            ProductCreated => "product.created",
            ProductUpdated => "product.updated",
            ProductDeleted => "product.deleted",
            ProductPictureChanged => "product.picture_changed",
            ProductsImported => "products.imported",
            PromoCreated => "promo.created",
            PromoUpdated => "promo.updated",
            PromoDeleted => "promo.deleted",
            PromoMailed => "promo.mailed",
            VoucherCreated => "voucher.created",
            VoucherUpdated => "voucher.updated",
            MessageSent => "message.sent",
            SettingsChanged => "settings.changed",
            StaffInvited => "staff.invited",
            StaffInvitedAgain => "staff.invited_again",
            StaffChanged => "staff.changed",
        }
    }

    pub fn area(self) -> Area {
        use Action::*;
        match self {
            OrderAccepted | OrderRejected | OrderMoved | ProofSent | QuoteOffered
            | SalesImported | SalesImportUndone => Area::Orders,
            CustomerApproved
            | CustomerRejected
            | CustomerNoteAdded
            | CustomerPointsAdjusted
            | CustomerExported
            | CustomerErased
            | TestimonialDecided => Area::Customers,
            ProductCreated
            | ProductUpdated
            | ProductDeleted
            | ProductPictureChanged
            | ProductsImported => Area::Catalog,
            PromoCreated | PromoUpdated | PromoDeleted | PromoMailed | VoucherCreated
            | VoucherUpdated => Area::Promos,
            MessageSent => Area::Messages,
            SettingsChanged => Area::Settings,
            StaffInvited | StaffInvitedAgain | StaffChanged => Area::Staff,
        }
    }
}

/// The record an action was on: its kind (`order`, `customer`, `product`, `promo`,
/// `voucher`, `staff`, `settings`), id and, where it is not personal, a label (an
/// invoice code, a product's or promo's name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordRef {
    pub kind: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl RecordRef {
    pub fn new(kind: &str, id: impl Display) -> Self {
        Self {
            kind: kind.to_owned(),
            id: id.to_string(),
            label: None,
        }
    }

    pub fn labelled(mut self, label: impl Into<String>) -> Self {
        self.label = Some(clip(&label.into(), 120));
        self
    }
}

/// Who did it, as they were at the time (a later rename or role change does not
/// rewrite the log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    pub id: UserId,
    pub name: String,
    pub role: Role,
}

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub id: ActivityId,
    pub at: String,
    pub by: Actor,
    /// [`Action::code`].
    pub action: String,
    pub area: Area,
    pub record: RecordRef,
    /// What changed, short: `status: paid → in_production`; empty when the action says
    /// it all.
    pub change: String,
}

impl Activity {
    pub fn new(
        by: Actor,
        action: Action,
        record: RecordRef,
        change: &str,
        at: OffsetDateTime,
    ) -> Self {
        Self {
            id: ActivityId::generate(),
            at: rfc3339(at),
            by,
            action: action.code().to_owned(),
            area: action.area(),
            record,
            change: clip(change, CHANGE_MAX),
        }
    }
}

/// The log's filter: one person, one area, both or neither.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    pub by: Option<UserId>,
    pub area: Option<Area>,
}

/// "field: before → after" for each field that changed, joined by "; " (nothing when
/// nothing changed).
pub fn changes(fields: &[(&str, String, String)]) -> String {
    fields
        .iter()
        .filter(|(_, before, after)| before != after)
        .map(|(name, before, after)| format!("{name}: {} → {}", shown(before), shown(after)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// [`changes`] between two JSON objects' top-level fields (settings), each value as
/// compact JSON text (strings without quotes).
pub fn json_changes(before: &serde_json::Value, after: &serde_json::Value) -> String {
    let text = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    };
    let mut keys: Vec<&String> = before
        .as_object()
        .into_iter()
        .chain(after.as_object())
        .flat_map(|o| o.keys())
        .collect();
    keys.dedup();
    let mut seen = std::collections::HashSet::new();
    keys.retain(|k| seen.insert(*k));
    let fields: Vec<(&str, String, String)> = keys
        .into_iter()
        .map(|k| (k.as_str(), text(before.get(k)), text(after.get(k))))
        .collect();
    changes(&fields)
}

/// A value as the log shows it: empty as "—", long ones clipped.
fn shown(v: &str) -> String {
    if v.is_empty() {
        "—".to_owned()
    } else {
        clip(v, 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_changed_is_named() {
        let c = changes(&[
            ("price", "15000".into(), "17000".into()),
            ("stock", "3".into(), "3".into()),
            ("description", String::new(), "Doff".into()),
        ]);
        assert_eq!(c, "price: 15000 → 17000; description: — → Doff");
        assert_eq!(changes(&[("a", "x".into(), "x".into())]), "");
    }

    #[test]
    fn settings_name_the_fields_that_changed() {
        let before = serde_json::json!({"windowHours": 24, "accounts": [], "note": "a"});
        let after = serde_json::json!({"windowHours": 48, "accounts": [], "note": "a", "x": "new"});
        assert_eq!(
            json_changes(&before, &after),
            "windowHours: 24 → 48; x: — → new"
        );
    }

    #[test]
    fn long_values_are_clipped_and_the_change_bounded() {
        let long = "x".repeat(500);
        let c = changes(&[("about", String::new(), long.clone())]);
        assert!(c.ends_with('…') && c.chars().count() < 80, "{c}");
        let by = Actor {
            id: UserId::generate(),
            name: "Sari".into(),
            role: Role::Admin,
        };
        let a = Activity::new(
            by,
            Action::SettingsChanged,
            RecordRef::new("settings", "storefront"),
            &long,
            OffsetDateTime::UNIX_EPOCH,
        );
        assert_eq!(a.change.chars().count(), CHANGE_MAX);
        assert_eq!(a.action, "settings.changed");
        assert_eq!(a.area, Area::Settings);
    }

    #[test]
    fn every_action_has_a_distinct_code_in_its_area() {
        let all = Action::ALL;
        let codes: std::collections::BTreeSet<_> = all.iter().map(|a| a.code()).collect();
        assert_eq!(codes.len(), all.len());
        assert!(Area::parse("catalog").is_ok() && Area::parse("nope").is_err());
    }
}
