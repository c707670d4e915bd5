//! AWS implementations of the ports: structs holding an SDK client and resource names.

pub mod dynamo;
pub mod s3;
pub mod secrets;
pub mod ses;
