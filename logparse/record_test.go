package logparse

import (
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

// within reports whether s lies inside the memory of block.
func within(s, block string) bool {
	if s == "" {
		return false
	}
	p, b := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(block)))
	return p >= b && p < b+uintptr(len(block))
}

func TestRecordClone(t *testing.T) {
	block := strings.Repeat("x", 64) + "acvpnagentHOSTCDNSRequest::Xdns.cppSOCKETSUPPORT_ERROR_GETADDRINFOCSocketSupport::gTimeout mus.cisco.com"
	at := func(s string) string {
		i := strings.Index(block, s)
		return block[i : i+len(s)]
	}
	r := Record{
		Time:   time.Date(2020, 6, 17, 20, 21, 57, 0, time.UTC),
		Level:  LevelWarning,
		Source: at("acvpnagent"), Host: at("HOST"),
		Header: Header{Function: at("CDNSRequest::X"), File: at("dns.cpp"), Line: 1147,
			InvokedFunction: at("CSocketSupport::g"), Description: at("SOCKETSUPPORT_ERROR_GETADDRINFO"),
			ReturnCode: -5, HasReturnCode: true},
		Message: at("Timeout mus.cisco.com"),
		Repeat:  1,
		Pos:     Position{"AnyConnect.txt", 12},
	}
	c := r.Clone()
	assert.Equal(t, r, c)
	for name, s := range map[string]string{"Source": c.Source, "Host": c.Host, "Message": c.Message,
		"Function": c.Header.Function, "File": c.Header.File, "InvokedFunction": c.Header.InvokedFunction,
		"Description": c.Header.Description} {
		assert.False(t, within(s, block), "%s still shares the input's memory", name)
	}
	assert.Equal(t, Record{}, (&Record{}).Clone())
	assert.Equal(t, 1.0, testing.AllocsPerRun(100, func() { c = r.Clone() }), "allocations per Clone")
}
