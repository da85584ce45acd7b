// Package redact replaces the secrets of a DART bundle, its capture and
// its reports with consistent pseudonyms, and keeps what a diagnosis
// needs.
//
// A [Redactor] holds a key and the values it has learnt. The same secret
// gives the same pseudonym in every file, in the capture and in the report:
// a pseudonym is derived from a keyed HMAC of the secret and its kind, so
// that it says nothing of the secret to whoever lacks the key. The [Map]
// (pseudonym, original, where) is the audit trail; it holds the originals
// and the key, and is kept apart from what was redacted.
//
// Replaced: user names, host and computer names, the customer's domain
// names, IPv4 and IPv6 addresses (loopback, link-local, unspecified and
// multicast are kept, and a private address stays private), MAC addresses
// (the vendor's prefix is kept), e-mail addresses, certificate subjects and
// serial numbers, the VPN profile's servers, Wi-Fi SSIDs. Kept: the names
// of Cisco, Microsoft, Apple and other vendors whose services a diagnosis
// names (mus.cisco.com), well-known public resolvers, versions, times,
// error codes, and the client's function and file names.
package redact
