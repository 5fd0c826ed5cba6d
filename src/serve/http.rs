//! The HTTP side of the server: answers, problems (every refusal, with its
//! status and a message that says what to do), and the checks of a request's
//! headers and body.

use super::api::BadRequest;
use super::page::Asset;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{HeaderMap, Method, Request, Response, StatusCode, header};
use serde_json::json;
use std::time::Duration;

/// Every answer's body: whole, in memory.
pub type Body = Full<Bytes>;

/// A successful answer.
pub struct Answer {
    status: StatusCode,
    content_type: &'static str,
    body: Bytes,
    headers: Vec<(header::HeaderName, String)>,
}

impl Answer {
    pub fn json(body: Vec<u8>) -> Answer {
        Answer {
            status: StatusCode::OK,
            content_type: "application/json",
            body: Bytes::from(body),
            headers: Vec::new(),
        }
    }

    pub fn asset(a: &'static Asset) -> Answer {
        Answer {
            status: StatusCode::OK,
            content_type: a.content_type,
            body: Bytes::from_static(a.body.as_bytes()),
            headers: vec![
                // The page loads nothing from elsewhere, and says so.
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'".into(),
                ),
                (header::CACHE_CONTROL, "no-cache".into()),
            ],
        }
    }

    /// The answer to a CORS preflight (`OPTIONS`).
    pub fn preflight(allowed: Method) -> Answer {
        Answer {
            status: StatusCode::NO_CONTENT,
            content_type: "text/plain",
            body: Bytes::new(),
            headers: vec![
                (
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    format!("{allowed}, OPTIONS"),
                ),
                (
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    "authorization, content-type".into(),
                ),
                (header::ACCESS_CONTROL_MAX_AGE, "600".into()),
            ],
        }
    }

    pub fn into_response(self) -> Response<Body> {
        let mut r = Response::new(Full::new(self.body));
        *r.status_mut() = self.status;
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, value(self.content_type));
        h.insert(header::X_CONTENT_TYPE_OPTIONS, value("nosniff"));
        for (name, v) in self.headers {
            h.insert(name, value(&v));
        }
        r
    }
}

fn value(s: &str) -> header::HeaderValue {
    header::HeaderValue::from_str(s).unwrap_or(header::HeaderValue::from_static(""))
}

/// A request refused: status, a stable code, a message, and where in the
/// body the problem is.
#[derive(Debug)]
pub struct Problem {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub at: Option<(usize, usize)>,
    headers: Vec<(header::HeaderName, String)>,
}

impl Problem {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Problem {
        Problem {
            status,
            code,
            message: message.into(),
            at: None,
            headers: Vec::new(),
        }
    }

    pub fn bad_request(e: BadRequest) -> Problem {
        let (status, code, what) = if e.well_formed {
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_request",
                "invalid request",
            )
        } else {
            (StatusCode::BAD_REQUEST, "invalid_json", "invalid JSON")
        };
        let mut p = Problem::new(status, code, format!("{what}: {}", e.message));
        if let Some((line, column)) = e.at {
            p.message
                .push_str(&format!(" (line {line}, column {column})"));
        }
        p.at = e.at;
        p
    }

    pub fn not_found(path: &str) -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!(
                "no such endpoint: {path} (the API: POST /v1/check, POST /v1/check/batch, \
                 GET /v1/rules, GET /healthz; the page: GET /)"
            ),
        )
    }

    pub fn method_not_allowed(got: &Method, allowed: &Method) -> Problem {
        let mut p = Problem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!("{got} is not allowed here; use {allowed}"),
        );
        p.headers.push((header::ALLOW, allowed.to_string()));
        p
    }

    pub fn too_many_drafts(n: usize) -> Problem {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_drafts",
            format!(
                "{n} drafts in one batch; at most {} per request: split the batch",
                super::api::MAX_BATCH_DRAFTS
            ),
        )
    }

    pub fn timeout_linting(limit: Duration) -> Problem {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "checking took longer than the time limit ({} ms); send fewer or shorter drafts, \
                 or start the server with a larger --timeout",
                limit.as_millis()
            ),
        )
    }

    pub fn internal(what: &str) -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("replylint failed on this request ({what}); please report it with the draft"),
        )
    }

    pub fn into_response(self) -> Response<Body> {
        let (line, column) = match self.at {
            Some((l, c)) => (json!(l), json!(c)),
            None => (json!(null), json!(null)),
        };
        let body = json!({
            "error": {
                "status": self.status.as_u16(),
                "code": self.code,
                "message": self.message,
                "line": line,
                "column": column,
            }
        });
        let mut a = Answer::json(serde_json::to_vec(&body).expect("a JSON value serializes"));
        a.status = self.status;
        a.headers = self.headers;
        a.into_response()
    }
}

/// On loopback, only requests addressed to this machine by name or number:
/// a page from elsewhere whose host name resolves to 127.0.0.1 (DNS
/// rebinding) would otherwise read the API as if it were the user.
pub fn check_host<B>(req: &Request<B>) -> Result<(), Problem> {
    let Some(host) = req.headers().get(header::HOST) else {
        // HTTP/1.0 without a Host: not a browser.
        return Ok(());
    };
    let host = host.to_str().unwrap_or("");
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    let local = name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if local {
        Ok(())
    } else {
        Err(Problem::new(
            StatusCode::FORBIDDEN,
            "forbidden_host",
            format!(
                "this server listens on loopback and answers requests for localhost only, not \
                 `{host}` (to serve other hosts, bind another address with a token)"
            ),
        ))
    }
}

/// The bearer token, when one is required.
pub fn check_token<B>(req: &Request<B>, token: Option<&str>) -> Result<(), Problem> {
    let Some(token) = token else { return Ok(()) };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(g) if constant_time_eq(g.trim().as_bytes(), token.as_bytes()) => Ok(()),
        _ => {
            let mut p = Problem::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                if given.is_some() {
                    "wrong token"
                } else {
                    "this server requires a token: send `Authorization: Bearer <token>`"
                },
            );
            p.headers.push((
                header::WWW_AUTHENTICATE,
                "Bearer realm=\"replylint\"".into(),
            ));
            Err(p)
        }
    }
}

/// Compares without stopping at the first difference (the time taken says
/// nothing about how much of a guess was right).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, &x) in a.iter().enumerate() {
        diff |= usize::from(x ^ b.get(i).copied().unwrap_or(!x));
    }
    diff == 0
}

/// Reads a JSON body: the right content type, at most `max` bytes, before
/// `deadline`.
pub async fn read_json_body(
    req: Request<Incoming>,
    max: usize,
    deadline: tokio::time::Instant,
) -> Result<Bytes, Problem> {
    check_content_type(req.headers())?;
    let too_large = || {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!(
                "the body is larger than the limit of {max} bytes; send less, or start the \
                 server with a larger --max-body"
            ),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let read = Limited::new(req.into_body(), max).collect();
    match tokio::time::timeout_at(deadline, read).await {
        Err(_) => Err(Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            "the body did not arrive within the time limit",
        )),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Ok(Err(e)) => Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_body",
            format!("the body could not be read: {e}"),
        )),
    }
}

fn check_content_type(headers: &HeaderMap) -> Result<(), Problem> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = ct.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        let got = if ct.is_empty() {
            "none".to_string()
        } else {
            format!("`{ct}`")
        };
        Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("send the body as JSON with `Content-Type: application/json` (got {got})"),
        ))
    }
}

/// Whether `origin` may call the API from a browser.
pub fn origin_allowed(allowed: &[String], origin: &str) -> bool {
    allowed
        .iter()
        .any(|a| a == "*" || a.trim_end_matches('/').eq_ignore_ascii_case(origin))
}

/// Lets a page at `origin` read the answer.
pub fn add_cors(r: &mut Response<Body>, origin: &str) {
    let h = r.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value(origin));
    h.insert(header::VARY, value("Origin"));
}

/// The length of an answer's body.
pub fn body_len(r: &Response<Body>) -> u64 {
    use hyper::body::Body as _;
    r.body().size_hint().exact().unwrap_or(0)
}

/// Now, as `2026-12-03T11:40:00.123Z` (UTC), for log lines.
pub fn utc_now() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs();
    let (y, m, d) = crate::date::civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        s / 3600,
        s / 60 % 60,
        s % 60,
        now.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_tokens_and_origins() {
        let req = |host: &str| Request::builder().header("host", host).body(()).unwrap();
        for ok in ["localhost:7878", "127.0.0.1", "[::1]:80", "LOCALHOST"] {
            assert!(check_host(&req(ok)).is_ok(), "{ok}");
        }
        for bad in ["evil.example:7878", "127.0.0.1.evil.example", "[fe80::1]"] {
            assert_eq!(check_host(&req(bad)).unwrap_err().status, 403, "{bad}");
        }
        let auth = |v: &str| {
            Request::builder()
                .header("authorization", v)
                .body(())
                .unwrap()
        };
        assert!(check_token(&auth("Bearer s3cret"), Some("s3cret")).is_ok());
        assert_eq!(
            check_token(&auth("Bearer s3cre"), Some("s3cret"))
                .unwrap_err()
                .message,
            "wrong token"
        );
        assert!(check_token(&auth("s3cret"), Some("s3cret")).is_err());
        assert!(check_token(&auth("anything"), None).is_ok());
        assert!(!constant_time_eq(b"ab", b"abc"));
        assert!(constant_time_eq(b"abc", b"abc"));
        let allowed = vec!["https://desk.example/".to_string()];
        assert!(origin_allowed(&allowed, "https://desk.example"));
        assert!(!origin_allowed(&allowed, "https://evil.example"));
        assert!(origin_allowed(&["*".into()], "https://any"));
    }
}
