package findings

import (
	"fmt"
	"testing"

	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendShape(t *testing.T) {
	tests := []struct {
		rec  logparse.Record
		want string
	}{
		{logparse.Record{Source: "acvpnagent", Message: "IP Address Interface List: 10.31.121.202 FE80:0:0:0:8D2A:4C1E:9B7:5F21"},
			"acvpnagent: IP Address Interface List: #.#.#.# x:#:#:#:x:x:x:x"},
		{logparse.Record{Source: "acvpnagent", Header: logparse.Header{Function: "CHostLocator::resolveHostName"}, Message: "Return code 0xFE25000C after 1500 ms"},
			"acvpnagent: CHostLocator::resolveHostName: Return code x after # ms"},
		{logparse.Record{Source: "kernel", Message: "en0: link state changed, added route to cafe::1"},
			"kernel: en#: link state changed, added route to cafe::#"},
		{logparse.Record{Source: "acvpnui", Message: "Message type information sent to the user: Ready to connect."},
			"acvpnui: Message type information sent to the user: Ready to connect."},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(appendShape(nil, &tt.rec)))
	}
}

func TestShapeCounter(t *testing.T) {
	c := newShapeCounter()
	for i := range 10 {
		c.add(&logparse.Record{Source: "a", Message: fmt.Sprintf("retry %d of 10", i), Pos: logparse.Position{File: "f", Line: i + 1}})
	}
	c.add(&logparse.Record{Source: "b", Message: "once"})
	cv := c.coverage()
	require.Len(t, cv.Shapes, 2)
	assert.Equal(t, Shape{Shape: "a: retry # of #", Count: 10, Example: Evidence{File: "f", Line: 1, Text: "retry 0 of 10"}}, cv.Shapes[0])
	assert.Equal(t, 11, cv.Unmatched)

	c = newShapeCounter()
	for i := range maxShapes + 5 {
		c.add(&logparse.Record{Source: fmt.Sprintf("src%c%c", 'a'+i%26, 'a'+i/26%26) + fmt.Sprint(i/676)})
	}
	cv = c.coverage()
	assert.Len(t, cv.Shapes, topShapes+1)
	assert.Equal(t, Shape{Shape: "(other shapes, not tallied)", Count: 5}, cv.Shapes[topShapes])
}
