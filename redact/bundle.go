package redact

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"os"
)

// A Result says what Bundle did with each file.
type Result struct {
	Files []FileResult
}

// A FileResult is what became of one file of the bundle.
type FileResult struct {
	Name    string // in the input
	NewName string // in the output; Name when unchanged
	Action  string // "redacted", "copied", "dropped: <why>"
}

// Bundle writes to out a copy of the bundle in, with its secrets
// replaced by r's pseudonyms.
func Bundle(ctx context.Context, r *Redactor, in, out string) (*Result, error) {
	zr, err := zip.OpenReader(in)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	f, err := os.Create(out)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	res := &Result{}
	for _, e := range zr.File {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		rc, err := e.Open()
		if err != nil {
			return res, fmt.Errorf("%s: %w", e.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return res, fmt.Errorf("%s: %w", e.Name, err)
		}
		name := r.String(e.Name)
		h := e.FileHeader
		h.Name = name
		w, err := zw.CreateHeader(&h)
		if err != nil {
			return res, err
		}
		if _, err := w.Write(r.Redact(nil, data, e.Name)); err != nil {
			return res, err
		}
		res.Files = append(res.Files, FileResult{Name: e.Name, NewName: name, Action: "redacted"})
	}
	if err := zw.Close(); err != nil {
		return res, err
	}
	return res, f.Close()
}
