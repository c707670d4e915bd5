//! AWS implementations of the ports: structs holding an SDK client and resource names.

pub mod dynamo;
pub mod dynamo_analytics;
pub mod dynamo_conversations;
pub mod dynamo_files;
pub mod dynamo_marketing;
pub mod dynamo_outbox;
pub mod dynamo_promos;
pub mod dynamo_reviews;
pub mod dynamo_shop;
pub mod s3;
pub mod ses;
