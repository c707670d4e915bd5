//! Design proofs: staff send a proof of the print (version 1, 2, …) to an order; its
//! customer approves it or asks for changes with a comment; the order cannot go into
//! production until the latest proof is approved. Every proof and answer goes into the
//! order's history and tells the other side (an inbox message; a mail to the customer).

use super::{
    multi_line, rfc3339, FileId, HistoryEntry, Locale, Message, Order, OrderFile, OrderStatus,
    ParseError, Refusal, Role, UserId,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Proof versions one order may have: far more than any job needs, few enough that the
/// order item (which carries the history) stays small.
pub const MAX_PROOF_VERSIONS: u32 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProofState {
    /// Sent; the customer has not answered.
    Awaiting,
    Approved,
    ChangesRequested,
}

impl ProofState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Awaiting => "awaiting",
            Self::Approved => "approved",
            Self::ChangesRequested => "changes_requested",
        }
    }
}

/// The latest proof of an order and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Proof {
    pub version: u32,
    pub file_id: FileId,
    pub name: String,
    pub state: ProofState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub sent_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<String>,
}

/// What a history entry says about a proof (the comment is the entry's note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProofMark {
    pub version: u32,
    pub state: ProofState,
}

/// The customer's answer to a proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProofAnswer {
    /// Approved, with an optional word for the shop.
    Approve(Option<String>),
    /// Changes asked for: what to change (required).
    Changes(String),
}

impl ProofAnswer {
    /// `decision` is `approve` or `changes`; a comment is up to 2,000 characters and
    /// required to ask for changes.
    pub fn parse(
        decision: &str,
        comment: Option<&str>,
    ) -> Result<Self, (&'static str, ParseError)> {
        let comment = match comment {
            Some(c) => multi_line(c, 2000, "must be at most 2000 characters")
                .map_err(|e| ("comment", e))?,
            None => String::new(),
        };
        match decision.trim() {
            "approve" => Ok(Self::Approve((!comment.is_empty()).then_some(comment))),
            "changes" if comment.is_empty() => {
                Err(("comment", "is required: say what should change"))
            }
            "changes" => Ok(Self::Changes(comment)),
            _ => Err(("decision", "must be \"approve\" or \"changes\"")),
        }
    }
}

/// A decided proof step: the proof as the order keeps it, the version (and state) it
/// replaces, which the store checks, the history entry and the other side's message.
#[derive(Debug, Clone)]
pub struct ProofStep {
    pub proof: Proof,
    /// The latest proof before the step (`None`: the first).
    pub before: Option<ProofMark>,
    pub entry: HistoryEntry,
    /// To the customer (a new proof) or to the shop's inbox (an answer).
    pub message: Message,
    pub at: OffsetDateTime,
}

impl OrderStatus {
    /// Whether staff may still send a proof: before production starts.
    pub fn takes_proofs(self) -> bool {
        matches!(self, Self::Pending | Self::Accepted | Self::Paid)
    }
}

impl Order {
    /// Whether the order may go into production as far as proofs go: none were sent, or
    /// the latest is approved.
    pub fn proof_cleared(&self) -> bool {
        self.proof
            .as_ref()
            .is_none_or(|p| p.state == ProofState::Approved)
    }

    /// Whether staff may send a proof to this order now.
    pub fn may_send_proof(&self) -> Result<(), Refusal> {
        if !self.status.takes_proofs() {
            return Err(Refusal::ProofTooLate(self.status));
        }
        if self.proof.as_ref().map_or(0, |p| p.version) >= MAX_PROOF_VERSIONS {
            return Err(Refusal::TooManyProofs);
        }
        Ok(())
    }

    /// Staff (`by`) send `file` (a checked design proof) as the next version.
    pub fn send_proof(
        &self,
        file: &OrderFile,
        at: OffsetDateTime,
        by: Role,
        by_id: &UserId,
    ) -> Result<ProofStep, Refusal> {
        if !by.may(super::Permission::OrdersProof) {
            return Err(Refusal::NotAllowed);
        }
        self.may_send_proof()?;
        let version = self.proof.as_ref().map_or(0, |p| p.version) + 1;
        let proof = Proof {
            version,
            file_id: file.id.clone(),
            name: file.name.clone(),
            state: ProofState::Awaiting,
            comment: None,
            sent_at: rfc3339(at),
            answered_at: None,
        };
        let code = self.invoice_code.as_str();
        let (subject, body) = match self.customer_locale {
            Locale::En => (
                format!("Proof {version} of {code} is ready for you"),
                "Please look at the proof on the order's page: approve it, or tell us what to change. We print once you approve."
                    .to_owned(),
            ),
            Locale::Id => (
                format!("Proof {version} untuk {code} siap diperiksa"),
                "Silakan periksa proof di halaman pesanan: setujui, atau beri tahu kami apa yang perlu diubah. Kami mencetak setelah Anda setuju."
                    .to_owned(),
            ),
        };
        Ok(ProofStep {
            before: self.proof.as_ref().map(Proof::mark),
            entry: self.proof_entry(&proof, None, at, by, by_id),
            message: Message::from_shop(
                self.customer_id.clone(),
                subject,
                body,
                Some(self.id.clone()),
                at,
            ),
            proof,
            at,
        })
    }

    /// The customer answers proof `version`: only the latest, only once.
    pub fn answer_proof(
        &self,
        version: u32,
        answer: ProofAnswer,
        at: OffsetDateTime,
    ) -> Result<ProofStep, Refusal> {
        let latest = self.proof.as_ref().ok_or(Refusal::ProofNotCurrent)?;
        if latest.version != version || latest.state != ProofState::Awaiting {
            return Err(Refusal::ProofNotCurrent);
        }
        if !self.status.takes_proofs() {
            return Err(Refusal::ProofTooLate(self.status));
        }
        let (state, comment) = match answer {
            ProofAnswer::Approve(c) => (ProofState::Approved, c),
            ProofAnswer::Changes(c) => (ProofState::ChangesRequested, Some(c)),
        };
        let proof = Proof {
            state,
            comment: comment.clone(),
            answered_at: Some(rfc3339(at)),
            ..latest.clone()
        };
        let code = self.invoice_code.as_str();
        let subject = match state {
            ProofState::Approved => format!("Proof {version} of {code} approved"),
            _ => format!("Proof {version} of {code}: changes requested"),
        };
        let body = comment
            .clone()
            .unwrap_or_else(|| "Approved without comment: ready for production.".to_owned());
        let message = Message::from_customer(
            self.customer_id.clone(),
            subject,
            body,
            Some(self.id.clone()),
            None,
            at,
        );
        Ok(ProofStep {
            before: Some(latest.mark()),
            entry: self.proof_entry(&proof, comment, at, Role::Customer, &self.customer_id),
            message,
            proof,
            at,
        })
    }

    fn proof_entry(
        &self,
        proof: &Proof,
        note: Option<String>,
        at: OffsetDateTime,
        by: Role,
        by_id: &UserId,
    ) -> HistoryEntry {
        HistoryEntry {
            status: self.status,
            at: rfc3339(at),
            note,
            by: Some(by),
            by_id: Some(by_id.clone()),
            proof: Some(proof.mark()),
        }
    }

    /// The order as it is after `step`.
    pub fn with_proof(&self, step: &ProofStep) -> Self {
        let mut after = self.clone();
        after.proof = Some(step.proof.clone());
        after.history.push(step.entry.clone());
        after.updated_at = step.at;
        after
    }
}

impl Proof {
    pub fn mark(&self) -> ProofMark {
        ProofMark {
            version: self.version,
            state: self.state,
        }
    }
}

#[cfg(test)]
mod tests;
