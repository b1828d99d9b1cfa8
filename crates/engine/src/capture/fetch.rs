//! Fetching a page from its URL with `ureq`: redirects followed and recorded, a time
//! limit, a size limit, and only web pages and PDFs accepted.

use std::time::Duration;

use ureq::ResponseExt;

use super::{CaptureError, MediaType};

/// How a page was obtained, recorded in its metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub requested: String,
    pub final_url: String,
    pub status: u16,
    pub content_type: String,
    /// Every URL between the requested one and the final one, in order.
    pub redirects: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct FetchLimits {
    pub timeout: Duration,
    pub max_bytes: u64,
    pub max_redirects: u32,
}

impl Default for FetchLimits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_bytes: 32 * 1024 * 1024,
            max_redirects: 10,
        }
    }
}

/// Fetches `url`: the page's bytes, how they were obtained, and the charset the
/// server named.
pub fn fetch(
    url: &str,
    limits: FetchLimits,
) -> Result<(Vec<u8>, Fetched, Option<String>), CaptureError> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(CaptureError::Fetch(format!(
            "{url:?} is not an http:// or https:// URL"
        )));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .max_redirects(limits.max_redirects)
        .save_redirect_history(true)
        .user_agent(concat!("claimcheck/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|error| fetch_error(url, error, limits))?;
    let final_url = response.get_uri().to_string();
    let redirects = response
        .get_redirect_history()
        .map(|history| {
            let all: Vec<String> = history.iter().map(ToString::to_string).collect();
            // The history holds the request and the final URL too: keep what lies between.
            all.get(1..all.len().saturating_sub(1))
                .map(<[String]>::to_vec)
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if MediaType::from_content_type(&content_type).is_none() {
        let media = content_type.split(';').next().unwrap_or("").trim();
        let media = if media.is_empty() {
            "of no declared type".to_owned()
        } else {
            crate::sanitize::inline(media).into_owned()
        };
        return Err(CaptureError::Unsupported {
            what: crate::sanitize::inline(&final_url).into_owned(),
            media,
        });
    }
    let charset = super::charset_of(&content_type).map(str::to_owned);
    let status = response.status().as_u16();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(|error| fetch_error(url, error, limits))?;
    Ok((
        bytes,
        Fetched {
            requested: url.to_owned(),
            final_url,
            status,
            content_type,
            redirects,
        },
        charset,
    ))
}

fn fetch_error(url: &str, error: ureq::Error, limits: FetchLimits) -> CaptureError {
    let url = crate::sanitize::inline(url);
    CaptureError::Fetch(match error {
        ureq::Error::StatusCode(status) => format!("{url} answered HTTP {status}"),
        ureq::Error::Timeout(_) => {
            format!("{url} did not answer within {} s", limits.timeout.as_secs())
        }
        ureq::Error::BodyExceedsLimit(_) => {
            format!("{url} is larger than {} bytes", limits.max_bytes)
        }
        ureq::Error::TooManyRedirects => {
            format!("{url} redirected more than {} times", limits.max_redirects)
        }
        other => format!(
            "fetching {url} failed: {}",
            crate::sanitize::inline(&other.to_string())
        ),
    })
}
