//! `replylint serve`: the drafting page and the JSON API (see
//! `replylint::serve` and docs/serve.md).

use super::{EXIT_CLEAN, EXIT_ERROR, ServeArgs};
use replylint::config::{self, CliOverrides, Config};
use replylint::render::human;
use replylint::serve::{self, Options};
use std::io::{self, IsTerminal};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Runs the server until Ctrl-C; returns the exit code.
pub fn run(args: ServeArgs) -> io::Result<u8> {
    let mut opts = Options::new(SocketAddr::new(args.bind, args.port));
    opts.token = args.token;
    opts.cors_origins = args.cors_origin;
    opts.max_body = args.max_body;
    opts.timeout = Duration::from_secs_f64(args.timeout);
    opts.threads = args.threads.map_or(0, usize::from);
    if let Some(why) = opts.refusal() {
        eprintln!("replylint: not serving on {}: {why}", opts.addr);
        return Ok(EXIT_ERROR);
    }
    let loaded = if args.no_config {
        Config::defaults(CliOverrides::default())
    } else if let Some(p) = &args.config {
        Config::load(p, CliOverrides::default())
    } else {
        match config::discover_from_dir(std::path::Path::new("")) {
            Some(p) => Config::load(&p, CliOverrides::default()),
            None => Config::defaults(CliOverrides::default()),
        }
    };
    let config = match loaded {
        Ok(c) => Arc::new(c),
        Err(errors) => {
            let color = io::stderr().is_terminal();
            let mut err = io::stderr().lock();
            for e in &errors {
                human::write_source_error(e, color, &mut err)?;
            }
            return Ok(EXIT_ERROR);
        }
    };
    let shown = config
        .path
        .as_ref()
        .map_or("none (built-in defaults)".to_string(), |p| {
            p.display().to_string()
        });
    let log: serve::Log = if args.quiet {
        Box::new(io::sink())
    } else {
        Box::new(io::stderr())
    };
    let token = opts.token.is_some();
    let served = serve::run(opts, config, log, |addr| {
        let host = match addr {
            SocketAddr::V6(a) => format!("[{}]", a.ip()),
            SocketAddr::V4(a) => a.ip().to_string(),
        };
        eprintln!(
            "replylint serve: http://{host}:{}/ (configuration: {shown}{}); Ctrl-C stops",
            addr.port(),
            if token { "; token required" } else { "" }
        );
    });
    match served {
        Ok(()) => Ok(EXIT_CLEAN),
        Err(e) => {
            eprintln!("replylint: cannot serve: {e}");
            Ok(EXIT_ERROR)
        }
    }
}
