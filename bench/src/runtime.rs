//! A Lambda runtime API (the part a function's runtime client uses) on a free port of
//! localhost: it hands events to the function and records when each answer arrives.

use crate::BoxError;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Mutex};

/// An event for the function, and what answered it.
pub struct Done {
    pub at: Instant,
    pub ok: bool,
    pub body: Vec<u8>,
}

type Events = Arc<Mutex<mpsc::UnboundedReceiver<(String, String)>>>;

pub struct Runtime {
    pub addr: String,
    events: mpsc::UnboundedSender<(String, String)>,
    done: mpsc::UnboundedReceiver<Done>,
}

impl Runtime {
    pub async fn start() -> Result<Self, BoxError> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?.to_string();
        let (events_tx, events_rx) = mpsc::unbounded_channel();
        let (done_tx, done_rx) = mpsc::unbounded_channel();
        let events: Events = Arc::new(Mutex::new(events_rx));
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                // Small writes without Nagle's delay (else a 40 ms delayed-ACK stall
                // sits in every warm call).
                let _ = stream.set_nodelay(true);
                let (events, done) = (events.clone(), done_tx.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, events, done).await;
                });
            }
        });
        Ok(Self {
            addr,
            events: events_tx,
            done: done_rx,
        })
    }

    pub fn send(&self, event: &Value) -> Result<(), BoxError> {
        let id = ulid::Ulid::new().to_string();
        self.events
            .send((id, event.to_string()))
            .map_err(|_| "the runtime API stopped".into())
    }

    pub async fn answer(&mut self) -> Result<Done, BoxError> {
        tokio::time::timeout(Duration::from_secs(30), self.done.recv())
            .await
            .map_err(|_| "no answer in 30 s")?
            .ok_or_else(|| "the runtime API stopped".into())
    }
}

/// One connection of the runtime client: `GET .../invocation/next` waits for an event;
/// `POST .../{id}/response` (or `/error`) hands back the answer.
async fn serve(
    stream: TcpStream,
    events: Events,
    done: mpsc::UnboundedSender<Done>,
) -> Result<(), BoxError> {
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let (method, path) = (
            parts.next().unwrap_or("").to_owned(),
            parts.next().unwrap_or("").to_owned(),
        );
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).await? == 0 || header == "\r\n" {
                break;
            }
            if let Some((k, v)) = header.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await?;
        let out = reader.get_mut();
        if method == "GET" && path.ends_with("/invocation/next") {
            let Some((id, payload)) = events.lock().await.recv().await else {
                return Ok(());
            };
            let deadline = time::OffsetDateTime::now_utc().unix_timestamp() * 1000 + 60_000;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                 lambda-runtime-aws-request-id: {id}\r\nlambda-runtime-deadline-ms: {deadline}\r\n\
                 lambda-runtime-invoked-function-arn: arn:aws:lambda:us-east-1:123456789012:function:bench\r\n\
                 lambda-runtime-trace-id: Root=1-00000000-000000000000000000000000\r\n\r\n",
                payload.len()
            );
            out.write_all(format!("{head}{payload}").as_bytes()).await?;
        } else {
            if path.ends_with("/response") || path.ends_with("/error") {
                let _ = done.send(Done {
                    at: Instant::now(),
                    ok: path.ends_with("/response"),
                    body,
                });
            }
            out.write_all(b"HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}")
                .await?;
        }
        out.flush().await?;
    }
}
