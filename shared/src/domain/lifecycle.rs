//! An order's life cycle: placing it, and every move after, decided here. Adapters
//! store what these functions decided; nothing else changes an order's status.

use super::{
    rfc3339, Address, HistoryEntry, InvoiceCode, Line, Message, Money, Note, Order, OrderId,
    OrderLine, OrderStatus, Refusal, Role, User, UserId, MAX_PENDING_ORDERS,
};
use time::OffsetDateTime;

/// A decided change of an order's status: what the move writes, and what the customer
/// is told about it.
#[derive(Debug, Clone)]
pub struct Transition {
    pub from: OrderStatus,
    pub to: OrderStatus,
    /// The entry the move adds to the order's history.
    pub entry: HistoryEntry,
    /// Set when the order ships.
    pub tracking_number: Option<Line>,
    /// Moving to paid settles the payment proof staff had to check.
    pub clears_proof: bool,
    pub at: OffsetDateTime,
    /// The inbox message for the customer (None: the customer made the change).
    pub message: Option<Message>,
    /// Set on acceptance: what the customer is to pay, where and by when.
    pub payment: Option<super::PaymentRequest>,
    /// Set on completion when the order earns points: the ledger's credit.
    pub earned: Option<super::PointsEntry>,
    /// Set when an admin accepts at changed prices (`reprice.rs`): the new lines and money.
    pub repriced: Option<super::Repriced>,
}

/// What a new order is made of, priced from the catalogue.
#[derive(Debug, Clone)]
pub struct Placement {
    pub invoice_code: InvoiceCode,
    pub items: Vec<OrderLine>,
    pub shipping_cost: Money,
    /// The voucher's code and what it takes off (`Voucher::discount` of the priced lines).
    pub voucher: Option<super::AppliedVoucher>,
    /// The points spent (`PointsSettings::spend` of the goods after the voucher).
    pub points: Option<super::AppliedPoints>,
    pub shipping_address: Address,
    pub note: Note,
}

impl Order {
    /// Whether `customer` may place another order now: not while
    /// [`MAX_PENDING_ORDERS`] of theirs wait for the shop. Asked before the cart is
    /// priced, so a customer at the limit hears that first.
    pub fn may_place(customer: &User) -> Result<(), Refusal> {
        if customer.pending_orders >= MAX_PENDING_ORDERS {
            return Err(Refusal::OrderLimitReached);
        }
        Ok(())
    }

    /// A new pending order of `customer`: totals from the lines, the first history entry.
    /// Refused while the customer already has [`MAX_PENDING_ORDERS`] waiting (the
    /// transaction that stores it checks the same again).
    pub fn place(customer: &User, p: Placement, at: OffsetDateTime) -> Result<Self, Refusal> {
        Self::may_place(customer)?;
        let totals = super::Totals::of(
            &p.items,
            p.voucher.as_ref(),
            p.points.as_ref(),
            p.shipping_cost,
        );
        Ok(Self {
            id: OrderId::generate(),
            invoice_code: p.invoice_code,
            customer_id: customer.id.clone(),
            customer_name: customer.name.clone(),
            customer_email: customer.email.clone(),
            customer_locale: customer.locale,
            status: OrderStatus::Pending,
            items: p.items,
            subtotal: totals.subtotal,
            shipping_cost: p.shipping_cost,
            discount: totals.discount,
            total: totals.total,
            voucher: p.voucher,
            points: p.points,
            points_earned: 0,
            payment: None,
            shipping_address: p.shipping_address,
            note: p.note,
            tracking_number: None,
            history: vec![HistoryEntry {
                status: OrderStatus::Pending,
                at: rfc3339(at),
                note: None,
                by: Some(Role::Customer),
                by_id: Some(customer.id.clone()),
                proof: None,
            }],
            file_count: 0,
            proof_to_check: false,
            proof: None,
            adjustment: None,
            created_at: at,
            updated_at: at,
        })
    }

    /// Decides a move to `to` by someone of role `by`: the customer cancels a pending
    /// order; an admin accepts or rejects a pending one; an operator or admin moves it
    /// one production step at a time. Anything else is refused.
    pub fn move_to(
        &self,
        to: OrderStatus,
        note: Note,
        tracking_number: Option<Line>,
        at: OffsetDateTime,
        by: Role,
        by_id: &UserId,
    ) -> Result<Transition, Refusal> {
        use OrderStatus::*;
        // Who moves an order: its customer cancels; staff as the permission map says.
        let may = match to {
            Cancelled => by == Role::Customer,
            Accepted | Rejected => by.may(super::Permission::OrdersDecide),
            _ => by.may(super::Permission::OrdersMove),
        };
        if !may {
            return Err(Refusal::NotAllowed);
        }
        let allowed = match to {
            // A customer also cancels an order re-priced for them instead of agreeing.
            Cancelled => matches!(self.status, Pending | AwaitingCustomer),
            // The shop may also withdraw a changed price the customer has not agreed to.
            Rejected => matches!(self.status, Pending | AwaitingCustomer),
            Accepted => self.status == Pending,
            _ => self.status.next_in_production() == Some(to),
        };
        if !allowed {
            return Err(Refusal::InvalidMove {
                from: self.status,
                to,
            });
        }
        if to == InProduction && !self.proof_cleared() {
            return Err(Refusal::ProofNotApproved);
        }
        Ok(Transition {
            from: self.status,
            to,
            entry: HistoryEntry {
                status: to,
                at: rfc3339(at),
                note: (!note.is_empty()).then(|| note.as_str().to_owned()),
                by: Some(by),
                by_id: Some(by_id.clone()),
                proof: None,
            },
            tracking_number,
            clears_proof: to == Paid,
            at,
            message: None,
            payment: None,
            earned: None,
            repriced: None,
        })
    }

    /// The one place a move changes the order: status, history, tracking and flags.
    /// The adapters store exactly this; the in-memory fake and the mail preview use it.
    pub fn apply(&mut self, t: &Transition) {
        self.status = t.to;
        self.updated_at = t.at;
        self.history.push(t.entry.clone());
        if t.tracking_number.is_some() {
            self.tracking_number = t.tracking_number.clone();
        }
        if t.clears_proof {
            self.proof_to_check = false;
        }
        if t.payment.is_some() {
            self.payment = t.payment.clone();
        }
        if let Some(e) = &t.earned {
            self.points_earned = e.points.max(0) as u64;
        }
        if let Some(r) = &t.repriced {
            self.items = r.items.clone();
            self.subtotal = r.subtotal;
            self.discount = r.discount;
            self.total = r.total;
            self.adjustment = Some(r.adjustment.clone());
        }
    }

    /// The points a completion credits (`None` when the order earns none).
    pub fn earning(
        &self,
        at: OffsetDateTime,
        settings: &super::PointsSettings,
    ) -> Option<super::PointsEntry> {
        let points = settings.earned(self.total);
        (points > 0).then(|| {
            super::PointsEntry::credit(super::PointsKind::Earned, points, at, settings)
                .for_order(&self.id, self.invoice_code.as_str())
        })
    }

    /// The order as it is after `t`.
    pub fn applied(&self, t: &Transition) -> Self {
        let mut after = self.clone();
        after.apply(t);
        after
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::{
        AccountStatus, Address, Category, Email, PersonName, Phone, ProductId, ProductName,
    };

    /// A pending-placed order of Dewi's, set to `status` (for other modules' tests too).
    pub(crate) fn order(status: OrderStatus) -> Order {
        let mut customer = User::new(
            Email::parse("dewi@example.com").expect("email"),
            PersonName::parse("Dewi").expect("name"),
            String::new(),
            Role::Customer,
            AccountStatus::Approved,
            OffsetDateTime::UNIX_EPOCH,
        );
        customer.pending_orders = 1;
        let placement = Placement {
            invoice_code: InvoiceCode::new(time::macros::date!(2026 - 03 - 07), 1),
            items: vec![OrderLine {
                product_id: ProductId::generate(),
                name: ProductName::parse("Kartu nama").expect("name"),
                category: Category::other(),
                quantity: 3,
                unit_price: 25_000,
                discount: 5_000,
                promo: None,
                options: Vec::new(),
                size: None,
            }],
            shipping_cost: 10_000,
            voucher: None,
            points: None,
            shipping_address: Address {
                recipient: PersonName::parse("Dewi").expect("name"),
                phone: Phone::parse("0812 3456 789").expect("phone"),
                street: Line::parse("Jl. Melati 1", 200).expect("street"),
                district: None,
                city: Line::parse("Bandung", 100).expect("city"),
                province: None,
                postal_code: Line::parse("40111", 20).expect("postal code"),
            },
            note: Note::default(),
        };
        let mut o = Order::place(&customer, placement, OffsetDateTime::UNIX_EPOCH).expect("placed");
        o.status = status;
        o
    }

    #[test]
    fn a_placed_order_is_pending_with_totals_from_its_lines() {
        let o = order(OrderStatus::Pending);
        // 3 × 25,000, less the line's 5,000 discount, plus shipping.
        assert_eq!(
            (o.subtotal, o.discount, o.shipping_cost, o.total),
            (75_000, 5_000, 10_000, 80_000)
        );
        assert_eq!(o.history.len(), 1);
        assert_eq!(o.history[0].by, Some(Role::Customer));
    }

    #[test]
    fn a_customer_at_the_limit_cannot_place_another_order() {
        let o = order(OrderStatus::Pending);
        let mut customer = User::new(
            o.customer_email.clone(),
            o.customer_name.clone(),
            String::new(),
            Role::Customer,
            AccountStatus::Approved,
            OffsetDateTime::UNIX_EPOCH,
        );
        customer.pending_orders = MAX_PENDING_ORDERS;
        let placement = Placement {
            invoice_code: o.invoice_code.clone(),
            items: o.items.clone(),
            shipping_cost: 0,
            voucher: None,
            points: None,
            shipping_address: o.shipping_address.clone(),
            note: Note::default(),
        };
        assert_eq!(
            Order::place(&customer, placement, OffsetDateTime::UNIX_EPOCH).err(),
            Some(Refusal::OrderLimitReached)
        );
    }

    #[test]
    fn a_move_changes_status_history_tracking_and_the_proof_flag_in_one_place() {
        let mut o = order(OrderStatus::Accepted);
        o.proof_to_check = true;
        let at = OffsetDateTime::UNIX_EPOCH + time::Duration::hours(1);
        let operator = UserId::generate();
        let t = o
            .move_to(
                OrderStatus::Paid,
                Note::parse("transfer seen").expect("note"),
                None,
                at,
                Role::Operator,
                &operator,
            )
            .expect("allowed");
        let paid = o.applied(&t);
        assert_eq!(paid.status, OrderStatus::Paid);
        assert!(!paid.proof_to_check);
        assert_eq!(paid.updated_at, at);
        let last = paid.history.last().expect("entry");
        assert_eq!(
            (last.status, last.note.as_deref(), last.by),
            (
                OrderStatus::Paid,
                Some("transfer seen"),
                Some(Role::Operator)
            )
        );
        assert_eq!(last.by_id.as_ref(), Some(&operator), "who moved it is kept");

        let tracking = Line::parse("JNE123", 100).expect("tracking");
        let mut o = order(OrderStatus::InProduction);
        o.proof_to_check = true;
        let t = o
            .move_to(
                OrderStatus::Shipped,
                Note::default(),
                Some(tracking.clone()),
                at,
                Role::Admin,
                &UserId::generate(),
            )
            .expect("allowed");
        o.apply(&t);
        assert_eq!(o.tracking_number, Some(tracking));
        assert!(o.proof_to_check, "only the move to paid settles the proof");
        assert_eq!(o.history.last().and_then(|e| e.note.clone()), None);
    }

    #[test]
    fn moves_are_refused_from_the_wrong_status() {
        use OrderStatus::*;
        let at = OffsetDateTime::UNIX_EPOCH;
        // Each move by a role that may make it, so only the status decides.
        let refused = |from: OrderStatus, to: OrderStatus| {
            let by = if to == Cancelled {
                Role::Customer
            } else {
                Role::Admin
            };
            order(from)
                .move_to(to, Note::default(), None, at, by, &UserId::generate())
                .err()
        };
        assert_eq!(
            refused(Accepted, Cancelled),
            Some(Refusal::InvalidMove {
                from: Accepted,
                to: Cancelled
            })
        );
        assert_eq!(
            refused(Accepted, Rejected),
            Some(Refusal::InvalidMove {
                from: Accepted,
                to: Rejected
            })
        );
        assert_eq!(
            refused(Pending, Paid),
            Some(Refusal::InvalidMove {
                from: Pending,
                to: Paid
            })
        );
        assert_eq!(
            refused(Paid, Shipped),
            Some(Refusal::InvalidMove {
                from: Paid,
                to: Shipped
            })
        );
        assert_eq!(refused(Pending, Accepted), None);
        assert_eq!(refused(Pending, Cancelled), None);
        assert_eq!(refused(Shipped, Completed), None);
    }

    #[test]
    fn each_move_belongs_to_its_roles() {
        use OrderStatus::*;
        let at = OffsetDateTime::UNIX_EPOCH;
        let by = |from: OrderStatus, to: OrderStatus, role: Role| {
            order(from)
                .move_to(to, Note::default(), None, at, role, &UserId::generate())
                .err()
        };
        assert_eq!(
            by(Pending, Cancelled, Role::Admin),
            Some(Refusal::NotAllowed)
        );
        assert_eq!(
            by(Pending, Accepted, Role::Manager),
            Some(Refusal::NotAllowed)
        );
        assert_eq!(by(Pending, Accepted, Role::Operator), None);
        assert_eq!(
            by(Pending, Rejected, Role::Customer),
            Some(Refusal::NotAllowed)
        );
        assert_eq!(
            by(Accepted, Paid, Role::Marketing),
            Some(Refusal::NotAllowed)
        );
        assert_eq!(by(Accepted, Paid, Role::Operator), None);
        assert_eq!(by(Shipped, Completed, Role::Admin), None);
    }
}
