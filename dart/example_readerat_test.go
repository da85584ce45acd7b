package dart_test

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/internal/hostile"
	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

// An EVTX file of a bundle is read through ForwardReaderAt: the reader
// needs offsets, and reads its chunks in file order.
func ExampleBundle_ForwardReaderAt() {
	z := hostile.Zip(hostile.Entry{Name: "Cisco AnyConnect Secure Mobility Client/AnyConnect.evtx", Data: evtxgen.Bytes(evtxgen.TechNote())})
	ctx := context.Background()
	b, err := dart.NewReader(ctx, bytes.NewReader(z), int64(len(z)), "DARTBundle.zip", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer b.Close()
	err = b.Walk(ctx, func(f dart.File, r io.Reader) error {
		if f.Format != logparse.FormatEVTX {
			return nil
		}
		ra, size, err := b.ForwardReaderAt(ctx, f, r)
		if err != nil {
			return err
		}
		defer ra.Close()
		rd, err := evtx.NewReader(ra, size, &logparse.Options{File: f.Name})
		if err != nil {
			return err
		}
		for rec, err := range rd.All() {
			if err != nil {
				return err
			}
			fmt.Println(rec.Pos.Line, rec.Time.Format("15:04:05"), rec.Source, rec.EventID)
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// 1 20:20:52 acvpnagent 2039
	// 2 20:20:53 acvpnui 3021
	// 3 20:21:32 acvpnagent 2048
	// 4 20:21:47 acvpnagent 2048
	// 5 20:22:02 acvpnagent 2048
	// 6 20:22:18 acvpndownloader 5005
}
