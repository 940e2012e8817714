//! The fields a log record names its exchange by, with their aliases: one
//! table for JSON log records and HAR entries (the JSON reader), logfmt
//! lines and Node's inspected objects. (`status` is not in it: it is the
//! envelope's status name in JSON and the HTTP code in logfmt and Node, so
//! each reader tells them apart by the value.)

/// What a record's field says about its exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordField {
    Method,
    Url,
    HttpCode,
    RetryAfter,
    RequestId,
    Body,
}

/// The field a key names, by its spellings in the logs and clients seen.
/// Inlined, so its match and the JSON reader's own one over the same key are
/// one branch (a second jump on every key of a JSON log is mispredicted often).
#[inline(always)]
pub fn record_field(key: &[u8]) -> Option<RecordField> {
    Some(match key {
        b"method" => RecordField::Method,
        b"url" | b"uri" | b"path" | b"endpoint" => RecordField::Url,
        b"status_code" | b"statusCode" | b"http_status" => RecordField::HttpCode,
        b"retry_after" | b"retryAfter" | b"retry-after" | b"Retry-After" => RecordField::RetryAfter,
        b"request_id" | b"requestId" | b"req_id" => RecordField::RequestId,
        b"body" | b"text" | b"response_body" => RecordField::Body,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alias_names_its_field() {
        for (key, field) in [
            ("uri", RecordField::Url),
            ("statusCode", RecordField::HttpCode),
            ("Retry-After", RecordField::RetryAfter),
            ("retry-after", RecordField::RetryAfter),
            ("req_id", RecordField::RequestId),
            ("response_body", RecordField::Body),
        ] {
            assert_eq!(record_field(key.as_bytes()), Some(field), "{key}");
        }
        assert_eq!(record_field(b"status"), None);
    }
}
