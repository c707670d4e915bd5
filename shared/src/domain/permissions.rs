//! What each staff role may do: the one map the API enforces (`Principal::require_to`)
//! and the console builds its tabs and buttons from (`UserView::permissions`).
//!
//! | permission | operator | marketing | manager | admin |
//! | --- | :-: | :-: | :-: | :-: |
//! | `orders.view`: the order queue, an order, its files and invoice | ✓ | | ✓ | ✓ |
//! | `orders.decide`: accept or reject a pending order | ✓ | | | ✓ |
//! | `orders.move`: production moves (paid → … → completed) | ✓ | | | ✓ |
//! | `orders.proof`: send design proofs to an order's customer | ✓ | | | ✓ |
//! | `orders.reprice`: accept a pending order at changed prices or with fees | | | | ✓ |
//! | `quotes`: see quote requests and price them | ✓ | | | ✓ |
//! | `messages.view`: customers' messages | ✓ | ✓ | ✓ | ✓ |
//! | `messages.reply`: reply and write to customers | ✓ | ✓ | | ✓ |
//! | `promos`: promos, promo mail, vouchers | | ✓ | | ✓ |
//! | `testimonials`: approve or hide customers' testimonials | | ✓ | | ✓ |
//! | `customers.view`: the customer list (campaigns, look-ups) | | ✓ | ✓ | ✓ |
//! | `customers.decide`: approve or reject a registration | | | | ✓ |
//! | `customers.note`: write staff notes about a customer | | ✓ | | ✓ |
//! | `points.view`: a customer's points | | ✓ | ✓ | ✓ |
//! | `points.adjust`: add or take off points | | ✓ | | ✓ |
//! | `dashboard`: sales figures | | | ✓ | ✓ |
//! | `sales.import`: bring past sales in from the books, undo an import | | | ✓ | ✓ |
//! | `catalog`: products and their pictures | | | | ✓ |
//! | `settings`: payment, points, shop, security settings | | | | ✓ |
//! | `privacy`: customers' exports and erasures, their record | | | | ✓ |
//! | `staff`: invite staff, change their roles, deactivate them | | | | ✓ |
//! | `activity`: the activity log (every staff action) | | | ✓ | ✓ |
//!
//! Customers have none of these (their own routes check the customer role).

use super::Role;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Permission {
    #[serde(rename = "orders.view")]
    OrdersView,
    #[serde(rename = "orders.decide")]
    OrdersDecide,
    #[serde(rename = "orders.move")]
    OrdersMove,
    #[serde(rename = "orders.proof")]
    OrdersProof,
    #[serde(rename = "orders.reprice")]
    OrdersReprice,
    #[serde(rename = "quotes")]
    Quotes,
    #[serde(rename = "messages.view")]
    MessagesView,
    #[serde(rename = "messages.reply")]
    MessagesReply,
    #[serde(rename = "promos")]
    Promos,
    #[serde(rename = "testimonials")]
    Testimonials,
    #[serde(rename = "customers.view")]
    CustomersView,
    #[serde(rename = "customers.decide")]
    CustomersDecide,
    #[serde(rename = "customers.note")]
    CustomersNote,
    #[serde(rename = "points.view")]
    PointsView,
    #[serde(rename = "points.adjust")]
    PointsAdjust,
    #[serde(rename = "dashboard")]
    Dashboard,
    #[serde(rename = "sales.import")]
    SalesImport,
    #[serde(rename = "catalog")]
    Catalog,
    #[serde(rename = "settings")]
    Settings,
    #[serde(rename = "privacy")]
    Privacy,
    #[serde(rename = "staff")]
    Staff,
    #[serde(rename = "activity")]
    Activity,
}

use Permission::*;
use Role::{Admin, Manager, Marketing, Operator};

impl Permission {
    pub const ALL: [Permission; 22] = [
        OrdersView,
        OrdersDecide,
        OrdersMove,
        OrdersProof,
        OrdersReprice,
        Quotes,
        MessagesView,
        MessagesReply,
        Promos,
        Testimonials,
        CustomersView,
        CustomersDecide,
        CustomersNote,
        PointsView,
        PointsAdjust,
        Dashboard,
        SalesImport,
        Catalog,
        Settings,
        Privacy,
        Staff,
        Activity,
    ];

    /// The roles that have it (admins have every one).
    pub fn roles(self) -> &'static [Role] {
        match self {
            OrdersView => &[Operator, Manager, Admin],
            OrdersDecide | OrdersMove | OrdersProof | Quotes => &[Operator, Admin],
            MessagesView => &[Operator, Marketing, Manager, Admin],
            MessagesReply => &[Operator, Marketing, Admin],
            Promos | Testimonials | PointsAdjust | CustomersNote => &[Marketing, Admin],
            CustomersView | PointsView => &[Marketing, Manager, Admin],
            Dashboard | SalesImport | Activity => &[Manager, Admin],
            CustomersDecide | Catalog | Settings | Privacy | Staff | OrdersReprice => &[Admin],
        }
    }
}

impl Role {
    pub fn may(self, p: Permission) -> bool {
        p.roles().contains(&self)
    }

    /// Everything the role may do, in the table's order.
    pub fn permissions(self) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| self.may(*p))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_may_everything_and_customers_nothing() {
        assert_eq!(Admin.permissions(), Permission::ALL.to_vec());
        assert!(Role::Customer.permissions().is_empty());
    }

    #[test]
    fn each_role_has_its_main_work() {
        assert!(Operator.may(OrdersDecide) && Operator.may(OrdersMove) && !Operator.may(Promos));
        assert!(Marketing.may(Promos) && !Marketing.may(OrdersView));
        assert!(Manager.may(Dashboard) && Manager.may(OrdersView) && !Manager.may(OrdersDecide));
        assert!(!Manager.may(MessagesReply) && Manager.may(MessagesView));
    }

    #[test]
    fn the_names_are_the_console_s() {
        assert_eq!(
            serde_json::to_value(OrdersView).expect("json"),
            "orders.view"
        );
        assert_eq!(serde_json::to_value(Privacy).expect("json"), "privacy");
    }
}
