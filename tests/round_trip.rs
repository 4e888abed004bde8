//! A real chat-completions round trip over loopback HTTP: a stamped, guarded body
//! goes out through a real HTTP client (`ureq`) to a server started on 127.0.0.1,
//! which records exactly what it received. Only the loopback address is used.

use std::io::{self, Read, Write};
use std::net::TcpListener;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use idpolicy::{Error, Guard, HmacPolicy, Key, Profile, Rule, UserId, Validator, ValidatorConfig};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The internal id that must never reach the provider.
const INTERNAL_ID: &str = "jane.doe@example.com";

const REPLY: &str = r#"{"id":"chatcmpl-test","object":"chat.completion","created":0,"model":"test-model","choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"#;

fn listener() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").expect("bind loopback")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Accepts one request, records every byte of it (request line, headers, body),
/// and replies with a chat completion.
fn serve_once(listener: TcpListener) -> JoinHandle<io::Result<Vec<u8>>> {
    thread::spawn(move || {
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
            if let Some(at) = find(&received, b"\r\n\r\n") {
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
        stream.flush()?;
        Ok(received)
    })
}

fn agent() -> ureq::Agent {
    // No proxy: the request must go straight to loopback whatever the environment says.
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(10)))
            .build(),
    )
}

/// POSTs `body` to the loopback server and returns the assistant's reply text.
///
/// # Panics
/// When the request fails, including when nothing answers within the timeout.
fn post(port: u16, body: &[u8]) -> String {
    let mut response = agent()
        .post(&format!("http://127.0.0.1:{port}/v1/chat/completions"))
        .header("content-type", "application/json")
        .header("authorization", "Bearer test-key-not-secret")
        .send(body)
        .expect("request (a refused body must never get here)");
    let reply: Value =
        serde_json::from_str(&response.body_mut().read_to_string().expect("reply")).expect("json");
    reply["choices"][0]["message"]["content"]
        .as_str()
        .expect("content")
        .to_owned()
}

fn body_of(received: &[u8]) -> Value {
    let at = find(received, b"\r\n\r\n").expect("header end") + 4;
    serde_json::from_slice(&received[at..]).expect("json body")
}

fn policy() -> HmacPolicy {
    let key = Key::from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        .expect("key");
    HmacPolicy::builder(key)
        .context("round-trip")
        .build()
        .expect("policy")
}

fn assert_no_raw_id(received: &[u8]) {
    let text = String::from_utf8_lossy(received).to_lowercase();
    for needle in [INTERNAL_ID, "jane.doe", "jane%2edoe", "example.com"] {
        assert!(
            !text.contains(needle),
            "the server received part of the raw internal id"
        );
    }
}

#[test]
fn openai_body_carries_the_anonymized_id_and_never_the_raw_one() {
    let listener = listener();
    let port = listener.local_addr().expect("addr").port();
    let server = serve_once(listener);

    let policy = policy();
    let mut body = json!({
        "model": "gpt-5-mini",
        "messages": [{"role": "user", "content": "Say hello."}],
    });
    let id = Profile::openai()
        .stamp(&policy, INTERNAL_ID, &mut body)
        .expect("stamp");
    let bytes = Guard::default().to_vec(&body).expect("guard");
    assert_eq!(post(port, &bytes), "Hello!");

    let received = server.join().expect("server thread").expect("server io");
    let sent = body_of(&received);
    assert_eq!(sent["safety_identifier"], id.as_str());
    assert_eq!(sent["prompt_cache_key"], id.as_str());
    assert!(policy.verify(INTERNAL_ID, id.as_str()));
    assert_no_raw_id(&received);
}

/// Mimics `async_openai::types::CreateChatCompletionRequest`: optional fields are
/// skipped when `None`.
#[derive(Serialize, Deserialize)]
struct CreateChatCompletionRequest {
    model: String,
    messages: Vec<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_completion_tokens: Option<u32>,
}

#[derive(Serialize, Deserialize)]
struct Message {
    role: String,
    content: String,
}

#[test]
fn typed_client_request_round_trips() {
    let listener = listener();
    let port = listener.local_addr().expect("addr").port();
    let server = serve_once(listener);

    let request = CreateChatCompletionRequest {
        model: "openrouter/auto".into(),
        messages: vec![Message {
            role: "user".into(),
            content: "Say hello.".into(),
        }],
        user: None,
        max_completion_tokens: Some(16),
    };
    let policy = policy();
    let request = Profile::openrouter()
        .stamp_typed(&policy, INTERNAL_ID, request)
        .expect("stamp");
    let id: UserId = request
        .user
        .as_deref()
        .expect("user set")
        .parse()
        .expect("id");
    let bytes = Guard::default().to_vec(&request).expect("guard");
    assert_eq!(post(port, &bytes), "Hello!");

    let received = server.join().expect("server thread").expect("server io");
    assert_eq!(body_of(&received)["user"], id.as_str());
    assert_no_raw_id(&received);
}

/// Whether anything connected to the listener.
fn connected(listener: &TcpListener) -> bool {
    listener.set_nonblocking(true).expect("nonblocking");
    // Give a stray connection time to arrive before concluding none did.
    thread::sleep(Duration::from_millis(50));
    match listener.accept() {
        Ok(_) => true,
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => false,
        Err(e) => panic!("accept failed: {e}"),
    }
}

/// Sends `body` only if the guard accepts it, as an application would.
fn guarded_send(guard: &Guard, port: u16, body: &Value) -> Result<String, Error> {
    let bytes = guard.to_vec(body)?;
    Ok(post(port, &bytes))
}

#[test]
fn a_pii_id_is_never_sent() {
    let listener = listener();
    let port = listener.local_addr().expect("addr").port();

    // A phone number as the Anthropic user id, with phones at deny level.
    let config: ValidatorConfig =
        serde_json::from_str(r#"{"levels": {"pii-phone": "deny"}}"#).expect("config");
    let guard = Guard::new(Validator::from_config(&config).expect("validator"));
    let phone = "+1 (415) 867-5309";
    let body = json!({
        "model": "claude-sonnet-4-5",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "Say hello."}],
        "metadata": {"user_id": phone},
    });
    let err = guarded_send(&guard, port, &body).expect_err("refused");
    match &err {
        Error::FieldDenied { field, rules } => {
            assert_eq!(field, "metadata.user_id");
            assert!(rules.contains(&Rule::PiiPhone), "{rules:?}");
        }
        other => panic!("unexpected error: {other}"),
    }
    assert!(!err.to_string().contains("867"));
    assert!(!format!("{err:?}").contains("867"));
    assert!(!connected(&listener), "the server received a request");
}

#[test]
fn a_raw_email_is_never_sent() {
    let listener = listener();
    let port = listener.local_addr().expect("addr").port();
    let body = json!({"model": "gpt-5-mini", "messages": [], "user": INTERNAL_ID});
    let err = guarded_send(&Guard::default(), port, &body).expect_err("refused");
    assert!(
        matches!(&err, Error::FieldDenied { field, rules } if field == "user" && rules.contains(&Rule::PiiEmail)),
        "{err}"
    );
    assert!(!err.to_string().contains("jane"));
    assert!(!connected(&listener), "the server received a request");
}
