//! Work waiting for staff: what the console's tab badges count, each only for the roles
//! that may see that work (`permissions.rs`).

use super::{Permission, Role};
use serde::Serialize;

/// Everything waiting, as counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaitingWork {
    /// Registrations waiting for a decision.
    pub registrations: u32,
    /// Orders waiting for acceptance.
    pub pending_orders: u32,
    /// Accepted orders whose payment proof staff have not checked yet.
    pub proofs_to_check: u32,
    /// Customers' messages nobody answered yet.
    pub unanswered_messages: u32,
}

/// What one role is shown: `None` for work it may not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WaitingView {
    pub registrations: Option<u32>,
    pub pending_orders: Option<u32>,
    pub proofs_to_check: Option<u32>,
    pub unanswered_messages: Option<u32>,
}

impl WaitingWork {
    pub fn for_role(self, role: Role) -> WaitingView {
        let show = |p: Permission, n: u32| role.may(p).then_some(n);
        WaitingView {
            registrations: show(Permission::CustomersView, self.registrations),
            pending_orders: show(Permission::OrdersView, self.pending_orders),
            proofs_to_check: show(Permission::OrdersView, self.proofs_to_check),
            unanswered_messages: show(Permission::MessagesView, self.unanswered_messages),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_sees_the_work_it_may_do() {
        let w = WaitingWork {
            registrations: 2,
            pending_orders: 3,
            proofs_to_check: 1,
            unanswered_messages: 4,
        };
        let op = w.for_role(Role::Operator);
        assert_eq!(
            (op.registrations, op.pending_orders, op.unanswered_messages),
            (None, Some(3), Some(4))
        );
        let mk = w.for_role(Role::Marketing);
        assert_eq!((mk.registrations, mk.pending_orders), (Some(2), None));
        assert_eq!(w.for_role(Role::Customer).unanswered_messages, None);
    }
}
