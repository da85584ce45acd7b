package dart_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/dartkit/dartkit/dart"
)

// exampleZip returns a small bundle as DART writes it, with Windows
// separators in its names as some zippers write them.
func exampleZip() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []struct{ name, data string }{
		{`Cisco AnyConnect Secure Mobility Client\AnyConnect VPN\AnyConnectVPN.txt`,
			"******************************************\r\n\r\nDate\t\t: 03/15/2021\r\nTime\t\t: 14:02:11\r\nType\t\t: Information\r\nSource\t\t: acvpnagent\r\n\r\nDescription\t: The VPN connection has been established and can now pass data.\r\n\r\n******************************************\r\n"},
		{`Cisco AnyConnect Secure Mobility Client\AnyConnect VPN\Profile\vpn.xml`,
			`<?xml version="1.0" encoding="UTF-8"?><AnyConnectProfile><ServerList><HostEntry><HostName>VPN</HostName></HostEntry></ServerList></AnyConnectProfile>`},
		{`System Information\hosts`, "# hosts\r\n127.0.0.1 localhost\r\n"},
	} {
		w, err := zw.Create(f.name)
		if err != nil {
			log.Fatal(err)
		}
		io.WriteString(w, f.data)
	}
	zw.Close()
	return buf.Bytes()
}

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "dart")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "DARTBundle_0617_2021.zip")
	if err := os.WriteFile(path, exampleZip(), 0o644); err != nil {
		log.Fatal(err)
	}

	b, err := dart.Open(context.Background(), path, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	fmt.Println(b.Format())
	for _, f := range b.Files() {
		fmt.Printf("%-12s %-7s %s\n", f.Kind, f.Encoding, f.Name)
	}
	// Output:
	// zip
	// eventlog     utf-8   Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/AnyConnectVPN.txt
	// vpn-profile  utf-8   Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Profile/vpn.xml
	// hosts        utf-8   System Information/hosts
}

func ExampleBundle_Walk() {
	data := exampleZip()
	b, err := dart.NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "DARTBundle.zip", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	// Count the lines of each log, reading each file once.
	err = b.Walk(context.Background(), func(f dart.File, r io.Reader) error {
		if !f.Kind.IsLog() {
			return nil
		}
		sc := bufio.NewScanner(r)
		n := 0
		for sc.Scan() {
			n++
		}
		fmt.Printf("%s: %d lines\n", f.Name, n)
		return sc.Err()
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/AnyConnectVPN.txt: 10 lines
}

func ExampleClassify() {
	fmt.Println(dart.Classify("AnyConnectVPN.txt", []byte("Feb  8 00:45:32 mac acvpnagent[55]: a\nFeb  8 00:45:33 mac acvpnagent[55]: b\n")))
	fmt.Println(dart.Classify("foo.log", []byte("Log Name:      Cisco AnyConnect Secure Mobility Client\r\nSource:        acvpnui\r\nEvent ID:      1\r\n")))
	fmt.Println(dart.Classify("hosts", []byte("# only comments\n")))
	fmt.Println(dart.Classify("notes.txt", []byte("# only comments\n")))
	// Output:
	// syslog
	// eventlog
	// hosts
	// other
}

func ExampleClassifyHead() {
	c := dart.ClassifyHead("events.csv", []byte("Level,Date and Time,Source,Event ID,Task Category\r\nError,6/17/2020 8:21:57 PM,acvpnagent,2039,None,x\r\n"))
	fmt.Println(c.Kind, c.Format, c.Mentions)
	c = dart.ClassifyHead("notes.txt", []byte("vpnagentd was restarted twice\n"))
	fmt.Println(c.Kind, c.Format, c.Mentions)
	// Output:
	// eventlog eventcsv acvpnagent
	// other unknown vpnagentd
}

func ExampleDecodeText() {
	utf16 := []byte{0xFF, 0xFE, 'o', 0, 'k', 0, '\r', 0, '\n', 0}
	br := bufio.NewReader(bytes.NewReader(utf16))
	head, _ := br.Peek(4096)
	r, enc := dart.DecodeText(br, head)
	text, _ := io.ReadAll(r)
	fmt.Printf("%s %q\n", enc, text)
	// Output:
	// utf-16le "ok\r\n"
}

// A file whose text is not valid in its encoding is read with each fault
// as U+FFFD; the bundle names the file and the first fault among its
// problems.
func ExampleEncodingError() {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("AnyConnectVPN.txt")
	// UTF-16LE: "ok\r\n", then a high surrogate with no low one after it.
	w.Write([]byte{0xFF, 0xFE, 'o', 0, 'k', 0, '\r', 0, '\n', 0, 0x3D, 0xD8, '!', 0})
	zw.Close()
	b, err := dart.NewReader(context.Background(), bytes.NewReader(buf.Bytes()), int64(buf.Len()), "bundle.zip", nil)
	if err != nil {
		log.Fatal(err)
	}
	err = b.Walk(context.Background(), func(f dart.File, r io.Reader) error {
		text, err := io.ReadAll(r)
		fmt.Printf("%+q\n", text)
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range b.Problems() {
		var ee *dart.EncodingError
		if errors.As(p, &ee) {
			fmt.Println(ee.File, ee.Line, ee.What)
			fmt.Println(p)
		}
	}
	// Output:
	// "ok\r\n\ufffd!"
	// AnyConnectVPN.txt 2 lone surrogate
	// AnyConnectVPN.txt:2: invalid utf-16le: lone surrogate at byte 10, read as U+FFFD
}
