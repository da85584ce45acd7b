// Package redact replaces the secrets of a DART bundle, its capture and
// its reports with consistent pseudonyms, and keeps what a diagnosis
// needs.
//
// A [Redactor] holds a key and the values it has learnt. The same secret
// gives the same pseudonym in every file, in the capture and in the report:
// a pseudonym is derived from HMAC-SHA256(key, kind + canonical value)
// (names in lower case, an address in its canonical form), so that it
// says nothing of the secret to whoever lacks the key. The [Map]
// (pseudonym, original, where) is the audit trail; it holds the originals
// and the key, and is kept apart from what was redacted.
//
// # Pseudonyms
//
// Each kind has a form of its own, so that a redacted line still reads
// as what it was:
//
//	user name       jdoe                      user-3f9a1c
//	host name       DESKTOP-ACME42            host-5cbf2b
//	domain          ACME (NetBIOS)            dom-a3a195
//	DNS name        vpn.acme.com              host-a5073a.dom-f0521d.example
//	                acme.com                  dom-f0521d.example
//	e-mail          jdoe@acme.com             user-b1bbdb@dom-f0521d.example
//	IPv4            10.1.2.3                  10.4.0.4
//	IPv6            2a01:e0a:1f2:3::5         2001:db8:682b:4f4f:6646:71b6:a2ae:7aa9
//	MAC             00-1A-2B-3C-4D-5E         00-1A-2B-FC-71-87
//	cert subject    O=Acme Inc                O=cert-db8750
//	serial number   1a 2b 3c 4d 5e 6f 70 81   e9 df 13 a6 f7 df 7e be
//	SSID            Acme Guest                ssid-0a487d
//	Options.Patterns ticket 12345             other-2228c1 (or the pattern's kind)
//
// A name pseudonym is a prefix and the first six hex digits of the HMAC.
// A DNS name keeps its shape: every label below the registered domain is
// mapped as a host name, the registered domain (the public or internal
// suffix and one label more) to dom-xxxxxx under the reserved .example,
// so that a host, its FQDN and its domain stay related. An e-mail
// address maps its local part as a user name and its domain as a DNS
// name. A certificate subject's value that is a DNS name, an e-mail
// address or an address is mapped as one.
//
// An address stays in its class: 10/8, 172.16/12, 192.168/16 and
// 100.64/10 stay in their block, a public IPv4 address stays public and
// outside the special ranges; each free octet keeps its number of digits
// (so that the text keeps its length), and a last octet of 0 or 255 is
// kept, so that a network or broadcast address stays one ("added
// 10.71.222.0 mask 255.255.255.0" still names a network). An IPv4
// pseudonym is a function of the address and the key alone: a keyed
// permutation of the addresses of the same class and widths (a Feistel
// network with AES rounds) in which every address goes to the next on
// one cycle, skipping those kept, so no address is its own pseudonym and
// two never share one, whatever order they are met in. A 4-in-6 address
// is mapped through its IPv4 address. A unique local IPv6 address stays
// in fd00::/8, any other IPv6 address goes to the documentation prefix
// 2001:db8::/32, from its HMAC. A MAC address keeps its vendor's prefix
// (only its first byte when it is locally administered), its separators
// and its case. A serial number keeps its grouping, separators and case,
// with other hex digits.
//
// Two names or MAC addresses of a kind never share a pseudonym: when a
// candidate is taken, the HMAC of the secret and the attempt's number
// gives the next one, and the secret met first keeps the first. A value
// that is already a pseudonym (by its form, or given by this Redactor,
// or to [Redactor.AddPseudonyms]) is left as it is, so that redacting
// redacted text changes nothing; an address is a pseudonym given when the
// permutation's inverse of it is an address met in an earlier call. In a
// bundle every address is replaced, even one equal to another's
// pseudonym, but those a former redaction's note lists: what a part of
// the bundle becomes does not depend on what the rest holds, and the note
// keeps a second redaction byte-identical.
//
// [Redactor.SameLength] fits each pseudonym to its secret's length in
// UTF-16 code units: a longer one is cut (to its hex digits alone below
// six units), a shorter one padded with more hex digits of its HMAC, an
// address or a MAC address with spaces.
//
// # What is replaced
//
// Found by their shape: IPv4 and IPv6 addresses, MAC addresses, e-mail
// addresses, DNS names whose last label is an ICANN top-level domain
// (in one case: .NET's System.Net is not a name) or an internal suffix
// (.local, .lan, .corp, .internal, .intranet, .home.arpa, .localdomain).
// Found by their context: user names of home directories (C:\Users\NAME,
// escaped or not, /Users/NAME, /home/NAME, C:\Documents and
// Settings\NAME) and of USERNAME=, USER=, LOGNAME=, User Name:, User:
// (DOMAIN\user too), Username:; host names of COMPUTERNAME=, Host Name:,
// Computer:, Computer Name:; domains of USERDOMAIN=, USERDNSDOMAIN= and
// ipconfig's DNS suffixes; certificate subjects' values (CN=, OU=, O=,
// L=, S=, ST=, E=, emailAddress=, DC=) and serial numbers (Serial
// Number:, serialNumber=, Serial:); SSIDs (SSID:, SSID name:, netsh's
// SSID 1 : and Name : lines). A key starts a field (a line's start, a
// punctuation before it): "sent to the user: Checking" is prose.
// Learnt values ([Redactor.Learn], [Redactor.LearnFacts],
// [Redactor.LearnText]) are replaced wherever they appear as words, in
// any case, the longest first; a bundle is best learnt whole before it
// is redacted, so that a name found by its context in one file is
// replaced in all. Options.Patterns add secrets of any kind.
//
// # What is kept
//
// The names, with their subdomains, of cisco.com (mus.cisco.com above
// all), webex.com, duo.com, duosecurity.com, opendns.com, umbrella.com,
// microsoft.com, windows.com, windowsupdate.com, msftncsi.com,
// msftconnecttest.com, live.com, office.com, office365.com,
// microsoftonline.com, apple.com, icloud.com, google.com, gstatic.com,
// and of the certificate authorities and their OCSP and CRL hosts
// (digicert.com, verisign.com, entrust.net, globalsign.com, godaddy.com,
// sectigo.com, letsencrypt.org, lencr.org, pki.goog, msocsp.com and
// others); certificate subjects of those vendors; localhost, the
// reserved .example, .test, .invalid and example.com/.net/.org. The
// well-known public resolvers (Google, Cloudflare, Quad9, OpenDNS, in
// IPv4 and IPv6). Loopback, link-local, unspecified, multicast and
// broadcast addresses, netmasks, the private blocks' bases (10.0.0.0),
// the special IPv4 ranges and 2001:db8::/32. Group, broadcast and zero
// MAC addresses. Versions (4.10.06079, 10.0.19045.1234, and a dotted
// quad after "version", "ver", "build" or "release"), times, error codes
// (0xFE25000C), the client's function and file names (File:
// .\HostLocator.cpp, acvpnagent.exe, vpnapi.dll: a name.ext whose
// extension is a file's, even when it is a top-level domain too, as .sh,
// .md or .so are). Built-in accounts (Public, Default, Administrator) and
// placeholders (N/A). Options.Keep adds exact values, domains with their
// subdomains (*.example.net) and address prefixes (192.0.2.0/24).
package redact
