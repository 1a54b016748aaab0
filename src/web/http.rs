//! The little HTTP the page needs on top of tiny_http: the query string, the
//! safety checks every request passes (Host, Origin, token), and responses.

use tiny_http::{Header, Request, Response};

/// A response about to be sent.
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// `Content-Disposition: attachment` with this file name.
    pub attachment: Option<String>,
}

impl Reply {
    pub fn json(status: u16, v: &serde_json::Value) -> Reply {
        Reply {
            status,
            content_type: "application/json; charset=utf-8",
            body: serde_json::to_vec(v).unwrap_or_default(),
            attachment: None,
        }
    }

    /// A refusal or failure: `{"error": {"code", "message_vi", "message_en"}}`.
    pub fn error(status: u16, code: &str, vi: &str, en: &str) -> Reply {
        Reply::json(
            status,
            &serde_json::json!({"error": {"code": code, "message_vi": vi, "message_en": en}}),
        )
    }

    pub fn file(content_type: &'static str, name: &str, body: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            content_type,
            body,
            attachment: Some(name.to_string()),
        }
    }

    pub fn asset(content_type: &'static str, body: &'static str) -> Reply {
        Reply {
            status: 200,
            content_type,
            body: body.as_bytes().to_vec(),
            attachment: None,
        }
    }

    /// Sends it, with the headers every answer carries: nothing cached, no
    /// referrer (the token is in the page's address), no framing, only our
    /// own scripts.
    pub fn send(self, req: Request) {
        let mut r = Response::from_data(self.body).with_status_code(self.status);
        let mut add = |k: &str, v: &str| {
            if let Ok(h) = Header::from_bytes(k.as_bytes(), v.as_bytes()) {
                r.add_header(h);
            }
        };
        add("Content-Type", self.content_type);
        add("Cache-Control", "no-store");
        add("Referrer-Policy", "no-referrer");
        add("X-Content-Type-Options", "nosniff");
        add("X-Frame-Options", "DENY");
        add(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        );
        if let Some(name) = &self.attachment {
            // RFC 6266: an ASCII fallback and the UTF-8 name.
            let ascii: String = name
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' })
                .collect();
            add(
                "Content-Disposition",
                &format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", percent_encode(name)),
            );
        }
        if self.status >= 400 {
            add("Connection", "close");
        }
        let _ = req.respond(r);
    }
}

/// The value of a request header (the first one of that name).
pub fn header<'a>(req: &'a Request, name: &'static str) -> Option<&'a str> {
    req.headers().iter().find(|h| h.field.equiv(name)).map(|h| h.value.as_str())
}

/// Splits `/path?query` into the path and its decoded parameters.
pub fn split_url(url: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let params = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    (percent_decode(path), params)
}

pub fn param<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// `%XX` and `+` decoded; invalid UTF-8 replaced, never a panic.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Why a request is refused before it is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The Host header is not this server's loopback address: a page on some
    /// other site whose name was pointed at 127.0.0.1 (DNS rebinding).
    Host,
    /// A state-changing request from another site's page.
    Origin,
    /// The API without this run's token.
    Token,
}

impl Refusal {
    pub fn reply(self) -> Reply {
        match self {
            Refusal::Host => Reply::error(
                421,
                "host",
                "Địa chỉ không đúng: mở trang bằng đường dẫn baocao in ra (http://127.0.0.1:…).",
                "Wrong address: open the page with the link baocao printed (http://127.0.0.1:…).",
            ),
            Refusal::Origin => Reply::error(
                403,
                "origin",
                "Yêu cầu đến từ một trang web khác: bị từ chối.",
                "The request comes from another website: refused.",
            ),
            Refusal::Token => Reply::error(
                403,
                "token",
                "Thiếu mã phiên hoặc mã không đúng: mở trang bằng đường dẫn baocao in ra lần chạy này.",
                "Missing or wrong session code: open the page with the link baocao printed this time.",
            ),
        }
    }
}

/// The addresses this server answers to: `127.0.0.1:PORT` and `localhost:PORT`.
pub fn host_ok(host: Option<&str>, port: u16) -> bool {
    match host {
        Some(h) => {
            let h = h.trim().to_ascii_lowercase();
            h == format!("127.0.0.1:{port}") || h == format!("localhost:{port}")
        }
        None => false,
    }
}

/// A request that changes state must not come from another site: its Origin,
/// when the browser sends one, is ours, and `Sec-Fetch-Site`, when sent, is
/// same-origin (or none: typed in the address bar).
pub fn origin_ok(origin: Option<&str>, fetch_site: Option<&str>, port: u16) -> bool {
    let origin_fine = match origin {
        None => true,
        Some(o) => {
            let o = o.trim().to_ascii_lowercase();
            o == format!("http://127.0.0.1:{port}") || o == format!("http://localhost:{port}")
        }
    };
    let site_fine = match fetch_site {
        None => true,
        Some(s) => matches!(s.trim(), "same-origin" | "none"),
    };
    origin_fine && site_fine
}

/// Compares in time independent of where the strings differ.
pub fn token_eq(given: &str, ours: &str) -> bool {
    let (a, b) = (given.as_bytes(), ours.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_decoded_without_panics() {
        let (p, q) = split_url("/api/check?name=S%E1%BB%95%20th%C3%A1ng+1.xlsx&lang=en&x");
        assert_eq!(p, "/api/check");
        assert_eq!(param(&q, "name"), Some("Sổ tháng 1.xlsx"));
        assert_eq!(param(&q, "lang"), Some("en"));
        assert_eq!(param(&q, "x"), Some(""));
        for bad in ["%", "%4", "%zz", "a%", "%%%", "%C3", "%FF%FE"] {
            let _ = percent_decode(bad);
        }
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode(&percent_encode("Tràng An 05.xlsx")), "Tràng An 05.xlsx");
    }

    #[test]
    fn only_our_host_and_origin_pass() {
        assert!(host_ok(Some("127.0.0.1:8080"), 8080));
        assert!(host_ok(Some("LOCALHOST:8080"), 8080));
        assert!(!host_ok(Some("127.0.0.1:8081"), 8080));
        assert!(!host_ok(Some("evil.example:8080"), 8080));
        assert!(!host_ok(Some("127.0.0.1"), 8080));
        assert!(!host_ok(None, 8080));
        assert!(origin_ok(None, None, 80));
        assert!(origin_ok(Some("http://127.0.0.1:80"), Some("same-origin"), 80));
        assert!(!origin_ok(Some("http://evil.example"), None, 80));
        assert!(!origin_ok(Some("null"), None, 80));
        assert!(!origin_ok(None, Some("cross-site"), 80));
        assert!(token_eq("abc", "abc"));
        assert!(!token_eq("abd", "abc"));
        assert!(!token_eq("ab", "abc"));
    }
}
