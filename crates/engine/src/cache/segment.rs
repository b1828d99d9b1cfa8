//! A segment: one file of cache entries, written whole by one run and never changed
//! after. Its bytes are `MAGIC`; then each entry as its key (32 bytes), its payload's
//! length (8 bytes, little-endian) and the payload; then a keyed BLAKE3 tag over all
//! of that under the cache's secret. A segment whose tag does not verify is not read
//! at all: it was not written by this cache, or not whole.
//!
//! One file a run, not one an entry: a product of 5,000 claim files made 10,000 entry
//! files, and creating them was most of a first run (2.3 s against a cold run's
//! 0.17 s on this machine's ext4, 0.19 ms of kernel time a file).

use std::io::{BufWriter, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::Key;

/// The first bytes of a segment: its layout, so that a segment of another layout is
/// never read as this one.
const MAGIC: &[u8] = b"claimcheck cache segment 1\n";

/// The length of a segment's tag (and of an entry's, in the layout before segments).
pub const TAG_BYTES: usize = blake3::OUT_LEN;

/// A key and a payload's length, before each payload.
const HEADER_BYTES: usize = 32 + 8;

/// The file name every segment's ends with.
pub const SUFFIX: &str = ".segment";

/// The file name of a segment being written starts with this.
pub const UNFINISHED_PREFIX: &str = ".writing-";

/// The entries of `bytes`, a segment, each key with where its payload lies in
/// `bytes`, in the order they were written; `None` unless the segment is whole and
/// its tag verifies under `secret`.
pub fn entries(bytes: &[u8], secret: &[u8; 32]) -> Option<Vec<(Key, Range<usize>)>> {
    let body = bytes.len().checked_sub(TAG_BYTES)?;
    let (body, tag) = bytes.split_at(body);
    if !body.starts_with(MAGIC) {
        return None;
    }
    // `blake3::Hash` compares in constant time: the check leaks nothing of the tag.
    if blake3::keyed_hash(secret, body) != blake3::Hash::from_slice(tag).ok()? {
        return None;
    }
    let mut entries = Vec::new();
    let mut at = MAGIC.len();
    while at < body.len() {
        let header = body.get(at..at + HEADER_BYTES)?;
        let (key, length) = header.split_at(32);
        let length = usize::try_from(u64::from_le_bytes(length.try_into().ok()?)).ok()?;
        let start = at + HEADER_BYTES;
        let end = start.checked_add(length).filter(|&end| end <= body.len())?;
        entries.push((Key(key.try_into().ok()?), start..end));
        at = end;
    }
    Some(entries)
}

/// A segment being written: a temporary file in the cache's folder (named so that no
/// reader takes it for a segment), tagged as its bytes go by.
#[derive(Debug)]
pub struct SegmentWriter {
    file: BufWriter<tempfile::NamedTempFile>,
    tag: blake3::Hasher,
    bytes: usize,
}

impl SegmentWriter {
    pub fn create(dir: &Path, secret: &[u8; 32]) -> std::io::Result<Self> {
        let file = tempfile::Builder::new()
            .prefix(UNFINISHED_PREFIX)
            .tempfile_in(dir)?;
        let mut writer = Self {
            file: BufWriter::new(file),
            tag: blake3::Hasher::new_keyed(secret),
            bytes: 0,
        };
        writer.write(MAGIC)?;
        Ok(writer)
    }

    /// Adds the entry `key` with `payload`.
    pub fn append(&mut self, key: Key, payload: &[u8]) -> std::io::Result<()> {
        self.write(&key.0)?;
        self.write(&(payload.len() as u64).to_le_bytes())?;
        self.write(payload)
    }

    /// How many bytes the segment holds so far.
    pub fn bytes_written(&self) -> usize {
        self.bytes
    }

    /// How many bytes an entry of `payload` bytes adds to a segment.
    pub fn entry_bytes(payload: usize) -> usize {
        HEADER_BYTES + payload
    }

    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.file.write_all(bytes)?;
        self.tag.update(bytes);
        self.bytes += bytes.len();
        Ok(())
    }

    /// Tags the segment and moves it into `dir` (a rename, which replaces a planted
    /// link rather than following it, and shows readers only a whole segment). Its
    /// name starts with the time in nanoseconds, so that a later segment sorts after
    /// and its entries win; the rest is from the tag, unique to the bytes.
    pub fn finish(mut self, dir: &Path) -> std::io::Result<PathBuf> {
        let tag = self.tag.finalize();
        self.file.write_all(tag.as_bytes())?;
        let file = self.file.into_inner().map_err(|error| error.into_error())?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos());
        let name = format!("{nanos:020x}-{}{SUFFIX}", &tag.to_hex()[..16]);
        let path = dir.join(name);
        file.persist(&path).map_err(|error| error.error)?;
        Ok(path)
    }
}

/// The largest payload a segment of at most `limit` bytes can hold.
pub fn max_payload(limit: usize) -> usize {
    limit - MAGIC.len() - HEADER_BYTES - TAG_BYTES
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(entries: &[(Key, &[u8])], secret: &[u8; 32]) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = SegmentWriter::create(dir.path(), secret).unwrap();
        for (key, payload) in entries {
            writer.append(*key, payload).unwrap();
        }
        let length = writer.bytes_written();
        let path = writer.finish(dir.path()).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.len(), length + TAG_BYTES);
        bytes
    }

    #[test]
    fn entries_are_read_back_in_the_order_written() {
        let secret = [7; 32];
        let (a, b) = (Key([1; 32]), Key([2; 32]));
        let bytes = written(&[(a, b"first"), (b, b""), (a, b"again")], &secret);
        let read: Vec<(Key, &[u8])> = entries(&bytes, &secret)
            .unwrap()
            .into_iter()
            .map(|(key, range)| (key, &bytes[range]))
            .collect();
        assert_eq!(
            read,
            [(a, &b"first"[..]), (b, &b""[..]), (a, &b"again"[..])]
        );
    }

    #[test]
    fn a_segment_changed_cut_or_tagged_under_another_secret_is_not_read() {
        let secret = [7; 32];
        let bytes = written(&[(Key([1; 32]), b"payload")], &secret);
        assert!(entries(&bytes, &secret).is_some());
        assert!(entries(&bytes, &[8; 32]).is_none());
        for at in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[at] ^= 1;
            assert!(entries(&changed, &secret).is_none(), "byte {at} changed");
        }
        for length in 0..bytes.len() {
            assert!(
                entries(&bytes[..length], &secret).is_none(),
                "cut at {length}"
            );
        }
    }

    #[test]
    fn a_tagged_segment_whose_lengths_overrun_is_not_read() {
        // Authentic (the secret known) but malformed: a length past the end.
        let secret = [7; 32];
        let mut body = MAGIC.to_vec();
        body.extend_from_slice(&[1; 32]);
        body.extend_from_slice(&u64::MAX.to_le_bytes());
        body.extend_from_slice(b"short");
        let tag = blake3::keyed_hash(&secret, &body);
        body.extend_from_slice(tag.as_bytes());
        assert!(entries(&body, &secret).is_none());
    }
}
