//! A real chat-completions round trip over loopback HTTP.
//!
//! Starts a tiny server on 127.0.0.1 (a stand-in for an OpenAI-compatible
//! provider), stamps a request body with an anonymized id, guards it and sends it
//! with `ureq`; then shows a body with a raw email being refused before it is sent.
//!
//! ```text
//! cargo run --example round_trip
//! ```

// An example talks to its user.
#![allow(clippy::print_stdout)]

use std::io::{self, Read, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use idpolicy::{Guard, HmacPolicy, Key, Profile};
use serde_json::{Value, json};

const REPLY: &str = r#"{"id":"chatcmpl-demo","object":"chat.completion","created":0,"model":"demo","choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}]}"#;

/// Accepts one request, returns its body, replies with a chat completion.
fn serve_once(listener: TcpListener) -> io::Result<Vec<u8>> {
    let (mut stream, _) = listener.accept()?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let header_end = loop {
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        received.extend_from_slice(&buffer[..n]);
        if let Some(at) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let headers = String::from_utf8_lossy(&received[..header_end]).to_ascii_lowercase();
    let length: usize = headers
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    while received.len() < header_end + length {
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        received.extend_from_slice(&buffer[..n]);
    }
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{REPLY}",
        REPLY.len()
    )?;
    Ok(received.split_off(header_end))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!(
        "http://127.0.0.1:{}/v1/chat/completions",
        listener.local_addr()?.port()
    );
    let server = thread::spawn(move || serve_once(listener));

    // The demo key is public; load a real one with `Key::from_env`.
    let key = Key::from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")?;
    let policy = HmacPolicy::builder(key).context("demo").build()?;
    let guard = Guard::default();

    let mut body = json!({
        "model": "gpt-5-mini",
        "messages": [{"role": "user", "content": "Say hello."}],
    });
    let id = Profile::openai().stamp(&policy, "jane.doe@example.com", &mut body)?;
    let bytes = guard.to_vec(&body)?;

    let agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(10)))
            .build(),
    );
    let mut response = agent
        .post(&url)
        .header("content-type", "application/json")
        .send(&bytes[..])?;
    let reply: Value = serde_json::from_str(&response.body_mut().read_to_string()?)?;

    let received: Value =
        serde_json::from_slice(&server.join().map_err(|_| "server thread panicked")??)?;
    println!("sent safety_identifier: {id}");
    println!("server received:        {}", received["safety_identifier"]);
    println!(
        "assistant replied:      {}",
        reply["choices"][0]["message"]["content"]
    );

    // A body built without the policy is refused before anything is sent.
    let raw = json!({"model": "gpt-5-mini", "messages": [], "user": "jane.doe@example.com"});
    match guard.to_vec(&raw) {
        Ok(_) => println!("raw body accepted (is the pii-email rule enabled?)"),
        Err(e) => println!("raw body refused:       {e}"),
    }
    Ok(())
}
