//! Ids: ULIDs, time-sortable and strictly increasing within a process.

/// The next id of this process: ULIDs, strictly increasing even within one
/// millisecond, so items keyed by them (inbox messages) keep their creation order.
pub fn next_ulid() -> ulid::Ulid {
    static GENERATOR: std::sync::OnceLock<std::sync::Mutex<ulid::Generator>> =
        std::sync::OnceLock::new();
    let mut generator = GENERATOR
        .get_or_init(|| std::sync::Mutex::new(ulid::Generator::new()))
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    generator.generate().unwrap_or_else(|_| ulid::Ulid::new())
}

/// An opaque, time-sortable id (a ULID) of any entity.
macro_rules! ulid_id {
    ($name:ident) => {
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize, PartialOrd, Ord,
        )]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn generate() -> Self {
                Self($crate::domain::id::next_ulid().to_string())
            }

            /// Anything that is not a ULID names nothing.
            pub fn parse(raw: &str) -> Option<Self> {
                ulid::Ulid::from_string(raw)
                    .ok()
                    .map(|u| Self(u.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
pub(crate) use ulid_id;
