package findings

import (
	"fmt"
	"testing"

	"github.com/dartkit/dartkit/findings/internal/shapes"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestShapeCounter(t *testing.T) {
	c := newShapeCounter()
	for i := range 10 {
		c.Add(&logparse.Record{Source: "a", Message: fmt.Sprintf("retry %d of 10", i), Pos: logparse.Position{File: "f", Line: i + 1}})
	}
	c.Add(&logparse.Record{Source: "b", Message: "once"})
	cv := c.coverage()
	require.Len(t, cv.Shapes, 2)
	assert.Equal(t, Shape{Shape: "a: retry # of #", Count: 10, Example: Evidence{File: "f", Line: 1, Text: "retry 0 of 10"}}, cv.Shapes[0])
	assert.Equal(t, 11, cv.Unmatched)

	c = newShapeCounter()
	for i := range shapes.MaxShapes + 5 {
		c.Add(&logparse.Record{Source: fmt.Sprintf("src%c%c", 'a'+i%26, 'a'+i/26%26) + fmt.Sprint(i/676)})
	}
	cv = c.coverage()
	assert.Len(t, cv.Shapes, topShapes+1)
	assert.Equal(t, Shape{Shape: "(other shapes, not tallied)", Count: 5}, cv.Shapes[topShapes])
}
