package api

// Redacted stands in every answer, log line, audit record and bundle for a
// secret BAMS will not show (a password, a CHAP secret, a token): one
// marker, so a reader and a test recognise it wherever it appears.
const Redacted = "[redacted]"
