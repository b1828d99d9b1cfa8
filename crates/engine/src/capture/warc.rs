//! Web archives: the response record for one URL out of a WARC file (plain or
//! `.warc.gz`, one gzip member per record, as archiving tools write them).
//!
//! Records are framed here rather than with the `warc` crate because the record is
//! kept byte for byte as the source's original, and that crate re-serializes records;
//! the HTTP head inside a record is parsed with `httparse`.

use std::io::Read;

use super::CaptureError;

/// One archived HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedResponse {
    /// The whole WARC record, exactly as archived (decompressed).
    pub record: Vec<u8>,
    pub record_id: Option<String>,
    pub target_uri: String,
    /// `WARC-Date`, the moment of capture.
    pub date: Option<String>,
    pub status: u16,
    pub content_type: String,
    /// The HTTP body, with transfer and content encodings undone.
    pub body: Vec<u8>,
}

/// Largest WARC (decompressed) read: archives of single articles are megabytes.
pub const MAX_WARC_BYTES: u64 = 512 * 1024 * 1024;

/// Decompresses a `.warc.gz` (every member), or returns a plain WARC as is.
pub fn decompress(bytes: Vec<u8>) -> Result<Vec<u8>, CaptureError> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .take(MAX_WARC_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|error| CaptureError::Warc(format!("the gzip stream is damaged: {error}")))?;
    if out.len() as u64 > MAX_WARC_BYTES {
        return Err(CaptureError::Warc(format!(
            "the archive is larger than {MAX_WARC_BYTES} bytes decompressed"
        )));
    }
    Ok(out)
}

/// The response record for `url` (or, without one, the only response record),
/// listing the archived URLs when the choice is missing or wrong.
pub fn find_response(warc: &[u8], url: Option<&str>) -> Result<ArchivedResponse, CaptureError> {
    let mut responses = Vec::new();
    let mut rest = warc;
    let mut offset = 0;
    while !rest.iter().all(u8::is_ascii_whitespace) {
        let (record, consumed) = split_record(rest, offset)?;
        if let Some(response) = record {
            responses.push(response);
        }
        rest = &rest[consumed..];
        offset += consumed;
    }
    let listed = || {
        responses
            .iter()
            .map(|r| crate::sanitize::inline(&r.0))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let chosen = match url {
        Some(url) => responses
            .iter()
            .position(|(target, _)| target == url)
            .ok_or_else(|| {
                CaptureError::Warc(format!(
                    "no response for {} in the archive; it holds: {}",
                    crate::sanitize::inline(url),
                    listed()
                ))
            })?,
        None if responses.len() == 1 => 0,
        None if responses.is_empty() => {
            return Err(CaptureError::Warc(
                "the archive holds no HTTP response".into(),
            ));
        }
        None => {
            return Err(CaptureError::Warc(format!(
                "the archive holds several responses; choose one with --url: {}",
                listed()
            )));
        }
    };
    parse_response(responses.swap_remove(chosen))
}

/// A response record: its target URI and its bytes.
type ResponseRecord<'a> = (String, &'a [u8]);

/// Splits off the record at the start of `input`: the response record it is, if it
/// is one, and the bytes it took up with its trailing CRLF CRLF.
fn split_record(
    input: &[u8],
    offset: usize,
) -> Result<(Option<ResponseRecord<'_>>, usize), CaptureError> {
    let start = input
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let input_at = &input[start..];
    let damaged = |what: &str| {
        CaptureError::Warc(format!("damaged record at byte {}: {what}", offset + start))
    };
    if !input_at.starts_with(b"WARC/") {
        return Err(damaged("it does not start with `WARC/`"));
    }
    let head_end = memchr::memmem::find(input_at, b"\r\n\r\n")
        .ok_or_else(|| damaged("its header never ends"))?
        + 4;
    let head = std::str::from_utf8(&input_at[..head_end])
        .map_err(|_| damaged("its header is not UTF-8"))?;
    let header = |name: &str| {
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    };
    let length: usize = header("Content-Length")
        .and_then(|value| value.parse().ok())
        .ok_or_else(|| damaged("no Content-Length"))?;
    let end = head_end
        .checked_add(length)
        .filter(|end| *end <= input_at.len())
        .ok_or_else(|| damaged("it is cut short"))?;
    let record = &input_at[..end];
    let is_response = header("WARC-Type").is_some_and(|kind| kind.eq_ignore_ascii_case("response"));
    let target =
        header("WARC-Target-URI").map(|uri| uri.trim_matches(|c| c == '<' || c == '>').to_owned());
    let chosen = match (is_response, target) {
        (true, Some(target)) => Some((target, record)),
        _ => None,
    };
    Ok((chosen, start + end))
}

fn parse_response((target_uri, record): ResponseRecord) -> Result<ArchivedResponse, CaptureError> {
    let head_end = memchr::memmem::find(record, b"\r\n\r\n").expect("split_record found it") + 4;
    let head = std::str::from_utf8(&record[..head_end]).unwrap_or("");
    let header = |name: &str| {
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    };
    let http = &record[head_end..];
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let body_start = match response.parse(http) {
        Ok(httparse::Status::Complete(at)) => at,
        _ => {
            return Err(CaptureError::Warc(format!(
                "the record for {} holds no complete HTTP response head",
                crate::sanitize::inline(&target_uri)
            )));
        }
    };
    let http_header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_owned())
    };
    let content_type = http_header("Content-Type").unwrap_or_default();
    let mut body = http[body_start..].to_vec();
    if http_header("Transfer-Encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"))
    {
        body = dechunk(&body).ok_or_else(|| {
            CaptureError::Warc("the archived body's chunked encoding is damaged".into())
        })?;
    }
    match http_header("Content-Encoding")
        .map(|ce| ce.to_ascii_lowercase())
        .as_deref()
    {
        Some("gzip" | "x-gzip") => {
            body = inflate(flate2::read::MultiGzDecoder::new(body.as_slice()))?
        }
        Some("deflate") => body = inflate(flate2::read::ZlibDecoder::new(body.as_slice()))?,
        _ => {}
    }
    Ok(ArchivedResponse {
        record_id: header("WARC-Record-ID"),
        date: header("WARC-Date"),
        status: response.code.unwrap_or(0),
        content_type,
        body,
        target_uri,
        record: record.to_vec(),
    })
}

fn inflate(mut reader: impl Read) -> Result<Vec<u8>, CaptureError> {
    let mut out = Vec::new();
    reader
        .by_ref()
        .take(MAX_WARC_BYTES)
        .read_to_end(&mut out)
        .map_err(|error| {
            CaptureError::Warc(format!(
                "the archived body's compression is damaged: {error}"
            ))
        })?;
    Ok(out)
}

fn dechunk(mut input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = memchr::memmem::find(input, b"\r\n")?;
        let size_text = std::str::from_utf8(&input[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        input = &input[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(input.get(..size)?);
        input = input.get(size + 2..)?;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A WARC record as archiving tools write it.
    pub fn record(kind: &str, uri: &str, http: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uri_len:08}-0000-0000-0000-000000000000>\r\n\
             WARC-Target-URI: {uri}\r\nWARC-Date: 2026-11-30T10:00:00Z\r\nContent-Type: application/http;msgtype=response\r\n\
             Content-Length: {}\r\n\r\n",
            http.len(),
            uri_len = uri.len()
        )
        .into_bytes();
        out.extend_from_slice(http);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    #[test]
    fn the_response_for_a_url_is_found_among_others() {
        let mut warc = record("request", "https://a.example/", b"GET / HTTP/1.1\r\n\r\n");
        warc.extend(record(
            "response",
            "https://a.example/",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>A</p>",
        ));
        warc.extend(record("response", "https://b.example/", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n<p>\r\n5\r\nB</p>\r\n0\r\n\r\n"));
        let b = find_response(&warc, Some("https://b.example/")).unwrap();
        assert_eq!(b.body, b"<p>B</p>");
        assert!(b.record.starts_with(b"WARC/1.1\r\nWARC-Type: response"));
        assert_eq!(b.status, 200);
        let error = find_response(&warc, None).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("https://a.example/, https://b.example/"),
            "{error}"
        );
        assert!(find_response(&warc, Some("https://c.example/")).is_err());
    }

    #[test]
    fn damaged_archives_are_refused_with_a_reason() {
        for damaged in [
            &b"WARC/1.1\r\nContent-Length: 99\r\n\r\nshort"[..],
            b"not a warc",
            b"WARC/1.0\r\nno end",
            b"WARC/1.0\r\n\r\n",
        ] {
            assert!(find_response(damaged, None).is_err());
        }
        assert_eq!(dechunk(b"ff\r\nshort"), None);
    }
}
