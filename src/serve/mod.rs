//! `replylint serve`: the drafting page and the JSON API over HTTP.
//!
//! Built on hyper 1 (HTTP/1.1) over a tokio runtime: hyper is the HTTP
//! implementation most Rust servers stand on, maintained, correct about
//! keep-alive, pipelining and chunked bodies, and it gives the header-read
//! timeout and body limits this server needs. Five routes do not need a
//! framework on top; [`route`] is one `match`.
//!
//! What a request goes through, in order ([`handle`]):
//!
//! 1. The `Host` header, when listening on loopback: a page elsewhere that
//!    resolves its own name to 127.0.0.1 (DNS rebinding) is refused.
//! 2. The route and method (404, 405).
//! 3. The bearer token, for the API, when one is set (401).
//! 4. The body: `Content-Type: application/json` (415; a cross-site form
//!    cannot send it without a CORS preflight), at most `max_body` bytes
//!    (413), read within the time limit (408).
//! 5. Parsing: syntax errors (400) and wrong fields or types (422) say what
//!    and where ([`api::parse`]).
//! 6. Linting, on the blocking pool, within what is left of the time limit
//!    (503 past it).
//!
//! Then CORS headers if the origin is one configured, and one log line
//! (time, peer, method, path, status, bytes, milliseconds: never the text).
//! Every answer that is not a success is a JSON object
//! `{"error": {"code", "message", "line", "column"}}`.

pub mod api;
mod http;
pub mod page;

use crate::config::Config;
use api::{BatchRequest, CheckRequest, Checker};
use http::{Answer, Body, Problem};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, header};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Default port.
pub const DEFAULT_PORT: u16 = 7878;
/// Default body limit.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;
/// Default time limit of one request (reading it and linting).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 512;

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    /// The bearer token the API requires, if any (required off loopback).
    pub token: Option<String>,
    /// Origins allowed to call the API from a browser (`*` for any).
    pub cors_origins: Vec<String>,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Time limit of one request: reading its body and linting it.
    pub timeout: Duration,
    /// Threads for the runtime (0: one per core).
    pub threads: usize,
}

impl Options {
    /// Serving on `addr` with the defaults.
    pub fn new(addr: SocketAddr) -> Options {
        Options {
            addr,
            token: None,
            cors_origins: Vec::new(),
            max_body: DEFAULT_MAX_BODY,
            timeout: DEFAULT_TIMEOUT,
            threads: 0,
        }
    }

    /// Why these options are unsafe to serve with, if they are: an address
    /// other than loopback without a token would hand the page and the API to
    /// the whole network.
    pub fn refusal(&self) -> Option<String> {
        if self.token.as_deref().is_some_and(str::is_empty) {
            return Some("the token is empty".into());
        }
        if !self.addr.ip().is_loopback() && self.token.is_none() {
            return Some(format!(
                "{} is reachable from other machines, so a token is required: give one with \
                 --token or the REPLYLINT_TOKEN environment variable",
                self.addr.ip()
            ));
        }
        None
    }
}

/// Where log lines go (stderr for the CLI; tests keep them).
pub type Log = Box<dyn Write + Send>;

/// Everything a request needs.
struct State {
    checker: Checker,
    rules: Vec<u8>,
    opts: Options,
    log: Mutex<Log>,
}

/// Serves until the process is interrupted (Ctrl-C) or `shutdown` resolves.
/// `ready` is told the address once listening (port 0 picks a free one).
pub fn run(
    opts: Options,
    config: Arc<Config>,
    log: Log,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    if let Some(why) = opts.refusal() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, why));
    }
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    if opts.threads > 0 {
        rt.worker_threads(opts.threads);
    }
    let rt = rt.enable_io().enable_time().build()?;
    let checker = Checker::new(config);
    // Built now, so that the first check does not wait for it.
    checker.config.linter.catalog().matcher.build_automaton();
    let state = Arc::new(State {
        rules: checker.rules(),
        checker,
        opts,
        log: Mutex::new(log),
    });
    rt.block_on(accept_loop(state, ready))
}

async fn accept_loop(state: Arc<State>, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(state.opts.addr).await?;
    ready(listener.local_addr()?);
    let connections = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let interrupted = tokio::signal::ctrl_c();
    tokio::pin!(interrupted);
    loop {
        let permit = connections
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before
                    // it was accepted: say so and go on.
                    state.log_line(&format!("accept failed: {e}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut interrupted => return Ok(()),
        };
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(|req| {
                let state = state.clone();
                async move { Ok::<_, std::convert::Infallible>(handle(&state, peer, req).await) }
            });
            // Errors here are the connection's (closed, timed out, not
            // HTTP): there is nobody to answer.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(state.opts.timeout)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}

/// Answers one request, adds CORS headers and logs it.
async fn handle(state: &Arc<State>, peer: SocketAddr, req: Request<Incoming>) -> Response<Body> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut response = match route(state, req, started).await {
        Ok(a) => a.into_response(),
        Err(p) => p.into_response(),
    };
    if let Some(o) = origin.filter(|o| http::origin_allowed(&state.opts.cors_origins, o)) {
        http::add_cors(&mut response, &o);
    }
    let bytes = http::body_len(&response);
    state.log_line(&format!(
        "{} {peer} {method} {path} {} {bytes}B {:.1}ms",
        http::utc_now(),
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    ));
    response
}

/// The endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Asset(&'static page::Asset),
    Health,
    Rules,
    Check,
    Batch,
}

impl Endpoint {
    fn of(path: &str) -> Option<Endpoint> {
        Some(match path {
            "/healthz" => Endpoint::Health,
            "/v1/rules" => Endpoint::Rules,
            "/v1/check" => Endpoint::Check,
            "/v1/check/batch" => Endpoint::Batch,
            _ => Endpoint::Asset(page::asset(path)?),
        })
    }

    fn method(self) -> Method {
        match self {
            Endpoint::Check | Endpoint::Batch => Method::POST,
            _ => Method::GET,
        }
    }

    /// Whether the bearer token guards it: the API does; the page (which
    /// holds no data, and asks for the token) and the health check do not.
    fn guarded(self) -> bool {
        matches!(self, Endpoint::Rules | Endpoint::Check | Endpoint::Batch)
    }
}

async fn route(
    state: &Arc<State>,
    req: Request<Incoming>,
    started: Instant,
) -> Result<Answer, Problem> {
    if state.opts.addr.ip().is_loopback() {
        http::check_host(&req)?;
    }
    let endpoint =
        Endpoint::of(req.uri().path()).ok_or_else(|| Problem::not_found(req.uri().path()))?;
    let allowed = endpoint.method();
    if req.method() == Method::OPTIONS && !state.opts.cors_origins.is_empty() {
        return Ok(Answer::preflight(allowed));
    }
    let head_of_get = req.method() == Method::HEAD && allowed == Method::GET;
    if req.method() != allowed && !head_of_get {
        return Err(Problem::method_not_allowed(req.method(), &allowed));
    }
    if endpoint.guarded() {
        http::check_token(&req, state.opts.token.as_deref())?;
    }
    match endpoint {
        Endpoint::Asset(a) => Ok(Answer::asset(a)),
        Endpoint::Health => Ok(Answer::json(
            serde_json::to_vec(&serde_json::json!({
                "status": "ok",
                "version": env!("CARGO_PKG_VERSION"),
            }))
            .expect("a JSON value serializes"),
        )),
        Endpoint::Rules => Ok(Answer::json(state.rules.clone())),
        Endpoint::Check => {
            let body =
                http::read_json_body(req, state.opts.max_body, deadline(state, started)).await?;
            let request: CheckRequest = api::parse(&body).map_err(Problem::bad_request)?;
            lint(state, started, move |c| c.check(request)).await
        }
        Endpoint::Batch => {
            let body =
                http::read_json_body(req, state.opts.max_body, deadline(state, started)).await?;
            let request: BatchRequest = api::parse(&body).map_err(Problem::bad_request)?;
            if request.drafts.len() > api::MAX_BATCH_DRAFTS {
                return Err(Problem::too_many_drafts(request.drafts.len()));
            }
            lint(state, started, move |c| c.batch(request)).await
        }
    }
}

fn deadline(state: &State, started: Instant) -> tokio::time::Instant {
    tokio::time::Instant::from_std(started + state.opts.timeout)
}

/// Runs `work` on the blocking pool (linting is CPU work that must not stall
/// the connections a runtime thread serves), within the request's time limit.
async fn lint(
    state: &Arc<State>,
    started: Instant,
    work: impl FnOnce(&Checker) -> Vec<u8> + Send + 'static,
) -> Result<Answer, Problem> {
    // The task holds the state for as long as it runs, which may be past
    // the answer (a request that timed out).
    let held = state.clone();
    let task = tokio::task::spawn_blocking(move || work(&held.checker));
    match tokio::time::timeout_at(deadline(state, started), task).await {
        Ok(Ok(body)) => Ok(Answer::json(body)),
        Ok(Err(e)) => Err(Problem::internal(&e.to_string())),
        Err(_) => Err(Problem::timeout_linting(state.opts.timeout)),
    }
}

impl State {
    fn log_line(&self, line: &str) {
        if let Ok(mut log) = self.log.lock() {
            let _ = writeln!(log, "{line}");
        }
    }
}
