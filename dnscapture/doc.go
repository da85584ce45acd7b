// Package dnscapture reads DNS transactions from packet captures.
//
// Support engineers receive a pcap or pcapng file with a DART bundle and
// want to know which names a host asked for, which server answered, how
// and how fast. This package reads the capture as a stream and pairs each
// DNS query with its response.
//
// # Reading a capture
//
// [NewReader] takes any [io.Reader] holding a pcap file (either byte
// order, micro- or nanosecond timestamps) or a pcapng file (any number of
// sections and interfaces, each with its own link type and timestamp
// resolution), optionally gzip-compressed. The format is told by the magic
// number, never by the file name. Supported link types are Ethernet (with
// 802.1Q tags), raw IP (LINKTYPE_RAW 101, DLT_RAW 12 and 14, and
// LINKTYPE_IPV4/IPV6), Linux cooked capture (SLL and SLL2), and BSD
// loopback (null, 0, and LINKTYPE_LOOP, 108), carrying IPv4 or IPv6 with
// extension headers. Packets of other link types are counted as
// undecodable.
//
//	r, err := dnscapture.NewReader(f, nil)
//	if err != nil {
//		return err
//	}
//	for tx, err := range r.All() {
//		if err != nil {
//			return err
//		}
//		fmt.Println(tx)
//	}
//
// [Reader.Next] and [Reader.All] return each transaction as soon as it is
// complete, so memory does not grow with the capture; [Reader.Stats]
// counts the packets read. Files are read with gopacket's pcapgo and
// decoded with its layers package; no cgo or libpcap is needed.
//
// # Transactions
//
// DNS is recognized on UDP and TCP port 53, in either direction. Over TCP
// the messages, each with its 2-byte length prefix, are reassembled from
// the segments of each direction of each connection: segments in order,
// duplicates and overlaps trimmed; after a gap the reader restarts at the
// next segment. Out-of-order segments are not buffered.
//
// A response answers the query with the same client and server address
// and port, transport, ID and question (name compared without regard to
// case, and type); a response without a question answers the oldest such
// query. A query repeated with the same client, server, transport, ID and
// question while its first copy still waits is a retransmission: it is
// counted in [Transaction.Retransmissions], and the transaction keeps the
// frame and time of the first copy, so [Transaction.Delay] is how long the
// client waited in all. The same query after its response starts a new
// transaction.
//
// A query that gets no response within [Options.Timeout] of capture time
// (default 30 s) is emitted unanswered; a response that arrives later
// counts in [Stats.Unmatched]. At the end of the capture the queries still
// waiting are emitted unanswered, oldest first.
//
// [Summarize] and [Series] condense the transactions of one name into a
// [Summary]: how many, how often, which response codes, which servers.
//
// # Limits
//
// Every structure the reader keeps is bounded: at most
// [Options.MaxPending] waiting queries (default 65,536; beyond it the
// oldest is emitted unanswered), at most [Options.MaxFlows] directions of
// TCP connections being reassembled (default 1,024; beyond it the oldest
// is dropped), each buffering at most one DNS message (64 KiB).
// Record lengths are checked before anything is allocated for them:
// packets over [MaxPacketSize] (256 KiB) and pcapng blocks over
// [MaxBlockSize] (16 MiB) are errors, whatever snap length the file
// header declares.
//
// Not handled: IP fragments (a fragmented DNS message counts as
// undecodable), DNS over TLS, HTTPS or QUIC, mDNS and LLMNR (ports 5353
// and 5355), and tunnels (GRE, VXLAN, IPsec).
//
// # Errors
//
// A malformed packet is counted in [Stats.Undecodable] and skipped. A
// damaged file ends the stream: [Reader.Next] first returns the
// transactions read before the damage (the queries then waiting
// unanswered), then an [*Error] giving the frame number and byte offset
// of the bad record and wrapping [ErrTruncated], [ErrTooLarge] or
// [ErrMalformed]. Input that is no capture at all makes [NewReader] fail
// with an error wrapping [ErrNotCapture]. The reader never panics on bad
// input.
package dnscapture
